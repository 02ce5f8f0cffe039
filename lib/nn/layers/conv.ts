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
  stride?: number | number[];
  /** Zero padding per side, or `'same'` / `'valid'`. */
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  groups?: number;
  bias?: boolean;
}

const CONV_OPTIONS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'dtype', 'device'];

function tuple(op: string, name: string, v: unknown, n: number): number[] {
  if (isInt(v)) return Array(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every(isInt)) return v;
  return invalidArg(op, name, `an integer or an array of ${n} integers`, v);
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(op: string, n: number, transposed: boolean, inChannels: number, outChannels: number, kernelSize: number | number[], o: ConvLayerOptions) {
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
    this.weight = Parameter.empty(shape, factory(o));
    this.bias = o.bias === false ? null : Parameter.empty([outChannels], factory(o));
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

  forward(input: Tensor): Tensor {
    return F.conv1d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
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

  forward(input: Tensor): Tensor {
    return F.conv2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/** Options of {@link ConvTranspose2d}. */
export interface ConvTransposeOptions extends Omit<ConvLayerOptions, 'padding'> {
  padding?: number | number[];
  outputPadding?: number | number[];
}

/** Transposed 2-D convolution (a learned upsampling). */
export class ConvTranspose2d extends ConvNd {
  readonly outputPadding: number[];

  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvTransposeOptions = {}) {
    super('ConvTranspose2d', 2, true, inChannels, outChannels, kernelSize, options);
    this.outputPadding = tuple('ConvTranspose2d', 'outputPadding', options.outputPadding ?? 0, 2);
  }

  forward(input: Tensor): Tensor {
    return F.convTranspose2d(input, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as number[], outputPadding: this.outputPadding, groups: this.groups, dilation: this.dilation,
    });
  }
}
