/**
 * Augmentations on batches of images `[N, C, H, W]`, made of libtorch ops, seeded per transform.
 * @module
 */
export { type Transform, type PairTransform, type RandomTransform, type RandomPairTransform, type RandomOptions } from './common.js';
export { normalize } from './normalize.js';
export { randomHorizontalFlip, randomVerticalFlip } from './flip.js';
export { randomCrop, type RandomCropOptions } from './random-crop.js';
export { randomResizedCrop, type RandomResizedCropOptions } from './random-resized-crop.js';
export { colorJitter, type ColorJitterOptions, type JitterStrength } from './color-jitter.js';
export { randomErasing, type RandomErasingOptions } from './random-erasing.js';
export { type MixOptions } from './mix-targets.js';
export { mixup } from './mixup.js';
export { cutmix } from './cutmix.js';
export { compose } from './compose.js';
export { multiScale, type MultiScale, type MultiScaleOptions, type MultiScaleSizes } from './multi-scale.js';
