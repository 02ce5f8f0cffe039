/**
 * `CosineAnnealingWarmRestarts`: cosine decay restarted every `Ti` steps (SGDR).
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber } from '../../check.js';
import { cos, intPow, logBase } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link CosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions extends LRSchedulerOptions {
  /** Steps until the first restart (a positive integer; PyTorch's `T_0`). */
  T0: number;
  /** Factor by which the period grows after each restart (an integer >= 1; PyTorch's `T_mult`). Default 1. */
  tMult?: number;
  /** Lowest rate. Default 0. */
  etaMin?: number;
}

/**
 * SGDR (Loshchilov & Hutter): anneals each group's rate along a cosine from `initialLr` to `etaMin`
 * over `Ti` steps, then restarts at `initialLr` with a period `tMult` times longer:
 * `lr = etaMin + (initialLr - etaMin) * (1 + cos(pi * TCur / Ti)) / 2`.
 *
 * `step()` advances by one; `step(epoch)` jumps to `epoch`, which may be fractional, to update the
 * rate within an epoch as PyTorch allows.
 *
 * Unlike PyTorch, where this scheduler's `step` skips the check, stepping it before the optimizer
 * warns as the other schedulers do.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.CosineAnnealingWarmRestarts(opt, { T0: 10, tMult: 2 });
 * for (let epoch = 0; epoch < 70; epoch++) {
 *   for (let i = 0; i < iters; i++) { trainBatch(); opt.step(); sched.step(epoch + i / iters); }
 * }
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Steps until the first restart. */
  declare T0: number;
  /** Steps of the current period. */
  declare Ti: number;
  /** Factor by which the period grows after each restart. */
  declare tMult: number;
  /** Lowest rate. */
  declare etaMin: number;
  /** Steps since the last restart (fractional after a fractional `step(epoch)`). */
  declare TCur: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingWarmRestartsOptions) {
    const op = 'CosineAnnealingWarmRestarts';
    checkOptions(op, options, ['T0', 'tMult', 'etaMin', 'lastEpoch']);
    const { T0, tMult = 1, etaMin = 0.0, lastEpoch = -1 } = options ?? ({} as CosineAnnealingWarmRestartsOptions);
    checkInt(op, 'T0', T0, 'a positive integer', (x) => x > 0);
    checkInt(op, 'tMult', tMult, 'an integer >= 1', (x) => x >= 1);
    checkNumber(op, 'etaMin', etaMin, 'a finite number');
    super(optimizer, { lastEpoch }, {
      setup: (self: CosineAnnealingWarmRestarts) => {
        self.T0 = T0;
        self.Ti = T0;
        self.tMult = tMult;
        self.etaMin = etaMin;
        self.TCur = lastEpoch;
      },
    });
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }

  /**
   * Advances by one step, or jumps to `epoch` (a non-negative number, fractional allowed), and sets
   * the rates.
   * @throws TypeError or RangeError for a bad `epoch`.
   */
  override step(epoch?: number): void {
    if (epoch !== undefined) {
      checkNumber('CosineAnnealingWarmRestarts.step', 'epoch', epoch, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
    }
    this.checkStepOrder();
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.TCur = this.TCur + 1;
      if (this.TCur >= this.Ti) {
        this.TCur = this.TCur % this.Ti;
        this.Ti = this.Ti * this.tMult;
      }
    } else if (epoch >= this.T0) {
      if (this.tMult === 1) {
        this.TCur = epoch % this.T0;
      } else {
        // PyTorch: int(math.log(epoch / T_0 * (T_mult - 1) + 1, T_mult)), i.e. C's log(x) / log(T_mult),
        // which can land just below an exact integer (int(log(243, 3)) is 4 with glibc): the same
        // functions put an epoch at a restart in the same period as PyTorch does.
        const n = Math.trunc(logBase((epoch / this.T0) * (this.tMult - 1) + 1, this.tMult));
        // T_mult ** n is Python's exact int ** int here, not a float pow.
        const grown = intPow(this.tMult, n);
        this.TCur = epoch - (this.T0 * (grown - 1)) / (this.tMult - 1);
        this.Ti = this.T0 * grown;
      }
    } else {
      this.Ti = this.T0;
      this.TCur = epoch;
    }
    this.lastEpoch = Math.floor(epoch);
    this.setLrs(this.getLr());
  }
}
