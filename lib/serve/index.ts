/**
 * `serve`: what a service that answers with a model needs beyond the model: micro-batching of
 * concurrent requests.
 * @module
 */
export { type BatchModel, BatchQueue, type BatchQueueOptions, type BatchQueueStats } from './batch-queue.js';
