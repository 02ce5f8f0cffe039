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
  constructor(name: string, readonly options: O, allowed: string[]) {
    super();
    checkOptions(name, options, allowed);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

type R = { reduction?: F.Reduction };

/** Mean squared error. */
export class MSELoss extends Loss<R> {
  constructor(options: R = {}) { super('MSELoss', options, ['reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

/** Mean absolute error. */
export class L1Loss extends Loss<R> {
  constructor(options: R = {}) { super('L1Loss', options, ['reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

/** Smooth L1 loss. */
export class SmoothL1Loss extends Loss<R & { beta?: number }> {
  constructor(options: R & { beta?: number } = {}) { super('SmoothL1Loss', options, ['reduction', 'beta']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.options); }
}

/** Huber loss. */
export class HuberLoss extends Loss<R & { delta?: number }> {
  constructor(options: R & { delta?: number } = {}) { super('HuberLoss', options, ['reduction', 'delta']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.options); }
}

/** Cross entropy over logits (class weights, ignoreIndex, labelSmoothing, probability targets). */
export class CrossEntropyLoss extends Loss<F.CrossEntropyOptions> {
  constructor(options: F.CrossEntropyOptions = {}) { super('CrossEntropyLoss', options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.options); }
}

/** Negative log-likelihood over log-probabilities. */
export class NLLLoss extends Loss<{ weight?: Tensor | null; ignoreIndex?: number } & R> {
  constructor(options: { weight?: Tensor | null; ignoreIndex?: number } & R = {}) { super('NLLLoss', options, ['weight', 'ignoreIndex', 'reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options); }
}

/** Binary cross entropy over probabilities. */
export class BCELoss extends Loss<{ weight?: Tensor | null } & R> {
  constructor(options: { weight?: Tensor | null } & R = {}) { super('BCELoss', options, ['weight', 'reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.options); }
}

/** Binary cross entropy over logits, with `posWeight` for imbalanced positives. */
export class BCEWithLogitsLoss extends Loss<{ weight?: Tensor | null; posWeight?: Tensor | null } & R> {
  constructor(options: { weight?: Tensor | null; posWeight?: Tensor | null } & R = {}) { super('BCEWithLogitsLoss', options, ['weight', 'posWeight', 'reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}

/** KL divergence over log-probabilities. */
export class KLDivLoss extends Loss<{ reduction?: F.Reduction | 'batchmean'; logTarget?: boolean }> {
  constructor(options: { reduction?: F.Reduction | 'batchmean'; logTarget?: boolean } = {}) { super('KLDivLoss', options, ['reduction', 'logTarget']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.options); }
}

/** Sigmoid focal loss over logits (reduction 'none' by default, as torchvision's). */
export class SigmoidFocalLoss extends Loss<{ alpha?: number; gamma?: number } & R> {
  constructor(options: { alpha?: number; gamma?: number } & R = {}) { super('SigmoidFocalLoss', options, ['alpha', 'gamma', 'reduction']); }
  forward(input: Tensor, target: Tensor): Tensor { return F.sigmoidFocalLoss(input, target, this.options); }
}
