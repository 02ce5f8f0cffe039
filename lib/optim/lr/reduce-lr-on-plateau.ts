/**
 * `ReduceLROnPlateau`: lower the rate when a metric stops improving.
 * @module
 */
import { TorchError, checkOptions, invalidArg } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkInt, checkNumber, checkOneOf } from '../../check.js';
import { checkOptimizer, perGroup } from './checks.js';
import { LRScheduler } from './scheduler.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** `'min'` (default): the metric should fall (a loss); `'max'`: it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** Factor applied to the rate on a plateau, in [0, 1). Default 0.1. */
  factor?: number;
  /** Steps without improvement tolerated before lowering the rate (an integer >= 0). Default 10. */
  patience?: number;
  /** Least improvement that counts, relative or absolute per `thresholdMode` (>= 0). Default 1e-4. */
  threshold?: number;
  /** `'rel'` (default): improve on `best * (1 ∓ threshold)`; `'abs'`: on `best ∓ threshold`. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after lowering the rate before counting bad steps again (an integer >= 0). Default 0. */
  cooldown?: number;
  /** Lower bound of the rate, for all groups or one per group (>= 0). Default 0. */
  minLr?: number | number[];
  /** A change of the rate smaller than this is not made (>= 0). Default 1e-8. */
  eps?: number;
}

/** A metric: a number, or anything with `item()` such as a one-element tensor. */
export type Metric = number | {
  /** The metric's value as a number, as `Tensor.item()` gives it. */
  item(): number;
};

/**
 * Multiplies each group's rate by `factor` when the metric passed to `step(metric)` has not improved
 * for more than `patience` steps, no lower than `minLr`. It does not take PyTorch's initial step:
 * the rates are unchanged at construction. Like PyTorch's, its `step` does not check that the
 * optimizer stepped first, and it cannot be put in SequentialLR or ChainedScheduler.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.ReduceLROnPlateau(opt, { mode: 'min', patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train();
 *   sched.step(validationLoss());
 * }
 * ```
 */
export class ReduceLROnPlateau extends LRScheduler {
  /** `'min'` or `'max'`. */
  declare mode: 'min' | 'max';
  /** Factor applied to the rate on a plateau. */
  declare factor: number;
  /** Steps without improvement tolerated. */
  declare patience: number;
  /** Least improvement that counts. */
  declare threshold: number;
  /** `'rel'` or `'abs'`. */
  declare thresholdMode: 'rel' | 'abs';
  /** Steps to wait after lowering the rate. */
  declare cooldown: number;
  /** Lower bounds of the rates, one per group. */
  declare minLrs: number[];
  /** The `minLr` given as one number (reused if groups are added), else null. */
  declare defaultMinLr: number | null;
  /** Smallest change of a rate that is made. */
  declare eps: number;
  /** The worst value of the metric (`Infinity` for `'min'`, `-Infinity` for `'max'`). */
  declare modeWorse: number;
  /** The best metric so far. */
  declare best: number;
  /** Steps left in the cooldown. */
  declare cooldownCounter: number;
  /** Steps since the last improvement. */
  declare numBadEpochs: number;

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const op = 'ReduceLROnPlateau';
    checkOptions(op, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    const {
      mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8,
    } = options ?? {};
    const groups = checkOptimizer(op, optimizer).paramGroups;
    checkOneOf(op, 'mode', mode, ['min', 'max'] as const);
    checkNumber(op, 'factor', factor, 'a number in [0, 1)', (x) => x >= 0 && x < 1);
    checkInt(op, 'patience', patience, 'an integer >= 0', (x) => x >= 0);
    checkNumber(op, 'threshold', threshold, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
    checkOneOf(op, 'thresholdMode', thresholdMode, ['rel', 'abs'] as const);
    checkInt(op, 'cooldown', cooldown, 'an integer >= 0', (x) => x >= 0);
    const minLrs = perGroup(op, 'minLr', minLr, groups.length, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
    checkNumber(op, 'eps', eps, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
    super(optimizer, {}, {
      bare: true,
      setup: (self: ReduceLROnPlateau) => {
        self.factor = factor;
        self.minLrs = minLrs;
        self.defaultMinLr = Array.isArray(minLr) ? null : minLr;
        self.patience = patience;
        self.cooldown = cooldown;
        self.eps = eps;
        self.lastEpoch = 0;
        self.mode = mode;
        self.threshold = threshold;
        self.thresholdMode = thresholdMode;
        self.modeWorse = mode === 'min' ? Infinity : -Infinity;
        self.best = self.modeWorse;
        self.cooldownCounter = 0;
        self.numBadEpochs = 0;
      },
    });
  }

  protected override getLr(): number[] {
    return this.currentLrs();
  }

  /** Whether the scheduler is waiting after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Records the metric of this step (usually an epoch's validation loss or accuracy) and lowers the
   * rates if it has not improved for more than `patience` steps.
   * @param metric - A number, or anything with `item()` such as a one-element tensor.
   * @throws TypeError when `metric` is missing or not a number.
   */
  override step(metric?: Metric): void {
    let current: unknown = metric;
    if (metric !== null && typeof metric === 'object' && typeof metric.item === 'function') current = metric.item();
    if (typeof current !== 'number') invalidArg('ReduceLROnPlateau.step', 'metric', 'a number or a one-element tensor', metric);
    const value = current as number;
    this.lastEpoch += 1;
    if (this.isBetter(value, this.best)) {
      this.best = value;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad steps during a cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.currentLrs();
  }

  private reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new TorchError(
          `ReduceLROnPlateau.step(): the optimizer has ${groups.length} param groups, but minLr has ${this.minLrs.length} values ` +
            '(was a param group added?); set minLrs to one value per group',
          'ERR_STATE',
        );
      }
      this.minLrs = Array<number>(groups.length).fill(this.defaultMinLr);
    }
    groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }
}
