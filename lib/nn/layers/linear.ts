/**
 * Linear, Identity, Flatten, Unflatten.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import { intsArg } from '../../tensor/args.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { defaultLinearInit_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factory, positiveInt, tensorInput } from './common.js';

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
  /** Size of each input sample: the last dimension of the input (PyTorch's `in_features`). */
  readonly inFeatures: number;
  /** Size of each output sample: the last dimension of the output (PyTorch's `out_features`). */
  readonly outFeatures: number;
  /** Learnable weight W, shape `[outFeatures, inFeatures]`, initialised U(−1/√inFeatures, 1/√inFeatures). */
  weight: Parameter;
  /** Learnable bias b, shape `[outFeatures]`, initialised U(−1/√inFeatures, 1/√inFeatures); null with `bias: false`. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Linear', options, ['bias', 'dtype', 'device']);
    this.inFeatures = positiveInt('Linear', 'inFeatures', inFeatures);
    this.outFeatures = positiveInt('Linear', 'outFeatures', outFeatures);
    this.weight = Parameter.empty([outFeatures, inFeatures], factory(options, 'Linear'));
    this.bias = options.bias === false ? null : Parameter.empty([outFeatures], factory(options, 'Linear'));
    this.resetParameters();
  }

  /** Re-draws the weights as at construction. */
  resetParameters(): void {
    defaultLinearInit_(this.weight, this.bias);
  }

  /** Applies the layer to `input` of shape `[*, inFeatures]`, giving `[*, outFeatures]`. */
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

/**
 * Flattens dimensions `startDim..endDim` (default: all but the batch dimension).
 *
 * @example
 * ```ts
 * new nn.Flatten().forward(torch.zeros([8, 3, 4, 4])).shape; // [8, 48]
 * ```
 */
export class Flatten extends Module {
  constructor(
    /** First dimension to flatten. Default 1, which keeps the batch dimension (PyTorch's `start_dim`). */
    readonly startDim = 1,
    /** Last dimension to flatten, inclusive; negative counts from the end. Default -1 (PyTorch's `end_dim`). */
    readonly endDim = -1,
  ) {
    super();
    if (!isInt(startDim)) invalidArg('Flatten', 'startDim', 'an integer', startDim);
    if (!isInt(endDim)) invalidArg('Flatten', 'endDim', 'an integer', endDim);
  }

  /** Flattens dimensions `startDim..endDim` of `input` into one. */
  forward(input: Tensor): Tensor {
    return tensorInput('Flatten.forward', input).flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dimension `dim` into `sizes`: the inverse of {@link Flatten}.
 *
 * @example
 * ```ts
 * new nn.Unflatten(1, [3, 4, 4]).forward(torch.zeros([8, 48])).shape; // [8, 3, 4, 4]
 * ```
 */
export class Unflatten extends Module {
  constructor(
    /** The dimension to split; negative counts from the end. */
    readonly dim: number,
    /** The sizes `dim` is split into; their product must equal the size of `dim` (PyTorch's `unflattened_size`). */
    readonly sizes: number[],
  ) {
    super();
    if (!isInt(dim)) invalidArg('Unflatten', 'dim', 'an integer', dim);
    intsArg('Unflatten', sizes, 'sizes');
  }

  /** Splits dimension `dim` of `input` into `sizes`. */
  forward(input: Tensor): Tensor {
    return tensorInput('Unflatten.forward', input).unflatten(this.dim, this.sizes);
  }
}
