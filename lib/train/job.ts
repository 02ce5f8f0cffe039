/**
 * Training off the main thread: a whole `Trainer.fit` in a `worker_threads` worker, so that a
 * service that trains keeps answering requests. The main thread gets the Trainer's callback moments
 * as events, snapshots of the weights, and the History, all as plain data.
 * @module
 */
import { EventEmitter, once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { TorchError, checkOptions, invalidArg } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { History } from './history.js';
import { moduleUrl } from './job-module.js';
import { type FromWorker, type JobEvents, type ToWorker, errorFromData, tensorFromBytes } from './job-protocol.js';
import type { JobWorkerData } from './job-worker.js';

export type { JobEvents } from './job-protocol.js';

/** Options of {@link TrainingJob.start}. */
export interface TrainingJobOptions {
  /** Passed to the module's default export when it is a function (structured-cloned: plain data). */
  args?: unknown;
  /** Aborting stops the fit after the current batch (checkpoint callbacks run); `done` then resolves with an aborted History. */
  signal?: AbortSignal;
  /**
   * What becomes of the job's standard output and error (progress bars, warnings, `console.log`):
   * `'inherit'` (the default) writes them to this process's, `'prefix'` does too with each line
   * prefixed by `[name] `, `'ignore'` drops them.
   */
  output?: 'inherit' | 'prefix' | 'ignore';
  /** The job's name in prefixed output and in errors. Default: the module's file name. */
  name?: string;
}

/** A listener of a job event. */
type Listener<K extends keyof JobEvents> = (data: JobEvents[K]) => void;

let running = 0;
/** Only {@link TrainingJob.start} makes jobs. */
const START = Symbol('TrainingJob.start');

/**
 * A training job running in a worker thread. Start one with {@link TrainingJob.start}; the module
 * it runs has the shape `torchts lr-find` accepts: its default export is `{ trainer, loader,
 * options? }` (`options` are `fit`'s), or a (possibly async) function of `args` returning it.
 *
 * Events, as the Trainer's callbacks see them: `trainStart`, `epochStart`, `batchEnd` (a StepLog),
 * `validationEnd`, `epochEnd` (an EpochLog), `trainEnd`. `done` resolves with the History, or
 * rejects with the error the fit threw (same class, code and message), or with a TorchError
 * (`ERR_WORKER`) when the worker died. No worker outlives a finished, failed or aborted job.
 *
 * @example
 * ```ts
 * // job.js: export default ({ epochs }) => ({ trainer, loader, options: { epochs, valLoader } });
 * const job = TrainingJob.start('./dist/job.js', { args: { epochs: 5 }, signal });
 * job.on('epochEnd', (log) => console.log(log.epoch, log.valLoss));
 * const weights = await job.snapshot();        // the current state dict, on this thread
 * const history = await job.done;
 * ```
 */
export class TrainingJob {
  /** Resolves with the fit's History when the job ends, aborted or not; rejects when it fails. */
  readonly done: Promise<History>;
  /** The job's name, as in its prefixed output and its errors. */
  readonly name: string;
  readonly #worker: Worker;
  readonly #events = new EventEmitter();
  readonly #snapshots = new Map<number, { resolve: (t: Record<string, Tensor>) => void; reject: (e: Error) => void }>();
  #nextSnapshot = 0;
  #finished = false;

  private constructor(token: symbol, url: string, options: TrainingJobOptions, callerStack: string | undefined) {
    if (token !== START) {
      throw new TypeError('TrainingJob(): start a job with TrainingJob.start(module, options), not with new');
    }
    this.name = options.name ?? new URL(url).pathname.split('/').pop()!;
    const output = options.output ?? 'inherit';
    const data: JobWorkerData = { url, args: options.args };
    this.#worker = new Worker(new URL('./job-worker.js', import.meta.url), {
      workerData: data, stdout: output !== 'inherit', stderr: output !== 'inherit',
    });
    running++;
    if (output === 'prefix') {
      this.#prefix(this.#worker.stdout, process.stdout);
      this.#prefix(this.#worker.stderr, process.stderr);
    } else if (output === 'ignore') {
      this.#worker.stdout.resume();
      this.#worker.stderr.resume();
    }
    this.done = this.#run(callerStack);
    // A rejection nobody awaited must not crash the process twice over: done is also returned to the caller.
    this.done.catch(() => {});
    const signal = options.signal;
    if (signal) {
      const abort = () => this.abort(String(signal.reason ?? 'aborted'));
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      void this.done.finally(() => signal.removeEventListener('abort', abort)).catch(() => {});
    }
  }

  /**
   * Starts a job: the module (a path relative to the working directory, or a URL) is loaded in a new
   * worker thread, and its Trainer's `fit` runs there on its loader.
   *
   * @throws TypeError for bad options; errors of the module itself reject {@link done}.
   */
  static start(module: string | URL, options: TrainingJobOptions = {}): TrainingJob {
    if (typeof module !== 'string' && !(module instanceof URL)) invalidArg('TrainingJob.start', 'module', 'a path or a URL', module);
    checkOptions('TrainingJob.start', options, ['args', 'signal', 'output', 'name']);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
      invalidArg('TrainingJob.start', 'signal', 'an AbortSignal', options.signal);
    }
    if (options.output !== undefined && !['inherit', 'prefix', 'ignore'].includes(options.output)) {
      invalidArg('TrainingJob.start', 'output', "'inherit', 'prefix' or 'ignore'", options.output);
    }
    if (options.name !== undefined && typeof options.name !== 'string') invalidArg('TrainingJob.start', 'name', 'a string', options.name);
    return new TrainingJob(START, moduleUrl(module), options, new Error().stack);
  }

  /** How many jobs' workers are running in this thread's process now (for services and tests). */
  static get running(): number {
    return running;
  }

  /** Listens to one of the job's events (see {@link JobEvents}). */
  on<K extends keyof JobEvents>(event: K, listener: Listener<K>): this {
    this.#events.on(event, listener);
    return this;
  }

  /** Listens to the next occurrence of an event. */
  once<K extends keyof JobEvents>(event: K, listener: Listener<K>): this {
    this.#events.once(event, listener);
    return this;
  }

  /** Removes a listener added by {@link on} or {@link once}. */
  off<K extends keyof JobEvents>(event: K, listener: Listener<K>): this {
    this.#events.off(event, listener);
    return this;
  }

  /** Whether the job has ended (its worker has exited). */
  get finished(): boolean {
    return this.#finished;
  }

  /** Stops the fit after the current batch; {@link done} then resolves with an aborted History. */
  abort(reason = 'aborted'): void {
    if (!this.#finished) this.#send({ type: 'abort', reason });
  }

  /** Ends the worker at once, wherever it is; {@link done} rejects. Prefer {@link abort}, which lets checkpoints be written. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  /**
   * A copy of the model's state dict as it is now, as new tensors on this thread's CPU (released by
   * `dispose()` or garbage collection). The worker copies the weights between two batches, so
   * training waits only for the copy; the tensors never share memory with the worker's.
   *
   * @throws TorchError (`ERR_STATE`) once the job has ended.
   */
  snapshot(): Promise<Record<string, Tensor>> {
    if (this.#finished) return Promise.reject(new TorchError(`snapshot(): the job ${this.name} has ended; use the weights it saved`, 'ERR_STATE'));
    const id = this.#nextSnapshot++;
    const result = new Promise<Record<string, Tensor>>((resolve, reject) => this.#snapshots.set(id, { resolve, reject }));
    this.#send({ type: 'snapshot', id });
    return result;
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #prefix(from: Readable, to: NodeJS.WriteStream): void {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`[${this.name}] ${line}\n`));
  }

  async #run(callerStack: string | undefined): Promise<History> {
    let outcome: { history: Record<string, unknown> } | { error: Error } | null = null;
    this.#worker.on('message', (m: FromWorker) => {
      if (m.type === 'event') this.#events.emit(m.name, m.data);
      else if (m.type === 'snapshot') this.#settleSnapshot(m.id, (s) => s.resolve(Object.fromEntries(
        Object.entries(m.tensors).map(([k, b]) => [k, tensorFromBytes(b)]))));
      else if (m.type === 'snapshotError') this.#settleSnapshot(m.id, (s) => s.reject(errorFromData(m.error)));
      else if (m.type === 'done') outcome = { history: m.history };
      else if (m.type === 'error') outcome = { error: errorFromData(m.error, callerStack) };
    });
    let crash: Error | null = null;
    this.#worker.on('error', (e) => { crash = e; });
    const [code] = (await once(this.#worker, 'exit')) as [number];
    this.#finished = true;
    running--;
    const ended = outcome as { history: Record<string, unknown> } | { error: Error } | null;
    const failure = ended === null ? this.#deathError(code, crash) : 'error' in ended ? ended.error : null;
    for (const id of [...this.#snapshots.keys()]) {
      this.#settleSnapshot(id, (s) => s.reject(failure ?? new TorchError(`snapshot(): the job ${this.name} ended first`, 'ERR_STATE')));
    }
    if (failure) throw failure;
    return Object.assign(new History(), (ended as { history: Record<string, unknown> }).history);
  }

  #settleSnapshot(id: number, settle: (s: { resolve: (t: Record<string, Tensor>) => void; reject: (e: Error) => void }) => void): void {
    const s = this.#snapshots.get(id);
    if (!s) return;
    this.#snapshots.delete(id);
    settle(s);
  }

  #deathError(code: number, crash: Error | null): TorchError {
    const why = crash ? `threw ${crash.name}: ${crash.message} outside the fit` : `exited with code ${code} (process.exit or terminate()) before the fit ended`;
    return new TorchError(`TrainingJob: the worker of ${this.name} ${why}`, 'ERR_WORKER');
  }
}
