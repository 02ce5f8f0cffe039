/**
 * MaxPool2d, AvgPool2d, AdaptiveAvgPool2d.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';

/** Max pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: number | number[], readonly options: F.MaxPoolOptions = {}) {
    super();
  }

  forward(input: Tensor): Tensor { return F.maxPool2d(input, this.kernelSize, this.options); }
  override extraRepr(): string { return `kernel_size=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}, padding=${this.options.padding ?? 0}`; }
}

/** Average pooling over `[N, C, H, W]`; `stride` defaults to `kernelSize`. */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: number | number[], readonly options: F.AvgPoolOptions = {}) {
    super();
  }

  forward(input: Tensor): Tensor { return F.avgPool2d(input, this.kernelSize, this.options); }
  override extraRepr(): string { return `kernel_size=${this.kernelSize}, stride=${this.options.stride ?? this.kernelSize}, padding=${this.options.padding ?? 0}`; }
}

/** Average pooling to a fixed output size (`[1, 1]` makes global average pooling). */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | number[]) {
    super();
  }

  forward(input: Tensor): Tensor { return F.adaptiveAvgPool2d(input, this.outputSize); }
  override extraRepr(): string { return `output_size=${JSON.stringify(this.outputSize)}`; }
}
