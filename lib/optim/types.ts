/**
 * What LR schedulers need of an optimizer. Optimizers implement it; schedulers depend only on it.
 * @module
 */

/** One parameter group's hyperparameters, readable and settable by schedulers. */
export interface ParamGroupOptions {
  /** Learning rate. */
  lr: number;
  /** The learning rate when the first scheduler was attached (PyTorch's `initial_lr`). */
  initialLr?: number;
  /** SGD/RMSprop momentum, cycled by OneCycleLR and CyclicLR when present. */
  momentum?: number;
  /** Adam-family betas; OneCycleLR and CyclicLR cycle `betas[0]` when present. */
  betas?: [number, number];
  [option: string]: unknown;
}

/** The optimizer surface schedulers use. */
export interface SchedulableOptimizer {
  /** Parameter groups with their hyperparameters. */
  readonly paramGroups: ParamGroupOptions[];
  /**
   * How many times `step()` was called, counting calls that a GradScaler skipped because of inf/NaN
   * gradients. A scheduler stepped while this is 0 warns once (it was called before the optimizer).
   */
  readonly stepAttempts: number;
}
