/**
 * Shapes shared by the Trainer, its callbacks and its tools.
 * @module
 */
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';

/** A batch: `[input, target]` (as a TensorDataset's loader yields), or `{ input, target }` (also `{ x, y }`). */
export type Batch = readonly Tensor[] | { input: Tensor; target: Tensor } | { x: Tensor; y: Tensor };

/**
 * What the Trainer iterates: a `data.DataLoader`, any (async) iterable of batches, or an array of
 * batches. `length` (batches per epoch), `batchSize`, `dataset.length` and `setEpoch(e)` are used
 * when present (progress, practitioner warnings, reproducible order on resume).
 *
 * Batches from an iterable are owned by the Trainer, which releases them after use; batches in an
 * array belong to the caller and are left alone.
 */
export type Loader = (AsyncIterable<Batch> | Iterable<Batch>) & {
  length?: number;
  batchSize?: number;
  dataset?: unknown;
  setEpoch?(epoch: number): void;
};

/** Logs of one micro-batch. */
export interface StepLog {
  /** Optimizer steps taken so far (after this batch). */
  step: number;
  epoch: number;
  /** Index of the batch in its epoch. */
  batch: number;
  /** The micro-batch's loss (before the division by the window size). */
  loss: number;
  /** Whether an optimizer step ended on this batch. */
  optimizerStep: boolean;
  /** Whether that step was skipped (GradScaler found inf/NaN, or a non-finite loss with `nonFiniteLoss: 'skip'`). */
  skipped: boolean;
  lr: number;
  /** The GradScaler's scale, in '16-mixed'. */
  scale?: number;
}

/** Logs of one epoch: `trainLoss`, `valLoss`, metrics (`valAccuracy`, ...), `lr`, `time`, `epoch`. */
export type EpochLog = { epoch: number } & Record<string, number>;

/** What a callback may ask of the Trainer. */
export interface TrainerLike {
  readonly optimizer: Optimizer<object>;
  /** Batches per epoch of the current fit, when the loader knows it. */
  readonly batchesPerEpoch: number | null;
  /** Ends `fit` after the current step. */
  stop(reason?: string): void;
  /** Writes a resumable checkpoint of the current state. */
  saveCheckpoint(path: string): void;
}
