/**
 * The learning-rate range test (Smith 2015; fastai's and Lightning's `lr_find`): raise the learning
 * rate exponentially over a short run, record the loss, and suggest a rate from the curve.
 *
 * Also home of the machinery the tuning tools share: a short training run of the Trainer's own `fit`
 * on a stand-in Trainer that shares the model and optimizer (so precision, accumulation, clipping and
 * batch transforms are exactly fit's), after which the model, the optimizer and the generator are put
 * back as they were.
 * @module
 */
import type { PrecisionMode } from '../amp/precision.js';
import { checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import { getCudaRngStateAll, getRngState, setCudaRngStateAll, setRngState } from '../serialize/checkpoint.js';
import { keep, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import type { Callback } from './callbacks.js';
import { type ChartSpec, formatNumber, svgChart, terminalChart } from './chart.js';
import { Trainer, nameOperation } from './trainer.js';
import { batchParts, checkLoader, emptyLoaderError, checkTrainerArg } from './batch.js';
import type { Batch, Loader } from './types.js';

/** Options of {@link lrFind}. */
export interface LrFindOptions {
  /** The first learning rate. Default 1e-7. */
  minLr?: number;
  /** The last learning rate. Default 10. */
  maxLr?: number;
  /** Optimizer steps; step i uses `minLr · (maxLr / minLr)^(i / (steps − 1))`. Default 100. */
  steps?: number;
  /** β of the loss's exponential moving average, bias-corrected as fastai does; 0 turns smoothing off. Default 0.98. */
  smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of its best value (for positive losses). Default 4; Infinity never stops. */
  divergeThreshold?: number;
  /** Micro-batches per step. Default: the Trainer's `accumulateGradBatches`. */
  accumulate?: number;
  /** Aborting ends the test after the current step; the model and optimizer are restored and the partial result returned. */
  signal?: AbortSignal;
}

/** The three suggestion rules of {@link lrFind}. */
export interface LrSuggestions {
  /** The learning rate where the smoothed loss falls fastest against log(lr). */
  steepest: number;
  /** fastai's valley rule: a point in the longest stretch of falling loss. */
  valley: number;
  /** A tenth of the learning rate at the lowest smoothed loss. */
  minimumDiv10: number;
}

/** What {@link suggestLr} finds in a range-test curve. */
export interface LrAnalysis {
  /** The valley suggestion (see {@link lrFind} for why). NaN when the curve has fewer than two usable points. */
  suggestion: number;
  /** What each rule suggests: steepest, valley, minimumDiv10 (NaN when the curve is too short). */
  suggestions: LrSuggestions;
  /** The learning rate and smoothed loss at the curve's minimum (NaN when the curve is too short). */
  minimum: {
    /** The learning rate at the lowest smoothed loss. */
    lr: number;
    /** That lowest smoothed loss. */
    loss: number;
  };
  /** One plain sentence per rule explaining its choice. */
  reasoning: string[];
}

/** Why a range test ended. */
export type LrFindStop = 'completed' | 'diverged' | 'non-finite' | 'aborted';

/** What {@link lrFind} returns. */
export interface LrFindResult extends LrAnalysis {
  /** The learning rate of each optimizer step taken. */
  lrs: number[];
  /** The loss of each step (the mean over its micro-batches). */
  losses: number[];
  /** The bias-corrected exponential moving average of `losses`. */
  smoothed: number[];
  /** Why the test ended: all steps ran, the smoothed loss diverged, a loss was not finite, or the signal aborted it. */
  stopReason: LrFindStop;
  /** The Trainer's practitioner warnings for this loader and configuration, as `fit` gives them. */
  warnings: string[];
  /** The curve as an SVG document, with the suggestions marked. */
  svg(): string;
  /** The curve as a terminal chart (x = log10 lr), with the suggestions marked. */
  plot(): string;
}

// ---------------------------------------------------------------------------------------------
// Shared by the tuning tools.

/**
 * @internal Batches of `loader`, over and over: the loader is iterated again whenever it runs out.
 * Batches of an array belong to the caller, so they are handed on as new handles to the same memory,
 * which the Trainer may release; batches of other loaders are handed on as they are (the Trainer owns them).
 */
export async function* cycleBatches(loader: Loader, op: string): AsyncGenerator<Batch> {
  const borrowed = Array.isArray(loader);
  for (;;) {
    let count = 0;
    for await (const batch of loader as AsyncIterable<Batch>) {
      count++;
      if (!borrowed) yield batch;
      else {
        const { input, target } = batchParts(batch);
        yield [input.detach(), target.detach()];
      }
    }
    if (count === 0) throw emptyLoaderError(op, 'loader');
  }
}

/**
 * @internal Runs `fn`, then puts a loader that can save its position (a DataLoader's `state()` and
 * `loadState()`) back where it was: iterating advances a DataLoader's epoch, and a tool should not.
 */
export async function keepingLoaderState<T>(loader: Loader, fn: () => Promise<T>): Promise<T> {
  const l = loader as { state?: () => unknown; loadState?: (s: unknown) => void };
  const saved = typeof l.state === 'function' && typeof l.loadState === 'function' ? l.state() : undefined;
  try {
    return await fn();
  } finally {
    if (saved !== undefined) l.loadState!(saved);
  }
}

/** @internal Takes the first batch(es) of a loader as tensors of our own, releasing batches the loader handed over. */
export async function takeBatches(loader: Loader, count: number, op: string, samples?: number): Promise<[Tensor, Tensor][]> {
  const owned = !Array.isArray(loader);
  const taken: [Tensor, Tensor][] = [];
  try {
    await keepingLoaderState(loader, async () => {
      for await (const batch of loader as AsyncIterable<Batch>) {
        const { input, target } = batchParts(batch);
        taken.push(tidy(() => {
          const cut = (t: Tensor) => (samples !== undefined && t.shape[0] > samples ? t.narrow(0, 0, samples) : t);
          return [keep(cut(input).clone()), keep(cut(target).clone())];
        }));
        if (owned) tidy(() => [input.dispose(), target.dispose()]);
        if (taken.length === count) break;
      }
    });
  } catch (e) {
    for (const [x, y] of taken) tidy(() => [x.dispose(), y.dispose()]);
    throw e;
  }
  if (taken.length === 0) throw emptyLoaderError(op, 'loader');
  if (taken.length < count) {
    for (const [x, y] of taken) tidy(() => [x.dispose(), y.dispose()]);
    outOfRange(op, 'batches', `at most the ${taken.length} batch(es) the loader yields`, count);
  }
  return taken;
}

/** Everything a probe run changes, saved before it starts. */
interface Snapshot {
  model: Record<string, Tensor>;
  optimizer: OptimizerStateDict;
  stepAttempts: number;
  rng: Tensor;
  cudaRng: Tensor[];
  training: boolean[];
  grads: (Tensor | null)[];
}

function takeSnapshot(trainer: Trainer, training: boolean[]): Snapshot {
  const { model, optimizer } = trainer;
  return tidy(() => {
    const sd = optimizer.stateDict();
    const state = Object.fromEntries(Object.entries(sd.state).map(([i, s]) =>
      [i, Object.fromEntries(Object.entries(s).map(([k, t]) => [k, keep(t.clone())]))]));
    return {
      model: Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, keep(t.clone())])),
      optimizer: { state, paramGroups: structuredClone(sd.paramGroups) },
      stepAttempts: optimizer.stepAttempts,
      rng: keep(getRngState()),
      cudaRng: getCudaRngStateAll().map(keep),
      training,
      grads: model.parameters().map((p) => { const g = p.grad; return g && keep(g); }),
    };
  });
}

function restoreSnapshot(trainer: Trainer, s: Snapshot): void {
  const { model, optimizer } = trainer;
  model.loadStateDict(s.model);
  optimizer.loadStateDict(s.optimizer);
  optimizer.stepAttempts = s.stepAttempts;
  setRngState(s.rng);
  setCudaRngStateAll(s.cudaRng);
  model.modules().forEach((m, i) => { m.training = s.training[i]; });
  model.parameters().forEach((p, i) => { p.grad = s.grads[i]; });
  tidy(() => [...Object.values(s.model), ...Object.values(s.optimizer.state).flatMap((st) => Object.values(st)), s.rng, ...s.cudaRng,
    ...s.grads.filter((g): g is Tensor => g !== null)].forEach((t) => t.dispose()));
}

/** @internal What {@link probe} runs. */
export interface ProbeOptions {
  /** The tool running the probe, named in the stand-in's errors ('lrFind', 'overfitBatch'). */
  op: string;
  /** Batches to train on (an endless stream: the run ends after `maxSteps` steps or when `afterStep` says so). */
  batches: AsyncIterable<Batch>;
  /** Loader facts passed on to fit's practitioner checks (`batchSize`, `dataset`); leave out to skip them. */
  loaderInfo?: Pick<Loader, 'batchSize' | 'dataset'>;
  maxSteps: number;
  accumulate: number;
  precision: PrecisionMode;
  signal?: AbortSignal;
  /** Called before step `i`'s micro-batches (e.g. to set learning rates). */
  beforeStep?(i: number): void;
  /** Called after step `i` with the mean loss of its micro-batches; a returned string stops the run. */
  afterStep(i: number, loss: number): string | null;
}

/**
 * @internal Trains for a few steps with the Trainer's own `fit`, on a stand-in Trainer sharing the
 * model and the optimizer (with the Trainer's loss, clipping, batch transform and device, no
 * scheduler, no callbacks but ours, a fresh GradScaler in '16-mixed', and non-finite losses skipped
 * rather than thrown), then restores the model's parameters, buffers, gradients and train/eval modes,
 * the optimizer's state and options, and the CPU and CUDA generators, bit for bit. The Trainer itself, its
 * scheduler and its GradScaler are never touched. The state is saved once `fit` has admitted the run,
 * so a probe refused because the model is being fitted changes nothing.
 */
export async function probe(trainer: Trainer, o: ProbeOptions): Promise<{ aborted: boolean; warnings: string[] }> {
  let snapshot: Snapshot | null = null;
  const restore = () => {
    if (snapshot === null) return;
    const s = snapshot;
    snapshot = null;
    restoreSnapshot(trainer, s);
  };
  let steps = 0;
  let sum = 0;
  let count = 0;
  const opts = trainer.options;
  const training = trainer.model.modules().map((m) => m.training); // before fit switches the model to training mode
  const stand: Trainer = new Trainer({
    model: trainer.model, optimizer: trainer.optimizer, loss: opts.loss, precision: o.precision, accumulateGradBatches: o.accumulate,
    gradientClipVal: opts.gradientClipVal, gradientClipAlgorithm: opts.gradientClipAlgorithm, device: trainer.device,
    batchTransform: opts.batchTransform, referenceBatchSize: opts.referenceBatchSize, nonFiniteLoss: 'skip', checkDtypes: opts.checkDtypes,
    callbacks: [{
      onTrainStart: () => {
        snapshot = takeSnapshot(trainer, training);
        o.beforeStep?.(0);
      },
      onBatchEnd: (_t, log) => {
        sum += log.loss;
        count++;
        if (!log.optimizerStep) return;
        const reason = o.afterStep(steps, sum / count);
        steps++;
        sum = 0;
        count = 0;
        if (reason !== null) stand.stop(reason);
        else if (steps < o.maxSteps) o.beforeStep?.(steps);
      },
      onTrainEnd: restore, // while fit still holds the model
    } satisfies Callback],
  });
  nameOperation(stand, o.op);
  const stream: Loader = Object.assign({ [Symbol.asyncIterator]: () => o.batches[Symbol.asyncIterator]() }, o.loaderInfo ?? {});
  try {
    const history = await stand.fit(stream, { maxSteps: o.maxSteps, signal: o.signal });
    return { aborted: history.aborted, warnings: [...history.warnings] };
  } finally {
    restore();
  }
}

// ---------------------------------------------------------------------------------------------
// The range test.

const e1 = (v: number) => v.toExponential(1).replace('e+', 'e');

/**
 * The suggestion rules of fastai's `lr_find`, applied to a range-test curve (learning rates rising
 * geometrically, and the smoothed loss at each). As fastai does, the first `skipStart` and the last
 * `skipEnd` points are left out (the start is noise, the end is divergence), and so is everything from
 * the first non-finite loss on; when that leaves fewer than two points, every finite point is used.
 *
 * - `steepest`: the learning rate at the most negative slope of the loss against log(lr).
 * - `valley`: fastai's valley rule: the longest decreasing run of the loss (by a longest-decreasing-
 *   subsequence count, as fastai computes it), and the point ⌊L/3⌋ + ⌊L/6⌋ into it, about halfway.
 * - `minimumDiv10`: a tenth of the learning rate at the lowest loss (kept within `[minLr, maxLr]`).
 *
 * @example
 * ```ts
 * const { suggestion, reasoning } = suggestLr(result.lrs, result.smoothed);
 * ```
 */
export function suggestLr(lrs: number[], smoothed: number[],
  options: { skipStart?: number; skipEnd?: number; minLr?: number; maxLr?: number } = {}): LrAnalysis {
  checkOptions('suggestLr', options, ['skipStart', 'skipEnd', 'minLr', 'maxLr']);
  if (!Array.isArray(lrs) || !Array.isArray(smoothed) || lrs.length !== smoothed.length) {
    invalidArg('suggestLr', 'lrs and smoothed', 'two arrays of the same length', smoothed);
  }
  const n = lrs.length;
  const skipStart = options.skipStart ?? Math.floor(n / 10);
  const skipEnd = options.skipEnd ?? 5;
  const minLr = options.minLr ?? Math.min(...lrs);
  const maxLr = options.maxLr ?? Math.max(...lrs);
  const firstBad = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (!Number.isFinite(smoothed[i]) || !(lrs[i] > 0)) return i;
    return to;
  };
  let lo = skipStart;
  let hi = firstBad(lo, n - skipEnd);
  const reasoning: string[] = [];
  if (hi - lo >= 2) {
    reasoning.push(`Used ${hi - lo} of ${n} points, leaving out the first ${lo} (noise) and the last ${n - hi} (divergence), as fastai does.`);
  } else {
    lo = 0;
    hi = firstBad(0, n);
    reasoning.push(`Only ${n} points were recorded, too few to leave any out: used all ${hi} finite ones.`);
  }
  const none = { suggestion: NaN, suggestions: { steepest: NaN, valley: NaN, minimumDiv10: NaN }, minimum: { lr: NaN, loss: NaN } };
  if (hi - lo < 2) {
    reasoning.push('Fewer than two finite points: no learning rate can be suggested. Lower minLr, or check the model with overfitBatch().');
    return { ...none, reasoning };
  }
  const lr = lrs.slice(lo, hi);
  const loss = smoothed.slice(lo, hi);
  const m = lr.length;

  // steepest
  let best = 0;
  let bestSlope = Infinity;
  for (let i = 0; i < m - 1; i++) {
    const slope = (loss[i + 1] - loss[i]) / (Math.log10(lr[i + 1]) - Math.log10(lr[i]));
    if (slope < bestSlope) [best, bestSlope] = [i, slope];
  }
  const steepest = lr[best];
  reasoning.push(bestSlope < 0
    ? `steepest: the smoothed loss falls fastest at lr=${e1(steepest)} (slope ${bestSlope.toPrecision(2)} per decade of learning rate).`
    : `steepest: the smoothed loss never falls; it rises least at lr=${e1(steepest)} (slope +${bestSlope.toPrecision(2)} per decade), ` +
      'so the model may not be learning, or minLr is already too high.');

  // valley, exactly as fastai computes it (including where it updates the run's start)
  const lds = Array<number>(m).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < m; i++) {
    for (let j = 0; j < i; j++) {
      if (loss[i] < loss[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  // fastai indexes from the end when the run starts at the very first point (index -1); keep to the start instead.
  const vi = Math.max(0, maxStart + Math.floor(sections) + Math.floor(sections / 2));
  const valley = lr[vi];
  reasoning.push(maxEnd > maxStart
    ? `valley: the longest stretch of falling loss runs from lr=${e1(lr[Math.max(0, maxStart)])} to lr=${e1(lr[maxEnd])} (${lds[maxEnd]} decreasing points); ` +
      `fastai's rule takes the point about halfway into it, lr=${e1(valley)}.`
    : `valley: the loss never falls, so there is no valley; the rule falls back to the first point, lr=${e1(valley)}.`);

  // minimum / 10
  let mi = 0;
  for (let i = 1; i < m; i++) if (loss[i] < loss[mi]) mi = i;
  const raw = lr[mi] / 10;
  const minimumDiv10 = Math.min(maxLr, Math.max(minLr, raw));
  reasoning.push(`minimumDiv10: the smoothed loss is lowest (${formatNumber(loss[mi])}) at lr=${e1(lr[mi])}; a tenth of that is ${e1(raw)}` +
    (raw < minLr ? `, below minLr, so ${e1(minLr)} is given: lower minLr to see where the loss starts to fall.` : '.'));

  reasoning.push(`suggestion: the valley, lr=${e1(valley)}, as fastai suggests by default: it lies inside a long stretch of steady ` +
    'descent, so one noisy drop cannot move it as it moves the steepest point, and it is less timid than minimum/10.');
  return { suggestion: valley, suggestions: { steepest, valley, minimumDiv10 }, minimum: { lr: lr[mi], loss: loss[mi] }, reasoning };
}

function checkPositive(op: string, name: string, v: unknown, allowInfinity = false): number {
  if (typeof v !== 'number' || Number.isNaN(v)) invalidArg(op, name, 'a number', v);
  if (!(v > 0) || (!allowInfinity && !Number.isFinite(v))) outOfRange(op, name, allowInfinity ? 'a positive number' : 'a positive finite number', v);
  return v;
}

/** @internal {@link lrFind} in a given precision mode (diagnose's `precision`). */
export async function runLrFind(trainer: Trainer, loader: Loader, options: LrFindOptions, precision: PrecisionMode): Promise<LrFindResult> {
  const op = 'lrFind';
  checkOptions(op, options, ['minLr', 'maxLr', 'steps', 'smoothing', 'divergeThreshold', 'accumulate', 'signal']);
  const minLr = checkPositive(op, 'minLr', options.minLr ?? 1e-7);
  const maxLr = checkPositive(op, 'maxLr', options.maxLr ?? 10);
  if (!(maxLr > minLr)) outOfRange(op, 'maxLr', `greater than minLr (${minLr})`, maxLr);
  const steps = options.steps ?? 100;
  if (!isInt(steps)) invalidArg(op, 'steps', 'an integer', steps);
  if (steps < 2) outOfRange(op, 'steps', 'at least 2', steps);
  const beta = options.smoothing ?? 0.98;
  if (typeof beta !== 'number') invalidArg(op, 'smoothing', 'a number', beta);
  if (!(beta >= 0 && beta < 1)) outOfRange(op, 'smoothing', 'in [0, 1)', beta);
  const threshold = checkPositive(op, 'divergeThreshold', options.divergeThreshold ?? 4, true);
  if (!(threshold > 1)) outOfRange(op, 'divergeThreshold', 'greater than 1', threshold);
  const accumulate = options.accumulate ?? trainer.accumulateGradBatches;
  if (!isInt(accumulate) || accumulate < 1) invalidArg(op, 'accumulate', 'a positive integer', accumulate);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) invalidArg(op, 'signal', 'an AbortSignal', options.signal);
  checkLoader(op, 'loader', loader);

  const lrAt = (i: number) => minLr * (maxLr / minLr) ** (i / (steps - 1));
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  let avg = 0;
  let best = Infinity;
  let stop: LrFindStop = 'completed';
  const run = await keepingLoaderState(loader, () => probe(trainer, {
    op, batches: cycleBatches(loader, op), loaderInfo: { batchSize: loader.batchSize, dataset: loader.dataset },
    maxSteps: steps, accumulate, precision, signal: options.signal,
    beforeStep: (i) => { for (const g of trainer.optimizer.paramGroups) g.lr = lrAt(i); },
    afterStep: (i, loss) => {
      lrs.push(lrAt(i));
      losses.push(loss);
      avg = beta * avg + (1 - beta) * loss;
      const s = avg / (1 - beta ** (i + 1));
      smoothed.push(s);
      if (!Number.isFinite(s)) return (stop = 'non-finite');
      best = Math.min(best, s);
      if (best > 0 && s > threshold * best) return (stop = 'diverged');
      return null;
    },
  }));
  if (run.aborted) stop = 'aborted';
  const n = lrs.length;
  const last = n ? e1(lrs[n - 1]) : e1(minLr);
  const why = {
    completed: `Ran all ${steps} steps, from lr=${e1(minLr)} to lr=${e1(maxLr)}.`,
    diverged: `Stopped after ${n} of ${steps} steps, at lr=${last}: the smoothed loss (${formatNumber(smoothed[n - 1])}) passed ${threshold} × its best ` +
      `(${formatNumber(best)}), so training had diverged.`,
    'non-finite': `Stopped after ${n} of ${steps} steps, at lr=${last}: the loss became ${losses[n - 1]}.`,
    aborted: `Aborted after ${n} of ${steps} steps, at lr=${last}; the suggestions use the steps taken.`,
  }[stop];
  const analysis = suggestLr(lrs, smoothed, { skipStart: Math.floor(steps / 10), skipEnd: 5, minLr, maxLr });
  const spec = (): ChartSpec => {
    const s = analysis.suggestions;
    const upToMin = smoothed.slice(0, Math.max(1, smoothed.indexOf(analysis.minimum.loss) + 1)).filter(Number.isFinite);
    const near = (lr: number) =>
      smoothed[lrs.reduce((bi, v, i) => (Math.abs(Math.log(v / lr)) < Math.abs(Math.log(lrs[bi] / lr)) ? i : bi), 0)];
    return {
      title: `Learning-rate range test: suggestion ${e1(analysis.suggestion)} (valley)`, xLabel: 'learning rate', yLabel: 'loss', logX: true,
      series: [{ name: 'loss', x: lrs, y: losses, style: 'faint' }, { name: 'smoothed loss', x: lrs, y: smoothed }],
      markers: Number.isFinite(analysis.suggestion) ? [
        { x: s.valley, y: near(s.valley), label: `valley ${e1(s.valley)}` },
        { x: s.steepest, y: near(s.steepest), label: `steepest ${e1(s.steepest)}` },
        { x: s.minimumDiv10, label: `minimum/10 ${e1(s.minimumDiv10)}` },
      ] : [],
      yClip: upToMin.length ? Math.max(...upToMin) * 1.25 : undefined,
    };
  };
  return {
    lrs, losses, smoothed, stopReason: stop, warnings: run.warnings, ...analysis, reasoning: [why, ...analysis.reasoning],
    svg: () => svgChart(spec()),
    plot: () => terminalChart(spec()),
  };
}

/**
 * The learning-rate range test: trains one optimizer step per learning rate, raising it geometrically
 * from `minLr` to `maxLr` (step i uses `minLr · (maxLr / minLr)^(i / (steps − 1))` in every parameter
 * group), on successive batches of `loader` (iterated again when it runs out), and records the loss of
 * each step, raw and smoothed by a bias-corrected exponential moving average. It stops early when the
 * smoothed loss exceeds `divergeThreshold` × its best, or is not finite.
 *
 * Each step is a step of the Trainer's own `fit`: its precision (autocast, and a fresh GradScaler in
 * '16-mixed'), `accumulateGradBatches` micro-batches per step with each loss divided by the window
 * size, clipping and batch transform. Afterwards the model (parameters, buffers, gradients, train/eval
 * modes), the optimizer (state, learning rates and other options), the CPU and CUDA generators, the scheduler
 * and the GradScaler are as they were, bit for bit: a `fit` after `lrFind` trains exactly as it would
 * have without it, and a loader with `state()`/`loadState()` (a DataLoader) is put back at its epoch
 * and batch. The
 * Trainer's callbacks and scheduler do not run; its practitioner warnings are given as `fit` gives
 * them, and returned in `warnings`.
 *
 * Suggestions follow fastai (see {@link suggestLr}). `suggestion` is the valley, fastai's default
 * since v2.5: it lies inside the longest stretch of steadily falling loss, so a single noisy drop
 * cannot move it (as it moves `steepest`), and it is less conservative than `minimumDiv10`, which
 * also depends on where divergence happens to start. Look at the curve (`plot()`, `svg()`) before
 * trusting any rule; build the schedule from the chosen rate (e.g. OneCycleLR's maxLr).
 *
 * @throws TypeError or RangeError for a bad option, naming it; TorchError when the loader yields no
 * batches, the model is being fitted, or the dtypes fail the Trainer's `checkDtypes` (a model in half
 * precision under a mixed precision).
 * @example
 * ```ts
 * const found = await trainer.lrFind(trainLoader, { steps: 100 });
 * console.log(found.plot(), found.reasoning.join('\n'));
 * writeFileSync('lr.svg', found.svg());
 * optimizer.paramGroups[0].lr = found.suggestion;
 * ```
 */
export async function lrFind(trainer: Trainer, loader: Loader, options: LrFindOptions = {}): Promise<LrFindResult> {
  checkTrainerArg('lrFind', trainer);
  return runLrFind(trainer, loader, options, trainer.precision.mode);
}
