/**
 * Dropout and Dropout2d: active in training mode only.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { checkProbability } from '../init.js';
import { Module } from '../module.js';

abstract class DropoutBase extends Module {
  /** Probability of zeroing an element (a whole channel for {@link Dropout2d}). Default 0.5. */
  readonly p: number;
  constructor(op: string, p: number) {
    super();
    this.p = checkProbability(op, 'p', p);
  }

  override extraRepr(): string { return `p=${this.p}, inplace=False`; }
}

/** Zeroes elements with probability `p` in training mode, scaling the rest by `1/(1-p)`. */
export class Dropout extends DropoutBase {
  constructor(p = 0.5) { super('Dropout', p); }
  forward(input: Tensor): Tensor { return F.dropout(input, this.p, this.training); }
}

/** Zeroes whole channels with probability `p` in training mode. */
export class Dropout2d extends DropoutBase {
  constructor(p = 0.5) { super('Dropout2d', p); }
  forward(input: Tensor): Tensor { return F.dropout2d(input, this.p, this.training); }
}
