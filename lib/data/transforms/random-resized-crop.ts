/**
 * randomResizedCrop: a random area and aspect ratio of each image, resized to a fixed size.
 * @module
 */
import { checkOptions, invalidArg } from '../../errors.js';
import { interpolate } from '../../nn/functional.js';
import { cat } from '../../tensor/functions.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../generator.js';
import { type ImageSize, sizeArg } from '../image.js';
import { type RandomOptions, type RandomTransform, checkImages, randomTransform, rangeArg, transformGenerator } from './common.js';

/** Options of {@link randomResizedCrop}. */
export interface RandomResizedCropOptions extends RandomOptions {
  /** Range of the crop's area, as a fraction of the image's. Default [0.08, 1]. */
  scale?: [number, number];
  /** Range of the crop's aspect ratio (width / height), drawn log-uniformly. Default [3/4, 4/3]. */
  ratio?: [number, number];
  /** Resampling: `'bilinear'` (default), `'bicubic'` or `'nearest'`. No antialiasing. */
  mode?: 'bilinear' | 'bicubic' | 'nearest';
}

/** torchvision's RandomResizedCrop.get_params: [top, left, height, width]. */
export function cropParams(g: Generator, height: number, width: number, scale: [number, number],
  ratio: [number, number]): [number, number, number, number] {
  const area = height * width;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * g.uniform(scale[0], scale[1]);
    const aspect = Math.exp(g.uniform(logRatio[0], logRatio[1]));
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      return [g.randint(0, height - h + 1), g.randint(0, width - w + 1), h, w];
    }
  }
  // Fallback: a central crop with the aspect ratio clamped into `ratio`.
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < ratio[0]) h = Math.round(w / ratio[0]);
  else if (inRatio > ratio[1]) w = Math.round(h * ratio[1]);
  return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
}

/**
 * Crops a random region of each image of a batch `[N, C, H, W]` and resizes it to `size`, as
 * torchvision's `RandomResizedCrop` applied per image: the region's area is a `scale` fraction of
 * the image's, its aspect ratio is log-uniform in `ratio` (10 attempts, then a central crop).
 * Each sample is cropped (a view) and interpolated on its own, then the batch is concatenated.
 *
 * Randomness, per sample in batch order from the transform's generator: for each attempt, an area
 * draw and a ratio draw; on success, the top row and the left column.
 *
 * Unlike torchvision on tensors, the resize has no antialiasing (bilinear as `F.interpolate`).
 */
export function randomResizedCrop(size: ImageSize, options?: RandomResizedCropOptions): RandomTransform {
  const op = 'randomResizedCrop';
  checkOptions(op, options, ['scale', 'ratio', 'mode', 'seed', 'generator']);
  const [oh, ow] = sizeArg(op, 'size', size);
  const scale = rangeArg(op, 'scale', options?.scale ?? [0.08, 1], 0, 1);
  const ratio = rangeArg(op, 'ratio', options?.ratio ?? [3 / 4, 4 / 3], 0);
  if (scale[1] <= 0) throw new RangeError(`${op}(): expected scale to have a positive max, but received [${scale.join(', ')}]`);
  if (ratio[0] <= 0) throw new RangeError(`${op}(): expected ratio to be positive, but received [${ratio.join(', ')}]`);
  const mode = options?.mode ?? 'bilinear';
  if (mode !== 'bilinear' && mode !== 'bicubic' && mode !== 'nearest') invalidArg(op, 'mode', "'bilinear', 'bicubic' or 'nearest'", mode);
  const gen = transformGenerator(op, options);
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const [n, , height, width] = x.shape;
    const params = Array.from({ length: n }, () => cropParams(gen, height, width, scale, ratio));
    return tidy(() => {
      const parts = params.map(([top, left, h, w], i) => {
        const region = x.narrow(0, i, 1).narrow(2, top, h).narrow(3, left, w);
        return interpolate(region, { size: [oh, ow], mode, alignCorners: mode === 'nearest' ? undefined : false });
      });
      return cat(parts, 0);
    });
  };
  return randomTransform(fn, 'input', gen, op);
}
