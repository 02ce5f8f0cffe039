/**
 * A seeded pseudo-random generator in JavaScript for the data pipeline: shuffling, splits and
 * augmentation parameters. It never touches libtorch's global generator, so data order and
 * augmentations do not change when a model draws more or fewer random numbers, and vice versa.
 * @module
 */
import { invalidArg, isInt, outOfRange } from '../errors.js';
import { initialSeed } from '../tensor/functions.js';

const TWO_32 = 4294967296;

/** Murmur-style 32-bit finaliser ("lowbias32"): a bijective mix of one 32-bit word. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The two 32-bit words of a non-negative integer seed (any size a JS number holds). */
function words(seed: number): [number, number] {
  return [seed % TWO_32 >>> 0, Math.floor(seed / TWO_32) % TWO_32 >>> 0];
}

/** Hashes integer parts (seeds, epochs, salts) into one 32-bit value. */
export function hashParts(...parts: number[]): number {
  let h = 0x243f6a88;
  for (const p of parts) {
    for (const w of words(p)) h = mix32((h ^ w) + 0x9e3779b9);
  }
  return h;
}

function checkSeed(op: string, seed: unknown): number {
  if (!isInt(seed) || seed < 0) invalidArg(op, 'seed', 'a non-negative integer', seed);
  return seed as number;
}

/** The state of a {@link Generator}: four 32-bit words, JSON-serialisable. */
export type GeneratorState = [number, number, number, number];

/**
 * A seeded random generator (xoshiro128**), shaped like `torch.Generator`: `manualSeed`,
 * `initialSeed`, `getState`/`setState`. Draws are plain JS numbers: a handful per sample, never
 * per pixel; tensors of random parameters are built from them.
 *
 * The same seed gives the same sequence on every platform and Node version. The sequence is not
 * the one Python's `torch.Generator` gives (it is a different algorithm).
 *
 * @example
 * ```ts
 * const g = new data.Generator(42);
 * g.random();        // uniform in [0, 1)
 * g.permutation(10); // a shuffled [0, 10)
 * const saved = g.getState(); g.random(); g.setState(saved); // replays the same draw
 * ```
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private seed = 0;

  /**
   * @param seed a non-negative integer. Default: `torch.initialSeed()`, which is fixed by
   *   `torch.manualSeed(s)` (and random per process otherwise, as in PyTorch).
   */
  constructor(seed?: number) {
    this.manualSeed(seed === undefined ? initialSeed() : checkSeed('Generator', seed));
  }

  /**
   * A generator whose stream is a function of several integers (a seed and an epoch, say): the
   * streams of different part lists are unrelated.
   */
  static fromParts(...parts: number[]): Generator {
    for (const p of parts) checkSeed('Generator.fromParts', p);
    const g = new Generator(0);
    g.seedWords(hashParts(...parts));
    g.seed = parts[0] ?? 0;
    return g;
  }

  /** Re-seeds the generator and returns it. */
  manualSeed(seed: number): this {
    this.seed = checkSeed('Generator.manualSeed', seed);
    const [lo, hi] = words(seed);
    this.seedWords(hashParts(lo, hi));
    return this;
  }

  private seedWords(h: number): void {
    // splitmix-style expansion of one hash into four state words (never all zero).
    this.s0 = mix32(h + 0x9e3779b9);
    this.s1 = mix32(h + 0x3c6ef372);
    this.s2 = mix32(h + 0xdaa66d2b);
    this.s3 = mix32(h + 0x78dde6e4) | 1;
  }

  /** The seed given to the constructor or to {@link manualSeed}. */
  initialSeed(): number {
    return this.seed;
  }

  /** The current state; {@link setState} with it replays every later draw. */
  getState(): GeneratorState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Restores a state from {@link getState}. */
  setState(state: GeneratorState): this {
    const words = Array.isArray(state) && state.length === 4 && state.every((w) => isInt(w) && w >= 0 && w < TWO_32);
    if (!words || state.every((w) => w === 0)) {
      invalidArg('Generator.setState', 'state', 'four 32-bit unsigned integers from getState(), not all zero', state);
    }
    [this.s0, this.s1, this.s2, this.s3] = state;
    return this;
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform number in [low, high). */
  uniform(low = 0, high = 1): number {
    if (typeof low !== 'number') invalidArg('Generator.uniform', 'low', 'a number', low);
    if (typeof high !== 'number') invalidArg('Generator.uniform', 'high', 'a number', high);
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [low, high). */
  randint(low: number, high: number): number {
    if (!isInt(low) || !isInt(high)) invalidArg('Generator.randint', isInt(low) ? 'high' : 'low', 'an integer', isInt(low) ? high : low);
    if (high <= low) outOfRange('Generator.randint', 'high', `greater than low (${low})`, high);
    return low + Math.floor(this.random() * (high - low));
  }

  /** True with probability `p`: one uniform draw `u`, true when `u < p` (so p=0 never, p=1 always). */
  bernoulli(p: number): boolean {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) outOfRange('Generator.bernoulli', 'p', 'a probability in [0, 1]', p);
    return this.random() < p;
  }

  /** A normal sample (Box-Muller; two uniform draws per sample). */
  normal(mean = 0, std = 1): number {
    if (typeof mean !== 'number') invalidArg('Generator.normal', 'mean', 'a number', mean);
    if (typeof std !== 'number') invalidArg('Generator.normal', 'std', 'a number', std);
    const u1 = 1 - this.random(); // in (0, 1]
    const u2 = this.random();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A Gamma(shape, 1) sample (Marsaglia and Tsang). */
  gamma(shape: number): number {
    // Infinity would never leave the rejection loop below (d - d * v is NaN), so it is refused too.
    if (typeof shape !== 'number' || !(shape > 0 && shape < Infinity)) outOfRange('Generator.gamma', 'shape', 'a finite positive number', shape);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.random(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.random();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** A Beta(a, b) sample, from two Gamma samples. */
  beta(a: number, b: number): number {
    for (const [name, v] of [['a', a], ['b', b]] as const) {
      if (typeof v !== 'number' || !(v > 0 && v < Infinity)) outOfRange('Generator.beta', name, 'a finite positive number', v);
    }
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** A uniformly random permutation of `0..n-1` (Fisher-Yates). */
  permutation(n: number): number[] {
    if (!isInt(n) || n < 0) invalidArg('Generator.permutation', 'n', 'a non-negative integer', n);
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Reads `{ seed, generator }` options: the generator itself, a new one from the seed, or `fallback()`. */
export function generatorOption(op: string, seed: unknown, generator: unknown, fallback: () => Generator): Generator {
  if (generator !== undefined) {
    if (!(generator instanceof Generator)) invalidArg(op, 'generator', 'a data.Generator', generator);
    if (seed !== undefined) throw new TypeError(`${op}(): give seed or generator, not both`);
    return generator as Generator;
  }
  if (seed !== undefined) return new Generator(checkSeed(op, seed));
  return fallback();
}
