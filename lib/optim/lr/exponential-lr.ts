/**
 * `ExponentialLR`: decay by `gamma` every step.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkNumber } from '../../check.js';
import { pow } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions extends LRSchedulerOptions {
  /** Factor applied every step. */
  gamma: number;
}

/**
 * Multiplies each group's rate by `gamma` every step: `lr = initialLr * gamma ** step`, computed
 * recursively (`lr *= gamma`) as PyTorch does.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.ExponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Factor applied every step. */
  declare gamma: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: ExponentialLROptions) {
    const op = 'ExponentialLR';
    checkOptions(op, options, ['gamma', 'lastEpoch']);
    const { gamma, lastEpoch } = options ?? ({} as ExponentialLROptions);
    checkNumber(op, 'gamma', gamma, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    super(optimizer, { lastEpoch }, {
      setup: (self: ExponentialLR) => {
        self.gamma = gamma;
      },
    });
  }

  protected override getLr(): number[] {
    // When resuming (lastEpoch >= 0), the constructor's initial step must not decay once more.
    if (this.isInitial) return this.currentLrs();
    return this.optimizer.paramGroups.map((g) => g.lr * this.gamma);
  }

  protected override getClosedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * pow(this.gamma, this.lastEpoch));
  }
}
