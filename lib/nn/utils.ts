/**
 * `nn.utils`: gradient clipping.
 * @module
 */
import { invalidArg } from '../errors.js';
import { native } from '../native.js';
import { type Tensor, hs, wrap } from '../tensor/tensor.js';

/**
 * Scales the gradients of `parameters` so that their total `normType`-norm is at most `maxNorm`
 * (PyTorch's `clip_grad_norm_`, in one native call). Returns the total norm before clipping.
 * With `errorIfNonfinite`, a NaN or infinite total norm throws instead of scaling.
 */
export function clipGradNorm(parameters: Tensor[] | Iterable<Tensor>, maxNorm: number,
  options: { normType?: number; errorIfNonfinite?: boolean } = {}): Tensor {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) invalidArg('clipGradNorm', 'maxNorm', 'a non-negative number', maxNorm);
  const normType = options.normType ?? 2;
  if (typeof normType !== 'number') invalidArg('clipGradNorm', 'normType', 'a number (Infinity for the max norm)', normType);
  return wrap(native.clipGradNorm(hs([...parameters], 'clipGradNorm', 'parameters'), maxNorm, normType, options.errorIfNonfinite ?? false));
}

/** Clamps every gradient element into `[-clipValue, clipValue]`. */
export function clipGradValue(parameters: Tensor[] | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) invalidArg('clipGradValue', 'clipValue', 'a non-negative number', clipValue);
  native.clipGradValue(hs([...parameters], 'clipGradValue', 'parameters'), clipValue);
}
