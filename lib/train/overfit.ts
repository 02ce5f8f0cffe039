/**
 * The first sanity check of the field (docs/architecture.md): a model must be able to overfit one small batch.
 * If it cannot drive the loss towards zero on a handful of samples, something is broken before any
 * tuning matters.
 * @module
 */
import type { PrecisionMode } from '../amp/precision.js';
import { checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { tidy } from '../tensor/scope.js';
import { formatNumber, svgChart, terminalChart, type ChartSpec } from './chart.js';
import { checkLoader, checkTrainerArg } from './batch.js';
import { probe, takeBatches } from './lr-find.js';
import type { Trainer } from './trainer.js';
import type { Batch, Loader } from './types.js';

/** Options of {@link overfitBatch}. */
export interface OverfitOptions {
  /** How many of the loader's first batches make the subset. Default 1. */
  batches?: number;
  /** Keep only the first `batchSize` samples of each batch (1 is the fastest check). Default: whole batches. */
  batchSize?: number;
  /** The most optimizer steps to train. Default 200. */
  steps?: number;
  /**
   * The loss that counts as "approaching zero". Default: 0.05 when the targets are integer class
   * indices (classification: a cross-entropy below 0.05 means about 95% probability on every right
   * class), else 5% of the first step's loss. A loss with a floor above zero (label smoothing,
   * regularisation terms) needs an explicit value.
   */
  targetLoss?: number;
  /** Train at this learning rate (every parameter group) instead of the optimizer's; restored afterwards. */
  lr?: number;
  /** Aborting ends the check after the current step (it then fails, saying so). */
  signal?: AbortSignal;
}

/** What {@link overfitBatch} returns. */
export interface OverfitResult {
  /** Whether the loss reached `targetLoss`. */
  passed: boolean;
  /** The loss of the first step, before any update. */
  firstLoss: number;
  /** The loss of the last step taken. */
  finalLoss: number;
  /** The target used (given, or the default rule's). */
  targetLoss: number;
  /** Optimizer steps taken (the check stops as soon as the target is reached). */
  steps: number;
  /** Samples in the subset. */
  samples: number;
  /** The loss of each step (the mean over its micro-batches). */
  curve: number[];
  /** In plain words: what happened and, on failure, the likely causes. */
  message: string;
  /** The curve as an SVG document, with the target as a dashed line. */
  svg(): string;
  /** The curve as a terminal chart. */
  plot(): string;
}

/** @internal {@link overfitBatch} in a given precision mode (diagnose's `precision`). */
export async function runOverfit(trainer: Trainer, loader: Loader, options: OverfitOptions,
  precision: PrecisionMode): Promise<OverfitResult> {
  const op = 'overfitBatch';
  checkOptions(op, options, ['batches', 'batchSize', 'steps', 'targetLoss', 'lr', 'signal']);
  const intAtLeast1 = (name: string, v: unknown) => {
    if (!isInt(v)) invalidArg(op, name, 'an integer', v);
    if (v < 1) outOfRange(op, name, 'at least 1', v);
    return v;
  };
  const batches = intAtLeast1('batches', options.batches ?? 1);
  const batchSize = options.batchSize === undefined ? undefined : intAtLeast1('batchSize', options.batchSize);
  const maxSteps = intAtLeast1('steps', options.steps ?? 200);
  for (const name of ['targetLoss', 'lr'] as const) {
    const v = options[name];
    if (v === undefined) continue;
    if (typeof v !== 'number') invalidArg(op, name, 'a number', v);
    if (!(v > 0 && Number.isFinite(v))) outOfRange(op, name, 'a positive finite number', v);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) invalidArg(op, 'signal', 'an AbortSignal', options.signal);
  checkLoader(op, 'loader', loader);

  const subset = await takeBatches(loader, batches, op, batchSize);
  try {
    const samples = subset.reduce((n, [x]) => n + (x.shape[0] ?? 1), 0);
    const perBatch = subset[0][0].shape[0] ?? 1;
    const acc = trainer.accumulateGradBatches;
    if (acc * perBatch > samples) {
      throw new RangeError(`${op}(): accumulateGradBatches (${acc}) × batch size (${perBatch}) = ${acc * perBatch} exceeds the ${samples} ` +
        `sample${samples > 1 ? 's' : ''} of the subset (${batches} batch${batches > 1 ? 'es' : ''}${batchSize ? ` cut to ${batchSize}` : ''}): ` +
        `one optimizer step would need more micro-batches than the subset holds. When checking that a model can overfit, ` +
        `accumulate × batch must not exceed the number of samples: pass batches: ${acc} (or more).`);
    }
    const classification = !subset[0][1].isFloatingPoint();
    let target = options.targetLoss ?? NaN;
    const curve: number[] = [];
    async function* repeat(): AsyncGenerator<Batch> {
      for (;;) for (const [x, y] of subset) yield [x.detach(), y.detach()];
    }
    const run = await probe(trainer, {
      op, batches: repeat(), maxSteps, accumulate: acc, precision, signal: options.signal,
      beforeStep: (i) => {
        if (i === 0 && options.lr !== undefined) for (const g of trainer.optimizer.paramGroups) g.lr = options.lr;
      },
      afterStep: (i, loss) => {
        curve.push(loss);
        if (i === 0 && options.targetLoss === undefined) target = classification ? 0.05 : 0.05 * loss;
        if (!Number.isFinite(loss)) return 'non-finite';
        return loss <= target ? 'reached' : null;
      },
    });
    const firstLoss = curve[0] ?? NaN;
    const finalLoss = curve.at(-1) ?? NaN;
    const passed = finalLoss <= target;
    const lr = options.lr ?? trainer.optimizer.paramGroups[0].lr;
    const message = describeOutcome({ passed, firstLoss, finalLoss, target, steps: curve.length, samples, curve, lr, aborted: run.aborted,
      classification, targetGiven: options.targetLoss !== undefined });
    const spec = (): ChartSpec => ({
      title: `Overfitting ${samples} sample${samples > 1 ? 's' : ''}: ${passed ? 'passed' : 'failed'}`, xLabel: 'step', yLabel: 'loss',
      series: [{ name: 'loss', x: curve.map((_, i) => i + 1), y: curve }],
      hlines: Number.isFinite(target) ? [{ y: target, label: `target ${formatNumber(target)}` }] : [],
    });
    return {
      passed, firstLoss, finalLoss, targetLoss: target, steps: curve.length, samples, curve, message,
      svg: () => svgChart(spec()),
      plot: () => terminalChart(spec()),
    };
  } finally {
    for (const [x, y] of subset) tidy(() => [x.dispose(), y.dispose()]);
  }
}

function describeOutcome(r: { passed: boolean; firstLoss: number; finalLoss: number; target: number; steps: number; samples: number;
  curve: number[]; lr: number; aborted: boolean; classification: boolean; targetGiven: boolean }): string {
  const f = formatNumber;
  const on = `on ${r.samples} sample${r.samples > 1 ? 's' : ''}`;
  const rule = r.targetGiven ? '' : r.classification ? ' (the default for class-index targets)' : ' (the default: 5% of the first loss)';
  if (r.passed) {
    return `Passed: the loss fell from ${f(r.firstLoss)} to ${f(r.finalLoss)}, below the target ${f(r.target)}${rule}, in ${r.steps} steps ${on}: ` +
      'the model, the loss and the data work together.';
  }
  const causes = (lead: string[]) => ` Likely causes: ${lead.join('; ')}.`;
  const model = 'a bug in the model (its output does not depend on the input: check forward(), detached tensors, frozen parameters)';
  const loss = 'a bug in the loss (it does not match the output: softmax before crossEntropy, or a target of the wrong kind)';
  const data = 'a bug in the data (targets that do not belong to their inputs)';
  const low = `a learning rate too low (${f(r.lr)}: try ${f(r.lr * 10)}, or run lrFind())`;
  const high = `a learning rate too high (${f(r.lr)}: try ${f(r.lr / 10)})`;
  if (r.aborted) return `Not finished: aborted after ${r.steps} steps ${on}, at loss ${f(r.finalLoss)} (target ${f(r.target)}).`;
  if (!Number.isFinite(r.finalLoss)) {
    return `Failed: the loss became ${r.finalLoss} at step ${r.steps} ${on}.` +
      causes([high, 'inf/NaN in the model or the loss (run amp.checkStep to find the first module)']);
  }
  const tail = r.curve.slice(Math.floor(r.curve.length * 0.8));
  const plateau = tail.length > 1 && Math.abs(tail[0] - tail[tail.length - 1]) <= 0.01 * Math.abs(tail[0]);
  const head = `Failed: after ${r.steps} steps ${on} the loss is ${f(r.finalLoss)} (it started at ${f(r.firstLoss)}; target ${f(r.target)}${rule})`;
  if (r.finalLoss > r.firstLoss) return `${head}: it rose, so training is unstable.${causes([high, loss, model])}`;
  if (r.finalLoss > 0.9 * r.firstLoss) return `${head}: it barely moved.${causes([model, loss, low, data])}`;
  if (plateau) {
    return `${head}: it levelled off well above zero, so the model cannot memorise these samples.` +
      causes([model, data, loss, 'a loss whose minimum is above zero (label smoothing, regularisation): pass targetLoss']);
  }
  return `${head}: it was still falling, so more steps or a higher learning rate may pass.${causes([low, model, data])}`;
}

/**
 * Checks that the model can overfit a tiny fixed subset: the first `batches` batches of `loader`
 * (only the first `batchSize` samples of each when given; batch size 1 is the fastest check, though
 * BatchNorm needs two), trained on repeatedly for up to `steps` optimizer steps with the Trainer's
 * optimizer, loss, precision, accumulation and clipping. It passes when the loss reaches `targetLoss`
 * (see {@link OverfitOptions.targetLoss} for the default rule) and stops there. A model that cannot
 * memorise a few samples has a bug in the model, the loss or the data, or a learning rate far off;
 * the message names the likely ones from the shape of the curve.
 *
 * `accumulateGradBatches × batch size` must not exceed the samples of the subset (else a step would
 * need more micro-batches than there are): that is checked first. Afterwards the model, the optimizer
 * and the CPU and CUDA generators are restored exactly, so the check can run before a real `fit`.
 *
 * @throws RangeError when accumulate × batch size exceeds the subset, or the loader has fewer than
 * `batches` batches; TorchError when it has none, or the dtypes fail the Trainer's `checkDtypes`;
 * TypeError or RangeError for a bad option, naming it.
 * @example
 * ```ts
 * const check = await trainer.overfitBatch(trainLoader, { batchSize: 2, steps: 300 });
 * if (!check.passed) console.log(check.message + '\n' + check.plot());
 * ```
 */
export async function overfitBatch(trainer: Trainer, loader: Loader, options: OverfitOptions = {}): Promise<OverfitResult> {
  checkTrainerArg('overfitBatch', trainer);
  return runOverfit(trainer, loader, options, trainer.precision.mode);
}
