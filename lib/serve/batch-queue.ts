/**
 * BatchQueue: micro-batching for a service. Concurrent single-sample requests are gathered into one
 * batch, run once (off the JS thread with a ScriptModule or an AOTIModel), and each caller gets its
 * own row of the output. On a CPU, one forward of 32 samples costs far less than 32 forwards of one.
 * @module
 */
import { TorchError, checkOptions, invalidArg, isInt } from '../errors.js';
import { AOTIModel } from '../aoti.js';
import { ScriptModule } from '../jit/script-module.js';
import { Tensor } from '../tensor/tensor.js';
import { stack } from '../tensor/functions.js';
import { tidy, keep } from '../tensor/scope.js';

/** What a BatchQueue runs: a ScriptModule or AOTIModel (async, off the JS thread), or a function of the batch. */
export type BatchModel = ScriptModule | AOTIModel | ((batch: Tensor) => Tensor | Promise<Tensor>);

/** Options of {@link BatchQueue}. */
export interface BatchQueueOptions {
  /** Most samples in one batch. Default 32. */
  maxBatch?: number;
  /**
   * How long the first request of a batch waits for others, in ms. Default 2. A batch also starts
   * when `maxBatch` requests are waiting, and batches run one at a time: requests that come while
   * one runs form the next.
   */
  maxDelayMs?: number;
}

interface Request {
  input: Tensor;
  resolve: (t: Tensor) => void;
  reject: (e: Error) => void;
}

/** What a {@link BatchQueue} has done so far. */
export interface BatchQueueStats {
  /** Batches run. */
  batches: number;
  /** Samples answered (or failed) in them. */
  samples: number;
  /** The largest batch. */
  largestBatch: number;
}

/**
 * Gathers concurrent `predict(sample)` calls into batches for `model`: each sample (without the
 * batch dimension) is stacked with the others waiting, the batch runs once, and each caller gets its
 * row of the output (the output's first dimension must be the batch). An error in a batch rejects
 * the calls of that batch only.
 *
 * @example
 * ```ts
 * const queue = new serve.BatchQueue(torch.jit.load('model.pt'), { maxBatch: 32, maxDelayMs: 2 });
 * app.post('/predict', async (req, res) => res.json((await queue.predict(imageTensor(req))).toArray()));
 * ```
 */
export class BatchQueue {
  /** Most samples in one batch. */
  readonly maxBatch: number;
  /** How long the first request of a batch waits for others, in ms. */
  readonly maxDelayMs: number;
  /** Runs the model on the samples as one batch (stacked natively, off the JS thread, for a ScriptModule or an AOTIModel). */
  readonly #run: (samples: Tensor[]) => Promise<Tensor>;
  readonly #waiting: Request[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #closed = false;
  readonly #stats: BatchQueueStats = { batches: 0, samples: 0, largestBatch: 0 };

  /** @throws TypeError for a bad model or option, naming it. */
  constructor(model: BatchModel, options: BatchQueueOptions = {}) {
    const op = 'BatchQueue';
    checkOptions(op, options, ['maxBatch', 'maxDelayMs']);
    const maxBatch = options.maxBatch ?? 32;
    if (!isInt(maxBatch) || maxBatch < 1) invalidArg(op, 'maxBatch', 'a positive integer', maxBatch);
    const maxDelayMs = options.maxDelayMs ?? 2;
    if (typeof maxDelayMs !== 'number' || !(maxDelayMs >= 0) || !Number.isFinite(maxDelayMs)) {
      invalidArg(op, 'maxDelayMs', 'a non-negative number of milliseconds', maxDelayMs);
    }
    this.maxBatch = maxBatch;
    this.maxDelayMs = maxDelayMs;
    if (model instanceof ScriptModule) {
      this.#run = async (samples) => single(op, await model._forwardStackedAsync(samples, 'BatchQueue'));
    } else if (model instanceof AOTIModel) {
      this.#run = async (samples) => single(op, (await model._runStackedAsync(samples, 'BatchQueue'))[0]);
    } else if (typeof model === 'function') {
      this.#run = async (samples) => {
        const batch = keep(tidy(() => stack(samples, 0)));
        try {
          return single(op, await model(batch));
        } finally {
          batch.dispose();
        }
      };
    } else {
      invalidArg(op, 'model', 'a ScriptModule, an AOTIModel or a function (batch) => output', model);
    }
  }

  /** Queues one sample (no batch dimension); resolves with its row of the batch's output. */
  async predict(sample: Tensor): Promise<Tensor> {
    if (!(sample instanceof Tensor)) invalidArg('BatchQueue.predict', 'sample', 'a Tensor (one sample, without the batch dimension)', sample);
    if (this.#closed) throw new TorchError('BatchQueue.predict: the queue was closed', 'ERR_STATE');
    // A copy, made before predict returns: the caller may dispose its tensor before the batch is made.
    const input = keep(tidy(() => sample.clone()));
    return new Promise<Tensor>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  /** How many batches and samples it has run. */
  get stats(): BatchQueueStats {
    return { ...this.#stats };
  }

  /** Refuses new requests; those waiting are still answered. */
  close(): void {
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#running) return; // the running batch's end starts the next
    if (this.#waiting.length >= this.maxBatch) {
      this.#dispatch();
    } else if (this.#timer === null && this.#waiting.length > 0) {
      this.#timer = setTimeout(() => this.#dispatch(), this.maxDelayMs);
    }
  }

  #dispatch(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#waiting.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.#running = true;
    this.#stats.batches++;
    this.#stats.samples += batch.length;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.length);
    void this.#runBatch(batch).finally(() => {
      this.#running = false;
      // Requests that came meanwhile have waited long enough: no further delay.
      if (this.#waiting.length > 0) this.#dispatch();
    });
  }

  async #runBatch(batch: Request[]): Promise<void> {
    let output: Tensor | null = null;
    try {
      output = await this.#run(batch.map((r) => r.input));
      const out = output;
      if (out.ndim === 0 || out.shape[0] !== batch.length) {
        throw new TorchError(`BatchQueue: the model returned shape [${out.shape}] for a batch of ${batch.length}; its first dimension must be the batch`,
          'ERR_STATE');
      }
      const rows = tidy(() => batch.map((_, i) => out.select(0, i)));
      batch.forEach((r, i) => r.resolve(rows[i]));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const r of batch) r.reject(error);
    } finally {
      output?.dispose();
      for (const r of batch) r.input.dispose();
    }
  }
}

function single(op: string, out: unknown): Tensor {
  if (out instanceof Tensor) return out;
  if (Array.isArray(out) && out[0] instanceof Tensor) return out[0];
  throw new TorchError(`${op}: the model must return a Tensor (or outputs whose first is a Tensor) to be split into rows`, 'ERR_STATE');
}
