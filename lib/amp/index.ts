/**
 * `amp`: automatic mixed precision: autocast, GradScaler, precision modes and dtype checks.
 * @module
 */
export { autocast, isAutocastEnabled, getAutocastDtype, type AutocastOptions, type AutocastDevice } from './autocast.js';
export { GradScaler, type GradScalerOptions, type GradScalerState } from './grad-scaler.js';
export { Precision, PRECISION_MODES, type PrecisionMode } from './precision.js';
export { assertDtype, dtypeReport, checkStep, FLOAT16_MAX, type DtypeReport, type DtypeRow, type StepIssue, type StepReport, type CheckStepOptions } from './checks.js';
