/**
 * Checks of the schedulers that SequentialLR and ChainedScheduler compose.
 * @module
 * @internal
 */
import { invalidArg, outOfRange } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { LRScheduler } from './scheduler.js';

/** Checks that `schedulers` is a non-empty array of composable schedulers on `optimizer`. */
export function checkChildren(op: string, schedulers: unknown,
  optimizer: SchedulableOptimizer | undefined): asserts schedulers is LRScheduler[] {
  if (!Array.isArray(schedulers)) invalidArg(op, 'schedulers', 'a non-empty array of schedulers', schedulers);
  if (schedulers.length === 0) outOfRange(op, 'schedulers', 'a non-empty array of schedulers', schedulers);
  schedulers.forEach((s, i) => {
    if (!(s instanceof LRScheduler)) invalidArg(op, `schedulers[${i}]`, 'an LRScheduler', s);
    if (s instanceof ReduceLROnPlateau) {
      invalidArg(op, `schedulers[${i}]`, 'a scheduler whose step() takes no metric (ReduceLROnPlateau cannot be composed)', s);
    }
    if (optimizer !== undefined && s.optimizer !== optimizer) {
      invalidArg(op, `schedulers[${i}]`, 'a scheduler built on the same optimizer', s);
    }
  });
}
