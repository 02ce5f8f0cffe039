/**
 * `nn.utils`: gradient clipping.
 * @module
 */
import { checkOptions, invalidArg } from '../errors.js';
import { native } from '../native.js';
import { type Tensor, hs, wrap } from '../tensor/tensor.js';

/** The parameters as an array: an array, or any iterable (`model.parameters()`), checked before spreading. */
function params(op: string, parameters: unknown): unknown[] {
  if (Array.isArray(parameters)) return parameters;
  if (parameters === null || typeof (parameters as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function' || typeof parameters === 'string') {
    invalidArg(op, 'parameters', 'an array or an iterable of Tensors (model.parameters())', parameters);
  }
  return [...(parameters as Iterable<unknown>)];
}

/**
 * Scales the gradients of `parameters` so that their total `normType`-norm is at most `maxNorm`
 * (PyTorch's `clip_grad_norm_`, in one native call). Returns the total norm before clipping.
 * With `errorIfNonfinite`, a NaN or infinite total norm throws instead of scaling.
 */
export function clipGradNorm(parameters: Tensor[] | Iterable<Tensor>, maxNorm: number,
  options: { normType?: number; errorIfNonfinite?: boolean } = {}): Tensor {
  const ps = params('clipGradNorm', parameters);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) invalidArg('clipGradNorm', 'maxNorm', 'a non-negative number', maxNorm);
  checkOptions('clipGradNorm', options, ['normType', 'errorIfNonfinite']);
  const normType = options.normType ?? 2;
  if (typeof normType !== 'number') invalidArg('clipGradNorm', 'normType', 'a number (Infinity for the max norm)', normType);
  const errorIfNonfinite = options.errorIfNonfinite ?? false;
  if (typeof errorIfNonfinite !== 'boolean') invalidArg('clipGradNorm', 'errorIfNonfinite', 'a boolean', errorIfNonfinite);
  return wrap(native.clipGradNorm(hs(ps, 'clipGradNorm', 'parameters'), maxNorm, normType, errorIfNonfinite));
}

/** Clamps every gradient element into `[-clipValue, clipValue]`. */
export function clipGradValue(parameters: Tensor[] | Iterable<Tensor>, clipValue: number): void {
  const ps = params('clipGradValue', parameters);
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) invalidArg('clipGradValue', 'clipValue', 'a non-negative number', clipValue);
  native.clipGradValue(hs(ps, 'clipGradValue', 'parameters'), clipValue);
}
