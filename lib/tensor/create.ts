/**
 * Tensor creation: from JS data, filled, ranges, random.
 * @module
 */
import { checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { native } from '../native.js';
import { MAX_DIMS, shapeArg } from './args.js';
import { type Device, deviceArg } from './device.js';
import { type DType, checkDtype, dtypeCode, isFloatingDtype } from './dtype.js';
import { type NestedArray, type Scalar, Tensor, h, live, wrap } from './tensor.js';

/** Options of the creation functions. */
export interface CreateOptions {
  /** Element type. Default: float32 (or as each function says). */
  dtype?: DType;
  /** Device. Default `'cpu'`. */
  device?: Device;
  /** Record operations for autograd. Floating-point dtypes only. Default false. */
  requiresGrad?: boolean;
}

const CREATE_OPTIONS = ['dtype', 'device', 'requiresGrad'] as const;

/** A TypedArray torchts can read. */
export type TensorData = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | BigInt64Array;

function opts(op: string, o: CreateOptions | undefined): [number | null, string | null, boolean] {
  checkOptions(op, o, CREATE_OPTIONS);
  const rg = o?.requiresGrad ?? false;
  if (typeof rg !== 'boolean') invalidArg(op, 'requiresGrad', 'a boolean', rg);
  if (rg && o?.dtype !== undefined && !isFloatingDtype(checkDtype(op, o.dtype))) {
    throw new TypeError(`${op}(): requiresGrad needs a floating-point dtype, but dtype is '${o.dtype}': only floating-point ` +
      "tensors can require gradients. Pass dtype: 'float32' (or another floating-point dtype).");
  }
  return [dtypeCode(op, o?.dtype), deviceArg(op, o?.device), rg];
}

/** Whether a scalar (full's value) infers an integer dtype: a safe integer other than -0, which is a float as in `t.mul(-0)`. */
function isIntegralScalar(v: number): boolean {
  return Number.isSafeInteger(v) && !Object.is(v, -0);
}

function isTypedArray(v: unknown): v is TensorData {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * Refuses a TypedArray whose ArrayBuffer was detached (transferred with postMessage or
 * structuredClone's `transfer`): it then reads as empty, and would silently give an empty tensor.
 * `ArrayBuffer.prototype.detached` is newer than Node 20; without it, only an empty view can be
 * detached, and constructing a view on a detached buffer throws.
 */
function checkAttached(op: string, data: TensorData): void {
  if (data.byteLength !== 0) return;
  const buffer = data.buffer as ArrayBuffer & { detached?: boolean };
  let detached = buffer.detached;
  if (detached === undefined) {
    try {
      new Uint8Array(buffer);
      detached = false;
    } catch {
      detached = true;
    }
  }
  if (detached) {
    throw new TypeError(`${op}(): data is a ${data.constructor.name} over a detached ArrayBuffer (transferred with postMessage or ` +
      'structuredClone), which holds no data any more. Make the tensor before transferring the buffer, or transfer a copy.');
  }
}

// Shape of nested arrays, checked to be rectangular, and the flattened values.
function flatten(data: unknown): { shape: number[]; values: (number | boolean)[] } {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    // Nested deeper than a tensor's rank may be: refused before walk() recurses that deep.
    if (shape.length === MAX_DIMS) outOfRange('tensor', 'data', `nested arrays at most ${MAX_DIMS} deep (a tensor has at most ${MAX_DIMS} dimensions)`, data);
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const values: (number | boolean)[] = [];
  const walk = (v: unknown, d: number, path: string): void => {
    if (d === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        invalidArg('tensor', `data${path}`, 'a number or a boolean', v);
      }
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new TypeError(`tensor(): data is not rectangular: data${path} should be an array of length ${shape[d]}, ` +
        `but it is ${Array.isArray(v) ? `an array of length ${v.length}` : typeof v}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], d + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return { shape, values };
}

/**
 * A new tensor from a number, a boolean, nested arrays, or a TypedArray. Always copies, as PyTorch's
 * `torch.tensor` does; use {@link from} to share a TypedArray's memory.
 *
 * The dtype is inferred as PyTorch infers it from Python numbers: booleans give bool, integers give
 * int64, any other number gives float32; a TypedArray gives its own element type (Float64Array:
 * float64). JavaScript has one number type, so `1.0` is the integer `1`: data whose numbers are all
 * integral infers int64, except with `requiresGrad: true` (only floating-point tensors can require
 * gradients, so such data infers float32). Pass `dtype` to choose.
 *
 * @example
 * ```ts
 * torch.tensor([[1, 2], [3, 4]]);                       // int64
 * torch.tensor([1.0, 2.0]);                             // int64: 1.0 is the integer 1 in JavaScript
 * torch.tensor([1, 2], { dtype: 'float32' });           // float32
 * torch.tensor([3.0], { requiresGrad: true });          // float32: data that requires grad is floating-point
 * torch.tensor([0.5, 1.5], { requiresGrad: true });     // float32
 * torch.tensor(new Float32Array(6), { shape: [2, 3] }); // from a TypedArray, reshaped
 * ```
 */
export function tensor(data: NestedArray | TensorData, options?: CreateOptions & { shape?: number[] }): Tensor {
  checkOptions('tensor', options, [...CREATE_OPTIONS, 'shape']);
  const { shape: shapeOpt, ...rest } = options ?? {};
  const [dtype, device, requiresGrad] = opts('tensor', rest);
  if (isTypedArray(data)) {
    checkAttached('tensor', data);
    const shape = shapeOpt === undefined ? [data.length] : shapeArg('tensor', shapeOpt);
    return wrap(native.fromData(data, shape, dtype, device, requiresGrad));
  }
  if (shapeOpt !== undefined) throw new TypeError('tensor(): the shape option is for TypedArray data; nested arrays carry their shape');
  if (typeof data !== 'number' && typeof data !== 'boolean' && !Array.isArray(data)) {
    invalidArg('tensor', 'data', 'a number, a boolean, nested arrays or a TypedArray', data);
  }
  const { shape, values } = flatten(data);
  const allBool = values.length > 0 && values.every((v) => typeof v === 'boolean');
  const anyBool = values.some((v) => typeof v === 'boolean');
  if (anyBool && !allBool) throw new TypeError('tensor(): data mixes booleans and numbers; use one or the other');
  let inferred: DType = 'float32';
  if (allBool) inferred = 'bool';
  // JS has one number type, so integral values infer int64 as Python ints do, except: data that is
  // to require grad (only floating-point tensors can), and integers beyond 2^53 (not exact in JS,
  // and may not fit int64, as Python's 1e20). -0 in data counts as an integer: `[i, -i]` with i = 0
  // must not change the dtype of one sample of a batch.
  else if (!requiresGrad && values.length > 0 && values.every((v) => Number.isSafeInteger(v))) inferred = 'int64';
  const buf = allBool ? Uint8Array.from(values as boolean[], (b) => (b ? 1 : 0)) : Float64Array.from(values as number[]);
  const target = dtype ?? native.dtypes[inferred];
  return wrap(native.fromData(buf, shape, target, device, requiresGrad));
}

/**
 * A tensor over a TypedArray's data, like `torch.from_numpy`. Over a SharedArrayBuffer it is
 * zero-copy: writes to one are seen by the other, and the buffer stays alive as long as the tensor.
 * Over a plain ArrayBuffer it copies, because such a buffer can be transferred (detached) to another
 * thread while the tensor would still point into it. The dtype is the array's element type; CPU only.
 *
 * @example
 * ```ts
 * const shared = new Float32Array(new SharedArrayBuffer(4 * 6));
 * const t = torch.from(shared, [2, 3]); // shares memory
 * t.fill_(1); shared[0];                 // 1
 * ```
 */
export function from(data: TensorData, shape?: number[], options?: { requiresGrad?: boolean }): Tensor {
  if (!isTypedArray(data)) invalidArg('from', 'data', 'a TypedArray', data);
  checkAttached('from', data);
  checkOptions('from', options, ['requiresGrad']);
  const s = shape === undefined ? null : shapeArg('from', shape);
  const rg = options?.requiresGrad ?? false;
  if (s !== null && s.reduce((a, b) => a * b, 1) !== data.length) {
    throw new TypeError(`from(): shape [${s}] holds ${s.reduce((a, b) => a * b, 1)} elements but the data has ${data.length}`);
  }
  if (data.buffer instanceof SharedArrayBuffer) return wrap(native.fromBlob(data, s, rg));
  return wrap(native.fromData(data, s ?? [data.length], null, null, rg));
}

/** An uninitialised tensor. */
export function empty(shape: number[], options?: CreateOptions): Tensor {
  return wrap(native.empty(shapeArg('empty', shape), ...opts('empty', options)));
}

/** A tensor of zeros (float32 unless `dtype` says otherwise). */
export function zeros(shape: number[], options?: CreateOptions): Tensor {
  return wrap(native.zeros(shapeArg('zeros', shape), ...opts('zeros', options)));
}

/** A tensor of ones. */
export function ones(shape: number[], options?: CreateOptions): Tensor {
  return wrap(native.ones(shapeArg('ones', shape), ...opts('ones', options)));
}

/** A tensor filled with `value`; the dtype follows the value (bool, int64, float32) unless given. */
export function full(shape: number[], value: Scalar, options?: CreateOptions): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') invalidArg('full', 'value', 'a number or a boolean', value);
  const [dtype, device, rg] = opts('full', options);
  const inferred = typeof value === 'boolean' ? 'bool' : isIntegralScalar(value) ? 'int64' : 'float32';
  return wrap(native.full(shapeArg('full', shape), value, dtype ?? native.dtypes[inferred], device, rg));
}

/**
 * Values from `start` to `end` (exclusive) by `step`; `arange(n)` is `[0, n)`. The dtype is int64
 * when all arguments are integers, float32 otherwise, as in PyTorch.
 */
export function arange(end: number, options?: CreateOptions): Tensor;
export function arange(start: number, end: number, step?: number, options?: CreateOptions): Tensor;
export function arange(a: number, b?: number | CreateOptions, c?: number | CreateOptions, d?: CreateOptions): Tensor {
  let start = 0;
  let end: number;
  let step = 1;
  let o: CreateOptions | undefined;
  if (typeof b === 'number') {
    start = a;
    end = b;
    if (typeof c === 'number') {
      step = c;
      o = d;
    } else {
      o = c;
    }
  } else {
    end = a;
    o = b;
  }
  for (const [n, v] of [['start', start], ['end', end], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) invalidArg('arange', n, 'a finite number', v);
  }
  if (step === 0) outOfRange('arange', 'step', 'non-zero', step);
  const [dtype, device, rg] = opts('arange', o);
  const ints = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  return wrap(native.arange(start, end, step, dtype ?? native.dtypes[ints ? 'int64' : 'float32'], device, rg));
}

/** `steps` evenly spaced values from `start` to `end` inclusive. */
export function linspace(start: number, end: number, steps: number, options?: CreateOptions): Tensor {
  if (!isInt(steps) || steps < 0) invalidArg('linspace', 'steps', 'a non-negative integer', steps);
  return wrap(native.linspace(start, end, steps, ...opts('linspace', options)));
}

/** `steps` values from `base**start` to `base**end`, evenly spaced in the exponent. */
export function logspace(start: number, end: number, steps: number, base = 10, options?: CreateOptions): Tensor {
  if (!isInt(steps) || steps < 0) invalidArg('logspace', 'steps', 'a non-negative integer', steps);
  return wrap(native.logspace(start, end, steps, base, ...opts('logspace', options)));
}

/** An `n × m` identity matrix (`m` defaults to `n`). */
export function eye(n: number, m?: number, options?: CreateOptions): Tensor {
  if (!isInt(n) || n < 0) invalidArg('eye', 'n', 'a non-negative integer', n);
  if (m !== undefined && (!isInt(m) || m < 0)) invalidArg('eye', 'm', 'a non-negative integer', m);
  return wrap(native.eye(n, m ?? n, ...opts('eye', options)));
}

/** Uniform samples in [0, 1) from the default generator (the same values as PyTorch for the same seed). */
export function rand(shape: number[], options?: CreateOptions): Tensor {
  return wrap(native.rand(shapeArg('rand', shape), ...opts('rand', options)));
}

/** Standard normal samples from the default generator (the same values as PyTorch for the same seed). */
export function randn(shape: number[], options?: CreateOptions): Tensor {
  return wrap(native.randn(shapeArg('randn', shape), ...opts('randn', options)));
}

/** Integers uniform in [low, high); int64 unless `dtype` says otherwise. */
export function randint(low: number, high: number, shape: number[], options?: Omit<CreateOptions, 'requiresGrad'>): Tensor {
  if (!isInt(low)) invalidArg('randint', 'low', 'an integer', low);
  if (!isInt(high)) invalidArg('randint', 'high', 'an integer', high);
  if (high <= low) outOfRange('randint', 'high', `greater than low (${low})`, high);
  checkOptions('randint', options, ['dtype', 'device']);
  const [dtype, device] = opts('randint', options);
  return wrap(native.randint(low, high, shapeArg('randint', shape), dtype, device));
}

/** A random permutation of `0..n-1`; int64 unless `dtype` says otherwise. */
export function randperm(n: number, options?: Omit<CreateOptions, 'requiresGrad'>): Tensor {
  if (!isInt(n) || n < 0) invalidArg('randperm', 'n', 'a non-negative integer', n);
  checkOptions('randperm', options, ['dtype', 'device']);
  const [dtype, device] = opts('randperm', options);
  return wrap(native.randperm(n, dtype, device));
}

/** Samples `numSamples` indices from each row of non-negative weights `probs`. */
export function multinomial(probs: Tensor, numSamples: number, replacement = false): Tensor {
  if (!isInt(numSamples) || numSamples < 1) invalidArg('multinomial', 'numSamples', 'a positive integer', numSamples);
  return wrap(native.multinomial(h(probs, 'multinomial', 'probs'), numSamples, replacement));
}

/** 0/1 samples with probabilities `probs`. */
export function bernoulli(probs: Tensor): Tensor {
  return wrap(native.bernoulli(h(probs, 'bernoulli', 'probs')));
}

function likeOptions(op: string, t: Tensor, options?: CreateOptions): CreateOptions {
  if (!(t instanceof Tensor)) invalidArg(op, 'input', 'a Tensor', t);
  // Named here: reading t.dtype of a disposed tensor would report 'dtype', not the function called.
  live(t, op, 1);
  checkOptions(op, options, CREATE_OPTIONS);
  const merged = { dtype: t.dtype, device: t.device, ...options };
  opts(op, merged); // checked under this name, not under that of the creation function it calls
  return merged;
}

/** Zeros with the shape, dtype and device of `t`. */
export function zerosLike(t: Tensor, options?: CreateOptions): Tensor {
  const o = likeOptions('zerosLike', t, options);
  return zeros(t.shape, o);
}
/** Ones with the shape, dtype and device of `t`. */
export function onesLike(t: Tensor, options?: CreateOptions): Tensor {
  const o = likeOptions('onesLike', t, options);
  return ones(t.shape, o);
}
/** Uninitialised, with the shape, dtype and device of `t`. */
export function emptyLike(t: Tensor, options?: CreateOptions): Tensor {
  const o = likeOptions('emptyLike', t, options);
  return empty(t.shape, o);
}
/** `value` with the shape, dtype and device of `t`. */
export function fullLike(t: Tensor, value: Scalar, options?: CreateOptions): Tensor {
  const o = likeOptions('fullLike', t, options);
  if (typeof value !== 'number' && typeof value !== 'boolean') invalidArg('fullLike', 'value', 'a number or a boolean', value);
  return full(t.shape, value, o);
}
/** Uniform [0, 1) with the shape, dtype and device of `t`. */
export function randLike(t: Tensor, options?: CreateOptions): Tensor {
  const o = likeOptions('randLike', t, options);
  return rand(t.shape, o);
}
/** Standard normal with the shape, dtype and device of `t`. */
export function randnLike(t: Tensor, options?: CreateOptions): Tensor {
  const o = likeOptions('randnLike', t, options);
  return randn(t.shape, o);
}
/** Integers in [low, high) with the shape, dtype and device of `t`. */
export function randintLike(t: Tensor, low: number, high: number, options?: Omit<CreateOptions, 'requiresGrad'>): Tensor {
  const o = likeOptions('randintLike', t, options);
  if (!isInt(low)) invalidArg('randintLike', 'low', 'an integer', low);
  if (!isInt(high)) invalidArg('randintLike', 'high', 'an integer', high);
  if (high <= low) outOfRange('randintLike', 'high', `greater than low (${low})`, high);
  return randint(low, high, t.shape, o);
}

