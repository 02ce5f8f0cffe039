/**
 * `linearScaling`: the learning rate for a new batch size, by the linear scaling rule.
 * @module
 */
import { checkOptions } from '../../errors.js';
import { checkInt, checkNumber } from '../../check.js';

/** Options of {@link linearScaling}. */
export interface LinearScalingOptions {
  /** A rate known to work at `baseBatchSize`. */
  baseLr: number;
  /** The batch size `baseLr` was tuned for. */
  baseBatchSize: number;
  /** The batch size to train with. */
  batchSize: number;
  /** Optimizer steps per epoch at `batchSize`; when given, the warmup is also suggested in steps. */
  stepsPerEpoch?: number;
  /** Epochs of warmup to suggest when the batch grows. Default 5 (Goyal et al.). */
  warmupEpochs?: number;
}

/** What {@link linearScaling} suggests. */
export interface LinearScaling {
  /** The scaled rate: `baseLr * batchSize / baseBatchSize`. */
  lr: number;
  /** The batch-size ratio k = `batchSize / baseBatchSize`. */
  scale: number;
  /** Suggested epochs of linear warmup: `warmupEpochs` (default 5) when the batch grows, else 0. */
  warmupEpochs: number;
  /** The warmup in optimizer steps (`ceil(warmupEpochs * stepsPerEpoch)`), when `stepsPerEpoch` is given. */
  warmupSteps?: number;
  /** A sentence that says what was done and why. */
  explanation: string;
}

/**
 * The linear scaling rule (Goyal et al., 2017, "Accurate, Large Minibatch SGD: Training ImageNet in
 * 1 Hour"): when the batch size is multiplied by k, multiply the learning rate by k, and warm up
 * gradually (they used 5 epochs) because the scaled rate is too high for the first steps. It holds
 * best for SGD with momentum, up to batches of several thousand; for Adam the square-root rule is
 * often better, so treat the result as a starting point for a range test.
 *
 * @example
 * ```ts
 * const s = optim.lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 1024, stepsPerEpoch: 1251 });
 * // s.lr 0.4, s.warmupSteps 6255
 * const opt = new optim.SGD(model.parameters(), { lr: s.lr, momentum: 0.9 });
 * const sched = optim.lr.warmup(opt, {
 *   steps: s.warmupSteps!,
 *   after: new optim.lr.CosineAnnealingLR(opt, { TMax: total - s.warmupSteps! }),
 * });
 * ```
 * @throws TypeError or RangeError naming a bad option.
 */
export function linearScaling(options: LinearScalingOptions): LinearScaling {
  const op = 'linearScaling';
  checkOptions(op, options, ['baseLr', 'baseBatchSize', 'batchSize', 'stepsPerEpoch', 'warmupEpochs']);
  const { baseLr, baseBatchSize, batchSize, stepsPerEpoch, warmupEpochs = 5 } = options ?? ({} as LinearScalingOptions);
  checkNumber(op, 'baseLr', baseLr, 'a positive number', (x) => x > 0 && Number.isFinite(x));
  checkInt(op, 'baseBatchSize', baseBatchSize, 'a positive integer', (x) => x > 0);
  checkInt(op, 'batchSize', batchSize, 'a positive integer', (x) => x > 0);
  if (stepsPerEpoch !== undefined) checkInt(op, 'stepsPerEpoch', stepsPerEpoch, 'a positive integer', (x) => x > 0);
  checkNumber(op, 'warmupEpochs', warmupEpochs, 'a non-negative number', (x) => x >= 0 && Number.isFinite(x));
  const scale = batchSize / baseBatchSize;
  const lr = (baseLr * batchSize) / baseBatchSize;
  const epochs = scale > 1 ? warmupEpochs : 0;
  const steps = stepsPerEpoch === undefined ? undefined : Math.ceil(epochs * stepsPerEpoch);
  const base = `Batch size ${baseBatchSize} → ${batchSize} (×${+scale.toPrecision(6)}): learning rate ${baseLr} → ${+lr.toPrecision(12)} by the linear scaling rule (Goyal et al., 2017).`;
  let explanation: string;
  if (epochs === 0) {
    explanation = `${base} ${scale > 1 ? 'No warmup was asked for (warmupEpochs 0).' : 'The batch does not grow, so no warmup is needed.'}`;
  } else {
    const inSteps = steps === undefined ? ' (give stepsPerEpoch to get it in steps)' : ` = ${steps} steps`;
    explanation =
      `${base} The scaled rate is too high for the first steps: warm up linearly over ${epochs} epochs${inSteps}, ` +
      `e.g. optim.lr.warmup(optimizer, { steps${steps === undefined ? '' : `: ${steps}`}, after }).`;
  }
  return steps === undefined
    ? { lr, scale, warmupEpochs: epochs, explanation }
    : { lr, scale, warmupEpochs: epochs, warmupSteps: steps, explanation };
}
