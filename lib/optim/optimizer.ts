/**
 * The optimizer base: parameter groups, per-parameter state, zeroGrad and state dicts. Subclasses
 * implement `step()` as one native call per group.
 * @module
 */
import { zeroGrads } from '../autograd.js';
import { TorchError, checkOptions, describe } from '../errors.js';
import { native } from '../native.js';
import { persist } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import type { ParamGroupOptions, SchedulableOptimizer } from './types.js';

/** A parameter group: its tensors and its options (each defaulting to the optimizer's). */
export type ParamGroup<O> = O & ParamGroupOptions & {
  /** The parameters this group's options apply to. */
  params: Tensor[];
};

/** What an optimizer takes: a list of parameters, or groups with their own options. */
export type Params<O> = Tensor[] | (Partial<O> & {
  /** The parameters of this group; options left out take the optimizer's defaults. */
  params: Tensor[];
})[];

/** Per-parameter state: tensors (moments, buffers, the step count). */
export type ParamState = Record<string, Tensor>;

/** A serialisable optimizer state (PyTorch's layout: parameters by index). */
export interface OptimizerStateDict {
  /** Per-parameter state by parameter index; parameters not yet stepped have no entry. */
  state: Record<number, ParamState>;
  /** Each group's options (`lr`, `momentum`, ...), with its parameters as indices. */
  paramGroups: (Record<string, unknown> & {
    /** Indices of the group's parameters, numbered across groups in order of first appearance. */
    params: number[];
  })[];
}

/** PyTorch's option checks word their errors this way ("Invalid learning rate: -1"). */
export function checkNonNegative(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new RangeError(`Invalid ${what}: ${String(value)}`);
}

/**
 * Base class of optimizers. `paramGroups[i].lr` (and every other option) is readable and settable,
 * which is what LR schedulers do.
 */
export abstract class Optimizer<O extends object> implements SchedulableOptimizer {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created at the parameter's first step. */
  readonly state = new Map<Tensor, ParamState>();
  /** Calls of `step()`, counting calls a GradScaler skipped (see SchedulableOptimizer). */
  stepAttempts = 0;
  readonly #name: string;
  readonly #defaults: O;

  protected constructor(name: string, params: Params<O>, defaults: O, options: Partial<O>) {
    this.#name = name;
    checkOptions(name, options, Object.keys(defaults));
    this.#defaults = { ...defaults, ...options };
    if (!Array.isArray(params) && !(params && typeof (params as Iterable<unknown>)[Symbol.iterator] === 'function')) {
      throw new TypeError(`${name}(): params argument given to the optimizer should be an array of Tensors or of parameter groups, but got ${describe(params)}`);
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError(`${name}(): optimizer got an empty parameter list`);
    // As PyTorch: a list whose first item is a group object is a list of groups, anything else a list of tensors.
    const isGroup = (v: unknown) => v !== null && typeof v === 'object' && !(v instanceof Tensor) && 'params' in v;
    const groups = (isGroup(list[0]) ? list : [{ params: list }]) as (Partial<O> & { params: Tensor[] })[];
    for (const g of groups) this.addParamGroup(g);
  }

  /** The option names a group may set (the defaults' keys). */
  protected get optionNames(): string[] {
    return Object.keys(this.#defaults);
  }

  /** Validates a group's options; subclasses throw PyTorch's messages. */
  protected abstract validate(group: O): void;

  /** Adds a parameter group, e.g. to train a new layer with its own learning rate. */
  addParamGroup(group: Partial<O> & { params: Tensor[] }): void {
    if (group === null || typeof group !== 'object') throw new TypeError(`${this.#name}.addParamGroup(): expected a parameter group object, got ${describe(group)}`);
    checkOptions(`${this.#name}.addParamGroup`, group, ['params', 'initialLr', ...this.optionNames]);
    const params = group.params instanceof Tensor ? [group.params] : [...(group.params ?? [])];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
      if (!native.isLeaf(p._h)) throw new TypeError("can't optimize a non-leaf Tensor");
    }
    if (new Set(params).size !== params.length) {
      process.emitWarning(`${this.#name}: a parameter group holds duplicate parameters; in future this will cause an error`, 'UserWarning');
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) throw new TypeError('some parameters appear in more than one parameter group');
    const full = { ...this.#defaults, ...group, params } as ParamGroup<O>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /** Clears the gradients of every parameter: to null (the default, PyTorch's), or to zeros. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    zeroGrads(this.paramGroups.flatMap((g) => g.params), options.setToNone ?? true);
  }

  /** Performs one optimization step over every parameter that has a gradient. */
  step(): void {
    this.stepWithScaling(null, null);
  }

  /**
   * Whether the step kernel itself can unscale gradients and skip on inf/NaN, so that a GradScaler
   * hands it the scale and the found-inf flag instead of unscaling first (PyTorch's
   * `_step_supports_amp_scaling`, true for its fused optimizers). Subclasses that can, say so.
   */
  get supportsAmpScaling(): boolean {
    return false;
  }

  /**
   * @internal GradScaler's entry for optimizers with {@link supportsAmpScaling}: gradients are divided
   * by `gradScale` (when given) inside the kernel, and the step is skipped where `foundInf` is non-zero.
   */
  stepWithScaling(gradScale: Tensor | null, foundInf: Tensor | null): void {
    this.stepAttempts++;
    for (const g of this.paramGroups) {
      const withGrad = g.params.filter((p) => native.hasGrad(p._h));
      if (withGrad.length > 0) this.stepGroup(g, withGrad, gradScale, foundInf);
    }
  }

  /** One native call for the group's parameters that have gradients. */
  protected abstract stepGroup(group: ParamGroup<O>, params: Tensor[], gradScale: Tensor | null, foundInf: Tensor | null): void;

  /** The state of `p`, created by `init` on first use; its tensors live outside every scope. */
  protected stateOf(p: Tensor, init: () => ParamState): ParamState {
    let s = this.state.get(p);
    if (!s) {
      s = init();
      for (const t of Object.values(s)) persist(t);
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * The optimizer's state, PyTorch-style: per-parameter state by parameter index and the groups'
   * options. State tensors are new handles sharing memory: the caller owns them.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...options }) => ({
      ...options,
      params: params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      }),
    }));
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(Object.entries(s).map(([k, t]) => [k, t.detach()]));
    }
    return { state, paramGroups };
  }

  /** Restores a state from {@link stateDict}: groups must have the same sizes, in order. */
  loadStateDict(sd: OptimizerStateDict): void {
    if (!sd || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object') {
      throw new TypeError(`${this.#name}.loadStateDict(): expected { state, paramGroups }, got ${describe(sd)}`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new TorchError(`loaded state dict has a different number of parameter groups (${sd.paramGroups.length}, optimizer has ${this.paramGroups.length})`, 'ERR_STATE');
    }
    sd.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new TorchError(`loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${i}: ${g.params.length} against ${this.paramGroups[i].params.length})`, 'ERR_STATE');
      }
    });
    const byIndex = new Map<number, Tensor>();
    sd.paramGroups.forEach((g, i) => g.params.forEach((idx, j) => byIndex.set(idx, this.paramGroups[i].params[j])));
    for (const s of this.state.values()) for (const t of Object.values(s)) t.dispose();
    this.state.clear();
    for (const [k, s] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(k));
      if (!p) continue;
      // As PyTorch's _process_value_according_to_param_policy: floating state follows the parameter's
      // dtype and device; the step count stays as saved, except for fused kernels, which read it as
      // float32 on the parameter's device (a CPU step under a CUDA kernel is an illegal access).
      const restored: ParamState = {};
      for (const [name, t] of Object.entries(s)) {
        restored[name] = name !== 'step' ? t.to({ dtype: p.dtype, device: p.device, copy: true })
          : this.fusedStepCount ? t.to({ dtype: 'float32', device: p.device, copy: true }) : t.to({ copy: true });
      }
      this.stateOf(p, () => restored);
    }
    sd.paramGroups.forEach(({ params: _, ...options }, i) => Object.assign(this.paramGroups[i], options));
  }

  /** Whether the step count is read by a fused kernel, as float32 on the parameter's device. */
  protected get fusedStepCount(): boolean {
    return false;
  }

  /** Releases every state tensor. */
  dispose(): void {
    for (const s of this.state.values()) for (const t of Object.values(s)) t.dispose();
    this.state.clear();
  }
}
