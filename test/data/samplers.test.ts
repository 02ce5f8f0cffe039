// The samplers against torch.utils.data's: the same indices for a generator seeded with seed + epoch
// (differential, several sizes, seeds, epochs and options), and the DataLoader visiting them.
import { describe, expect, it } from 'vitest';
import { data } from '../../lib/index.js';
import { pythonEval } from '../helpers/python.js';

const SETUP = [
  'from torch.utils.data import RandomSampler, SubsetRandomSampler, WeightedRandomSampler',
  'g = lambda s: torch.Generator().manual_seed(s)',
].join('\n');

describe('samplers give PyTorch\'s indices', () => {
  it('RandomSampler: permutations, more samples than the dataset, and draws with replacement', () => {
    const cases: [number, { replacement?: boolean; numSamples?: number; seed: number }][] = [];
    for (const n of [1, 5, 100]) {
      for (const seed of [0, 7]) {
        cases.push([n, { seed }], [n, { seed, numSamples: 2 * n + 3 }]);
        cases.push([n, { seed, replacement: true }], [n, { seed, replacement: true, numSamples: 70 }]);
      }
    }
    const ours: number[][] = [];
    const exprs: string[] = [];
    for (const [n, o] of cases) {
      const s = new data.RandomSampler(n, o);
      for (const epoch of [0, 2]) {
        ours.push(s.indices(epoch));
        exprs.push(`list(RandomSampler(range(${n}), replacement=${o.replacement ? 'True' : 'False'}, num_samples=${o.numSamples ?? 'None'}, ` +
          `generator=g(${o.seed + epoch})))`);
      }
    }
    expect(ours).toEqual(pythonEval(exprs, SETUP));
  });

  it('SubsetRandomSampler and WeightedRandomSampler (with and without replacement)', () => {
    const subset = [3, 9, 4, 17, 0, 11];
    const weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6, 0, 2];
    const ours: number[][] = [];
    const exprs: string[] = [];
    for (const seed of [0, 1, 42]) {
      ours.push(new data.SubsetRandomSampler(subset, { seed }).indices(0));
      exprs.push(`list(SubsetRandomSampler(${JSON.stringify(subset)}, generator=g(${seed})))`);
      for (const [count, replacement] of [[5, true], [40, true], [5, false], [7, false]] as const) {
        ours.push(new data.WeightedRandomSampler(weights, count, { replacement, seed }).indices(1));
        exprs.push(`list(WeightedRandomSampler(${JSON.stringify(weights)}, ${count}, replacement=${replacement ? 'True' : 'False'}, generator=g(${seed + 1})))`);
      }
    }
    expect(ours).toEqual(pythonEval(exprs, SETUP));
  });

  it('the DataLoader visits a sampler\'s indices, epoch by epoch; SequentialSampler is the identity', async () => {
    const items = Array.from({ length: 12 }, (_, i) => i);
    const sampler = new data.WeightedRandomSampler(items.map((i) => (i < 6 ? 1 : 5)), 12, { seed: 3 });
    const loader = new data.DataLoader(items, { batchSize: 5, sampler, collate: (xs: number[]) => xs });
    for (const epoch of [0, 1]) {
      const seen: number[] = [];
      for await (const batch of loader) seen.push(...batch);
      expect(seen).toEqual(sampler.indices(epoch));
    }
    expect(new data.SequentialSampler(items).indices()).toEqual(items);
  });

  it('BatchSampler groups a sampler\'s indices as PyTorch\'s does; the DataLoader yields those batches and resumes among them', async () => {
    const ours: number[][][] = [];
    const exprs: string[] = [];
    for (const [batchSize, dropLast] of [[3, false], [3, true], [4, false]] as const) {
      ours.push(new data.BatchSampler(new data.RandomSampler(10, { seed: 5 }), batchSize, dropLast).batches(0));
      exprs.push(`list(BatchSampler(RandomSampler(range(10), generator=g(5)), ${batchSize}, ${dropLast ? 'True' : 'False'}))`);
    }
    expect(ours).toEqual(pythonEval(exprs, `${SETUP}\nfrom torch.utils.data import BatchSampler`));

    const items = Array.from({ length: 10 }, (_, i) => i);
    const batchSampler = new data.BatchSampler(new data.RandomSampler(items, { seed: 5 }), 3);
    const loader = new data.DataLoader(items, { batchSampler, collate: (xs: number[]) => xs });
    expect(loader.length).toBe(4);
    const seen: number[][] = [];
    for await (const batch of loader) seen.push(batch);
    expect(seen).toEqual(batchSampler.batches(0));
    // Resume after two batches of epoch 1: the rest of that epoch's batches.
    const again = new data.DataLoader(items, { batchSampler, collate: (xs: number[]) => xs });
    again.loadState({ seed: again.seed, epoch: 1, batch: 2 });
    const rest: number[][] = [];
    for await (const batch of again) rest.push(batch);
    expect(rest).toEqual(batchSampler.batches(1).slice(2));
    // A batch sampler of one's own: batches of items of similar size.
    const bySize = { length: 2, batches: () => [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]] };
    const custom: number[][] = [];
    for await (const batch of new data.DataLoader(items, { batchSampler: bySize, collate: (xs: number[]) => xs })) custom.push(batch);
    expect(custom).toEqual(bySize.batches());
  });

  it('refuses bad arguments, naming them', () => {
    const bs = new data.BatchSampler(new data.SequentialSampler(4), 2);
    expect(() => new data.DataLoader([1, 2, 3, 4], { batchSampler: bs, batchSize: 2 })).toThrow(/batchSampler decides the batches, so batchSize cannot be given/);
    expect(() => new data.DataLoader([1, 2, 3, 4], { batchSampler: bs, shuffle: true })).toThrow(/so shuffle cannot be given/);
    expect(() => new data.DataLoader([1, 2], { batchSampler: {} as never })).toThrow(/expected batchSampler to be a batch sampler/);
    expect(() => new data.BatchSampler({} as never, 2)).toThrow(/BatchSampler\(\): expected sampler to be a sampler/);
    expect(() => new data.BatchSampler(new data.SequentialSampler(4), 0)).toThrow(/expected batchSize to be a positive integer/);
    expect(() => new data.RandomSampler(0)).toThrow(/RandomSampler\(\): expected dataSource to be a non-empty dataset/);
    expect(() => new data.RandomSampler(5, { numSamples: 0 })).toThrow(/expected numSamples to be a positive integer/);
    expect(() => new data.RandomSampler(5, { replacment: true } as never)).toThrow(/Did you mean 'replacement'/);
    expect(() => new data.WeightedRandomSampler([1, -1], 1)).toThrow(/expected weights to be a non-empty array of non-negative finite numbers/);
    expect(() => new data.WeightedRandomSampler([1, 0, 2], 3, { replacement: false })).toThrow(/expected numSamples to be at most 2/);
    expect(() => new data.SubsetRandomSampler([1, 1.5])).toThrow(/expected indices to be an array of non-negative integers/);
    expect(() => new data.RandomSampler(5).indices(-1)).toThrow(/RandomSampler.indices\(\): expected epoch to be a non-negative integer/);
  });
});
