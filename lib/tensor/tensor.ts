/**
 * The Tensor class: a handle on a libtorch tensor, with PyTorch's methods in JavaScript case.
 * @module
 */
import { getHeapStatistics } from 'node:v8';
import { TorchError, checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { native, type Handle } from '../native.js';
import { type Device, deviceArg } from './device.js';
import { type DType, dtypeCode, dtypeName, isFloatingDtype } from './dtype.js';
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

type Fn = (...args: unknown[]) => unknown;
/** The addon's op functions, reached by name. Argument order is documented in binding/*.cpp. */
export const op = native as unknown as Record<string, Fn>;

/** Reads a tensor argument's handle, or throws a TypeError naming the argument. */
export function h(value: unknown, opName: string, name: string): Handle {
  if (value instanceof Tensor) return value._h;
  return invalidArg(opName, name, 'a Tensor', value);
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
  return values.map((v, i) => h(v, opName, `${name}[${i}]`));
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

function dimsArg(dim: Dims | undefined | null, opName: string): number[] | null {
  if (dim === undefined || dim === null) return null;
  if (isInt(dim)) return [dim];
  if (Array.isArray(dim) && dim.every(isInt)) return dim;
  return invalidArg(opName, 'dim', 'an integer or an array of integers', dim);
}

function intArg(v: unknown, opName: string, name: string): number {
  return isInt(v) ? v : invalidArg(opName, name, 'an integer', v);
}

function shapeArg(shape: unknown, opName: string, name = 'shape'): number[] {
  if (isInt(shape)) return [shape];
  if (Array.isArray(shape) && shape.every(isInt)) return shape;
  return invalidArg(opName, name, 'an array of integers', shape);
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
    release(this);
  }

  /** Lets `using t = ...` dispose the tensor at the end of the block. */
  [Symbol.dispose](): void {
    release(this);
  }

  /** Whether {@link dispose} (or a scope) has released this tensor. */
  get isDisposed(): boolean {
    return this._h < 0;
  }

  // ---- metadata ------------------------------------------------------------------------------------

  /** The size of each dimension. */
  get shape(): number[] {
    return native.shape(this._h);
  }

  /** PyTorch's `size()`: the shape, or the size of one dimension. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    const s = native.shape(this._h);
    if (dim === undefined) return s;
    const d = intArg(dim, 'size', 'dim');
    if (d < -s.length || d >= s.length) outOfRange('size', 'dim', `in [${-s.length}, ${s.length - 1}]`, d);
    return s[d < 0 ? d + s.length : d];
  }

  /** The element type. */
  get dtype(): DType {
    return dtypeName(native.dtype(this._h));
  }

  /** The device the data lives on: `'cpu'` or `'cuda:N'`. */
  get device(): Device {
    return native.device(this._h) as Device;
  }

  /** The number of elements. */
  numel(): number {
    return native.numel(this._h);
  }

  /** The number of dimensions. */
  get ndim(): number {
    return native.dim(this._h);
  }

  /** Same as {@link ndim}. */
  dim(): number {
    return native.dim(this._h);
  }

  /** Strides in elements. */
  stride(): number[] {
    return native.strides(this._h);
  }

  /** Whether the elements are laid out contiguously in row-major order. */
  isContiguous(): boolean {
    return native.isContiguous(this._h);
  }

  /** Whether autograd records operations on this tensor. Settable, as {@link requiresGrad_}. */
  get requiresGrad(): boolean {
    return native.requiresGrad(this._h);
  }

  /** Sets whether autograd records operations on this tensor, as {@link requiresGrad_} does. */
  set requiresGrad(on: boolean) {
    this.requiresGrad_(on);
  }

  /** Sets {@link requiresGrad} in place and returns this tensor. Only floating-point tensors can require grad. */
  requiresGrad_(on = true): this {
    if (typeof on !== 'boolean') invalidArg('requiresGrad_', 'requiresGrad', 'a boolean', on);
    native.requiresGrad_(this._h, on);
    return this;
  }

  /** Whether this tensor is a leaf of the autograd graph (made by the user, not by an op that records grad). */
  get isLeaf(): boolean {
    return native.isLeaf(this._h);
  }

  /** The name of the autograd function that made this tensor, e.g. `'AddBackward0'`, or null for a leaf. */
  get gradFn(): string | null {
    return native.gradFn(this._h);
  }

  /**
   * The gradient accumulated by `backward()`, or null. Each read returns a new Tensor object on the
   * same gradient; inside a loop, read it inside `tidy` or dispose it.
   */
  get grad(): Tensor | null {
    return wrapOpt(native.grad(this._h));
  }

  /** Sets or clears the gradient; it must match this tensor's shape, dtype and device, as PyTorch requires. */
  set grad(g: Tensor | null) {
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
    native.setGrad(this._h, optH(g, 'grad', 'grad'));
  }

  /** Keeps `.grad` for a non-leaf tensor after `backward()`. */
  retainGrad(): this {
    native.retainGrad(this._h);
    return this;
  }

  /** Whether the dtype is a floating-point one (float16, bfloat16, float32, float64). */
  isFloatingPoint(): boolean {
    return isFloatingDtype(this.dtype);
  }

  /** Whether the dtype is float16: what the AMP checks ask ("which tensors are really half"). */
  isHalf(): boolean {
    return this.dtype === 'float16';
  }

  /** Whether the tensor is on a CUDA device. */
  isCuda(): boolean {
    return this.device.startsWith('cuda');
  }

  /** The in-place version counter autograd uses to detect modified saved tensors. */
  get version(): number {
    return native.version(this._h);
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
    if (!copy && (dtype === null || dtype === native.dtype(this._h)) && (device === null || sameDevice(device, native.device(this._h)))) {
      return this;
    }
    return wrap(native.to(this._h, dtype, device, copy));
  }

  /** Same as `to('float16')`. */
  half(): Tensor { return this.to('float16'); }
  /** Same as `to('float32')`. */
  float(): Tensor { return this.to('float32'); }
  /** Same as `to('float64')`. */
  double(): Tensor { return this.to('float64'); }
  /** Same as `to('bfloat16')`. */
  bfloat16(): Tensor { return this.to('bfloat16'); }
  /** Same as `to('int64')`. */
  long(): Tensor { return this.to('int64'); }
  /** Same as `to('int32')`. */
  int(): Tensor { return this.to('int32'); }
  /** Same as `to('bool')`. */
  bool(): Tensor { return this.to('bool'); }
  /** Same as `to('cpu')`. */
  cpu(): Tensor { return this.to('cpu'); }
  /** Same as `to('cuda')` or `to('cuda:N')`. */
  cuda(device: number = 0): Tensor { return this.to(`cuda:${intArg(device, 'cuda', 'device')}`); }
  /** Same dtype as `other`. */
  typeAs(other: Tensor): Tensor { h(other, 'typeAs', 'other'); return this.to(other.dtype); }

  /** A copy with its own memory, recorded by autograd. */
  clone(): Tensor { return wrap(native.clone(this._h)); }
  /** A tensor on the same memory, outside the autograd graph. */
  detach(): Tensor { return wrap(native.detach(this._h)); }
  /** Detaches this tensor from the graph in place. */
  detach_(): this { native.detach_(this._h); return this; }
  /** This tensor if contiguous, else a contiguous copy. */
  contiguous(): Tensor { return wrap(native.contiguous(this._h)); }

  // ---- read-back -----------------------------------------------------------------------------------

  /** The value of a one-element tensor as a number (a boolean for bool tensors). */
  item(): number;
  item(): number | boolean;
  item(): number | boolean {
    return native.item(this._h);
  }

  /**
   * A copy of the data as a flat TypedArray in row-major order: Float32Array for float32, float16 and
   * bfloat16 (converted), Float64Array, BigInt64Array for int64, Int32/16/8Array, Uint8Array for uint8
   * and bool. Copies from the GPU when the tensor is on one.
   */
  data(): Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array {
    return native.data(this._h);
  }

  /** The data as nested arrays of numbers (booleans for bool tensors), like PyTorch's `tolist()`. */
  toArray(): NestedArray {
    const shape = this.shape;
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel > maxArrayElements()) {
      throw new RangeError(`toArray(): the tensor has ${numel} elements, more than nested JS arrays can hold in this heap ` +
        `(at most ${maxArrayElements()}). Use data() for a TypedArray copy, or toArray() on a slice.`);
    }
    const raw = native.data(this._h);
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
    return this.toArray();
  }

  /** Prints like PyTorch: `tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)`. */
  toString(): string {
    if (this._h < 0) return 'tensor(<disposed>)';
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
      ? op.add(this._h, h(other, 'add', 'other'), alpha)
      : op.addScalar(this._h, scalarArg(other, 'add', 'other'), alpha)) as Handle);
  }

  /** `this - alpha * other`, broadcasting. */
  sub(other: Tensor | Scalar, alpha: Scalar = 1): Tensor {
    return wrap(typeof other === 'object'
      ? op.sub(this._h, h(other, 'sub', 'other'), alpha) as Handle
      : op.subScalar(this._h, scalarArg(other, 'sub', 'other'), alpha) as Handle);
  }

  /** `other - alpha * this`. */
  rsub(other: Tensor | Scalar, alpha: Scalar = 1): Tensor {
    if (typeof other === 'object') return wrap(op.sub(h(other, 'rsub', 'other'), this._h, alpha) as Handle);
    return wrap(op.rsubScalar(this._h, scalarArg(other, 'rsub', 'other'), alpha) as Handle);
  }

  /** In-place `this += alpha * other`. */
  add_(other: Tensor | Scalar, alpha: Scalar = 1): this {
    if (typeof other === 'object') op.add_(this._h, h(other, 'add_', 'other'), alpha);
    else op.addScalar_(this._h, scalarArg(other, 'add_', 'other'), alpha);
    return this;
  }

  /** In-place `this -= alpha * other`. */
  sub_(other: Tensor | Scalar, alpha: Scalar = 1): this {
    if (typeof other === 'object') op.sub_(this._h, h(other, 'sub_', 'other'), alpha);
    else op.subScalar_(this._h, scalarArg(other, 'sub_', 'other'), alpha);
    return this;
  }

  /** Division with `roundingMode` `'trunc'` or `'floor'` (plain `div(other)` is true division). */
  divMode(other: Tensor | Scalar, roundingMode: 'trunc' | 'floor'): Tensor {
    if (roundingMode !== 'trunc' && roundingMode !== 'floor') invalidArg('div', 'roundingMode', "'trunc' or 'floor'", roundingMode);
    return wrap(typeof other === 'object'
      ? op.divMode(this._h, h(other, 'div', 'other'), roundingMode) as Handle
      : op.divScalarMode(this._h, scalarArg(other, 'div', 'other'), roundingMode) as Handle);
  }

  /** `this + value * t1 * t2`, in place. */
  addcmul_(t1: Tensor, t2: Tensor, value: Scalar = 1): this {
    op.addcmul_(this._h, h(t1, 'addcmul_', 'tensor1'), h(t2, 'addcmul_', 'tensor2'), value);
    return this;
  }

  /** `this + value * t1 / t2`, in place. */
  addcdiv_(t1: Tensor, t2: Tensor, value: Scalar = 1): this {
    op.addcdiv_(this._h, h(t1, 'addcdiv_', 'tensor1'), h(t2, 'addcdiv_', 'tensor2'), value);
    return this;
  }

  /** `this + weight * (end - this)`. */
  lerp(end: Tensor, weight: Scalar): Tensor {
    return wrap(op.lerp(this._h, h(end, 'lerp', 'end'), weight) as Handle);
  }

  /** In-place {@link lerp}. */
  lerp_(end: Tensor, weight: Scalar): this {
    op.lerp_(this._h, h(end, 'lerp_', 'end'), weight);
    return this;
  }

  /** Clamps every element into `[min, max]`; either bound may be null. Bounds may be tensors. */
  clamp(min?: Scalar | Tensor | null, max?: Scalar | Tensor | null): Tensor {
    if ((min === undefined || min === null) && (max === undefined || max === null)) {
      throw new TypeError('clamp(): at least one of min and max must be given');
    }
    if (min instanceof Tensor || max instanceof Tensor) {
      return wrap(op.clampTensor(this._h, optH(min, 'clamp', 'min'), optH(max, 'clamp', 'max')) as Handle);
    }
    return wrap(op.clamp(this._h, min ?? null, max ?? null) as Handle);
  }

  /** In-place {@link clamp} with scalar bounds. */
  clamp_(min?: Scalar | null, max?: Scalar | null): this {
    if ((min === undefined || min === null) && (max === undefined || max === null)) {
      throw new TypeError('clamp_(): at least one of min and max must be given');
    }
    op.clamp_(this._h, min ?? null, max ?? null);
    return this;
  }

  /** PyTorch's `clamp(min=...)`. */
  clampMin(min: Scalar): Tensor { return this.clamp(min, null); }
  /** PyTorch's `clamp(max=...)`. */
  clampMax(max: Scalar): Tensor { return this.clamp(null, max); }

  /** Replaces NaN, +inf and -inf. Defaults: 0, the dtype's largest and smallest finite values. */
  nanToNum(nan?: number, posinf?: number, neginf?: number): Tensor {
    return wrap(op.nanToNum(this._h, nan ?? null, posinf ?? null, neginf ?? null) as Handle);
  }

  /** Elementwise choice: `condition ? this : other` (this method is PyTorch's `Tensor.where`). */
  where(condition: Tensor, other: Tensor | Scalar): Tensor {
    const c = h(condition, 'where', 'condition');
    return wrap(typeof other === 'object'
      ? op.where(c, this._h, h(other, 'where', 'other')) as Handle
      : op.whereScalarOther(c, this._h, scalarArg(other, 'where', 'other')) as Handle);
  }

  // ---- activations ---------------------------------------------------------------------------------

  /** GELU; `approximate: 'tanh'` uses the tanh approximation. */
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    if (approximate !== 'none' && approximate !== 'tanh') invalidArg('gelu', 'approximate', "'none' or 'tanh'", approximate);
    return wrap(op.gelu(this._h, approximate) as Handle);
  }

  /** Leaky ReLU: `x` for x ≥ 0, `negativeSlope · x` otherwise. */
  leakyRelu(negativeSlope = 0.01): Tensor { return wrap(op.leakyRelu(this._h, negativeSlope) as Handle); }
  /** ELU with `alpha`. */
  elu(alpha = 1): Tensor { return wrap(op.elu(this._h, alpha) as Handle); }
  /** CELU with `alpha`. */
  celu(alpha = 1): Tensor { return wrap(op.celu(this._h, alpha) as Handle); }
  /** Softplus `log(1 + e^(beta·x)) / beta`, linear above `threshold`. */
  softplus(beta = 1, threshold = 20): Tensor { return wrap(op.softplus(this._h, beta, threshold) as Handle); }
  /** Clamps into `[minVal, maxVal]` (HardTanh). */
  hardtanh(minVal = -1, maxVal = 1): Tensor { return wrap(op.hardtanh(this._h, minVal, maxVal) as Handle); }

  /** Softmax along `dim`, optionally computed in `dtype`. */
  softmax(dim: number, dtype?: DType): Tensor {
    return wrap(op.softmax(this._h, intArg(dim, 'softmax', 'dim'), dtypeCode('softmax', dtype)) as Handle);
  }

  /** Log-softmax along `dim`, optionally computed in `dtype`. */
  logSoftmax(dim: number, dtype?: DType): Tensor {
    return wrap(op.logSoftmax(this._h, intArg(dim, 'logSoftmax', 'dim'), dtypeCode('logSoftmax', dtype)) as Handle);
  }

  // ---- reductions ----------------------------------------------------------------------------------

  /** Sum over `dim` (all dimensions when omitted). */
  sum(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(op.sum(this._h, dimsArg(dim, 'sum'), keepdim, dtypeCode('sum', dtype)) as Handle);
  }

  /** Mean over `dim` (all dimensions when omitted). */
  mean(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(op.mean(this._h, dimsArg(dim, 'mean'), keepdim, dtypeCode('mean', dtype)) as Handle);
  }

  /** Sum treating NaN as zero. */
  nansum(dim?: Dims | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(op.nansum(this._h, dimsArg(dim, 'nansum'), keepdim, dtypeCode('nansum', dtype)) as Handle);
  }

  /** Product of all elements, or along one `dim`. */
  prod(dim?: number | null, keepdim = false, dtype?: DType): Tensor {
    return wrap(op.prod(this._h, dim === undefined || dim === null ? null : intArg(dim, 'prod', 'dim'), keepdim, dtypeCode('prod', dtype)) as Handle);
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
    if (dim === undefined) return wrap(op.maxAll(this._h) as Handle);
    const [values, indices] = wrapAll(op.maxDim(this._h, intArg(dim, 'max', 'dim'), keepdim) as Handle[]);
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
    if (dim === undefined) return wrap(op.minAll(this._h) as Handle);
    const [values, indices] = wrapAll(op.minDim(this._h, intArg(dim, 'min', 'dim'), keepdim) as Handle[]);
    return { values, indices };
  }

  /** Maximum over `dim` (all dimensions when omitted), without indices. */
  amax(dim?: Dims | null, keepdim = false): Tensor { return wrap(op.amax(this._h, dimsArg(dim, 'amax'), keepdim) as Handle); }
  /** Minimum over `dim` (all dimensions when omitted), without indices. */
  amin(dim?: Dims | null, keepdim = false): Tensor { return wrap(op.amin(this._h, dimsArg(dim, 'amin'), keepdim) as Handle); }

  /** Index of the maximum (of the flattened tensor when `dim` is omitted). */
  argmax(dim?: number | null, keepdim = false): Tensor {
    return wrap(op.argmax(this._h, dim ?? null, keepdim) as Handle);
  }

  /** Index of the minimum (of the flattened tensor when `dim` is omitted). */
  argmin(dim?: number | null, keepdim = false): Tensor {
    return wrap(op.argmin(this._h, dim ?? null, keepdim) as Handle);
  }

  /** Standard deviation with Bessel's `correction` (1 = unbiased, PyTorch's default). */
  std(dim?: Dims | null, keepdim = false, correction = 1): Tensor {
    return wrap(op.std(this._h, dimsArg(dim, 'std'), keepdim, correction) as Handle);
  }

  /** Variance with Bessel's `correction` (1 = unbiased, PyTorch's default). */
  var(dim?: Dims | null, keepdim = false, correction = 1): Tensor {
    return wrap(op.var(this._h, dimsArg(dim, 'var'), keepdim, correction) as Handle);
  }

  /** Vector p-norm over `dim` (all elements when omitted); `p` may be `Infinity` or `'fro'` (= 2). */
  norm(p: number | 'fro' = 2, dim?: Dims | null, keepdim = false): Tensor {
    const order = p === 'fro' ? 2 : p;
    if (typeof order !== 'number') invalidArg('norm', 'p', "a number or 'fro'", p);
    return wrap(op.norm(this._h, order, dimsArg(dim, 'norm'), keepdim) as Handle);
  }

  /** `log(sum(exp(x)))` over `dim`, computed stably. */
  logsumexp(dim: Dims, keepdim = false): Tensor {
    return wrap(op.logsumexp(this._h, dimsArg(dim, 'logsumexp'), keepdim) as Handle);
  }

  /** Whether all elements are true (along `dim` when given). */
  all(dim?: number, keepdim = false): Tensor { return wrap(op.all(this._h, dim ?? null, keepdim) as Handle); }
  /** Whether any element is true (along `dim` when given). */
  any(dim?: number, keepdim = false): Tensor { return wrap(op.any(this._h, dim ?? null, keepdim) as Handle); }

  /** Cumulative sum along `dim`. */
  cumsum(dim: number, dtype?: DType): Tensor {
    return wrap(op.cumsum(this._h, intArg(dim, 'cumsum', 'dim'), dtypeCode('cumsum', dtype)) as Handle);
  }

  /** Cumulative product along `dim`. */
  cumprod(dim: number, dtype?: DType): Tensor {
    return wrap(op.cumprod(this._h, intArg(dim, 'cumprod', 'dim'), dtypeCode('cumprod', dtype)) as Handle);
  }

  /** The number of non-zero elements (along `dim` when given). */
  countNonzero(dim?: number): Tensor { return wrap(op.countNonzero(this._h, dim ?? null) as Handle); }

  /** The `k` largest (or smallest) elements along `dim`. */
  topk(k: number, dim = -1, largest = true, sorted = true): {
    /** The `k` selected elements along `dim` (in order when `sorted`). */
    values: Tensor;
    /** The position of each of them in the input along `dim` (int64). */
    indices: Tensor;
  } {
    const [values, indices] = wrapAll(op.topk(this._h, intArg(k, 'topk', 'k'), intArg(dim, 'topk', 'dim'), largest, sorted) as Handle[]);
    return { values, indices };
  }

  /** Sorted values along `dim` and their original indices. */
  sort(dim = -1, descending = false, stable = false): {
    /** The elements sorted along `dim`. */
    values: Tensor;
    /** The position each sorted element had in the input along `dim` (int64). */
    indices: Tensor;
  } {
    const [values, indices] = wrapAll(op.sort(this._h, intArg(dim, 'sort', 'dim'), descending, stable) as Handle[]);
    return { values, indices };
  }

  /** The indices that sort the tensor along `dim`. */
  argsort(dim = -1, descending = false, stable = false): Tensor {
    return wrap(op.argsort(this._h, intArg(dim, 'argsort', 'dim'), descending, stable) as Handle);
  }

  /** Whether every element is close: `|this - other| <= atol + rtol * |other|`. */
  allclose(other: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
    return op.allclose(this._h, h(other, 'allclose', 'other'), rtol, atol, equalNan) as boolean;
  }

  /** Whether shapes and all elements are equal. */
  equal(other: Tensor): boolean {
    return op.equal(this._h, h(other, 'equal', 'other')) as boolean;
  }

  // ---- shape ---------------------------------------------------------------------------------------

  /** Same data in a new shape; one dimension may be -1. Copies only when a view is impossible. */
  reshape(...shape: number[] | [number[]]): Tensor {
    return wrap(op.reshape(this._h, shapeArg(Array.isArray(shape[0]) ? shape[0] : shape, 'reshape')) as Handle);
  }

  /** A view in a new shape (never copies; fails for incompatible strides, use reshape then). */
  view(...shape: number[] | [number[]]): Tensor {
    return wrap(op.view(this._h, shapeArg(Array.isArray(shape[0]) ? shape[0] : shape, 'view')) as Handle);
  }

  /** Same shape as `other`. */
  viewAs(other: Tensor): Tensor { h(other, 'viewAs', 'other'); return this.view(other.shape); }
  /** Same data in the shape of `other`. */
  reshapeAs(other: Tensor): Tensor { h(other, 'reshapeAs', 'other'); return this.reshape(other.shape); }

  /** A view with the dimensions reordered: `permute(0, 2, 1)`. */
  permute(...dims: number[] | [number[]]): Tensor {
    return wrap(op.permute(this._h, shapeArg(Array.isArray(dims[0]) ? dims[0] : dims, 'permute', 'dims')) as Handle);
  }

  /** A view with two dimensions swapped. */
  transpose(dim0: number, dim1: number): Tensor {
    return wrap(op.transpose(this._h, intArg(dim0, 'transpose', 'dim0'), intArg(dim1, 'transpose', 'dim1')) as Handle);
  }

  /** Removes dimensions of size 1 (only `dim` when given). */
  squeeze(dim?: Dims): Tensor { return wrap(op.squeeze(this._h, isInt(dim) ? dim : dimsArg(dim, 'squeeze')) as Handle); }
  /** A view with a dimension of size 1 inserted at `dim`. */
  unsqueeze(dim: number): Tensor { return wrap(op.unsqueeze(this._h, intArg(dim, 'unsqueeze', 'dim')) as Handle); }

  /** Flattens dimensions `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return wrap(op.flatten(this._h, intArg(startDim, 'flatten', 'startDim'), intArg(endDim, 'flatten', 'endDim')) as Handle);
  }

  /** Splits dimension `dim` into `sizes`. */
  unflatten(dim: number, sizes: number[]): Tensor {
    return wrap(op.unflatten(this._h, intArg(dim, 'unflatten', 'dim'), shapeArg(sizes, 'unflatten', 'sizes')) as Handle);
  }

  /** A broadcast view; -1 keeps a dimension. */
  expand(...shape: number[] | [number[]]): Tensor {
    return wrap(op.expand(this._h, shapeArg(Array.isArray(shape[0]) ? shape[0] : shape, 'expand')) as Handle);
  }

  /** A broadcast view in the shape of `other`. */
  expandAs(other: Tensor): Tensor { h(other, 'expandAs', 'other'); return this.expand(other.shape); }

  /** Repeats the tensor along each dimension (copies). */
  repeat(...repeats: number[] | [number[]]): Tensor {
    return wrap(op.repeat(this._h, shapeArg(Array.isArray(repeats[0]) ? repeats[0] : repeats, 'repeat', 'repeats')) as Handle);
  }

  /** Repeats each element `repeats` times (along `dim`, or flattened). */
  repeatInterleave(repeats: number, dim?: number): Tensor {
    return wrap(op.repeatInterleave(this._h, intArg(repeats, 'repeatInterleave', 'repeats'), dim ?? null) as Handle);
  }

  /** Repeats the tensor `dims` times per dimension (as NumPy’s tile). */
  tile(dims: number[]): Tensor { return wrap(op.tile(this._h, shapeArg(dims, 'tile', 'dims')) as Handle); }
  /** Reverses the order along `dims` (copies). */
  flip(dims: Dims): Tensor { return wrap(op.flip(this._h, dimsArg(dims, 'flip')) as Handle); }

  /** Rolls elements along `dims` by `shifts`, wrapping around. */
  roll(shifts: Dims, dims: Dims = []): Tensor {
    return wrap(op.roll(this._h, dimsArg(shifts, 'roll'), dimsArg(dims, 'roll')) as Handle);
  }

  /** Splits into chunks of `size` along `dim`, or into the given sizes. */
  split(sizeOrSizes: number | number[], dim = 0): Tensor[] {
    const d = intArg(dim, 'split', 'dim');
    if (Array.isArray(sizeOrSizes)) return wrapAll(op.splitSizes(this._h, shapeArg(sizeOrSizes, 'split', 'sizes'), d) as Handle[]);
    return wrapAll(op.split(this._h, intArg(sizeOrSizes, 'split', 'size'), d) as Handle[]);
  }

  /** Splits into `chunks` nearly equal views along `dim`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    return wrapAll(op.chunk(this._h, intArg(chunks, 'chunk', 'chunks'), intArg(dim, 'chunk', 'dim')) as Handle[]);
  }

  /** The slices along `dim`, each without that dimension. */
  unbind(dim = 0): Tensor[] { return wrapAll(op.unbind(this._h, intArg(dim, 'unbind', 'dim')) as Handle[]); }

  /** A broadcast view in `shape`. */
  broadcastTo(shape: number[]): Tensor { return wrap(op.broadcastTo(this._h, shapeArg(shape, 'broadcastTo')) as Handle); }

  /** `beta · this + alpha · (batch1 @ batch2)`, batched. */
  baddbmm(batch1: Tensor, batch2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
    return wrap(op.baddbmm(this._h, h(batch1, 'baddbmm', 'batch1'), h(batch2, 'baddbmm', 'batch2'), beta, alpha) as Handle);
  }

  /** The lower triangle of the last two dimensions; the rest zeroed. */
  tril(diagonal = 0): Tensor { return wrap(op.tril(this._h, diagonal) as Handle); }
  /** The upper triangle of the last two dimensions; the rest zeroed. */
  triu(diagonal = 0): Tensor { return wrap(op.triu(this._h, diagonal) as Handle); }
  /** A 1-D tensor’s diagonal matrix, or a 2-D tensor’s diagonal. */
  diag(diagonal = 0): Tensor { return wrap(op.diag(this._h, diagonal) as Handle); }

  // ---- indexing ------------------------------------------------------------------------------------

  /** The slice at `index` along `dim`, removing that dimension (`x[:, i]` is `x.select(1, i)`). */
  select(dim: number, index: number): Tensor {
    return wrap(op.select(this._h, intArg(dim, 'select', 'dim'), intArg(index, 'select', 'index')) as Handle);
  }

  /** `length` elements from `start` along `dim`, as a view. */
  narrow(dim: number, start: number, length: number): Tensor {
    return wrap(op.narrow(this._h, intArg(dim, 'narrow', 'dim'), intArg(start, 'narrow', 'start'), intArg(length, 'narrow', 'length')) as Handle);
  }

  /** Python's `x[..., start:end:step]` along `dim`, as a view. `start`/`end` may be null. */
  slice(dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
    return wrap(op.slice(this._h, intArg(dim, 'slice', 'dim'), start, end, intArg(step, 'slice', 'step')) as Handle);
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
    return applyIndex(this, items);
  }

  /** In-place `x[items] = value`. */
  indexPut_(items: IndexItem[], value: Tensor | Scalar): this {
    applyIndexPut(this, items, value);
    return this;
  }

  /** The slices along `dim` at the int64 `index`. */
  indexSelect(dim: number, index: Tensor): Tensor {
    return wrap(op.indexSelect(this._h, intArg(dim, 'indexSelect', 'dim'), h(index, 'indexSelect', 'index')) as Handle);
  }

  /** `out[i][j] = this[index[i][j]][j]` for `dim` 0, and so on (PyTorch’s gather). */
  gather(dim: number, index: Tensor): Tensor {
    return wrap(op.gather(this._h, intArg(dim, 'gather', 'dim'), h(index, 'gather', 'index')) as Handle);
  }

  /** Out-of-place scatter: writes `src` (a tensor or a scalar) at `index` along `dim`. */
  scatter(dim: number, index: Tensor, src: Tensor | Scalar): Tensor {
    const d = intArg(dim, 'scatter', 'dim');
    const i = h(index, 'scatter', 'index');
    return wrap(typeof src === 'object'
      ? op.scatter(this._h, d, i, h(src, 'scatter', 'src')) as Handle
      : op.scatterScalar(this._h, d, i, scalarArg(src, 'scatter', 'src')) as Handle);
  }

  /** Out-of-place scatter that adds `src` at `index` along `dim`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return wrap(op.scatterAdd(this._h, intArg(dim, 'scatterAdd', 'dim'), h(index, 'scatterAdd', 'index'), h(src, 'scatterAdd', 'src')) as Handle);
  }

  /** `reduce`: 'sum', 'prod', 'mean', 'amax' or 'amin'. */
  scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: 'sum' | 'prod' | 'mean' | 'amax' | 'amin', includeSelf = true): Tensor {
    return wrap(op.scatterReduce(this._h, intArg(dim, 'scatterReduce', 'dim'), h(index, 'scatterReduce', 'index'),
      h(src, 'scatterReduce', 'src'), reduce, includeSelf) as Handle);
  }

  /** Adds `alpha · source` into the slices at `index` along `dim`. */
  indexAdd(dim: number, index: Tensor, source: Tensor, alpha: Scalar = 1): Tensor {
    return wrap(op.indexAdd(this._h, intArg(dim, 'indexAdd', 'dim'), h(index, 'indexAdd', 'index'), h(source, 'indexAdd', 'source'), alpha) as Handle);
  }

  /** Sets elements where `mask` is true to `value`. */
  maskedFill(mask: Tensor, value: Scalar | Tensor): Tensor {
    const m = h(mask, 'maskedFill', 'mask');
    return wrap(typeof value === 'object'
      ? op.maskedFillTensor(this._h, m, h(value, 'maskedFill', 'value')) as Handle
      : op.maskedFill(this._h, m, scalarArg(value, 'maskedFill', 'value')) as Handle);
  }

  /** In-place {@link maskedFill}. */
  maskedFill_(mask: Tensor, value: Scalar): this {
    op.maskedFill_(this._h, h(mask, 'maskedFill_', 'mask'), scalarArg(value, 'maskedFill_', 'value'));
    return this;
  }

  /** The elements where `mask` is true, as a 1-D tensor. */
  maskedSelect(mask: Tensor): Tensor { return wrap(op.maskedSelect(this._h, h(mask, 'maskedSelect', 'mask')) as Handle); }

  /** Elements at `index` of the flattened tensor. */
  take(index: Tensor): Tensor { return wrap(op.take(this._h, h(index, 'take', 'index')) as Handle); }

  // ---- in-place initialisation ---------------------------------------------------------------------

  /** Fills with `value`, in place. */
  fill_(value: Scalar): this { native.fill_(this._h, scalarArg(value, 'fill_', 'value')); return this; }
  /** Fills with zeros, in place. */
  zero_(): this { native.zero_(this._h); return this; }
  /** Copies `src` (broadcast) into this tensor. */
  copy_(src: Tensor): this { native.copy_(this._h, h(src, 'copy_', 'src')); return this; }
  /** Fills with N(mean, std²) samples from the default generator, in place. */
  normal_(mean = 0, std = 1): this { native.normal_(this._h, mean, std); return this; }
  /** Fills with U(from, to) samples from the default generator, in place. */
  uniform_(from = 0, to = 1): this { native.uniform_(this._h, from, to); return this; }

  // ---- autograd ------------------------------------------------------------------------------------

  /**
   * Computes the gradient of this tensor with respect to the graph leaves and accumulates it into
   * their `.grad`. A non-scalar tensor needs `gradient` (same shape).
   */
  backward(gradient?: Tensor | null, options: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {}): void {
    checkOptions('backward', options, ['retainGraph', 'createGraph', 'inputs']);
    native.backward(this._h, optH(gradient, 'backward', 'gradient'), options.retainGraph ?? null,
      options.createGraph ?? false, options.inputs ? hs(options.inputs, 'backward', 'inputs') : null);
  }
}

// The methods generated from the op tables (scripts/op-table.mjs), declared with their
// documentation in generated-methods.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tensor extends GeneratedMethods {}

function define(name: string, fn: (this: Tensor, ...args: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}

function nativeFn(name: string): Fn {
  const f = op[name];
  if (typeof f !== 'function') throw new TorchError(`torchts: the addon has no '${name}'; rebuild it (npm run build:native)`, 'ERR_LOAD');
  return f;
}

for (const [method, name] of Object.entries(UNARY)) {
  const f = nativeFn(name);
  const fIn = nativeFn(`${name}_`);
  define(method, function (this: Tensor) { return wrap(f(this._h) as Handle); });
  define(`${method}_`, function (this: Tensor) { fIn(this._h); return this; });
}
for (const [method, name] of Object.entries(BINARY)) {
  const [f, fIn, fs, fsIn] = [name, `${name}_`, `${name}Scalar`, `${name}Scalar_`].map(nativeFn);
  define(method, function (this: Tensor, other: Tensor | Scalar) {
    return wrap((typeof other === 'object' ? f(this._h, h(other, method, 'other')) : fs(this._h, scalarArg(other, method, 'other'))) as Handle);
  });
  define(`${method}_`, function (this: Tensor, other: Tensor | Scalar) {
    if (typeof other === 'object') fIn(this._h, h(other, `${method}_`, 'other'));
    else fsIn(this._h, scalarArg(other, `${method}_`, 'other'));
    return this;
  });
}
for (const [method, name] of Object.entries(TENSOR_BINARY)) {
  const f = nativeFn(name);
  define(method, function (this: Tensor, other: Tensor) { return wrap(f(this._h, h(other, method, 'other')) as Handle); });
}
for (const [method, name] of Object.entries(NULLARY)) {
  const f = nativeFn(name);
  define(method, function (this: Tensor) { return wrap(f(this._h) as Handle); });
}

setTensorCheck((v) => v instanceof Tensor);
