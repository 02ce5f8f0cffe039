/**
 * defaultCollate: items to a batch, as `torch.utils.data.default_collate`.
 * @module
 */
import { describe } from '../errors.js';
import { type TensorData, tensor } from '../tensor/create.js';
import { stack } from '../tensor/functions.js';
import { tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';

/** The batch type {@link defaultCollate} makes of items of type `T`. */
export type Collated<T> =
  T extends Tensor ? Tensor :
  T extends number | boolean | bigint ? Tensor :
  T extends string ? string[] :
  T extends TensorData ? Tensor :
  T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> } :
  T extends object ? { [K in keyof T]: Collated<T[K]> } :
  never;

/** A collate function: the items of a batch to the batch. */
export type CollateFn<T, B> = (items: T[]) => B;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function isTypedArray(v: unknown): v is TensorData {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function fail(path: string, value: unknown, why: string): never {
  throw new TypeError(`defaultCollate(): cannot collate items[i]${path}: ${why}, but items[0]${path} is ${describe(value)}`);
}

function collateAt(items: unknown[], path: string): unknown {
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((v, i) => {
      if (!(v instanceof Tensor)) fail(path, v, `items[${i}]${path} is not a Tensor`);
    });
    return stack(items as Tensor[]);
  }
  if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') {
    items.forEach((v, i) => {
      if (typeof v !== typeof first) throw new TypeError(`defaultCollate(): items[${i}]${path} is ${describe(v)}, but items[0]${path} is a ${typeof first}`);
    });
    if (typeof first === 'boolean') return tensor(items as boolean[]);
    if (typeof first === 'bigint') return tensor(BigInt64Array.from(items as bigint[]));
    const nums = items as number[];
    return tensor(Float64Array.from(nums), { dtype: nums.every(Number.isInteger) ? 'int64' : 'float32' });
  }
  if (typeof first === 'string') return items.slice();
  if (isTypedArray(first)) {
    return tidy(() => stack(items.map((v, i) => {
      if (!isTypedArray(v)) throw new TypeError(`defaultCollate(): items[${i}]${path} is ${describe(v)}, but items[0]${path} is a TypedArray`);
      return tensor(v);
    })));
  }
  if (Array.isArray(first)) {
    items.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== first.length) {
        throw new TypeError(`defaultCollate(): every items[i]${path} must be an array of length ${first.length}, ` +
          `but items[${i}]${path} is ${describe(v)}`);
      }
    });
    return first.map((_, k) => collateAt(items.map((v) => (v as unknown[])[k]), `${path}[${k}]`));
  }
  if (isPlainObject(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      items.forEach((v, i) => {
        if (!isPlainObject(v) || !(key in v)) {
          throw new TypeError(`defaultCollate(): items[${i}]${path} has no key '${key}', which items[0]${path} has`);
        }
      });
      out[key] = collateAt(items.map((v) => (v as Record<string, unknown>)[key]), `${path}.${key}`);
    }
    return out;
  }
  return fail(path, first, 'expected Tensors, numbers, booleans, strings, TypedArrays, arrays or plain objects');
}

/**
 * Puts a list of items together into a batch, as PyTorch's `default_collate`, recursively:
 *
 * - tensors are stacked (`torch.stack`) along a new first dimension;
 * - numbers become a tensor: int64 when every number is an integer, float32 otherwise (PyTorch
 *   makes float64 of Python floats; JavaScript cannot tell `1.0` from `1`, and float32 is what
 *   `torch.tensor` gives here); booleans give a bool tensor, bigints int64;
 * - TypedArrays become tensors, then are stacked;
 * - strings stay a list of strings;
 * - arrays (tuples) are collated position by position, plain objects key by key.
 *
 * The tensors it returns are new: the items can be released afterwards.
 *
 * @example
 * ```ts
 * data.defaultCollate([{ x: torch.zeros([3]), y: 1 }, { x: torch.ones([3]), y: 0 }]);
 * // { x: Tensor [2, 3], y: Tensor int64 [2] }
 * ```
 */
export function defaultCollate<T>(items: T[]): Collated<T> {
  if (!Array.isArray(items) || items.length === 0) {
    throw new TypeError(`defaultCollate(): expected items to be a non-empty array, but received ${describe(items)}`);
  }
  return tidy(() => collateAt(items, '')) as Collated<T>;
}
