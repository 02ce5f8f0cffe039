/**
 * Small helpers with no home of their own, shared across concerns. Nothing here may import from the
 * rest of lib/, so that any module can use it without an import cycle.
 * @module
 */

/**
 * Whether `v` is a promise or any other thenable (what `await` would wait for). `tidy`, `autocast`
 * and the data loader use it to tell a synchronous result from an asynchronous one: checking for the
 * `then` method, not `instanceof Promise`, also catches thenables from other realms and libraries.
 */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
