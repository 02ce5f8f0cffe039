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

  it('refuses bad arguments, naming them', () => {
    expect(() => new data.RandomSampler(0)).toThrow(/RandomSampler\(\): expected dataSource to be a non-empty dataset/);
    expect(() => new data.RandomSampler(5, { numSamples: 0 })).toThrow(/expected numSamples to be a positive integer/);
    expect(() => new data.RandomSampler(5, { replacment: true } as never)).toThrow(/Did you mean 'replacement'/);
    expect(() => new data.WeightedRandomSampler([1, -1], 1)).toThrow(/expected weights to be a non-empty array of non-negative finite numbers/);
    expect(() => new data.WeightedRandomSampler([1, 0, 2], 3, { replacement: false })).toThrow(/expected numSamples to be at most 2/);
    expect(() => new data.SubsetRandomSampler([1, 1.5])).toThrow(/expected indices to be an array of non-negative integers/);
    expect(() => new data.RandomSampler(5).indices(-1)).toThrow(/RandomSampler.indices\(\): expected epoch to be a non-negative integer/);
  });
});
