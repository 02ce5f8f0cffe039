/**
 * `warmup`: a linear warmup in front of any scheduler.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { checkOptimizer } from './checks.js';
import { checkChildren } from './children.js';
import { LinearLR } from './linear-lr.js';
import type { LRScheduler } from './scheduler.js';
import { SequentialLR } from './sequential-lr.js';

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** Steps of warmup (a positive integer): the rate reaches its initial value at this step. */
  steps: number;
  /** Fraction of the initial rate at step 0, in (0, 1]. Default 0.1. */
  startFactor?: number;
  /**
   * The schedule that takes over after the warmup, built on the same optimizer beforehand. It
   * starts from its own step 0 when the warmup ends, so size it for the remaining steps (e.g. a
   * CosineAnnealingLR with `TMax = totalSteps - steps`). Not ReduceLROnPlateau: step that one
   * yourself after the warmup.
   */
  after?: LRScheduler;
}

/**
 * A linear warmup from `startFactor × initialLr` to `initialLr` over `steps` steps, then `after`.
 * Large batches and high rates train unstably at first; a few epochs of warmup fix that (Goyal et al.,
 * 2017; see {@link linearScaling}). Returns PyTorch's usual composition: a `LinearLR`, or a
 * `SequentialLR` of that `LinearLR` and `after` with the milestone at `steps`.
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.4, momentum: 0.9 });
 * const cosine = new optim.lr.CosineAnnealingLR(opt, { TMax: totalSteps - 2500 });
 * const sched = optim.lr.warmup(opt, { steps: 2500, after: cosine });
 * for (const batch of loader) { train(batch); opt.step(); sched.step(); }
 * ```
 * @throws TypeError or RangeError naming a bad option.
 */
export function warmup(optimizer: SchedulableOptimizer, options: WarmupOptions): LRScheduler {
  const op = 'warmup';
  checkOptions(op, options, ['steps', 'startFactor', 'after']);
  const { steps, startFactor = 0.1, after } = options ?? ({} as WarmupOptions);
  checkOptimizer(op, optimizer);
  checkInt(op, 'steps', steps, 'a positive integer', (x) => x > 0);
  checkNumber(op, 'startFactor', startFactor, 'a number in (0, 1]', (x) => x > 0 && x <= 1);
  if (after !== undefined) {
    try {
      checkChildren(op, [after], optimizer);
    } catch (e) {
      // Reword `schedulers[0]` as `after`.
      if (e instanceof Error) e.message = e.message.replace('schedulers[0]', 'after');
      throw e;
    }
  }
  const linear = new LinearLR(optimizer, { startFactor, endFactor: 1.0, totalIters: steps });
  if (after === undefined) return linear;
  return new SequentialLR(optimizer, { schedulers: [linear, after], milestones: [steps] });
}
