/**
 * `nn.Module`: parameters, buffers and submodules, found by walking the module's own properties.
 * @module
 */
import { noGrad, zeroGrads } from '../autograd.js';
import { TorchError, invalidArg } from '../errors.js';
import { native } from '../native.js';
import type { Device } from '../tensor/device.js';
import { type DType, checkDtype, isFloatingDtype } from '../tensor/dtype.js';
import { persist, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

/**
 * The name a property has in PyTorch's state dicts: `runningMean` -> `running_mean`, `selfAttn` ->
 * `self_attn`. Names already in snake case, and `fc1` or `0`, are unchanged; so checkpoints of a
 * torchts model and of its Python twin use the same keys.
 */
export function pytorchName(property: string): string {
  if (typeof property !== 'string') invalidArg('pytorchName', 'property', 'a property name', property);
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A forward hook: sees the module, its inputs and its output after each `forward`. */
export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => void;
/** A forward pre-hook: sees the module and its inputs before each `forward`. */
export type ForwardPreHook = (module: Module, inputs: unknown[]) => void;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (shape mismatches always throw). Default true. */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} reports. */
export interface LoadStateDictResult {
  /** Keys of the module's parameters and persistent buffers that the state dict lacks (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict that match no parameter or persistent buffer of the module (ignored). */
  unexpectedKeys: string[];
}

/**
 * Base class of every layer and model. Parameters ({@link Parameter}) and submodules assigned to
 * properties are found automatically, in the order they were assigned, as PyTorch's `__setattr__`
 * finds them; buffers are registered with {@link registerBuffer}. Names in `namedParameters()` and
 * `stateDict()` are PyTorch's: property names in snake case (see {@link pytorchName}).
 *
 * @example
 * ```ts
 * class Mlp extends nn.Module {
 *   fc1 = new nn.Linear(784, 256);
 *   fc2 = new nn.Linear(256, 10);
 *   forward(x: Tensor) { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 * const model = new Mlp();
 * model.numParameters(); // 203530
 * ```
 */
export abstract class Module {
  /** Whether the module is in training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  #buffers = new Set<string>();
  #nonPersistent = new Set<string>();
  #forwardHooks: ForwardHook[] = [];
  #forwardPreHooks: ForwardPreHook[] = [];
  #disposed = false;

  /** The computation. Subclasses define it; call it as `module.forward(x)`. */
  abstract forward(...inputs: unknown[]): unknown;

  /**
   * Registers a buffer: a tensor that is part of the module's state (saved in `stateDict()`, moved
   * by `to()`) but not a parameter, such as batch norm's running statistics. The tensor becomes the
   * property `name`. `persistent: false` keeps it out of `stateDict()`.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) invalidArg('registerBuffer', 'name', 'a non-empty name without dots', name);
    if (tensor !== null && !(tensor instanceof Tensor)) invalidArg('registerBuffer', 'tensor', 'a Tensor or null', tensor);
    if (tensor !== null) persist(tensor);
    (this as unknown as Record<string, unknown>)[name] = tensor;
    this.#buffers.add(name);
    if (persistent) this.#nonPersistent.delete(name);
    else this.#nonPersistent.add(name);
  }

  /**
   * Calls `hook(module, inputs, output)` after every `forward` of this module, for inspection
   * (the AMP checks use it to find the first module whose output holds inf/NaN). Returns a handle
   * whose `remove()` unregisters it.
   */
  registerForwardHook(hook: ForwardHook): {
    /** Unregisters the hook (PyTorch's `RemovableHandle.remove()`). */
    remove(): void;
  } {
    if (typeof hook !== 'function') invalidArg('registerForwardHook', 'hook', 'a function', hook);
    return this.#addHook(this.#forwardHooks, hook, 'registerForwardHook');
  }

  /** Calls `hook(module, inputs)` before every `forward` of this module. Returns a handle to remove it. */
  registerForwardPreHook(hook: ForwardPreHook): {
    /** Unregisters the hook (PyTorch's `RemovableHandle.remove()`). */
    remove(): void;
  } {
    if (typeof hook !== 'function') invalidArg('registerForwardPreHook', 'hook', 'a function', hook);
    return this.#addHook(this.#forwardPreHooks, hook, 'registerForwardPreHook');
  }

  #addHook<H>(list: H[], hook: H, method: string): { remove(): void } {
    this.#live(method);
    if (this.#forwardHooks.length + this.#forwardPreHooks.length === 0) {
      // An own, non-enumerable `forward` shadows the class's while hooks exist.
      const original = Object.getPrototypeOf(this).forward as (...a: unknown[]) => unknown;
      const [pre, post] = [this.#forwardPreHooks, this.#forwardHooks];
      Object.defineProperty(this, 'forward', {
        configurable: true, enumerable: false, writable: true,
        value: (...inputs: unknown[]) => {
          for (const h of [...pre]) h(this, inputs);
          const output = original.apply(this, inputs);
          for (const h of [...post]) h(this, inputs, output);
          return output;
        },
      });
    }
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
        const hooked = this.#forwardHooks.length + this.#forwardPreHooks.length > 0;
        if (!hooked && !this.#disposed) delete (this as { forward?: unknown }).forward;
      },
    };
  }

  /** Registers a parameter under `name` (the same as assigning a Parameter to that property). */
  registerParameter(name: string, param: Parameter | null): void {
    if (param !== null && !(param instanceof Parameter)) invalidArg('registerParameter', 'param', 'a Parameter or null', param);
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  /**
   * Adds or replaces the direct submodule `name` (PyTorch's `register_module`): the child whose
   * name is `name` (its property, or the property whose snake_case form `namedChildren` shows), else
   * a new property `name`. Containers override it to replace by index or key.
   */
  registerModule(name: string, module: Module): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) invalidArg('registerModule', 'name', 'a non-empty name without dots', name);
    if (!(module instanceof Module)) invalidArg('registerModule', 'module', 'an nn.Module', module);
    const own = Object.entries(this).find(([k, v]) => v instanceof Module && (k === name || pytorchName(k) === name));
    (this as unknown as Record<string, unknown>)[own ? own[0] : name] = module;
  }

  /** Direct submodules with their property names. Containers override this to name them by index. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [pytorchName(k), v];
  }

  /** This module's own parameters (not its children's), in assignment order. */
  *#ownParameters(): Generator<[string, Parameter]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Parameter) yield [pytorchName(k), v];
  }

  #persistent(pytorchBufferName: string): boolean {
    for (const k of this.#nonPersistent) if (pytorchName(k) === pytorchBufferName) return false;
    return true;
  }

  *#ownBuffers(): Generator<[string, Tensor]> {
    for (const k of this.#buffers) {
      const v = (this as unknown as Record<string, unknown>)[k];
      if (v instanceof Tensor) yield [pytorchName(k), v];
    }
  }

  /** This module and every submodule, depth first, with dotted names (`''` for this one). */
  *namedModules(prefix = '', seen = new Set<Module>()): Generator<[string, Module]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [name, child] of this.namedChildren()) yield* child.namedModules(prefix ? `${prefix}.${name}` : name, seen);
  }

  /** Every parameter with its dotted name (`fc1.weight`), each once, in PyTorch's order. */
  *namedParameters(options: { recurse?: boolean } = {}): Generator<[string, Parameter]> {
    this.#live('namedParameters');
    const seen = new Set<Parameter>();
    const modules: Iterable<[string, Module]> = options.recurse === false ? [['', this]] : this.namedModules();
    for (const [prefix, m] of modules) {
      for (const [name, p] of m.#ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        yield [prefix ? `${prefix}.${name}` : name, p];
      }
    }
  }

  /** Every parameter, each once. */
  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    return [...this.namedParameters(options)].map(([, p]) => p);
  }

  /** Every buffer with its dotted name. */
  *namedBuffers(): Generator<[string, Tensor]> {
    this.#live('namedBuffers');
    for (const [prefix, m] of this.namedModules()) for (const [name, b] of m.#ownBuffers()) yield [prefix ? `${prefix}.${name}` : name, b];
  }

  /** Every buffer of this module and its submodules (e.g. batch norm's `runningMean`), in {@link namedBuffers} order. */
  buffers(): Tensor[] {
    return [...this.namedBuffers()].map(([, b]) => b);
  }

  /** The direct submodules (not their descendants), in {@link namedChildren} order. */
  children(): Module[] {
    return [...this.namedChildren()].map(([, m]) => m);
  }

  /** This module and every submodule, depth first, each once (PyTorch's `modules()`). */
  modules(): Module[] {
    return [...this.namedModules()].map(([, m]) => m);
  }

  /** Sets training mode on this module and every submodule. Returns this. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') invalidArg('train', 'mode', 'a boolean', mode);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  // Replaces the data of every parameter and buffer in place (as PyTorch's `param.data = fn(param)`),
  // so optimizers and user code holding them keep working.
  #apply(fn: (t: Tensor) => Tensor | null): this {
    tidy(() => {
      noGrad(() => {
        const all: Tensor[] = [...this.parameters(), ...this.buffers()];
        for (const t of all) {
          const next = fn(t);
          if (next !== null && next !== t) native.setData(t._h, next._h);
          const g = native.grad(t._h);
          if (g !== null) {
            // Gradients follow their parameter, as in PyTorch.
            const gt = new Tensor(g);
            const ng = fn(gt);
            if (ng !== null && ng !== gt) native.setData(g, ng._h);
            native.dispose(g);
          }
        }
      });
    });
    return this;
  }

  /**
   * Moves parameters and buffers to a device and/or casts floating-point ones to a dtype, in place.
   * Integer buffers (such as `numBatchesTracked`) keep their dtype, as in PyTorch.
   */
  to(target: DType | Device | { dtype?: DType; device?: Device }): this {
    this.#live('to');
    const opts = typeof target === 'string' ? (/^(cpu|cuda)/.test(target) ? { device: target as Device } : { dtype: target as DType }) : target;
    if (opts === null || typeof opts !== 'object') invalidArg('to', 'target', 'a dtype, a device or { dtype, device }', target);
    const dtype = opts.dtype === undefined ? undefined : checkDtype('to', opts.dtype);
    if (dtype !== undefined && !isFloatingDtype(dtype)) {
      throw new TypeError(`Module.to(): only floating-point dtypes are allowed, but received '${dtype}'`);
    }
    return this.#apply((t) => t.to({ device: opts.device, dtype: dtype !== undefined && t.isFloatingPoint() ? dtype : undefined }));
  }

  /** Casts floating-point parameters and buffers to float16. */
  half(): this { return this.to('float16'); }
  /** Casts floating-point parameters and buffers to float32. */
  float(): this { return this.to('float32'); }
  /** Casts floating-point parameters and buffers to float64. */
  double(): this { return this.to('float64'); }
  /** Casts floating-point parameters and buffers to bfloat16. */
  bfloat16(): this { return this.to('bfloat16'); }
  /** Moves to the CPU. */
  cpu(): this { return this.to('cpu'); }
  /** Moves to a CUDA device. */
  cuda(device = 0): this { return this.to(`cuda:${device}`); }

  /** Clears the gradients of every parameter: to null (the default, PyTorch's), or to zeros. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    zeroGrads(this.parameters(), options.setToNone ?? true);
  }

  /** Turns gradient recording on or off for every parameter (`false` freezes the module). Returns this. */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') invalidArg('requiresGrad_', 'requiresGrad', 'a boolean', requiresGrad);
    for (const p of this.parameters()) native.requiresGrad_(p._h, requiresGrad);
    return this;
  }

  /** The number of parameter elements (only trainable ones with `trainableOnly`). */
  numParameters(options: { trainableOnly?: boolean } = {}): number {
    return this.parameters().reduce((n, p) => (options.trainableOnly && !p.requiresGrad ? n : n + p.numel()), 0);
  }

  /**
   * Parameters and persistent buffers by dotted name, as detached tensors sharing memory with the
   * module (PyTorch's `state_dict()`). The caller owns the returned tensors (dispose them, or call
   * inside `tidy`).
   */
  stateDict(): Record<string, Tensor> {
    this.#live('stateDict');
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      const dot = prefix ? `${prefix}.` : '';
      for (const [name, p] of m.#ownParameters()) out[dot + name] = p.detach();
      for (const [name, b] of m.#ownBuffers()) if (m.#persistent(name)) out[dot + name] = b.detach();
    }
    return out;
  }

  /**
   * Copies a state dict into the module's parameters and buffers. Shape mismatches always throw;
   * missing and unexpected keys throw when `strict` (the default), listing every key, as PyTorch does.
   */
  loadStateDict(stateDict: Record<string, Tensor> | Map<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    this.#live('loadStateDict');
    const strict = options.strict ?? true;
    const given = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict ?? {}));
    if (stateDict === null || typeof stateDict !== 'object') invalidArg('loadStateDict', 'stateDict', 'an object or Map of tensors', stateDict);
    const own = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      const dot = prefix ? `${prefix}.` : '';
      for (const [name, p] of m.#ownParameters()) own.set(dot + name, p);
      for (const [name, b] of m.#ownBuffers()) if (m.#persistent(name)) own.set(dot + name, b);
    }
    const missingKeys = [...own.keys()].filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !own.has(k));
    const errors: string[] = [];
    if (strict && missingKeys.length) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (strict && unexpectedKeys.length) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    for (const [k, t] of own) {
      const src = given.get(k);
      if (src === undefined) continue;
      if (!(src instanceof Tensor)) {
        errors.push(`value for ${k} is ${typeof src}, not a Tensor.`);
        continue;
      }
      const [a, b] = [src.shape, t.shape];
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
        errors.push(`size mismatch for ${k}: copying a param with shape [${a.join(', ')}] from checkpoint, the shape in current model is [${b.join(', ')}].`);
      }
    }
    if (errors.length) {
      throw new TorchError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`, 'ERR_STATE');
    }
    noGrad(() => {
      for (const [k, t] of own) {
        const src = given.get(k);
        if (src) t.copy_(src);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Releases the native memory of every parameter, buffer and gradient of this module and its
   * submodules now, rather than when garbage collection gets to them: a service that builds a model
   * per request (or swaps models) needs the memory back at a known point. Parameters shared with
   * another module (tied weights) are released too. Afterwards `forward` and the methods that reach
   * the tensors throw a TorchError with code ERR_DISPOSED; tensors obtained from the module before
   * (`stateDict()` entries share memory) keep that memory alive until they are disposed. Idempotent.
   *
   * @example
   * ```ts
   * { using model = new Mlp(); serve(model); } // released at the end of the block
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    const modules = this.modules();
    const tensors = [...this.parameters(), ...this.buffers()];
    for (const t of tensors) {
      if (t.isDisposed) continue;
      t.grad = null; // the gradient's memory goes with its parameter
      t.dispose();
    }
    for (const m of modules) m.#markDisposed();
  }

  /** Lets `using model = new Mlp()` dispose the module at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether {@link dispose} has released this module's tensors. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  #markDisposed(): void {
    this.#disposed = true;
    this.#forwardHooks.length = 0;
    this.#forwardPreHooks.length = 0;
    // An own `forward` shadows the class's (as hooks do), so a call fails with a clear error
    // instead of meeting released weights somewhere inside.
    Object.defineProperty(this, 'forward', {
      configurable: true, enumerable: false, writable: true,
      value: () => this.#live('forward'),
    });
  }

  #live(method: string): void {
    if (this.#disposed) {
      throw new TorchError(`${this.constructor.name}.${method}(): this module has been disposed (dispose() released its parameters and ` +
        'buffers) and cannot be used again. Build a new one, or load its weights into a new one from a checkpoint.', 'ERR_DISPOSED');
    }
  }

  /** Extra text shown in `toString()` between the parentheses, e.g. `in_features=784, ...`. */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's module printout. */
  toString(): string {
    const children = [...this.namedChildren()];
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = children.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${this.constructor.name}(${extra ? `\n  ${extra}` : ''}\n${lines.join('\n')}\n)`;
  }

  /** A table of every module with its output-independent facts: name, type, parameter count. */
  summary(): string {
    const rows = this.modules().length ? [...this.namedModules()].map(([name, m]) => {
      const own = [...m.namedParameters({ recurse: false })].reduce((n, [, p]) => n + p.numel(), 0);
      return [name || '(root)', m.constructor.name, own.toLocaleString('en-US')];
    }) : [];
    const header = ['name', 'type', 'params'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
    const total = this.numParameters();
    const trainable = this.numParameters({ trainableOnly: true });
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '',
      `total parameters: ${total.toLocaleString('en-US')} (trainable: ${trainable.toLocaleString('en-US')})`].join('\n');
  }
}
