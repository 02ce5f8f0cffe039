/**
 * Precision modes, named as Lightning names them, shared by the Trainer and usable by hand.
 * @module
 */
import { invalidArg } from '../errors.js';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { autocast } from './autocast.js';
import { GradScaler, type GradScalerOptions } from './grad-scaler.js';

/**
 * - `'32-true'`: float32 everywhere.
 * - `'16-mixed'`: float32 weights, float16 autocast, a GradScaler (the classic AMP recipe).
 * - `'bf16-mixed'`: float32 weights, bfloat16 autocast, no scaler (bfloat16 has float32's range).
 * - `'16-true'`: model and inputs cast to float16; unstable without a scaler and master weights.
 * - `'bf16-true'`: model and inputs cast to bfloat16.
 */
export type PrecisionMode = '32-true' | '16-mixed' | 'bf16-mixed' | '16-true' | 'bf16-true';

/** Every {@link PrecisionMode}, in the order above (for validating user input). */
export const PRECISION_MODES: readonly PrecisionMode[] = ['32-true', '16-mixed', 'bf16-mixed', '16-true', 'bf16-true'];

/**
 * What a precision mode means in practice: how to convert the model and inputs, how to run the
 * forward pass, and how to step.
 *
 * @example
 * ```ts
 * const precision = new amp.Precision('16-mixed', { device: 'cuda' });
 * precision.convertModule(model);
 * const loss = precision.forward(() => F.crossEntropy(model.forward(precision.convertInput(x)), y));
 * precision.backward(loss);
 * precision.step(optimizer, { clip: () => nn.utils.clipGradNorm(model.parameters(), 1.0) });
 * ```
 */
export class Precision {
  /** The precision mode this was built for. */
  readonly mode: PrecisionMode;
  /** The device type autocast and the scaler use: `'cuda'` for any `'cuda:N'` given, else `'cpu'` (the default). */
  readonly device: 'cpu' | 'cuda';
  /** The autocast dtype of a mixed mode, else null. */
  readonly autocastDtype: 'float16' | 'bfloat16' | null;
  /** The dtype of parameters and inputs: float32, or the low dtype of a true mode. */
  readonly paramDtype: DType;
  /** The GradScaler of '16-mixed', else null. */
  readonly scaler: GradScaler | null;

  constructor(mode: PrecisionMode, options: { device?: 'cpu' | 'cuda' | string; scaler?: Omit<GradScalerOptions, 'device'> } = {}) {
    if (!PRECISION_MODES.includes(mode)) invalidArg('Precision', 'mode', PRECISION_MODES.map((m) => `'${m}'`).join(', '), mode);
    this.mode = mode;
    this.device = (options.device ?? 'cpu').startsWith('cuda') ? 'cuda' : 'cpu';
    this.autocastDtype = mode === '16-mixed' ? 'float16' : mode === 'bf16-mixed' ? 'bfloat16' : null;
    this.paramDtype = mode === '16-true' ? 'float16' : mode === 'bf16-true' ? 'bfloat16' : 'float32';
    this.scaler = mode === '16-mixed' ? new GradScaler({ ...options.scaler, device: this.device }) : null;
    if (mode === '16-true') {
      process.emitWarning("precision '16-true' trains float16 weights without a GradScaler or float32 master weights: small updates " +
        "round to zero and gradients may underflow. Prefer '16-mixed' (or 'bf16-mixed').", 'UserWarning');
    }
  }

  /** Casts the model's floating-point parameters and buffers for true modes; mixed modes keep float32. */
  convertModule<M extends Module>(model: M): M {
    if (this.paramDtype !== 'float32') model.to(this.paramDtype);
    return model;
  }

  /** Casts a floating-point input to the parameter dtype in true modes; returns other tensors unchanged. */
  convertInput(x: Tensor): Tensor {
    return this.paramDtype !== 'float32' && x.isFloatingPoint() && x.dtype !== this.paramDtype ? x.to(this.paramDtype) : x;
  }

  /** Runs the forward pass (and loss) under autocast in mixed modes. */
  forward<T>(fn: () => T): T {
    return this.autocastDtype === null ? fn() : autocast({ device: this.device, dtype: this.autocastDtype }, fn);
  }

  /** Backpropagates the loss, scaled in '16-mixed'. */
  backward(loss: Tensor): void {
    if (this.scaler) {
      const scaled = this.scaler.scale(loss);
      scaled.backward();
      scaled.dispose();
    } else {
      loss.backward();
    }
  }

  /**
   * Unscales (with a scaler), clips if asked, steps and updates the scale. Returns whether the
   * optimizer stepped (false when the scaler skipped the step for inf/NaN gradients).
   */
  step(optimizer: Optimizer<object>, options: { clip?: (optimizer: Optimizer<object>) => void } = {}): boolean {
    if (!this.scaler) {
      options.clip?.(optimizer);
      optimizer.step();
      return true;
    }
    if (options.clip) {
      this.scaler.unscale_(optimizer);
      options.clip(optimizer);
    }
    const stepped = this.scaler.step(optimizer);
    this.scaler.update();
    return stepped;
  }
}
