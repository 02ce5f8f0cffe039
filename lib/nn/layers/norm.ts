/**
 * BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm.
 * @module
 */
import { noGrad } from '../../autograd.js';
import { checkOptions, invalidArg, isInt } from '../../errors.js';
import { ones, tensor, zeros } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, constantParameter, factory, positiveInt } from './common.js';

/** Options of the batch norm layers. */
export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** Running-average factor; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift. Default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation. Default true. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  constructor(private readonly op: string, private readonly inputDims: number[], numFeatures: number, o: BatchNormOptions) {
    super();
    checkOptions(op, o, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype', 'device']);
    this.numFeatures = positiveInt(op, 'numFeatures', numFeatures);
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    const f = factory(o);
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

  forward(input: Tensor): Tensor {
    if (!this.inputDims.includes(input.ndim)) {
      invalidArg(this.op, 'input', `a ${this.inputDims.join('-D or ')}-D tensor`, `a ${input.ndim}-D tensor of shape [${input.shape}]`);
    }
    // PyTorch's exponential_average_factor logic, including the cumulative average for momentum null.
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked !== null) {
      noGrad(() => this.numBatchesTracked!.add_(1));
      if (this.momentum === null) factor = 1 / (this.numBatchesTracked.item() as number);
    }
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

/** Batch normalisation over `[N, C]` or `[N, C, L]`. */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, options);
  }
}

/** Batch normalisation over `[N, C, H, W]`. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, options);
  }
}

/** Layer normalisation over the last dimensions (`normalizedShape`). */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | number[], options: FactoryOptions & { eps?: number; elementwiseAffine?: boolean; bias?: boolean } = {}) {
    super();
    checkOptions('LayerNorm', options, ['eps', 'elementwiseAffine', 'bias', 'dtype', 'device']);
    const shape = isInt(normalizedShape) ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || !shape.every((d) => isInt(d) && d > 0)) invalidArg('LayerNorm', 'normalizedShape', 'a positive integer or an array of them', normalizedShape);
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    const f = factory(options);
    this.weight = affine ? constantParameter(shape, 1, f) : null;
    this.bias = affine && options.bias !== false ? constantParameter(shape, 0, f) : null;
  }

  forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape.join(', ')},), eps=${this.eps}, elementwise_affine=${this.weight !== null ? 'True' : 'False'}`;
  }
}

/** Group normalisation: channels split into `numGroups` groups, each normalised. */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, options: FactoryOptions & { eps?: number; affine?: boolean } = {}) {
    super();
    checkOptions('GroupNorm', options, ['eps', 'affine', 'dtype', 'device']);
    this.numGroups = positiveInt('GroupNorm', 'numGroups', numGroups);
    this.numChannels = positiveInt('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) invalidArg('GroupNorm', 'numChannels', `divisible by numGroups (${numGroups})`, numChannels);
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine ?? true;
    const f = factory(options);
    this.weight = affine ? constantParameter([numChannels], 1, f) : null;
    this.bias = affine ? constantParameter([numChannels], 0, f) : null;
  }

  forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null ? 'True' : 'False'}`;
  }
}
