/**
 * DataLoader: batches of a dataset, shuffled reproducibly, with the next batch prepared ahead.
 * @module
 */
import { TorchError, checkOptions, invalidArg, isInt } from '../errors.js';
import { tidy } from '../tensor/scope.js';
import { type CollateFn, type Collated, defaultCollate } from './collate.js';
import { type DatasetLike, IterableDataset, hasAsyncGet, isDatasetLike } from './dataset.js';
import { Generator } from './generator.js';
import type { BatchSamplerLike, Sampler } from './samplers.js';
import { initialSeed } from '../tensor/functions.js';
import { disposeBatch, disposeExcept, keepAll, tensorsOf } from './tree.js';
import { isThenable } from '../util.js';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions<T, B> {
  /** Items per batch. Default 1. */
  batchSize?: number;
  /** Visit the items in a new random order each epoch. Default false. Not for iterable datasets. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
  /**
   * Seed of the shuffling order. Default: `torch.initialSeed()` when the loader is made (fixed by
   * `torch.manualSeed`, random per process otherwise, as in PyTorch).
   */
  seed?: number;
  /** Makes a batch of a list of items. Default {@link defaultCollate}. */
  collate?: CollateFn<T, B>;
  /** How many batches to prepare ahead of the one being used. Default 1; 0 prepares each batch when asked. */
  prefetch?: number;
  /**
   * Gives the indices each epoch visits, instead of `shuffle`: e.g. a `RandomSampler`, a `WeightedRandomSampler` or a `DistributedSampler`
   * for this rank's share. The loader asks it for epoch `e`'s indices, so no `setEpoch` call is needed.
   */
  sampler?: Sampler;
  /**
   * Gives each epoch's batches as lists of indices (a `BatchSampler`, or your own `{ length,
   * batches(epoch) }`), instead of `batchSize`, `shuffle`, `sampler` and `dropLast`, as PyTorch's
   * `batch_sampler`.
   */
  batchSampler?: BatchSamplerLike;
}

/** Where a DataLoader is in its sequence of epochs: what {@link DataLoader.state} returns. */
export interface DataLoaderState {
  /** The shuffling seed. */
  seed: number;
  /** The epoch being iterated, or the next one when no iteration is in progress. */
  epoch: number;
  /** How many batches of that epoch have been handed out (0 when none is in progress). */
  batch: number;
}

const OPTIONS = ['batchSize', 'shuffle', 'dropLast', 'seed', 'collate', 'prefetch', 'sampler', 'batchSampler'] as const;

type Source<T> = DatasetLike<T> | IterableDataset<T> | AsyncIterable<T> | Iterable<T>;

// Marks a promise as handled (a prefetched batch may fail before it is awaited) and returns it.
function handled<P extends Promise<unknown>>(p: P): P {
  p.catch(() => {});
  return p;
}

/**
 * Iterates over a dataset in batches, as `torch.utils.data.DataLoader`:
 * `for await (const batch of loader)`.
 *
 * **Order.** Without `shuffle`, items come in index order. With it, epoch `e` visits the items in
 * a permutation drawn from a {@link Generator} seeded with `(seed, e)` only: the order is
 * reproducible, differs between epochs, and does not depend on libtorch's global generator (a
 * model that draws more random numbers does not change it). Each `for await` over the loader runs
 * one epoch and then advances {@link epoch}; {@link setEpoch} picks an epoch explicitly.
 *
 * **Resuming.** {@link DataLoader.state | state()} (taken inside the loop; also named `stateDict`) says which epoch is
 * running and how many batches it has handed out; {@link loadState} (`loadStateDict`) on a new
 * loader makes its next iteration continue from the following batch with the same order. Breaking out of a loop ends that epoch, as in
 * PyTorch: the next iteration starts the next epoch from its first batch.
 *
 * **Batches** are collated with `collate` ({@link defaultCollate}: tensors stacked, numbers made
 * tensors, recursively through arrays and objects). For a {@link TensorDataset} (or a Subset of
 * one, or a dataset with `getBatch`) and the default collate, each batch is gathered with one
 * `indexSelect` per tensor instead.
 *
 * **Prefetch.** While the consumer uses batch `k`, batch `k+1` is already made (up to `prefetch`
 * batches ahead): for a synchronous dataset it is computed before batch `k` is handed out; for an
 * asynchronous one (`get` returns a Promise) its `get` calls are started, and run while the consumer
 * works. Batches always come out in order.
 *
 * **Memory.** The batches a loader hands out belong to the consumer: they are in no `tidy` scope
 * and are not released by the loader. Dispose them after the step ({@link disposeBatch}), or let
 * the Trainer do it. Everything else the loader makes (items, index tensors, prefetched batches
 * of an abandoned epoch) it releases itself.
 *
 * @example
 * ```ts
 * const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 64, shuffle: true, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for await (const [xb, yb] of loader) {
 *     torch.tidy(() => train(xb, yb));
 *     xb.dispose(); yb.dispose();
 *   }
 * }
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B> {
  /** The dataset, as given. */
  readonly dataset: Source<T>;
  /** Items per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the items in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last batch smaller than `batchSize` is dropped. */
  readonly dropLast: boolean;
  /** How many batches are prepared ahead of the one in use. */
  readonly prefetch: number;
  private readonly collateFn: CollateFn<T, B> | null;
  private readonly mapStyle: DatasetLike<T> | null;
  /** The sampler that orders each epoch, if one was given. */
  readonly sampler: Sampler | null;
  /** The batch sampler that makes each epoch's batches, if one was given. */
  readonly batchSampler: BatchSamplerLike | null;
  private seedValue: number;
  private epochValue = 0;
  private startBatch = 0;
  private consumed = 0;
  private running = false;

  /**
   * @param dataset a {@link Dataset} (or any `{ length, get }`), an {@link IterableDataset} (or any
   *   iterable or async iterable), or an array of items.
   * @param options batching, order, collate and prefetch; see {@link DataLoaderOptions}.
   * @throws TypeError for a bad option (naming it), or `shuffle` with an iterable dataset.
   */
  constructor(dataset: DatasetLike<T> | IterableDataset<T> | AsyncIterable<T> | Iterable<T>, options?: DataLoaderOptions<T, B>) {
    const op = 'DataLoader';
    checkOptions(op, options, OPTIONS);
    const o = options ?? {};
    const batchSize = o.batchSize ?? 1;
    if (!isInt(batchSize) || batchSize < 1) invalidArg(op, 'batchSize', 'a positive integer', batchSize);
    for (const name of ['shuffle', 'dropLast'] as const) {
      if (o[name] !== undefined && typeof o[name] !== 'boolean') invalidArg(op, name, 'a boolean', o[name]);
    }
    if (o.seed !== undefined && (!isInt(o.seed) || o.seed < 0)) invalidArg(op, 'seed', 'a non-negative integer', o.seed);
    if (o.collate !== undefined && typeof o.collate !== 'function') invalidArg(op, 'collate', 'a function (items) => batch', o.collate);
    const prefetch = o.prefetch ?? 1;
    if (!isInt(prefetch) || prefetch < 0) invalidArg(op, 'prefetch', 'a non-negative integer', prefetch);
    if (o.sampler !== undefined) {
      const sampler = o.sampler as Partial<Sampler> | null;
      if (!sampler || typeof sampler.indices !== 'function' || !isInt(sampler.length)) {
        invalidArg(op, 'sampler', 'a sampler (an integer length and indices(epoch)), e.g. a DistributedSampler', o.sampler);
      }
      if (o.shuffle) throw new TypeError('DataLoader(): expected shuffle to be false with a sampler (the sampler decides the order), but received true');
    }
    if (o.batchSampler !== undefined) {
      const bs = o.batchSampler as Partial<BatchSamplerLike> | null;
      if (!bs || typeof bs.batches !== 'function' || !isInt(bs.length)) {
        invalidArg(op, 'batchSampler', 'a batch sampler (an integer length and batches(epoch)), e.g. a BatchSampler', o.batchSampler);
      }
      for (const name of ['batchSize', 'shuffle', 'sampler', 'dropLast'] as const) {
        if (o[name] !== undefined) {
          throw new TypeError(`DataLoader(): batchSampler decides the batches, so ${name} cannot be given with it (PyTorch's rule too)`);
        }
      }
    }
    if (Array.isArray(dataset)) {
      const items = dataset as T[];
      this.mapStyle = { length: items.length, get: (i: number) => items[i] };
    } else if (isDatasetLike(dataset)) {
      this.mapStyle = dataset as DatasetLike<T>;
    } else if (dataset !== null && typeof dataset === 'object' && (Symbol.asyncIterator in dataset || Symbol.iterator in dataset)) {
      this.mapStyle = null;
      if (o.shuffle) {
        throw new TypeError('DataLoader(): expected shuffle to be false for an iterable dataset (it has no random access), but received true');
      }
    } else {
      invalidArg(op, 'dataset', 'a Dataset (length and get), an IterableDataset, an iterable or an array', dataset);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = o.shuffle ?? false;
    this.dropLast = o.dropLast ?? false;
    this.prefetch = prefetch;
    this.collateFn = o.collate ?? null;
    this.seedValue = o.seed ?? initialSeed();
    this.sampler = o.sampler ?? null;
    this.batchSampler = o.batchSampler ?? null;
    if (this.batchSampler && !this.mapStyle) throw new TypeError('DataLoader(): a batchSampler needs a dataset with random access (length and get), not an iterable');
    if (this.sampler && !this.mapStyle) throw new TypeError('DataLoader(): a sampler needs a dataset with random access (length and get), not an iterable');
  }

  /** The shuffling seed. */
  get seed(): number {
    return this.seedValue;
  }

  /** The epoch the running iteration uses, or the next iteration will. */
  get epoch(): number {
    return this.epochValue;
  }

  /** The number of batches in an epoch. Throws for an iterable dataset whose length is unknown. */
  get length(): number {
    if (this.batchSampler) return this.batchSampler.length;
    const n = this.sampler ? this.sampler.length : this.mapStyle ? this.mapStyle.length : (this.dataset as { length?: unknown }).length;
    if (!isInt(n)) {
      throw new TorchError('DataLoader.length: the dataset is an iterable without a length, so the number of batches is unknown; ' +
        'set the IterableDataset\'s length to know it', 'ERR_STATE');
    }
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Makes the next iteration run epoch `epoch` (its shuffling order) from its first batch. */
  setEpoch(epoch: number): void {
    if (!isInt(epoch) || epoch < 0) invalidArg('DataLoader.setEpoch', 'epoch', 'a non-negative integer', epoch);
    this.epochValue = epoch;
    this.startBatch = 0;
    this.consumed = 0;
  }

  /** The position to save in a checkpoint: `{ seed, epoch, batch }` (JSON-serialisable). */
  state(): DataLoaderState {
    return { seed: this.seedValue, epoch: this.epochValue, batch: this.running ? this.consumed : this.startBatch };
  }

  /**
   * Restores a position from {@link DataLoader.state | state()}: the next iteration runs that epoch with that seed,
   * skipping the batches already handed out (an IterableDataset reads and drops their items).
   */
  loadState(state: DataLoaderState): void {
    this.restore('DataLoader.loadState', state);
  }

  // loadState and loadStateDict, each under its own name in errors.
  private restore(op: string, state: DataLoaderState): void {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) invalidArg(op, 'state', 'an object from DataLoader.state()', state);
    checkOptions(op, state, ['seed', 'epoch', 'batch']);
    for (const k of ['seed', 'epoch', 'batch'] as const) {
      if (!isInt(state[k]) || state[k] < 0) invalidArg(op, `state.${k}`, 'a non-negative integer', state[k]);
    }
    this.seedValue = state.seed;
    this.epochValue = state.epoch;
    this.startBatch = state.batch;
    this.consumed = state.batch;
  }

  /** Same as {@link DataLoader.state | state()}, under the name torchts' checkpoints use for stateful objects. */
  stateDict(): DataLoaderState {
    return this.state();
  }

  /** Same as {@link loadState}. */
  loadStateDict(state: DataLoaderState): void {
    this.restore('DataLoader.loadStateDict', state);
  }

  /**
   * A loader over the same dataset with the same batching, collate and prefetch, whose epochs visit
   * the indices `sampler` gives (what `strategy: 'ddp'` does to give each rank its share).
   */
  withSampler(sampler: Sampler): DataLoader<T, B> {
    if (!this.mapStyle) throw new TorchError('DataLoader.withSampler: an iterable dataset has no indices to sample', 'ERR_STATE');
    if (this.batchSampler) throw new TorchError('DataLoader.withSampler: this loader\'s batchSampler decides its batches', 'ERR_STATE');
    return new DataLoader<T, B>(this.dataset as DatasetLike<T>, {
      batchSize: this.batchSize, dropLast: this.dropLast, prefetch: this.prefetch, seed: this.seedValue, sampler,
      ...(this.collateFn ? { collate: this.collateFn } : {}),
    });
  }

  /** The order in which epoch `epoch` visits the dataset's indices. */
  indices(epoch = this.epochValue): number[] {
    if (!this.mapStyle) throw new TorchError('DataLoader.indices: an iterable dataset has no indices', 'ERR_STATE');
    if (!isInt(epoch) || epoch < 0) invalidArg('DataLoader.indices', 'epoch', 'a non-negative integer', epoch);
    if (this.sampler) return this.sampler.indices(epoch);
    const n = this.mapStyle.length;
    if (!this.shuffle) return Array.from({ length: n }, (_, i) => i);
    return Generator.fromParts(this.seedValue, epoch).permutation(n);
  }

  /** Iterates over one epoch's batches; see the class documentation. */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    const epoch = this.epochValue;
    const start = this.startBatch;
    this.startBatch = 0;
    this.consumed = start;
    this.running = true;
    const onYield = (k: number) => {
      if (this.epochValue === epoch) this.consumed = k;
    };
    const onEnd = () => {
      if (this.epochValue === epoch && this.running) {
        this.running = false;
        this.epochValue = epoch + 1;
        this.consumed = 0;
      }
    };
    const it = this.mapStyle ? this.iterateMap(this.mapStyle, epoch, start, onYield) : this.iterateStream(start, onYield);
    // The generator's finally runs on completion, on break (return()) and on errors.
    return (async function* () {
      try {
        yield* it;
      } finally {
        onEnd();
      }
    })();
  }

  private collate(items: T[]): B {
    return (this.collateFn ?? (defaultCollate as unknown as CollateFn<T, B>))(items);
  }

  // Starts (synchronous dataset: computes) batch k of a map-style dataset. Tensors made on the way
  // are released; the batch's own tensors are kept out of every scope.
  private fetchMap(ds: DatasetLike<T>, indices: number[]): Promise<B> {
    try {
      if (this.collateFn === null && typeof ds.getBatch === 'function') {
        let result: unknown;
        const batch = tidy(() => {
          result = ds.getBatch!(indices);
          return isThenable(result) ? null : keepAll(result as B);
        });
        return isThenable(result) ? handled(Promise.resolve(result as Promise<B>).then(keepAll)) : Promise.resolve(batch as B);
      }
      // An async get() must not run in a scope: its tensors made before its first await would be released.
      if (hasAsyncGet(ds)) {
        return handled(Promise.all(indices.map((i) => ds.get(i))).then((items) => this.collateOwned(items)));
      }
      let items: (T | Promise<T>)[] = [];
      const batch = tidy(() => {
        items = indices.map((i) => ds.get(i));
        return items.some(isThenable) ? null : keepAll(this.collate(items as T[]));
      });
      if (batch !== null) return Promise.resolve(batch);
      return handled(Promise.all(items).then((ready) => this.collateOwned(ready)));
    } catch (e) {
      return handled(Promise.reject(e));
    }
  }

  // Collates items that came out of no scope (async gets, streams) and releases their tensors.
  private collateOwned(items: T[]): B {
    let batch: B;
    try {
      batch = keepAll(tidy(() => this.collate(items)));
    } catch (e) {
      disposeBatch(items);
      throw e;
    }
    disposeExcept(items, tensorsOf(batch));
    return batch;
  }

  // Epoch `epoch`'s batches as index lists: the batch sampler's, or the order cut into batchSize runs.
  #batches(epoch: number): number[][] {
    if (this.batchSampler) return this.batchSampler.batches(epoch);
    const order = this.indices(epoch);
    const nb = this.dropLast ? Math.floor(order.length / this.batchSize) : Math.ceil(order.length / this.batchSize);
    return Array.from({ length: nb }, (_, k) => order.slice(k * this.batchSize, (k + 1) * this.batchSize));
  }

  private async *iterateMap(ds: DatasetLike<T>, epoch: number, start: number, onYield: (k: number) => void): AsyncGenerator<B> {
    const batches = this.#batches(epoch);
    const nb = batches.length;
    const pending: Promise<B>[] = [];
    let next = start;
    const launch = (depth = this.prefetch + 1) => {
      while (pending.length < depth && next < nb) pending.push(this.fetchMap(ds, batches[next++]));
    };
    try {
      for (let k = start; k < nb; k++) {
        launch();
        const batch = await pending.shift()!;
        launch(this.prefetch); // the next batches are computed (or their reads started) before this one is handed out
        onYield(k + 1);
        yield batch;
      }
    } finally {
      for (const p of pending) p.then(disposeBatch, () => {});
    }
  }

  private async *iterateStream(start: number, onYield: (k: number) => void): AsyncGenerator<B> {
    const src = this.dataset as AsyncIterable<T> | Iterable<T>;
    const iterator: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in src
      ? (src as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (src as Iterable<T>)[Symbol.iterator]();
    let done = false;
    const readItems = async (): Promise<T[] | null> => {
      const items: T[] = [];
      while (!done && items.length < this.batchSize) {
        const r = await iterator.next();
        if (r.done) done = true;
        else items.push(r.value);
      }
      if (items.length === 0 || (this.dropLast && items.length < this.batchSize)) {
        disposeBatch(items);
        return null;
      }
      return items;
    };
    // Reads are chained so that items arrive in order; each batch is collated as its items arrive.
    let chain: Promise<unknown> = Promise.resolve();
    const fetch = (): Promise<B | null> => {
      const p = chain.then(readItems).then((items) => (items === null ? null : this.collateOwned(items)));
      chain = p.catch(() => {});
      return handled(p);
    };
    const pending: Promise<B | null>[] = [];
    try {
      for (let k = 0; k < start; k++) {
        const items = await readItems(); // batches handed out before a resume: read and dropped
        if (items === null) return;
        disposeBatch(items);
      }
      for (let k = start; ; k++) {
        while (pending.length < this.prefetch + 1) pending.push(fetch());
        const batch = await pending.shift()!;
        if (batch === null) return;
        while (pending.length < this.prefetch) pending.push(fetch());
        onYield(k + 1);
        yield batch;
      }
    } finally {
      for (const p of pending) p.then(disposeBatch, () => {});
      if (!done && typeof iterator.return === 'function') {
        // Waits for pending reads, then closes the source.
        chain.then(() => iterator.return!()).catch(() => {});
      }
    }
  }
}
