/**
 * `ChainedScheduler`: step several schedulers together, their effects multiplied.
 * @module
 */
import type { SchedulableOptimizer } from '../types.js';
import { checkChildren } from './children.js';
import { LRScheduler } from './scheduler.js';

/**
 * Steps every scheduler in turn on each `step()`, so that the chainable (recursive) ones compound:
 * e.g. a ConstantLR warmup factor on top of an ExponentialLR decay.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.ChainedScheduler([
 *   new optim.lr.ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new optim.lr.ExponentialLR(opt, { gamma: 0.9 }),
 * ]);
 * ```
 */
export class ChainedScheduler extends LRScheduler {
  /** The chained schedulers. */
  declare readonly schedulers: LRScheduler[];

  /**
   * @param schedulers - Schedulers built on the same optimizer (not ReduceLROnPlateau).
   * @param optimizer - Their optimizer. Default: that of `schedulers[0]`.
   * @throws TypeError or RangeError for bad schedulers.
   */
  constructor(schedulers: LRScheduler[], optimizer?: SchedulableOptimizer) {
    const op = 'ChainedScheduler';
    checkChildren(op, schedulers, optimizer);
    const opt = optimizer ?? schedulers[0].optimizer;
    checkChildren(op, schedulers, opt);
    super(opt, {}, {
      bare: true,
      setup: (self: ChainedScheduler) => {
        (self as { schedulers: LRScheduler[] }).schedulers = [...schedulers];
        self.lastEpoch = 0;
      },
    });
  }

  protected override getLr(): number[] {
    return this.currentLrs();
  }

  /** Steps every scheduler, in order. */
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastEpoch += 1;
    this.lastLr = this.currentLrs();
  }

  /** @internal */
  override _undoInitialStep(): void {
    for (const s of this.schedulers) s._undoInitialStep();
  }
}
