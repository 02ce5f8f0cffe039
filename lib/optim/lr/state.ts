/**
 * Conversion of scheduler fields to and from plain JSON values, for `stateDict()`/`loadStateDict()`.
 * @module
 * @internal
 */

/** A value that `JSON.stringify` writes and `JSON.parse` reads back unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A scheduler's state: a plain, JSON-serialisable object. */
export type SchedulerState = { [key: string]: JsonValue };

/** Something whose state nests inside another scheduler's state (a scheduler in SequentialLR, ChainedScheduler). */
export interface Stateful {
  stateDict(): SchedulerState;
  loadStateDict(state: SchedulerState): void;
}

function isStateful(v: unknown): v is Stateful {
  return typeof v === 'object' && v !== null && typeof (v as Stateful).stateDict === 'function' && typeof (v as Stateful).loadStateDict === 'function';
}

const NON_FINITE: Record<string, number> = { Infinity: Infinity, '-Infinity': -Infinity, NaN: NaN };

/**
 * A field as JSON: non-finite numbers become the strings `'Infinity'`, `'-Infinity'`, `'NaN'`;
 * functions (LambdaLR's lambdas, CyclicLR's scaleFn) become null, as PyTorch drops plain functions;
 * nested schedulers become their state dicts.
 */
export function toJson(value: unknown): JsonValue {
  if (value === undefined || value === null || typeof value === 'function') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (isStateful(value)) return value.stateDict();
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return null;
}

/**
 * The inverse of {@link toJson}, given the field's current value: a function is kept where the state
 * holds null, a nested scheduler loads its own state, and `'Infinity'`, `'-Infinity'`, `'NaN'`
 * become numbers again.
 */
export function fromJson(current: unknown, value: JsonValue): unknown {
  if (typeof current === 'function' && value === null) return current;
  if (isStateful(current)) {
    current.loadStateDict(value as SchedulerState);
    return current;
  }
  if (typeof value === 'string' && value in NON_FINITE) return NON_FINITE[value];
  if (Array.isArray(value)) {
    const cur = Array.isArray(current) ? current : [];
    return value.map((v, i) => fromJson(cur[i], v));
  }
  if (value !== null && typeof value === 'object') {
    const cur = current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(cur[k], v)]));
  }
  return value;
}
