/**
 * Reading a batch, whichever shape the loader gives it.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Batch } from './types.js';

/** The input and target of a batch: `[input, target]`, `{ input, target }` or `{ x, y }`. */
export function batchParts(batch: Batch): { input: Tensor; target: Tensor } {
  if (Array.isArray(batch)) {
    if (batch.length < 2) throw new TypeError(`a batch must be [input, target], but this one has ${batch.length} element(s)`);
    return { input: batch[0], target: batch[1] };
  }
  if (batch && typeof batch === 'object') {
    if ('input' in batch) return { input: batch.input, target: batch.target };
    if ('x' in batch) return { input: batch.x, target: batch.y };
  }
  throw new TypeError(`a batch must be [input, target] or { input, target }, but received ${typeof batch}`);
}
