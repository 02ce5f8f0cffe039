/**
 * TransformerEncoderLayer: self-attention and a feed-forward block, post- or pre-norm.
 * @module
 */
import { checkOptions, invalidArg } from '../../errors.js';
import { tidy } from '../../tensor/scope.js';
import { type Tensor, live } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './attention.js';
import { checkProbability } from '../init.js';
import { type FactoryOptions, factory, positiveInt, tensorInput } from './common.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { LayerNorm } from './norm.js';

/** Options of {@link TransformerEncoderLayer}; defaults are PyTorch's. */
export interface TransformerEncoderLayerOptions extends FactoryOptions {
  /** Hidden size of the feed-forward block (PyTorch's `dim_feedforward`). Default 2048. */
  dimFeedforward?: number;
  /** Dropout probability, for the attention weights, the feed-forward block and both residual branches. Default 0.1. */
  dropout?: number;
  /** Activation of the feed-forward block: `'relu'` (default) or `'gelu'` (exact). */
  activation?: 'relu' | 'gelu';
  /** `eps` of both LayerNorms (PyTorch's `layer_norm_eps`). Default 1e-5. */
  layerNormEps?: number;
  /** Inputs and output are `[batch, seq, feature]` instead of `[seq, batch, feature]`. Default false. */
  batchFirst?: boolean;
  /** Pre-norm (LayerNorm before attention and feed-forward). Default false (post-norm). */
  normFirst?: boolean;
  /** Learn additive biases in the linear, attention and LayerNorm layers. Default true. */
  bias?: boolean;
}

/**
 * One encoder block of "Attention Is All You Need", with PyTorch's submodule names and
 * initialisation order (`self_attn`, `linear1`, `dropout`, `linear2`, `norm1`, `norm2`, ...).
 *
 * @example
 * ```ts
 * const layer = new nn.TransformerEncoderLayer(512, 8, { batchFirst: true });
 * layer.forward(torch.randn([32, 10, 512])).shape; // [32, 10, 512]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  /** Self-attention block, `MultiheadAttention(dModel, nhead)` (PyTorch's `self_attn`). */
  selfAttn: MultiheadAttention;
  /** First feed-forward layer, `Linear(dModel, dimFeedforward)`. */
  linear1: Linear;
  /** Dropout between the activation and `linear2`. */
  dropout: Dropout;
  /** Second feed-forward layer, `Linear(dimFeedforward, dModel)`. */
  linear2: Linear;
  /** Whether the LayerNorms come before each block (pre-norm) rather than after each residual add. Default false. */
  readonly normFirst: boolean;
  /** `LayerNorm(dModel)` of the self-attention block. */
  norm1: LayerNorm;
  /** `LayerNorm(dModel)` of the feed-forward block. */
  norm2: LayerNorm;
  /** Dropout on the self-attention output, before the residual add. */
  dropout1: Dropout;
  /** Dropout on the feed-forward output, before the residual add. */
  dropout2: Dropout;
  /** Activation of the feed-forward block: `'relu'` or `'gelu'`. Default `'relu'`. */
  readonly activation: 'relu' | 'gelu';

  constructor(dModel: number, nhead: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    checkOptions('TransformerEncoderLayer', options, ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'dtype', 'device']);
    // Checked here, under this layer's names: the sublayers would report their own (embedDim, numHeads).
    positiveInt('TransformerEncoderLayer', 'dModel', dModel);
    positiveInt('TransformerEncoderLayer', 'nhead', nhead);
    if (dModel % nhead !== 0) invalidArg('TransformerEncoderLayer', 'dModel', `divisible by nhead (${nhead})`, dModel);
    positiveInt('TransformerEncoderLayer', 'dimFeedforward', options.dimFeedforward ?? 2048);
    checkProbability('TransformerEncoderLayer', 'dropout', options.dropout ?? 0.1);
    if (typeof (options.layerNormEps ?? 1e-5) !== 'number') invalidArg('TransformerEncoderLayer', 'layerNormEps', 'a number', options.layerNormEps);
    const f = factory(options, 'TransformerEncoderLayer');
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

  /**
   * Applies the block to `src` of shape `[seq, batch, dModel]` (`[batch, seq, dModel]` with
   * `batchFirst`); the output has the same shape.
   */
  forward(src: Tensor, o: {
    /** Attention mask, `[seq, seq]` or `[batch·nhead, seq, seq]`: boolean (true = masked out) or additive float. */
    srcMask?: Tensor | null;
    /** `[batch, seq]`; boolean (true = padding, ignored) or additive float. */
    srcKeyPaddingMask?: Tensor | null;
    /** Apply a causal mask (position i attends to positions ≤ i). Default false. */
    isCausal?: boolean;
  } = {}): Tensor {
    const op = 'TransformerEncoderLayer.forward';
    live(tensorInput(op, src, 'src'), op, 1);
    checkOptions(op, o, ['srcMask', 'srcKeyPaddingMask', 'isCausal']);
    const dModel = this.selfAttn.embedDim;
    if (src.ndim < 2 || src.ndim > 3 || src.shape[src.ndim - 1] !== dModel) {
      invalidArg(op, 'src', `a 2-D or 3-D tensor whose last dimension is dModel (${dModel})`, `a tensor of shape [${src.shape}]`);
    }
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
