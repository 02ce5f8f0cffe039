/**
 * Errors raised by torchts, and the argument checks that produce them.
 * @module
 */

/** Machine-readable kind of a {@link TorchError}. */
export type TorchErrorCode =
  | 'ERR_TORCH' // libtorch rejected the operation (shapes, dtypes, devices, ...)
  | 'ERR_DISPOSED' // a disposed tensor was used
  | 'ERR_OUT_OF_MEMORY'
  | 'ERR_LOAD' // the native addon or libtorch could not be loaded
  | 'ERR_STATE' // an object was used in a state that does not allow the call
  | 'ERR_WORKER' // a worker thread (a TrainingJob's) died before it finished its work
  | 'ERR_DISTRIBUTED'; // c10d: a store or peer unreachable, a collective timed out, a rank left

/**
 * An error from libtorch or from torchts' own rules. The message starts with the operation's name
 * and carries libtorch's message without its C++ backtrace.
 *
 * @example
 * ```ts
 * try { torch.ones([2, 3]).add(torch.ones([4])); }
 * catch (e) { if (e instanceof TorchError) console.log(e.code, e.message); }
 * // ERR_TORCH add: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1
 * ```
 */
export class TorchError extends Error {
  /** What kind of failure this is. */
  code: TorchErrorCode;

  constructor(message: string, code: TorchErrorCode = 'ERR_TORCH') {
    super(message);
    this.name = 'TorchError';
    this.code = code;
  }
}

/** Describes a received value for an error message: `'abc' of type string`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const type = typeof value;
  if (type === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  if (type === 'function') return 'a function';
  if (type === 'string') return `'${String(value).slice(0, 40)}' of type string`;
  return `${String(value)} of type ${type}`;
}

/**
 * Throws a TypeError worded the same way for every argument check:
 * `zeros(): expected shape to be an array of non-negative integers, but received 'x' of type string`.
 */
export function invalidArg(op: string, name: string, expected: string, value: unknown): never {
  throw new TypeError(`${op}(): expected ${name} to be ${expected}, but received ${describe(value)}`);
}

/** Like {@link invalidArg}, for a value of the right type outside its allowed range. */
export function outOfRange(op: string, name: string, expected: string, value: unknown): never {
  throw new RangeError(`${op}(): expected ${name} to be ${expected}, but received ${describe(value)}`);
}

/** Whether `v` is a number with no fractional part (not NaN, not ±Infinity). */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Like `array.every(pred)`, but a hole reads as undefined: every() skips the holes of a sparse
 * array, so `new Array(2 ** 32 - 1)` would be walked to its end (over a minute) before anything
 * failed, where this loop stops at the first.
 */
export function allItems(array: readonly unknown[], pred: (v: unknown) => boolean): boolean {
  for (let i = 0; i < array.length; i++) if (!pred(array[i])) return false;
  return true;
}

/** Like `array.forEach(fn)`, but visiting holes as undefined (see {@link allItems}): a check fails at the first. */
export function eachItem<T>(array: readonly T[], fn: (v: T, i: number) => void): void {
  for (let i = 0; i < array.length; i++) fn(array[i], i);
}

/** Like `array.map(fn)`, but visiting holes as undefined (see {@link allItems}): a check fails at the first. */
export function mapItems<T, U>(array: readonly T[], fn: (v: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < array.length; i++) out.push(fn(array[i], i));
  return out;
}

/** Checks an options object against the names it may hold; a misspelling gets a suggestion. */
export function checkOptions(op: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    invalidArg(op, 'options', 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    const hint = near ? ` Did you mean '${near}'?` : ` Accepted options: ${allowed.join(', ')}.`;
    throw new TypeError(`${op}(): unknown option '${key}'.${hint}`);
  }
}

/**
 * The allowed name a misspelt option most likely meant, or undefined. Names are compared with
 * underscores and dashes removed and case folded, so PyTorch's snake_case (`accumulate_grad_batches`)
 * finds the camelCase option (`accumulateGradBatches`); what is left may differ in two edits, and
 * the closest name wins.
 */
export function nearestName(key: string, allowed: readonly string[]): string | undefined {
  const fold = (s: string) => s.replace(/[_-]/g, '').toLowerCase();
  const k = fold(key);
  let best: string | undefined;
  let bestDistance = 3;
  for (const a of allowed) {
    const fa = fold(a);
    // The distance is at least the difference in length: skip the table (a huge key would fill memory).
    if (Math.abs(fa.length - k.length) >= bestDistance) continue;
    const d = editDistance(fa, k);
    // Two edits turn any two-letter name into any other: a suggestion must keep part of the name.
    if (d < bestDistance && d < fa.length) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
