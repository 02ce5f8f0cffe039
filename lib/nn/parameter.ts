/**
 * `nn.Parameter`: a tensor a module owns and optimizers update.
 * @module
 */
import { invalidArg } from '../errors.js';
import { native } from '../native.js';
import { persist } from '../tensor/scope.js';
import { empty } from '../tensor/create.js';
import type { Device } from '../tensor/device.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor, live } from '../tensor/tensor.js';

/**
 * A leaf tensor that a {@link Module} registers as a parameter (found by `parameters()`), with
 * `requiresGrad` on by default. It shares memory with the tensor it is made from, lives outside
 * every `tidy` scope, and is released by `dispose()` or garbage collection.
 *
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   s = new nn.Parameter(torch.ones([1]));
 *   forward(x: Tensor) { return x.mul(this.s); }
 * }
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) invalidArg('Parameter', 'data', 'a Tensor', data);
    if (typeof requiresGrad !== 'boolean') invalidArg('Parameter', 'requiresGrad', 'a boolean', requiresGrad);
    live(data, 'Parameter', 1);
    super(native.detach(data._h));
    if (requiresGrad) native.requiresGrad_(this._h, true);
    persist(this);
  }

  /** A new uninitialised parameter (layers fill it with `nn.init`). */
  static empty(shape: number[], options: { dtype?: DType; device?: Device } = {}): Parameter {
    const t = empty(shape, options);
    const p = new Parameter(t);
    t.dispose();
    return p;
  }
}
