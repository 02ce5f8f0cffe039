/**
 * Trainer callbacks: hooks as plain objects or classes, and the built-ins (EarlyStopping,
 * ModelCheckpoint, LearningRateMonitor, ProgressBar, CSVLogger, JSONLLogger).
 * @module
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import cliProgress from 'cli-progress';
import { checkOptions, invalidArg } from '../errors.js';
import type { EpochLog, StepLog, TrainerLike } from './types.js';

/**
 * Hooks the Trainer calls. Implement any subset, as a plain object or a class. `trainer.stop()`
 * from a hook ends `fit` after the current step.
 */
export interface Callback {
  /** Run only on rank 0 of a `strategy: 'ddp'` job (progress bars, loggers: what writes output once). */
  rankZeroOnly?: boolean;
  /** At the start of `fit`, after a resume and before the first epoch. */
  onTrainStart?(trainer: TrainerLike): void | Promise<void>;
  /** Before the first batch of each epoch, with the epoch number (1-based). */
  onEpochStart?(trainer: TrainerLike, epoch: number): void | Promise<void>;
  /** After every micro-batch; `log.optimizerStep` says whether the optimizer stepped on it. */
  onBatchEnd?(trainer: TrainerLike, log: StepLog): void | Promise<void>;
  /** After validating on `valLoader`, with its mean `loss` and metrics (unprefixed: `loss`, `accuracy`, ...). */
  onValidationEnd?(trainer: TrainerLike, logs: Record<string, number>): void | Promise<void>;
  /** After each completed epoch (and its validation), with the epoch log as it enters the History. */
  onEpochEnd?(trainer: TrainerLike, log: EpochLog): void | Promise<void>;
  /** At the end of `fit`, also when it was aborted or stopped early. */
  onTrainEnd?(trainer: TrainerLike, info: { aborted: boolean; stoppedEarly: boolean }): void | Promise<void>;
}

/** Stops training when a monitored value has not improved for `patience` epochs. */
export class EarlyStopping implements Callback {
  /** The epoch-log key watched. Default `'valLoss'`. */
  readonly monitor: string;
  /** Epochs without improvement after which training stops. Default 3. */
  readonly patience: number;
  /** The least change that counts as an improvement. Default 0. */
  readonly minDelta: number;
  /** `'min'`: lower is better; `'max'`: higher is better. Default `'max'` when `monitor` contains "acc", else `'min'`. */
  readonly mode: 'min' | 'max';
  /** The best value seen so far (Infinity, or -Infinity in `'max'` mode, before the first epoch). */
  best: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which it stopped training, or null while it has not. */
  stoppedEpoch: number | null = null;

  constructor(options: { monitor?: string; patience?: number; minDelta?: number; mode?: 'min' | 'max' } = {}) {
    checkOptions('EarlyStopping', options, ['monitor', 'patience', 'minDelta', 'mode']);
    this.monitor = options.monitor ?? 'valLoss';
    this.patience = options.patience ?? 3;
    this.minDelta = options.minDelta ?? 0;
    this.mode = options.mode ?? (/acc/i.test(this.monitor) ? 'max' : 'min');
    if (this.mode !== 'min' && this.mode !== 'max') invalidArg('EarlyStopping', 'mode', "'min' or 'max'", this.mode);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  /**
   * Compares the monitored value with the best so far and calls `trainer.stop()` after `patience`
   * epochs without improvement.
   * @throws TypeError when the epoch log has no `monitor` value.
   */
  onEpochEnd(trainer: TrainerLike, log: EpochLog): void {
    const value = monitored('EarlyStopping', this.monitor, log);
    const improved = this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (improved) {
      this.best = value;
      this.wait = 0;
    } else if (++this.wait >= this.patience) {
      this.stoppedEpoch = log.epoch;
      trainer.stop(`EarlyStopping: ${this.monitor} did not improve for ${this.patience} epochs (best ${this.best})`);
    }
  }
}

/**
 * The monitored value of an epoch log. A name that is not there (a misspelling, Python's `val_acc`,
 * or `valLoss` without a valLoader) would otherwise be skipped silently every epoch.
 */
function monitored(callback: string, monitor: string, log: EpochLog): number {
  const value = log[monitor];
  if (typeof value === 'number') return value;
  const noValidation = !Object.keys(log).some((k) => k.startsWith('val'));
  const hint = /^val/i.test(monitor) && noValidation ? 'pass a valLoader to fit() to get valLoss and the val* metrics, or ' : '';
  throw new TypeError(`${callback}: monitored value '${monitor}' is not in the epoch logs (${Object.keys(log).join(', ')}); ` +
    `${hint}monitor one of those names (torchts names them in camelCase: valAccuracy, not val_acc)`);
}

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Folder of the checkpoint files. */
  dirpath: string;
  /** Value to rank checkpoints by; none: keep only the last. */
  monitor?: string;
  /** `'min'`: lower is better; `'max'`: higher is better. Default `'max'` when `monitor` contains "acc", else `'min'`. */
  mode?: 'min' | 'max';
  /** Also keep `last.ckpt` (written every epoch, and when fit is aborted). Default true. */
  saveLast?: boolean;
}

/**
 * Saves training checkpoints (model, optimizer, scheduler, scaler, counters, generator, data
 * position) atomically: `best.ckpt` when the monitored value improves and `last.ckpt` each epoch and
 * on abort. `fit(..., { resumeFrom: 'dir/last.ckpt' })` continues from one.
 */
export class ModelCheckpoint implements Callback {
  /** Folder of the checkpoint files. */
  readonly dirpath: string;
  /** The epoch-log key that ranks checkpoints, or null to keep only `last.ckpt`. */
  readonly monitor: string | null;
  /** Whether a lower (`'min'`) or higher (`'max'`) monitored value is better. */
  readonly mode: 'min' | 'max';
  /** Whether `last.ckpt` is written every epoch. */
  readonly saveLast: boolean;
  /** The best monitored value so far, or null before the first. */
  best: number | null = null;
  /** The path of `best.ckpt` once it has been written, else null. */
  bestPath: string | null = null;

  constructor(options: ModelCheckpointOptions) {
    checkOptions('ModelCheckpoint', options, ['dirpath', 'monitor', 'mode', 'saveLast']);
    if (typeof options?.dirpath !== 'string') invalidArg('ModelCheckpoint', 'dirpath', 'a folder path', options?.dirpath);
    if (options.monitor !== undefined && typeof options.monitor !== 'string') invalidArg('ModelCheckpoint', 'monitor', "an epoch-log name such as 'valLoss'", options.monitor);
    this.dirpath = options.dirpath;
    this.monitor = options.monitor ?? null;
    this.mode = options.mode ?? (this.monitor && /acc/i.test(this.monitor) ? 'max' : 'min');
    if (this.mode !== 'min' && this.mode !== 'max') invalidArg('ModelCheckpoint', 'mode', "'min' or 'max'", this.mode);
    this.saveLast = options.saveLast ?? true;
  }

  /** The path of `last.ckpt` in {@link dirpath}; pass it to `fit(..., { resumeFrom })`. */
  get lastPath(): string {
    return join(this.dirpath, 'last.ckpt');
  }

  /** Creates {@link dirpath} if needed (on rank 0 only under `strategy: 'ddp'`, the rank that writes). */
  onTrainStart(trainer: TrainerLike): void {
    if (trainer.isGlobalZero === false) return;
    mkdirSync(this.dirpath, { recursive: true });
  }

  /**
   * Writes `last.ckpt` (if `saveLast`), and `best.ckpt` when the monitored value improves.
   * @throws TypeError when the epoch log has no `monitor` value (after writing `last.ckpt`).
   */
  onEpochEnd(trainer: TrainerLike, log: EpochLog): void {
    if (this.saveLast) trainer.saveCheckpoint(this.lastPath);
    if (this.monitor === null) return;
    const value = monitored('ModelCheckpoint', this.monitor, log);
    if (this.best === null || (this.mode === 'min' ? value < this.best : value > this.best)) {
      this.best = value;
      this.bestPath = join(this.dirpath, 'best.ckpt');
      trainer.saveCheckpoint(this.bestPath);
    }
  }

  onTrainEnd(trainer: TrainerLike, info: { aborted: boolean }): void {
    // An aborted run leaves a checkpoint at the exact step it stopped, to resume from.
    if (info.aborted) trainer.saveCheckpoint(this.lastPath);
  }
}

/** Records the learning rate of each param group at every optimizer step, in {@link LearningRateMonitor.history | history}. */
export class LearningRateMonitor implements Callback {
  /** One entry per optimizer step, in order. */
  readonly history: {
    /** The step count after that step ({@link StepLog.step}). */
    step: number;
    /** The learning rate of each param group, in group order. */
    lrs: number[];
  }[] = [];

  onBatchEnd(trainer: TrainerLike, log: StepLog): void {
    if (log.optimizerStep) this.history.push({ step: log.step, lrs: trainer.optimizer.paramGroups.map((g) => g.lr) });
  }
}

/** A progress bar per epoch on a TTY (cli-progress), one plain line per epoch otherwise. */
export class ProgressBar implements Callback {
  /** Runs on rank 0 only under `strategy: 'ddp'`. */
  readonly rankZeroOnly = true;
  #bar: cliProgress.SingleBar | null = null;
  readonly #tty: boolean;

  constructor(options: { stream?: NodeJS.WriteStream } = {}) {
    checkOptions('ProgressBar', options ?? undefined, ['stream']);
    if (options === null) invalidArg('ProgressBar', 'options', 'an object { stream? }', options);
    this.#tty = Boolean((options.stream ?? process.stderr).isTTY);
  }

  /** Starts the epoch's bar (on a TTY), sized by `trainer.batchesPerEpoch`. */
  onEpochStart(trainer: TrainerLike, epoch: number): void {
    if (!this.#tty) return;
    this.#bar = new cliProgress.SingleBar({ format: `epoch ${epoch} [{bar}] {value}/{total} loss {loss}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic);
    this.#bar.start(trainer.batchesPerEpoch ?? 0, 0, { loss: '-' });
  }

  onBatchEnd(_t: TrainerLike, log: StepLog): void {
    this.#bar?.increment(1, { loss: log.loss.toFixed(4) });
  }

  /** Ends the bar; without a TTY, prints the epoch log as one line. */
  onEpochEnd(_t: TrainerLike, log: EpochLog): void {
    this.#bar?.stop();
    this.#bar = null;
    const parts = Object.entries(log).filter(([k]) => k !== 'epoch').map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toFixed(5) : v}`);
    if (!this.#tty) console.log(`epoch ${log.epoch}: ${parts.join(', ')}`);
  }

  onTrainEnd(): void {
    this.#bar?.stop();
  }
}

function ensureFolder(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/** Appends one CSV row per epoch (header from the first epoch's keys). */
export class CSVLogger implements Callback {
  /** Runs on rank 0 only under `strategy: 'ddp'`. */
  readonly rankZeroOnly = true;
  #columns: string[] | null = null;
  /** @param path - The CSV file to write. */
  constructor(readonly path: string) {
    if (typeof path !== 'string') invalidArg('CSVLogger', 'path', 'a file path', path);
  }

  /** Creates the file's folder and removes a file left by an earlier fit, so each fit starts a new CSV. */
  onTrainStart(): void {
    ensureFolder(this.path);
    if (existsSync(this.path)) renameSync(this.path, `${this.path}.prev`);
    rmSync(`${this.path}.prev`, { force: true });
    this.#columns = null;
  }

  /** Appends the epoch's row (writing the header first on the first epoch). */
  onEpochEnd(_t: TrainerLike, log: EpochLog): void {
    if (this.#columns === null) {
      this.#columns = Object.keys(log);
      appendFileSync(this.path, this.#columns.join(',') + '\n');
    }
    appendFileSync(this.path, this.#columns.map((c) => String(log[c] ?? '')).join(',') + '\n');
  }
}

/** Appends one JSON line per optimizer step (`{"type":"step",...}`) and per epoch (`{"type":"epoch",...}`). */
export class JSONLLogger implements Callback {
  /** Runs on rank 0 only under `strategy: 'ddp'`. */
  readonly rankZeroOnly = true;
  /**
   * @param path - The file to append to (kept across fits).
   * @param options - `steps: false` writes epoch lines only.
   */
  constructor(readonly path: string, readonly options: {
    /** Write a line per optimizer step. Default true. */
    steps?: boolean;
  } = {}) {
    if (typeof path !== 'string') invalidArg('JSONLLogger', 'path', 'a file path', path);
  }

  /** Creates the file's folder. */
  onTrainStart(): void {
    ensureFolder(this.path);
  }

  onBatchEnd(_t: TrainerLike, log: StepLog): void {
    if ((this.options.steps ?? true) && log.optimizerStep) appendFileSync(this.path, JSON.stringify({ type: 'step', ...log }) + '\n');
  }

  /** Appends `{"type":"epoch", ...log}`. */
  onEpochEnd(_t: TrainerLike, log: EpochLog): void {
    appendFileSync(this.path, JSON.stringify({ type: 'epoch', ...log }) + '\n');
  }
}
