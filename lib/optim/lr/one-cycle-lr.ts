/**
 * `OneCycleLR`: the 1cycle policy (warm up to `maxLr`, then anneal far below the start).
 * @module
 */
import { TorchError, checkOptions, invalidArg } from '../../errors.js';
import type { ParamGroupOptions, SchedulableOptimizer } from '../types.js';
import { checkBool, checkInt, checkNumber, checkOneOf } from '../../check.js';
import { checkLastEpoch, checkOptimizer, momentumKey, perGroup, setMomentum } from './checks.js';
import { cos } from './libm.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** Options of {@link OneCycleLR}. Give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions extends LRSchedulerOptions {
  /** Peak rate, for all groups or one per group. */
  maxLr: number | number[];
  /** Steps in the cycle (a positive integer). Takes precedence over `epochs` × `stepsPerEpoch`. */
  totalSteps?: number;
  /** Epochs, with `stepsPerEpoch`: `totalSteps = epochs * stepsPerEpoch`. */
  epochs?: number;
  /** Steps per epoch, with `epochs`. */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the rate, in [0, 1]. Default 0.3. */
  pctStart?: number;
  /** How the rate moves between phases: `'cos'` (default) or `'linear'`. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's `betas[0]`) inversely to the rate. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the peak rate, for all groups or one per group. Default 0.85. */
  baseMomentum?: number | number[];
  /** Momentum at the start and end, for all groups or one per group. Default 0.95. */
  maxMomentum?: number | number[];
  /** The start rate is `maxLr / divFactor`. Default 25. */
  divFactor?: number;
  /** The final rate is `maxLr / divFactor / finalDivFactor`. Default 1e4. */
  finalDivFactor?: number;
  /** Three phases as in Smith's paper (up, symmetric down to the start rate, then annihilation) instead of fastai's two. Default false. */
  threePhase?: boolean;
}

/** One phase of the cycle: where it ends and which group keys hold its start and end values. */
export interface OneCyclePhase {
  /** The (0-based, possibly fractional) step at which the phase ends, e.g. `pctStart * totalSteps - 1` (PyTorch `end_step`). */
  endStep: number;
  /** The group key holding the rate the phase starts from (PyTorch `start_lr`). */
  startLr: 'initialLr' | 'maxLr' | 'minLr';
  /** The group key holding the rate the phase anneals to (PyTorch `end_lr`). */
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  /** The group key holding the momentum the phase starts from (PyTorch `start_momentum`). */
  startMomentum: 'maxMomentum' | 'baseMomentum';
  /** The group key holding the momentum the phase anneals to (PyTorch `end_momentum`). */
  endMomentum: 'maxMomentum' | 'baseMomentum';
}

/**
 * The 1cycle policy (Smith & Topin, "Super-Convergence"): the rate rises from `maxLr / divFactor`
 * to `maxLr` over the first `pctStart` of the cycle, then anneals to `maxLr / divFactor / finalDivFactor`;
 * momentum (or Adam's `betas[0]`) moves inversely between `maxMomentum` and `baseMomentum`.
 * Call `step()` after every batch; stepping more than `totalSteps` times throws.
 *
 * It sets `initialLr`, `maxLr`, `minLr` (and `maxMomentum`, `baseMomentum`) in each param group, as
 * PyTorch does, so that a resumed schedule (`lastEpoch` >= 0) finds them there.
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const sched = new optim.lr.OneCycleLR(opt, { maxLr: 0.1, epochs: 10, stepsPerEpoch: loader.length });
 * for (let epoch = 0; epoch < 10; epoch++) for (const batch of loader) { train(batch); opt.step(); sched.step(); }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Steps in the cycle. */
  declare totalSteps: number;
  /** The phases of the cycle. */
  declare phases: OneCyclePhase[];
  /** `'cos'` or `'linear'`. */
  declare annealStrategy: 'cos' | 'linear';
  /** Whether momentum (or `betas[0]`) is cycled. */
  declare cycleMomentum: boolean;
  /** Which key holds momentum: `'momentum'` or `'betas'` (its first element); null when not cycled. */
  declare momentumKey: 'momentum' | 'betas' | null;

  /**
   * @throws TypeError or RangeError naming a bad option, or for `cycleMomentum` with an optimizer
   *   whose groups have neither `momentum` nor `betas`.
   */
  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    const op = 'OneCycleLR';
    checkOptions(op, options, [
      'maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum',
      'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase', 'lastEpoch',
    ]);
    const {
      maxLr, totalSteps, epochs, stepsPerEpoch, pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true,
      baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25.0, finalDivFactor = 1e4, threePhase = false, lastEpoch = -1,
    } = options ?? ({} as OneCycleLROptions);
    const groups = checkOptimizer(op, optimizer).paramGroups;
    checkLastEpoch(op, lastEpoch);
    let total: number;
    const positiveInt = 'a positive integer';
    if (totalSteps !== undefined) {
      total = checkInt(op, 'totalSteps', totalSteps, positiveInt, (x) => x > 0);
    } else if (epochs !== undefined && stepsPerEpoch !== undefined) {
      total = checkInt(op, 'epochs', epochs, positiveInt, (x) => x > 0) * checkInt(op, 'stepsPerEpoch', stepsPerEpoch, positiveInt, (x) => x > 0);
    } else {
      invalidArg(op, 'totalSteps', 'a positive integer (or give epochs and stepsPerEpoch)', totalSteps);
    }
    checkNumber(op, 'pctStart', pctStart, 'a number in [0, 1]', (x) => x >= 0 && x <= 1);
    checkOneOf(op, 'annealStrategy', annealStrategy, ['cos', 'linear'] as const);
    const maxLrs = perGroup(op, 'maxLr', maxLr, groups.length, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    checkNumber(op, 'divFactor', divFactor, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    checkNumber(op, 'finalDivFactor', finalDivFactor, 'a positive number', (x) => x > 0 && Number.isFinite(x));
    checkBool(op, 'threePhase', threePhase);
    checkBool(op, 'cycleMomentum', cycleMomentum);
    const phases: OneCyclePhase[] = threePhase
      ? [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    let key: 'momentum' | 'betas' | null = null;
    let maxMomentums: number[] = [];
    let baseMomentums: number[] = [];
    if (cycleMomentum) {
      const inUnit = (x: number) => x >= 0 && x <= 1;
      maxMomentums = perGroup(op, 'maxMomentum', maxMomentum, groups.length, 'a number in [0, 1]', inUnit);
      baseMomentums = perGroup(op, 'baseMomentum', baseMomentum, groups.length, 'a number in [0, 1]', inUnit);
      key = momentumKey(op, optimizer);
    }
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = g.initialLr / finalDivFactor;
        if (key !== null) {
          setMomentum(g, key, maxMomentums[i]);
          g.maxMomentum = maxMomentums[i];
          g.baseMomentum = baseMomentums[i];
        }
      });
    } else {
      const needed = key === null ? ['maxLr', 'minLr'] : ['maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];
      groups.forEach((g, i) => {
        for (const k of needed) {
          if (typeof g[k] !== 'number') {
            throw new TorchError(`${op}(): param group ${i} has no ${k}, which resuming a schedule (lastEpoch ${lastEpoch}) needs. Load the optimizer's state before creating the scheduler.`, 'ERR_STATE');
          }
        }
      });
    }
    super(optimizer, { lastEpoch }, {
      setup: (self: OneCycleLR) => {
        self.totalSteps = total;
        self.phases = phases;
        self.annealStrategy = annealStrategy;
        self.cycleMomentum = cycleMomentum;
        self.momentumKey = key;
      },
    });
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') {
      const cosOut = cos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }

  protected override getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new TorchError(`OneCycleLR.step(): tried to step ${step} times, but totalSteps is ${this.totalSteps}`, 'ERR_STATE');
    }
    const last = this.phases.length - 1;
    return this.optimizer.paramGroups.map((g: ParamGroupOptions) => {
      let startStep = 0.0;
      for (let i = 0; i <= last; i++) {
        const phase = this.phases[i];
        const endStep = phase.endStep;
        if (step <= endStep || i === last) {
          const pct = (step - startStep) / (endStep - startStep);
          const lr = this.anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.momentumKey !== null) {
            setMomentum(g, this.momentumKey, this.anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct));
          }
          return lr;
        }
        startStep = phase.endStep;
      }
      return g.lr; // not reached: the last phase always matches
    });
  }
}
