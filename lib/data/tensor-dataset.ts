/**
 * TensorDataset: rows of tensors that share their first dimension.
 * @module
 */
import { invalidArg } from '../errors.js';
import { tensor } from '../tensor/create.js';
import { tidy } from '../tensor/scope.js';
import { Tensor, live } from '../tensor/tensor.js';
import { Dataset, checkIndex } from './dataset.js';

/**
 * A dataset of tensors indexed along their first dimension, as `torch.utils.data.TensorDataset`:
 * item `i` is `[t0[i], t1[i], ...]`.
 *
 * A DataLoader over it (or over a {@link Subset} of it) gathers each batch with one `indexSelect`
 * per tensor instead of stacking rows ({@link getBatch}); the result is the same.
 *
 * The tensors stay the caller's: the dataset neither copies nor disposes them.
 *
 * @example
 * ```ts
 * const ds = new data.TensorDataset(x, y); // x: [N, 784], y: [N]
 * const [xi, yi] = ds.get(0);              // x[0], y[0]
 * ```
 */
export class TensorDataset extends Dataset<Tensor[]> {
  /** The tensors, as given. */
  readonly tensors: Tensor[];

  /** @throws TypeError or RangeError when there is no tensor, or their first dimensions differ. */
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset(): expected at least one tensor, but received none');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) invalidArg('TensorDataset', `tensors[${i}]`, 'a Tensor', t);
      live(t, 'TensorDataset', i + 1);
      if (t.ndim === 0) invalidArg('TensorDataset', `tensors[${i}]`, 'a tensor with at least one dimension', t);
    });
    const n = tensors[0].shape[0];
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) {
        throw new RangeError(`TensorDataset(): expected every tensor to have ${n} rows (the size of tensors[0]'s first dimension), ` +
          `but tensors[${i}] has shape [${t.shape.join(', ')}]`);
      }
    });
    this.tensors = tensors;
  }

  /** The number of rows. */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /** Row `index` of every tensor (views; negative indices count from the end). */
  get(index: number): Tensor[] {
    const i = checkIndex('TensorDataset.get', index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  /** The rows at `indices` of every tensor, gathered with one `indexSelect` each. */
  override getBatch(indices: number[]): Tensor[] {
    if (!Array.isArray(indices)) invalidArg('TensorDataset.getBatch', 'indices', 'an array of integers', indices);
    const n = this.length;
    for (const i of indices) checkIndex('TensorDataset.getBatch', i, n);
    return tidy(() => {
      const idx = tensor(Float64Array.from(indices, (i) => (i < 0 ? i + n : i)), { dtype: 'int64' });
      return this.tensors.map((t) => t.indexSelect(0, t.device === 'cpu' ? idx : idx.to(t.device)));
    });
  }
}
