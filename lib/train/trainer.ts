/**
 * The Trainer: the training loop with the field's practice built in (docs/architecture.md): precision modes,
 * gradient accumulation done right, clipping, schedulers, validation, callbacks, checkpoints and
 * resume, and the warnings a practitioner would give. Safe inside a service: `fit` is async, yields
 * to the event loop after every batch, stops on an AbortSignal, and refuses a second concurrent fit
 * of the same model.
 * @module
 */
import { type StepIssue, gradientDtypeIssues, parameterDtypeIssues } from '../amp/checks.js';
import { Precision, type PrecisionMode } from '../amp/precision.js';
import { noGrad } from '../autograd.js';
import { checkOneOf, checkPositiveInt } from '../check.js';
import { TorchError, checkOptions, invalidArg, isInt } from '../errors.js';
import { BatchNorm1d, BatchNorm2d } from '../nn/layers/norm.js';
import type { Module } from '../nn/module.js';
import { clipGradNorm, clipGradValue } from '../nn/utils.js';
import type { LRScheduler } from '../optim/lr/scheduler.js';
import { ReduceLROnPlateau } from '../optim/lr/reduce-lr-on-plateau.js';
import type { Optimizer } from '../optim/optimizer.js';
import { load, save, setCudaRngStateAll, setRngState } from '../serialize/checkpoint.js';
import { cudaDeviceCount } from '../native.js';
import { manualSeed } from '../tensor/functions.js';
import { type Device, checkDevice, checkDeviceAvailable } from '../tensor/device.js';
import { cat } from '../tensor/functions.js';
import { keep, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import { AccumulationWindow } from './accumulation.js';
import { DDPStrategy, type DDPStrategyOptions } from './ddp-strategy.js';
import type { Callback } from './callbacks.js';
import { type DiagnoseOptions, type DiagnoseReport, diagnose } from './diagnose.js';
import { batchParts, batchTensors, checkLoader, emptyLoaderError, predictInput } from './batch.js';
import { History } from './history.js';
import { type LrFindOptions, type LrFindResult, lrFind } from './lr-find.js';
import type { Metric } from './metrics.js';
import { type OverfitOptions, type OverfitResult, overfitBatch } from './overfit.js';
import type { Batch, EpochLog, Loader, PredictLoader, Prediction, StepLog, TrainerLike } from './types.js';

/** A scheduler the Trainer steps: any LRScheduler, or ReduceLROnPlateau (stepped with a metric per epoch). */
type Scheduler = LRScheduler & { step(metric?: number): void };

/** Options of {@link Trainer}. */
export interface TrainerOptions {
  /** The model to train; moved to `device` (and cast for a `'*-true'` precision) when the Trainer is made. */
  model: Module;
  /** The optimizer over the model's parameters. */
  optimizer: Optimizer<object>;
  /** `(output, target) => scalar loss`, e.g. `nn.functional.crossEntropy`. */
  loss: (output: Tensor, target: Tensor) => Tensor;
  /** An LR scheduler; stepped after every optimizer step (or per epoch, see `schedulerInterval`). */
  scheduler?: Scheduler;
  /** `'step'` (default) or `'epoch'`. ReduceLROnPlateau is stepped per epoch with `schedulerMonitor`. */
  schedulerInterval?: 'step' | 'epoch';
  /** The epoch-log value ReduceLROnPlateau watches. Default 'valLoss' (or 'trainLoss' without validation). */
  schedulerMonitor?: string;
  /** Lightning's precision names. Default '32-true'. */
  precision?: PrecisionMode;
  /** Micro-batches per optimizer step. Default 1. */
  accumulateGradBatches?: number;
  /** Clip gradients to this norm (or value) before each step. */
  gradientClipVal?: number;
  /** `'norm'` (default) or `'value'`. */
  gradientClipAlgorithm?: 'norm' | 'value';
  /** Where the model and batches go. Default 'cpu'. */
  device?: Device;
  /** Hooks, as objects or callback classes. */
  callbacks?: Callback[];
  /** Seeds the generator (`torch.manualSeed`) at the start of `fit`. */
  seed?: number;
  /** Metrics computed on validation (and on training batches), by name: `{ accuracy }`. */
  metrics?: Record<string, Metric>;
  /**
   * What a non-finite loss does: `'stop'` (default: throw, naming the step and the first module whose output is not finite)
   * or `'skip'` the window.
   */
  nonFiniteLoss?: 'stop' | 'skip';
  /** Also evaluate on the training set at each epoch end: true for all of it, a number for that many batches. */
  validateOnTrain?: boolean | number;
  /**
   * The effective batch size the learning rate was tuned for. When the effective batch (batch size ×
   * accumulateGradBatches) differs, the Trainer warns with the linear-scaling learning rate.
   */
  referenceBatchSize?: number;
  /**
   * Check the dtypes before the first step of `fit`, `lrFind` and `overfitBatch`, as `amp.checkStep`
   * does: parameters already in float16/bfloat16 under a mixed precision (which trains silently
   * without float32 master weights), and float16 gradients no GradScaler could unscale. Default true;
   * false trains anyway.
   */
  checkDtypes?: boolean;
  /**
   * `'single'` (default): this process trains alone. `'ddp'`: one rank of a data-parallel job (under
   * `torchts launch` or `torchrun`): at the first `fit` the Trainer joins the default process group
   * (unless the script has), wraps the model in DistributedDataParallel, gives each rank its share of
   * each DataLoader, skips gradient synchronisation inside accumulation windows (`noSync`), reduces
   * the epoch's loss and the validation metrics across ranks, and runs the rank-zero-only callbacks
   * (progress bar, loggers) and checkpoint writing on rank 0 alone.
   */
  strategy?: 'single' | 'ddp';
  /** DistributedDataParallel's options for `strategy: 'ddp'` (bucketCapMb, findUnusedParameters, ...). */
  ddp?: DDPStrategyOptions;
  /** Transforms each training batch (augmentation, multi-scale) before the forward pass. */
  batchTransform?: (batch: { input: Tensor; target: Tensor }, info: { step: number; epoch: number }) => {
    /** The input to run the model on. */
    input: Tensor;
    /** The target to pass to the loss. */
    target: Tensor;
  };
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions {
  /** Validation data, evaluated after each epoch; its loss and metrics enter the epoch log as `valLoss`, `valAccuracy`, ... */
  valLoader?: Loader;
  /** Default 1. */
  epochs?: number;
  /** Stop after this many optimizer steps. */
  maxSteps?: number;
  /** Aborting stops after the current batch; a ModelCheckpoint callback then writes a resumable checkpoint. */
  signal?: AbortSignal;
  /** A checkpoint written by this Trainer (ModelCheckpoint or saveCheckpoint) to continue from, bit-exactly on CPU float32. */
  resumeFrom?: string;
}

const OPTIONS = ['model', 'optimizer', 'loss', 'scheduler', 'schedulerInterval', 'schedulerMonitor', 'precision', 'accumulateGradBatches',
  'gradientClipVal', 'gradientClipAlgorithm', 'device', 'callbacks', 'seed', 'metrics', 'nonFiniteLoss', 'validateOnTrain', 'referenceBatchSize',
  'batchTransform', 'checkDtypes', 'strategy', 'ddp'];

/**
 * The operation named in a Trainer's errors: 'fit', or the tool (lrFind, overfitBatch) that trains
 * through fit on a stand-in Trainer, so that its errors name what the user called.
 */
const operations = new WeakMap<Trainer, string>();

/** @internal Names `op` in the errors of `trainer`'s fit (a tool's stand-in Trainer). */
export function nameOperation(trainer: Trainer, op: string): void {
  operations.set(trainer, op);
}

/** Models in a running fit: a second concurrent fit is refused. */
const fitting = new WeakSet<Module>();
/** The effective batch and learning rates of each optimizer's last fit, for the rescaling warning. */
const lastFit = new WeakMap<object, { effectiveBatch: number; lrs: number[] }>();

/** Validates the Trainer's options, so a mistake reads as one (not as "Cannot read properties of undefined"). */
function checkTrainerOptions(o: TrainerOptions): void {
  const op = 'Trainer';
  if (o === null || typeof o !== 'object' || Array.isArray(o)) invalidArg(op, 'options', 'an object { model, optimizer, loss, ... }', o);
  checkOptions(op, o, OPTIONS);
  if (!o.model || typeof o.model.forward !== 'function' || typeof o.model.parameters !== 'function') invalidArg(op, 'model', 'an nn.Module', o.model);
  if (!o.optimizer || typeof o.optimizer.step !== 'function') invalidArg(op, 'optimizer', 'an optimizer', o.optimizer);
  if (typeof o.loss !== 'function') invalidArg(op, 'loss', 'a function (output, target) => Tensor', o.loss);
  const positiveInt = (name: string, v: unknown) => v === undefined || checkPositiveInt(op, name, v);
  const oneOf = (name: string, v: unknown, allowed: string[]) => v === undefined || checkOneOf(op, name, v, allowed);
  positiveInt('accumulateGradBatches', o.accumulateGradBatches);
  positiveInt('referenceBatchSize', o.referenceBatchSize);
  if (o.gradientClipVal !== undefined && !(typeof o.gradientClipVal === 'number' && o.gradientClipVal > 0)) {
    invalidArg(op, 'gradientClipVal', 'a positive number', o.gradientClipVal);
  }
  oneOf('gradientClipAlgorithm', o.gradientClipAlgorithm, ['norm', 'value']);
  oneOf('nonFiniteLoss', o.nonFiniteLoss, ['stop', 'skip']);
  oneOf('strategy', o.strategy, ['single', 'ddp']);
  if (o.ddp !== undefined && o.strategy !== 'ddp') throw new TypeError("Trainer(): the ddp options apply to strategy: 'ddp', but strategy is " + `'${o.strategy ?? 'single'}'`);
  if (o.strategy === 'ddp' && o.nonFiniteLoss === 'skip') {
    // A rank that skips its backward leaves the others waiting for its gradients.
    throw new TypeError("Trainer(): nonFiniteLoss 'skip' cannot be used with strategy 'ddp' (each rank would decide alone); use 'stop'");
  }
  oneOf('schedulerInterval', o.schedulerInterval, ['step', 'epoch']);
  if (o.scheduler !== undefined && (o.scheduler === null || typeof o.scheduler.step !== 'function')) invalidArg(op, 'scheduler', 'an LR scheduler', o.scheduler);
  if (o.schedulerMonitor !== undefined && typeof o.schedulerMonitor !== 'string') invalidArg(op, 'schedulerMonitor', "an epoch-log name such as 'valLoss'", o.schedulerMonitor);
  if (o.callbacks !== undefined && !(Array.isArray(o.callbacks) && o.callbacks.every((c) => c !== null && typeof c === 'object'))) {
    invalidArg(op, 'callbacks', 'an array of callback objects', o.callbacks);
  }
  if (o.seed !== undefined && !(isInt(o.seed) && o.seed >= 0)) invalidArg(op, 'seed', 'a non-negative integer', o.seed);
  if (o.metrics !== undefined && !(o.metrics !== null && typeof o.metrics === 'object' && !Array.isArray(o.metrics) &&
    Object.values(o.metrics).every((m) => typeof m === 'function'))) {
    invalidArg(op, 'metrics', 'an object of metric functions, e.g. { accuracy }', o.metrics);
  }
  if (o.validateOnTrain !== undefined && typeof o.validateOnTrain !== 'boolean') positiveInt('validateOnTrain', o.validateOnTrain);
  if (o.batchTransform !== undefined && typeof o.batchTransform !== 'function') {
    invalidArg(op, 'batchTransform', 'a function ({ input, target }, { step, epoch }) => { input, target }', o.batchTransform);
  }
  if (o.checkDtypes !== undefined && typeof o.checkDtypes !== 'boolean') invalidArg(op, 'checkDtypes', 'a boolean', o.checkDtypes);
}

/** Marks every tensor of a model output to outlive the current scope; refuses anything predict cannot concatenate. */
function keepOutput(out: unknown, path: string): Prediction {
  if (out instanceof Tensor) {
    if (out.dim() === 0) {
      throw new TypeError(`predict(): ${path} is a 0-dimensional tensor, which cannot be concatenated over batches: return per-sample ` +
        'values (a first dimension of the batch size) from forward');
    }
    // A handle of our own: the output may be a tensor the caller owns (an identity model returns its
    // input), which disposing the predictions must not release.
    return keep(out.detach());
  }
  if (Array.isArray(out)) return out.map((o, i) => keepOutput(o, `${path}[${i}]`));
  if (out !== null && typeof out === 'object' && Object.getPrototypeOf(out) === Object.prototype) {
    return Object.fromEntries(Object.entries(out).map(([k, o]) => [k, keepOutput(o, `${path}.${k}`)]));
  }
  return invalidArg('predict', path, "a Tensor (the model's output must be a Tensor, or arrays and plain objects of Tensors)", out);
}

/** The layout of a kept output (`{logits:T,aux:[T,T]}`), to check that every batch returns the same one. */
function layout(out: Prediction): string {
  if (out instanceof Tensor) return 'T';
  if (Array.isArray(out)) return `[${out.map(layout).join(',')}]`;
  return `{${Object.entries(out).map(([k, o]) => `${k}:${layout(o)}`).join(',')}}`;
}

/** Concatenates the outputs of every batch along dimension 0, leaf by leaf, in their layout. */
function concatOutputs(outs: Prediction[]): Prediction {
  const first = outs[0];
  if (first instanceof Tensor) return cat(outs as Tensor[], 0);
  if (Array.isArray(first)) return first.map((_, i) => concatOutputs(outs.map((o) => (o as readonly Prediction[])[i])));
  return Object.fromEntries(Object.keys(first).map((k) => [k, concatOutputs(outs.map((o) => (o as Record<string, Prediction>)[k]))]));
}

function disposeOutput(out: Prediction): void {
  if (out instanceof Tensor) out.dispose();
  else for (const o of Object.values(out)) disposeOutput(o);
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Trains a model.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ model, optimizer, loss: nn.functional.crossEntropy, precision: 'bf16-mixed',
 *   accumulateGradBatches: 4, gradientClipVal: 1.0, metrics: { accuracy }, callbacks: [new ProgressBar()] });
 * const history = await trainer.fit(trainLoader, { valLoader, epochs: 10, signal });
 * ```
 */
export class Trainer implements TrainerLike {
  /** The model being trained. */
  readonly model: Module;
  /** Its optimizer. */
  readonly optimizer: Optimizer<object>;
  /** The LR scheduler, if any. */
  readonly scheduler: Scheduler | null;
  /** The precision mode in effect (autocast dtype, GradScaler). */
  readonly precision: Precision;
  /** Micro-batches per optimizer step. */
  readonly accumulateGradBatches: number;
  /** Where the model and batches live. */
  readonly device: Device;
  /** The callbacks, called in order; push more before `fit`. */
  readonly callbacks: Callback[];
  /** The options the Trainer was made with. */
  readonly options: TrainerOptions;
  /** Optimizer steps taken (across fits). */
  globalStep = 0;
  /** The epoch being trained (1-based), or the last one finished. */
  epoch = 0;
  /** Batches per epoch of the current fit, when the loader knows it. */
  batchesPerEpoch: number | null = null;
  #batchInEpoch = 0; // batches of the current epoch covered by completed optimizer steps
  #stopReason: string | null = null;
  #gradientsChecked = false; // whether this fit's first backward has had its dtype check
  #ddp: DDPStrategy | null = null; // strategy 'ddp', from the first fit on

  constructor(options: TrainerOptions) {
    checkTrainerOptions(options);
    const o = options;
    this.options = o;
    this.model = o.model;
    this.optimizer = o.optimizer;
    this.scheduler = o.scheduler ?? null;
    this.device = o.device === undefined ? 'cpu' : checkDevice('Trainer', o.device);
    checkDeviceAvailable('Trainer', this.device);
    this.precision = new Precision(o.precision ?? '32-true', { device: this.device });
    this.accumulateGradBatches = o.accumulateGradBatches ?? 1;
    this.callbacks = [...(o.callbacks ?? [])];
    this.model.to(this.device);
    this.precision.convertModule(this.model);
  }

  /** This process's rank in a `strategy: 'ddp'` job (0 alone, and before the first fit). */
  get globalRank(): number {
    return this.#ddp?.rank ?? 0;
  }

  /** How many ranks train (1 alone, and before the first fit). */
  get worldSize(): number {
    return this.#ddp?.worldSize ?? 1;
  }

  /** Whether this is rank 0, which alone writes checkpoints and runs rank-zero-only callbacks. */
  get isGlobalZero(): boolean {
    return this.globalRank === 0;
  }

  /** Ends the running fit after the current batch. */
  stop(reason = 'stopped'): void {
    this.#stopReason = reason;
  }

  async #emit<K extends Exclude<keyof Callback, 'rankZeroOnly'>>(hook: K, ...args: Parameters<NonNullable<Callback[K]>>): Promise<void> {
    for (const c of this.callbacks) {
      if (c.rankZeroOnly && !this.isGlobalZero) continue;
      const fn = c[hook] as ((...a: unknown[]) => unknown) | undefined;
      if (fn) await fn.apply(c, args);
    }
  }

  /**
   * Writes a checkpoint of everything a bit-exact resume needs. Under `strategy: 'ddp'` only rank 0
   * writes (every rank holds the same state); on the others it does nothing.
   */
  saveCheckpoint(path: string): void {
    if (!this.isGlobalZero) return;
    save(path, {
      model: this.model, optimizer: this.optimizer, scheduler: this.scheduler ?? undefined, scaler: this.precision.scaler ?? undefined,
      step: this.globalStep, epoch: this.epoch, extra: { batchInEpoch: this.#batchInEpoch, trainer: 1 },
    });
  }

  #resume(path: string): void {
    const ck = load(path, { device: this.device });
    this.model.loadStateDict(ck.model);
    for (const t of Object.values(ck.model)) t.dispose();
    if (ck.optimizer) this.optimizer.loadStateDict(ck.optimizer);
    if (ck.scheduler && this.scheduler) this.scheduler.loadStateDict(ck.scheduler as never);
    if (ck.scaler && this.precision.scaler) this.precision.scaler.loadStateDict(ck.scaler as never);
    if (ck.rng) {
      setRngState(ck.rng);
      ck.rng.dispose();
    }
    if (ck.cudaRng) {
      // A checkpoint from a machine with more GPUs restores the devices this one has.
      setCudaRngStateAll(ck.cudaRng.slice(0, cudaDeviceCount()));
      for (const t of ck.cudaRng) t.dispose();
    }
    this.globalStep = ck.step ?? 0;
    this.epoch = ck.epoch ?? 0;
    this.#batchInEpoch = (ck.extra as { batchInEpoch?: number } | undefined)?.batchInEpoch ?? 0;
  }

  #toDevice(t: Tensor): Tensor {
    return t.device === this.device || (this.device === 'cuda' && t.device === 'cuda:0') ? t : t.to(this.device);
  }

  // Warnings a practitioner would give, once per fit.
  #practitionerWarnings(loader: Loader, history: History): void {
    const warn = (code: string, message: string) => {
      history.warnings.push(message);
      process.emitWarning(message, { type: 'TorchtsWarning', code });
    };
    const acc = this.accumulateGradBatches;
    const batchSize = loader.batchSize ?? (Array.isArray(loader) && loader.length ? batchParts(loader[0]).input.shape[0] : undefined);
    if (acc > 1) {
      const bns = this.model.modules().filter((m) => m instanceof BatchNorm1d || m instanceof BatchNorm2d);
      if (bns.length) {
        warn('TORCHTS_BN_ACCUMULATION', `the model has ${bns.length} BatchNorm layer${bns.length > 1 ? 's' : ''} and accumulateGradBatches is ${acc}: ` +
          `BatchNorm statistics see only each micro-batch${batchSize ? ` of ${batchSize}` : ''}, not the effective batch` +
          `${batchSize ? ` of ${batchSize * acc}` : ''}, so they are noisier. Prefer GroupNorm/LayerNorm, or larger micro-batches.`);
      }
    }
    const len = (loader.dataset as { length?: unknown } | undefined)?.length;
    const samples = typeof len === 'number' ? len : undefined;
    if (batchSize !== undefined && samples !== undefined && acc * batchSize > samples) {
      warn('TORCHTS_ACCUMULATION_EXCEEDS_DATA', `accumulateGradBatches (${acc}) × batch size (${batchSize}) = ${acc * batchSize} exceeds the ` +
        `${samples} samples of the dataset: each optimizer step sees the whole dataset at most once. Lower one of them ` +
        '(when checking that the model can overfit, accumulate × batch must not exceed the number of samples).');
    }
    if (batchSize !== undefined) {
      const ranks = this.worldSize;
      const effective = batchSize * acc * ranks;
      const lrs = this.optimizer.paramGroups.map((g) => g.lr);
      const ref = this.options.referenceBatchSize ?? lastFit.get(this.optimizer)?.effectiveBatch;
      const prev = lastFit.get(this.optimizer);
      const unchanged = this.options.referenceBatchSize !== undefined || (prev !== undefined && prev.lrs.every((lr, i) => lr === lrs[i]));
      if (ref !== undefined && ref !== effective && unchanged) {
        const k = effective / ref;
        warn('TORCHTS_LR_NOT_RESCALED', `the effective batch size is ${effective} (batch ${batchSize} × accumulate ${acc}` +
          `${ranks > 1 ? ` × ${ranks} ranks` : ''}), ${k > 1 ? k : `1/${1 / k}`}× the ` +
          `${ref} the learning rate was set for, but the learning rate is unchanged (${lrs[0]}). By the linear scaling rule use ` +
          `${+(lrs[0] * k).toPrecision(4)}, with a warmup (optim.lr.warmup, optim.lr.linearScaling).`);
      }
      lastFit.set(this.optimizer, { effectiveBatch: effective, lrs });
    }
  }

  // The module whose output first holds inf/NaN for this input (a forward pass with hooks, no grad).
  #firstNonFiniteModule(input: Tensor): string | null {
    let found: string | null = null;
    const hooks = [...this.model.namedModules()].map(([name, m]) => m.registerForwardHook((_m, _i, out) => {
      if (found === null && out instanceof Tensor && out.isFloatingPoint() && !tidy(() => out.isfinite().all().item())) found = name || '(model)';
    }));
    try {
      tidy(() => noGrad(() => this.precision.forward(() => this.model.forward(this.precision.convertInput(input)))));
    } catch {
      /* the original error is reported by the caller */
    } finally {
      for (const h of hooks) h.remove();
    }
    return found;
  }

  #clipAndStep(): boolean {
    const clip = this.options.gradientClipVal;
    const params = this.model.parameters();
    const clipFn = clip === undefined ? undefined
      : () => tidy(() => (this.options.gradientClipAlgorithm === 'value' ? clipGradValue(params, clip) : clipGradNorm(params, clip)));
    return this.precision.step(this.optimizer, { clip: clipFn });
  }

  /**
   * Trains for `epochs` (or `maxSteps`), validating after each epoch when a `valLoader` is given.
   * Returns the History. Refuses to run while another fit of the same model runs.
   *
   * @throws TorchError (ERR_STATE) when `trainLoader` or `valLoader` yields no batches (an empty
   * validation set would otherwise report a loss of 0), and, unless `checkDtypes: false`, when the
   * dtypes fail the checks of `amp.checkStep` before the first step; TypeError for a bad argument.
   */
  async fit(trainLoader: Loader, options: FitOptions = {}): Promise<History> {
    const op = operations.get(this) ?? 'fit';
    checkOptions('fit', options, ['valLoader', 'epochs', 'maxSteps', 'signal', 'resumeFrom']);
    checkLoader('fit', 'trainLoader', trainLoader);
    if (options.valLoader !== undefined) checkLoader('fit', 'valLoader', options.valLoader);
    const epochs = options.epochs ?? 1;
    if (!isInt(epochs) || epochs < 1) invalidArg('fit', 'epochs', 'a positive integer', epochs);
    if (options.maxSteps !== undefined && (!isInt(options.maxSteps) || options.maxSteps < 1)) invalidArg('fit', 'maxSteps', 'a positive integer', options.maxSteps);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) invalidArg('fit', 'signal', 'an AbortSignal', options.signal);
    if (options.resumeFrom !== undefined && typeof options.resumeFrom !== 'string') invalidArg('fit', 'resumeFrom', 'a checkpoint path', options.resumeFrom);
    if (fitting.has(this.model)) {
      throw new TorchError(`${op}(): this model is already being trained by another fit() call; wait for it to finish ` +
        '(or abort it with its AbortSignal) before starting another', 'ERR_STATE');
    }
    if (this.options.strategy === 'ddp' && this.#ddp === null) this.#ddp = await DDPStrategy.setup(this.model, this.options.ddp);
    if (this.#ddp) {
      trainLoader = this.#ddp.shard(trainLoader, true);
      if (options.valLoader) options = { ...options, valLoader: this.#ddp.shard(options.valLoader, false) };
    }
    fitting.add(this.model);
    const history = new History();
    const started = Date.now();
    this.#stopReason = null;
    try {
      if (this.options.seed !== undefined) manualSeed(this.options.seed);
      if (options.resumeFrom !== undefined) this.#resume(options.resumeFrom);
      else this.#batchInEpoch = 0;
      this.#gradientsChecked = false;
      if (this.options.checkDtypes ?? true) this.#refuseDtypeIssues(parameterDtypeIssues(this.model, this.precision));
      this.batchesPerEpoch = typeof trainLoader.length === 'number' ? trainLoader.length : null;
      this.#practitionerWarnings(trainLoader, history);
      this.model.train();
      await this.#emit('onTrainStart', this);
      const firstEpoch = options.resumeFrom !== undefined && this.#batchInEpoch > 0 ? this.epoch : this.epoch + 1;
      const lastEpoch = options.resumeFrom !== undefined ? Math.max(epochs, firstEpoch) : this.epoch + epochs;
      for (let epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
        this.epoch = epoch;
        const epochLog = await this.#trainEpoch(trainLoader, epoch, options, history);
        if (history.aborted) break;
        if (options.valLoader) {
          const v = await this.#evaluate(options.valLoader, 'fit', 'valLoader');
          for (const [k, val] of Object.entries(v)) epochLog[`val${k[0].toUpperCase()}${k.slice(1)}`] = val;
          await this.#emit('onValidationEnd', this, v);
        }
        if (this.options.validateOnTrain) {
          const n = this.options.validateOnTrain === true ? undefined : this.options.validateOnTrain;
          const t = await this.#evaluate(trainLoader, 'fit', 'trainLoader', n);
          for (const [k, val] of Object.entries(t)) epochLog[`trainEval${k[0].toUpperCase()}${k.slice(1)}`] = val;
        }
        if (this.scheduler && (this.options.schedulerInterval === 'epoch' || this.#isPlateau())) this.#stepScheduler(epochLog);
        epochLog.time = (Date.now() - started) / 1000;
        history.epochs.push(epochLog);
        await this.#emit('onEpochEnd', this, epochLog);
        if (this.#stopReason !== null || (options.maxSteps !== undefined && this.globalStep >= options.maxSteps)) break;
      }
      if (this.#stopReason !== null) {
        history.stoppedEarly = true;
        history.stopReason = this.#stopReason;
      }
      await this.#emit('onTrainEnd', this, { aborted: history.aborted, stoppedEarly: history.stoppedEarly });
      return history;
    } finally {
      history.time = (Date.now() - started) / 1000;
      fitting.delete(this.model);
    }
  }

  // Half-precision mistakes (a model already in float16 under '16-mixed') train silently until
  // something downstream trips (clipping): refused before the first step, in checkStep's words.
  #refuseDtypeIssues(issues: StepIssue[]): void {
    if (issues.length === 0) return;
    throw new TorchError(`${operations.get(this) ?? 'fit'}(): precision '${this.precision.mode}': ${issues.map((i) => i.message).join(' ')} ` +
      '(Checked before the first step; pass checkDtypes: false to the Trainer to train anyway.)', 'ERR_STATE');
  }

  #isPlateau(): boolean {
    return this.scheduler instanceof ReduceLROnPlateau;
  }

  #stepScheduler(epochLog?: EpochLog): void {
    if (!this.scheduler) return;
    if (this.#isPlateau()) {
      if (!epochLog) return;
      const key = this.options.schedulerMonitor ?? ('valLoss' in epochLog ? 'valLoss' : 'trainLoss');
      this.scheduler.step(epochLog[key]);
    } else {
      this.scheduler.step();
    }
  }

  // One epoch of training (Lightning's training epoch loop): batches in order, each trained as a
  // micro-batch of its accumulation window, the log and the callbacks after each, and the places
  // where training may stop (only where no window is open, so no gradients are left behind).
  async #trainEpoch(loader: Loader, epoch: number, options: FitOptions, history: History): Promise<EpochLog> {
    loader.setEpoch?.(epoch);
    const owned = !Array.isArray(loader); // arrays hold the caller's batches
    const skip = this.#batchInEpoch; // batches already trained before a resume
    const window = new AccumulationWindow(this.accumulateGradBatches, this.batchesPerEpoch);
    let lossSum = 0; // over the finite losses of the epoch
    let lossCount = 0;
    let index = -1;
    await this.#emit('onEpochStart', this, epoch);
    for await (const batch of loader as AsyncIterable<Batch>) {
      index++;
      const { input, target } = batchParts(batch);
      if (index < skip) {
        if (owned) tidy(() => [input.dispose(), target.dispose()]);
        continue;
      }
      window.startBatch(index);
      const log = tidy(() => this.#trainMicroBatch(input, target, epoch, index, window));
      if (owned) tidy(() => [input.dispose(), target.dispose()]);
      window.endBatch();
      if (Number.isFinite(log.loss)) {
        lossSum += log.loss;
        lossCount++;
      }
      if (log.optimizerStep) {
        this.#batchInEpoch = index + 1;
        history.steps.push(log);
        if (log.skipped) history.skippedSteps++;
      }
      await this.#emit('onBatchEnd', this, log);
      await nextTick();
      if (options.signal?.aborted && window.closed) {
        history.aborted = true;
        return { epoch, trainLoss: lossCount ? lossSum / lossCount : NaN };
      }
      if (window.closed && (this.#stopReason !== null || (options.maxSteps !== undefined && this.globalStep >= options.maxSteps))) break;
    }
    if (index === -1) throw emptyLoaderError(operations.get(this) ?? 'fit', 'trainLoader', epoch > 1 ? epoch : undefined);
    this.#batchInEpoch = 0;
    if (this.#ddp) [lossSum, lossCount] = this.#ddp.sum([lossSum, lossCount]);
    return { epoch, trainLoss: lossCount ? lossSum / lossCount : NaN, lr: this.optimizer.paramGroups[0].lr };
  }

  // One micro-batch (Lightning's automatic optimization, inside the caller's scope): the forward pass
  // and loss, backward of the loss divided by its window's size into the accumulated gradients, and
  // at the window's end the optimizer step. A non-finite loss stops the fit, or with
  // nonFiniteLoss 'skip' gets no backward and marks its window to end without a step.
  #trainMicroBatch(input: Tensor, target: Tensor, epoch: number, index: number, window: AccumulationWindow): StepLog {
    let x = this.#toDevice(input);
    let y = this.#toDevice(target);
    if (this.options.batchTransform) {
      ({ input: x, target: y } = this.options.batchTransform({ input: x, target: y }, { step: this.globalStep, epoch }));
    }
    const net = this.#ddp?.ddp ?? this.model;
    const forwardBackward = (): number => {
      const loss = this.precision.forward(() => this.options.loss(net.forward(this.precision.convertInput(x)) as Tensor, y));
      const value = loss.float().item() as number;
      if (Number.isFinite(value)) {
        const divisor = window.lossDivisor;
        this.precision.backward(divisor > 1 ? loss.div(divisor) : loss);
        this.#checkGradientsOnce();
      }
      return value;
    };
    // Under DDP, only the window's last micro-batch averages gradients across ranks.
    const value = this.#ddp && !window.endsWindow ? this.#ddp.ddp.noSync(forwardBackward) : forwardBackward();
    if (!Number.isFinite(value)) {
      if ((this.options.nonFiniteLoss ?? 'stop') === 'stop') throw this.#nonFiniteLossError(value, x, epoch, index);
      window.skip();
    }
    const endOfWindow = window.endsWindow;
    const skipped = endOfWindow ? this.#endWindow(window.skipped) : false;
    const entry: StepLog = { step: this.globalStep, epoch, batch: index, loss: value, optimizerStep: endOfWindow, skipped,
      lr: this.optimizer.paramGroups[0].lr };
    if (this.precision.scaler) entry.scale = this.precision.scaler.getScale();
    return entry;
  }

  // The optimizer step that ends a window: clip and step (the GradScaler may still skip it), or record
  // a skipped step for a window with a skipped loss; then clear the gradients, count the step and
  // step a per-step scheduler. A skipped step counts too, so that step numbers and schedules follow
  // the data rather than the luck of the losses. Returns whether the step was skipped.
  #endWindow(lossSkipped: boolean): boolean {
    let skipped: boolean;
    if (lossSkipped) {
      this.optimizer._recordSkippedStep();
      skipped = true;
    } else {
      skipped = !this.#clipAndStep();
    }
    this.optimizer.zeroGrad();
    this.globalStep++;
    if (this.scheduler && this.options.schedulerInterval !== 'epoch' && !this.#isPlateau()) this.#stepScheduler();
    return skipped;
  }

  // Float16 gradients a GradScaler cannot unscale only exist after the first backward: checked there,
  // once per fit, in checkStep's words.
  #checkGradientsOnce(): void {
    if (this.#gradientsChecked) return;
    this.#gradientsChecked = true;
    if (this.options.checkDtypes ?? true) this.#refuseDtypeIssues(gradientDtypeIssues(this.model, this.precision));
  }

  // The error for a non-finite loss, naming the step, the batch and the first module whose output
  // holds inf/NaN (found by a second forward pass with hooks).
  #nonFiniteLossError(value: number, input: Tensor, epoch: number, index: number): TorchError {
    const where = this.#firstNonFiniteModule(input);
    return new TorchError(`fit(): the loss is ${value} at step ${this.globalStep + 1} (epoch ${epoch}, batch ${index})` +
      (where ? `; inf/NaN first appears in the output of module '${where}'` : '; every module output is finite, so check the target and the loss') +
      ". Lower the learning rate, check the data, or pass nonFiniteLoss: 'skip'.", 'ERR_STATE');
  }

  /**
   * Evaluates the model (eval mode, no grad) on a loader: mean loss and each metric, weighted by
   * batch size. Restores the previous training mode.
   */
  async validate(loader: Loader, options: {
    /** Evaluate only the first this many batches. Default: all. */
    maxBatches?: number;
  } = {}): Promise<Record<string, number>> {
    checkOptions('validate', options, ['maxBatches']);
    checkLoader('validate', 'loader', loader);
    const max = options.maxBatches;
    if (max !== undefined && !(isInt(max) && max > 0)) invalidArg('validate', 'maxBatches', 'a positive integer', max);
    return this.#evaluate(loader, 'validate', 'loader', max);
  }

  // The evaluation behind validate, test, and fit's validation; `op` and `name` say whose loader it is.
  async #evaluate(loader: Loader, op: string, name: string, maxBatches?: number): Promise<Record<string, number>> {
    const wasTraining = this.model.training;
    this.model.eval();
    const owned = !Array.isArray(loader);
    const sums: Record<string, number> = { loss: 0 };
    let n = 0;
    let batches = 0;
    try {
      for await (const batch of loader as AsyncIterable<Batch>) {
        const { input, target } = batchParts(batch);
        tidy(() => noGrad(() => {
          const x = this.#toDevice(input);
          const y = this.#toDevice(target);
          const out = this.precision.forward(() => this.model.forward(this.precision.convertInput(x)) as Tensor);
          const size = x.shape[0] ?? 1;
          sums.loss += (this.precision.forward(() => this.options.loss(out, y)).float().item() as number) * size;
          for (const [name, metric] of Object.entries(this.options.metrics ?? {})) {
            sums[name] = (sums[name] ?? 0) + metric(out.float(), y) * size;
          }
          n += size;
        }));
        if (owned) tidy(() => [input.dispose(), target.dispose()]);
        await nextTick();
        if (++batches === maxBatches) break;
      }
    } finally {
      this.model.train(wasTraining);
    }
    if (batches === 0) throw emptyLoaderError(op, name);
    if (this.#ddp && op === 'fit') {
      // Each rank evaluated its share: the means are over every rank's samples.
      const keys = Object.keys(sums);
      const reduced = this.#ddp.sum([...keys.map((k) => sums[k]), n]);
      keys.forEach((k, i) => { sums[k] = reduced[i]; });
      n = reduced[keys.length];
    }
    if (n === 0) throw new TorchError(`${op}(): ${name} yields only empty batches (0 samples), so there is no loss to report`, 'ERR_STATE');
    return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n]));
  }

  /** Same as {@link validate}, for the test set. */
  async test(loader: Loader): Promise<Record<string, number>> {
    checkLoader('test', 'loader', loader);
    return this.#evaluate(loader, 'test', 'loader');
  }

  /**
   * The model's outputs for every batch, concatenated along the batch dimension (eval mode, no grad).
   * `loader` yields batches (the input is taken from each, the target ignored) or input tensors.
   * When `forward` returns arrays or plain objects of tensors (`{ logits, embedding }`), each tensor
   * is concatenated in its place; name the shape with the type parameter:
   * `trainer.predict<{ logits: Tensor; embedding: Tensor }>(loader)`.
   *
   * @throws TorchError when the loader yields no batches; TypeError when an output is not made of
   * tensors with a batch dimension, or its layout changes between batches.
   */
  async predict<T extends Prediction = Tensor>(loader: PredictLoader): Promise<T> {
    checkLoader('predict', 'loader', loader);
    const wasTraining = this.model.training;
    this.model.eval();
    const outs: Prediction[] = [];
    const owned = !Array.isArray(loader);
    try {
      for await (const item of loader as AsyncIterable<Batch | Tensor>) {
        const input = predictInput(item);
        const out = tidy(() => noGrad(() => keepOutput(
          this.precision.forward(() => this.model.forward(this.precision.convertInput(this.#toDevice(input)))), 'output')));
        outs.push(out);
        if (owned) for (const t of batchTensors(item)) t.dispose();
        if (layout(out) !== layout(outs[0])) {
          throw new TypeError(`predict(): the model's output changed layout between batches (${layout(outs[0])} for the first, ${layout(out)} ` +
            `for batch ${outs.length - 1}; T is a tensor): every batch must return the same arrays and object keys`);
        }
        await nextTick();
      }
      if (outs.length === 0) throw emptyLoaderError('predict', 'loader');
      return concatOutputs(outs) as T;
    } finally {
      for (const o of outs) disposeOutput(o);
      this.model.train(wasTraining);
    }
  }

  /**
   * The learning-rate range test on this Trainer's model, optimizer and precision; everything is restored afterwards.
   * See {@link lrFind}.
   */
  async lrFind(loader: Loader, options: LrFindOptions = {}): Promise<LrFindResult> {
    return lrFind(this, loader, options);
  }

  /** Checks that the model can overfit a tiny subset of `loader`; everything is restored afterwards. See {@link overfitBatch}. */
  async overfitBatch(loader: Loader, options: OverfitOptions = {}): Promise<OverfitResult> {
    return overfitBatch(this, loader, options);
  }

  /** checkStep, practitioner warnings, an overfit check and a quick range test in one report. See {@link diagnose}. */
  async diagnose(loader: Loader, options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
    return diagnose(this, loader, options);
  }
}
