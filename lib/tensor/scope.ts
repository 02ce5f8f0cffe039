/**
 * Tensor lifetimes: `tidy` scopes, `keep`, and the garbage-collection safety net.
 *
 * A tensor made inside `tidy` joins the innermost scope and is released when the scope ends, unless
 * it is returned or kept. A tensor made outside every scope is registered with a
 * FinalizationRegistry, so garbage collection releases it if `dispose()` never does. Only those
 * tensors pay for the registry (docs/architecture.md, "Handles, scopes and memory").
 * @module
 */
import { invalidArg } from '../errors.js';
import { native, type Handle } from '../native.js';
import { isThenable } from '../util.js';

/** What scope.ts needs of a tensor: its handle, and a flag it keeps on it. */
export interface Scoped {
  _h: Handle; // -1 once released
  _kept: boolean; // escapes every tidy scope
}

const registry = new FinalizationRegistry<Handle>((h) => native.dispose(h));
/** Tensors persist() registered already: a scope ending must not register them a second time. */
const persisted = new WeakSet<Scoped>();
const stack: Scoped[][] = [];
let current: Scoped[] | null = null;

/** Puts a new tensor in the innermost scope, or under the GC safety net when there is none. */
export function track(t: Scoped): void {
  if (current !== null) current.push(t);
  else adoptByGc(t);
}

// Registered without an unregister token: registering with one and unregistering on dispose() costs
// twice as much (measured: 116 ns against 196 ns per tensor), and a finalizer that runs for a tensor
// already disposed passes a stale handle, which the addon ignores (its generation no longer matches).
function adoptByGc(t: Scoped): void {
  registry.register(t, t._h);
}

/** Releases a tensor's native memory now. Idempotent. */
export function release(t: Scoped): void {
  if (t._h < 0) return;
  native.dispose(t._h);
  t._h = -1;
}

/**
 * @internal Calls `fn` on each element of an array that is present. A long array is walked by its
 * keys, which skips the holes of a sparse one: `for...of` over `new Array(2 ** 32 - 1)` visits every
 * hole and takes 90 s, in a scope's end or in disposeBatch.
 */
export function forEachPresent(array: readonly unknown[], fn: (v: unknown) => void): void {
  if (array.length <= 65536) {
    for (const v of array) fn(v);
    return;
  }
  for (const k in array) if (Object.hasOwn(array, k)) fn(array[k as unknown as number]);
}

function collect(value: unknown, out: Set<unknown>, seen: Set<unknown>, isTensor: (v: unknown) => boolean): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    out.add(value);
  } else if (Array.isArray(value)) {
    forEachPresent(value, (v) => collect(v, out, seen, isTensor));
  } else if (value instanceof Map) {
    for (const v of value.values()) collect(v, out, seen, isTensor);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out, seen, isTensor);
  }
}

let isTensorFn: (v: unknown) => boolean = () => false;
/** @internal Set by tensor.ts, which owns the Tensor class. */
export function setTensorCheck(fn: (v: unknown) => boolean): void {
  isTensorFn = fn;
}

function endScope(scope: Scoped[], result: unknown): void {
  const keep = new Set<unknown>();
  if (result !== undefined) collect(result, keep, new Set(), isTensorFn);
  const handles: Handle[] = [];
  const parent = current;
  for (const t of scope) {
    if (t._h < 0) continue;
    if (t._kept) {
      // persist() registered its tensors already; keep() leaves that to the end of the scope.
      if (!persisted.has(t)) adoptByGc(t);
    } else if (keep.has(t)) {
      if (parent !== null) parent.push(t);
      else adoptByGc(t);
    } else {
      handles.push(t._h);
      t._h = -1;
    }
  }
  if (handles.length > 0) native.disposeMany(handles);
}

/**
 * Runs `fn` and releases every tensor made inside it, except the tensors it returns (directly, or in
 * arrays, Maps and plain objects) and those passed to {@link keep}. Returned tensors move to the
 * enclosing scope. Scopes nest. When `fn` throws, every tensor it made is released and the error
 * propagates.
 *
 * `fn` must be synchronous: tensors made after an `await` would land in whatever scope is current
 * then. An async function, or a returned promise, is rejected with a TypeError.
 *
 * Releasing a tensor never breaks autograd: a graph holds its own references to what it needs.
 *
 * @example
 * ```ts
 * const loss = torch.tidy(() => model.forward(x).sub(y).pow(2).mean()); // intermediates released
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') invalidArg('tidy', 'fn', 'a function', fn);
  if (fn.constructor?.name === 'AsyncFunction') {
    throw new TypeError('tidy(): fn is an async function. tidy() scopes are synchronous: tensors made after an ' +
      'await would escape the scope. Call tidy() inside your async code around each synchronous step.');
  }
  const scope: Scoped[] = [];
  stack.push(current as Scoped[]);
  current = scope;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    current = stack.pop() ?? null;
    endScope(scope, undefined);
    throw e;
  }
  current = stack.pop() ?? null;
  if (isThenable(result)) {
    endScope(scope, undefined);
    throw new TypeError('tidy(): fn returned a Promise. tidy() scopes are synchronous: tensors made after an ' +
      'await would escape the scope. Call tidy() inside your async code around each synchronous step.');
  }
  endScope(scope, result);
  return result;
}

/**
 * Marks a tensor made inside {@link tidy} to survive every enclosing scope; it is then released by
 * `dispose()` or, failing that, by garbage collection. Returns the tensor.
 */
export function keep<T extends Scoped>(t: T): T {
  if (!isTensorFn(t)) invalidArg('keep', 'tensor', 'a Tensor', t);
  t._kept = true;
  return t;
}

/**
 * @internal For tensors that belong to a long-lived object (a module's parameters, an optimizer's
 * state): outside every scope from the start, released by dispose() or by garbage collection.
 */
export function persist<T extends Scoped>(t: T): T {
  t._kept = true;
  persisted.add(t);
  adoptByGc(t);
  return t;
}

/** Whether a {@link tidy} scope is active on this thread. */
export function inScope(): boolean {
  return current !== null;
}
