/**
 * Per-sample crops of one size from a batch, with two gathers (no loop over samples).
 * @module
 */
import { arange, tensor } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Crops `[h, w]` out of each image of `x` `[N, C, H, W]`, at `tops[i]`, `lefts[i]` for sample i.
 * Call inside `tidy`.
 */
export function cropEach(x: Tensor, tops: number[], lefts: number[], h: number, w: number): Tensor {
  const [n, c, , width] = x.shape;
  const dev = { device: x.device };
  const top = tensor(Float64Array.from(tops), { shape: [n, 1, 1, 1], dtype: 'int64', ...dev });
  const left = tensor(Float64Array.from(lefts), { shape: [n, 1, 1, 1], dtype: 'int64', ...dev });
  const rows = top.add(arange(h, dev).reshape([1, 1, h, 1])).expand([n, c, h, width]);
  const cols = left.add(arange(w, dev).reshape([1, 1, 1, w])).expand([n, c, h, w]);
  return x.gather(2, rows).gather(3, cols);
}
