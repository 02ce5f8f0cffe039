/**
 * `PolynomialLR`: polynomial decay to zero over `totalIters` steps.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { pow } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link PolynomialLR}. */
export interface PolynomialLROptions extends LRSchedulerOptions {
  /** Steps over which the rate decays to 0 (a positive integer). Default 5. */
  totalIters?: number;
  /** Power of the polynomial (>= 0). Default 1 (linear decay). */
  power?: number;
}

/**
 * Decays each group's rate as `initialLr * (1 - step / totalIters) ** power`, reaching 0 at step
 * `totalIters` and staying there; computed recursively as PyTorch does.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.PolynomialLR(opt, { totalIters: 10_000, power: 0.9 });
 * ```
 */
export class PolynomialLR extends LRScheduler {
  /** Steps over which the rate decays to 0. */
  declare totalIters: number;
  /** Power of the polynomial. */
  declare power: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: PolynomialLROptions = {}) {
    const op = 'PolynomialLR';
    checkOptions(op, options, ['totalIters', 'power', 'lastEpoch']);
    const { totalIters = 5, power = 1.0, lastEpoch } = options ?? {};
    checkInt(op, 'totalIters', totalIters, 'a positive integer', (x) => x > 0);
    checkNumber(op, 'power', power, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
    super(optimizer, { lastEpoch }, {
      setup: (self: PolynomialLR) => {
        self.totalIters = totalIters;
        self.power = power;
      },
    });
  }

  protected override getLr(): number[] {
    if (this.isInitial || this.lastEpoch > this.totalIters) return this.currentLrs();
    const n = this.totalIters;
    const decay = pow((1.0 - this.lastEpoch / n) / (1.0 - (this.lastEpoch - 1) / n), this.power);
    return this.optimizer.paramGroups.map((g) => g.lr * decay);
  }

  protected override getClosedFormLr(): number[] {
    const n = this.totalIters;
    return this.baseLrs.map((lr) => lr * pow(1.0 - Math.min(n, this.lastEpoch) / n, this.power));
  }
}
