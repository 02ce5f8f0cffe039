/**
 * `optim`: optimizers (one native call per step) and, under `optim.lr`, LR schedulers.
 * @module
 */
export { Optimizer, type ParamGroup, type Params, type ParamState, type OptimizerStateDict } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export type { ParamGroupOptions, SchedulableOptimizer } from './types.js';
export * as lr from './lr/index.js';
