/**
 * normalize: per-channel `(x - mean) / std`.
 * @module
 */
import { allItems, invalidArg, outOfRange } from '../../errors.js';
import { tensor } from '../../tensor/create.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type Transform, checkImages } from './common.js';

function channelValues(op: string, name: string, v: unknown): number[] {
  const arr = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(arr) || arr.length === 0 || !allItems(arr, (x) => typeof x === 'number' && Number.isFinite(x))) {
    invalidArg(op, name, 'a finite number or a non-empty array of finite numbers (one per channel)', v);
  }
  return arr as number[];
}

/**
 * Normalizes each channel of a batch `[N, C, H, W]`: `(x - mean[c]) / std[c]`, as torchvision's
 * `Normalize`. `mean` and `std` are a number (every channel) or one number per channel.
 *
 * @example
 * ```ts
 * const norm = data.normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 * const x = norm(images);
 * ```
 */
export function normalize(mean: number | number[], std: number | number[]): Transform {
  const op = 'normalize';
  const m = channelValues(op, 'mean', mean);
  const s = channelValues(op, 'std', std);
  s.forEach((v, i) => {
    if (v === 0) outOfRange(op, Array.isArray(std) ? `std[${i}]` : 'std', 'non-zero', v);
  });
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const c = x.shape[1];
    for (const [name, v] of [['mean', m], ['std', s]] as const) {
      if (v.length !== 1 && v.length !== c) {
        throw new RangeError(`${op}(): expected ${name} to have 1 or ${c} values (the input's channels), but it has ${v.length}`);
      }
    }
    return tidy(() => {
      const opts = { shape: [1, m.length, 1, 1], dtype: x.dtype, device: x.device };
      const mt = tensor(Float64Array.from(m), opts);
      const st = tensor(Float64Array.from(s), { ...opts, shape: [1, s.length, 1, 1] });
      return x.sub(mt).div(st);
    });
  };
  return Object.assign(fn, { kind: 'input' as const });
}
