/**
 * What `strategy: 'ddp'` adds to the Trainer: the process group (joined from torchrun's environment
 * when the script has not joined one), the model wrapped in DistributedDataParallel, each rank's
 * share of the data, and the sums that logs and validation reduce across ranks.
 * @module
 */
import { DataLoader } from '../data/dataloader.js';
import { DistributedSampler } from '../data/distributed-sampler.js';
import { allReduce, barrier } from '../distributed/collectives.js';
import { defaultGroup, initProcessGroup, isInitialized } from '../distributed/group.js';
import { DistributedDataParallel, type DistributedDataParallelOptions } from '../nn/parallel/ddp.js';
import type { Module } from '../nn/module.js';
import { SyncBatchNorm } from '../nn/layers/sync-batch-norm.js';
import { invalidArg } from '../errors.js';
import { tensor } from '../tensor/create.js';
import type { Loader } from './types.js';

/** Options of the DDP strategy: DistributedDataParallel's, and whether to synchronise BatchNorm. */
export interface DDPStrategyOptions extends Omit<DistributedDataParallelOptions, 'group'> {
  /** Replace the model's BatchNorm layers by SyncBatchNorm (statistics over the global batch) before wrapping it. Default false. */
  syncBatchNorm?: boolean;
}

/** The Trainer's data-parallel side; made by {@link DDPStrategy.setup} at the first `fit`. */
export class DDPStrategy {
  private constructor(readonly ddp: DistributedDataParallel, readonly rank: number, readonly worldSize: number) {}

  /** Joins the default process group if needed (env://, as under `torchts launch`), and wraps the model. */
  static async setup(model: Module, options: DDPStrategyOptions = {}): Promise<DDPStrategy> {
    const { syncBatchNorm, ...ddpOptions } = options;
    if (syncBatchNorm !== undefined && typeof syncBatchNorm !== 'boolean') invalidArg('Trainer', 'ddp.syncBatchNorm', 'a boolean', syncBatchNorm);
    if (!isInitialized()) await initProcessGroup();
    const group = defaultGroup();
    // In place: the Trainer's model keeps its identity (a bare BatchNorm as the whole model is not converted).
    if (syncBatchNorm) SyncBatchNorm.convertSyncBatchnorm(model);
    return new DDPStrategy(new DistributedDataParallel(model, { ...ddpOptions, group }), group.rank, group.size);
  }

  /**
   * This rank's share of a DataLoader (a DistributedSampler with the loader's shuffle and seed);
   * other loaders, and loaders that already have a sampler or batch sampler, are the user's to shard
   * and pass as they are.
   */
  shard(loader: Loader, shuffle: boolean): Loader {
    if (!(loader instanceof DataLoader) || loader.sampler !== null || loader.batchSampler !== null) return loader;
    const sampler = new DistributedSampler(loader.dataset as { length: number }, {
      numReplicas: this.worldSize, rank: this.rank, shuffle: shuffle && loader.shuffle, seed: loader.seed,
    });
    return loader.withSampler(sampler);
  }

  /** Sums each value over the ranks (one all-reduce for all of them, in float64). */
  sum(values: number[]): number[] {
    const t = tensor(values, { dtype: 'float64' });
    allReduce(t);
    const out = t.toArray() as number[];
    t.dispose();
    return out;
  }

  /** Waits for every rank. */
  barrier(): void {
    barrier();
  }

  /** Lets go of the model (its gradients no longer synchronised), keeping it. */
  release(): void {
    this.ddp.release();
  }
}
