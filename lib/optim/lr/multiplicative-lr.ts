/**
 * `MultiplicativeLR`: multiply the rate by a function of the step, every step.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { callLambda, type LambdaLROptions, lambdasPerGroup, type LrLambda } from './lambda-lr.js';
import { LRScheduler } from './scheduler.js';

/** Options of {@link MultiplicativeLR}. */
export type MultiplicativeLROptions = LambdaLROptions;

/**
 * Multiplies each group's rate by `lrLambda(step)` at every step (from step 1).
 *
 * Its state dict stores each function as null (as PyTorch does for plain functions); loading a state
 * keeps the scheduler's own functions.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 * ```
 */
export class MultiplicativeLR extends LRScheduler {
  /** One function per param group. */
  declare lrLambdas: LrLambda[];

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: MultiplicativeLROptions) {
    const op = 'MultiplicativeLR';
    checkOptions(op, options, ['lrLambda', 'lastEpoch']);
    const { lrLambda, lastEpoch } = options ?? ({} as MultiplicativeLROptions);
    const lambdas = lambdasPerGroup(op, optimizer, lrLambda);
    super(optimizer, { lastEpoch }, {
      setup: (self: MultiplicativeLR) => {
        self.lrLambdas = lambdas;
      },
    });
  }

  protected override getLr(): number[] {
    if (this.isInitial) return this.currentLrs();
    return this.optimizer.paramGroups.map((g, i) => g.lr * callLambda('MultiplicativeLR', this.lrLambdas[i], this.lastEpoch));
  }
}
