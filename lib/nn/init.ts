/**
 * `nn.init`: PyTorch's parameter initialisations, with the same formulas and the same use of the
 * random generator, so that the same seed gives the same weights as Python torch.
 * @module
 */
import { noGrad } from '../autograd.js';
import { invalidArg, outOfRange } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Nonlinearities {@link calculateGain} knows. */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain for a nonlinearity (PyTorch's `calculate_gain`). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5.0 / 3;
    case 'relu': return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number') invalidArg('calculateGain', 'param', 'a number', param);
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu': return 3.0 / 4;
    default: return invalidArg('calculateGain', 'nonlinearity', "one of 'linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu', ...", nonlinearity);
  }
}

/** `[fanIn, fanOut]` of a weight: dims 1 and 0 times the receptive field (PyTorch's rule). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  const s = t.shape;
  if (s.length < 2) throw new RangeError(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${s.join(', ')}])`);
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  return [s[1] * receptive, s[0] * receptive];
}

function fan(t: Tensor, mode: 'fan_in' | 'fan_out'): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') invalidArg('init', 'mode', "'fan_in' or 'fan_out'", mode);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** Fills with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => t.uniform_(a, b));
}

/** Fills with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => t.normal_(mean, std));
}

/** Fills with a constant. */
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

/** Fills with zeros. */
export function zeros_(t: Tensor): Tensor {
  return noGrad(() => t.zero_());
}

/** Fills with ones. */
export function ones_(t: Tensor): Tensor {
  return noGrad(() => t.fill_(1));
}

/** Xavier/Glorot uniform: U(-a, a) with a = gain·sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a);
}

/** Xavier/Glorot normal: N(0, std²) with std = gain·sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
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

/** Kaiming/He uniform: U(-b, b) with b = gain·sqrt(3 / fan). */
export function kaimingUniform_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const std = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan(t, o.mode ?? 'fan_in'));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound);
}

/** Kaiming/He normal: N(0, std²) with std = gain / sqrt(fan). */
export function kaimingNormal_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const std = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan(t, o.mode ?? 'fan_in'));
  return normal_(t, 0, std);
}

/** PyTorch's default for Linear and Conv weights: Kaiming uniform with a = sqrt(5), then U(±1/sqrt(fanIn)) for the bias. */
export function defaultLinearInit_(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound);
  }
}

/** Dropout-style probability check shared by layers. */
export function checkProbability(op: string, name: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) outOfRange(op, name, 'a probability in [0, 1]', p);
  return p as number;
}
