/**
 * SGD with momentum, dampening, Nesterov and weight decay, on ATen's fused kernel.
 * @module
 */
import { native } from '../native.js';
import { emptyLike } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type Params, checkNonNegative } from './optimizer.js';

/** Options of {@link SGD}; defaults are PyTorch's. */
export interface SGDOptions {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Dampening of the momentum. Default 0. */
  dampening: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Nesterov momentum. Default false. */
  nesterov: boolean;
  /** Maximise the objective instead. Default false. */
  maximize: boolean;
}

/**
 * Stochastic gradient descent; the step is ATen's `_fused_sgd_`, the kernel of PyTorch's
 * `SGD(..., fused=True)`, for all parameters of a group in one call.
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, options);
  }

  protected validate(g: SGDOptions): void {
    checkNonNegative(g.lr, 'learning rate');
    checkNonNegative(g.momentum, 'momentum value');
    checkNonNegative(g.weightDecay, 'weightDecay value');
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
  }

  /** The fused kernel unscales and skips on inf itself. */
  override get supportsAmpScaling(): boolean {
    return true;
  }

  protected stepGroup(g: ParamGroup<SGDOptions>, params: Tensor[], gradScale: Tensor | null, foundInf: Tensor | null): void {
    const run = (ps: Tensor[], bufs: Tensor[], first: boolean) =>
      native.sgdStep(ps.map((p) => p._h), bufs.map((b) => b._h), g.lr, g.momentum, g.dampening, g.weightDecay, g.nesterov, g.maximize,
        first, gradScale?._h ?? null, foundInf?._h ?? null);
    if (g.momentum === 0) {
      run(params, [], false);
      return;
    }
    // The kernel's first step sets the buffer to the gradient; parameters seen before continue theirs.
    const fresh = params.filter((p) => !this.state.has(p));
    const seen = params.filter((p) => this.state.has(p));
    if (seen.length) run(seen, seen.map((p) => this.state.get(p)!.momentumBuffer), false);
    if (fresh.length) {
      run(fresh, fresh.map((p) => this.stateOf(p, () => ({ momentumBuffer: emptyLike(p) })).momentumBuffer), true);
      // A first step the GradScaler skipped must leave no state: the kernel did not fill the new
      // buffers. (PyTorch keeps them, uninitialised, and the next step uses them as history.)
      if (foundInf !== null && foundInf.item() !== 0) {
        for (const p of fresh) {
          this.state.get(p)!.momentumBuffer.dispose();
          this.state.delete(p);
        }
      }
    }
  }
}
