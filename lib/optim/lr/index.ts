/**
 * Learning-rate schedulers (`optim.lr`), named and computed as in `torch.optim.lr_scheduler`, plus
 * {@link warmup} and {@link linearScaling}.
 *
 * ```ts
 * const sched = new optim.lr.OneCycleLR(opt, { maxLr: 3e-3, totalSteps: 10_000 });
 * for (const batch of loader) { train(batch); opt.step(); sched.step(); }
 * ```
 * @module
 */
export { LRScheduler, STEP_ORDER_WARNING, type LRSchedulerOptions, type SchedulerState, type JsonValue } from './scheduler.js';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './lambda-lr.js';
export { MultiplicativeLR, type MultiplicativeLROptions } from './multiplicative-lr.js';
export { StepLR, type StepLROptions } from './step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
export { ConstantLR, type ConstantLROptions } from './constant-lr.js';
export { LinearLR, type LinearLROptions } from './linear-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.js';
export { PolynomialLR, type PolynomialLROptions } from './polynomial-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from './cosine-annealing-warm-restarts.js';
export { OneCycleLR, type OneCycleLROptions, type OneCyclePhase } from './one-cycle-lr.js';
export { CyclicLR, type CyclicLROptions } from './cyclic-lr.js';
export { SequentialLR, type SequentialLROptions } from './sequential-lr.js';
export { ChainedScheduler } from './chained-scheduler.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type Metric } from './reduce-lr-on-plateau.js';
export { warmup, type WarmupOptions } from './warmup.js';
export { linearScaling, type LinearScaling, type LinearScalingOptions } from './linear-scaling.js';
