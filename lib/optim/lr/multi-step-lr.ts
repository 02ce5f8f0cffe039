/**
 * `MultiStepLR`: decay by `gamma` at given steps.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { bisectRight } from './bisect.js';
import { checkNumber } from '../../check.js';
import { pow } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Steps at which to decay (non-negative integers). A step listed n times decays by `gamma ** n`. */
  milestones: number[];
  /** Factor applied at each milestone. Default 0.1. */
  gamma?: number;
}

/**
 * Multiplies each group's rate by `gamma` when the step count reaches one of the `milestones`.
 *
 * @example
 * ```ts
 * // lr = 0.05 for steps 0..29, 0.005 for 30..79, 0.0005 from 80
 * const sched = new optim.lr.MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  declare milestones: number[];
  /** Factor applied at each milestone. */
  declare gamma: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: MultiStepLROptions) {
    const op = 'MultiStepLR';
    checkOptions(op, options, ['milestones', 'gamma', 'lastEpoch']);
    const { milestones, gamma = 0.1, lastEpoch } = options ?? ({} as MultiStepLROptions);
    if (!Array.isArray(milestones) || !milestones.every((m) => isInt(m) && m >= 0)) {
      invalidArg(op, 'milestones', 'an array of non-negative integers', milestones);
    }
    checkNumber(op, 'gamma', gamma, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    const sorted = [...milestones].sort((a, b) => a - b);
    super(optimizer, { lastEpoch }, {
      setup: (self: MultiStepLR) => {
        self.milestones = sorted;
        self.gamma = gamma;
      },
    });
  }

  protected override getLr(): number[] {
    const n = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (n === 0) return this.currentLrs();
    return this.optimizer.paramGroups.map((g) => g.lr * pow(this.gamma, n));
  }

  protected override getClosedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * pow(this.gamma, bisectRight(this.milestones, this.lastEpoch)));
  }
}
