/**
 * multiScale: a different input size at each step, for multi-scale training.
 * @module
 */
import { checkOptions, invalidArg, isInt, mapItems } from '../../errors.js';
import { interpolate } from '../../nn/functional.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../generator.js';
import { type Transform, checkImages, identity, transformGenerator } from './common.js';

/** The sizes {@link multiScale} picks from: a list, or the multiples of `divisor` in `[min, max]`. */
export type MultiScaleSizes = {
  /** The candidate sizes: `s` for a square `s × s`, or `[height, width]`. */
  sizes: (number | [number, number])[];
} | {
  /** The smallest side length, in pixels (rounded up to a multiple of `divisor`). */
  min: number;
  /** The largest side length, in pixels. */
  max: number;
  /** The step between candidate sizes (square, multiples of it). Default 32. */
  divisor?: number;
};

/** Options of {@link multiScale}. */
export interface MultiScaleOptions {
  /** Steps (calls) that share one size. Default 1: a new size each step. */
  every?: number;
  /** Seed of the size sequence. Default: derived from `torch.initialSeed()`, as the random transforms. */
  seed?: number;
  /** Pick sizes only for steps before this one; later steps keep the batch's own size. */
  untilStep?: number;
  /** Pick sizes only in epochs before this one (see `setEpoch`); later epochs keep the batch's own size. */
  untilEpoch?: number;
  /** Whether the transform resizes at all. Default true; false makes it the identity (for ablations). */
  enabled?: boolean;
  /** Resampling. Default `'bilinear'`. */
  mode?: 'bilinear' | 'bicubic' | 'nearest';
}

/** The transform {@link multiScale} returns: a {@link Transform} that counts steps. */
export interface MultiScale extends Transform {
  /** The candidate sizes, `[height, width]`. */
  readonly sizes: readonly [number, number][];
  /** Whether it resizes; may be switched at any time. */
  enabled: boolean;
  /** Calls so far (the step the next call is). */
  step: number;
  /** The epoch, for `untilEpoch`; set it with {@link setEpoch}. */
  epoch: number;
  /** Sets the epoch (for `untilEpoch`). */
  setEpoch(epoch: number): void;
  /** The size step `step` uses, or null when that step keeps the batch's size (disabled, or past `untilStep`/`untilEpoch`). */
  sizeAt(step: number, epoch?: number): [number, number] | null;
  /** `{ step, epoch, seed }`: all a resumed run needs to continue the size sequence. */
  stateDict(): {
    /** The step the next call is ({@link MultiScale.step}). */
    step: number;
    /** The current epoch ({@link MultiScale.epoch}). */
    epoch: number;
    /** The seed of the size sequence. */
    seed: number;
  };
  /** Restores {@link stateDict} (the seed included). */
  loadStateDict(state: unknown): void;
}

function candidateSizes(op: string, spec: unknown): [number, number][] {
  if (spec === null || typeof spec !== 'object') invalidArg(op, 'sizes', '{ sizes: [...] } or { min, max, divisor }', spec);
  if ('sizes' in spec) {
    checkOptions(op, spec, ['sizes']);
    const { sizes } = spec as { sizes: unknown };
    if (!Array.isArray(sizes) || sizes.length === 0) invalidArg(op, 'sizes', 'a non-empty array of sizes', sizes);
    return mapItems(sizes as unknown[], (s, i) => {
      if (isInt(s) && s > 0) return [s, s] as [number, number];
      if (Array.isArray(s) && s.length === 2 && s.every((v) => isInt(v) && v > 0)) return [s[0], s[1]] as [number, number];
      return invalidArg(op, `sizes[${i}]`, 'a positive integer or [height, width]', s);
    });
  }
  checkOptions(op, spec, ['min', 'max', 'divisor']);
  const { min, max, divisor = 32 } = spec as { min: unknown; max: unknown; divisor?: unknown };
  for (const [name, v] of [['min', min], ['max', max], ['divisor', divisor]] as const) {
    if (!isInt(v) || v < 1) invalidArg(op, name, 'a positive integer', v);
  }
  const [lo, hi, d] = [min as number, max as number, divisor as number];
  if (hi < lo) throw new RangeError(`${op}(): expected max to be at least min (${lo}), but received ${hi}`);
  const out: [number, number][] = [];
  for (let s = Math.ceil(lo / d) * d; s <= hi; s += d) out.push([s, s]);
  if (out.length === 0) throw new RangeError(`${op}(): no multiple of divisor (${d}) lies in [min, max] = [${lo}, ${hi}]`);
  return out;
}

/**
 * Multi-scale training: resizes each batch `[N, C, H, W]` to a size picked per step from `sizes`
 * (or from the multiples of `divisor` in `[min, max]`, divisor 32 by default), as YOLO-style
 * training does. Each call is one step; `every` steps share a size.
 *
 * The size of step `s` is a pure function of `(seed, floor(s / every))` (a {@link Generator} seeded
 * with them draws the index), so a resumed run only needs {@link MultiScale.step} back (it is in
 * `stateDict()`, with the seed). Steps from `untilStep` on, and epochs from `untilEpoch` on, keep the batch's own
 * size (train the last epochs at the final resolution); `enabled: false` turns it off entirely, so
 * an ablation flips one flag.
 *
 * It transforms inputs only: use it for targets that do not depend on the size (class labels).
 *
 * @example
 * ```ts
 * const ms = data.multiScale({ min: 224, max: 320, divisor: 32 }, { seed: 0, untilEpoch: 80 });
 * ms.setEpoch(epoch);
 * const x = ms(images); // 224, 256, 288 or 320 square
 * ```
 */
export function multiScale(sizes: MultiScaleSizes, options?: MultiScaleOptions): MultiScale {
  const op = 'multiScale';
  const candidates = candidateSizes(op, sizes);
  checkOptions(op, options, ['every', 'seed', 'untilStep', 'untilEpoch', 'enabled', 'mode']);
  const o = options ?? {};
  const every = o.every ?? 1;
  if (!isInt(every) || every < 1) invalidArg(op, 'every', 'a positive integer', every);
  for (const name of ['untilStep', 'untilEpoch'] as const) {
    if (o[name] !== undefined && (!isInt(o[name]) || o[name] < 0)) invalidArg(op, name, 'a non-negative integer', o[name]);
  }
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') invalidArg(op, 'enabled', 'a boolean', o.enabled);
  const mode = o.mode ?? 'bilinear';
  if (mode !== 'bilinear' && mode !== 'bicubic' && mode !== 'nearest') invalidArg(op, 'mode', "'bilinear', 'bicubic' or 'nearest'", mode);
  let seed = o.seed ?? transformGenerator(op, undefined).nextUint32();
  if (!isInt(seed) || seed < 0) invalidArg(op, 'seed', 'a non-negative integer', seed);

  const self = ((input: Tensor): Tensor => {
    const x = checkImages(op, input);
    const size = self.sizeAt(self.step, self.epoch);
    self.step += 1;
    if (size === null || (size[0] === x.shape[2] && size[1] === x.shape[3])) return identity(x);
    return tidy(() => interpolate(x, { size, mode, alignCorners: mode === 'nearest' ? undefined : false }));
  }) as MultiScale;
  return Object.assign(self, {
    kind: 'input' as const,
    sizes: candidates,
    enabled: o.enabled ?? true,
    step: 0,
    epoch: 0,
    setEpoch(epoch: number) {
      if (!isInt(epoch) || epoch < 0) invalidArg('multiScale.setEpoch', 'epoch', 'a non-negative integer', epoch);
      self.epoch = epoch;
    },
    sizeAt(step: number, epoch = self.epoch): [number, number] | null {
      if (!isInt(step) || step < 0) invalidArg('multiScale.sizeAt', 'step', 'a non-negative integer', step);
      if (!self.enabled) return null;
      if (o.untilStep !== undefined && step >= o.untilStep) return null;
      if (o.untilEpoch !== undefined && epoch >= o.untilEpoch) return null;
      return candidates[Generator.fromParts(seed, Math.floor(step / every)).randint(0, candidates.length)];
    },
    stateDict: () => ({ step: self.step, epoch: self.epoch, seed }),
    loadStateDict(state: unknown) {
      const s = state as { step?: unknown; epoch?: unknown; seed?: unknown };
      if (s === null || typeof s !== 'object' || !isInt(s.step) || !isInt(s.epoch) || !isInt(s.seed)) {
        invalidArg('multiScale.loadStateDict', 'state', 'an object { step, epoch, seed } from stateDict()', state);
      }
      seed = s.seed as number;
      self.step = s.step as number;
      self.epoch = s.epoch as number;
    },
  });
}
