/**
 * randomHorizontalFlip and randomVerticalFlip, per sample.
 * @module
 */
import { checkOptions } from '../../errors.js';
import { tensor } from '../../tensor/create.js';
import { where } from '../../tensor/functions.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type RandomOptions, type RandomTransform, checkImages, identity, probArg, randomTransform, transformGenerator } from './common.js';

function randomFlip(op: string, dim: 2 | 3, p: number, options: RandomOptions | undefined): RandomTransform {
  checkOptions(op, options, ['seed', 'generator']);
  probArg(op, 'p', p);
  const gen = transformGenerator(op, options);
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const n = x.shape[0];
    const flip = Array.from({ length: n }, () => gen.bernoulli(p));
    const count = flip.filter(Boolean).length;
    if (count === 0) return identity(x);
    return tidy(() => {
      if (count === n) return x.flip(dim);
      const mask = tensor(flip, { device: x.device }).reshape([n, 1, 1, 1]);
      return where(mask, x.flip(dim), x);
    });
  };
  return randomTransform(fn, 'input', gen, op);
}

/**
 * Flips each image of a batch `[N, C, H, W]` left-right with probability `p` (default 0.5), each
 * sample on its own draw, as torchvision's `RandomHorizontalFlip` applied per image.
 *
 * Randomness: one uniform draw `u` per sample from the transform's generator, in batch order; the
 * sample is flipped when `u < p` (so p = 0 never flips and p = 1 always does).
 */
export function randomHorizontalFlip(p = 0.5, options?: RandomOptions): RandomTransform {
  return randomFlip('randomHorizontalFlip', 3, p, options);
}

/** Flips each image of a batch upside down with probability `p`; see {@link randomHorizontalFlip}. */
export function randomVerticalFlip(p = 0.5, options?: RandomOptions): RandomTransform {
  return randomFlip('randomVerticalFlip', 2, p, options);
}
