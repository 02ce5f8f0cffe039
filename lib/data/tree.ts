/**
 * Walking the tensors inside nested batches (arrays, plain objects, Maps).
 * @module
 */
import { forEachPresent, keep } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';

/** Calls `fn` on every tensor inside `value` (arrays, plain objects and Maps, at any depth), once each. */
export function forEachTensor(value: unknown, fn: (t: Tensor) => void, seen: Set<unknown> = new Set()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Tensor) fn(value);
  else if (Array.isArray(value)) forEachPresent(value, (v) => forEachTensor(v, fn, seen));
  else if (value instanceof Map) for (const v of value.values()) forEachTensor(v, fn, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) forEachTensor(v, fn, seen);
}

/** The set of tensors inside `value`. */
export function tensorsOf(value: unknown): Set<Tensor> {
  const out = new Set<Tensor>();
  forEachTensor(value, (t) => out.add(t));
  return out;
}

/**
 * Disposes every tensor inside a batch (or any nested arrays/objects of tensors): what a consumer
 * of a {@link DataLoader} does with a batch once the step that used it is done.
 *
 * @example
 * ```ts
 * for await (const batch of loader) {
 *   torch.tidy(() => step(batch));
 *   data.disposeBatch(batch);
 * }
 * ```
 */
export function disposeBatch(batch: unknown): void {
  forEachTensor(batch, (t) => t.dispose());
}

/** Disposes the tensors of `value` that are not in `except`. */
export function disposeExcept(value: unknown, except: Set<Tensor>): void {
  forEachTensor(value, (t) => {
    if (!except.has(t)) t.dispose();
  });
}

/** Marks every tensor of `value` with `torch.keep`, so it leaves every tidy scope. Returns `value`. */
export function keepAll<T>(value: T): T {
  forEachTensor(value, (t) => keep(t));
  return value;
}
