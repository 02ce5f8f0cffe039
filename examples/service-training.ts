/**
 * The service's training: one TrainingJob at a time (examples/service-job.ts in a worker thread),
 * its progress as the job's events report it, and the predictor kept current with snapshots of the
 * job's weights, every few steps and on demand.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type EpochLog, TrainingJob } from '../lib/index.js';
import type { ServiceJobArgs } from './service-job.js';
import type { Predictor } from './service-predictor.js';

/** What `GET /progress` answers. */
export interface Progress {
  running: boolean;
  epoch: number;
  /** Optimizer steps so far. */
  step: number;
  loss: number;
  lr: number;
  /** The step of the weights /predict answers with (null before the first snapshot). */
  weightsStep: number | null;
  /** Snapshots loaded so far. */
  snapshots: number;
  /** One log per finished epoch (trainLoss, valLoss, valAccuracy, ...). */
  epochs: EpochLog[];
  /** How the last training ended. */
  result: null | { stoppedBy: string; steps: number; valAccuracy?: number };
}

/** Options of {@link BackgroundTraining}. */
export interface BackgroundTrainingOptions {
  /** Take a snapshot every this many optimizer steps. */
  snapshotEvery: number;
  /** Where the job writes its final weights. */
  weightsFile: string;
  /** libtorch threads of the job's worker; default libtorch's. */
  jobThreads?: number;
}

export class BackgroundTraining {
  readonly progress: Progress = {
    running: false, epoch: 0, step: 0, loss: NaN, lr: NaN, weightsStep: null, snapshots: 0, epochs: [], result: null,
  };
  #job: TrainingJob | null = null;
  #controller: AbortController | null = null;
  #snapshot: Promise<void> | null = null;

  constructor(readonly predictor: Predictor, readonly options: BackgroundTrainingOptions) {}

  /** Starts a job; false when one is running already. */
  start(args: { epochs?: number; maxSteps?: number }): boolean {
    if (this.progress.running) return false;
    Object.assign(this.progress, { running: true, epoch: 0, step: 0, loss: NaN, lr: NaN, epochs: [], result: null });
    mkdirSync(dirname(this.options.weightsFile), { recursive: true });
    this.#controller = new AbortController();
    const jobArgs: ServiceJobArgs = { ...args, out: this.options.weightsFile, threads: this.options.jobThreads };
    const job = TrainingJob.start(new URL('./service-job.js', import.meta.url),
      { args: jobArgs, signal: this.#controller.signal, output: 'prefix', name: 'train' });
    this.#job = job;
    job.on('epochStart', ({ epoch }) => { this.progress.epoch = epoch; });
    job.on('batchEnd', (log) => {
      Object.assign(this.progress, { step: log.step, loss: log.loss, lr: log.lr });
      if (log.optimizerStep && log.step % this.options.snapshotEvery === 0) void this.refresh().catch(() => {});
    });
    job.on('epochEnd', (log) => { this.progress.epochs.push(log); });
    job.done.then((history) => {
      // The job wrote its last weights when the fit ended; snapshots can no longer be asked for.
      this.predictor.loadFile(this.options.weightsFile, this.progress.step);
      this.progress.weightsStep = this.progress.step;
      this.progress.result = { stoppedBy: history.aborted ? 'stop request' : 'end of training', steps: this.progress.step,
        valAccuracy: history.epochs.at(-1)?.valAccuracy };
    }).catch((e: Error) => {
      this.progress.result = { stoppedBy: `error: ${e.message}`, steps: this.progress.step };
    }).finally(() => {
      this.progress.running = false;
      this.#job = null;
    });
    return true;
  }

  /**
   * Loads the job's current weights into the predictor. One snapshot at a time: a request while one
   * is on its way shares it, so a burst of `fresh` predictions costs the worker one copy.
   */
  refresh(): Promise<void> {
    const job = this.#job;
    if (!job) return Promise.resolve();
    this.#snapshot ??= job.snapshot().then((weights) => {
      // Events and snapshots come through one port in order, and the worker copies the weights
      // between two batches: the last batchEnd seen before the snapshot is the weights' step.
      this.predictor.load(weights, this.progress.step);
      this.progress.weightsStep = this.progress.step;
      this.progress.snapshots++;
    }).finally(() => { this.#snapshot = null; });
    return this.#snapshot;
  }

  /** Asks the running job to stop after its current batch; whether one was running. */
  stop(): boolean {
    this.#controller?.abort('stop request');
    return this.progress.running;
  }
}
