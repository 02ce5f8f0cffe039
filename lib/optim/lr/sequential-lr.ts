/**
 * `SequentialLR`: run schedulers one after another, switching at milestones.
 * @module
 */
import { TorchError, checkOptions, invalidArg, isInt, outOfRange } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { bisectRight } from './bisect.js';
import { checkChildren } from './children.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link SequentialLR}. */
export interface SequentialLROptions extends LRSchedulerOptions {
  /** The schedulers, in order, all built on the same optimizer (not ReduceLROnPlateau). */
  schedulers: LRScheduler[];
  /** The steps at which each next scheduler takes over: one fewer than the schedulers, increasing. */
  milestones: number[];
}

/**
 * Runs `schedulers[0]` until step `milestones[0]`, then `schedulers[1]` from its own start, and so on.
 * At construction it resets the rates to `initialLr` and undoes the initial steps the schedulers took
 * when they were built, as PyTorch does.
 *
 * @example
 * ```ts
 * // lr = 0.005 for steps 0..19, then 0.05 * 0.9 ** (step - 20)
 * const sched = new optim.lr.SequentialLR(opt, {
 *   schedulers: [new optim.lr.ConstantLR(opt, { factor: 0.1, totalIters: 20 }), new optim.lr.ExponentialLR(opt, { gamma: 0.9 })],
 *   milestones: [20],
 * });
 * ```
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers, in order. */
  declare readonly schedulers: LRScheduler[];
  /** The steps at which each next scheduler takes over. */
  declare milestones: number[];

  /**
   * @throws TypeError or RangeError naming a bad option; TorchError (ERR_STATE) when a param group
   *   has no `initialLr`.
   */
  constructor(optimizer: SchedulableOptimizer, options: SequentialLROptions) {
    const op = 'SequentialLR';
    checkOptions(op, options, ['schedulers', 'milestones', 'lastEpoch']);
    const { schedulers, milestones, lastEpoch = -1 } = options ?? ({} as SequentialLROptions);
    checkChildren(op, schedulers, optimizer);
    const expected = `an increasing array of positive integers, one fewer than the schedulers (${schedulers.length - 1})`;
    if (!Array.isArray(milestones)) invalidArg(op, 'milestones', expected, milestones);
    if (milestones.length !== schedulers.length - 1 ||
      !milestones.every((m, i) => isInt(m) && m > 0 && (i === 0 || m > milestones[i - 1]))) {
      outOfRange(op, 'milestones', expected, milestones);
    }
    super(optimizer, { lastEpoch }, {
      bare: true,
      setup: (self: SequentialLR) => {
        (self as { schedulers: LRScheduler[] }).schedulers = [...schedulers];
        self.milestones = [...milestones];
        self.lastEpoch = lastEpoch + 1;
      },
    });
    this.optimizer.paramGroups.forEach((g, i) => {
      if (typeof g.initialLr !== 'number') {
        throw new TorchError(`${op}(): param group ${i} has no initialLr; build the schedulers on this optimizer first`, 'ERR_STATE');
      }
      g.lr = g.initialLr;
    });
    this._undoInitialStep();
    this.schedulers[0]._initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  protected override getLr(): number[] {
    return this.currentLrs();
  }

  /** Advances the active scheduler; at a milestone, starts the next one from its step 0. */
  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler._updateLr(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  /** @internal */
  override _undoInitialStep(): void {
    for (const s of this.schedulers) s._undoInitialStep();
  }
}
