/**
 * randomSplit: random non-overlapping subsets of given lengths or fractions.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../errors.js';
import { type DatasetLike, isDatasetLike } from './dataset.js';
import { Generator, generatorOption } from './generator.js';
import { Subset } from './subset.js';

/** Options of {@link randomSplit}. */
export interface RandomSplitOptions {
  /** Seed of the permutation. Default: `torch.initialSeed()` (fixed by `torch.manualSeed`). */
  seed?: number;
  /** A generator to draw the permutation from (advanced by the draw), instead of `seed`. */
  generator?: Generator;
}

/**
 * Splits a dataset into non-overlapping random subsets, as `torch.utils.data.random_split`.
 *
 * `lengths` are item counts that add up to the dataset's length, or fractions that add up to 1:
 * each split then gets `floor(fraction * n)` items and the remainder is given one item at a time
 * to the splits in order, as PyTorch does.
 *
 * The permutation comes from a {@link Generator} (a JS PRNG), not from `torch.randperm`: it never
 * touches libtorch's global generator, and the same seed always gives the same split, but the
 * indices differ from Python's for the same seed.
 *
 * @example
 * ```ts
 * const [train, val] = data.randomSplit(ds, [0.9, 0.1], { seed: 0 });
 * ```
 */
export function randomSplit<T>(dataset: DatasetLike<T>, lengths: number[], options?: RandomSplitOptions): Subset<T>[] {
  const op = 'randomSplit';
  checkOptions(op, options, ['seed', 'generator']);
  if (!isDatasetLike(dataset)) invalidArg(op, 'dataset', 'a Dataset (an object with length and get)', dataset);
  if (!Array.isArray(lengths) || lengths.length === 0) invalidArg(op, 'lengths', 'a non-empty array of counts or fractions', lengths);
  // A loop, not forEach(): forEach() skips the holes of a sparse array and would walk all of them.
  for (let i = 0; i < lengths.length; i++) {
    const l = lengths[i];
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) invalidArg(op, `lengths[${i}]`, 'a non-negative number', l);
  }
  const n = dataset.length;
  const total = lengths.reduce((a, b) => a + b, 0);
  let counts: number[];
  if (Math.abs(total - 1) <= 1e-9 && total <= n) {
    counts = lengths.map((f) => Math.floor(n * f));
    let remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; remainder > 0; i = (i + 1) % counts.length, remainder--) counts[i] += 1;
  } else if (lengths.every(isInt)) {
    counts = lengths;
    if (total !== n) throw new RangeError(`${op}(): expected lengths to add up to the dataset's length (${n}), but they add up to ${total}`);
  } else {
    throw new RangeError(`${op}(): expected lengths to be counts adding up to the dataset's length (${n}) or fractions adding up to 1, ` +
      `but they add up to ${total}`);
  }
  const gen = generatorOption(op, options?.seed, options?.generator, () => new Generator());
  const perm = gen.permutation(n);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.slice(offset, offset + c)));
    offset += c;
  }
  return out;
}
