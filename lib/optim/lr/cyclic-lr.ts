/**
 * `CyclicLR`: cyclical learning rates between two bounds (Smith, CLR).
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkBool, checkFunction, checkNumber, checkOneOf } from '../../check.js';
import { checkLastEpoch, checkOptimizer, momentumKey, perGroup, setMomentum } from './checks.js';
import { pow } from './libm.js';
import { LRScheduler, type LRSchedulerOptions, type SchedulerState } from './scheduler.js';

/** Options of {@link CyclicLR}. */
export interface CyclicLROptions extends LRSchedulerOptions {
  /** Lower bound of the cycle, for all groups or one per group. Sets the groups' `lr` at the start. */
  baseLr: number | number[];
  /** Upper bound of the cycle, for all groups or one per group. */
  maxLr: number | number[];
  /** Steps in the rising half of a cycle (> 0). Default 2000. */
  stepSizeUp?: number;
  /** Steps in the falling half (>= 0). Default `stepSizeUp`. */
  stepSizeDown?: number;
  /**
   * `'triangular'` (default), `'triangular2'` (amplitude halved each cycle) or `'exp_range'` (amplitude × `gamma ** step`).
   * Ignored when `scaleFn` is given.
   */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** Base of `'exp_range'`. Default 1. */
  gamma?: number;
  /** Custom amplitude scaling, in [0, 1], of the cycle number or of the step (see `scaleMode`). */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` receives: `'cycle'` (default) or `'iterations'`. Set by `mode` when there is no `scaleFn`. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle momentum (or Adam's `betas[0]`) inversely to the rate. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the peak rate, for all groups or one per group. Default 0.8. */
  baseMomentum?: number | number[];
  /** Momentum at the base rate, for all groups or one per group. Default 0.9. */
  maxMomentum?: number | number[];
}

/**
 * Cycles each group's rate between `baseLr` and `maxLr` (Smith, "Cyclical Learning Rates for Training
 * Neural Networks"), with the amplitude scaled by `mode` or `scaleFn`; momentum (or Adam's
 * `betas[0]`) moves inversely between `maxMomentum` and `baseMomentum`. Call `step()` after every batch.
 *
 * Its state dict stores a custom `scaleFn` as null (as PyTorch does for plain functions); loading a
 * state keeps the scheduler's own.
 *
 * @example
 * ```ts
 * const sched = new optim.lr.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2000, mode: 'triangular2' });
 * for (const batch of loader) { train(batch); opt.step(); sched.step(); }
 * ```
 */
export class CyclicLR extends LRScheduler {
  /** Upper bounds, one per group. */
  declare maxLrs: number[];
  /** Steps in a full cycle. */
  declare totalSize: number;
  /** Fraction of a cycle spent rising. */
  declare stepRatio: number;
  /** The built-in scaling policy. */
  declare mode: 'triangular' | 'triangular2' | 'exp_range';
  /** Base of `'exp_range'`. */
  declare gamma: number;
  /** The custom scaling function, if any. */
  declare scaleFnCustom: ((x: number) => number) | null;
  /** What the scaling function receives. */
  declare scaleMode: 'cycle' | 'iterations';
  /** Whether momentum (or `betas[0]`) is cycled. */
  declare cycleMomentum: boolean;
  /** Which key holds momentum: `'momentum'` or `'betas'` (its first element); null when not cycled. */
  declare momentumKey: 'momentum' | 'betas' | null;
  /** Lower momentum bounds, one per group. */
  declare baseMomentums: number[];
  /** Upper momentum bounds, one per group. */
  declare maxMomentums: number[];

  /**
   * @throws TypeError or RangeError naming a bad option, or for `cycleMomentum` with an optimizer
   *   whose groups have neither `momentum` nor `betas`.
   */
  constructor(optimizer: SchedulableOptimizer, options: CyclicLROptions) {
    const op = 'CyclicLR';
    checkOptions(op, options, [
      'baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum',
      'baseMomentum', 'maxMomentum', 'lastEpoch',
    ]);
    const {
      baseLr, maxLr, stepSizeUp = 2000, stepSizeDown, mode = 'triangular', gamma = 1.0, scaleFn, scaleMode = 'cycle',
      cycleMomentum = true, baseMomentum = 0.8, maxMomentum = 0.9, lastEpoch = -1,
    } = options ?? ({} as CyclicLROptions);
    const groups = checkOptimizer(op, optimizer).paramGroups;
    checkLastEpoch(op, lastEpoch);
    const finite = (x: number) => Number.isFinite(x);
    const baseLrs = perGroup(op, 'baseLr', baseLr, groups.length, 'a finite number', finite);
    const maxLrs = perGroup(op, 'maxLr', maxLr, groups.length, 'a finite number', finite);
    const up = checkNumber(op, 'stepSizeUp', stepSizeUp, 'a positive number of steps', (x) => x > 0 && Number.isFinite(x));
    const down = stepSizeDown === undefined ? up : checkNumber(op, 'stepSizeDown', stepSizeDown, 'a non-negative number of steps', (x) => x >= 0 && Number.isFinite(x));
    checkOneOf(op, 'mode', mode, ['triangular', 'triangular2', 'exp_range'] as const);
    checkNumber(op, 'gamma', gamma, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    if (scaleFn !== undefined) checkFunction(op, 'scaleFn', scaleFn);
    checkOneOf(op, 'scaleMode', scaleMode, ['cycle', 'iterations'] as const);
    checkBool(op, 'cycleMomentum', cycleMomentum);
    let key: 'momentum' | 'betas' | null = null;
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      const inUnit = (x: number) => x >= 0 && x <= 1;
      baseMomentums = perGroup(op, 'baseMomentum', baseMomentum, groups.length, 'a number in [0, 1]', inUnit);
      maxMomentums = perGroup(op, 'maxMomentum', maxMomentum, groups.length, 'a number in [0, 1]', inUnit);
      key = momentumKey(op, optimizer);
    }
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.lr = baseLrs[i];
        if (key !== null) {
          setMomentum(g, key, maxMomentums[i]);
          g.maxMomentum = maxMomentums[i];
          g.baseMomentum = baseMomentums[i];
        }
      });
    }
    const totalSize = up + down;
    super(optimizer, { lastEpoch }, {
      setup: (self: CyclicLR) => {
        self.maxLrs = maxLrs;
        self.totalSize = totalSize;
        self.stepRatio = up / totalSize;
        self.mode = mode;
        self.gamma = gamma;
        self.scaleFnCustom = scaleFn ?? null;
        self.scaleMode = scaleMode;
        self.initScaleMode();
        self.cycleMomentum = cycleMomentum;
        self.momentumKey = key;
        self.baseMomentums = baseMomentums;
        self.maxMomentums = maxMomentums;
      },
    });
    this.baseLrs = baseLrs;
  }

  /** Without a custom `scaleFn`, the mode decides what the scaling receives (PyTorch's `_init_scale_fn`). */
  private initScaleMode(): void {
    if (this.scaleFnCustom !== null) return;
    this.scaleMode = this.mode === 'exp_range' ? 'iterations' : 'cycle';
  }

  /** The amplitude scaling at `x` (a cycle number or a step, per `scaleMode`). */
  scaleFn(x: number): number {
    if (this.scaleFnCustom !== null) return this.scaleFnCustom(x);
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / pow(2.0, x - 1);
    return pow(this.gamma, x);
  }

  protected override getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = () => this.scaleFn(this.scaleMode === 'cycle' ? cycle : this.lastEpoch);
    const lrs = this.baseLrs.map((base, i) => {
      const baseHeight = (this.maxLrs[i] - base) * scaleFactor;
      return base + baseHeight * scale();
    });
    if (this.momentumKey !== null) {
      const momentums = this.baseMomentums.map((base, i) => {
        const baseHeight = (this.maxMomentums[i] - base) * scaleFactor;
        return this.maxMomentums[i] - baseHeight * scale();
      });
      this.optimizer.paramGroups.forEach((g, i) => setMomentum(g, this.momentumKey!, momentums[i]));
    }
    return lrs;
  }

  /** Restores a state from `stateDict()`; a custom `scaleFn` stays the scheduler's own. */
  override loadStateDict(state: SchedulerState): void {
    super.loadStateDict(state);
    this.initScaleMode();
  }
}
