/**
 * Loss modules: the module forms of the losses in `nn.functional`, holding their options.
 * @module
 */
import { checkOptions } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import * as F from './functional.js';
import { Module } from './module.js';

/** A loss as a module: `forward(input, target)`. */
abstract class Loss<O extends object> extends Module {
  constructor(
    name: string,
    /** The options given at construction, passed to the functional form on every call. */
    readonly options: O,
    allowed: string[],
  ) {
    super();
    checkOptions(name, options, allowed);
  }

  /** The loss of `input` against `target`: a scalar, or per-element losses with `reduction: 'none'`. */
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

type R = {
  /** How the per-element losses are reduced: `'mean'`, `'sum'` or `'none'` (PyTorch's `reduction`). */
  reduction?: F.Reduction;
};

/**
 * Mean squared error, PyTorch's `MSELoss`.
 *
 * @example
 * ```ts
 * const loss = new nn.MSELoss().forward(torch.randn([8, 1]), torch.zeros([8, 1])); // scalar
 * ```
 */
export class MSELoss extends Loss<R> {
  constructor(options: R = {}) { super('MSELoss', options, ['reduction']); }
  /** `(input − target)²`, reduced (mean by default). Input and target must have the same shape and dtype. */
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

/** Mean absolute error, PyTorch's `L1Loss`. */
export class L1Loss extends Loss<R> {
  constructor(options: R = {}) { super('L1Loss', options, ['reduction']); }
  /** `|input − target|`, reduced (mean by default). Input and target must have the same shape and dtype. */
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

/** Smooth L1 loss: quadratic below `beta`, linear above (PyTorch's `SmoothL1Loss`). */
export class SmoothL1Loss extends Loss<R & {
  /** Where the loss changes from quadratic to linear. Default 1. */
  beta?: number;
}> {
  constructor(options: R & {
    /** Where the loss changes from quadratic to linear. Default 1. */
    beta?: number;
  } = {}) { super('SmoothL1Loss', options, ['reduction', 'beta']); }
  /** The smooth L1 loss of `input` against `target` (same shape and dtype), reduced (mean by default). */
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/** Huber loss: quadratic below `delta`, linear above (PyTorch's `HuberLoss`). */
export class HuberLoss extends Loss<R & {
  /** Where the loss changes from quadratic to linear. Default 1. */
  delta?: number;
}> {
  constructor(options: R & {
    /** Where the loss changes from quadratic to linear. Default 1. */
    delta?: number;
  } = {}) { super('HuberLoss', options, ['reduction', 'delta']); }
  /** The Huber loss of `input` against `target` (same shape and dtype), reduced (mean by default). */
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.options); }
}

/**
 * Cross entropy over logits (class weights, ignoreIndex, labelSmoothing, probability targets).
 *
 * @example
 * ```ts
 * const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion.forward(torch.randn([32, 10]), torch.randint(0, 10, [32]));
 * ```
 */
export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  constructor(options: F.CrossEntropyOptions = {}) { super('CrossEntropyLoss', options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing']); }
  /**
   * Cross entropy of logits `input` `[N, C, ...]` against int64 class indices `[N, ...]` or class
   * probabilities of the input's shape; reduced (mean by default).
   */
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.options); }
}

/** Negative log-likelihood over log-probabilities. */
export class NLLLoss extends Loss<{
  /** Per-class weights, shape `[C]`, for imbalanced classes. */
  weight?: Tensor | null;
  /** Target value that is ignored and does not count in the mean. Default -100. */
  ignoreIndex?: number;
} & R> {
  constructor(options: {
    /** Per-class weights, shape `[C]`, for imbalanced classes. */
    weight?: Tensor | null;
    /** Target value that is ignored and does not count in the mean. Default -100. */
    ignoreIndex?: number;
  } & R = {}) { super('NLLLoss', options, ['weight', 'ignoreIndex', 'reduction']); }
  /** The negative log-likelihood of log-probabilities `input` `[N, C, ...]` against int64 class indices `[N, ...]`. */
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options); }
}

/** Binary cross entropy over probabilities. */
export class BCELoss extends Loss<{
  /** Rescaling weight of each element's loss, broadcast to the input's shape. */
  weight?: Tensor | null;
} & R> {
  constructor(options: {
    /** Rescaling weight of each element's loss, broadcast to the input's shape. */
    weight?: Tensor | null;
  } & R = {}) { super('BCELoss', options, ['weight', 'reduction']); }
  /** Binary cross entropy of probabilities `input` in [0, 1] against `target` (same shape and dtype). */
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.options); }
}

/**
 * Binary cross entropy over logits, with `posWeight` for imbalanced positives.
 *
 * @example
 * ```ts
 * const criterion = new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([3], { dtype: 'float32' }) });
 * const loss = criterion.forward(torch.randn([16, 1]), torch.ones([16, 1]));
 * ```
 */
export class BCEWithLogitsLoss extends Loss<{
  /** Rescaling weight of each element's loss, broadcast to the input's shape. */
  weight?: Tensor | null;
  /** Weight of positive examples, broadcast along the last (class) dimension, e.g. `[C]`. */
  posWeight?: Tensor | null;
} & R> {
  constructor(options: {
    /** Rescaling weight of each element's loss, broadcast to the input's shape. */
    weight?: Tensor | null;
    /** Weight of positive examples, broadcast along the last (class) dimension, e.g. `[C]`. */
    posWeight?: Tensor | null;
  } & R = {}) { super('BCEWithLogitsLoss', options, ['weight', 'posWeight', 'reduction']); }
  /** Binary cross entropy of logits `input` against targets in [0, 1] (same shape and dtype), computed stably. */
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}

/** KL divergence over log-probabilities. */
export class KLDivLoss extends Loss<{
  /** `'mean'` (default, over all elements), `'batchmean'` (the sum divided by the batch size: the true KL divergence), `'sum'` or `'none'`. */
  reduction?: F.Reduction | 'batchmean';
  /** `target` holds log-probabilities too. Default false. */
  logTarget?: boolean;
}> {
  constructor(options: {
    /** `'mean'` (default, over all elements), `'batchmean'` (the sum divided by the batch size: the true KL divergence), `'sum'` or `'none'`. */
    reduction?: F.Reduction | 'batchmean';
    /** `target` holds log-probabilities too. Default false. */
    logTarget?: boolean;
  } = {}) { super('KLDivLoss', options, ['reduction', 'logTarget']); }
  /** KL(target ‖ input) for log-probabilities `input` and probabilities (or log-probabilities) `target` of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}

/** Sigmoid focal loss over logits (reduction 'none' by default, as torchvision's). */
export class SigmoidFocalLoss extends Loss<{
  /** Weight of positives in [0, 1] (negatives get `1 − alpha`); a negative value turns weighting off. Default 0.25. */
  alpha?: number;
  /** Focusing exponent of `(1 − p_t)`: higher values down-weight easy examples more. Default 2. */
  gamma?: number;
} & R> {
  constructor(options: {
    /** Weight of positives in [0, 1] (negatives get `1 − alpha`); a negative value turns weighting off. Default 0.25. */
    alpha?: number;
    /** Focusing exponent of `(1 − p_t)`: higher values down-weight easy examples more. Default 2. */
    gamma?: number;
  } & R = {}) { super('SigmoidFocalLoss', options, ['alpha', 'gamma', 'reduction']); }
  /** The focal loss of logits `input` against binary `target` (same shape and dtype); per element unless `reduction` says otherwise. */
  forward(input: Tensor, target: Tensor): Tensor { return F.sigmoidFocalLoss(input, target, this.options); }
}
