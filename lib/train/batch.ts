/**
 * Reading a batch, whichever shape the loader gives it.
 * @module
 */
import { TorchError, invalidArg } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Batch } from './types.js';

/** Throws a TypeError naming `name` unless `loader` can be iterated (sync or async). */
/** The Trainer argument of the tools (lrFind, overfitBatch, diagnose): a Trainer, before anything reads it. */
export function checkTrainerArg(op: string, trainer: unknown): void {
  const t = trainer as { fit?: unknown; precision?: unknown } | null;
  if (t === null || typeof t !== 'object' || typeof t.fit !== 'function' || t.precision === undefined) {
    invalidArg(op, 'trainer', 'a Trainer', trainer);
  }
}

export function checkLoader(op: string, name: string, loader: unknown): void {
  const it = loader as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown } | null | undefined;
  if (!it || (typeof it[Symbol.asyncIterator] !== 'function' && typeof it[Symbol.iterator] !== 'function')) {
    invalidArg(op, name, 'a DataLoader or an (async) iterable of batches', loader);
  }
}

/**
 * The error for a loader that yields nothing. Left unchecked, an empty validation loader reads as a
 * loss of 0, which ModelCheckpoint saves as the best and EarlyStopping stops on.
 */
export function emptyLoaderError(op: string, name: string, epoch?: number): TorchError {
  return new TorchError(`${op}(): ${name} yields no batches${epoch !== undefined ? ` in epoch ${epoch}` : ''}. Check that its dataset is not empty, ` +
    'that dropLast leaves a batch (batchSize no larger than the dataset), and that it is not a one-shot iterator (a generator) ' +
    'already consumed: pass a DataLoader or an array, which can be iterated again.', 'ERR_STATE');
}

/** The model input of a prediction batch: a Tensor, `[input, ...]`, `{ input }` or `{ x }`. */
export function predictInput(item: Batch | Tensor): Tensor {
  if (item instanceof Tensor) return item;
  if (Array.isArray(item) && item[0] instanceof Tensor) return item[0];
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as { input?: unknown; x?: unknown };
    const input = o.input ?? o.x;
    if (input instanceof Tensor) return input;
  }
  return invalidArg('predict', 'each batch', 'a Tensor, [input, ...], { input } or { x }', item);
}

/** Every tensor in a batch, to release a batch the loader handed over. */
export function batchTensors(item: Batch | Tensor): Tensor[] {
  if (item instanceof Tensor) return [item];
  return Object.values(item as object).filter((t): t is Tensor => t instanceof Tensor);
}

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
