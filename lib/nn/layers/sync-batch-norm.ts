/**
 * SyncBatchNorm: batch normalisation whose statistics span every rank's batch, as
 * `torch.nn.SyncBatchNorm` (the computation is binding/distributed.cpp's, on the group's Gloo).
 * @module
 */
import { invalidArg } from '../../errors.js';
import { type ProcessGroup, defaultGroup, isInitialized, resolveGroup } from '../../distributed/group.js';
import { native } from '../../native.js';
import { Tensor, wrap as wrapHandle } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { BatchNormBase, type BatchNormOptions } from './norm.js';

/** Options of {@link SyncBatchNorm}: BatchNorm's, and the group whose ranks share statistics. */
export interface SyncBatchNormOptions extends BatchNormOptions {
  /** Default: the default process group, when the layer runs. */
  group?: ProcessGroup;
}

/**
 * Batch normalisation over `[N, C, ...]` whose mean and variance, in training, are those of the
 * whole batch across the ranks of a process group: the remedy when each rank's share of the batch is
 * too small for good BatchNorm statistics. In eval mode, or without a process group of more than
 * one rank, it is a plain BatchNorm. Convert a model's BatchNorm layers with
 * {@link SyncBatchNorm.convertSyncBatchnorm} before wrapping it in DistributedDataParallel.
 *
 * @example
 * ```ts
 * const model = nn.SyncBatchNorm.convertSyncBatchnorm(net);
 * const ddp = new nn.parallel.DistributedDataParallel(model);
 * ```
 */
export class SyncBatchNorm extends BatchNormBase {
  readonly #group: ProcessGroup | undefined;

  constructor(numFeatures: number, options: SyncBatchNormOptions = {}) {
    const { group, ...rest } = options ?? {};
    super('SyncBatchNorm', [2, 3, 4, 5], numFeatures, rest);
    if (group !== undefined) resolveGroup('SyncBatchNorm', group);
    this.#group = group;
  }

  protected override normalize(input: Tensor, factor: number): Tensor {
    const group = this.#group ?? (isInitialized() ? defaultGroup(this.op) : null);
    if (!this.training || group === null || group.size === 1) return super.normalize(input, factor);
    const track = this.trackRunningStats;
    return wrapHandle(native.syncBatchNorm(input._h, this.weight?._h ?? null, this.bias?._h ?? null,
      track ? this.runningMean?._h ?? null : null, track ? this.runningVar?._h ?? null : null, factor, this.eps, group.ref));
  }

  /**
   * Replaces every BatchNorm1d/BatchNorm2d in `module` (itself included) by a SyncBatchNorm holding
   * the same parameters and buffers (the same tensors, so an optimizer made before still trains
   * them) and the same training mode, as PyTorch's `convert_sync_batchnorm`. Returns the module, or
   * the SyncBatchNorm that replaces it.
   */
  static convertSyncBatchnorm<M extends Module>(module: M, group?: ProcessGroup): M | SyncBatchNorm {
    if (!(module instanceof Module)) invalidArg('SyncBatchNorm.convertSyncBatchnorm', 'module', 'an nn.Module', module);
    if (group !== undefined) resolveGroup('SyncBatchNorm.convertSyncBatchnorm', group);
    return convert(module, group) as M | SyncBatchNorm;
  }
}

function convert(module: Module, group: ProcessGroup | undefined): Module {
  if (module instanceof BatchNormBase && !(module instanceof SyncBatchNorm)) {
    const sync = new SyncBatchNorm(module.numFeatures, {
      eps: module.eps, momentum: module.momentum, affine: module.affine, trackRunningStats: module.trackRunningStats,
      ...(group ? { group } : {}),
    });
    sync.weight?.dispose();
    sync.bias?.dispose();
    sync.weight = module.weight;
    sync.bias = module.bias;
    for (const name of ['runningMean', 'runningVar', 'numBatchesTracked'] as const) {
      sync[name]?.dispose();
      sync.registerBuffer(name, module[name]);
    }
    sync.train(module.training);
    return sync;
  }
  for (const [name, child] of [...module.namedChildren()]) {
    const converted = convert(child, group);
    if (converted !== child) module.registerModule(name, converted);
  }
  return module;
}
