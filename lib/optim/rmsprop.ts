/**
 * RMSprop, on ATen's multi-tensor (foreach) kernels.
 * @module
 */
import { native } from '../native.js';
import { zeros, zerosLike } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type Params, checkNonNegative } from './optimizer.js';

/** Options of {@link RMSprop}; defaults are PyTorch's. */
export interface RMSpropOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha: number;
  /** Added to the denominator for stability. Default 1e-8. */
  eps: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Momentum factor; above 0 keeps a momentum buffer per parameter. Default 0. */
  momentum: number;
  /** Normalise by the variance estimate (centered RMSprop). Default false. */
  centered: boolean;
  /** Maximise the objective instead. Default false. */
  maximize: boolean;
}

/** RMSprop; the step is PyTorch's `foreach=True` implementation, op for op, in one native call. */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  protected validate(g: RMSpropOptions): void {
    checkNonNegative(g.lr, 'learning rate');
    checkNonNegative(g.eps, 'epsilon value');
    checkNonNegative(g.momentum, 'momentum value');
    checkNonNegative(g.weightDecay, 'weightDecay value');
    checkNonNegative(g.alpha, 'alpha value');
  }

  protected stepGroup(g: ParamGroup<RMSpropOptions>, params: Tensor[]): void {
    // No fused kernel: supportsAmpScaling is false, so a GradScaler unscales before calling step().
    const states = params.map((p) => this.stateOf(p, () => {
      const s: ParamState = { step: zeros([], { dtype: 'float32' }), squareAvg: zerosLike(p) };
      if (g.momentum > 0) s.momentumBuffer = zerosLike(p);
      if (g.centered) s.gradAvg = zerosLike(p);
      return s;
    }));
    const hs = (k: string) => states.map((s) => s[k]._h);
    native.rmspropStep(params.map((p) => p._h), hs('squareAvg'), g.centered ? hs('gradAvg') : [], g.momentum > 0 ? hs('momentumBuffer') : [],
      hs('step'), g.lr, g.alpha, g.eps, g.weightDecay, g.momentum, g.centered, g.maximize);
  }
}
