/**
 * Adam and AdamW on ATen's fused kernels.
 * @module
 */
import { native } from '../native.js';
import { zeros, zerosLike } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type Params, checkNonNegative } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW}; defaults are PyTorch's. */
export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator for stability. Default 1e-8. */
  eps: number;
  /** L2 penalty (Adam) or decoupled weight decay (AdamW). Default 0 (Adam), 0.01 (AdamW). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad: boolean;
  /** Maximise the objective instead. Default false. */
  maximize: boolean;
}

abstract class AdamBase extends Optimizer<AdamOptions> {
  readonly #decoupled: boolean;

  protected constructor(name: string, decoupled: boolean, params: Params<AdamOptions>, options: Partial<AdamOptions>) {
    super(name, params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: decoupled ? 1e-2 : 0, amsgrad: false, maximize: false },
      options);
    this.#decoupled = decoupled;
  }

  protected validate(g: AdamOptions): void {
    checkNonNegative(g.lr, 'learning rate');
    checkNonNegative(g.eps, 'epsilon value');
    // The base class has checked that betas is a pair of numbers.
    g.betas.forEach((b, i) => {
      if (typeof b !== 'number' || !(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${String(b)}`);
    });
    checkNonNegative(g.weightDecay, 'weightDecay value');
  }

  /** The fused kernel unscales and skips on inf itself. */
  override get supportsAmpScaling(): boolean {
    return true;
  }

  /** As PyTorch 2.11's Adam groups hold `decoupled_weight_decay` (true for AdamW): it tells the two apart in a state dict. */
  protected override get fixedOptions(): Record<string, unknown> {
    return { decoupledWeightDecay: this.#decoupled };
  }

  protected override get fusedStepCount(): boolean {
    return true;
  }

  protected stepGroup(g: ParamGroup<AdamOptions>, params: Tensor[], gradScale: Tensor | null, foundInf: Tensor | null): void {
    const states = params.map((p) => this.stateOf(p, () => {
      // The step count lives with the parameter as a float32 scalar, as in PyTorch's fused path.
      const s: ParamState = { step: zeros([], { dtype: 'float32', device: p.device }), expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
      if (g.amsgrad) s.maxExpAvgSq = zerosLike(p);
      return s;
    }));
    const hs = (k: string) => states.map((s) => s[k]._h);
    native.adamStep(params.map((p) => p._h), hs('expAvg'), hs('expAvgSq'), g.amsgrad ? hs('maxExpAvgSq') : [], hs('step'),
      g.lr, g.betas[0], g.betas[1], g.weightDecay, g.eps, g.amsgrad, g.maximize, this.#decoupled,
      gradScale?._h ?? null, foundInf?._h ?? null);
  }
}

/**
 * Adam (Kingma & Ba); weight decay is an L2 penalty added to the gradient. The step is ATen's
 * `_fused_adam_`, the kernel of PyTorch's `Adam(..., fused=True)`.
 *
 * @example
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * ```
 */
export class Adam extends AdamBase {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', false, params, options);
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay (default 0.01). The step is ATen's
 * `_fused_adamw_`. Give norms and biases their own group with `weightDecay: 0`, as is customary.
 */
export class AdamW extends AdamBase {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', true, params, options);
  }
}
