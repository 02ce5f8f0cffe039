/**
 * What the batch transforms share: their types, the randomness options, argument checks.
 * @module
 */
import { invalidArg, outOfRange } from '../../errors.js';
import { tensor } from '../../tensor/create.js';
import { initialSeed } from '../../tensor/functions.js';
import { Tensor } from '../../tensor/tensor.js';
import { Generator, type GeneratorState, generatorOption, hashParts } from '../generator.js';

/**
 * A transform of a batch of images `[N, C, H, W]`: returns a new tensor and leaves its input
 * alone (when it changes nothing, the result may be a view of the input). The intermediates it makes
 * are released before it returns.
 */
export interface Transform {
  (input: Tensor): Tensor;
  /** `'input'`: transforms the input only. */
  readonly kind: 'input';
  /** The transform's generator, for random transforms. */
  readonly generator?: Generator;
  /** The state to save for an exact resume (the generator's state, a step count). */
  stateDict?(): unknown;
  /** Restores {@link stateDict}. */
  loadStateDict?(state: unknown): void;
}

/** A transform of a batch and its targets together (mixup, cutmix). */
export interface PairTransform {
  (input: Tensor, target: Tensor): {
    /** The transformed batch of images `[N, C, H, W]`. */
    input: Tensor;
    /** The transformed targets (for mixup and cutmix: probabilities `[N, classes]`). */
    target: Tensor;
  };
  /** `'pair'`: transforms the input and the target. */
  readonly kind: 'pair';
  /** The transform's generator, for random transforms. */
  readonly generator?: Generator;
  /** The state to save for an exact resume. */
  stateDict?(): unknown;
  /** Restores {@link stateDict}. */
  loadStateDict?(state: unknown): void;
}

/** A random {@link Transform}: it draws from its own {@link Generator}, whose state it saves and restores. */
export interface RandomTransform extends Transform {
  /** The generator every draw comes from. */
  readonly generator: Generator;
  /** `{ generator: state }`, JSON-serialisable. */
  stateDict(): {
    /** The generator's state, as {@link Generator.getState} returns it. */
    generator: GeneratorState;
  };
  /** Restores {@link stateDict}: later calls draw exactly what they drew after it was taken. */
  loadStateDict(state: unknown): void;
}

/** A random {@link PairTransform}, as {@link RandomTransform}. */
export interface RandomPairTransform extends PairTransform {
  /** The generator every draw comes from. */
  readonly generator: Generator;
  /** `{ generator: state }`, JSON-serialisable. */
  stateDict(): {
    /** The generator's state, as {@link Generator.getState} returns it. */
    generator: GeneratorState;
  };
  /** Restores {@link stateDict}. */
  loadStateDict(state: unknown): void;
}

/** Options shared by the random transforms. */
export interface RandomOptions {
  /**
   * Seed of the transform's own {@link Generator}. Default: derived from `torch.initialSeed()`
   * (fixed by `torch.manualSeed`), the transform's name and how many transforms of that name were
   * made before, so that a script that seeds torch first is reproducible and two transforms do not
   * draw the same numbers.
   */
  seed?: number;
  /** A generator to draw from instead (shared with other transforms if you like). */
  generator?: Generator;
}

const counters = new Map<string, number>();

/** The generator a random transform draws from, from its options. */
export function transformGenerator(op: string, options: RandomOptions | undefined): Generator {
  return generatorOption(op, options?.seed, options?.generator, () => {
    const count = counters.get(op) ?? 0;
    counters.set(op, count + 1);
    let salt = 0;
    for (const ch of op) salt = (Math.imul(salt, 31) + ch.charCodeAt(0)) >>> 0;
    return Generator.fromParts(initialSeed() % 2 ** 53, salt, count);
  });
}

/** Adds `kind`, `generator`, `stateDict` and `loadStateDict` to a transform function. */
export function randomTransform<F extends (...args: never[]) => unknown, K extends 'input' | 'pair'>(fn: F, kind: K, generator: Generator,
  op: string): F & { kind: K; generator: Generator; stateDict(): { generator: GeneratorState }; loadStateDict(s: unknown): void } {
  return Object.assign(fn, {
    kind,
    generator,
    stateDict: () => ({ generator: generator.getState() }),
    loadStateDict: (s: unknown) => {
      if (s === null || typeof s !== 'object' || !('generator' in s)) invalidArg(`${op}.loadStateDict`, 'state', 'an object from stateDict()', s);
      generator.setState((s as { generator: GeneratorState }).generator);
    },
  });
}

/** Checks a batch of images: a floating-point `[N, C, H, W]` tensor. */
export function checkImages(op: string, input: unknown): Tensor {
  if (!(input instanceof Tensor)) invalidArg(op, 'input', 'a Tensor [N, C, H, W]', input);
  const t = input as Tensor;
  if (t.ndim !== 4) throw new TypeError(`${op}(): expected input to be a batch of images [N, C, H, W], but received a tensor of shape [${t.shape.join(', ')}]`);
  if (!t.isFloatingPoint()) throw new TypeError(`${op}(): expected input to be a floating-point tensor, but received a tensor of dtype ${t.dtype}`);
  return t;
}

/** Checks a probability in [0, 1]. */
export function probArg(op: string, name: string, p: unknown): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) outOfRange(op, name, 'a probability in [0, 1]', p);
  return p as number;
}

/** Checks a `[min, max]` pair with `lo <= min <= max` (and `max <= hi`). */
export function rangeArg(op: string, name: string, v: unknown, lo = -Infinity, hi = Infinity): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    invalidArg(op, name, '[min, max], two finite numbers', v);
  }
  const [a, b] = v as [number, number];
  if (a > b || a < lo || b > hi) {
    const bounds = hi === Infinity ? (lo === -Infinity ? '' : ` with min >= ${lo}`) : ` within [${lo}, ${hi}]`;
    throw new RangeError(`${op}(): expected ${name} to be [min, max] with min <= max${bounds}, but received [${a}, ${b}]`);
  }
  return [a, b];
}

/** A `[N, 1, 1, 1]` tensor of per-sample values, with the input's dtype and device. */
export function perSample(values: number[], like: Tensor): Tensor {
  return tensor(Float64Array.from(values), { shape: [values.length, 1, 1, 1], dtype: like.dtype, device: like.device });
}

/** The input unchanged, as a new tensor object on the same memory. */
export function identity(input: Tensor): Tensor {
  return input.view(input.shape);
}

/** A seed mixed from a generator's next draw: for derived streams. */
export function drawSeed(g: Generator): number {
  return hashParts(g.nextUint32(), g.nextUint32());
}
