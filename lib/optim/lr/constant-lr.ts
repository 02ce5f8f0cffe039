/**
 * `ConstantLR`: scale the rate by a constant factor for the first steps.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link ConstantLR}. */
export interface ConstantLROptions extends LRSchedulerOptions {
  /** Factor for the first `totalIters` steps, in (0, 1]. Default 1/3. */
  factor?: number;
  /** Steps scaled by `factor` (a positive integer). Default 5. */
  totalIters?: number;
}

/**
 * Multiplies each group's rate by `factor` for steps 0 to `totalIters - 1`, then restores it
 * (divides by `factor`, as PyTorch does, so other changes to the rate are kept).
 *
 * @example
 * ```ts
 * // lr = 0.025 for steps 0..3, then 0.05 (initial lr 0.05)
 * const sched = new optim.lr.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 * ```
 */
export class ConstantLR extends LRScheduler {
  /** Factor for the first `totalIters` steps. */
  declare factor: number;
  /** Steps scaled by `factor`. */
  declare totalIters: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: ConstantLROptions = {}) {
    const op = 'ConstantLR';
    checkOptions(op, options, ['factor', 'totalIters', 'lastEpoch']);
    const { factor = 1.0 / 3, totalIters = 5, lastEpoch } = options ?? {};
    checkNumber(op, 'factor', factor, 'a number in (0, 1]', (x) => x > 0 && x <= 1);
    checkInt(op, 'totalIters', totalIters, 'a positive integer', (x) => x > 0);
    super(optimizer, { lastEpoch }, {
      setup: (self: ConstantLR) => {
        self.factor = factor;
        self.totalIters = totalIters;
      },
    });
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.currentLrs();
    return groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override getClosedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + after * (1 - this.factor)));
  }
}
