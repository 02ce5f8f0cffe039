/**
 * `nn.init`: PyTorch's parameter initialisations, with the same formulas and the same use of the
 * random generator, so that the same seed gives the same weights as Python torch.
 * @module
 */
import { noGrad } from '../autograd.js';
import { checkOptions, invalidArg, outOfRange } from '../errors.js';
import { Tensor, live } from '../tensor/tensor.js';

/** Nonlinearities {@link calculateGain} knows. */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain for a nonlinearity (PyTorch's `calculate_gain`). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  return gainOf('calculateGain', nonlinearity, param);
}

function gainOf(op: string, nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5.0 / 3;
    case 'relu': return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number') invalidArg(op, op === 'calculateGain' ? 'param' : 'a', 'a number', param);
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu': return 3.0 / 4;
    default: return invalidArg(op, 'nonlinearity', "one of 'linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu', ...", nonlinearity);
  }
}

/** The tensor an init function fills, checked to be a live Tensor before its shape is read. */
function target(op: string, t: unknown, name = 'tensor'): Tensor {
  if (!(t instanceof Tensor)) invalidArg(op, name, 'a Tensor', t);
  live(t as Tensor, op, 1);
  return t as Tensor;
}

function num(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') invalidArg(op, name, 'a number', v);
  return v as number;
}

function fans(op: string, t: Tensor): [number, number] {
  const s = target(op, t).shape;
  if (s.length < 2) {
    throw new RangeError(`${op}(): fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [${s.join(', ')}])`);
  }
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  return [s[1] * receptive, s[0] * receptive];
}

/** `[fanIn, fanOut]` of a weight: dims 1 and 0 times the receptive field (PyTorch's rule). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  return fans('calculateFanInAndFanOut', t);
}

function fan(op: string, t: Tensor, mode: 'fan_in' | 'fan_out'): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') invalidArg(op, 'mode', "'fan_in' or 'fan_out'", mode);
  const [fanIn, fanOut] = fans(op, t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** Fills with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  target('uniform_', t);
  num('uniform_', 'a', a);
  num('uniform_', 'b', b);
  return noGrad(() => t.uniform_(a, b));
}

/** Fills with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  target('normal_', t);
  num('normal_', 'mean', mean);
  num('normal_', 'std', std);
  return noGrad(() => t.normal_(mean, std));
}

/** Fills with a constant. */
export function constant_(t: Tensor, value: number): Tensor {
  target('constant_', t);
  if (typeof value !== 'number' && typeof value !== 'boolean') invalidArg('constant_', 'value', 'a number', value);
  return noGrad(() => t.fill_(value));
}

/** Fills with zeros. */
export function zeros_(t: Tensor): Tensor {
  target('zeros_', t);
  return noGrad(() => t.zero_());
}

/** Fills with ones. */
export function ones_(t: Tensor): Tensor {
  target('ones_', t);
  return noGrad(() => t.fill_(1));
}

/** Xavier/Glorot uniform: U(-a, a) with a = gain·sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = fans('xavierUniform_', t);
  const std = num('xavierUniform_', 'gain', gain) * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a);
}

/** Xavier/Glorot normal: N(0, std²) with std = gain·sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = fans('xavierNormal_', t);
  return normal_(t, 0, num('xavierNormal_', 'gain', gain) * Math.sqrt(2.0 / (fanIn + fanOut)));
}

/** Options of the Kaiming initialisations. */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU after this layer. Default 0. */
  a?: number;
  /** `'fan_in'` (the default) keeps the variance of the forward pass; `'fan_out'` that of the backward pass. */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity after this layer, for {@link calculateGain}. Default `'leaky_relu'`. */
  nonlinearity?: Nonlinearity;
}

const KAIMING_OPTIONS = ['a', 'mode', 'nonlinearity'];

// The Kaiming std, with errors under the name of the function called (op).
function kaimingStd(op: string, t: Tensor, o: KaimingOptions): number {
  target(op, t);
  checkOptions(op, o, KAIMING_OPTIONS);
  return gainOf(op, o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan(op, t, o.mode ?? 'fan_in'));
}

/** Kaiming/He uniform: U(-b, b) with b = gain·sqrt(3 / fan). */
export function kaimingUniform_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3.0) * kaimingStd('kaimingUniform_', t, o);
  return uniform_(t, -bound, bound);
}

/** Kaiming/He normal: N(0, std²) with std = gain / sqrt(fan). */
export function kaimingNormal_(t: Tensor, o: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd('kaimingNormal_', t, o));
}

/** PyTorch's default for Linear and Conv weights: Kaiming uniform with a = sqrt(5), then U(±1/sqrt(fanIn)) for the bias. */
export function defaultLinearInit_(weight: Tensor, bias: Tensor | null): void {
  target('defaultLinearInit_', weight, 'weight');
  if (bias !== null && bias !== undefined) target('defaultLinearInit_', bias, 'bias');
  const bound = Math.sqrt(3.0) * kaimingStd('defaultLinearInit_', weight, { a: Math.sqrt(5) });
  uniform_(weight, -bound, bound);
  if (bias !== null && bias !== undefined) {
    const [fanIn] = fans('defaultLinearInit_', weight);
    const biasBound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -biasBound, biasBound);
  }
}

/** Dropout-style probability check shared by layers. */
export function checkProbability(op: string, name: string, p: unknown): number {
  if (typeof op !== 'string') invalidArg('checkProbability', 'op', 'a string', op);
  if (typeof name !== 'string') invalidArg('checkProbability', 'name', 'a string', name);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) outOfRange(op, name, 'a probability in [0, 1]', p);
  return p as number;
}
