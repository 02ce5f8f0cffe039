/**
 * compose: transforms applied one after the other.
 * @module
 */
import { eachItem, invalidArg } from '../../errors.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { PairTransform, Transform } from './common.js';

type Any = Transform | PairTransform | ((input: Tensor) => Tensor);

/** What {@link compose} adds to the composed function. */
interface Composed {
  /** The transforms, in order. */
  readonly transforms: readonly Any[];
  /** The state of every transform, in order (undefined for those without state). */
  stateDict(): unknown[];
  /** Restores {@link stateDict}. */
  loadStateDict(state: unknown): void;
}

/**
 * Chains batch transforms, as torchvision's `Compose`: each gets the previous one's output, and
 * the intermediate tensors are released. Plain functions `(input) => Tensor` are accepted too.
 *
 * When one of them is a pair transform ({@link mixup}, {@link cutmix}), the composition takes and
 * returns `{ input, target }` as `(input, target) => { input, target }`: input transforms see the
 * input only, pair transforms both.
 *
 * @example
 * ```ts
 * const augment = data.compose([
 *   data.randomCrop(28, { padding: 2, seed: 1 }),
 *   data.randomHorizontalFlip(0.5, { seed: 2 }),
 *   data.normalize(0.286, 0.353),
 * ]);
 * const x = augment(images);
 * ```
 */
export function compose(transforms: (Transform | ((input: Tensor) => Tensor))[]): Transform & Composed;
export function compose(transforms: Any[]): PairTransform & Composed;
export function compose(transforms: Any[]): (Transform | PairTransform) & Composed {
  const op = 'compose';
  if (!Array.isArray(transforms)) invalidArg(op, 'transforms', 'an array of transforms', transforms);
  eachItem(transforms, (t, i) => {
    if (typeof t !== 'function') invalidArg(op, `transforms[${i}]`, 'a transform (a function)', t);
  });
  const list = transforms.slice();
  const isPair = (t: Any) => (t as { kind?: string }).kind === 'pair';
  const common: Composed = {
    transforms: list,
    stateDict: () => list.map((t) => (t as Transform).stateDict?.()),
    loadStateDict: (state: unknown) => {
      if (!Array.isArray(state) || state.length !== list.length) {
        invalidArg(`${op}.loadStateDict`, 'state', `an array of ${list.length} states from stateDict()`, state);
      }
      list.forEach((t, i) => {
        if ((state as unknown[])[i] !== undefined) (t as Transform).loadStateDict?.((state as unknown[])[i]);
      });
    },
  };
  if (list.some(isPair)) {
    const fn = (input: Tensor, target: Tensor) => tidy(() => {
      let cur = { input, target };
      for (const t of list) {
        cur = isPair(t) ? (t as PairTransform)(cur.input, cur.target) : { input: (t as Transform)(cur.input), target: cur.target };
      }
      return cur;
    });
    return Object.assign(fn, { kind: 'pair' as const }, common);
  }
  const fn = (input: Tensor) => tidy(() => list.reduce((x, t) => (t as Transform)(x), input));
  return Object.assign(fn, { kind: 'input' as const }, common);
}
