/**
 * cutmix: pastes a box of each batch's rolled copy, mixing targets by area.
 * @module
 */
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type RandomPairTransform, checkImages, identity, randomTransform } from './common.js';
import { type MixOptions, mixSettings, softTargets } from './mix-targets.js';

/**
 * CutMix (Yun et al., 2019) on a batch of images `[N, C, H, W]`, as torchvision's
 * `transforms.v2.CutMix`: with `λ ~ Beta(alpha, alpha)` drawn once per batch, a box covering about
 * `1 - λ` of the image, centred at a uniform point and clipped to the image, is copied into each
 * sample from the sample before it (the batch rolled by one); the targets are mixed by the box's
 * actual area: `target = λ'·y + (1-λ')·roll(y)` with `λ' = 1 - boxArea / (H·W)`.
 *
 * Targets as in {@link mixup}: class indices `[N]` (give `numClasses`) or probabilities; out come
 * probabilities `[N, classes]`, rows summing to 1.
 *
 * Randomness, per batch from the transform's generator: one draw against `p` (only when p < 1),
 * then λ, then the box centre's column and row.
 */
export function cutmix(alpha = 1, options?: MixOptions): RandomPairTransform {
  const op = 'cutmix';
  const { numClasses, p, gen } = mixSettings(op, alpha, options);
  const fn = (input: Tensor, target: Tensor): { input: Tensor; target: Tensor } => {
    const x = checkImages(op, input);
    const [n, , height, width] = x.shape;
    const apply = p >= 1 || gen.bernoulli(p);
    let box: [number, number, number, number] | null = null;
    if (apply) {
      const lam = gen.beta(alpha, alpha);
      const cx = gen.randint(0, width);
      const cy = gen.randint(0, height);
      const r = 0.5 * Math.sqrt(1 - lam);
      const rw = Math.floor(r * width);
      const rh = Math.floor(r * height);
      const x1 = Math.max(cx - rw, 0);
      const y1 = Math.max(cy - rh, 0);
      box = [y1, x1, Math.min(cy + rh, height) - y1, Math.min(cx + rw, width) - x1];
    }
    return tidy(() => {
      const y = softTargets(op, target, n, numClasses, x.dtype as 'float32');
      if (box === null || box[2] === 0 || box[3] === 0) return { input: identity(x), target: y };
      const [top, left, h, w] = box;
      const out = x.clone();
      out.narrow(2, top, h).narrow(3, left, w).copy_(x.roll(1, 0).narrow(2, top, h).narrow(3, left, w));
      const lam = 1 - (h * w) / (height * width);
      return { input: out, target: y.mul(lam).add(y.roll(1, 0).mul(1 - lam)) };
    });
  };
  return randomTransform(fn, 'pair', gen, op);
}
