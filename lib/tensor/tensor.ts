/**
 * The Tensor class: a handle on a libtorch tensor, with PyTorch's methods in JavaScript case.
 * @module
 */
import { getHeapStatistics } from 'node:v8';
import { TorchError, checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { native, type Handle } from '../native.js';
import { dimsArg, intsArg } from './args.js';
import { type Device, deviceArg } from './device.js';
import { type DType, dtypeCode, dtypeName, isFloatingDtype } from './dtype.js';
import { valueRead } from '../jit/tracing.js';
import { formatTensor } from './format.js';
import { BINARY, type GeneratedMethods, NULLARY, TENSOR_BINARY, UNARY } from './generated-methods.js';
import { type IndexItem, applyIndex, applyIndexPut } from './indexing.js';
import { release, setTensorCheck, track } from './scope.js';

/** A number, or a boolean (for bool tensors), used where PyTorch takes a Python scalar. */
export type Scalar = number | boolean;
/** One dimension, or several. Negative dimensions count from the end. */
export type Dims = number | number[];
/** Nested arrays of numbers or booleans, as `toArray()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

// A generated method's native function, looked up by name (GeneratedNative types each one).
type Fn = (...args: unknown[]) => Handle;

/** Reads a tensor argument's handle, or throws a TypeError naming the argument. */
export function h(value: unknown, opName: string, name: string): Handle {
  if (value instanceof Tensor) return value._h;
  return invalidArg(opName, name, 'a Tensor', value);
}

/**
 * The handle of a method's receiver. A Tensor method called on something else, such as a method
 * taken off its tensor (`const f = t.relu; f()`) or applied with `call`, throws a TypeError that
 * names it, not "Cannot read properties of undefined (reading '_h')". One typeof check: the per-op
 * path (about 1 µs) pays nothing measurable.
 */
export function hSelf(self: Tensor, opName: string): Handle {
  const handle = self?._h;
  return typeof handle === 'number' ? handle : notATensor(opName, self);
}

function notATensor(opName: string, self: unknown): never {
  return invalidArg(opName, 'this', 'a Tensor (call it as a method of a tensor, or bind it: t.op.bind(t))', self);
}

/** Throws the addon's disposed-tensor error for `op` when `t` (argument number `position`) was released. */
export function live(t: Tensor, op: string, position: number): void {
  if (t._h < 0 || !native.isLive(t._h)) {
    throw new TorchError(`${op}: tensor argument ${position} has been disposed and cannot be used again. Keep tensors you still need ` +
      'with torch.keep(), or return them from torch.tidy().', 'ERR_DISPOSED');
  }
}

/** Like {@link h} for an optional tensor. */
export function optH(value: unknown, opName: string, name: string): Handle | null {
  return value === undefined || value === null ? null : h(value, opName, name);
}

/** Handles of an array of tensors. */
export function hs(values: unknown, opName: string, name: string): Handle[] {
  if (!Array.isArray(values)) invalidArg(opName, name, 'an array of Tensors', values);
  // A loop, not map(): map() skips the holes of a sparse array, and would walk all 2^32 - 1 of them
  // before anything failed; reading values[i] fails at the first.
  const out: Handle[] = [];
  for (let i = 0; i < values.length; i++) out.push(h(values[i], opName, `${name}[${i}]`));
  return out;
}

/** Wraps a new handle from the addon in a Tensor owned by the current scope. */
export function wrap(handle: Handle): Tensor {
  const t = new Tensor(handle);
  track(t);
  return t;
}

export function wrapOpt(handle: Handle | null): Tensor | null {
  return handle === null ? null : wrap(handle);
}

export function wrapAll(handles: Handle[]): Tensor[] {
  return handles.map(wrap);
}

// 'cuda' names the current device, which is cuda:0 unless changed.
function sameDevice(wanted: string, actual: string): boolean {
  return wanted === actual || (wanted === 'cuda' && actual === 'cuda:0');
}

function intArg(v: unknown, opName: string, name: string): number {
  return isInt(v) ? v : invalidArg(opName, name, 'an integer', v);
}

function scalarArg(v: unknown, opName: string, name: string): Scalar {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return invalidArg(opName, name, 'a number', v);
}

/**
 * The most elements toArray() converts: nested JS arrays cost about 32 bytes an element in V8's heap
 * (a boxed double in a holey array, plus the arrays themselves), and running out of heap aborts the
 * whole process; so toArray() refuses what could take more than half of the heap's limit.
 */
function maxArrayElements(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 64);
}

/** Options of {@link Tensor.to}. */
export interface ToOptions {
  /** The dtype to convert to, e.g. `'float16'`. Default: keep the tensor's dtype. */
  dtype?: DType;
  /** The device to move to, e.g. `'cuda'` or `'cuda:1'`. Default: keep the tensor's device. */
  device?: Device;
  /** Always return a new tensor, even when nothing changes. Default false. */
  copy?: boolean;
}

/**
 * A multi-dimensional array on a device, with autograd. Made by the creation functions of
 * `torch` (`torch.tensor`, `torch.zeros`, ...) and by operations; never with `new`.
 *
 * Its native memory is released by {@link Tensor.dispose}, by `using`, by `torch.tidy`, and, for a
 * tensor that escapes every scope, by garbage collection.
 *
 * @example
 * ```ts
 * const x = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * x.grad!.toArray(); // [[2, 4], [6, 8]]
 * ```
 */
// The class merges with the interface of the methods defined on its prototype from the op tables (below).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor {
  /** @internal The addon's handle; -1 once disposed. */
  _h: Handle;
  /** @internal */
  _kept = false;

  /** @internal Use the creation functions of `torch`. */
  constructor(handle: Handle) {
    this._h = handle;
  }

  // ---- lifetime ------------------------------------------------------------------------------------

  /** Releases the native memory now. Using the tensor afterwards throws a TorchError (ERR_DISPOSED). Idempotent. */
  dispose(): void {
    hSelf(this, 'dispose');
    release(this);
  }

  /** Lets `using t = ...` dispose the tensor at the end of the block. */
  [Symbol.dispose](): void {
    release(this);
  }

  /** Whether {@link dispose} (or a scope) has released this tensor. */
  get isDisposed(): boolean {
    return hSelf(this, 'isDisposed') < 0;
  }

  // ---- metadata ------------------------------------------------------------------------------------

  /** The size of each dimension. */
  get shape(): number[] {
    return native.shape(hSelf(this, 'shape'));
  }

  /** PyTorch's `size()`: the shape, or the size of one dimension. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    const s = native.shape(hSelf(this, 'size'));
    if (dim === undefined) return s;
    const d = intArg(dim, 'size', 'dim');
    if (d < -s.length || d >= s.length) outOfRange('size', 'dim', `in [${-s.length}, ${s.length - 1}]`, d);
    return s[d < 0 ? d + s.length : d];
  }

  /** The element type. */
  get dtype(): DType {
    return dtypeName(native.dtype(hSelf(this, 'dtype')));
  }

  /** The device the data lives on: `'cpu'` or `'cuda:N'`. */
  get device(): Device {
    return native.device(hSelf(this, 'device')) as Device;
  }

  /** The number of elements. */
  numel(): number {
    return native.numel(hSelf(this, 'numel'));
  }

  /** The number of dimensions. */
  get ndim(): number {
    return native.dim(hSelf(this, 'ndim'));
  }

  /** Same as {@link ndim}. */
  dim(): number {
    return native.dim(hSelf(this, 'dim'));
  }

  /** Strides in elements. */
  stride(): number[] {
    return native.strides(hSelf(this, 'stride'));
  }

  /** Whether the elements are laid out contiguously in row-major order. */
  isContiguous(): boolean {
    return native.isContiguous(hSelf(this, 'isContiguous'));
  }

  /** Whether autograd records operations on this tensor. Settable, as {@link requiresGrad_}. */
  get requiresGrad(): boolean {
    return native.requiresGrad(hSelf(this, 'requiresGrad'));
  }

  /** Sets whether autograd records operations on this tensor, as {@link requiresGrad_} does. */
  set requiresGrad(on: boolean) {
    hSelf(this, 'requiresGrad');
    this.requiresGrad_(on);
  }

  /** Sets {@link requiresGrad} in place and returns this tensor. Only floating-point tensors can require grad. */
  requiresGrad_(on = true): this {
    if (typeof on !== 'boolean') invalidArg('requiresGrad_', 'requiresGrad', 'a boolean', on);
    native.requiresGrad_(hSelf(this, 'requiresGrad_'), on);
    return this;
  }

  /** Whether this tensor is a leaf of the autograd graph (made by the user, not by an op that records grad). */
  get isLeaf(): boolean {
    return native.isLeaf(hSelf(this, 'isLeaf'));
  }

  /** The name of the autograd function that made this tensor, e.g. `'AddBackward0'`, or null for a leaf. */
  get gradFn(): string | null {
    return native.gradFn(hSelf(this, 'gradFn'));
  }

  /**
   * The gradient accumulated by `backward()`, or null. Each read returns a new Tensor object on the
   * same gradient; inside a loop, read it inside `tidy` or dispose it.
   */
  get grad(): Tensor | null {
    return wrapOpt(native.grad(hSelf(this, 'grad')));
  }

  /** Sets or clears the gradient; it must match this tensor's shape, dtype and device, as PyTorch requires. */
  set grad(g: Tensor | null) {
    hSelf(this, 'grad');
    if (g !== null && g !== undefined) {
      h(g, 'grad', 'grad');
      live(g, 'grad', 1);
      const bad = (why: string) => new TorchError(`grad: ${why}`, 'ERR_TORCH');
      if (g === this) throw bad("can't assign Variable as its own grad");
      const [gs, ts] = [g.shape, this.shape];
      if (gs.length !== ts.length || gs.some((d, i) => d !== ts[i])) throw bad(`assigned grad has data of a different size: [${gs}], but the tensor has [${ts}]`);
      if (g.dtype !== this.dtype) throw bad(`assigned grad has data of a different type: ${g.dtype}, but the tensor is ${this.dtype}`);
      if (g.device !== this.device) throw bad(`assigned grad is on ${g.device}, but the tensor is on ${this.device}`);
    }
    native.setGrad(hSelf(this, 'grad'), optH(g, 'grad', 'grad'));
  }

  /** Keeps `.grad` for a non-leaf tensor after `backward()`. */
  retainGrad(): this {
    native.retainGrad(hSelf(this, 'retainGrad'));
    return this;
  }

  /** Whether the dtype is a floating-point one (float16, bfloat16, float32, float64). */
  isFloatingPoint(): boolean {
    hSelf(this, 'isFloatingPoint');
    return isFloatingDtype(this.dtype);
  }

  /** Whether the dtype is float16: what the AMP checks ask ("which tensors are really half"). */
  isHalf(): boolean {
    hSelf(this, 'isHalf');
    return this.dtype === 'float16';
  }

  /** Whether the tensor is on a CUDA device. */
  isCuda(): boolean {
    hSelf(this, 'isCuda');
    return this.device.startsWith('cuda');
  }

  /** The in-place version counter autograd uses to detect modified saved tensors. */
  get version(): number {
    return native.version(hSelf(this, 'version'));
  }

  // ---- conversion ----------------------------------------------------------------------------------

  /**
   * Returns the tensor on another device and/or with another dtype. Returns `this` itself when
   * nothing changes and `copy` is not set, as PyTorch does (so disposing the result disposes `this`).
   */
  to(target: DType | Device | ToOptions): Tensor {
    let opts: ToOptions;
    if (typeof target === 'string') opts = /^(cpu|cuda)/.test(target) ? { device: target as Device } : { dtype: target as DType };
    else if (target !== null && typeof target === 'object') {
      checkOptions('to', target, ['dtype', 'device', 'copy']);
      opts = target;
    }
    else return invalidArg('to', 'target', 'a dtype, a device or { dtype, device, copy }', target);
    const dtype = dtypeCode('to', opts.dtype);
    const device = deviceArg('to', opts.device);
    const copy = opts.copy ?? false;
    if (typeof copy !== 'boolean') invalidArg('to', 'copy', 'a boolean', copy);
    if (!copy && (dtype === null || dtype === native.dtype(hSelf(this, 'to'))) && (device === null || sameDevice(device, native.device(hSelf(this, 'to'))))) {
      return this;
    }
    return wrap(native.to(hSelf(this, 'to'), dtype, device, copy));
  }

  /** Same as `to('float16')`. */
  half(): Tensor { hSelf(this, 'half'); return this.to('float16'); }
  /** Same as `to('float32')`. */
  float(): Tensor { hSelf(this, 'float'); return this.to('float32'); }
  /** Same as `to('float64')`. */
  double(): Tensor { hSelf(this, 'double'); return this.to('float64'); }
  /** Same as `to('bfloat16')`. */
  bfloat16(): Tensor { hSelf(this, 'bfloat16'); return this.to('bfloat16'); }
  /** Same as `to('int64')`. */
  long(): Tensor { hSelf(this, 'long'); return this.to('int64'); }
  /** Same as `to('int32')`. */
  int(): Tensor { hSelf(this, 'int'); return this.to('int32'); }
  /** Same as `to('bool')`. */
  bool(): Tensor { hSelf(this, 'bool'); return this.to('bool'); }
  /** Same as `to('cpu')`. */
  cpu(): Tensor { hSelf(this, 'cpu'); return this.to('cpu'); }
  /** Same as `to('cuda')` or `to('cuda:N')`. */
  cuda(device: number = 0): Tensor {
    hSelf(this, 'cuda');
    if (!isInt(device) || device < 0) invalidArg('cuda', 'device', 'a non-negative integer', device);
    return this.to(`cuda:${device}`);
  }
  /** Same dtype as `other`. */
  typeAs(other: Tensor): Tensor { hSelf(this, 'typeAs'); h(other, 'typeAs', 'other'); live(other as Tensor, 'typeAs', 2); return this.to(other.dtype); }

  /** A copy with its own memory, recorded by autograd. */
  clone(): Tensor { return wrap(native.clone(hSelf(this, 'clone'))); }
  /** A tensor on the same memory, outside the autograd graph. */
  detach(): Tensor { return wrap(native.detach(hSelf(this, 'detach'))); }
  /** Detaches this tensor from the graph in place. */
  detach_(): this { native.detach_(hSelf(this, 'detach_')); return this; }
  /** This tensor if contiguous, else a contiguous copy. */
  contiguous(): Tensor { return wrap(native.contiguous(hSelf(this, 'contiguous'))); }

  // ---- read-back -----------------------------------------------------------------------------------

  /** The value of a one-element tensor as a number (a boolean for bool tensors). */
  item(): number;
  item(): number | boolean;
  item(): number | boolean {
    const handle = hSelf(this, 'item');
    valueRead('item');
    return native.item(handle);
  }

  /**
   * A copy of the data as a flat TypedArray in row-major order: Float32Array for float32, float16 and
   * bfloat16 (converted), Float64Array, BigInt64Array for int64, Int32/16/8Array, Uint8Array for uint8
   * and bool. Copies from the GPU when the tensor is on one.
   */
  data(): Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array {
    const handle = hSelf(this, 'data');
    valueRead('data');
    return native.data(handle);
  }

  /** The data as nested arrays of numbers (booleans for bool tensors), like PyTorch's `tolist()`. */
  toArray(): NestedArray {
    hSelf(this, 'toArray');
    valueRead('toArray');
    const shape = this.shape;
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel > maxArrayElements()) {
      throw new RangeError(`toArray(): the tensor has ${numel} elements, more than nested JS arrays can hold in this heap ` +
        `(at most ${maxArrayElements()}). Use data() for a TypedArray copy, or toArray() on a slice.`);
    }
    const raw = native.data(hSelf(this, 'toArray'));
    const isBool = this.dtype === 'bool';
    const flat: (number | boolean)[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) flat[i] = isBool ? raw[i] !== 0 : Number(raw[i]);
    if (shape.length === 0) return flat[0];
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = d === shape.length - 1 ? flat[pos++] : build(d + 1);
      return out;
    };
    return build(0);
  }

  /** Same as {@link toArray}. */
  tolist(): NestedArray {
    hSelf(this, 'tolist');
    return this.toArray();
  }

  /** Prints like PyTorch: `tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)`. */
  toString(): string {
    if (hSelf(this, 'toString') < 0) return 'tensor(<disposed>)';
    return formatTensor(this);
  }

  /** @internal Makes `console.log(t)` print the values. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- arithmetic ----------------------------------------------------------------------------------

  /** `this + alpha * other`, broadcasting. */
  add(other: Tensor | Scalar, alpha: Scalar = 1): Tensor {
    return wrap((typeof other === 'object'
      ? native.add(hSelf(this, 'add'), h(other, 'add', 'other'), alpha)
      : native.addScalar(hSelf(this, 'add'), scalarArg(other, 'add', 'other'), alpha)));
  }

  /** `this - alpha * other`, broadcasting. */
  sub(other: Tensor | Scalar, alpha: Scalar = 1): Tensor {
    return wrap(typeof other === 'object'
      ? native.sub(hSelf(this, 'sub'), h(other, 'sub', 'other'), alpha)
      : native.subScalar(hSelf(this, 'sub'), scalarArg(other, 'sub', 'other'), alpha));
  }

  /** `other - alpha * this`. */
  rsub(other: Tensor | Scalar, alpha: Scalar = 1): Tensor {
    if (typeof other === 'object') {
      // native.sub(other, this) would name 'sub' and count the arguments the other way round.
      const self = hSelf(this, 'rsub');
      h(other, 'rsub', 'other');
      scalarArg(alpha, 'rsub', 'alpha');
      live(this, 'rsub', 1);
      live(other, 'rsub', 2);
      return wrap(native.sub(other._h, self, alpha));
    }
    return wrap(native.rsubScalar(hSelf(this, 'rsub'), scalarArg(other, 'rsub', 'other'), alpha));
  }

  /** In-place `this += alpha * other`. */
  add_(other: Tensor | Scalar, alpha: Scalar = 1): this {
    if (typeof other === 'object') native.add_(hSelf(this, 'add_'), h(other, 'add_', 'other'), alpha);
    else native.addScalar_(hSelf(this, 'add_'), scalarArg(other, 'add_', 'other'), alpha);
    return this;
  }

  /** In-place `this -= alpha * other`. */
  sub_(other: Tensor | Scalar, alpha: Scalar = 1): this {
    if (typeof other === 'object') native.sub_(hSelf(this, 'sub_'), h(other, 'sub_', 'other'), alpha);
    else native.subScalar_(hSelf(this, 'sub_'), scalarArg(other, 'sub_', 'other'), alpha);
    return this;
  }

  /** Division with `roundingMode` `'trunc'` or `'floor'` (plain `div(other)` is true division). */
  divMode(other: Tensor | Scalar, roundingMode: 'trunc' | 'floor'): Tensor {
    if (roundingMode !== 'trunc' && roundingMode !== 'floor') invalidArg('divMode', 'roundingMode', "'trunc' or 'floor'", roundingMode);
    return wrap(typeof other === 'object'
      ? native.divMode(hSelf(this, 'divMode'), h(other, 'divMode', 'other'), roundingMode)
      : native.divScalarMode(hSelf(this, 'divMode'), scalarArg(other, 'divMode', 'other'), roundingMode));
  }

  /** `this + value * t1 * t2`, in place. */
  addcmul_(t1: Tensor, t2: Tensor, value: Scalar = 1): this {
    native.addcmul_(hSelf(this, 'addcmul_'), h(t1, 'addcmul_', 'tensor1'), h(t2, 'addcmul_', 'tensor2'), value);
    return this;
  }

  /** `this + value * t1 / t2`, in place. */
  addcdiv_(t1: Tensor, t2: Tensor, value: Scalar = 1): this {
    native.addcdiv_(hSelf(this, 'addcdiv_'), h(t1, 'addcdiv_', 'tensor1'), h(t2, 'addcdiv_', 'tensor2'), value);
    return this;
  }

  /** `this + weight * (end - this)`. */
  lerp(end: Tensor, weight: Scalar): Tensor {
    return wrap(native.lerp(hSelf(this, 'lerp'), h(end, 'lerp', 'end'), weight));
  }

  /** In-place {@link lerp}. */
  lerp_(end: Tensor, weight: Scalar): this {
    native.lerp_(hSelf(this, 'lerp_'), h(end, 'lerp_', 'end'), weight);
    return this;
  }

  /** Clamps every element into `[min, max]`; either bound may be null. Bounds may be tensors. */
  clamp(min?: Scalar | Tensor | null, max?: Scalar | Tensor | null): Tensor {
    if ((min === undefined || min === null) && (max === undefined || max === null)) {
      throw new TypeError('clamp(): at least one of min and max must be given');
    }
    if (min instanceof Tensor || max instanceof Tensor) {
      return wrap(native.clampTensor(hSelf(this, 'clamp'), optH(min, 'clamp', 'min'), optH(max, 'clamp', 'max')));
    }
    return wrap(native.clamp(hSelf(this, 'clamp'), min ?? null, max ?? null));
  }

  /** In-place {@link clamp} with scalar bounds. */
  clamp_(min?: Scalar | null, max?: Scalar | null): this {
    if ((min === undefined || min === null) && (max === undefined || max === null)) {
      throw new TypeError('clamp_(): at least one of min and max must be given');
    }
    native.clamp_(hSelf(this, 'clamp_'), min ?? null, max ?? null);
    return this;
  }

  /** PyTorch's `clamp(min=...)`. */
  clampMin(min: Scalar): Tensor {
    hSelf(this, 'clampMin');
    if ((min as unknown) instanceof Tensor) live(min as unknown as Tensor, 'clampMin', 2);
    else scalarArg(min, 'clampMin', 'min');
    return this.clamp(min, null);
  }
  /** PyTorch's `clamp(max=...)`. */
  clampMax(max: Scalar): Tensor {
    hSelf(this, 'clampMax');
    if ((max as unknown) instanceof Tensor) live(max as unknown as Tensor, 'clampMax', 2);
    else scalarArg(max, 'clampMax', 'max');
    return this.clamp(null, max);
  }

  /** Replaces NaN, +inf and -inf. Defaults: 0, the dtype's largest and smallest finite values. */
  nanToNum(nan?: number, posinf?: number, neginf?: number): Tensor {
    return wrap(native.nanToNum(hSelf(this, 'nanToNum'), nan ?? null, posinf ?? null, neginf ?? null));
  }

  /** Elementwise choice: `condition ? this : other` (this method is PyTorch's `Tensor.where`). */
  where(condition: Tensor, other: Tensor | Scalar): Tensor {
    const c = h(condition, 'where', 'condition');
    return wrap(typeof other === 'object'
      ? native.where(c, hSelf(this, 'where'), h(other, 'where', 'other'))
      : native.whereScalarOther(c, hSelf(this, 'where'), scalarArg(other, 'where', 'other')));
  }

  // ---- activations ---------------------------------------------------------------------------------

  /** GELU; `approximate: 'tanh'` uses the tanh approximation. */
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    if (approximate !== 'none' && approximate !== 'tanh') invalidArg('gelu', 'approximate', "'none' or 'tanh'", approximate);
    return wrap(native.gelu(hSelf(this, 'gelu'), approximate));
  }

  /** Leaky ReLU: `x` for x ≥ 0, `negativeSlope · x` otherwise. */
  leakyRelu(negativeSlope = 0.01): Tensor { return wrap(native.leakyRelu(hSelf(this, 'leakyRelu'), negativeSlope)); }
  /** ELU with `alpha`. */
  elu(alpha = 1): Tensor { return wrap(native.elu(hSelf(this, 'elu'), alpha)); }
  /** CELU with `alpha`. */
  celu(alpha = 1): Tensor { return wrap(native.celu(hSelf(this, 'celu'), alpha)); }
  /** Softplus `log(1 + e^(beta·x)) / beta`, linear above `threshold`. */
  softplus(beta = 1, threshold = 20): Tensor { return wrap(native.softplus(hSelf(this, 'softplus'), beta, threshold)); }
  /** Clamps into `[minVal, maxVal]` (HardTanh). */
  hardtanh(minVal = -1, maxVal = 1): Tensor { return wrap(native.hardtanh(hSelf(this, 'hardtanh'), minVal, maxVal)); }

  /** Softmax along `dim`, optionally computed in `dtype`. */
  softmax(dim: number, dtype?: DType): Tensor {
    return wrap(native.softmax(hSelf(this, 'softmax'), intArg(dim, 'softmax', 'dim'), dtypeCode('softmax', dtype)));
  }

  /** Log-softmax along `dim`, optionally computed in `dtype`. */
  logSoftmax(dim: number, dtype?: DType): Tensor {
    return wrap(native.logSoftmax(hSelf(this, 'logSoftmax'), intArg(dim, 'logSoftmax', 'dim'), dtypeCode('logSoftmax', dtype)));
  }

  // ---- reductions ----------------------------------------------------------------------------------

  /** Sum over `dim` (all dimensions when omitted). */
  sum(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(native.sum(hSelf(this, 'sum'), dimsArg('sum', dim), keepdim, dtypeCode('sum', dtype)));
  }

  /** Mean over `dim` (all dimensions when omitted). */
  mean(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(native.mean(hSelf(this, 'mean'), dimsArg('mean', dim), keepdim, dtypeCode('mean', dtype)));
  }

  /** Sum treating NaN as zero. */
  nansum(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(native.nansum(hSelf(this, 'nansum'), dimsArg('nansum', dim), keepdim, dtypeCode('nansum', dtype)));
  }

  /** Product of all elements, or along one `dim`. */
  prod(dim?: number | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(native.prod(hSelf(this, 'prod'), dim === undefined || dim === null ? null : intArg(dim, 'prod', 'dim'), keepdim, dtypeCode('prod', dtype)));
  }

  /** Maximum of all elements. With `dim`: `{ values, indices }` along it. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): {
    /** The maximum along `dim`. */
    values: Tensor;
    /** The position of each maximum along `dim` (int64). */
    indices: Tensor;
  };
  max(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    if (dim === undefined) return wrap(native.maxAll(hSelf(this, 'max')));
    const [values, indices] = wrapAll(native.maxDim(hSelf(this, 'max'), intArg(dim, 'max', 'dim'), keepdim));
    return { values, indices };
  }

  /** Minimum of all elements. With `dim`: `{ values, indices }` along it. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): {
    /** The minimum along `dim`. */
    values: Tensor;
    /** The position of each minimum along `dim` (int64). */
    indices: Tensor;
  };
  min(dim?: number, keepdim = false): Tensor | { values: Tensor; indices: Tensor } {
    if (dim === undefined) return wrap(native.minAll(hSelf(this, 'min')));
    const [values, indices] = wrapAll(native.minDim(hSelf(this, 'min'), intArg(dim, 'min', 'dim'), keepdim));
    return { values, indices };
  }

  /** Maximum over `dim` (all dimensions when omitted), without indices. */
  amax(dim?: Dims | null, keepdim = false): Tensor { return wrap(native.amax(hSelf(this, 'amax'), dimsArg('amax', dim), keepdim)); }
  /** Minimum over `dim` (all dimensions when omitted), without indices. */
  amin(dim?: Dims | null, keepdim = false): Tensor { return wrap(native.amin(hSelf(this, 'amin'), dimsArg('amin', dim), keepdim)); }

  /** Index of the maximum (of the flattened tensor when `dim` is omitted). */
  argmax(dim?: number | null, keepdim = false): Tensor {
    return wrap(native.argmax(hSelf(this, 'argmax'), dim ?? null, keepdim));
  }

  /** Index of the minimum (of the flattened tensor when `dim` is omitted). */
  argmin(dim?: number | null, keepdim = false): Tensor {
    return wrap(native.argmin(hSelf(this, 'argmin'), dim ?? null, keepdim));
  }

  /** Standard deviation with Bessel's `correction` (1 = unbiased, PyTorch's default). */
  std(dim?: Dims | null, keepdim = false, correction = 1): Tensor {
    return wrap(native.std(hSelf(this, 'std'), dimsArg('std', dim), keepdim, correction));
  }

  /** Variance with Bessel's `correction` (1 = unbiased, PyTorch's default). */
  var(dim?: Dims | null, keepdim = false, correction = 1): Tensor {
    return wrap(native.var(hSelf(this, 'var'), dimsArg('var', dim), keepdim, correction));
  }

  /** Vector p-norm over `dim` (all elements when omitted); `p` may be `Infinity` or `'fro'` (= 2). */
  norm(p: number | 'fro' = 2, dim?: Dims | null, keepdim = false): Tensor {
    const order = p === 'fro' ? 2 : p;
    if (typeof order !== 'number') invalidArg('norm', 'p', "a number or 'fro'", p);
    return wrap(native.norm(hSelf(this, 'norm'), order, dimsArg('norm', dim), keepdim));
  }

  /** `log(sum(exp(x)))` over `dim`, computed stably. */
  logsumexp(dim: Dims, keepdim = false): Tensor {
    return wrap(native.logsumexp(hSelf(this, 'logsumexp'), dimsArg('logsumexp', dim) ?? invalidArg('logsumexp', 'dim', 'an integer or an array of integers', dim),
      keepdim));
  }

  /** Whether all elements are true (along `dim` when given). */
  all(dim?: number, keepdim = false): Tensor { return wrap(native.all(hSelf(this, 'all'), dim ?? null, keepdim)); }
  /** Whether any element is true (along `dim` when given). */
  any(dim?: number, keepdim = false): Tensor { return wrap(native.any(hSelf(this, 'any'), dim ?? null, keepdim)); }

  /** Cumulative sum along `dim`. */
  cumsum(dim: number, dtype?: DType): Tensor {
    return wrap(native.cumsum(hSelf(this, 'cumsum'), intArg(dim, 'cumsum', 'dim'), dtypeCode('cumsum', dtype)));
  }

  /** Cumulative product along `dim`. */
  cumprod(dim: number, dtype?: DType): Tensor {
    return wrap(native.cumprod(hSelf(this, 'cumprod'), intArg(dim, 'cumprod', 'dim'), dtypeCode('cumprod', dtype)));
  }

  /** The number of non-zero elements (along `dim` when given). */
  countNonzero(dim?: number): Tensor { return wrap(native.countNonzero(hSelf(this, 'countNonzero'), dim ?? null)); }

  /** The `k` largest (or smallest) elements along `dim`. */
  topk(k: number, dim = -1, largest = true, sorted = true): {
    /** The `k` selected elements along `dim` (in order when `sorted`). */
    values: Tensor;
    /** The position of each of them in the input along `dim` (int64). */
    indices: Tensor;
  } {
    const [values, indices] = wrapAll(native.topk(hSelf(this, 'topk'), intArg(k, 'topk', 'k'), intArg(dim, 'topk', 'dim'), largest, sorted));
    return { values, indices };
  }

  /** Sorted values along `dim` and their original indices. */
  sort(dim = -1, descending = false, stable = false): {
    /** The elements sorted along `dim`. */
    values: Tensor;
    /** The position each sorted element had in the input along `dim` (int64). */
    indices: Tensor;
  } {
    const [values, indices] = wrapAll(native.sort(hSelf(this, 'sort'), intArg(dim, 'sort', 'dim'), descending, stable));
    return { values, indices };
  }

  /** The indices that sort the tensor along `dim`. */
  argsort(dim = -1, descending = false, stable = false): Tensor {
    return wrap(native.argsort(hSelf(this, 'argsort'), intArg(dim, 'argsort', 'dim'), descending, stable));
  }

  /** Whether every element is close: `|this - other| <= atol + rtol * |other|`. */
  allclose(other: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
    return native.allclose(hSelf(this, 'allclose'), h(other, 'allclose', 'other'), rtol, atol, equalNan);
  }

  /** Whether shapes and all elements are equal. */
  equal(other: Tensor): boolean {
    return native.equal(hSelf(this, 'equal'), h(other, 'equal', 'other'));
  }

  // ---- shape ---------------------------------------------------------------------------------------

  /** Same data in a new shape; one dimension may be -1. Copies only when a view is impossible. */
  reshape(...shape: number[] | [number[]]): Tensor {
    return wrap(native.reshape(hSelf(this, 'reshape'), intsArg('reshape', Array.isArray(shape[0]) ? shape[0] : shape, 'shape')));
  }

  /** A view in a new shape (never copies; fails for incompatible strides, use reshape then). */
  view(...shape: number[] | [number[]]): Tensor {
    return wrap(native.view(hSelf(this, 'view'), intsArg('view', Array.isArray(shape[0]) ? shape[0] : shape, 'shape')));
  }

  /** Same shape as `other`. */
  viewAs(other: Tensor): Tensor { hSelf(this, 'viewAs'); h(other, 'viewAs', 'other'); live(other as Tensor, 'viewAs', 2); return this.view(other.shape); }
  /** Same data in the shape of `other`. */
  reshapeAs(other: Tensor): Tensor { hSelf(this, 'reshapeAs'); h(other, 'reshapeAs', 'other'); live(other as Tensor, 'reshapeAs', 2); return this.reshape(other.shape); }

  /** A view with the dimensions reordered: `permute(0, 2, 1)`. */
  permute(...dims: number[] | [number[]]): Tensor {
    return wrap(native.permute(hSelf(this, 'permute'), intsArg('permute', Array.isArray(dims[0]) ? dims[0] : dims, 'dims')));
  }

  /** A view with two dimensions swapped. */
  transpose(dim0: number, dim1: number): Tensor {
    return wrap(native.transpose(hSelf(this, 'transpose'), intArg(dim0, 'transpose', 'dim0'), intArg(dim1, 'transpose', 'dim1')));
  }

  /** Removes dimensions of size 1 (only `dim` when given). */
  squeeze(dim?: Dims): Tensor { return wrap(native.squeeze(hSelf(this, 'squeeze'), isInt(dim) ? dim : dimsArg('squeeze', dim))); }
  /** A view with a dimension of size 1 inserted at `dim`. */
  unsqueeze(dim: number): Tensor { return wrap(native.unsqueeze(hSelf(this, 'unsqueeze'), intArg(dim, 'unsqueeze', 'dim'))); }

  /** Flattens dimensions `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return wrap(native.flatten(hSelf(this, 'flatten'), intArg(startDim, 'flatten', 'startDim'), intArg(endDim, 'flatten', 'endDim')));
  }

  /** Splits dimension `dim` into `sizes`. */
  unflatten(dim: number, sizes: number[]): Tensor {
    return wrap(native.unflatten(hSelf(this, 'unflatten'), intArg(dim, 'unflatten', 'dim'), intsArg('unflatten', sizes, 'sizes')));
  }

  /** A broadcast view; -1 keeps a dimension. */
  expand(...shape: number[] | [number[]]): Tensor {
    return wrap(native.expand(hSelf(this, 'expand'), intsArg('expand', Array.isArray(shape[0]) ? shape[0] : shape, 'shape')));
  }

  /** A broadcast view in the shape of `other`. */
  expandAs(other: Tensor): Tensor { hSelf(this, 'expandAs'); h(other, 'expandAs', 'other'); live(other as Tensor, 'expandAs', 2); return this.expand(other.shape); }

  /** Repeats the tensor along each dimension (copies). */
  repeat(...repeats: number[] | [number[]]): Tensor {
    return wrap(native.repeat(hSelf(this, 'repeat'), intsArg('repeat', Array.isArray(repeats[0]) ? repeats[0] : repeats, 'repeats')));
  }

  /** Repeats each element `repeats` times (along `dim`, or flattened). */
  repeatInterleave(repeats: number, dim?: number): Tensor {
    return wrap(native.repeatInterleave(hSelf(this, 'repeatInterleave'), intArg(repeats, 'repeatInterleave', 'repeats'), dim ?? null));
  }

  /** Repeats the tensor `dims` times per dimension (as NumPy’s tile). */
  tile(dims: number[]): Tensor { return wrap(native.tile(hSelf(this, 'tile'), intsArg('tile', dims, 'dims'))); }
  /** Reverses the order along `dims` (copies). */
  flip(dims: Dims): Tensor { return wrap(native.flip(hSelf(this, 'flip'), dimsArg('flip', dims, 'dims'))); }

  /** Rolls elements along `dims` by `shifts`, wrapping around. */
  roll(shifts: Dims, dims: Dims = []): Tensor {
    return wrap(native.roll(hSelf(this, 'roll'), dimsArg('roll', shifts, 'shifts'), dimsArg('roll', dims, 'dims')));
  }

  /** Splits into chunks of `size` along `dim`, or into the given sizes. */
  split(sizeOrSizes: number | number[], dim = 0): Tensor[] {
    const d = intArg(dim, 'split', 'dim');
    if (Array.isArray(sizeOrSizes)) return wrapAll(native.splitSizes(hSelf(this, 'split'), intsArg('split', sizeOrSizes, 'sizes'), d));
    return wrapAll(native.split(hSelf(this, 'split'), intArg(sizeOrSizes, 'split', 'size'), d));
  }

  /** Splits into `chunks` nearly equal views along `dim`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    return wrapAll(native.chunk(hSelf(this, 'chunk'), intArg(chunks, 'chunk', 'chunks'), intArg(dim, 'chunk', 'dim')));
  }

  /** The slices along `dim`, each without that dimension. */
  unbind(dim = 0): Tensor[] { return wrapAll(native.unbind(hSelf(this, 'unbind'), intArg(dim, 'unbind', 'dim'))); }

  /** A broadcast view in `shape`. */
  broadcastTo(shape: number[]): Tensor { return wrap(native.broadcastTo(hSelf(this, 'broadcastTo'), intsArg('broadcastTo', shape, 'shape'))); }

  /** `beta · this + alpha · (batch1 @ batch2)`, batched. */
  baddbmm(batch1: Tensor, batch2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
    return wrap(native.baddbmm(hSelf(this, 'baddbmm'), h(batch1, 'baddbmm', 'batch1'), h(batch2, 'baddbmm', 'batch2'), beta, alpha));
  }

  /** The lower triangle of the last two dimensions; the rest zeroed. */
  tril(diagonal = 0): Tensor { return wrap(native.tril(hSelf(this, 'tril'), diagonal)); }
  /** The upper triangle of the last two dimensions; the rest zeroed. */
  triu(diagonal = 0): Tensor { return wrap(native.triu(hSelf(this, 'triu'), diagonal)); }
  /** A 1-D tensor’s diagonal matrix, or a 2-D tensor’s diagonal. */
  diag(diagonal = 0): Tensor { return wrap(native.diag(hSelf(this, 'diag'), diagonal)); }

  // ---- indexing ------------------------------------------------------------------------------------

  /** The slice at `index` along `dim`, removing that dimension (`x[:, i]` is `x.select(1, i)`). */
  select(dim: number, index: number): Tensor {
    return wrap(native.select(hSelf(this, 'select'), intArg(dim, 'select', 'dim'), intArg(index, 'select', 'index')));
  }

  /** `length` elements from `start` along `dim`, as a view. */
  narrow(dim: number, start: number, length: number): Tensor {
    return wrap(native.narrow(hSelf(this, 'narrow'), intArg(dim, 'narrow', 'dim'), intArg(start, 'narrow', 'start'), intArg(length, 'narrow', 'length')));
  }

  /** Python's `x[..., start:end:step]` along `dim`, as a view. `start`/`end` may be null. */
  slice(dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
    return wrap(native.slice(hSelf(this, 'slice'), intArg(dim, 'slice', 'dim'), start, end, intArg(step, 'slice', 'step')));
  }

  /**
   * Python-style indexing. Each item indexes the next dimension: a number selects, a string slice
   * (`':'`, `'1:'`, `'::2'`, `'-3:-1'`) slices, `null` adds a dimension, `'...'` skips the dimensions
   * the rest does not name, and an integer or boolean tensor (or array of integers) gathers.
   *
   * @example
   * ```ts
   * x.index(0)                 // x[0]
   * x.index(':', 1)            // x[:, 1]
   * x.index('...', null)       // x[..., None]
   * x.index(x.gt(0))           // x[x > 0]
   * ```
   */
  index(...items: IndexItem[]): Tensor {
    hSelf(this, 'index');
    return applyIndex(this, items);
  }

  /** In-place `x[items] = value`. */
  indexPut_(items: IndexItem[], value: Tensor | Scalar): this {
    hSelf(this, 'indexPut_');
    applyIndexPut(this, items, value);
    return this;
  }

  /** The slices along `dim` at the int64 `index`. */
  indexSelect(dim: number, index: Tensor): Tensor {
    return wrap(native.indexSelect(hSelf(this, 'indexSelect'), intArg(dim, 'indexSelect', 'dim'), h(index, 'indexSelect', 'index')));
  }

  /** `out[i][j] = this[index[i][j]][j]` for `dim` 0, and so on (PyTorch’s gather). */
  gather(dim: number, index: Tensor): Tensor {
    return wrap(native.gather(hSelf(this, 'gather'), intArg(dim, 'gather', 'dim'), h(index, 'gather', 'index')));
  }

  /** Out-of-place scatter: writes `src` (a tensor or a scalar) at `index` along `dim`. */
  scatter(dim: number, index: Tensor, src: Tensor | Scalar): Tensor {
    const d = intArg(dim, 'scatter', 'dim');
    const i = h(index, 'scatter', 'index');
    return wrap(typeof src === 'object'
      ? native.scatter(hSelf(this, 'scatter'), d, i, h(src, 'scatter', 'src'))
      : native.scatterScalar(hSelf(this, 'scatter'), d, i, scalarArg(src, 'scatter', 'src')));
  }

  /** Out-of-place scatter that adds `src` at `index` along `dim`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return wrap(native.scatterAdd(hSelf(this, 'scatterAdd'), intArg(dim, 'scatterAdd', 'dim'), h(index, 'scatterAdd', 'index'), h(src, 'scatterAdd', 'src')));
  }

  /** `reduce`: 'sum', 'prod', 'mean', 'amax' or 'amin'. */
  scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: 'sum' | 'prod' | 'mean' | 'amax' | 'amin', includeSelf = true): Tensor {
    return wrap(native.scatterReduce(hSelf(this, 'scatterReduce'), intArg(dim, 'scatterReduce', 'dim'), h(index, 'scatterReduce', 'index'),
      h(src, 'scatterReduce', 'src'), reduce, includeSelf));
  }

  /** Adds `alpha · source` into the slices at `index` along `dim`. */
  indexAdd(dim: number, index: Tensor, source: Tensor, alpha: Scalar = 1): Tensor {
    return wrap(native.indexAdd(hSelf(this, 'indexAdd'), intArg(dim, 'indexAdd', 'dim'), h(index, 'indexAdd', 'index'), h(source, 'indexAdd', 'source'), alpha));
  }

  /** Sets elements where `mask` is true to `value`. */
  maskedFill(mask: Tensor, value: Scalar | Tensor): Tensor {
    const m = h(mask, 'maskedFill', 'mask');
    return wrap(typeof value === 'object'
      ? native.maskedFillTensor(hSelf(this, 'maskedFill'), m, h(value, 'maskedFill', 'value'))
      : native.maskedFill(hSelf(this, 'maskedFill'), m, scalarArg(value, 'maskedFill', 'value')));
  }

  /** In-place {@link maskedFill}. */
  maskedFill_(mask: Tensor, value: Scalar): this {
    native.maskedFill_(hSelf(this, 'maskedFill_'), h(mask, 'maskedFill_', 'mask'), scalarArg(value, 'maskedFill_', 'value'));
    return this;
  }

  /** The elements where `mask` is true, as a 1-D tensor. */
  maskedSelect(mask: Tensor): Tensor { return wrap(native.maskedSelect(hSelf(this, 'maskedSelect'), h(mask, 'maskedSelect', 'mask'))); }

  /** Elements at `index` of the flattened tensor. */
  take(index: Tensor): Tensor { return wrap(native.take(hSelf(this, 'take'), h(index, 'take', 'index'))); }

  // ---- in-place initialisation ---------------------------------------------------------------------

  /** Fills with `value`, in place. */
  fill_(value: Scalar): this { native.fill_(hSelf(this, 'fill_'), scalarArg(value, 'fill_', 'value')); return this; }
  /** Fills with zeros, in place. */
  zero_(): this { native.zero_(hSelf(this, 'zero_')); return this; }
  /** Copies `src` (broadcast) into this tensor. */
  copy_(src: Tensor): this { native.copy_(hSelf(this, 'copy_'), h(src, 'copy_', 'src')); return this; }
  /** Fills with N(mean, std²) samples from the default generator, in place. */
  normal_(mean = 0, std = 1): this { native.normal_(hSelf(this, 'normal_'), mean, std); return this; }
  /** Fills with U(from, to) samples from the default generator, in place. */
  uniform_(from = 0, to = 1): this { native.uniform_(hSelf(this, 'uniform_'), from, to); return this; }

  // ---- autograd ------------------------------------------------------------------------------------

  /**
   * Computes the gradient of this tensor with respect to the graph leaves and accumulates it into
   * their `.grad`. A non-scalar tensor needs `gradient` (same shape).
   */
  backward(gradient?: Tensor | null, options: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {}): void {
    checkOptions('backward', options, ['retainGraph', 'createGraph', 'inputs']);
    native.backward(hSelf(this, 'backward'), optH(gradient, 'backward', 'gradient'), options.retainGraph ?? null,
      options.createGraph ?? false, options.inputs ? hs(options.inputs, 'backward', 'inputs') : null);
  }
}

// The methods generated from the op tables (scripts/op-table.mjs), declared with their
// documentation in generated-methods.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor extends GeneratedMethods {}

function define(name: string, fn: (this: Tensor, ...args: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}

// The generated methods look their functions up by name once, at load (GeneratedNative types them).
function nativeFn(name: string): Fn {
  const f = (native as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new TorchError(`torchts: the addon has no '${name}'; rebuild it (npm run build:native)`, 'ERR_LOAD');
  return f as Fn;
}

for (const [method, name] of Object.entries(UNARY)) {
  const f = nativeFn(name);
  const fIn = nativeFn(`${name}_`);
  const inPlace = `${method}_`;
  define(method, function (this: Tensor) { return wrap(f(hSelf(this, method))); });
  define(inPlace, function (this: Tensor) { fIn(hSelf(this, inPlace)); return this; });
}
for (const [method, name] of Object.entries(BINARY)) {
  const [f, fIn, fs, fsIn] = [name, `${name}_`, `${name}Scalar`, `${name}Scalar_`].map(nativeFn);
  const inPlace = `${method}_`;
  define(method, function (this: Tensor, other: Tensor | Scalar) {
    return wrap((typeof other === 'object' ? f(hSelf(this, method), h(other, method, 'other')) : fs(hSelf(this, method), scalarArg(other, method, 'other'))));
  });
  define(inPlace, function (this: Tensor, other: Tensor | Scalar) {
    if (typeof other === 'object') fIn(hSelf(this, inPlace), h(other, inPlace, 'other'));
    else fsIn(hSelf(this, inPlace), scalarArg(other, inPlace, 'other'));
    return this;
  });
}
for (const [method, name] of Object.entries(TENSOR_BINARY)) {
  const f = nativeFn(name);
  define(method, function (this: Tensor, other: Tensor) { return wrap(f(hSelf(this, method), h(other, method, 'other'))); });
}
for (const [method, name] of Object.entries(NULLARY)) {
  const f = nativeFn(name);
  define(method, function (this: Tensor) { return wrap(f(hSelf(this, method))); });
}

setTensorCheck((v) => v instanceof Tensor);
