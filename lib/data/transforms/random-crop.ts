/**
 * randomCrop: a random window of each image, after optional padding.
 * @module
 */
import { allItems, checkOptions, invalidArg, isInt } from '../../errors.js';
import { pad } from '../../nn/functional.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ImageSize, sizeArg } from '../image.js';
import { type RandomOptions, type RandomTransform, checkImages, randomTransform, transformGenerator } from './common.js';
import { cropEach } from './crop-gather.js';

/** Options of {@link randomCrop}. */
export interface RandomCropOptions extends RandomOptions {
  /**
   * Padding added to each border before cropping: `p` (every side), `[leftRight, topBottom]` or
   * `[left, top, right, bottom]`, as torchvision. Default 0.
   */
  padding?: number | [number, number] | [number, number, number, number];
  /** Pad images smaller than `size` up to it. Default false. */
  padIfNeeded?: boolean;
  /** The value of constant padding. Default 0. */
  fill?: number;
  /** How to pad: as `F.pad`'s modes (`'replicate'` is torchvision's `'edge'`). Default `'constant'`. */
  paddingMode?: 'constant' | 'reflect' | 'replicate' | 'circular';
}

const MODES = ['constant', 'reflect', 'replicate', 'circular'];

function paddingArg(op: string, v: unknown): [number, number, number, number] {
  if (isInt(v) && v >= 0) return [v, v, v, v];
  if (Array.isArray(v) && allItems(v, (x) => isInt(x) && x >= 0)) {
    if (v.length === 2) return [v[0], v[1], v[0], v[1]];
    if (v.length === 4) return v as [number, number, number, number];
  }
  return invalidArg(op, 'padding', 'a non-negative integer, [leftRight, topBottom] or [left, top, right, bottom]', v);
}

/**
 * Crops a random `size` window (n×n or `[height, width]`) out of each image of a batch
 * `[N, C, H, W]`, each sample at its own position, as torchvision's `RandomCrop` applied per image.
 * The batch is padded first (`padding`), then all windows are gathered at once.
 *
 * Randomness: two integer draws per sample from the transform's generator, in batch order: the top
 * row in `[0, H - h]`, then the left column in `[0, W - w]`.
 *
 * @example
 * ```ts
 * const crop = data.randomCrop(32, { padding: 4, seed: 0 }); // CIFAR-style
 * ```
 */
export function randomCrop(size: ImageSize, options?: RandomCropOptions): RandomTransform {
  const op = 'randomCrop';
  checkOptions(op, options, ['padding', 'padIfNeeded', 'fill', 'paddingMode', 'seed', 'generator']);
  const [h, w] = sizeArg(op, 'size', size);
  const [pl, pt, pr, pb] = paddingArg(op, options?.padding ?? 0);
  const padIfNeeded = options?.padIfNeeded ?? false;
  if (typeof padIfNeeded !== 'boolean') invalidArg(op, 'padIfNeeded', 'a boolean', padIfNeeded);
  const fill = options?.fill ?? 0;
  if (typeof fill !== 'number' || !Number.isFinite(fill)) invalidArg(op, 'fill', 'a finite number', fill);
  const mode = options?.paddingMode ?? 'constant';
  if (!MODES.includes(mode)) invalidArg(op, 'paddingMode', "'constant', 'reflect', 'replicate' or 'circular'", mode);
  const gen = transformGenerator(op, options);
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    return tidy(() => {
      let padded = pl + pt + pr + pb > 0 ? pad(x, [pl, pr, pt, pb], mode, fill) : x;
      let [, , height, width] = padded.shape;
      if (padIfNeeded && (height < h || width < w)) {
        const dh = Math.max(0, h - height);
        const dw = Math.max(0, w - width);
        padded = pad(padded, [dw, dw, dh, dh], mode, fill);
        [, , height, width] = padded.shape;
      }
      if (height < h || width < w) {
        throw new RangeError(`${op}(): the crop size [${h}, ${w}] is larger than the (padded) images [${height}, ${width}]; ` +
          'pad more, or set padIfNeeded');
      }
      const n = x.shape[0];
      const tops: number[] = [];
      const lefts: number[] = [];
      for (let i = 0; i < n; i++) {
        tops.push(gen.randint(0, height - h + 1));
        lefts.push(gen.randint(0, width - w + 1));
      }
      return cropEach(padded, tops, lefts, h, w);
    });
  };
  return randomTransform(fn, 'input', gen, op);
}
