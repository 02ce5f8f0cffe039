/**
 * colorJitter: random brightness, contrast and saturation, per sample.
 * @module
 */
import { checkOptions, invalidArg } from '../../errors.js';
import { tensor } from '../../tensor/create.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type RandomOptions, type RandomTransform, checkImages, perSample, randomTransform, rangeArg, transformGenerator } from './common.js';

/** A jitter strength: `s` for factors in `[max(0, 1 - s), 1 + s]`, or the factor range `[min, max]`. */
export type JitterStrength = number | [number, number];

/** Options of {@link colorJitter}. Each component is off (0) unless given. */
export interface ColorJitterOptions extends RandomOptions {
  /** Brightness factor strength (0: off). */
  brightness?: JitterStrength;
  /** Contrast factor strength (0: off). */
  contrast?: JitterStrength;
  /** Saturation factor strength (0: off; only for 3-channel images). */
  saturation?: JitterStrength;
}

function factorRange(op: string, name: string, v: unknown): [number, number] | null {
  if (v === undefined || v === 0) return null;
  if (typeof v === 'number') {
    if (!(v >= 0) || !Number.isFinite(v)) invalidArg(op, name, 'a non-negative number or a [min, max] factor range', v);
    return [Math.max(0, 1 - v), 1 + v];
  }
  if (!Array.isArray(v)) invalidArg(op, name, 'a non-negative number or a [min, max] factor range', v);
  const r = rangeArg(op, name, v, 0);
  return r[0] === 1 && r[1] === 1 ? null : r;
}

// ITU-R 601 luma, as torchvision's rgb_to_grayscale; a 1-channel image is its own grey.
function grey(x: Tensor): Tensor {
  if (x.shape[1] !== 3) return x.mean(1, true);
  const w = tensor([0.299, 0.587, 0.114], { dtype: x.dtype, device: x.device }).reshape([1, 3, 1, 1]);
  return x.mul(w).sum(1, true);
}

/**
 * Randomly changes the brightness, contrast and saturation of each image of a batch `[N, C, H, W]`
 * of values in [0, 1] (apply it before `normalize`), as torchvision's `ColorJitter` applied per
 * image, each sample with its own factors:
 *
 * - brightness: `x * b`;
 * - contrast: blends with the mean of the image's grey level: `c * x + (1 - c) * mean(grey(x))`;
 * - saturation (3 channels): blends with the grey image: `s * x + (1 - s) * grey(x)`;
 *
 * each result clamped to [0, 1]. The components run in that fixed order (torchvision draws a random
 * order per image). Hue is not offered.
 *
 * Randomness: for each enabled component in that order, one uniform factor per sample (batch
 * order) in its range, from the transform's generator.
 *
 * @example
 * ```ts
 * const jitter = data.colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, seed: 0 });
 * ```
 */
export function colorJitter(options: ColorJitterOptions): RandomTransform {
  const op = 'colorJitter';
  if (options === null || typeof options !== 'object') invalidArg(op, 'options', 'an object such as { brightness: 0.4 }', options);
  checkOptions(op, options, ['brightness', 'contrast', 'saturation', 'seed', 'generator']);
  const brightness = factorRange(op, 'brightness', options.brightness);
  const contrast = factorRange(op, 'contrast', options.contrast);
  const saturation = factorRange(op, 'saturation', options.saturation);
  const gen = transformGenerator(op, options);
  const fn = (input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const n = x.shape[0];
    const draw = (r: [number, number] | null) => (r === null ? null : Array.from({ length: n }, () => gen.uniform(r[0], r[1])));
    const b = draw(brightness);
    const c = draw(contrast);
    const s = saturation !== null && x.shape[1] === 3 ? draw(saturation) : null;
    return tidy(() => {
      let out = x;
      if (b) out = out.mul(perSample(b, x)).clamp(0, 1);
      if (c) {
        const f = perSample(c, x);
        const mean = grey(out).mean([1, 2, 3], true);
        out = out.mul(f).add(mean.mul(f.rsub(1))).clamp(0, 1);
      }
      if (s) {
        const f = perSample(s, x);
        out = out.mul(f).add(grey(out).mul(f.rsub(1))).clamp(0, 1);
      }
      return out === x ? x.clone() : out;
    });
  };
  return randomTransform(fn, 'input', gen, op);
}
