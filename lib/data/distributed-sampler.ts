/**
 * DistributedSampler: each rank's share of a dataset, as `torch.utils.data.DistributedSampler`
 * gives it, index for index (the shuffle is libtorch's `randperm` under a generator seeded with
 * `seed + epoch`, as in PyTorch).
 * @module
 */
import { checkBool } from '../check.js';
import { checkOptions, invalidArg, isInt } from '../errors.js';
import { defaultGroup } from '../distributed/group.js';
import { native } from '../native.js';
import { type Sampler, checkEpoch, checkSeed, lengthOf, take } from './samplers.js';

/** Options of {@link DistributedSampler}. */
export interface DistributedSamplerOptions {
  /** How many ranks share the dataset. Default: the world size of the default process group. */
  numReplicas?: number;
  /** This rank. Default: the rank in the default process group. */
  rank?: number;
  /** Shuffle each epoch. Default true. */
  shuffle?: boolean;
  /** Shuffling seed; it must be the same on every rank. Default 0. */
  seed?: number;
  /**
   * Drop the tail that does not divide evenly among the ranks. Default false: the indices are padded
   * by repeating the first ones, so every rank gets the same number.
   */
  dropLast?: boolean;
}

/**
 * Splits a dataset of `datasetLength` items (or a dataset with a `length`) among `numReplicas`
 * ranks: rank `r` visits indices `r, r + numReplicas, ...` of the epoch's (shuffled) order. Pass it
 * as a DataLoader's `sampler`; the loader asks it for each epoch's indices, so no `setEpoch` call is
 * needed there (the method exists for code that iterates the sampler itself).
 *
 * @example
 * ```ts
 * const sampler = new data.DistributedSampler(dataset);            // after initProcessGroup
 * const loader = new data.DataLoader(dataset, { batchSize: 64, sampler });
 * ```
 */
export class DistributedSampler implements Sampler, Iterable<number> {
  /** How many ranks share the dataset. */
  readonly numReplicas: number;
  /** This rank. */
  readonly rank: number;
  /** Whether each epoch is shuffled. */
  readonly shuffle: boolean;
  /** The shuffling seed (the epoch is added to it). */
  readonly seed: number;
  /** Whether the tail that does not divide evenly is dropped (rather than padded). */
  readonly dropLast: boolean;
  /** The dataset's length. */
  readonly datasetLength: number;
  /** How many indices this rank visits per epoch. */
  readonly length: number;
  /** Indices of all ranks together per epoch (`length * numReplicas`). */
  readonly totalSize: number;
  #epoch = 0;

  /** @throws TypeError/RangeError for bad options, naming them; TorchError when a default needs a process group and there is none. */
  constructor(dataset: number | { length: number }, options: DistributedSamplerOptions = {}) {
    const op = 'DistributedSampler';
    const n = lengthOf(op, dataset, 'dataset');
    checkOptions(op, options, ['numReplicas', 'rank', 'shuffle', 'seed', 'dropLast']);
    const numReplicas = options.numReplicas ?? defaultGroup(op).size;
    if (!isInt(numReplicas) || numReplicas < 1) invalidArg(op, 'numReplicas', 'a positive integer', numReplicas);
    const rank = options.rank ?? defaultGroup(op).rank;
    if (!isInt(rank) || rank < 0 || rank >= numReplicas) invalidArg(op, 'rank', `an integer in [0, ${numReplicas - 1}]`, rank);
    const seed = checkSeed(op, options.seed);
    this.shuffle = options.shuffle === undefined ? true : checkBool(op, 'shuffle', options.shuffle);
    this.dropLast = options.dropLast === undefined ? false : checkBool(op, 'dropLast', options.dropLast);
    this.datasetLength = n;
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.seed = seed;
    this.length = this.dropLast && this.datasetLength % numReplicas !== 0
      ? Math.ceil((this.datasetLength - numReplicas) / numReplicas)
      : Math.ceil(this.datasetLength / numReplicas);
    this.totalSize = this.length * numReplicas;
  }

  /** Sets the epoch that {@link indices} without an argument and iteration use (PyTorch's `set_epoch`). */
  setEpoch(epoch: number): void {
    this.#epoch = checkEpoch('DistributedSampler.setEpoch', epoch);
  }

  /** This rank's indices for `epoch` (default: the one set by {@link setEpoch}). */
  indices(epoch = this.#epoch): number[] {
    checkEpoch('DistributedSampler.indices', epoch);
    const n = this.datasetLength;
    let order = this.shuffle ? take(native.randpermSeeded(n, this.seed + epoch)) : Array.from({ length: n }, (_, i) => i);
    if (this.dropLast) {
      order = order.slice(0, this.totalSize);
    } else if (order.length > 0) {
      while (order.length < this.totalSize) order = order.concat(order.slice(0, this.totalSize - order.length));
    }
    const mine: number[] = [];
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) mine.push(order[i]);
    return mine;
  }

  /** Iterates over {@link indices} of the epoch set by {@link setEpoch}. */
  [Symbol.iterator](): Iterator<number> {
    return this.indices()[Symbol.iterator]();
  }
}
