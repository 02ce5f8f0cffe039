/**
 * ScriptModule: a TorchScript module (saved by Python's `torch.jit.save`, or traced from a torchts
 * model) run by libtorch's interpreter, on the JS thread or, with the `...Async` methods, on a thread
 * of its own.
 * @module
 */
import { TorchError, invalidArg } from '../errors.js';
import { type ScriptRef, native } from '../native.js';
import { DTYPES, type DType, dtypeCode } from '../tensor/dtype.js';
import { type Device, checkDevice } from '../tensor/device.js';
import { Tensor, wrap as wrapHandle } from '../tensor/tensor.js';
import { isThenable } from '../util.js';

/** What a TorchScript method takes and returns, as JS values: tensors, numbers, booleans, strings, null, arrays and objects of them. */
export type ScriptValue = Tensor | number | boolean | string | null | ScriptValue[] | { [key: string]: ScriptValue };

type Ref = ScriptRef;

/** Turns the addon's output tree (`{ __tensor: handle }` for each tensor) into Tensors. */
function wrap(value: unknown): ScriptValue {
  if (Array.isArray(value)) return value.map(wrap);
  if (value !== null && typeof value === 'object') {
    const handle = (value as { __tensor?: unknown }).__tensor;
    if (typeof handle === 'number') return wrapHandle(handle);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v)]));
  }
  return value as ScriptValue;
}

/**
 * A TorchScript module, as `torch.jit.ScriptModule`. Load one with {@link load} (a file Python's
 * `torch.jit.save` wrote) or make one with {@link trace}. Inputs are checked against the method's
 * schema (see {@link schema}); outputs are new tensors, arrays for tuples and lists, and objects for
 * dicts.
 *
 * The async methods read their inputs at once (the call holds their tensors, so disposing them
 * meanwhile is safe), run the method on the inference thread (one native thread that runs every
 * model's async calls in order) under inference mode, and resolve with the outputs: the event loop
 * stays free. Calls on one module run one at a time.
 *
 * @example
 * ```ts
 * const model = torch.jit.load('resnet18.pt');            // torch.jit.save(torch.jit.script(net), ...) in Python
 * const logits = await model.forwardAsync(images) as Tensor;
 * ```
 */
export class ScriptModule {
  #ref: Ref | null;

  /** @internal Made by load and trace. */
  constructor(ref: unknown) {
    this.#ref = ref as Ref;
  }

  #live(op: string): Ref {
    if (!this.#ref) throw new TorchError(`ScriptModule.${op}: the module was disposed`, 'ERR_DISPOSED');
    return this.#ref;
  }

  /** Runs `forward` with `inputs`, on this thread. */
  forward(...inputs: ScriptValue[]): ScriptValue {
    return wrap(native.jitRun(this.#live('forward'), 'forward', inputs, 'forward'));
  }

  /** Runs `forward` on the inference thread (one native thread for all models' async calls, in order); resolves with its output. */
  async forwardAsync(...inputs: ScriptValue[]): Promise<ScriptValue> {
    return wrap(await native.jitRunAsync(this.#live('forwardAsync'), 'forward', inputs, 'forwardAsync'));
  }

  /** Runs the method `name` (a `@torch.jit.export`ed one, or forward), on this thread. */
  runMethod(name: string, ...inputs: ScriptValue[]): ScriptValue {
    if (typeof name !== 'string') invalidArg('ScriptModule.runMethod', 'name', 'a method name', name);
    return wrap(native.jitRun(this.#live(name), name, inputs, name));
  }

  /** {@link runMethod} on the inference thread. */
  async runMethodAsync(name: string, ...inputs: ScriptValue[]): Promise<ScriptValue> {
    if (typeof name !== 'string') invalidArg('ScriptModule.runMethodAsync', 'name', 'a method name', name);
    return wrap(await native.jitRunAsync(this.#live(name), name, inputs, `${name}Async`));
  }

  /** @internal `forward` on `samples` stacked into one batch, stacked on the inference thread too (serve.BatchQueue). */
  async _forwardStackedAsync(samples: Tensor[], op: string): Promise<ScriptValue> {
    return wrap(await native.jitRunStackedAsync(this.#live(op), 'forward', samples.map((t) => t._h), op));
  }

  /** The names of the methods it can run. */
  methods(): string[] {
    return native.jitMethods(this.#live('methods'));
  }

  /** A method's TorchScript signature, e.g. `forward(__torch__.Net self, Tensor x, int n=2) -> Tensor`. */
  schema(name = 'forward'): string {
    return native.jitSchema(this.#live('schema'), name);
  }

  #named(op: string, buffers: boolean): [string, Tensor][] {
    return native.jitNamedTensors(this.#live(op), buffers).map(([k, h]) => [k, wrapHandle(h)]);
  }

  /** Its parameters with dotted names (tensors sharing memory with the module). */
  namedParameters(): [string, Tensor][] {
    return this.#named('namedParameters', false);
  }

  /** Its parameters. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Its buffers (batch norm statistics, ...) with dotted names. */
  namedBuffers(): [string, Tensor][] {
    return this.#named('namedBuffers', true);
  }

  /** Parameters and buffers by dotted name, detached, as PyTorch's `state_dict()`: they load into a torchts model of the same structure. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, t] of [...this.namedParameters(), ...this.namedBuffers()]) {
      out[k] = t.detach();
      t.dispose();
    }
    return out;
  }

  /** Sets training mode (dropout, batch norm), as `module.train(mode)`. Returns this. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') invalidArg('ScriptModule.train', 'mode', 'a boolean', mode);
    native.jitTrain(this.#live('train'), mode);
    return this;
  }

  /** Evaluation mode. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Whether it is in training mode. Out of it, methods run under inference mode. */
  get training(): boolean {
    return native.jitIsTraining(this.#live('training'));
  }

  /** Moves (or casts) its parameters and buffers: a device, a floating dtype, or both. Returns this. */
  to(target: Device | DType | { device?: Device; dtype?: DType }): this {
    const op = 'ScriptModule.to';
    const o = typeof target === 'string' ? ((DTYPES as readonly string[]).includes(target) ? { dtype: target as DType } : { device: target as Device }) : target;
    if (o === null || typeof o !== 'object') invalidArg(op, 'target', 'a device, a dtype or { device, dtype }', target);
    const device = o.device === undefined ? null : checkDevice(op, o.device);
    const dtype = o.dtype === undefined ? null : dtypeCode(op, o.dtype);
    native.jitTo(this.#live('to'), device, dtype);
    return this;
  }

  /** Writes it as a TorchScript archive that Python's `torch.jit.load` and libtorch read. */
  save(path: string): void {
    if (typeof path !== 'string') invalidArg('ScriptModule.save', 'path', 'a file path', path);
    native.jitSave(this.#live('save'), path);
  }

  /** Lets go of the module; calls already running finish. Later calls throw ERR_DISPOSED. */
  dispose(): void {
    if (this.#ref) native.jitRelease(this.#ref);
    this.#ref = null;
  }

  /** Whether {@link dispose} has run. */
  get isDisposed(): boolean {
    return this.#ref === null;
  }

  /** `using model = torch.jit.load(...)` disposes it at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}


/** Refuses a forward that returned a promise (tracing records one synchronous call). */
export function checkSync(op: string, value: unknown): void {
  if (isThenable(value)) throw new TypeError(`${op}(): the module's forward returned a promise; only a synchronous forward can be traced`);
}
