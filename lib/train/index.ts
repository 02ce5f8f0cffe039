/**
 * The Trainer, its callbacks and metrics.
 * @module
 */
export { Trainer, type TrainerOptions, type FitOptions } from './trainer.js';
export { History } from './history.js';
export { TrainingJob, type TrainingJobOptions, type JobEvents } from './job.js';
export type { TrainingSetup } from './job-module.js';
export { EarlyStopping, ModelCheckpoint, LearningRateMonitor, ProgressBar, CSVLogger, JSONLLogger, type Callback, type ModelCheckpointOptions } from './callbacks.js';
export { accuracy, topKAccuracy, type Metric } from './metrics.js';
export { lrFind, suggestLr, type LrFindOptions, type LrFindResult, type LrFindStop, type LrSuggestions, type LrAnalysis } from './lr-find.js';
export { overfitBatch, type OverfitOptions, type OverfitResult } from './overfit.js';
export { diagnose, type DiagnoseOptions, type DiagnoseReport, type DiagnoseSection } from './diagnose.js';
export { svgChart, terminalChart, type ChartSpec, type ChartSeries, type ChartMarker } from './chart.js';
export type { Batch, Loader, LoaderInfo, PredictLoader, Prediction, StepLog, EpochLog, TrainerLike } from './types.js';
