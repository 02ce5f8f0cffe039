/**
 * `CosineAnnealingLR`: cosine decay from the initial rate to `etaMin` over `TMax` steps.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkNumber } from '../../check.js';
import { cos } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** Steps of a half cosine period: the rate reaches `etaMin` at step `TMax` (PyTorch's `T_max`). */
  TMax: number;
  /** Lowest rate. Default 0. */
  etaMin?: number;
}

/**
 * Anneals each group's rate along a cosine, `etaMin + (initialLr - etaMin) * (1 + cos(pi * step / TMax)) / 2`,
 * computed with PyTorch's recursive form (so other changes to the rate are kept). Past `TMax`
 * the cosine continues: the rate rises back to `initialLr` at `2 * TMax`, and so on; for restarts
 * use {@link CosineAnnealingWarmRestarts}.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.CosineAnnealingLR(opt, { TMax: epochs * stepsPerEpoch, etaMin: 1e-6 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Steps of a half cosine period. */
  declare TMax: number;
  /** Lowest rate. */
  declare etaMin: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingLROptions) {
    const op = 'CosineAnnealingLR';
    checkOptions(op, options, ['TMax', 'etaMin', 'lastEpoch']);
    const { TMax, etaMin = 0.0, lastEpoch } = options ?? ({} as CosineAnnealingLROptions);
    checkNumber(op, 'TMax', TMax, 'a positive number of steps', (x) => x > 0 && Number.isFinite(x));
    checkNumber(op, 'etaMin', etaMin, 'a finite number');
    super(optimizer, { lastEpoch }, {
      setup: (self: CosineAnnealingLR) => {
        self.TMax = TMax;
        self.etaMin = etaMin;
      },
    });
  }

  protected override getLr(): number[] {
    const { TMax, etaMin, lastEpoch: e } = this;
    const groups = this.optimizer.paramGroups;
    if (this.isInitial) return this.currentLrs();
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cos((e * Math.PI) / TMax))) / 2);
    }
    if ((e - 1 - TMax) % (2 * TMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - cos(Math.PI / TMax))) / 2);
    }
    return groups.map(
      (g) => ((1 + cos((Math.PI * e) / TMax)) / (1 + cos((Math.PI * (e - 1)) / TMax))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override getClosedFormLr(): number[] {
    const { TMax, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cos((Math.PI * this.lastEpoch) / TMax))) / 2);
  }
}
