/**
 * The Trainer, its callbacks and metrics.
 * @module
 */
export { Trainer, type TrainerOptions, type FitOptions } from './trainer.js';
export { History } from './history.js';
export { EarlyStopping, ModelCheckpoint, LearningRateMonitor, ProgressBar, CSVLogger, JSONLLogger, type Callback, type ModelCheckpointOptions } from './callbacks.js';
export { accuracy, topKAccuracy, type Metric } from './metrics.js';
export type { Batch, Loader, StepLog, EpochLog, TrainerLike } from './types.js';
