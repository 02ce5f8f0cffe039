/**
 * What `fit` returns.
 * @module
 */
import type { EpochLog, StepLog } from './types.js';

/** Per-epoch and per-optimizer-step logs of a `fit`, and how it ended. */
export class History {
  /** One log per completed epoch: `epoch`, `trainLoss`, `lr`, `time`, and `val*` (or `trainEval*`) values when evaluating. */
  readonly epochs: EpochLog[] = [];
  /** One entry per optimizer step (the last micro-batch of each window). */
  readonly steps: StepLog[] = [];
  /** Practitioner warnings emitted during the fit. */
  readonly warnings: string[] = [];
  /** Optimizer steps skipped: the GradScaler found inf/NaN gradients, or a non-finite loss with `nonFiniteLoss: 'skip'`. */
  skippedSteps = 0;
  /** Whether `trainer.stop()` ended the fit (e.g. {@link EarlyStopping}). */
  stoppedEarly = false;
  /** The reason passed to `trainer.stop()`, or null. */
  stopReason: string | null = null;
  /** Whether the fit's AbortSignal ended it; the interrupted epoch then has no entry in {@link epochs}. */
  aborted = false;
  /** Wall time of the fit in seconds. */
  time = 0;

  /** The values of one epoch-log key, e.g. `history.get('valLoss')`. */
  get(key: string): number[] {
    return this.epochs.map((e) => e[key]).filter((v): v is number => typeof v === 'number');
  }
}
