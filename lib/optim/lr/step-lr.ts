/**
 * `StepLR`: decay by `gamma` every `stepSize` steps.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { pow } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link StepLR}. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Period of the decay, in steps (a positive integer). */
  stepSize: number;
  /** Factor applied every `stepSize` steps. Default 0.1. */
  gamma?: number;
}

/**
 * Multiplies each group's rate by `gamma` every `stepSize` steps:
 * `lr = initialLr * gamma ** floor(step / stepSize)`, computed recursively as PyTorch does, so that
 * other changes to the rate in between are kept.
 *
 * @example
 * ```ts
 * // lr = 0.05 for steps 0..29, 0.005 for 30..59, 0.0005 for 60..89, ...
 * const sched = new optim.lr.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * ```
 */
export class StepLR extends LRScheduler {
  /** Period of the decay, in steps. */
  declare stepSize: number;
  /** Factor applied every `stepSize` steps. */
  declare gamma: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: StepLROptions) {
    const op = 'StepLR';
    checkOptions(op, options, ['stepSize', 'gamma', 'lastEpoch']);
    const { stepSize, gamma = 0.1, lastEpoch } = options ?? ({} as StepLROptions);
    checkInt(op, 'stepSize', stepSize, 'a positive integer', (x) => x > 0);
    checkNumber(op, 'gamma', gamma, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    super(optimizer, { lastEpoch }, {
      setup: (self: StepLR) => {
        self.stepSize = stepSize;
        self.gamma = gamma;
      },
    });
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.optimizer.paramGroups.map((g) => g.lr * this.gamma);
  }

  protected override getClosedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * pow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }
}
