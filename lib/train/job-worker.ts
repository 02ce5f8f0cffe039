/**
 * The worker side of a {@link TrainingJob}: loads the job module in this thread (its own addon
 * instance, tensors and random generator), runs `trainer.fit`, reports every callback moment,
 * answers snapshot requests between batches, and sends the History or the error back as plain data.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tidy } from '../tensor/scope.js';
import type { Callback } from './callbacks.js';
import { loadTrainingSetup } from './job-module.js';
import { type FromWorker, type JobEvents, type TensorBytes, type ToWorker, errorToData, tensorToBytes } from './job-protocol.js';
import type { FitOptions, Trainer } from './trainer.js';

/** What the main thread passes when it starts the worker. */
export interface JobWorkerData {
  /** The job module, as a URL. */
  url: string;
  /** Passed to the module's default export when it is a function. */
  args: unknown;
}

const port = parentPort!;
const { url, args } = workerData as JobWorkerData;
const controller = new AbortController();
let trainer: Trainer | null = null;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function emit<K extends keyof JobEvents>(name: K, data: JobEvents[K]): void {
  post({ type: 'event', name, data } as FromWorker);
}

// Copies the model's state dict to bytes. It runs between two batches (the worker's event loop turns
// once per optimizer step), so training waits only for the copy.
function snapshot(id: number): void {
  try {
    if (trainer === null) throw new Error('snapshot(): the job has not built its Trainer yet');
    const model = trainer.model;
    const tensors = tidy(() => {
      const out: Record<string, TensorBytes> = {};
      for (const [name, t] of Object.entries(model.stateDict())) out[name] = tensorToBytes(t);
      return out;
    });
    post({ type: 'snapshot', id, tensors }, Object.values(tensors).map((t) => t.bytes));
  } catch (e) {
    post({ type: 'snapshotError', id, error: errorToData(e) });
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') controller.abort(m.reason);
  else if (m.type === 'snapshot') snapshot(m.id);
});

const reporter: Callback = {
  onTrainStart: () => emit('trainStart', {}),
  onEpochStart: (_t, epoch) => emit('epochStart', { epoch }),
  onBatchEnd: (_t, log) => emit('batchEnd', log),
  onValidationEnd: (_t, logs) => emit('validationEnd', logs),
  onEpochEnd: (_t, log) => emit('epochEnd', log),
  onTrainEnd: (_t, info) => emit('trainEnd', info),
};

async function run(): Promise<void> {
  const setup = await loadTrainingSetup<Trainer>(url, args, 'fit');
  trainer = setup.trainer;
  // First, so each moment reaches the main thread before the job's own callbacks act on it (or throw).
  trainer.callbacks.unshift(reporter);
  const options = (setup.options ?? {}) as FitOptions;
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const history = await trainer.fit(setup.loader, { ...options, signal });
  post({ type: 'done', history: { ...history } });
}

// Once the result is sent, the port no longer keeps the worker alive: it exits when its own work
// (output being flushed) is done, and its addon instance releases every tensor it held.
run().catch((e) => post({ type: 'error', error: errorToData(e) })).finally(() => port.unref());
