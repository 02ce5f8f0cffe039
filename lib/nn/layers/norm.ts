/**
 * BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm.
 * @module
 */
import { noGrad } from '../../autograd.js';
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import { ones, tensor, zeros } from '../../tensor/create.js';
import { MAX_DIMS } from '../../tensor/args.js';
import { type Tensor, live } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, constantParameter, factory, positiveInt, tensorInput } from './common.js';

/** Options of the batch norm layers. */
export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance for numerical stability. Default 1e-5. */
  eps?: number;
  /** Running-average factor; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift. Default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation. Default true. */
  trackRunningStats?: boolean;
}

/** @internal What BatchNorm1d, BatchNorm2d and SyncBatchNorm share. */
export abstract class BatchNormBase extends Module {
  /** Number of channels `C` of the input `[N, C, ...]` (PyTorch's `num_features`). */
  readonly numFeatures: number;
  /** Added to the variance for numerical stability. Default 1e-5. */
  readonly eps: number;
  /** Weight of the current batch in the running averages; null for a cumulative average. Default 0.1. */
  readonly momentum: number | null;
  /** Whether the layer has the learnable `weight` and `bias`. Default true. */
  readonly affine: boolean;
  /** Whether running statistics are kept and used in eval mode (otherwise batch statistics always are). Default true. */
  readonly trackRunningStats: boolean;
  /** Learnable per-channel scale γ, shape `[numFeatures]`, initialised to ones; null when not `affine`. */
  weight: Parameter | null;
  /** Learnable per-channel shift β, shape `[numFeatures]`, initialised to zeros; null when not `affine`. */
  bias: Parameter | null;
  /**
   * Buffer: running mean per channel, shape `[numFeatures]`, starting at zeros; updated in training
   * mode, used in eval mode. Null without `trackRunningStats`.
   */
  declare runningMean: Tensor | null;
  /**
   * Buffer: running (unbiased) variance per channel, shape `[numFeatures]`, starting at ones; updated
   * in training mode, used in eval mode. Null without `trackRunningStats`.
   */
  declare runningVar: Tensor | null;
  /** Buffer: int64 scalar counting the training batches seen (sets the average when `momentum` is null). */
  declare numBatchesTracked: Tensor | null;

  /**
   * @param op - The layer's name in errors.
   * @param inputDims - The input ranks the layer accepts.
   */
  constructor(/** The layer's name, as its errors show it. */ protected readonly op: string, private readonly inputDims: number[],
    numFeatures: number, o: BatchNormOptions) {
    super();
    checkOptions(op, o, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype', 'device']);
    this.numFeatures = positiveInt(op, 'numFeatures', numFeatures);
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    const f = factory(o, op);
    this.weight = this.affine ? constantParameter([numFeatures], 1, f) : null;
    this.bias = this.affine ? constantParameter([numFeatures], 0, f) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('runningMean', zeros([numFeatures], f));
      this.registerBuffer('runningVar', ones([numFeatures], f));
      this.registerBuffer('numBatchesTracked', tensor(0, { dtype: 'int64', device: f.device }));
    } else {
      this.registerBuffer('runningMean', null);
      this.registerBuffer('runningVar', null);
      this.registerBuffer('numBatchesTracked', null);
    }
  }

  /**
   * Normalises each channel of `input`: with the batch's statistics in training mode (updating the
   * running ones), with the running statistics in eval mode (the batch's again without
   * `trackRunningStats`). The output has the input's shape.
   */
  forward(input: Tensor): Tensor {
    // Checked here: reading ndim of a non-tensor or a disposed one would name ndim, not this layer.
    live(tensorInput(this.op, input), this.op, 1);
    if (!this.inputDims.includes(input.ndim)) {
      invalidArg(this.op, 'input', `a ${this.inputDims.join('-D or ')}-D tensor`, `a ${input.ndim}-D tensor of shape [${input.shape}]`);
    }
    // PyTorch's exponential_average_factor logic, including the cumulative average for momentum null.
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked !== null) {
      noGrad(() => this.numBatchesTracked!.add_(1));
      if (this.momentum === null) factor = 1 / (this.numBatchesTracked.item() as number);
    }
    return this.normalize(input, factor);
  }

  /** The normalisation itself, once `forward` has checked the input and counted the batch; `factor` weighs it in the running averages. */
  protected normalize(input: Tensor, factor: number): Tensor {
    const useBatchStats = this.training || this.runningMean === null;
    return F.batchNorm(input, !this.training || this.trackRunningStats ? this.runningMean : null,
      !this.training || this.trackRunningStats ? this.runningVar : null,
      { weight: this.weight, bias: this.bias, training: useBatchStats, momentum: factor, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum ?? 'None'}, affine=${this.affine ? 'True' : 'False'}, ` +
      `track_running_stats=${this.trackRunningStats ? 'True' : 'False'}`;
  }
}

/**
 * Batch normalisation over `[N, C]` or `[N, C, L]`.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(64);
 * bn.forward(torch.randn([32, 64])).shape; // [32, 64]
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, options);
  }
}

/**
 * Batch normalisation over `[N, C, H, W]`.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(32);
 * bn.forward(torch.randn([8, 32, 28, 28])).shape; // [8, 32, 28, 28]
 * bn.eval(); // from now on, normalise with runningMean and runningVar
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, options);
  }
}

/**
 * Layer normalisation over the last dimensions (`normalizedShape`).
 *
 * @example
 * ```ts
 * const norm = new nn.LayerNorm(512);
 * norm.forward(torch.randn([8, 100, 512])).shape; // [8, 100, 512]
 * ```
 */
export class LayerNorm extends Module {
  /** Shape of the trailing input dimensions normalised over (PyTorch's `normalized_shape`). */
  readonly normalizedShape: number[];
  /** Added to the variance for numerical stability. Default 1e-5. */
  readonly eps: number;
  /** Learnable elementwise scale, shape `normalizedShape`, initialised to ones; null with `elementwiseAffine: false`. */
  weight: Parameter | null;
  /** Learnable elementwise shift, shape `normalizedShape`, initialised to zeros; null with `elementwiseAffine: false` or `bias: false`. */
  bias: Parameter | null;

  constructor(normalizedShape: number | number[], options: FactoryOptions & {
    /** Added to the variance for numerical stability. Default 1e-5. */
    eps?: number;
    /** Learn an elementwise scale (and shift) of shape `normalizedShape`. Default true. */
    elementwiseAffine?: boolean;
    /** Learn the shift too (when `elementwiseAffine`). Default true. */
    bias?: boolean;
  } = {}) {
    super();
    checkOptions('LayerNorm', options, ['eps', 'elementwiseAffine', 'bias', 'dtype', 'device']);
    const shape = isInt(normalizedShape) ? [normalizedShape] : normalizedShape;
    // The length first: every() over a huge sparse array would block for a minute.
    if (!Array.isArray(shape) || shape.length > MAX_DIMS || !shape.every((d) => isInt(d) && d > 0)) {
      invalidArg('LayerNorm', 'normalizedShape', `a positive integer or an array of at most ${MAX_DIMS} of them`, normalizedShape);
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    const f = factory(options, 'LayerNorm');
    this.weight = affine ? constantParameter(shape, 1, f) : null;
    this.bias = affine && options.bias !== false ? constantParameter(shape, 0, f) : null;
  }

  /** Normalises `input` of shape `[*, ...normalizedShape]` over its trailing dimensions; the output has the input's shape. */
  forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape.join(', ')},), eps=${this.eps}, elementwise_affine=${this.weight !== null ? 'True' : 'False'}`;
  }
}

/** Group normalisation: channels split into `numGroups` groups, each normalised. */
export class GroupNorm extends Module {
  /** Number of groups the channels are split into (PyTorch's `num_groups`). */
  readonly numGroups: number;
  /** Number of channels `C` of the input `[N, C, ...]`; divisible by `numGroups`. */
  readonly numChannels: number;
  /** Added to the variance for numerical stability. Default 1e-5. */
  readonly eps: number;
  /** Learnable per-channel scale, shape `[numChannels]`, initialised to ones; null with `affine: false`. */
  weight: Parameter | null;
  /** Learnable per-channel shift, shape `[numChannels]`, initialised to zeros; null with `affine: false`. */
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, options: FactoryOptions & {
    /** Added to the variance for numerical stability. Default 1e-5. */
    eps?: number;
    /** Learn a per-channel scale and shift. Default true. */
    affine?: boolean;
  } = {}) {
    super();
    checkOptions('GroupNorm', options, ['eps', 'affine', 'dtype', 'device']);
    this.numGroups = positiveInt('GroupNorm', 'numGroups', numGroups);
    this.numChannels = positiveInt('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) invalidArg('GroupNorm', 'numChannels', `divisible by numGroups (${numGroups})`, numChannels);
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine ?? true;
    const f = factory(options, 'GroupNorm');
    this.weight = affine ? constantParameter([numChannels], 1, f) : null;
    this.bias = affine ? constantParameter([numChannels], 0, f) : null;
  }

  /** Normalises `input` of shape `[N, numChannels, ...]` per sample and group; the output has the input's shape. */
  forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null ? 'True' : 'False'}`;
  }
}
