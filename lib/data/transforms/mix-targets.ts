/**
 * What mixup and cutmix share: soft targets, the Beta draw, argument checks.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import { oneHot } from '../../nn/functional.js';
import type { Generator } from '../generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { identity, probArg, transformGenerator } from './common.js';

/** Options of {@link mixup} and {@link cutmix}. */
export interface MixOptions {
  /** The number of classes, to one-hot class-index targets. Not needed for soft targets `[N, classes]`. */
  numClasses?: number;
  /** Probability that a batch is mixed at all. Default 1. */
  p?: number;
  /** Seed of the transform's own generator; see {@link RandomOptions}. */
  seed?: number;
  /** A generator to draw from instead. */
  generator?: Generator;
}

/** Checks `alpha` of Beta(alpha, alpha): a positive number. */
/** The settings mixup and cutmix share, checked: alpha, numClasses, p and the generator. */
export function mixSettings(op: string, alpha: unknown, options: MixOptions | undefined):
  { numClasses: number | undefined; p: number; gen: Generator } {
  checkOptions(op, options, ['numClasses', 'p', 'seed', 'generator']);
  alphaArg(op, alpha);
  return { numClasses: numClassesArg(op, options?.numClasses), p: probArg(op, 'p', options?.p ?? 1), gen: transformGenerator(op, options) };
}

export function alphaArg(op: string, alpha: unknown): number {
  if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha)) invalidArg(op, 'alpha', 'a positive number', alpha);
  return alpha as number;
}

/** Checks `numClasses`. */
export function numClassesArg(op: string, n: unknown): number | undefined {
  if (n !== undefined && (!isInt(n) || n < 1)) invalidArg(op, 'numClasses', 'a positive integer', n);
  return n as number | undefined;
}

/**
 * Targets as probabilities `[N, classes]` in `dtype`: class indices `[N]` are one-hot encoded;
 * soft targets are used as they are. Call inside `tidy`.
 */
export function softTargets(op: string, target: unknown, n: number, numClasses: number | undefined, dtype: 'float32' | 'float64' | 'float16' | 'bfloat16'): Tensor {
  if (!(target instanceof Tensor)) invalidArg(op, 'target', 'a Tensor of class indices [N] or probabilities [N, classes]', target);
  const t = target as Tensor;
  if (t.shape[0] !== n) throw new RangeError(`${op}(): expected target to have ${n} rows (the batch size), but it has shape [${t.shape.join(', ')}]`);
  if (t.ndim === 1 && !t.isFloatingPoint()) {
    if (numClasses === undefined) {
      throw new TypeError(`${op}(): target holds class indices, so numClasses is needed to make probabilities of them; ` +
        `pass { numClasses } when making the transform`);
    }
    return oneHot(t.long(), numClasses).to(dtype);
  }
  if (t.ndim === 2 && t.isFloatingPoint()) {
    if (numClasses !== undefined && t.shape[1] !== numClasses) {
      throw new RangeError(`${op}(): expected target to have numClasses (${numClasses}) columns, but it has shape [${t.shape.join(', ')}]`);
    }
    const out = t.to(dtype);
    return out === t ? identity(t) : out;
  }
  throw new TypeError(`${op}(): expected target to be integer class indices [N] or floating-point probabilities [N, classes], ` +
    `but received a tensor of dtype ${t.dtype} and shape [${t.shape.join(', ')}]`);
}
