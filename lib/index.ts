/**
 * torchts: train neural networks from Node.js and TypeScript on libtorch.
 *
 * ```ts
 * import { torch, nn } from 'torchts';
 * ```
 * @module torchts
 */
export * as torch from './torch.js';
export { TorchError, type TorchErrorCode } from './errors.js';
export { Tensor, type Scalar, type Dims, type NestedArray, type ToOptions } from './tensor/tensor.js';
export type { DType } from './tensor/dtype.js';
export type { Device } from './tensor/device.js';
export type { CreateOptions, TensorData } from './tensor/create.js';
export type { IndexItem } from './tensor/indexing.js';
export type { MemoryInfo } from './memory.js';
export type { Info } from './info.js';
export type { GradOptions } from './autograd.js';

/** Neural-network building blocks, as `torch.nn`: modules, layers, losses, `functional`, `init`, `utils`. */
export * as nn from './nn/index.js';
/** Automatic mixed precision: autocast, GradScaler, precision modes, dtype checks. */
export * as amp from './amp/index.js';
/** safetensors files and training checkpoints. */
export * as serialize from './serialize/index.js';
/** Datasets, the DataLoader, augmentation and multi-scale training. */
export * as data from './data/index.js';
/** The Trainer, callbacks and metrics. */
export * from './train/index.js';
/** Several processes and machines on c10d, as `torch.distributed`: process groups and collectives. */
export * as distributed from './distributed/index.js';
/** Serving: micro-batching of concurrent requests (`serve.BatchQueue`). */
export * as serve from './serve/index.js';
/** Optimizers, as `torch.optim`. */
export * as optim from './optim/index.js';
/** What `torchts lr-find <file>` reads: a JSON config, or a module exporting a setup. */
export type { LrFindConfig, LrFindSetup } from './cli/lr-find-setup.js';
