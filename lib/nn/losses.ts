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

/**
 * Mean squared error, PyTorch's `MSELoss`.
 *
 * @example
 * ```ts
 * const loss = new nn.MSELoss().forward(torch.randn([8, 1]), torch.zeros([8, 1])); // scalar
 * ```
 */
export class MSELoss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) { super('MSELoss', options, ['reduction']); }
  /** `(input − target)²`, reduced (mean by default). Input and target must have the same shape and dtype. */
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

/** Mean absolute error, PyTorch's `L1Loss`. */
export class L1Loss extends Loss<F.ReductionOptions> {
  constructor(options: F.ReductionOptions = {}) { super('L1Loss', options, ['reduction']); }
  /** `|input − target|`, reduced (mean by default). Input and target must have the same shape and dtype. */
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

/** Smooth L1 loss: quadratic below `beta`, linear above (PyTorch's `SmoothL1Loss`). */
export class SmoothL1Loss extends Loss<F.SmoothL1LossOptions> {
  constructor(options: F.SmoothL1LossOptions = {}) { super('SmoothL1Loss', options, ['reduction', 'beta']); }
  /** The smooth L1 loss of `input` against `target` (same shape and dtype), reduced (mean by default). */
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/** Huber loss: quadratic below `delta`, linear above (PyTorch's `HuberLoss`). */
export class HuberLoss extends Loss<F.HuberLossOptions> {
  constructor(options: F.HuberLossOptions = {}) { super('HuberLoss', options, ['reduction', 'delta']); }
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
export class NLLLoss extends Loss<F.NLLLossOptions> {
  constructor(options: F.NLLLossOptions = {}) { super('NLLLoss', options, ['weight', 'ignoreIndex', 'reduction']); }
  /** The negative log-likelihood of log-probabilities `input` `[N, C, ...]` against int64 class indices `[N, ...]`. */
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options); }
}

/** Binary cross entropy over probabilities. */
export class BCELoss extends Loss<F.BCELossOptions> {
  constructor(options: F.BCELossOptions = {}) { super('BCELoss', options, ['weight', 'reduction']); }
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
export class BCEWithLogitsLoss extends Loss<F.BCEWithLogitsLossOptions> {
  constructor(options: F.BCEWithLogitsLossOptions = {}) { super('BCEWithLogitsLoss', options, ['weight', 'posWeight', 'reduction']); }
  /** Binary cross entropy of logits `input` against targets in [0, 1] (same shape and dtype), computed stably. */
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}

/** KL divergence over log-probabilities. */
export class KLDivLoss extends Loss<F.KLDivLossOptions> {
  constructor(options: F.KLDivLossOptions = {}) { super('KLDivLoss', options, ['reduction', 'logTarget']); }
  /** KL(target ‖ input) for log-probabilities `input` and probabilities (or log-probabilities) `target` of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}

/** Sigmoid focal loss over logits (reduction 'none' by default, as torchvision's). */
export class SigmoidFocalLoss extends Loss<F.SigmoidFocalLossOptions> {
  constructor(options: F.SigmoidFocalLossOptions = {}) { super('SigmoidFocalLoss', options, ['alpha', 'gamma', 'reduction']); }
  /** The focal loss of logits `input` against binary `target` (same shape and dtype); per element unless `reduction` says otherwise. */
  forward(input: Tensor, target: Tensor): Tensor { return F.sigmoidFocalLoss(input, target, this.options); }
}
