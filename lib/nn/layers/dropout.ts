/**
 * Dropout and Dropout2d: active in training mode only.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { checkProbability } from '../init.js';
import { Module } from '../module.js';

/** Zeroes elements with probability `p` in training mode, scaling the rest by `1/(1-p)`. */
export class Dropout extends Module {
  readonly p: number;
  constructor(p = 0.5) {
    super();
    this.p = checkProbability('Dropout', 'p', p);
  }

  forward(input: Tensor): Tensor { return F.dropout(input, this.p, this.training); }
  override extraRepr(): string { return `p=${this.p}, inplace=False`; }
}

/** Zeroes whole channels with probability `p` in training mode. */
export class Dropout2d extends Module {
  readonly p: number;
  constructor(p = 0.5) {
    super();
    this.p = checkProbability('Dropout2d', 'p', p);
  }

  forward(input: Tensor): Tensor { return F.dropout2d(input, this.p, this.training); }
  override extraRepr(): string { return `p=${this.p}, inplace=False`; }
}
