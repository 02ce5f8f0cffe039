/**
 * The dataset protocols: random access (`Dataset`) and streams (`IterableDataset`), as in
 * `torch.utils.data`.
 * @module
 */
import { invalidArg, isInt, outOfRange } from '../errors.js';

/**
 * A random-access dataset: `length` items, read with `get(i)`, as PyTorch's map-style `Dataset`
 * (`__len__` and `__getitem__`). Subclass it, or pass any object with `length` and `get`.
 *
 * **Ownership of items.** `get(i)` should return new tensors (or new views such as
 * `t.select(0, i)`), not a tensor the dataset keeps and hands out again: the {@link DataLoader}
 * releases the tensors of an item once it has collated the item into a batch. A synchronous `get`
 * runs inside a `torch.tidy` scope, so only tensors it creates are released; an asynchronous `get`
 * (an `async` function) cannot be scoped across its `await`s, so every tensor in the items it
 * returns is released, and the intermediates it makes are left to garbage collection unless it
 * wraps its synchronous parts in `torch.tidy`. A `get` that returns a Promise without being an
 * `async` function is called inside the scope: it must make its tensors after it returns (in
 * `then` callbacks), not before.
 *
 * `get` may return a Promise (for datasets that read files): the DataLoader then awaits the items of
 * a batch together, and prefetches the next batch's items while the current one is in use.
 *
 * @example
 * ```ts
 * class Squares extends data.Dataset<[Tensor, number]> {
 *   get length() { return 100; }
 *   get(i: number): [Tensor, number] { return [torch.tensor([i]), i * i]; }
 * }
 * ```
 */
export abstract class Dataset<T> {
  /** The number of items. */
  abstract get length(): number;

  /** The item at `index`, in `[0, length)`. */
  abstract get(index: number): T | Promise<T>;

  /**
   * Optional fast path: the collated batch of the items at `indices`, in one go (PyTorch's
   * `__getitems__` followed by `default_collate`). The DataLoader calls it instead of `get` when no
   * custom `collate` is given; it must return what the default collate of those items would.
   */
  getBatch?(indices: number[]): unknown;
}

/** What the DataLoader and Subset accept as a random-access dataset: a Dataset or any `{ length, get }`. */
export interface DatasetLike<T> {
  /** The number of items. */
  readonly length: number;
  /** The item at `index`; see {@link Dataset.get}. */
  get(index: number): T | Promise<T>;
  /** Optional batch fast path; see {@link Dataset.getBatch}. */
  getBatch?(indices: number[]): unknown;
}

/**
 * A dataset read as a stream, as PyTorch's `IterableDataset`: subclass it and implement
 * `[Symbol.asyncIterator]` (an `async *` method is easiest). Set `length` when the number of items
 * is known, so a DataLoader over it has a `length`.
 *
 * The items' tensors are released by the DataLoader once collated (see {@link Dataset}).
 *
 * @example
 * ```ts
 * class Lines extends data.IterableDataset<string> {
 *   async *[Symbol.asyncIterator]() { for await (const line of readLines(file)) yield line; }
 * }
 * ```
 */
export abstract class IterableDataset<T> implements AsyncIterable<T> {
  /** The number of items, when known. */
  length?: number;

  /** The items, in order: each call starts a new pass (one epoch of a DataLoader). */
  abstract [Symbol.asyncIterator](): AsyncIterator<T>;

  /**
   * An IterableDataset over any iterable or async iterable (an array, a stream). A one-shot iterator
   * (a generator object) yields its items once: the second epoch of a DataLoader over it is empty.
   */
  static from<T>(source: Iterable<T> | AsyncIterable<T>, length?: number): IterableDataset<T> {
    if (source === null || typeof source !== 'object' && typeof source !== 'function' ||
      !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
      invalidArg('IterableDataset.from', 'source', 'an iterable or async iterable', source);
    }
    if (length !== undefined && (!isInt(length) || length < 0)) invalidArg('IterableDataset.from', 'length', 'a non-negative integer', length);
    return new FromIterable(source, length);
  }
}

class FromIterable<T> extends IterableDataset<T> {
  constructor(private readonly source: Iterable<T> | AsyncIterable<T>, length: number | undefined) {
    super();
    this.length = length;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* this.source as AsyncIterable<T>;
  }
}

/** Whether `v` is a random-access dataset (`length` and `get`). */
export function isDatasetLike(v: unknown): v is DatasetLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as DatasetLike<unknown>).get === 'function' &&
    isInt((v as DatasetLike<unknown>).length);
}

/** Checks an index into a dataset of `length` items; negative indices count from the end, as in Python. */
export function checkIndex(op: string, index: unknown, length: number): number {
  if (!isInt(index)) invalidArg(op, 'index', 'an integer', index);
  const i = index as number;
  if (i < -length || i >= length) outOfRange(op, 'index', `an integer in [${-length}, ${length - 1}]`, i);
  return i < 0 ? i + length : i;
}

/**
 * Whether a dataset's `get` is an `async` function, looking through wrappers that expose the
 * dataset they wrap as `dataset` (Subset). The DataLoader calls such a `get` outside any tidy scope.
 */
export function hasAsyncGet(ds: DatasetLike<unknown>): boolean {
  for (let d: unknown = ds, depth = 0; d !== null && typeof d === 'object' && depth < 32; d = (d as { dataset?: unknown }).dataset, depth++) {
    const get = (d as { get?: unknown }).get;
    if (typeof get === 'function' && get.constructor?.name === 'AsyncFunction') return true;
  }
  return false;
}
