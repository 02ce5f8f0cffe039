/**
 * mixup: convex combinations of pairs of samples and of their targets.
 * @module
 */
import { invalidArg } from '../../errors.js';
import { tidy } from '../../tensor/scope.js';
import { Tensor } from '../../tensor/tensor.js';
import { type RandomPairTransform, identity, randomTransform } from './common.js';
import { type MixOptions, mixSettings, softTargets } from './mix-targets.js';

/**
 * MixUp (Zhang et al., 2018) on a batch, as torchvision's `transforms.v2.MixUp`: with
 * `λ ~ Beta(alpha, alpha)` drawn once per batch, each sample is mixed with the one before it in
 * the batch (the batch rolled by one):
 * `input = λ·x + (1-λ)·roll(x)`, `target = λ·y + (1-λ)·roll(y)`.
 *
 * Targets come in as class indices `[N]` (give `numClasses`) or probabilities `[N, classes]`, and go
 * out as probabilities `[N, classes]` in the input's dtype, each row summing to 1:
 * `F.crossEntropy(logits, target)` takes them as they are.
 *
 * The input may be any floating tensor with the batch first (images `[N, C, H, W]` or features).
 *
 * Randomness, per batch from the transform's generator: one draw against `p` (only when p < 1),
 * then λ (Gamma draws).
 *
 * @example
 * ```ts
 * const mix = data.mixup(0.2, { numClasses: 10, seed: 0 });
 * const { input, target } = mix(images, labels);
 * const loss = F.crossEntropy(model.forward(input), target);
 * ```
 */
export function mixup(alpha = 1, options?: MixOptions): RandomPairTransform {
  const op = 'mixup';
  const { numClasses, p, gen } = mixSettings(op, alpha, options);
  const fn = (input: Tensor, target: Tensor): { input: Tensor; target: Tensor } => {
    const x = checkMixInput(op, input);
    const n = x.shape[0];
    const apply = p >= 1 || gen.bernoulli(p);
    const lam = apply ? gen.beta(alpha, alpha) : 1;
    return tidy(() => {
      const y = softTargets(op, target, n, numClasses, x.dtype as 'float32');
      if (!apply) return { input: identity(x), target: y };
      return {
        input: x.mul(lam).add(x.roll(1, 0).mul(1 - lam)),
        target: y.mul(lam).add(y.roll(1, 0).mul(1 - lam)),
      };
    });
  };
  return randomTransform(fn, 'pair', gen, op);
}

/** A floating tensor with the batch first. */
function checkMixInput(op: string, input: unknown): Tensor {
  if (!(input instanceof Tensor)) invalidArg(op, 'input', 'a Tensor with the batch first', input);
  const x = input as Tensor;
  if (x.ndim < 1 || !x.isFloatingPoint()) {
    throw new TypeError(`${op}(): expected input to be a floating-point tensor with the batch first, but received a tensor of dtype ${x.dtype} and shape [${x.shape.join(', ')}]`);
  }
  return x;
}
