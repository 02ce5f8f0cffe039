/**
 * TransformerEncoderLayer: self-attention and a feed-forward block, post- or pre-norm.
 * @module
 */
import { checkOptions, invalidArg } from '../../errors.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './attention.js';
import { type FactoryOptions, factory } from './common.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { LayerNorm } from './norm.js';

/** Options of {@link TransformerEncoderLayer}; defaults are PyTorch's. */
export interface TransformerEncoderLayerOptions extends FactoryOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Pre-norm (LayerNorm before attention and feed-forward). Default false (post-norm). */
  normFirst?: boolean;
  bias?: boolean;
}

/**
 * One encoder block of "Attention Is All You Need", with PyTorch's submodule names and
 * initialisation order (`self_attn`, `linear1`, `dropout`, `linear2`, `norm1`, `norm2`, ...).
 */
export class TransformerEncoderLayer extends Module {
  selfAttn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly activation: 'relu' | 'gelu';

  constructor(dModel: number, nhead: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    checkOptions('TransformerEncoderLayer', options, ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'dtype', 'device']);
    const f = factory(options);
    const p = options.dropout ?? 0.1;
    const bias = options.bias ?? true;
    const eps = options.layerNormEps ?? 1e-5;
    this.activation = options.activation ?? 'relu';
    if (this.activation !== 'relu' && this.activation !== 'gelu') invalidArg('TransformerEncoderLayer', 'activation', "'relu' or 'gelu'", this.activation);
    this.selfAttn = new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: options.batchFirst ?? false, ...f });
    this.linear1 = new Linear(dModel, options.dimFeedforward ?? 2048, { bias, ...f });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(options.dimFeedforward ?? 2048, dModel, { bias, ...f });
    this.normFirst = options.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, bias, ...f });
    this.norm2 = new LayerNorm(dModel, { eps, bias, ...f });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
  }

  forward(src: Tensor, o: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null; isCausal?: boolean } = {}): Tensor {
    return tidy(() => {
      const sa = (x: Tensor) => this.dropout1.forward(this.selfAttn.forward(x, x, x, {
        attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, needWeights: false, isCausal: o.isCausal,
      })[0]);
      const act = (x: Tensor) => (this.activation === 'relu' ? x.relu() : F.gelu(x));
      const ff = (x: Tensor) => this.dropout2.forward(this.linear2.forward(this.dropout.forward(act(this.linear1.forward(x)))));
      let x = src;
      if (this.normFirst) {
        x = x.add(sa(this.norm1.forward(x)));
        x = x.add(ff(this.norm2.forward(x)));
      } else {
        x = this.norm1.forward(x.add(sa(x)));
        x = this.norm2.forward(x.add(ff(x)));
      }
      return x;
    });
  }
}
