// DataLoader: batching, dropLast, shuffle order (reproducible, per epoch, independent of the global
// torch generator), collate, length, prefetch, resume (state/loadState), iterable datasets, memory.
import { describe, expect, it } from 'vitest';
import { type Tensor, TorchError, torch } from '../../lib/index.js';
import * as data from '../../lib/data/index.js';
import { expectTypeError } from '../helpers/errors.js';

const live = () => torch.memory().liveTensors;

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

/** The first column of every batch of a loader over TensorDataset(arange(n)) as numbers, then disposed. */
async function order(loader: data.DataLoader<Tensor[]>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const [x] of loader) {
    out.push((x.toArray() as number[]).map(Number));
    data.disposeBatch([x]);
  }
  return out;
}

const range = (n: number) => new data.TensorDataset(torch.arange(n));

describe('batching', () => {
  it('batches in order with a smaller last batch', async () => {
    const loader = new data.DataLoader(range(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(await order(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('dropLast drops the smaller last batch', async () => {
    const loader = new data.DataLoader(range(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(await order(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(new data.DataLoader(range(8), { batchSize: 4, dropLast: true }).length).toBe(2);
    expect(new data.DataLoader(range(3), { batchSize: 4, dropLast: true }).length).toBe(0);
  });

  it('batchSize defaults to 1, and batches several tensors', async () => {
    const x = torch.arange(6, { dtype: 'float32' }).reshape([3, 2]);
    const y = torch.tensor([7, 8, 9]);
    const batches = await collect(new data.DataLoader(new data.TensorDataset(x, y)));
    expect(batches.length).toBe(3);
    expect(batches[1][0].toArray()).toEqual([[2, 3]]);
    expect(batches[1][1].toArray()).toEqual([8]);
    expect(batches[1][1].dtype).toBe('int64');
  });

  it('accepts an array of items and any { length, get } object', async () => {
    const arr = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }];
    const batches = await collect(new data.DataLoader(arr, { batchSize: 2 }));
    expect(batches[0].a.toArray()).toEqual([1, 2]);
    expect(batches[0].b).toEqual(['x', 'y']);
    const obj = { length: 3, get: (i: number) => [torch.full([2], i), i * 0.5] as [Tensor, number] };
    const b2 = await collect(new data.DataLoader(obj, { batchSize: 3 }));
    expect(b2[0][0].toArray()).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(b2[0][1].dtype).toBe('float32');
    expect(b2[0][1].toArray()).toEqual([0, 0.5, 1]);
  });
});

describe('the TensorDataset fast path', () => {
  it('gives the same batches as stacking rows', async () => {
    torch.manualSeed(0);
    const x = torch.randn([37, 3, 4]);
    const y = torch.randint(0, 5, [37]);
    const ds = new data.TensorDataset(x, y);
    const opts = { batchSize: 8, shuffle: true, seed: 3 };
    const fast = await collect(new data.DataLoader(ds, opts));
    // A custom collate disables the fast path: rows are read with get() and stacked.
    const slow = await collect(new data.DataLoader(ds, { ...opts, collate: (items: Tensor[][]) => data.defaultCollate(items) }));
    const plain = await collect(new data.DataLoader({ length: ds.length, get: (i: number) => ds.get(i) }, opts));
    expect(fast.length).toBe(5);
    for (let k = 0; k < fast.length; k++) {
      expect(fast[k][0].equal(slow[k][0])).toBe(true);
      expect(fast[k][1].equal(slow[k][1])).toBe(true);
      expect(fast[k][0].equal(plain[k][0])).toBe(true);
      expect(fast[k][0].dtype).toBe('float32');
      expect(fast[k][1].dtype).toBe('int64');
    }
  });

  it('is used through a Subset, with the subset\'s indices', async () => {
    const ds = range(20);
    const sub = new data.Subset(ds, [5, 3, 19, 0]);
    expect(typeof sub.getBatch).toBe('function');
    expect(await order(new data.DataLoader(sub, { batchSize: 3 }))).toEqual([[5, 3, 19], [0]]);
  });
});

describe('shuffle', () => {
  it('visits every item once per epoch, in an order fixed by (seed, epoch)', async () => {
    const a = new data.DataLoader(range(50), { batchSize: 7, shuffle: true, seed: 11 });
    const e0 = (await order(a)).flat();
    const e1 = (await order(a)).flat();
    expect([...e0].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...e1].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(e0).not.toEqual(e1);
    expect(e0).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const b = new data.DataLoader(range(50), { batchSize: 7, shuffle: true, seed: 11 });
    expect((await order(b)).flat()).toEqual(e0);
    expect((await order(b)).flat()).toEqual(e1);
    const c = new data.DataLoader(range(50), { batchSize: 7, shuffle: true, seed: 12 });
    expect((await order(c)).flat()).not.toEqual(e0);
    expect(a.indices(0)).toEqual(e0);
  });

  it('does not depend on the global torch generator', async () => {
    const a = new data.DataLoader(range(40), { batchSize: 40, shuffle: true, seed: 5 });
    torch.manualSeed(1);
    const first = (await order(a)).flat();
    a.setEpoch(0);
    torch.manualSeed(999);
    torch.rand([100]).dispose();
    expect((await order(a)).flat()).toEqual(first);
    // The draws of a loader do not move the global generator either.
    torch.manualSeed(3);
    const r1 = torch.rand([4]).toArray();
    torch.manualSeed(3);
    await order(a);
    expect(torch.rand([4]).toArray()).toEqual(r1);
  });

  it('without a seed, follows torch.manualSeed at construction (not the generator\'s position)', async () => {
    torch.manualSeed(42);
    const a = new data.DataLoader(range(30), { batchSize: 30, shuffle: true });
    torch.rand([10]).dispose();
    torch.manualSeed(42);
    torch.rand([1000]).dispose();
    const b = new data.DataLoader(range(30), { batchSize: 30, shuffle: true });
    expect(a.seed).toBe(42);
    expect(await order(a)).toEqual(await order(b));
  });

  it('setEpoch picks an epoch\'s order', async () => {
    const a = new data.DataLoader(range(30), { batchSize: 30, shuffle: true, seed: 1 });
    await order(a);
    await order(a);
    const e2 = await order(a);
    expect(a.epoch).toBe(3);
    const b = new data.DataLoader(range(30), { batchSize: 30, shuffle: true, seed: 1 });
    b.setEpoch(2);
    expect(await order(b)).toEqual(e2);
    expect(b.epoch).toBe(3);
  });
});

describe('resume', () => {
  it('state() inside the loop and loadState() continue with the same batches', async () => {
    const full = new data.DataLoader(range(23), { batchSize: 4, shuffle: true, seed: 9 });
    await order(full); // epoch 0
    const epoch1 = await order(full);
    const a = new data.DataLoader(range(23), { batchSize: 4, shuffle: true, seed: 9 });
    a.setEpoch(1);
    let saved: data.DataLoaderState | null = null;
    let k = 0;
    for await (const [x] of a) {
      x.dispose();
      if (++k === 2) {
        saved = a.state();
        break;
      }
    }
    expect(saved).toEqual({ seed: 9, epoch: 1, batch: 2 });
    expect(a.state()).toEqual({ seed: 9, epoch: 2, batch: 0 }); // breaking ends the epoch
    const b = new data.DataLoader(range(23), { batchSize: 4, shuffle: true }); // seed comes with the state
    b.loadState(JSON.parse(JSON.stringify(saved)));
    expect(b.state()).toEqual(saved);
    expect(await order(b)).toEqual(epoch1.slice(2));
    expect(b.state()).toEqual({ seed: 9, epoch: 2, batch: 0 });
    expect(b.stateDict()).toEqual(b.state());
  });

  it('an iterable dataset resumes by reading and dropping the batches already handed out', async () => {
    class Stream extends data.IterableDataset<number> {
      async *[Symbol.asyncIterator]() { for (let i = 0; i < 9; i++) yield i; }
    }
    const loader = new data.DataLoader(new Stream(), { batchSize: 2 });
    loader.loadStateDict({ seed: 0, epoch: 4, batch: 3 });
    const rest = (await collect(loader)).map((b) => b.toArray());
    expect(rest).toEqual([[6, 7], [8]]);
    expect(loader.state()).toEqual({ seed: 0, epoch: 5, batch: 0 });
  });
});

describe('collate', () => {
  it('collates nested arrays and objects with a custom collate available', async () => {
    const ds = {
      length: 4,
      get: (i: number) => ({ image: torch.full([2, 2], i, { dtype: 'float32' }), meta: { id: i, ok: i % 2 === 0, name: `n${i}` }, pair: [i, torch.tensor([i, -i])] as [number, Tensor] }),
    };
    const [b] = await collect(new data.DataLoader(ds, { batchSize: 4 }));
    expect(b.image.shape).toEqual([4, 2, 2]);
    expect(b.meta.id.toArray()).toEqual([0, 1, 2, 3]);
    expect(b.meta.ok.dtype).toBe('bool');
    expect(b.meta.name).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(b.pair[0].dtype).toBe('int64');
    expect(b.pair[1].toArray()).toEqual([[0, 0], [1, -1], [2, -2], [3, -3]]);
    const custom = await collect(new data.DataLoader(ds, { batchSize: 2, collate: (items) => items.map((it) => it.meta.id) }));
    expect(custom).toEqual([[0, 1], [2, 3]]);
  });
});

describe('prefetch', () => {
  it('computes the next batch of a synchronous dataset before handing out the current one', async () => {
    const calls: number[] = [];
    const ds = { length: 6, get: (i: number) => { calls.push(i); return torch.tensor([i]); } };
    const seen: number[][] = [];
    for await (const b of new data.DataLoader(ds, { batchSize: 2 })) {
      seen.push([...calls]);
      b.dispose();
    }
    expect(seen).toEqual([[0, 1, 2, 3], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]]);
    calls.length = 0;
    const lazy: number[][] = [];
    for await (const b of new data.DataLoader(ds, { batchSize: 2, prefetch: 0 })) {
      lazy.push([...calls]);
      b.dispose();
    }
    expect(lazy).toEqual([[0, 1], [0, 1, 2, 3], [0, 1, 2, 3, 4, 5]]);
  });

  it('starts the next batch\'s async reads early and keeps batches in order', async () => {
    const started: number[] = [];
    class Slow extends data.Dataset<[Tensor, number]> {
      get length() { return 9; }
      async get(i: number): Promise<[Tensor, number]> {
        started.push(i);
        await new Promise((r) => setTimeout(r, (7 * i) % 5)); // completes out of order
        return [torch.tensor([i, i]), i];
      }
    }
    const seen: { labels: number[]; started: number }[] = [];
    for await (const [x, y] of new data.DataLoader(new Slow(), { batchSize: 2, prefetch: 2 })) {
      seen.push({ labels: (y.toArray() as number[]), started: started.length });
      expect(x.toArray()).toEqual((y.toArray() as number[]).map((v) => [v, v]));
      data.disposeBatch([x, y]);
    }
    expect(seen.map((s) => s.labels)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8]]);
    // When batch 0 is handed out, the reads of batches 1 and 2 have started.
    expect(seen[0].started).toBe(6);
  });
});

describe('iterable datasets', () => {
  it('batches a stream, with dropLast and a known length', async () => {
    async function* gen() { for (let i = 0; i < 7; i++) yield { v: i }; }
    const ds = data.IterableDataset.from(gen(), 7);
    const loader = new data.DataLoader(ds, { batchSize: 3 });
    expect(loader.length).toBe(3);
    const batches = await collect(loader);
    expect(batches.map((b) => b.v.toArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const dropped = await collect(new data.DataLoader(data.IterableDataset.from([1, 2, 3, 4, 5]), { batchSize: 2, dropLast: true }));
    expect(dropped.map((b) => b.toArray())).toEqual([[1, 2], [3, 4]]);
  });

  it('has no length without one, and refuses shuffle', () => {
    const loader = new data.DataLoader(data.IterableDataset.from([1, 2, 3]));
    expect(() => loader.length).toThrow(TorchError);
    expect(() => loader.length).toThrow(/iterable without a length/);
    expectTypeError(() => new data.DataLoader(data.IterableDataset.from([1]), { shuffle: true }),
      'DataLoader(): expected shuffle to be false for an iterable dataset (it has no random access), but received true');
  });

  it('subclasses work and their item tensors are released after collation', async () => {
    class Stream extends data.IterableDataset<Tensor> {
      override length = 10;
      async *[Symbol.asyncIterator]() { for (let i = 0; i < 10; i++) yield torch.full([3], i); }
    }
    const before = live();
    for await (const b of new data.DataLoader(new Stream(), { batchSize: 4 })) b.dispose();
    expect(live()).toBe(before);
  });
});

describe('memory', () => {
  it('stays flat over 50 epochs (shuffled TensorDataset, sync and async datasets)', async () => {
    torch.manualSeed(0);
    const ds = new data.TensorDataset(torch.randn([64, 8]), torch.randint(0, 3, [64]));
    const loader = new data.DataLoader(ds, { batchSize: 10, shuffle: true, seed: 0 });
    const rows = { length: 64, get: (i: number) => ({ x: ds.tensors[0].select(0, i).mul(2), y: i }) };
    const rowLoader = new data.DataLoader(rows, { batchSize: 16, shuffle: true, seed: 0, prefetch: 2 });
    const asyncRows = { length: 20, get: async (i: number) => [torch.full([2], i), i] as [Tensor, number] };
    const asyncLoader = new data.DataLoader(asyncRows, { batchSize: 6, prefetch: 1 });
    const before = live();
    for (let epoch = 0; epoch < 50; epoch++) {
      for await (const batch of loader) {
        torch.tidy(() => batch[0].sum().add(batch[1].sum())).dispose();
        data.disposeBatch(batch);
      }
      let k = 0;
      for await (const batch of rowLoader) {
        data.disposeBatch(batch);
        if (++k === 2) break; // abandoned epochs release their prefetched batches
      }
      for await (const batch of asyncLoader) data.disposeBatch(batch);
    }
    await new Promise((r) => setTimeout(r, 20)); // prefetched batches of broken loops are released asynchronously
    expect(live()).toBe(before);
  });
});

describe('errors', () => {
  it('names each bad option', () => {
    const ds = range(4);
    expectTypeError(() => new data.DataLoader(ds, { batchSize: 0 }), 'DataLoader(): expected batchSize to be a positive integer, but received 0 of type number');
    expectTypeError(() => new data.DataLoader(ds, { batchSize: 2.5 }), 'DataLoader(): expected batchSize to be a positive integer, but received 2.5 of type number');
    expectTypeError(() => new data.DataLoader(ds, { shuffle: 'yes' as never }), "DataLoader(): expected shuffle to be a boolean, but received 'yes' of type string");
    expectTypeError(() => new data.DataLoader(ds, { dropLast: 1 as never }), 'DataLoader(): expected dropLast to be a boolean, but received 1 of type number');
    expectTypeError(() => new data.DataLoader(ds, { seed: -1 }), 'DataLoader(): expected seed to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => new data.DataLoader(ds, { collate: 3 as never }), 'DataLoader(): expected collate to be a function (items) => batch, but received 3 of type number');
    expectTypeError(() => new data.DataLoader(ds, { prefetch: -1 }), 'DataLoader(): expected prefetch to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => new data.DataLoader(ds, { batchsize: 4 } as never), "DataLoader(): unknown option 'batchsize'. Did you mean 'batchSize'?");
    expectTypeError(() => new data.DataLoader(ds, { shufle: true } as never), "DataLoader(): unknown option 'shufle'. Did you mean 'shuffle'?");
    expectTypeError(() => new data.DataLoader(42 as never), 'DataLoader(): expected dataset to be a Dataset (length and get), an IterableDataset, an iterable or an array, but received 42 of type number');
    const loader = new data.DataLoader(ds);
    expectTypeError(() => loader.setEpoch(-2), 'DataLoader.setEpoch(): expected epoch to be a non-negative integer, but received -2 of type number');
    expectTypeError(() => loader.loadState({ seed: 1, epoch: 'x', batch: 0 } as never), "DataLoader.loadState(): expected state.epoch to be a non-negative integer, but received 'x' of type string");
    expectTypeError(() => loader.loadState({ seed: 1, epoch: 0, batch: 0, epochs: 1 } as never), "DataLoader.loadState(): unknown option 'epochs'. Did you mean 'epoch'?");
    expectTypeError(() => loader.loadState(null as never), 'DataLoader.loadState(): expected state to be an object from DataLoader.state(), but received null');
  });

  it('passes a dataset\'s error to the consumer at the failing batch', async () => {
    const ds = { length: 6, get: (i: number) => { if (i === 4) throw new Error('bad item 4'); return torch.tensor([i]); } };
    const got: number[] = [];
    await expect((async () => {
      for await (const b of new data.DataLoader(ds, { batchSize: 2 })) {
        got.push(...(b.toArray() as number[][]).flat());
        b.dispose();
      }
    })()).rejects.toThrow('bad item 4');
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it('collate errors name the item path', async () => {
    const ds = { length: 2, get: (i: number) => ({ x: i === 0 ? torch.zeros([2]) : 5 }) };
    await expect(collect(new data.DataLoader(ds, { batchSize: 2 }))).rejects.toThrow(/defaultCollate\(\): .*items\[1\]\.x/);
  });
});
