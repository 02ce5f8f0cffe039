/**
 * randomErasing: blanks a random rectangle of each image, per sample.
 * @module
 */
import { allItems, checkOptions, invalidArg } from '../../errors.js';
import { arange, tensor } from '../../tensor/create.js';
import { where } from '../../tensor/functions.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../generator.js';
import { type RandomOptions, type RandomTransform, checkImages, drawSeed, identity, probArg, randomTransform, rangeArg, transformGenerator } from './common.js';
import { hashedNormal } from './noise.js';

/** Options of {@link randomErasing}. */
export interface RandomErasingOptions extends RandomOptions {
  /** Probability that a sample is erased. Default 0.5. */
  p?: number;
  /** Range of the erased area, as a fraction of the image's. Default [0.02, 0.33]. */
  scale?: [number, number];
  /** Range of the erased rectangle's aspect ratio (height / width), drawn log-uniformly. Default [0.3, 3.3]. */
  ratio?: [number, number];
  /**
   * What the rectangle is filled with: a number, one number per channel, or `'random'` (standard
   * normal noise per pixel). Default 0.
   */
  value?: number | number[] | 'random';
}

// torchvision's RandomErasing.get_params; null when 10 attempts find no rectangle.
function eraseParams(g: Generator, height: number, width: number, scale: [number, number],
  logRatio: [number, number]): [number, number, number, number] | null {
  const area = height * width;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * g.uniform(scale[0], scale[1]);
    const aspect = Math.exp(g.uniform(logRatio[0], logRatio[1]));
    const h = Math.round(Math.sqrt(target * aspect));
    const w = Math.round(Math.sqrt(target / aspect));
    if (!(h < height && w < width)) continue;
    return [g.randint(0, height - h + 1), g.randint(0, width - w + 1), h, w];
  }
  return null;
}

/**
 * Erases a random rectangle in each image of a batch `[N, C, H, W]` with probability `p`, as
 * torchvision's `RandomErasing` applied per image (Zhong et al., 2017). Apply it after `normalize`,
 * as torchvision recommends. All rectangles are applied at once with a mask.
 *
 * Randomness, per sample in batch order from the transform's generator: one draw against `p`; if
 * erased, up to 10 attempts of an area draw and a ratio draw, then the top row and the left column;
 * with `value: 'random'`, one more draw seeds the batch's noise (made with tensor ops from a hash).
 */
export function randomErasing(options?: RandomErasingOptions): RandomTransform {
  const op = 'randomErasing';
  checkOptions(op, options, ['p', 'scale', 'ratio', 'value', 'seed', 'generator']);
  const p = probArg(op, 'p', options?.p ?? 0.5);
  const scale = rangeArg(op, 'scale', options?.scale ?? [0.02, 0.33], 0, 1);
  const ratio = rangeArg(op, 'ratio', options?.ratio ?? [0.3, 3.3], 0);
  if (ratio[0] <= 0) throw new RangeError(`${op}(): expected ratio to be positive, but received [${ratio.join(', ')}]`);
  const logRatio: [number, number] = [Math.log(ratio[0]), Math.log(ratio[1])];
  const value = options?.value ?? 0;
  if (!(value === 'random' || (typeof value === 'number' && Number.isFinite(value)) ||
    (Array.isArray(value) && value.length > 0 && allItems(value, (v) => typeof v === 'number' && Number.isFinite(v))))) {
    invalidArg(op, 'value', "a number, an array of numbers (one per channel) or 'random'", value);
  }
  const gen = transformGenerator(op, options);
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const [n, c, height, width] = x.shape;
    if (Array.isArray(value) && value.length !== 1 && value.length !== c) {
      throw new RangeError(`${op}(): expected value to have 1 or ${c} numbers (the input's channels), but it has ${value.length}`);
    }
    const rects = Array.from({ length: n }, () => (gen.bernoulli(p) ? eraseParams(gen, height, width, scale, logRatio) : null));
    if (rects.every((r) => r === null)) return identity(x);
    const noiseSeed = value === 'random' ? drawSeed(gen) : 0;
    return tidy(() => {
      const col = (k: number) => tensor(Float64Array.from(rects, (r) => (r === null ? 0 : r[k])), { shape: [n, 1, 1, 1], dtype: 'int64', device: x.device });
      const [top, left, h, w] = [col(0), col(1), col(2), col(3)];
      const rows = arange(height, { device: x.device }).reshape([1, 1, height, 1]);
      const cols = arange(width, { device: x.device }).reshape([1, 1, 1, width]);
      const mask = rows.ge(top).logicalAnd(rows.lt(top.add(h))).logicalAnd(cols.ge(left)).logicalAnd(cols.lt(left.add(w)));
      if (value === 'random') return where(mask, hashedNormal(x.shape, noiseSeed, x.dtype, x.device), x);
      if (typeof value === 'number') return where(mask, value, x);
      const fill = tensor(Float64Array.from(value), { shape: [1, value.length, 1, 1], dtype: x.dtype, device: x.device });
      return where(mask, fill, x);
    });
  };
  return randomTransform(fn, 'input', gen, op);
}
