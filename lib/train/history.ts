/**
 * What `fit` returns.
 * @module
 */
import type { EpochLog, StepLog } from './types.js';

/** Per-epoch and per-optimizer-step logs of a `fit`, and how it ended. */
export class History {
  readonly epochs: EpochLog[] = [];
  /** One entry per optimizer step (the last micro-batch of each window). */
  readonly steps: StepLog[] = [];
  /** Practitioner warnings emitted during the fit. */
  readonly warnings: string[] = [];
  skippedSteps = 0;
  stoppedEarly = false;
  stopReason: string | null = null;
  aborted = false;
  /** Wall time of the fit in seconds. */
  time = 0;

  /** The values of one epoch-log key, e.g. `history.get('valLoss')`. */
  get(key: string): number[] {
    return this.epochs.map((e) => e[key]).filter((v): v is number => typeof v === 'number');
  }
}
