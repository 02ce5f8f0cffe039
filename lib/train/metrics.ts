/**
 * Metrics computed from a batch's output and target. Each returns a number (a mean over the batch)
 * and is averaged over batches by the Trainer, weighted by batch size.
 * @module
 */
import { invalidArg, isInt } from '../errors.js';
import { tidy } from '../tensor/scope.js';
import { Tensor, live } from '../tensor/tensor.js';

/** A metric: `(output, target) => value` for one batch. */
export type Metric = (output: Tensor, target: Tensor) => number;

// The output and target of a metric, checked before their shapes and dtypes are read.
function pair(op: string, output: unknown, target: unknown): void {
  if (!(output instanceof Tensor)) invalidArg(op, 'output', 'a Tensor', output);
  if (!(target instanceof Tensor)) invalidArg(op, 'target', 'a Tensor', target);
  live(output as Tensor, op, 1);
  live(target as Tensor, op, 2);
}

// Class indices of a target that may hold probabilities (mixup/cutmix soft targets).
function classes(target: Tensor): Tensor {
  return target.isFloatingPoint() && target.ndim > 1 ? target.argmax(-1) : target;
}

/** Fraction of rows whose highest logit is the target class. */
export function accuracy(output: Tensor, target: Tensor): number {
  pair('accuracy', output, target);
  return tidy(() => output.argmax(-1).eq(classes(target)).float().mean().item() as number);
}

/** Fraction of rows whose target class is among the `k` highest logits. */
export function topKAccuracy(k: number): Metric {
  if (!isInt(k) || k < 1) invalidArg('topKAccuracy', 'k', 'a positive integer', k);
  const name = `top${k}Accuracy`;
  const metric: Metric = (output, target) => tidy(() => {
    pair(name, output, target);
    const top = output.topk(Math.min(k, output.shape[output.ndim - 1]), -1).indices;
    return top.eq(classes(target).unsqueeze(-1)).any(-1).float().mean().item() as number;
  });
  Object.defineProperty(metric, 'name', { value: name });
  return metric;
}
