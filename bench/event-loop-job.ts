/**
 * The job module of bench/event-loop.ts's off-thread side: the same training setup its in-thread
 * side builds (examples/shared/fashion-cnn.ts), optionally with fewer libtorch threads in the worker.
 */
import { torch } from '../lib/index.js';
import { cnnTraining } from '../examples/shared/fashion-cnn.js';

/** What bench/event-loop.ts passes. */
export interface EventLoopJobArgs {
  steps: number;
  batchSize: number;
  /** `torch.setNumThreads` in the worker, before anything runs there; default libtorch's. */
  threads?: number;
}

export default function eventLoopJob(args: EventLoopJobArgs) {
  if (args.threads !== undefined) torch.setNumThreads(args.threads);
  return cnnTraining({ maxSteps: args.steps, batchSize: args.batchSize });
}
