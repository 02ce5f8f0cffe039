/**
 * Samplers, as torch.utils.data's: which dataset indices an epoch visits, in which order. Each draws
 * from libtorch's generator exactly as PyTorch's `__iter__` does; the generator of epoch `e` is seeded
 * with `seed + e` (PyTorch's samplers would continue one generator's stream instead), so an epoch's
 * indices depend on the seed and the epoch alone, as the DataLoader's shuffling does, and a resumed run
 * sees the same order. The same seed gives PyTorch's indices for `torch.Generator().manual_seed(seed + e)`.
 * @module
 */
import { checkBool } from '../check.js';
import { allItems, checkOptions, invalidArg, isInt } from '../errors.js';
import { native } from '../native.js';
import { type Tensor, wrap } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';

/** What a DataLoader's `sampler` gives: the indices an epoch visits, in order. */
export interface Sampler {
  /** How many indices each epoch gives. */
  readonly length: number;
  /** The indices epoch `epoch` visits. */
  indices(epoch: number): number[];
}

/** @internal The length of a dataset given as itself or as its length; `name` is the argument's. */
export function lengthOf(op: string, source: unknown, name = 'dataSource'): number {
  const n = typeof source === 'number' ? source : (source as { length?: unknown } | null)?.length;
  if (!isInt(n) || (n as number) < 0) invalidArg(op, name, 'a dataset with a length, or a non-negative integer', source);
  return n as number;
}

/** @internal A sampler's seed: a non-negative integer, 0 when not given. */
export function checkSeed(op: string, seed: unknown): number {
  if (seed === undefined) return 0;
  if (!isInt(seed) || (seed as number) < 0) invalidArg(op, 'seed', 'a non-negative integer', seed);
  return seed as number;
}

/** @internal An epoch number. */
export function checkEpoch(op: string, epoch: unknown): number {
  if (!isInt(epoch) || (epoch as number) < 0) invalidArg(op, 'epoch', 'a non-negative integer', epoch);
  return epoch as number;
}

/** @internal Reads an int64 tensor of indices from the addon into numbers and releases it. */
export function take(handle: number): number[] {
  const t: Tensor = wrap(handle);
  const out = Array.from(t.data() as BigInt64Array, Number);
  t.dispose();
  return out;
}

/** Every index in order, as `torch.utils.data.SequentialSampler`. */
export class SequentialSampler implements Sampler {
  /** How many indices an epoch gives: the dataset's length. */
  readonly length: number;

  constructor(dataSource: number | { length: number }) {
    this.length = lengthOf('SequentialSampler', dataSource);
  }

  /** `0, 1, ..., length - 1`, whatever the epoch. */
  indices(_epoch = 0): number[] {
    return Array.from({ length: this.length }, (_, i) => i);
  }
}

/**
 * Random indices, as `torch.utils.data.RandomSampler`: a permutation of the dataset (repeated when
 * `numSamples` is larger), or `numSamples` indices drawn with replacement.
 */
export class RandomSampler implements Sampler {
  /** The dataset's length. */
  readonly datasetLength: number;
  /** How many indices an epoch gives (default the dataset's length). */
  readonly length: number;
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** Epoch `e` draws from a generator seeded with `seed + e`. */
  readonly seed: number;

  constructor(dataSource: number | { length: number }, options: { replacement?: boolean; numSamples?: number; seed?: number } = {}) {
    const op = 'RandomSampler';
    this.datasetLength = lengthOf(op, dataSource);
    checkOptions(op, options, ['replacement', 'numSamples', 'seed']);
    this.replacement = options.replacement === undefined ? false : checkBool(op, 'replacement', options.replacement);
    if (this.datasetLength === 0) invalidArg(op, 'dataSource', 'a non-empty dataset', dataSource);
    const n = options.numSamples ?? this.datasetLength;
    if (!isInt(n) || n < 1) invalidArg(op, 'numSamples', 'a positive integer', options.numSamples);
    this.length = n;
    this.seed = checkSeed(op, options.seed);
  }

  /** The indices epoch `epoch` visits. */
  indices(epoch = 0): number[] {
    checkEpoch('RandomSampler.indices', epoch);
    return take(native.randomSamplerIndices(this.datasetLength, this.length, this.replacement, this.seed + epoch));
  }
}

/** The given indices in a random order each epoch, as `torch.utils.data.SubsetRandomSampler`. */
export class SubsetRandomSampler implements Sampler {
  /** The indices it permutes. */
  readonly subset: readonly number[];
  /** Epoch `e` draws from a generator seeded with `seed + e`. */
  readonly seed: number;

  constructor(indices: readonly number[], options: { seed?: number } = {}) {
    const op = 'SubsetRandomSampler';
    if (!Array.isArray(indices) || !allItems(indices, (i) => isInt(i) && (i as number) >= 0)) {
      invalidArg(op, 'indices', 'an array of non-negative integers', indices);
    }
    checkOptions(op, options, ['seed']);
    this.subset = [...indices];
    this.seed = checkSeed(op, options.seed);
  }

  /** How many indices an epoch gives. */
  get length(): number {
    return this.subset.length;
  }

  /** The subset in epoch `epoch`'s order. */
  indices(epoch = 0): number[] {
    checkEpoch('SubsetRandomSampler.indices', epoch);
    return take(native.randpermSeeded(this.subset.length, this.seed + epoch)).map((i) => this.subset[i]);
  }
}

/**
 * Indices drawn with probabilities proportional to `weights`, as `torch.utils.data.WeightedRandomSampler`:
 * the remedy for class imbalance besides weighting the loss (weight each sample by the inverse of its
 * class's frequency).
 */
export class WeightedRandomSampler implements Sampler {
  /** The weights, one per dataset index. */
  readonly weights: readonly number[];
  /** How many indices an epoch gives. */
  readonly length: number;
  /** Whether an index may be drawn more than once in an epoch. */
  readonly replacement: boolean;
  /** Epoch `e` draws from a generator seeded with `seed + e`. */
  readonly seed: number;

  constructor(weights: readonly number[], numSamples: number, options: { replacement?: boolean; seed?: number } = {}) {
    const op = 'WeightedRandomSampler';
    if (!Array.isArray(weights) || weights.length === 0 || !allItems(weights, (w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      invalidArg(op, 'weights', 'a non-empty array of non-negative finite numbers', weights);
    }
    if (!isInt(numSamples) || numSamples < 1) invalidArg(op, 'numSamples', 'a positive integer', numSamples);
    checkOptions(op, options, ['replacement', 'seed']);
    this.replacement = options.replacement === undefined ? true : checkBool(op, 'replacement', options.replacement);
    if (!this.replacement && numSamples > weights.filter((w) => w > 0).length) {
      invalidArg(op, 'numSamples', `at most ${weights.filter((w) => w > 0).length} (the indices with a weight above 0) without replacement`,
        numSamples);
    }
    this.weights = [...weights];
    this.length = numSamples;
    this.seed = checkSeed(op, options.seed);
  }

  /** The indices epoch `epoch` draws. */
  indices(epoch = 0): number[] {
    checkEpoch('WeightedRandomSampler.indices', epoch);
    const w = tensor(this.weights as number[], { dtype: 'float64' });
    try {
      return take(native.weightedSamplerIndices(w._h, this.length, this.replacement, this.seed + epoch));
    } finally {
      w.dispose();
    }
  }
}

/** What a DataLoader's `batchSampler` gives: each epoch's batches, as lists of dataset indices. */
export interface BatchSamplerLike {
  /** How many batches each epoch gives. */
  readonly length: number;
  /** The batches of epoch `epoch`. */
  batches(epoch: number): number[][];
}

/**
 * Groups a sampler's indices into batches, as `torch.utils.data.BatchSampler`: consecutive runs of
 * `batchSize` indices, the last one shorter unless `dropLast`. Pass it as a DataLoader's
 * `batchSampler` (instead of `batchSize`, `shuffle`, `sampler` and `dropLast`), or write your own
 * `{ length, batches(epoch) }` to make batches of similar lengths, say.
 */
export class BatchSampler implements BatchSamplerLike {
  /** The sampler whose indices are grouped. */
  readonly sampler: Sampler;
  /** Indices per batch. */
  readonly batchSize: number;
  /** Whether a last, shorter batch is dropped. */
  readonly dropLast: boolean;

  constructor(sampler: Sampler, batchSize: number, dropLast = false) {
    const op = 'BatchSampler';
    if (sampler === null || typeof sampler !== 'object' || typeof sampler.indices !== 'function' || !isInt(sampler.length)) {
      invalidArg(op, 'sampler', 'a sampler (an integer length and indices(epoch))', sampler);
    }
    if (!isInt(batchSize) || batchSize < 1) invalidArg(op, 'batchSize', 'a positive integer', batchSize);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = checkBool(op, 'dropLast', dropLast);
  }

  /** How many batches an epoch gives. */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The batches of epoch `epoch`. */
  batches(epoch = 0): number[][] {
    const order = this.sampler.indices(checkEpoch('BatchSampler.batches', epoch));
    const out: number[][] = [];
    for (let k = 0; k < this.length; k++) out.push(order.slice(k * this.batchSize, (k + 1) * this.batchSize));
    return out;
  }
}
