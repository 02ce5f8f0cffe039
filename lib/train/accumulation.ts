/**
 * Gradient accumulation windows: which micro-batches of an epoch share one optimizer step, and what
 * each one's loss is divided by. The Trainer asks; this file holds the decisions and nothing else.
 * @module
 */

/**
 * The accumulation window of one epoch. The Trainer calls {@link startBatch} before each micro-batch
 * and {@link endBatch} after it; in between, {@link endsWindow} and {@link lossDivisor} say what to do
 * with it. Windows follow one another from the epoch's first trained batch (after a resume, the
 * batch after the last optimizer step, which is where a window ended).
 *
 * The divisor is the number of micro-batches the window really has, so the accumulated gradient is
 * the mean over the window's batches. The last window of an epoch may be shorter than
 * `accumulate` (10 batches with accumulate 4: windows of 4, 4 and 2), and then its losses are divided
 * by its own size (2), not by `accumulate`: its step has the scale of every other step. Lightning
 * divides by `accumulate_grad_batches` always, which makes such a last step smaller (here by half).
 * Keep this exact normalisation: test/train/trainer.test.ts checks the weights against one big
 * batch per window, the partial last one included.
 *
 * With a loader of unknown length the window's size cannot be known ahead, so every window is
 * `accumulate` long and divides by it.
 */
export class AccumulationWindow {
  readonly #accumulate: number;
  readonly #batchesPerEpoch: number | null;
  /** Micro-batches of the open window already trained; 0 when no window is open. */
  #trained = 0;
  /** Micro-batches the open window has in all. */
  #size: number;
  #skipped = false;

  /**
   * @param accumulate - Micro-batches per optimizer step (the Trainer's `accumulateGradBatches`).
   * @param batchesPerEpoch - The loader's length, or null when it does not know it.
   */
  constructor(accumulate: number, batchesPerEpoch: number | null) {
    this.#accumulate = accumulate;
    this.#batchesPerEpoch = batchesPerEpoch;
    this.#size = accumulate;
  }

  /** Before the micro-batch at `index` (0-based, in the epoch): opens a window when none is open. */
  startBatch(index: number): void {
    if (this.#trained !== 0) return;
    // Sized by what is left of the epoch, so the last window divides by its real size (see the class).
    this.#size = this.#batchesPerEpoch === null ? this.#accumulate : Math.min(this.#accumulate, this.#batchesPerEpoch - index);
    this.#skipped = false;
  }

  /** Whether the current micro-batch is its window's last: the optimizer steps after its backward. */
  get endsWindow(): boolean {
    return this.#trained + 1 === this.#size;
  }

  /** What the current micro-batch's loss is divided by before backward: its window's size (1: no division). */
  get lossDivisor(): number {
    return this.#size;
  }

  /** Marks the open window as skipped (a non-finite loss with `nonFiniteLoss: 'skip'`): it ends without a step. */
  skip(): void {
    this.#skipped = true;
  }

  /** Whether a micro-batch of the open window was skipped, so the window must end without a step. */
  get skipped(): boolean {
    return this.#skipped;
  }

  /** After the current micro-batch: closes the window when it was the last. */
  endBatch(): void {
    this.#trained = this.endsWindow ? 0 : this.#trained + 1;
  }

  /**
   * Whether no window is open: every micro-batch trained so far is covered by an optimizer step (or a
   * skipped one), so training may stop here without leaving gradients behind.
   */
  get closed(): boolean {
    return this.#trained === 0;
  }
}
