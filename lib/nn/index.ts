/**
 * `nn`: modules, layers, losses, initialisation and utilities, as in `torch.nn`.
 * @module
 */
export { Module, pytorchName, type ForwardHook, type ForwardPreHook, type LoadStateDictOptions, type LoadStateDictResult } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, Identity, Flatten, Unflatten, type LinearOptions } from './layers/linear.js';
export { Conv1d, Conv2d, ConvTranspose2d, type ConvLayerOptions, type ConvTransposeOptions } from './layers/conv.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, type BatchNormOptions } from './layers/norm.js';
export { SyncBatchNorm, type SyncBatchNormOptions } from './layers/sync-batch-norm.js';
export { ReLU, GELU, SiLU, Mish, LeakyReLU, ELU, Sigmoid, Tanh, Softmax, LogSoftmax } from './layers/activation.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pool.js';
export { Dropout, Dropout2d } from './layers/dropout.js';
export { Embedding } from './layers/embedding.js';
export { Sequential, ModuleList, ModuleDict } from './layers/container.js';
export { MultiheadAttention, type MultiheadAttentionOptions, type AttentionCallOptions } from './layers/attention.js';
export { TransformerEncoderLayer, type TransformerEncoderLayerOptions } from './layers/transformer.js';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, SigmoidFocalLoss } from './losses.js';
export type { FactoryOptions } from './layers/common.js';
export * as functional from './functional.js';
export * as init from './init.js';
export * as utils from './utils.js';
export * as parallel from './parallel/index.js';
