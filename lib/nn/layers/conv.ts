/**
 * Conv1d, Conv2d, ConvTranspose2d.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { defaultLinearInit_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factory, positiveInt } from './common.js';

/** Options of the convolution layers. */
export interface ConvLayerOptions extends FactoryOptions {
  /** Step of the kernel: one int, or one per spatial dimension. Default 1. */
  stride?: number | number[];
  /**
   * Zero padding per side (one int, or one per spatial dimension), or `'valid'` (none) or `'same'`
   * (output size = input size; stride must be 1). Default 0.
   */
  padding?: number | number[] | 'same' | 'valid';
  /** Spacing between kernel elements (à trous convolution). Default 1. */
  dilation?: number | number[];
  /** Blocked connections from input to output channels; `inChannels` and `outChannels` must be divisible by it. Default 1. */
  groups?: number;
  /** Learn an additive bias of shape `[outChannels]`. Default true. */
  bias?: boolean;
}

const CONV_OPTIONS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'dtype', 'device'];

function tuple(op: string, name: string, v: unknown, n: number): number[] {
  if (isInt(v)) return Array(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every(isInt)) return v;
  return invalidArg(op, name, `an integer or an array of ${n} integers`, v);
}

abstract class ConvNd extends Module {
  /** Channels of the input, `C` in `[N, C, ...]` (PyTorch's `in_channels`). */
  readonly inChannels: number;
  /** Channels of the output (PyTorch's `out_channels`). */
  readonly outChannels: number;
  /** Size of the kernel, one entry per spatial dimension (PyTorch's `kernel_size`). */
  readonly kernelSize: number[];
  /** Step of the kernel, one entry per spatial dimension. Default 1. */
  readonly stride: number[];
  /** Padding per spatial dimension (`'same'` or `'valid'` when given so). Default 0. */
  readonly padding: number[] | 'same' | 'valid';
  /** Spacing between kernel elements, one entry per spatial dimension. Default 1. */
  readonly dilation: number[];
  /** Number of blocked connections from input to output channels. Default 1. */
  readonly groups: number;
  /**
   * Learnable kernel, shape `[outChannels, inChannels / groups, ...kernelSize]` (for
   * {@link ConvTranspose2d}: `[inChannels, outChannels / groups, ...kernelSize]`), initialised as
   * PyTorch's: U(−√k, √k) with k = 1 / (`weight.shape[1]` · ∏ kernelSize).
   */
  weight: Parameter;
  /** Learnable bias, shape `[outChannels]`, initialised U(−√k, √k) as `weight`; null with `bias: false`. */
  bias: Parameter | null;

  constructor(op: string, n: number, transposed: boolean, inChannels: number, outChannels: number, kernelSize: number | number[],
    o: ConvLayerOptions) {
    super();
    checkOptions(op, o, transposed ? [...CONV_OPTIONS, 'outputPadding'] : CONV_OPTIONS);
    this.inChannels = positiveInt(op, 'inChannels', inChannels);
    this.outChannels = positiveInt(op, 'outChannels', outChannels);
    this.kernelSize = tuple(op, 'kernelSize', kernelSize, n);
    this.stride = tuple(op, 'stride', o.stride ?? 1, n);
    this.padding = o.padding === 'same' || o.padding === 'valid' ? o.padding : tuple(op, 'padding', o.padding ?? 0, n);
    this.dilation = tuple(op, 'dilation', o.dilation ?? 1, n);
    this.groups = positiveInt(op, 'groups', o.groups ?? 1);
    if (inChannels % this.groups !== 0) invalidArg(op, 'inChannels', `divisible by groups (${this.groups})`, inChannels);
    if (outChannels % this.groups !== 0) invalidArg(op, 'outChannels', `divisible by groups (${this.groups})`, outChannels);
    if (this.padding === 'same' && this.stride.some((s) => s !== 1)) {
      throw new TypeError(`${op}(): padding='same' is not supported for strided convolutions`);
    }
    const shape = transposed
      ? [inChannels, outChannels / this.groups, ...this.kernelSize]
      : [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = Parameter.empty(shape, factory(o, op));
    this.bias = o.bias === false ? null : Parameter.empty([outChannels], factory(o, op));
    this.resetParameters();
  }

  /** Re-draws the weights as at construction (Kaiming uniform, a = √5, as PyTorch). */
  resetParameters(): void {
    defaultLinearInit_(this.weight, this.bias);
  }

  override extraRepr(): string {
    const t = (v: number[]) => `(${v.join(', ')})`;
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}`;
    if (this.padding !== 'valid' && (typeof this.padding === 'string' || this.padding.some((p) => p !== 0))) {
      s += `, padding=${typeof this.padding === 'string' ? `'${this.padding}'` : t(this.padding)}`;
    }
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${t(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/** 1-D convolution over `[N, C, L]`. */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvLayerOptions = {}) {
    super('Conv1d', 1, false, inChannels, outChannels, kernelSize, options);
  }

  /** Convolves `input` of shape `[N, inChannels, L]` (or unbatched `[inChannels, L]`) into `[N, outChannels, L_out]`. */
  forward(input: Tensor): Tensor {
    return F.conv1d(input, this.weight, this.bias,
      { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * 2-D convolution over `[N, C, H, W]`.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv2d(1, 32, 3, { padding: 1 });
 * conv.forward(torch.randn([8, 1, 28, 28])).shape; // [8, 32, 28, 28]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvLayerOptions = {}) {
    super('Conv2d', 2, false, inChannels, outChannels, kernelSize, options);
  }

  /** Convolves `input` of shape `[N, inChannels, H, W]` (or unbatched `[inChannels, H, W]`) into `[N, outChannels, H_out, W_out]`. */
  forward(input: Tensor): Tensor {
    return F.conv2d(input, this.weight, this.bias,
      { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/** Options of {@link ConvTranspose2d}. */
export interface ConvTransposeOptions extends Omit<ConvLayerOptions, 'padding'> {
  /**
   * PyTorch's `padding` of a transposed convolution: `dilation · (kernelSize − 1) − padding` zeros
   * pad each side of the input, so the output loses `padding` on each side. Default 0.
   */
  padding?: number | number[];
  /**
   * Extra size added to one side of each output dimension, to pick the output shape when
   * `stride > 1` (must be smaller than `stride` or `dilation`). Default 0.
   */
  outputPadding?: number | number[];
}

/**
 * Transposed 2-D convolution (a learned upsampling), PyTorch's `ConvTranspose2d`. The output size
 * is `(in − 1)·stride − 2·padding + dilation·(kernelSize − 1) + outputPadding + 1` per spatial dimension.
 *
 * @example
 * ```ts
 * const up = new nn.ConvTranspose2d(16, 8, 2, { stride: 2 });
 * up.forward(torch.randn([4, 16, 14, 14])).shape; // [4, 8, 28, 28]
 * ```
 */
export class ConvTranspose2d extends ConvNd {
  /** Extra size added to one side of each output dimension, `[h, w]`. Default `[0, 0]`. */
  readonly outputPadding: number[];

  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvTransposeOptions = {}) {
    super('ConvTranspose2d', 2, true, inChannels, outChannels, kernelSize, options);
    this.outputPadding = tuple('ConvTranspose2d', 'outputPadding', options.outputPadding ?? 0, 2);
  }

  /** Applies the transposed convolution to `input` of shape `[N, inChannels, H, W]`, giving `[N, outChannels, H_out, W_out]`. */
  forward(input: Tensor): Tensor {
    return F.convTranspose2d(input, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as number[], outputPadding: this.outputPadding, groups: this.groups,
      dilation: this.dilation,
    });
  }
}
