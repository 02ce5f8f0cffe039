/**
 * MultiheadAttention, following `torch.nn.functional.multi_head_attention_forward` step by step.
 * @module
 */
import { checkOptions, invalidArg } from '../../errors.js';
import { zerosLike } from '../../tensor/create.js';
import { tidy } from '../../tensor/scope.js';
import { type Tensor, live } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { constant_, xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factory, positiveInt, tensorInput } from './common.js';
import { Linear } from './linear.js';

/** Options of {@link MultiheadAttention}. */
export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout probability on the attention weights, in training mode only. Default 0. */
  dropout?: number;
  /** Learn biases for the input and output projections. Default true. */
  bias?: boolean;
  /** Inputs are `[batch, seq, feature]` instead of `[seq, batch, feature]`. Default false. */
  batchFirst?: boolean;
}

/** Options of {@link MultiheadAttention.forward}. */
export interface AttentionCallOptions {
  /** `[L, S]` or `[N·heads, L, S]`; boolean (true = masked out) or additive float. */
  attnMask?: Tensor | null;
  /** `[N, S]`; boolean (true = padding, ignored) or additive float. */
  keyPaddingMask?: Tensor | null;
  /** Also return attention weights. Default true, as in PyTorch. */
  needWeights?: boolean;
  /** Average the weights over heads. Default true. */
  averageAttnWeights?: boolean;
  /**
   * A hint that `attnMask` is the causal mask (position i attends to positions ≤ i), as PyTorch's
   * `is_causal`: it requires `attnMask`. With `needWeights: false` and no `keyPaddingMask`, attention
   * then runs through {@link functional.scaledDotProductAttention}'s causal kernel instead of the
   * mask; otherwise the mask is applied. Default false.
   */
  isCausal?: boolean;
}

// PyTorch's _canonical_mask: a boolean mask becomes 0 / -inf in the query's dtype.
function canonicalMask(mask: Tensor | null | undefined, like: Tensor): Tensor | null {
  if (mask === null || mask === undefined) return null;
  if (mask.dtype === 'bool') return zerosLike(mask, { dtype: like.dtype }).maskedFill(mask, -Infinity);
  return mask;
}

/**
 * Multi-head attention with PyTorch's parameter layout (`in_proj_weight`, `in_proj_bias`,
 * `out_proj`) and initialisation order, so weights load from and match PyTorch.
 *
 * @example
 * ```ts
 * const attn = new nn.MultiheadAttention(256, 8, { batchFirst: true });
 * const x = torch.randn([4, 10, 256]);
 * const [out, weights] = attn.forward(x, x, x); // out [4, 10, 256], weights [4, 10, 10]
 * ```
 */
export class MultiheadAttention extends Module {
  /** Model dimension: the last dimension of query, key, value and output (PyTorch's `embed_dim`). */
  readonly embedDim: number;
  /** Number of parallel heads; `embedDim` is divisible by it (PyTorch's `num_heads`). */
  readonly numHeads: number;
  /** Dropout probability on the attention weights, in training mode only. Default 0. */
  readonly dropout: number;
  /** Whether inputs and output are `[batch, seq, feature]` rather than `[seq, batch, feature]`. Default false. */
  readonly batchFirst: boolean;
  /** Dimension of each head: `embedDim / numHeads`. */
  readonly headDim: number;
  /**
   * Packed query, key and value projection weights, shape `[3·embedDim, embedDim]`, initialised
   * Xavier uniform (PyTorch's `in_proj_weight`).
   */
  inProjWeight: Parameter;
  /** Packed projection biases, shape `[3·embedDim]`, initialised to zeros; null with `bias: false` (PyTorch's `in_proj_bias`). */
  inProjBias: Parameter | null;
  /** Output projection, `Linear(embedDim, embedDim)` with its bias zeroed (PyTorch's `out_proj`). */
  outProj: Linear;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkOptions('MultiheadAttention', options, ['dropout', 'bias', 'batchFirst', 'dtype', 'device']);
    this.embedDim = positiveInt('MultiheadAttention', 'embedDim', embedDim);
    this.numHeads = positiveInt('MultiheadAttention', 'numHeads', numHeads);
    if (embedDim % numHeads !== 0) invalidArg('MultiheadAttention', 'embedDim', `divisible by numHeads (${numHeads})`, embedDim);
    this.headDim = embedDim / numHeads;
    this.dropout = options.dropout ?? 0;
    this.batchFirst = options.batchFirst ?? false;
    const f = factory(options, 'MultiheadAttention');
    const bias = options.bias ?? true;
    this.inProjWeight = Parameter.empty([3 * embedDim, embedDim], f);
    this.inProjBias = bias ? Parameter.empty([3 * embedDim], f) : null;
    // PyTorch builds out_proj (drawing its Linear init) before _reset_parameters: same order here.
    this.outProj = new Linear(embedDim, embedDim, { bias, ...f });
    xavierUniform_(this.inProjWeight);
    if (this.inProjBias) constant_(this.inProjBias, 0);
    if (this.outProj.bias) constant_(this.outProj.bias, 0);
  }

  /**
   * Attention of `query` over `key`/`value`. Returns `[output, weights]`; `weights` is null unless
   * `needWeights`.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, o: AttentionCallOptions = {}): [Tensor, Tensor | null] {
    const op = 'MultiheadAttention.forward';
    for (const [i, name, v] of [[1, 'query', query], [2, 'key', key], [3, 'value', value]] as const) live(tensorInput(op, v, name), op, i);
    checkOptions(op, o, ['attnMask', 'keyPaddingMask', 'needWeights', 'averageAttnWeights', 'isCausal']);
    for (const name of ['attnMask', 'keyPaddingMask'] as const) {
      const m = o[name];
      if (m !== null && m !== undefined) live(tensorInput(op, m, name), op, 4);
    }
    return tidy(() => {
      let [q0, k0, v0] = [query, key, value];
      if (this.batchFirst) [q0, k0, v0] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      const batched = q0.ndim === 3;
      if (!batched) [q0, k0, v0] = [q0.unsqueeze(1), k0.unsqueeze(1), v0.unsqueeze(1)];
      const [tgtLen, bsz, embed] = q0.shape;
      if (embed !== this.embedDim) invalidArg('MultiheadAttention', 'query', `last dimension ${this.embedDim}`, `shape [${query.shape}]`);
      const H = this.numHeads;
      const hd = this.headDim;
      // In-projection: packed when query, key and value are the same tensor, as PyTorch does.
      let q: Tensor, k: Tensor, v: Tensor;
      if (query === key && key === value) {
        const proj = F.linear(q0, this.inProjWeight, this.inProjBias).unflatten(-1, [3, embed]).unsqueeze(0).transpose(0, -2)
          .squeeze(-2).contiguous();
        [q, k, v] = [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
      } else {
        const [wq, wk, wv] = this.inProjWeight.chunk(3);
        const [bq, bk, bv] = this.inProjBias ? this.inProjBias.chunk(3) : [null, null, null];
        [q, k, v] = [F.linear(q0, wq, bq), F.linear(k0, wk, bk), F.linear(v0, wv, bv)];
      }
      // PyTorch's rule: the causal hint needs the mask, and is used instead of it only where nothing
      // else (weights to return, a padding mask to merge) needs the mask itself.
      const isCausal = o.isCausal ?? false;
      if (isCausal && !o.attnMask) {
        throw new TypeError('MultiheadAttention.forward(): isCausal is a hint that attnMask is the causal mask, but no attnMask was ' +
          "given. Pass the mask too, e.g. attnMask: torch.ones([L, L], { dtype: 'bool' }).triu(1).");
      }
      const useHint = isCausal && !o.keyPaddingMask && !(o.needWeights ?? true);
      let attnMask = useHint ? null : canonicalMask(o.attnMask, q);
      if (attnMask && attnMask.ndim === 2) attnMask = attnMask.unsqueeze(0);
      q = q.view(tgtLen, bsz * H, hd).transpose(0, 1);
      k = k.view(k.shape[0], bsz * H, hd).transpose(0, 1);
      v = v.view(v.shape[0], bsz * H, hd).transpose(0, 1);
      const srcLen = k.shape[1];
      const kpm = canonicalMask(o.keyPaddingMask, q);
      if (kpm) {
        const m = kpm.view(bsz, 1, 1, srcLen).expand(-1, H, -1, -1).reshape(bsz * H, 1, srcLen);
        attnMask = attnMask === null ? m : attnMask.add(m);
      }
      const p = this.training ? this.dropout : 0;
      let out: Tensor;
      let weights: Tensor | null = null;
      if (o.needWeights ?? true) {
        const qs = q.mul(Math.sqrt(1.0 / hd));
        let w = attnMask ? attnMask.baddbmm(qs, k.transpose(-2, -1)) : qs.bmm(k.transpose(-2, -1));
        w = w.softmax(-1);
        if (p > 0) w = F.dropout(w, p);
        out = w.bmm(v).transpose(0, 1).contiguous().view(tgtLen * bsz, embed);
        let wv = w.view(bsz, H, tgtLen, srcLen);
        if (o.averageAttnWeights ?? true) wv = wv.mean(1);
        weights = batched ? wv : wv.squeeze(0);
      } else {
        if (attnMask) attnMask = attnMask.shape[0] === 1 && attnMask.ndim === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, H, -1, srcLen);
        const sdpa = F.scaledDotProductAttention(q.view(bsz, H, tgtLen, hd), k.view(bsz, H, srcLen, hd), v.view(bsz, H, srcLen, hd),
          { attnMask, dropoutP: p, isCausal: useHint });
        out = sdpa.permute(2, 0, 1, 3).contiguous().view(bsz * tgtLen, embed);
      }
      out = this.outProj.forward(out).view(tgtLen, bsz, embed);
      if (!batched) out = out.squeeze(1);
      else if (this.batchFirst) out = out.transpose(1, 0);
      return [out, weights];
    });
  }

  override extraRepr(): string {
    return `embed_dim=${this.embedDim}, num_heads=${this.numHeads}`;
  }
}
