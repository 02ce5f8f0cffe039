/**
 * The data pipeline, as `torch.utils.data` and the parts of torchvision a training loop needs:
 * datasets, the DataLoader, real datasets (MNIST, Fashion-MNIST, image folders) and batch
 * augmentations.
 *
 * ```ts
 * import { data } from 'torchts';
 * const train = new data.FashionMNIST({ train: true });
 * const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
 * const augment = data.compose([data.randomCrop(28, { padding: 2 }), data.randomHorizontalFlip()]);
 * for await (const [x, y] of loader) { ... }
 * ```
 * @module
 */
export { Dataset, IterableDataset, type DatasetLike } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { Subset } from './subset.js';
export { randomSplit, type RandomSplitOptions } from './random-split.js';
export { defaultCollate, type Collated, type CollateFn } from './collate.js';
export { DataLoader, type DataLoaderOptions, type DataLoaderState } from './dataloader.js';
export { DistributedSampler, type DistributedSamplerOptions } from './distributed-sampler.js';
export { BatchSampler, type BatchSamplerLike, RandomSampler, type Sampler, SequentialSampler, SubsetRandomSampler, WeightedRandomSampler } from './samplers.js';
export { disposeBatch } from './tree.js';
export { Generator, type GeneratorState } from './generator.js';
export { MNIST, FashionMNIST, type MNISTOptions } from './mnist.js';
export { ImageFolder, IMAGE_EXTENSIONS, type ImageFolderOptions } from './image-folder.js';
export { readImage, type ReadImageOptions, type ImageSize } from './image.js';
export { readIdx } from './idx.js';
export * from './transforms/index.js';
