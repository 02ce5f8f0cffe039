/**
 * MaxPool2d, AvgPool2d, AdaptiveAvgPool2d.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';

/** Max pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export class MaxPool2d extends Module {
  constructor(
    /** Size of the pooling window: one int, or `[kH, kW]` (PyTorch's `kernel_size`). */
    readonly kernelSize: number | number[],
    /** `stride`, `padding`, `dilation` and `ceilMode`, as in {@link functional.maxPool2d}. */
    readonly options: F.MaxPoolOptions = {},
  ) {
    super();
  }

  /** Pools `input` of shape `[N, C, H, W]` (or `[C, H, W]`) into `[N, C, H_out, W_out]`. */
  forward(input: Tensor): Tensor { return F.maxPool2d(input, this.kernelSize, this.options); }
  override extraRepr(): string { return `kernel_size=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}, padding=${this.options.padding ?? 0}`; }
}

/** Average pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export class AvgPool2d extends Module {
  constructor(
    /** Size of the pooling window: one int, or `[kH, kW]` (PyTorch's `kernel_size`). */
    readonly kernelSize: number | number[],
    /** `stride`, `padding`, `ceilMode`, `countIncludePad` and `divisorOverride`, as in {@link functional.avgPool2d}. */
    readonly options: F.AvgPoolOptions = {},
  ) {
    super();
  }

  /** Pools `input` of shape `[N, C, H, W]` (or `[C, H, W]`) into `[N, C, H_out, W_out]`. */
  forward(input: Tensor): Tensor { return F.avgPool2d(input, this.kernelSize, this.options); }
  override extraRepr(): string { return `kernel_size=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}, padding=${this.options.padding ?? 0}`; }
}

/** Average pooling to a fixed output size (`[1, 1]` makes global average pooling). */
export class AdaptiveAvgPool2d extends Module {
  constructor(
    /** The output's spatial size: `[H, W]`, or one int for a square output (PyTorch's `output_size`). */
    readonly outputSize: number | number[],
  ) {
    super();
  }

  /** Pools `input` of shape `[N, C, H, W]` (or `[C, H, W]`) into `[N, C, ...outputSize]`. */
  forward(input: Tensor): Tensor { return F.adaptiveAvgPool2d(input, this.outputSize); }
  override extraRepr(): string { return `output_size=${JSON.stringify(this.outputSize)}`; }
}
