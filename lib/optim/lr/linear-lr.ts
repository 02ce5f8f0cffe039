/**
 * `LinearLR`: scale the rate by a factor that moves linearly from `startFactor` to `endFactor`.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link LinearLR}. */
export interface LinearLROptions extends LRSchedulerOptions {
  /** Factor at step 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor from step `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Steps over which the factor moves (a positive integer). Default 5. */
  totalIters?: number;
}

/**
 * Scales each group's rate by a factor that moves linearly from `startFactor` (step 0) to
 * `endFactor` (step `totalIters` and after), computed recursively as PyTorch does. With the
 * default `endFactor` 1 this is a linear warmup; see also {@link warmup}.
 *
 * @example
 * ```ts
 * // lr = 0.025, 0.03125, 0.0375, 0.04375, then 0.05 from step 4 (initial lr 0.05)
 * const sched = new optim.lr.LinearLR(opt, { startFactor: 0.5, totalIters: 4 });
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at step 0. */
  declare startFactor: number;
  /** Factor from step `totalIters` on. */
  declare endFactor: number;
  /** Steps over which the factor moves. */
  declare totalIters: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: LinearLROptions = {}) {
    const op = 'LinearLR';
    checkOptions(op, options, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch']);
    const { startFactor = 1.0 / 3, endFactor = 1.0, totalIters = 5, lastEpoch } = options ?? {};
    checkNumber(op, 'startFactor', startFactor, 'a number in (0, 1]', (x) => x > 0 && x <= 1);
    checkNumber(op, 'endFactor', endFactor, 'a number in [0, 1]', (x) => x >= 0 && x <= 1);
    checkInt(op, 'totalIters', totalIters, 'a positive integer', (x) => x > 0);
    super(optimizer, { lastEpoch }, {
      setup: (self: LinearLR) => {
        self.startFactor = startFactor;
        self.endFactor = endFactor;
        self.totalIters = totalIters;
      },
    });
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.startFactor);
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.currentLrs();
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return groups.map((g) => g.lr * (1.0 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }

  protected override getClosedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((lr) => lr * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
