/**
 * Linear, Identity, Flatten, Unflatten.
 * @module
 */
import { checkOptions } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { defaultLinearInit_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factory, positiveInt } from './common.js';

/** Options of {@link Linear}. */
export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/**
 * `y = x Wᵀ + b`, with PyTorch's initialisation (Kaiming uniform, a = √5).
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(784, 10);
 * fc.forward(torch.randn([32, 784])).shape; // [32, 10]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Linear', options, ['bias', 'dtype', 'device']);
    this.inFeatures = positiveInt('Linear', 'inFeatures', inFeatures);
    this.outFeatures = positiveInt('Linear', 'outFeatures', outFeatures);
    this.weight = Parameter.empty([outFeatures, inFeatures], factory(options));
    this.bias = options.bias === false ? null : Parameter.empty([outFeatures], factory(options));
    this.resetParameters();
  }

  /** Re-draws the weights as at construction. */
  resetParameters(): void {
    defaultLinearInit_(this.weight, this.bias);
  }

  forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

/** Returns its input. */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** Flattens dimensions `startDim..endDim` (default: all but the batch dimension). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Splits dimension `dim` into `sizes`. */
export class Unflatten extends Module {
  constructor(readonly dim: number, readonly sizes: number[]) {
    super();
  }

  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.sizes);
  }
}
