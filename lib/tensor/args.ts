/**
 * The checks of shape and dimension-list arguments, shared by the creation functions, the Tensor
 * methods and the functions that take shapes, so that every one refuses the same things with the
 * same words.
 * @module
 */
import { invalidArg, isInt, outOfRange } from '../errors.js';

/**
 * The most dimensions a tensor may have, and so the longest shape or list of dims accepted.
 *
 * libtorch has no limit of its own on CPU, but its costs grow with the rank: a tensor of 1,000,000
 * dimensions of size 1 is created at once and then `sum()` runs for minutes. PyTorch's CUDA kernels
 * refuse more than 25 dimensions (`MAX_DIMS` in ATen's OffsetCalculator), NumPy 2 allows 64
 * (`NPY_MAXDIMS`). 64 is far above any real model's rank and keeps every op's per-dimension work
 * trivial; it is also the same limit on every device.
 */
export const MAX_DIMS = 64;

const INT64_LIMIT = 2 ** 63;

/** What the elements of a list argument may be. */
type Elements = 'sizes' | 'integers';

// A list is checked for its length before anything reads its elements: a sparse array of length
// 2^32 - 1 costs nothing to make, and iterating over it blocks the process for over a minute.
function list(op: string, name: string, value: unknown[], what: string): void {
  if (value.length > MAX_DIMS) {
    outOfRange(op, name, `an array of at most ${MAX_DIMS} ${what} (a tensor has at most ${MAX_DIMS} dimensions)`, value);
  }
}

function element(op: string, name: string, v: unknown, kind: Elements): number {
  const expected = kind === 'sizes' ? 'a non-negative integer' : 'an integer';
  if (!isInt(v)) invalidArg(op, name, expected, v);
  if (kind === 'sizes' && v < 0) outOfRange(op, name, expected, v);
  // libtorch's sizes are int64: 2^63 (what 2 ** 63 and 9223372036854775807 both are as doubles) does not fit.
  if (!(Math.abs(v) < INT64_LIMIT)) outOfRange(op, name, `${expected} ${kind === 'sizes' ? 'below 2^63' : 'within ±2^63'} (an int64)`, v);
  return v;
}

function ints(op: string, name: string, value: unknown, kind: Elements, expected: string): number[] {
  if (isInt(value)) return [element(op, name, value, kind)];
  if (!Array.isArray(value)) return invalidArg(op, name, expected, value);
  list(op, name, value, kind === 'sizes' ? 'sizes' : 'integers');
  for (let i = 0; i < value.length; i++) element(op, `${name}[${i}]`, value[i], kind);
  return value as number[];
}

/**
 * The shape of a new tensor: non-negative integers, at most {@link MAX_DIMS} of them; a single
 * integer is a 1-D shape. Says which element is wrong: `zeros(): expected shape[0] to be a
 * non-negative integer, but received -1 of type number`.
 */
export function shapeArg(op: string, value: unknown, name = 'shape'): number[] {
  return ints(op, name, value, 'sizes', 'an array of non-negative integers');
}

/**
 * A list of integers that may be negative, at most {@link MAX_DIMS} of them: a target shape that
 * may hold -1 (reshape, view, expand), a permutation of dims, repeats or split sizes, whose
 * meaning libtorch checks. A single integer is a list of one.
 */
export function intsArg(op: string, value: unknown, name: string): number[] {
  return ints(op, name, value, 'integers', 'an array of integers');
}

/** One dimension or several (`dim` of the reductions), or null for "all" when omitted. */
export function dimsArg(op: string, value: unknown, name = 'dim'): number[] | null {
  if (value === undefined || value === null) return null;
  return ints(op, name, value, 'integers', 'an integer or an array of integers');
}
