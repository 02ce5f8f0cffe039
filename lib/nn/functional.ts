/**
 * `nn.functional`: the functional forms of layers and losses, named as in `torch.nn.functional`.
 * @module
 */
import { checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { type Handle, native } from '../native.js';
import { isAutocastEnabled } from '../amp/state.js';
import { MAX_DIMS, shapeArg } from '../tensor/args.js';
import { tidy } from '../tensor/scope.js';
import { type Tensor, h, live, optH, wrap, wrapAll } from '../tensor/tensor.js';

/** An int, or one int per spatial dimension. */
export type IntOrTuple = number | number[];
/** How a loss reduces over the batch. */
export type Reduction = 'mean' | 'sum' | 'none';

function tuple(v: IntOrTuple, n: number, opName: string, name: string): number[] {
  if (isInt(v)) return Array(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every(isInt)) return v;
  return invalidArg(opName, name, `an integer or an array of ${n} integers`, v);
}

function reduction(opName: string, r: unknown): Reduction {
  if (r === 'mean' || r === 'sum' || r === 'none') return r;
  return invalidArg(opName, 'reduction', "'mean', 'sum' or 'none'", r);
}

function prob(opName: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) outOfRange(opName, 'p', 'a probability in [0, 1]', p);
  return p as number;
}

const t = (x: unknown, opName: string, name = 'input'): Handle => h(x, opName, name);

/** `input`, checked to be a Tensor. */
function T(input: unknown, opName: string): Tensor {
  h(input, opName, 'input');
  return input as Tensor;
}

/** An options object, checked for unknown (misspelled) names; null is refused, undefined is {}. */
function opts<O extends object>(opName: string, o: O | undefined, allowed: readonly string[]): O {
  checkOptions(opName, o, allowed);
  return o ?? ({} as O);
}

// A pooling window larger than the padded input has no output (and a huge one makes libtorch spin).
function checkWindow(opName: string, input: Tensor, kernel: number[], padding: number[]): void {
  live(input, opName, 1); // before input.shape, which would name 'shape'
  const spatial = input.shape.slice(-kernel.length);
  kernel.forEach((k, i) => {
    if (k < 1 || k > spatial[i] + 2 * padding[i]) {
      outOfRange(opName, 'kernelSize', `between 1 and the padded input size ${spatial[i] + 2 * padding[i]}`, k);
    }
  });
}

// ---- activations -------------------------------------------------------------------------------------

/** `max(0, x)`. */
export function relu(input: Tensor): Tensor { return T(input, 'relu').relu(); }
/** GELU; `approximate: 'tanh'` for the tanh approximation. */
export function gelu(input: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor { return T(input, 'gelu').gelu(approximate); }
/** SiLU (swish): `x · sigmoid(x)`. */
export function silu(input: Tensor): Tensor { return T(input, 'silu').silu(); }
/** Mish: `x · tanh(softplus(x))`. */
export function mish(input: Tensor): Tensor { return T(input, 'mish').mish(); }
/** Logistic sigmoid. */
export function sigmoid(input: Tensor): Tensor { return T(input, 'sigmoid').sigmoid(); }
/** Hyperbolic tangent. */
export function tanh(input: Tensor): Tensor { return T(input, 'tanh').tanh(); }
/** `x` for x ≥ 0, `negativeSlope · x` otherwise. */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor { return T(input, 'leakyRelu').leakyRelu(negativeSlope); }
/** ELU with `alpha`. */
export function elu(input: Tensor, alpha = 1): Tensor { return T(input, 'elu').elu(alpha); }
/** SELU. */
export function selu(input: Tensor): Tensor { return T(input, 'selu').selu(); }
/** `log(1 + e^(beta·x)) / beta`, linear above `threshold`. */
export function softplus(input: Tensor, beta = 1, threshold = 20): Tensor { return T(input, 'softplus').softplus(beta, threshold); }
/** Clamps into `[minVal, maxVal]`. */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1): Tensor { return T(input, 'hardtanh').hardtanh(minVal, maxVal); }
/** `log(sigmoid(x))`, computed stably. */
export function logsigmoid(input: Tensor): Tensor { return T(input, 'logsigmoid').logsigmoid(); }
/** Softmax along `dim`. */
export function softmax(input: Tensor, dim: number): Tensor { return T(input, 'softmax').softmax(dim); }
/** Log-softmax along `dim`, computed stably. */
export function logSoftmax(input: Tensor, dim: number): Tensor { return T(input, 'logSoftmax').logSoftmax(dim); }

// ---- linear and convolution --------------------------------------------------------------------------

/** `input @ weight.T + bias`. */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return wrap(native.linear(t(input, 'linear'), t(weight, 'linear', 'weight'), optH(bias, 'linear', 'bias')));
}

/** Options of the convolutions. */
export interface ConvOptions {
  /** Step of the kernel: one int, or one per spatial dimension. Default 1. */
  stride?: IntOrTuple;
  /** Zero padding per side, or `'same'` / `'valid'`. */
  padding?: IntOrTuple | 'same' | 'valid';
  /** Spacing between kernel elements. Default 1. */
  dilation?: IntOrTuple;
  /** Blocked connections from input to output channels; the input's channels must be divisible by it. Default 1. */
  groups?: number;
}

function conv(name: 'conv1d' | 'conv2d', n: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: ConvOptions): Tensor {
  const o = opts(name, options, ['stride', 'padding', 'dilation', 'groups']);
  const padding = o.padding === 'same' || o.padding === 'valid' ? o.padding : tuple(o.padding ?? 0, n, name, 'padding');
  const groups = o.groups ?? 1;
  if (!isInt(groups) || groups < 1) invalidArg(name, 'groups', 'a positive integer', groups);
  return wrap(native[name](t(input, name), t(weight, name, 'weight'), optH(bias, name, 'bias'), tuple(o.stride ?? 1, n, name, 'stride'),
    padding, tuple(o.dilation ?? 1, n, name, 'dilation'), groups));
}

/** 1-D convolution over `[N, C, L]`. */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return conv('conv1d', 1, input, weight, bias, options);
}

/** 2-D convolution over `[N, C, H, W]`. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return conv('conv2d', 2, input, weight, bias, options);
}

/** Transposed 2-D convolution. */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null,
  options: { stride?: IntOrTuple; padding?: IntOrTuple; outputPadding?: IntOrTuple; groups?: number; dilation?: IntOrTuple } = {}): Tensor {
  const n = 'convTranspose2d';
  const o = opts(n, options, ['stride', 'padding', 'outputPadding', 'groups', 'dilation']);
  return wrap(native.convTranspose2d(t(input, n), t(weight, n, 'weight'), optH(bias, n, 'bias'), tuple(o.stride ?? 1, 2, n, 'stride'),
    tuple(o.padding ?? 0, 2, n, 'padding'), tuple(o.outputPadding ?? 0, 2, n, 'outputPadding'), o.groups ?? 1,
    tuple(o.dilation ?? 1, 2, n, 'dilation')));
}

// ---- pooling -----------------------------------------------------------------------------------------

/** Options of max pooling. `stride` defaults to `kernelSize`. */
export interface MaxPoolOptions {
  /** Step of the window: one int, or one per spatial dimension. Default `kernelSize`. */
  stride?: IntOrTuple;
  /** Implicit −∞ padding on both sides; at most half the (dilated) kernel size. Default 0. */
  padding?: IntOrTuple;
  /** Spacing between window elements. Default 1. */
  dilation?: IntOrTuple;
  /** Compute the output size with ceil instead of floor. Default false. */
  ceilMode?: boolean;
}

/** Max pooling over `[N, C, L]`; `stride` defaults to `kernelSize`. */
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, options: MaxPoolOptions = {}): Tensor {
  const n = 'maxPool1d';
  const o = opts(n, options, ['stride', 'padding', 'dilation', 'ceilMode']);
  const k = tuple(kernelSize, 1, n, 'kernelSize');
  checkWindow(n, T(input, n), k, tuple(o.padding ?? 0, 1, n, 'padding'));
  return wrap(native.maxPool1d(t(input, n), k, tuple(o.stride ?? k, 1, n, 'stride'), tuple(o.padding ?? 0, 1, n, 'padding'),
    tuple(o.dilation ?? 1, 1, n, 'dilation'), o.ceilMode ?? false));
}

/** Max pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, options: MaxPoolOptions = {}): Tensor {
  const n = 'maxPool2d';
  const o = opts(n, options, ['stride', 'padding', 'dilation', 'ceilMode']);
  const k = tuple(kernelSize, 2, n, 'kernelSize');
  checkWindow(n, T(input, n), k, tuple(o.padding ?? 0, 2, n, 'padding'));
  return wrap(native.maxPool2d(t(input, n), k, tuple(o.stride ?? k, 2, n, 'stride'), tuple(o.padding ?? 0, 2, n, 'padding'),
    tuple(o.dilation ?? 1, 2, n, 'dilation'), o.ceilMode ?? false));
}

/** Options of average pooling. `stride` defaults to `kernelSize`. */
export interface AvgPoolOptions {
  /** Step of the window: one int, or one per spatial dimension. Default `kernelSize`. */
  stride?: IntOrTuple;
  /** Implicit zero padding on both sides; at most half the kernel size. Default 0. */
  padding?: IntOrTuple;
  /** Compute the output size with ceil instead of floor. Default false. */
  ceilMode?: boolean;
  /** Count the zero padding in the averages' divisor. Default true. */
  countIncludePad?: boolean;
  /**
   * Divide every window's sum by this instead of its size ({@link avgPool2d} only: {@link avgPool1d}
   * rejects it, as PyTorch's `avg_pool1d` has no such argument).
   */
  divisorOverride?: number;
}

/** Average pooling over `[N, C, L]`; `stride` defaults to `kernelSize`. */
export function avgPool1d(input: Tensor, kernelSize: IntOrTuple, options: AvgPoolOptions = {}): Tensor {
  const n = 'avgPool1d';
  const o = opts(n, options, ['stride', 'padding', 'ceilMode', 'countIncludePad']);
  const k = tuple(kernelSize, 1, n, 'kernelSize');
  checkWindow(n, T(input, n), k, tuple(o.padding ?? 0, 1, n, 'padding'));
  return wrap(native.avgPool1d(t(input, n), k, tuple(o.stride ?? k, 1, n, 'stride'), tuple(o.padding ?? 0, 1, n, 'padding'),
    o.ceilMode ?? false, o.countIncludePad ?? true));
}

/** Average pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export function avgPool2d(input: Tensor, kernelSize: IntOrTuple, options: AvgPoolOptions = {}): Tensor {
  const n = 'avgPool2d';
  const o = opts(n, options, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']);
  const k = tuple(kernelSize, 2, n, 'kernelSize');
  checkWindow(n, T(input, n), k, tuple(o.padding ?? 0, 2, n, 'padding'));
  return wrap(native.avgPool2d(t(input, n), k, tuple(o.stride ?? k, 2, n, 'stride'), tuple(o.padding ?? 0, 2, n, 'padding'),
    o.ceilMode ?? false, o.countIncludePad ?? true, o.divisorOverride ?? null));
}

/** Average pooling to a fixed output length. */
export function adaptiveAvgPool1d(input: Tensor, outputSize: IntOrTuple): Tensor {
  return wrap(native.adaptiveAvgPool1d(t(input, 'adaptiveAvgPool1d'), tuple(outputSize, 1, 'adaptiveAvgPool1d', 'outputSize')));
}

/** Average pooling to a fixed output size (`1` for global average pooling). */
export function adaptiveAvgPool2d(input: Tensor, outputSize: IntOrTuple): Tensor {
  return wrap(native.adaptiveAvgPool2d(t(input, 'adaptiveAvgPool2d'), tuple(outputSize, 2, 'adaptiveAvgPool2d', 'outputSize')));
}

/** Max pooling to a fixed output size. */
export function adaptiveMaxPool2d(input: Tensor, outputSize: IntOrTuple): Tensor {
  const [values, indices] = wrapAll(native.adaptiveMaxPool2d(t(input, 'adaptiveMaxPool2d'), tuple(outputSize, 2, 'adaptiveMaxPool2d', 'outputSize')));
  indices.dispose();
  return values;
}

// ---- resampling and padding --------------------------------------------------------------------------

/** Options of {@link interpolate}: exactly one of `size` and `scaleFactor`. */
export interface InterpolateOptions {
  /** Output spatial size: one int for every spatial dimension, or one per dimension. */
  size?: IntOrTuple;
  /** Multiplier of the spatial size: one number, or one per spatial dimension. */
  scaleFactor?: number | number[];
  /**
   * Interpolation algorithm. `'linear'` is for 3-D input, `'bilinear'` and `'bicubic'` for 4-D,
   * `'trilinear'` for 5-D; `'nearest-exact'` for 3-D and 4-D. Default `'nearest'`.
   */
  mode?: 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear';
  /**
   * Align the corner pixels of input and output rather than their edges (PyTorch's
   * `align_corners`). Only for the linear, bilinear, bicubic and trilinear modes. Default false.
   */
  alignCorners?: boolean;
}

/** Resizes `[N, C, ...spatial]` input, as `F.interpolate`. */
export function interpolate(input: Tensor, options: InterpolateOptions): Tensor {
  const n = 'interpolate';
  if (options === undefined) throw new TypeError('interpolate(): give options with exactly one of size and scaleFactor');
  const o = opts(n, options, ['size', 'scaleFactor', 'mode', 'alignCorners']);
  const x = t(input, n);
  live(input, n, 1); // before input.ndim, which would name 'dim'
  const spatial = input.ndim - 2;
  if (spatial < 1 || spatial > 3) invalidArg(n, 'input', 'a 3-D, 4-D or 5-D tensor [N, C, ...]', input.shape);
  if ((o.size === undefined) === (o.scaleFactor === undefined)) {
    throw new TypeError('interpolate(): give exactly one of size and scaleFactor');
  }
  const size = o.size === undefined ? null : tuple(o.size, spatial, n, 'size');
  let scales: number[] | null = null;
  if (o.scaleFactor !== undefined) {
    scales = typeof o.scaleFactor === 'number' ? Array(spatial).fill(o.scaleFactor) : o.scaleFactor;
    if (!Array.isArray(scales) || scales.length !== spatial || !scales.every((s) => typeof s === 'number' && s > 0)) {
      invalidArg(n, 'scaleFactor', `a positive number or ${spatial} positive numbers`, o.scaleFactor);
    }
  }
  return wrap(native.interpolate(x, size, scales, o.mode ?? 'nearest', o.alignCorners ?? null));
}

/** Pads the last dimensions: `pad` lists (left, right) pairs from the last dimension backwards. */
export function pad(input: Tensor, padding: number[], mode: 'constant' | 'reflect' | 'replicate' | 'circular' = 'constant', value = 0): Tensor {
  // The length first: every() would walk the holes of a huge sparse array. Two numbers per dimension.
  if (!Array.isArray(padding) || padding.length % 2 !== 0 || padding.length > 2 * MAX_DIMS || !padding.every(isInt)) {
    invalidArg('pad', 'pad', `an even-length array of integers (at most ${2 * MAX_DIMS})`, padding);
  }
  return wrap(native.pad(t(input, 'pad'), padding, mode, mode === 'constant' ? value : null));
}

/** Rearranges `[N, C·r², H, W]` into `[N, C, H·r, W·r]`. */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  return wrap(native.pixelShuffle(t(input, 'pixelShuffle'), upscaleFactor));
}

/** im2col: sliding local blocks of `[N, C, H, W]` as columns. */
export function unfold(input: Tensor, kernelSize: IntOrTuple,
  options: { dilation?: IntOrTuple; padding?: IntOrTuple; stride?: IntOrTuple } = {}): Tensor {
  const n = 'unfold';
  const o = opts(n, options, ['dilation', 'padding', 'stride']);
  return wrap(native.unfold(t(input, n), tuple(kernelSize, 2, n, 'kernelSize'), tuple(o.dilation ?? 1, 2, n, 'dilation'),
    tuple(o.padding ?? 0, 2, n, 'padding'), tuple(o.stride ?? 1, 2, n, 'stride')));
}

// ---- dropout and normalisation -----------------------------------------------------------------------

/** Zeroes elements with probability `p` and scales the rest by `1/(1-p)` when `training`. */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  return wrap(native.dropout(t(input, 'dropout'), prob('dropout', p), training));
}

/** Zeroes whole channels with probability `p`. */
export function dropout2d(input: Tensor, p = 0.5, training = true): Tensor {
  return wrap(native.dropout2d(t(input, 'dropout2d'), prob('dropout2d', p), training));
}

/**
 * Alpha dropout (for SELU networks): drops elements to SELU's negative saturation value and rescales
 * so that mean and variance are kept. As in PyTorch, `training` defaults to false.
 */
export function alphaDropout(input: Tensor, p = 0.5, training = false): Tensor {
  if (typeof training !== 'boolean') invalidArg('alphaDropout', 'training', 'a boolean', training);
  return wrap(native.alphaDropout(t(input, 'alphaDropout'), prob('alphaDropout', p), training));
}

// Batch statistics of one value per channel are that value and a variance of 0/0: libtorch returns
// noise and turns the running variance into NaN for good. PyTorch's F.batch_norm refuses it
// (_verify_batch_size); so does torchts, with the same words.
function checkBatchStatistics(input: Tensor): void {
  live(input, 'batchNorm', 1); // before input.shape, which would name 'shape'
  const size = input.shape;
  const perChannel = size.reduce((a, b, i) => (i === 1 ? a : a * b), 1);
  if (size.length >= 2 && perChannel === 1) {
    throw new RangeError(`batchNorm(): expected more than 1 value per channel when training, got input size [${size.join(', ')}]. ` +
      'Train with batches of more than one sample, or call eval() on the model for single-sample inference.');
  }
}

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Per-channel scale γ, shape `[C]`; none by default. */
  weight?: Tensor | null;
  /** Per-channel shift β, shape `[C]`; none by default. */
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones, when given) rather than the running ones. Default false. */
  training?: boolean;
  /** Weight of the current batch in the running averages. Default 0.1. */
  momentum?: number;
  /** Added to the variance for numerical stability. Default 1e-5. */
  eps?: number;
}

/**
 * Batch normalisation. In training mode batch statistics are used and the running statistics (when
 * given) are updated in place with `momentum`.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const n = 'batchNorm';
  const o = opts(n, options, ['weight', 'bias', 'training', 'momentum', 'eps']);
  const training = o.training ?? false;
  if (!training && (runningMean === null || runningVar === null)) {
    throw new TypeError('batchNorm(): runningMean and runningVar are required when training is false');
  }
  const x = t(input, n);
  if (training) checkBatchStatistics(input);
  return wrap(native.batchNorm(x, optH(runningMean, n, 'runningMean'), optH(runningVar, n, 'runningVar'), optH(o.weight, n, 'weight'),
    optH(o.bias, n, 'bias'), training, o.momentum ?? 0.1, o.eps ?? 1e-5));
}

/** Layer normalisation over the last `normalizedShape.length` dimensions. */
export function layerNorm(input: Tensor, normalizedShape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const n = 'layerNorm';
  return wrap(native.layerNorm(t(input, n), shapeArg(n, normalizedShape, 'normalizedShape'), optH(weight, n, 'weight'),
    optH(bias, n, 'bias'), eps));
}

/** Group normalisation with `numGroups` groups of channels. */
export function groupNorm(input: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const n = 'groupNorm';
  if (!isInt(numGroups) || numGroups < 1) invalidArg(n, 'numGroups', 'a positive integer', numGroups);
  return wrap(native.groupNorm(t(input, n), numGroups, optH(weight, n, 'weight'), optH(bias, n, 'bias'), eps));
}

/** Looks up rows of `weight` by integer `input`; `paddingIdx` rows get no gradient. */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  const w = t(weight, 'embedding', 'weight');
  let pad = -1; // ATen's "no padding row"
  if (paddingIdx !== null) {
    live(weight, 'embedding', 1); // before weight.shape, which would name 'shape'
    const rows = weight.shape[0];
    if (!isInt(paddingIdx) || paddingIdx >= rows || paddingIdx < -rows) outOfRange('embedding', 'paddingIdx', `an integer in [${-rows}, ${rows - 1}]`, paddingIdx);
    pad = paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
  }
  return wrap(native.embedding(w, t(input, 'embedding'), pad, false));
}

/** One-hot encoding of int64 class indices. */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  return wrap(native.oneHot(t(input, 'oneHot'), numClasses));
}

/** `softmax(q kᵀ / sqrt(d)) v`, with an optional mask, dropout and causal masking. */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor,
  options: { attnMask?: Tensor | null; dropoutP?: number; isCausal?: boolean; scale?: number } = {}): Tensor {
  const n = 'scaledDotProductAttention';
  const o = opts(n, options, ['attnMask', 'dropoutP', 'isCausal', 'scale']);
  return wrap(native.scaledDotProductAttention(t(q, n, 'query'), t(k, n, 'key'), t(v, n, 'value'), optH(o.attnMask, n, 'attnMask'),
    o.dropoutP ?? 0, o.isCausal ?? false, o.scale ?? null));
}

/** Cosine similarity along `dim`. */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  return wrap(native.cosineSimilarity(t(x1, 'cosineSimilarity', 'x1'), t(x2, 'cosineSimilarity', 'x2'), dim, eps));
}

// ---- losses ------------------------------------------------------------------------------------------

function shapeStr(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/**
 * The checks every loss makes before libtorch sees its inputs, so that a mismatch reads as a fix, not
 * as a kernel's complaint: devices must match; for elementwise losses shapes and floating dtypes must
 * match too (PyTorch would broadcast a [N, 1] input against a [N] target with only a warning).
 */
function checkPair(opName: string, input: Tensor, target: Tensor, o: { sameShape: boolean; sameDtype: boolean }): void {
  h(input, opName, 'input');
  h(target, opName, 'target');
  // Before their devices, shapes and dtypes are read, which would name 'device' for a disposed one.
  live(input, opName, 1);
  live(target, opName, 2);
  const [di, dt] = [input.device, target.device];
  if (di !== dt) {
    throw new TypeError(`${opName}(): input is on ${di}, target is on ${dt}: move the target with target.to('${di}')`);
  }
  if (o.sameShape) {
    const [a, b] = [input.shape, target.shape];
    if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
      throw new TypeError(`${opName}(): input has shape ${shapeStr(input)} but target has shape ${shapeStr(target)}; they must be equal ` +
        `(broadcasting them is almost always a bug). Reshape one, e.g. target.view([${a.join(', ')}])` +
        (input.numel() === target.numel() ? '' : ', or check the model output'));
    }
  }
  if (o.sameDtype && !isAutocastEnabled(di)) {
    const [ti, tt] = [input.dtype, target.dtype];
    if (ti !== tt) {
      const cast = { float16: 'half()', float32: 'float()', float64: 'double()', bfloat16: 'bfloat16()' }[ti as string] ?? `to('${ti}')`;
      throw new TypeError(`${opName}(): input is ${ti}, target is ${tt}: compute the loss under autocast, or cast the target with target.${cast} ` +
        '(or the input with input.float() to compute the loss in float32)');
    }
  }
}

function elementwise(opName: string, input: Tensor, target: Tensor): void {
  checkPair(opName, input, target, { sameShape: true, sameDtype: true });
}

// Class-index targets must be int64; probability targets must have the input's shape.
function checkClassTarget(opName: string, input: Tensor, target: Tensor, allowProbabilities: boolean): void {
  checkPair(opName, input, target, { sameShape: false, sameDtype: false });
  const tt = target.dtype;
  if (tt === 'int64') return;
  const floating = tt === 'float32' || tt === 'float64' || tt === 'float16' || tt === 'bfloat16';
  if (allowProbabilities && floating) {
    const [a, b] = [input.shape, target.shape];
    if (a.length === b.length && a.every((d, i) => d === b[i])) return;
    throw new TypeError(`${opName}(): a floating-point target holds class probabilities and must have the input's shape ${shapeStr(input)}, ` +
      `but it has ${shapeStr(target)}. For class indices, pass an int64 target: target.long()`);
  }
  throw new TypeError(`${opName}(): target holds class indices as ${tt}; they must be int64: use target.long()`);
}

/** Options of the losses that take only a reduction ({@link mseLoss}, {@link l1Loss}), and the base of the others'. */
export interface ReductionOptions {
  /** How the per-element losses are reduced: `'mean'` (default), `'sum'` or `'none'` (PyTorch's `reduction`). */
  reduction?: Reduction;
}

/** Options of {@link smoothL1Loss} and `nn.SmoothL1Loss`. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss changes from quadratic to linear. Default 1. */
  beta?: number;
}

/** Options of {@link huberLoss} and `nn.HuberLoss`. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss changes from quadratic to linear. Default 1. */
  delta?: number;
}

/** Options of {@link nllLoss} and `nn.NLLLoss`. */
export interface NLLLossOptions extends ReductionOptions {
  /** Per-class weights, shape `[C]`, for imbalanced classes. */
  weight?: Tensor | null;
  /** Target value that is ignored and does not count in the mean. Default -100. */
  ignoreIndex?: number;
}

/** Options of {@link binaryCrossEntropy} and `nn.BCELoss`. */
export interface BCELossOptions extends ReductionOptions {
  /** Rescaling weight of each element's loss, broadcast to the input's shape. */
  weight?: Tensor | null;
}

/** Options of {@link binaryCrossEntropyWithLogits} and `nn.BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** Weight of positive examples, broadcast along the last (class) dimension, e.g. `[C]`. */
  posWeight?: Tensor | null;
}

/** Options of {@link klDiv} and `nn.KLDivLoss`. */
export interface KLDivLossOptions {
  /**
   * `'mean'` (default, over all elements), `'batchmean'` (the sum divided by the batch size: the true
   * KL divergence), `'sum'` or `'none'`.
   */
  reduction?: Reduction | 'batchmean';
  /** `target` holds log-probabilities too. Default false. */
  logTarget?: boolean;
}

/** Options of {@link sigmoidFocalLoss} and `nn.SigmoidFocalLoss`. */
export interface SigmoidFocalLossOptions {
  /** Weight of positives in [0, 1] (negatives get `1 − alpha`); a negative value turns weighting off. Default 0.25. */
  alpha?: number;
  /** Focusing exponent of `(1 − p_t)`: higher values down-weight easy examples more. Default 2. */
  gamma?: number;
  /** How the per-element losses are reduced: `'none'` (default, as torchvision's), `'mean'` or `'sum'`. */
  reduction?: Reduction;
}

/** Mean squared error. Input and target must have the same shape and dtype. */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const o = opts('mseLoss', options, ['reduction']);
  elementwise('mseLoss', input, target);
  return wrap(native.mseLoss(input._h, target._h, reduction('mseLoss', o.reduction ?? 'mean')));
}

/** Mean absolute error. */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const o = opts('l1Loss', options, ['reduction']);
  elementwise('l1Loss', input, target);
  return wrap(native.l1Loss(input._h, target._h, reduction('l1Loss', o.reduction ?? 'mean')));
}

/** Smooth L1: quadratic below `beta`, linear above. */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const o = opts('smoothL1Loss', options, ['reduction', 'beta']);
  elementwise('smoothL1Loss', input, target);
  return wrap(native.smoothL1Loss(input._h, target._h, reduction('smoothL1Loss', o.reduction ?? 'mean'), o.beta ?? 1));
}

/** Huber loss: quadratic below `delta`, linear above (smooth L1 scaled by `delta`). */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const o = opts('huberLoss', options, ['reduction', 'delta']);
  elementwise('huberLoss', input, target);
  return wrap(native.huberLoss(input._h, target._h, reduction('huberLoss', o.reduction ?? 'mean'), o.delta ?? 1));
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** Per-class weights, for imbalanced classes. */
  weight?: Tensor | null;
  /** Target value that is ignored (class-index targets only). Default -100. */
  ignoreIndex?: number;
  /** How the per-sample losses are reduced: `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
  /** Mixes the target with the uniform distribution by this amount. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits `[N, C, ...]` against int64 class indices `[N, ...]` or class
 * probabilities `[N, C, ...]`.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const o = opts('crossEntropy', options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing']);
  const n = 'crossEntropy';
  checkClassTarget(n, input, target, true);
  const ls = o.labelSmoothing ?? 0;
  if (typeof ls !== 'number' || !(ls >= 0 && ls <= 1)) outOfRange(n, 'labelSmoothing', 'a number in [0, 1]', ls);
  return wrap(native.crossEntropy(input._h, target._h, optH(o.weight, n, 'weight'), reduction(n, o.reduction ?? 'mean'),
    o.ignoreIndex ?? -100, ls));
}

/** Negative log-likelihood of log-probabilities `[N, C, ...]` against int64 class indices. */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  const o = opts('nllLoss', options, ['weight', 'ignoreIndex', 'reduction']);
  const n = 'nllLoss';
  checkClassTarget(n, input, target, false);
  return wrap(native.nllLoss(input._h, target._h, optH(o.weight, n, 'weight'), reduction(n, o.reduction ?? 'mean'), o.ignoreIndex ?? -100));
}

/** Binary cross entropy of probabilities in [0, 1]. Prefer {@link binaryCrossEntropyWithLogits}: it is stable and autocast-safe. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BCELossOptions = {}): Tensor {
  const o = opts('binaryCrossEntropy', options, ['weight', 'reduction']);
  const n = 'binaryCrossEntropy';
  elementwise(n, input, target);
  return wrap(native.binaryCrossEntropy(input._h, target._h, optH(o.weight, n, 'weight'), reduction(n, o.reduction ?? 'mean')));
}

/** Binary cross entropy on logits; `posWeight` weighs positives per class (for imbalance). */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BCEWithLogitsLossOptions = {}): Tensor {
  const o = opts('binaryCrossEntropyWithLogits', options, ['weight', 'posWeight', 'reduction']);
  const n = 'binaryCrossEntropyWithLogits';
  elementwise(n, input, target);
  return wrap(native.binaryCrossEntropyWithLogits(input._h, target._h, optH(o.weight, n, 'weight'), optH(o.posWeight, n, 'posWeight'),
    reduction(n, o.reduction ?? 'mean')));
}

/** KL divergence; `input` holds log-probabilities. `'batchmean'` divides the sum by the batch size (the mathematically right mean). */
export function klDiv(input: Tensor, target: Tensor, options: KLDivLossOptions = {}): Tensor {
  const o = opts('klDiv', options, ['reduction', 'logTarget']);
  const n = 'klDiv';
  elementwise(n, input, target);
  const r = o.reduction ?? 'mean';
  if (r === 'batchmean') {
    const sum = wrap(native.klDiv(input._h, target._h, 'sum', o.logTarget ?? false));
    if (input.ndim === 0) return sum;
    const out = sum.div(input.shape[0]);
    sum.dispose();
    return out;
  }
  return wrap(native.klDiv(input._h, target._h, reduction(n, r), o.logTarget ?? false));
}

/**
 * Focal loss on logits (Lin et al., torchvision's `sigmoid_focal_loss`): binary cross entropy
 * scaled by `(1 - p_t)^gamma`, so easy examples count less; `alpha` weighs positives (negative:
 * off). For class imbalance. The default reduction is `'none'`, as torchvision's.
 */
export function sigmoidFocalLoss(input: Tensor, target: Tensor, options: SigmoidFocalLossOptions = {}): Tensor {
  const o = opts('sigmoidFocalLoss', options, ['alpha', 'gamma', 'reduction']);
  const n = 'sigmoidFocalLoss';
  elementwise(n, input, target);
  const alpha = o.alpha ?? 0.25;
  const gamma = o.gamma ?? 2;
  const r = reduction(n, o.reduction ?? 'none');
  return tidy(() => {
    const p = input.sigmoid();
    const ce = binaryCrossEntropyWithLogits(input, target, { reduction: 'none' });
    const pt = p.mul(target).add(p.rsub(1).mul(target.rsub(1)));
    let loss = ce.mul(pt.rsub(1).pow(gamma));
    if (alpha >= 0) loss = target.mul(alpha).add(target.rsub(1).mul(1 - alpha)).mul(loss);
    return r === 'mean' ? loss.mean() : r === 'sum' ? loss.sum() : loss;
  });
}
