/**
 * Shapes shared by the Trainer, its callbacks and its tools.
 * @module
 */
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';

/** A batch: `[input, target]` (as a TensorDataset's loader yields), or `{ input, target }` (also `{ x, y }`). */
export type Batch = readonly Tensor[] | {
  /** The model's input, e.g. images `[N, C, H, W]`. */
  input: Tensor;
  /** The target passed to the loss, e.g. class indices `[N]`. */
  target: Tensor;
} | {
  /** The model's input (same as `input`). */
  x: Tensor;
  /** The target passed to the loss (same as `target`). */
  y: Tensor;
};

/**
 * What the Trainer iterates: a `data.DataLoader`, any (async) iterable of batches, or an array of
 * batches. `length` (batches per epoch), `batchSize`, `dataset.length` and `setEpoch(e)` are used
 * when present (progress, practitioner warnings, reproducible order on resume).
 *
 * Batches from an iterable are owned by the Trainer, which releases them after use; batches in an
 * array belong to the caller and are left alone.
 */
export type Loader = (AsyncIterable<Batch> | Iterable<Batch>) & LoaderInfo;

/** What the Trainer reads of a loader besides its batches, when present. */
export interface LoaderInfo {
  /** Batches per epoch, for progress and for sizing the last accumulation window of an epoch. */
  length?: number;
  /** Samples per batch, for the practitioner warnings (effective batch size, learning-rate scaling). */
  batchSize?: number;
  /** The dataset; its `length` (number of samples) is compared with the effective batch size. */
  dataset?: unknown;
  /** Called with the (1-based) epoch number before each epoch, so a DataLoader reshuffles reproducibly. */
  setEpoch?(epoch: number): void;
}

/**
 * What `Trainer.predict` iterates: batches as for {@link Loader}, or input tensors alone (a
 * `[input]` batch of a one-tensor TensorDataset, or a bare Tensor). One element type rather than a
 * union of iterables, so that `predict(new data.DataLoader(...))` infers the DataLoader's batch type.
 */
export type PredictLoader = (AsyncIterable<Batch | Tensor> | Iterable<Batch | Tensor>) & LoaderInfo;

/**
 * What `Trainer.predict` returns: the model's outputs concatenated over batches along dimension 0,
 * in the shape `forward` returns them: a Tensor, or arrays and plain objects of Tensors (as
 * `{ logits, embedding }`), as PyTorch Lightning's predict returns whatever forward returns.
 */
export type Prediction = Tensor | readonly Prediction[] | { readonly [key: string]: Prediction };

/** Logs of one micro-batch. */
export interface StepLog {
  /** Optimizer steps taken so far (after this batch). */
  step: number;
  /** The epoch the batch belongs to (1-based). */
  epoch: number;
  /** Index of the batch in its epoch. */
  batch: number;
  /** The micro-batch's loss (before the division by the window size). */
  loss: number;
  /** Whether an optimizer step ended on this batch. */
  optimizerStep: boolean;
  /** Whether that step was skipped (GradScaler found inf/NaN, or a non-finite loss with `nonFiniteLoss: 'skip'`). */
  skipped: boolean;
  /** The learning rate of the first param group after this batch (after any per-step scheduler step). */
  lr: number;
  /** The GradScaler's scale, in '16-mixed'. */
  scale?: number;
}

/** Logs of one epoch: `trainLoss`, `valLoss`, metrics (`valAccuracy`, ...), `lr`, `time`, `epoch`. */
export type EpochLog = {
  /** The epoch number (1-based). */
  epoch: number;
} & Record<string, number>;

/** What a callback may ask of the Trainer. */
export interface TrainerLike {
  /** The optimizer being stepped (its `paramGroups` hold the current learning rates). */
  readonly optimizer: Optimizer<object>;
  /** Batches per epoch of the current fit, when the loader knows it. */
  readonly batchesPerEpoch: number | null;
  /** Ends `fit` after the current step. */
  stop(reason?: string): void;
  /** Writes a resumable checkpoint of the current state (a no-op on ranks other than 0 of a DDP job). */
  saveCheckpoint(path: string): void;
  /** False on the ranks other than 0 of a `strategy: 'ddp'` job, which write no files. */
  readonly isGlobalZero?: boolean;
}
