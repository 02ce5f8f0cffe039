/**
 * The training job of examples/service.ts. The service starts it with `TrainingJob.start`, which
 * loads this module (compiled: dist/examples/service-job.js) in a worker thread and runs the fit it
 * returns there, so the service's own thread only answers requests.
 *
 * A job module's default export is `{ trainer, loader, options? }` or a function of the job's
 * `args` returning it; the same module works with `npx torchts lr-find dist/examples/service-job.js`.
 */
import { serialize, torch } from '../lib/index.js';
import { cnnTraining } from './shared/fashion-cnn.js';

/** What the service passes (plain data: it is structured-cloned into the worker). */
export interface ServiceJobArgs {
  /** Epochs to train. Default 1. */
  epochs?: number;
  /** Stop after this many optimizer steps; the one-cycle schedule is sized to it. */
  maxSteps?: number;
  /** libtorch threads of the worker (`torch.setNumThreads`); default libtorch's, one per core. */
  threads?: number;
  /** Where the final weights are written (safetensors) when the fit ends, aborted or not. */
  out?: string;
}

export default function serviceJob(args: ServiceJobArgs = {}) {
  if (args.threads !== undefined) torch.setNumThreads(args.threads);
  const setup = cnnTraining({ epochs: args.epochs, maxSteps: args.maxSteps, validate: true });
  const { trainer } = setup;
  // A job that has ended can no longer be asked for a snapshot, so the last weights leave as a
  // file; the service loads it when the job is done.
  if (args.out) trainer.callbacks.push({ onTrainEnd: () => serialize.saveFile(trainer.model.stateDict(), args.out!) });
  return setup;
}
