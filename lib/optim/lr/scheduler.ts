/**
 * `LRScheduler`, the base class of the learning-rate schedulers, with PyTorch's step protocol.
 * @module
 */
import { TorchError, checkOptions } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkLastEpoch, checkOptimizer } from './checks.js';
import { fromJson, type SchedulerState, toJson } from './state.js';

export type { JsonValue, SchedulerState } from './state.js';

/** Options every scheduler accepts. */
export interface LRSchedulerOptions {
  /**
   * Index of the last step the scheduler has seen. -1 (the default) starts a schedule and records
   * each group's `lr` as its `initialLr`. Another value resumes a schedule and needs `initialLr` in
   * every param group (load the optimizer's state first). To resume, prefer `loadStateDict`.
   */
  lastEpoch?: number;
}

/**
 * How a built-in subclass hooks into the base constructor.
 * @internal
 */
export interface SchedulerInit {
  /** Sets the subclass's settings on the instance before the initial step, which may read them. */
  setup?: (self: never) => void;
  /**
   * Skip PyTorch's `LRScheduler.__init__` (initialLr, baseLrs from it, initial step), as
   * SequentialLR, ChainedScheduler and ReduceLROnPlateau do.
   */
  bare?: boolean;
}

/** Optimizers already warned about, so that each warns once. */
const warned = new WeakSet<object>();

/** The warning for a scheduler stepped before its optimizer (PyTorch's text, adapted). */
export const STEP_ORDER_WARNING =
  'Detected call of `lr_scheduler.step()` before `optimizer.step()`. ' +
  'You should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`. ' +
  'Failure to do this will result in skipping the first value of the learning rate schedule. ' +
  'See https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate';

/** Fields that are not part of a scheduler's state. */
const NOT_STATE = new Set(['optimizer', 'isInitial']);

/**
 * Base class of the learning-rate schedulers. A scheduler sets `lr` in each of its optimizer's param
 * groups from the number of times `step()` was called; call `scheduler.step()` after
 * `optimizer.step()`, once per step or per epoch as the schedule is defined.
 *
 * Construction does PyTorch's initial step: with `lastEpoch` -1 (the default) each group's `lr` is
 * recorded as `initialLr` (unless a scheduler already did), `baseLrs` are those, and the first value
 * of the schedule (step 0) is written to the groups. `lastEpoch` counts the steps since.
 *
 * A subclass computes the next rates in {@link LRScheduler.getLr | getLr()} (from `baseLrs` and
 * `lastEpoch`, or recursively from the groups' current `lr`).
 *
 * @example
 * ```ts
 * // lr = initial lr / (1 + step / 100)
 * class InverseTimeLR extends optim.lr.LRScheduler {
 *   protected getLr() { return this.baseLrs.map((lr) => lr / (1 + this.lastEpoch / 100)); }
 * }
 * const sched = new InverseTimeLR(opt);
 * for (const batch of loader) { ...; opt.step(); sched.step(); }
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose param groups this scheduler sets. */
  readonly optimizer: SchedulableOptimizer;
  /** Each group's rate at the start of the schedule (its `initialLr`); most schedules scale these. */
  baseLrs: number[];
  /** Steps taken since the start of the schedule: 0 after construction, +1 per `step()` (PyTorch's `last_epoch`). */
  lastEpoch: number;
  /** Calls of `step()`, the initial one included (PyTorch's `_step_count`). */
  protected stepCount: number;
  /** The rates set by the last step. */
  protected lastLr: number[];
  /** True during the initial step done by the constructor. */
  protected isInitial: boolean;

  /**
   * @param optimizer - The optimizer whose param groups' `lr` the scheduler sets.
   * @param options - `lastEpoch` (default -1: start a schedule).
   * @throws TypeError or RangeError for a bad optimizer or option; TorchError (ERR_STATE) when
   *   resuming (`lastEpoch` >= 0) and a param group has no `initialLr`.
   */
  constructor(optimizer: SchedulableOptimizer, options: LRSchedulerOptions = {}, init: SchedulerInit = {}) {
    const op = new.target.name;
    this.optimizer = checkOptimizer(op, optimizer);
    checkOptions(op, options, ['lastEpoch']);
    const lastEpoch = checkLastEpoch(op, options?.lastEpoch ?? -1);
    const groups = this.optimizer.paramGroups;
    this.isInitial = false;
    this.stepCount = 0;
    this.lastEpoch = lastEpoch;
    this.lastLr = groups.map((g) => g.lr);
    if (init.bare) {
      this.baseLrs = groups.map((g) => g.lr);
      init.setup?.(this as never);
      return;
    }
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (typeof g.initialLr !== 'number') {
          throw new TorchError(
            `${op}(): param group ${i} has no initialLr, which resuming a schedule (lastEpoch ${lastEpoch}) needs. ` +
              `Load the optimizer's state before creating the scheduler, or use lastEpoch -1 for a fresh schedule.`,
            'ERR_STATE',
          );
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    init.setup?.(this as never);
    this._initialStep();
  }

  /**
   * The next rate of each param group, at `lastEpoch` (already advanced). Called by `step()`;
   * read the current rates with {@link LRScheduler.getLastLr | getLastLr()}.
   */
  protected abstract getLr(): number[];

  /** The rates at `lastEpoch` from `baseLrs` alone, where the schedule has a closed form; else null. */
  protected getClosedFormLr(): number[] | null {
    return null;
  }

  /**
   * Advances the schedule by one step and sets each param group's `lr`. Call it after
   * `optimizer.step()`: the first call before any optimizer step warns once (a `UserWarning`), as
   * it skips the schedule's first value. A step that a GradScaler skipped counts as an optimizer step.
   */
  step(): void {
    this.checkStepOrder();
    this.stepCount += 1;
    this._updateLr();
  }

  /** The rates set by the last step, one per param group (a copy). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state: every setting and counter, as a plain JSON-serialisable object (functions
   * such as LambdaLR's lambdas are stored as null and kept on load, as PyTorch does for plain functions).
   *
   * @example
   * ```ts
   * writeFileSync('sched.json', JSON.stringify(sched.stateDict()));
   * // later, with a scheduler built the same way:
   * sched.loadStateDict(JSON.parse(readFileSync('sched.json', 'utf8')));
   * ```
   */
  stateDict(): SchedulerState {
    const state: SchedulerState = {};
    for (const [key, value] of Object.entries(this)) if (!NOT_STATE.has(key)) state[key] = toJson(value);
    return state;
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict | stateDict()} of a scheduler of the same
   * kind. It does not change the optimizer's rates: restore the optimizer's state too.
   * @throws TypeError when `state` is not an object or has a key this scheduler does not have.
   */
  loadStateDict(state: SchedulerState): void {
    const op = `${this.constructor.name}.loadStateDict`;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new TypeError(`${op}(): expected state to be an object from ${this.constructor.name}.stateDict(), but received ${state === null ? 'null' : Array.isArray(state) ? 'an array' : typeof state}`);
    }
    const known = new Set(Object.keys(this.stateDict()));
    for (const key of Object.keys(state)) {
      if (!known.has(key)) {
        throw new TypeError(`${op}(): expected state to be an object from ${this.constructor.name}.stateDict(), but it has the unknown key '${key}'`);
      }
    }
    const self = this as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(state)) self[key] = fromJson(self[key], value);
  }

  /** Warns (once per optimizer) when the first user step comes before any optimizer step. */
  protected checkStepOrder(): void {
    if (this.stepCount !== 1 || this.optimizer.stepAttempts !== 0 || warned.has(this.optimizer)) return;
    warned.add(this.optimizer);
    process.emitWarning(STEP_ORDER_WARNING, { type: 'UserWarning', code: 'TORCHTS_LR_SCHEDULER_ORDER' });
  }

  /**
   * PyTorch's `_initial_step`: resets the step count and takes the first step in initial mode.
   * @internal
   */
  _initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /**
   * PyTorch's `_update_lr`: advances `lastEpoch` by one, or sets it to `epoch` and uses the closed
   * form where there is one, then writes the rates to the param groups.
   * @internal
   */
  _updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.getClosedFormLr() ?? this.getLr();
    }
    this.setLrs(values);
  }

  /**
   * Undoes the initial step's `lastEpoch` increment (SequentialLR's `recursive_undo`).
   * @internal
   */
  _undoInitialStep(): void {
    this.lastEpoch -= 1;
  }

  /** Writes one rate per param group and records them as the last rates. */
  protected setLrs(values: number[]): void {
    const groups = this.optimizer.paramGroups;
    if (values.length !== groups.length) {
      throw new TorchError(
        `${this.constructor.name}.step(): the optimizer has ${groups.length} param groups, but the scheduler has ${values.length} rates ` +
          '(was a param group added after the scheduler was created?)',
        'ERR_STATE',
      );
    }
    groups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.lastLr = groups.map((g) => g.lr);
  }

  /** Each param group's current `lr`. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
