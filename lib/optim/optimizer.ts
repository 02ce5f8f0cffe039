/**
 * The optimizer base: parameter groups, per-parameter state, zeroGrad and state dicts. Subclasses
 * implement `step()` as one native call per group.
 * @module
 */
import { zeroGrads } from '../autograd.js';
import { TorchError, checkOptions, describe, invalidArg, outOfRange } from '../errors.js';
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

/**
 * PyTorch's option checks word their errors this way ("Invalid learning rate: -1"), with torchts'
 * option names (`Invalid weightDecay value`). Only the range: the base class has already refused a
 * value of the wrong type with a TypeError naming its type.
 */
export function checkNonNegative(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new RangeError(`Invalid ${what}: ${String(value)}`);
}

/** The optimizers whose state dicts {@link stateDictKind} tells apart. */
type OptimizerKind = 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';

/** `exp_avg_sq` -> `expAvgSq`: PyTorch's spelling of a key to torchts'. */
function camelKey(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * @internal Which built-in optimizer saved a state dict, told by the group options and per-parameter
 * state only that optimizer has (in torchts' or PyTorch's spelling), with those names as evidence.
 * `kind` is null when nothing tells (a plain SGD-like group, or another optimizer's dict).
 *
 * Adam and AdamW share every name: PyTorch (2.11) makes AdamW an Adam whose groups hold
 * `decoupled_weight_decay: true`, so that flag (saved by torchts as `decoupledWeightDecay`) is what
 * tells them apart; a dict without it (saved before torchts wrote it) could be either.
 */
export function stateDictKind(sd: OptimizerStateDict): { kind: OptimizerKind | 'Adam or AdamW' | null; evidence: string[] } {
  const options = new Set(sd.paramGroups.flatMap((g) => Object.keys(g).map(camelKey)));
  const state = new Set(Object.values(sd.state).flatMap((s) => Object.keys(s ?? {}).map(camelKey)));
  const found = (names: string[], where: Set<string>) => names.filter((n) => where.has(n));
  const evidence = (opts: string[], st: string[]) => {
    const [o, s] = [found(opts, options), found(st, state)];
    return [...(o.length ? [`its groups hold ${o.join(', ')}`] : []), ...(s.length ? [`its state holds ${s.join(', ')}`] : [])];
  };
  const adam = evidence(['betas', 'amsgrad'], ['expAvg', 'expAvgSq', 'maxExpAvgSq']);
  if (adam.length) {
    const flags = sd.paramGroups.map((g) => g.decoupledWeightDecay ?? g.decoupled_weight_decay);
    const kind = flags.every((f) => f === true) ? 'AdamW' : flags.every((f) => f === false) ? 'Adam' : 'Adam or AdamW';
    const flag = kind === 'Adam or AdamW' ? [] : [`decoupledWeightDecay ${kind === 'AdamW'}`];
    return { kind, evidence: [...adam, ...flag] };
  }
  // RMSprop before SGD: both may keep a momentum buffer, only RMSprop a square average.
  const rms = evidence(['alpha', 'centered'], ['squareAvg', 'gradAvg']);
  if (rms.length) return { kind: 'RMSprop', evidence: rms };
  const sgd = evidence(['dampening', 'nesterov'], ['momentumBuffer']);
  if (sgd.length) return { kind: 'SGD', evidence: sgd };
  return { kind: null, evidence: [] };
}

/** `decoupledWeightDecay` -> `decoupled_weight_decay`: how PyTorch spells an option. */
function pytorchKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The disposed-optimizer error, in the words of a disposed tensor's. */
function disposedError(op: string): TorchError {
  return new TorchError(`${op}: this optimizer has been disposed (dispose() released its state) and cannot be used again. ` +
    'Create a new optimizer over the parameters.', 'ERR_DISPOSED');
}

/**
 * Base class of optimizers. `paramGroups[i].lr` (and every other option) is readable and settable,
 * which is what LR schedulers do.
 */
export abstract class Optimizer<O extends object> implements SchedulableOptimizer {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created at the parameter's first step. */
  readonly state = new Map<Tensor, ParamState>();
  /**
   * Calls of `step()`, counting steps that were skipped (see SchedulableOptimizer): `stepWithScaling`
   * counts every step it runs, and `_recordSkippedStep()` every step skipped before reaching it.
   */
  stepAttempts = 0;
  readonly #name: string;
  readonly #defaults: O;
  #disposed = false;

  protected constructor(name: string, params: Params<O>, defaults: O, options: Partial<O>) {
    if (new.target === Optimizer || typeof name !== 'string' || defaults === null || typeof defaults !== 'object') {
      throw new TypeError('Optimizer(): the base class is made by its subclasses (optim.SGD, optim.Adam, ...): construct one of those');
    }
    this.#name = name;
    checkOptions(name, options, Object.keys(defaults));
    this.#checkTypes(name, options ?? {}, defaults);
    this.#defaults = { ...defaults, ...options };
    if (!Array.isArray(params) && !(params && typeof (params as Iterable<unknown>)[Symbol.iterator] === 'function')) {
      throw new TypeError(`${name}(): params argument given to the optimizer should be an array of Tensors or of parameter groups, but got ${describe(params)}`);
    }
    // The addon's tensor table holds at most 2^24 tensors: a longer list is a mistake (a sparse array).
    if (Array.isArray(params) && params.length > 2 ** 24) outOfRange(name, 'params', 'at most 2^24 parameters', params);
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

  /** Validates a group's option values; subclasses throw PyTorch's messages (the types are checked before). */
  protected abstract validate(group: O): void;

  // A number given as a string ('0.01' from an environment variable) would otherwise reach PyTorch's
  // range check and read "Invalid learning rate: 0.01", which hides what is wrong.
  #checkTypes(op: string, given: object, defaults: O): void {
    for (const [key, value] of Object.entries(given)) {
      const def = (defaults as Record<string, unknown>)[key];
      if (value === undefined || def === undefined || key === 'params') continue;
      if (typeof def === 'number' && typeof value !== 'number') invalidArg(op, key, 'a number', value);
      if (typeof def === 'boolean' && typeof value !== 'boolean') invalidArg(op, key, 'a boolean', value);
      if (Array.isArray(def) && !(Array.isArray(value) && value.length === def.length && value.every((v) => typeof v === 'number'))) {
        invalidArg(op, key, `an array of ${def.length} numbers`, value);
      }
    }
  }

  /** Adds a parameter group, e.g. to train a new layer with its own learning rate. */
  addParamGroup(group: Partial<O> & { params: Tensor[] }): void {
    this.#live('addParamGroup');
    if (group === null || typeof group !== 'object') throw new TypeError(`${this.#name}.addParamGroup(): expected a parameter group object, got ${describe(group)}`);
    checkOptions(`${this.#name}.addParamGroup`, group, ['params', 'initialLr', ...this.optionNames]);
    this.#checkTypes(`${this.#name}.addParamGroup`, group, this.#defaults);
    const params = group.params instanceof Tensor ? [group.params] : [...(group.params ?? [])];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`${this.#name}(): optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
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
    this.#live('zeroGrad');
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
    this.#live('step');
    this.stepAttempts++;
    for (const g of this.paramGroups) {
      const withGrad = g.params.filter((p) => native.hasGrad(p._h));
      if (withGrad.length > 0) this.stepGroup(g, withGrad, gradScale, foundInf);
    }
  }

  /**
   * @internal Counts a step that was due but not taken: a GradScaler found inf/NaN gradients, or the
   * Trainer skipped an accumulation window whose loss was not finite. The attempt counts as a step
   * would, so a scheduler stepped after it does not warn that it ran before the optimizer: the user
   * did call step in the right order. (PyTorch does warn when a GradScaler skips the first step;
   * torchts deliberately does not.) The one place outside `step()` that moves `stepAttempts`.
   */
  _recordSkippedStep(): void {
    this.stepAttempts++;
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
   * options (with those the class fixes, such as Adam's and AdamW's `decoupledWeightDecay`, as
   * PyTorch 2.11 writes `decoupled_weight_decay`). State tensors are new handles sharing memory: the
   * caller owns them.
   */
  stateDict(): OptimizerStateDict {
    this.#live('stateDict');
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...options }) => ({
      ...options,
      ...this.fixedOptions,
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

  /**
   * Restores a state from {@link stateDict}: groups must have the same sizes, in order.
   * @throws TorchError (ERR_STATE) for a state dict saved by another optimizer (an AdamW's into an
   * SGD, or an Adam's into an AdamW), naming both: its options would otherwise be merged silently.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    this.#live('loadStateDict');
    if (sd && typeof sd === 'object' && 'param_groups' in sd) {
      throw new TypeError(`${this.#name}.loadStateDict(): expected { state, paramGroups } from stateDict(), but received PyTorch's ` +
        'state_dict() layout (param_groups): torchts optimizers load the layout their own stateDict() writes');
    }
    if (!sd || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object' || sd.state === null) {
      throw new TypeError(`${this.#name}.loadStateDict(): expected { state, paramGroups }, got ${describe(sd)}`);
    }
    this.#checkKind(sd);
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
    const fixed = new Set(Object.keys(this.fixedOptions).flatMap((k) => [k, pytorchKey(k)]));
    sd.paramGroups.forEach(({ params: _, ...options }, i) => {
      for (const [k, v] of Object.entries(options)) if (!fixed.has(k)) (this.paramGroups[i] as Record<string, unknown>)[k] = v;
    });
  }

  /**
   * Options the class fixes rather than each group (AdamW's decoupled weight decay): written into every
   * group of {@link stateDict}, as PyTorch writes them, so that {@link loadStateDict} can tell which
   * optimizer saved a state dict; never loaded into a group.
   */
  protected get fixedOptions(): Record<string, unknown> {
    return {};
  }

  // Loading another optimizer's state would merge its options into these groups (an AdamW's betas
  // and eps into an SGD) and leave its moments unused: refuse, naming both.
  #checkKind(sd: OptimizerStateDict): void {
    const own = this.#name as OptimizerKind;
    if (!['SGD', 'Adam', 'AdamW', 'RMSprop'].includes(own)) return; // a user-defined optimizer: nothing to compare with
    const { kind, evidence } = stateDictKind(sd);
    // Adam and AdamW: PyTorch loads either dict into either class, because its Adam takes the group's
    // decoupled_weight_decay along and so becomes the optimizer that saved it. A torchts Adam or AdamW
    // fixes that choice per class, so it would run the other algorithm on the loaded state (AdamW's
    // weightDecay 0.01 as an L2 penalty): refused. A dict that does not say (saved before torchts wrote
    // the flag) is accepted by both.
    if (kind === null || kind === own || (kind === 'Adam or AdamW' && (own === 'Adam' || own === 'AdamW'))) return;
    // "an": every name here starts with a vowel sound (Adam, an ess-gee-dee, an ar-em-es-prop).
    throw new TorchError(`${own}.loadStateDict(): this state dict was saved by an ${kind} optimizer (${evidence.join('; ')}), not by an ${own}: ` +
      `loading it would mix the two optimizers' settings and state. Load it into an ${kind}, or start the ${own} from a fresh ` +
      'state (do not load the optimizer state, e.g. load only the model from the checkpoint).', 'ERR_STATE');
  }

  #live(method: string): void {
    if (this.#disposed) throw disposedError(`${this.#name}.${method}()`);
  }

  /** Whether the step count is read by a fused kernel, as float32 on the parameter's device. */
  protected get fusedStepCount(): boolean {
    return false;
  }

  /**
   * Releases every state tensor (moments, momentum buffers, step counts) now, rather than at garbage
   * collection, as a service that builds optimizers per request needs. The parameters belong to the
   * model and are left alone. Afterwards every method throws a TorchError with code ERR_DISPOSED.
   * Idempotent.
   */
  dispose(): void {
    for (const s of this.state.values()) for (const t of Object.values(s)) t.dispose();
    this.state.clear();
    this.#disposed = true;
  }

  /** Lets `using opt = new optim.Adam(...)` dispose the optimizer at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether {@link dispose} has released this optimizer. */
  get isDisposed(): boolean {
    return this.#disposed;
  }
}
