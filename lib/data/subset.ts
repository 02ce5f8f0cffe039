/**
 * Subset: a dataset restricted to some indices.
 * @module
 */
import { eachItem, invalidArg, isInt, mapItems, outOfRange } from '../errors.js';
import { Dataset, type DatasetLike, checkIndex, isDatasetLike } from './dataset.js';

/**
 * The items of `dataset` at `indices`, in that order, as `torch.utils.data.Subset`. What
 * {@link randomSplit} returns. When the dataset has a batch fast path (`getBatch`, as
 * {@link TensorDataset} and the MNIST datasets have), the subset has one too.
 */
export class Subset<T> extends Dataset<T> {
  /** The underlying dataset. */
  readonly dataset: DatasetLike<T>;
  /** The indices into {@link dataset}. */
  readonly indices: readonly number[];

  /** @throws TypeError or RangeError for a bad dataset or an index outside it. */
  constructor(dataset: DatasetLike<T>, indices: readonly number[]) {
    super();
    if (!isDatasetLike(dataset)) invalidArg('Subset', 'dataset', 'a Dataset (an object with length and get)', dataset);
    if (!Array.isArray(indices)) invalidArg('Subset', 'indices', 'an array of integers', indices);
    const n = dataset.length;
    eachItem(indices, (i, k) => {
      if (!isInt(i)) invalidArg('Subset', `indices[${k}]`, 'an integer', i);
      if (i < 0 || i >= n) outOfRange('Subset', `indices[${k}]`, `an index in [0, ${n - 1}]`, i);
    });
    this.dataset = dataset;
    this.indices = indices;
    if (typeof dataset.getBatch === 'function') {
      this.getBatch = (idx: number[]) => {
        const m = this.indices.length;
        if (!Array.isArray(idx)) invalidArg('Subset.getBatch', 'indices', 'an array of integers', idx);
        return dataset.getBatch!(mapItems(idx, (i) => this.indices[checkIndex('Subset.getBatch', i, m)]));
      };
    }
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** Item `indices[index]` of the dataset. */
  get(index: number): T | Promise<T> {
    return this.dataset.get(this.indices[checkIndex('Subset.get', index, this.indices.length)]);
  }
}
