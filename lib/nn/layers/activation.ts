/**
 * Activation layers: ReLU, GELU, SiLU, LeakyReLU, ELU, Sigmoid, Tanh, Softmax, LogSoftmax, Mish.
 * @module
 */
import { invalidArg, isInt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { tensorInput } from './common.js';

/** `max(0, x)`. */
export class ReLU extends Module {
  forward(input: Tensor): Tensor { return tensorInput('ReLU.forward', input).relu(); }
}

/** Gaussian error linear unit; `approximate: 'tanh'` for the tanh approximation. */
export class GELU extends Module {
  constructor(
    /** `'none'` for the exact, erf-based GELU (the default) or `'tanh'` for the tanh approximation. */
    readonly approximate: 'none' | 'tanh' = 'none',
  ) {
    super();
    if (approximate !== 'none' && approximate !== 'tanh') invalidArg('GELU', 'approximate', "'none' or 'tanh'", approximate);
  }

  forward(input: Tensor): Tensor { return tensorInput('GELU.forward', input).gelu(this.approximate); }
  override extraRepr(): string { return `approximate='${this.approximate}'`; }
}

/** `x · sigmoid(x)` (swish). */
export class SiLU extends Module {
  forward(input: Tensor): Tensor { return tensorInput('SiLU.forward', input).silu(); }
}

/** `x · tanh(softplus(x))`. */
export class Mish extends Module {
  forward(input: Tensor): Tensor { return tensorInput('Mish.forward', input).mish(); }
}

/** `x` for x ≥ 0, `negativeSlope · x` otherwise. */
export class LeakyReLU extends Module {
  constructor(
    /** Slope for negative inputs (PyTorch's `negative_slope`). Default 0.01. */
    readonly negativeSlope = 0.01,
  ) {
    super();
    if (typeof negativeSlope !== 'number') invalidArg('LeakyReLU', 'negativeSlope', 'a number', negativeSlope);
  }

  forward(input: Tensor): Tensor { return tensorInput('LeakyReLU.forward', input).leakyRelu(this.negativeSlope); }
  override extraRepr(): string { return `negative_slope=${this.negativeSlope}`; }
}

/** Exponential linear unit: `x` for x > 0, `alpha · (eˣ − 1)` otherwise. */
export class ELU extends Module {
  constructor(
    /** The α of `α · (eˣ − 1)` for negative inputs. Default 1. */
    readonly alpha = 1.0,
  ) {
    super();
    if (typeof alpha !== 'number') invalidArg('ELU', 'alpha', 'a number', alpha);
  }
  forward(input: Tensor): Tensor { return tensorInput('ELU.forward', input).elu(this.alpha); }
}

/** Logistic sigmoid. */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return tensorInput('Sigmoid.forward', input).sigmoid(); }
}

/** Hyperbolic tangent. */
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return tensorInput('Tanh.forward', input).tanh(); }
}

function dimArg(op: string, dim: unknown): number {
  if (!isInt(dim)) invalidArg(op, 'dim', 'an integer (PyTorch\'s implicit dim is deprecated)', dim);
  return dim as number;
}

/** Softmax along `dim`. */
export class Softmax extends Module {
  /** The dimension along which the softmax is computed (required: PyTorch's implicit dim is not supported). */
  readonly dim: number;
  constructor(dim: number) { super(); this.dim = dimArg('Softmax', dim); }
  forward(input: Tensor): Tensor { return tensorInput('Softmax.forward', input).softmax(this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

/** Log-softmax along `dim`. */
export class LogSoftmax extends Module {
  /** The dimension along which the log-softmax is computed (required: PyTorch's implicit dim is not supported). */
  readonly dim: number;
  constructor(dim: number) { super(); this.dim = dimArg('LogSoftmax', dim); }
  forward(input: Tensor): Tensor { return tensorInput('LogSoftmax.forward', input).logSoftmax(this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}
