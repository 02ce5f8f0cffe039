/**
 * What crosses between a {@link TrainingJob} and its worker: plain data only. Tensor handles never
 * cross threads (each thread has its own addon instance and tensor table); a snapshot's tensors
 * cross as bytes, transferred, and errors as their class, code, message and stack.
 * @module
 */
import { TorchError, type TorchErrorCode } from '../errors.js';
import { native } from '../native.js';
import { type DType, dtypeCode } from '../tensor/dtype.js';
import { type Tensor, wrap } from '../tensor/tensor.js';

/** The Trainer callback moments a job reports, with what the callback received. */
export interface JobEvents {
  /** `onTrainStart`. */
  trainStart: Record<string, never>;
  /** `onEpochStart`, with the epoch number (1-based). */
  epochStart: {
    /** The epoch number (1-based). */
    epoch: number;
  };
  /** `onBatchEnd`, with the batch's StepLog. */
  batchEnd: import('./types.js').StepLog;
  /** `onValidationEnd`, with the validation loss and metrics. */
  validationEnd: Record<string, number>;
  /** `onEpochEnd`, with the EpochLog. */
  epochEnd: import('./types.js').EpochLog;
  /** `onTrainEnd`. */
  trainEnd: {
    /** Whether the fit's AbortSignal ended it. */
    aborted: boolean;
    /** Whether `trainer.stop()` ended it (e.g. EarlyStopping). */
    stoppedEarly: boolean;
  };
}

/** A tensor as bytes: its dtype, shape and contiguous data. */
export interface TensorBytes {
  dtype: DType;
  shape: number[];
  bytes: ArrayBuffer;
}

/** An error as plain data. */
export interface ErrorData {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Messages from the main thread to the worker. */
export type ToWorker = { type: 'abort'; reason: string } | { type: 'snapshot'; id: number };

/** Messages from the worker to the main thread. */
export type FromWorker =
  | { [K in keyof JobEvents]: { type: 'event'; name: K; data: JobEvents[K] } }[keyof JobEvents]
  | { type: 'snapshot'; id: number; tensors: Record<string, TensorBytes> }
  | { type: 'snapshotError'; id: number; error: ErrorData }
  | { type: 'done'; history: Record<string, unknown> }
  | { type: 'error'; error: ErrorData };

/** An error as plain data, keeping what the main thread needs to rebuild it. */
export function errorToData(e: unknown): ErrorData {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined, stack: e.stack };
  }
  return { name: 'Error', message: `a non-Error value was thrown: ${String(e)}` };
}

const CLASSES: Record<string, new (message: string) => Error> = {
  TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/**
 * The error an in-thread run would have thrown: the same class (TorchError with its code, the
 * built-in error classes by name, else Error with the same name), message, and the worker's stack
 * below the caller's.
 */
export function errorFromData(d: ErrorData, callerStack?: string): Error {
  let e: Error;
  if (d.name === 'TorchError') e = new TorchError(d.message, (d.code ?? 'ERR_TORCH') as TorchErrorCode);
  else if (CLASSES[d.name]) e = new CLASSES[d.name](d.message);
  else {
    e = new Error(d.message);
    e.name = d.name;
  }
  if (d.code !== undefined && d.name !== 'TorchError') (e as { code?: string }).code = d.code;
  const workerFrames = d.stack?.split('\n').slice(1).join('\n');
  e.stack = [`${e.name}: ${d.message}`, workerFrames && `    -- in the training job's worker --\n${workerFrames}`,
    callerStack && `    -- where the job was started --\n${callerStack.split('\n').slice(1).join('\n')}`].filter(Boolean).join('\n');
  return e;
}

/** A tensor's bytes (a copy, safe to transfer). */
export function tensorToBytes(t: Tensor): TensorBytes {
  return { dtype: t.dtype, shape: t.shape, bytes: native.rawData(t._h) };
}

/** A new CPU tensor from bytes. */
export function tensorFromBytes(b: TensorBytes): Tensor {
  return wrap(native.fromRaw(new Uint8Array(b.bytes), b.shape, dtypeCode('TrainingJob', b.dtype) as number, null));
}
