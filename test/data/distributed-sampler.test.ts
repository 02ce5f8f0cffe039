// DistributedSampler against PyTorch's torch.utils.data.DistributedSampler: the same index lists for
// the same arguments (differential; the shuffle is libtorch's randperm under seed + epoch in both).
import { describe, expect, it } from 'vitest';
import { data, distributed as dist } from '../../lib/index.js';
import { pythonEval } from '../helpers/python.js';

const CASES: { n: number; replicas: number; shuffle: boolean; seed: number; dropLast: boolean }[] = [];
for (const n of [0, 1, 7, 10, 101]) {
  for (const replicas of [1, 2, 3, 4]) {
    for (const [shuffle, seed, dropLast] of [[true, 0, false], [true, 42, true], [false, 0, false], [false, 0, true]] as const) {
      CASES.push({ n, replicas, shuffle, seed, dropLast });
    }
  }
}
// A dataset smaller than the padding needs (it repeats the indices more than once).
CASES.push({ n: 2, replicas: 5, shuffle: true, seed: 3, dropLast: false });

describe('DistributedSampler', () => {
  it('gives PyTorch\'s index lists (every rank, epochs 0 to 2)', () => {
    const exprs: string[] = [];
    const ours: number[][] = [];
    for (const c of CASES) {
      for (let rank = 0; rank < c.replicas; rank++) {
        const options = { numReplicas: c.replicas, rank, shuffle: c.shuffle, seed: c.seed, dropLast: c.dropLast };
        const s = new data.DistributedSampler(c.n, options);
        for (const epoch of [0, 1, 2]) {
          ours.push(s.indices(epoch));
          exprs.push(`sampler_indices(${c.n}, ${c.replicas}, ${rank}, ${c.shuffle ? 'True' : 'False'}, ${c.seed}, ` +
            `${c.dropLast ? 'True' : 'False'}, ${epoch})`);
        }
      }
    }
    const setup = [
      'from torch.utils.data import DistributedSampler',
      'def sampler_indices(n, replicas, rank, shuffle, seed, drop_last, epoch):',
      '    s = DistributedSampler(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last)',
      '    s.set_epoch(epoch)',
      '    return list(s)',
    ].join('\n');
    expect(ours).toEqual(pythonEval(exprs, setup));
  });

  it('feeds a DataLoader each epoch\'s share without a setEpoch call; length and iteration agree', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const sampler = new data.DistributedSampler(items, { numReplicas: 3, rank: 1, seed: 5 });
    const loader = new data.DataLoader(items, { batchSize: 2, sampler, collate: (xs) => xs });
    expect([sampler.length, sampler.totalSize, loader.length]).toEqual([4, 12, 2]);
    for (const epoch of [0, 1]) {
      const seen: number[] = [];
      for await (const batch of loader) seen.push(...batch);
      expect(seen).toEqual(sampler.indices(epoch));
    }
    expect(sampler.indices(0)).not.toEqual(sampler.indices(1));
    sampler.setEpoch(1);
    expect([...sampler]).toEqual(sampler.indices(1));
  });

  it('refuses bad arguments, naming them', () => {
    expect(() => new data.DistributedSampler(10, { numReplicas: 2, rank: 2 })).toThrow(/expected rank to be an integer in \[0, 1\], but received 2/);
    expect(() => new data.DistributedSampler(10, { numReplicas: 0, rank: 0 })).toThrow(/expected numReplicas to be a positive integer/);
    expect(() => new data.DistributedSampler(-1, { numReplicas: 1, rank: 0 })).toThrow(/expected dataset to be a dataset with a length/);
    expect(() => new data.DistributedSampler(10, { numReplicas: 1, rank: 0, sed: 1 } as never)).toThrow(/Did you mean 'seed'/);
    expect(() => new data.DistributedSampler(10)).toThrow(/no process group; call await distributed.initProcessGroup\(\) first/);
    expect(dist.isInitialized()).toBe(false);
    const sampler = new data.DistributedSampler(4, { numReplicas: 1, rank: 0 });
    expect(() => new data.DataLoader([1, 2, 3, 4], { sampler, shuffle: true })).toThrow(/expected shuffle to be false with a sampler/);
    expect(() => new data.DataLoader([1, 2], { sampler: {} as never })).toThrow(/expected sampler to be a sampler \(an integer length and indices\(epoch\)\)/);
    expect(() => sampler.setEpoch(-1)).toThrow(/expected epoch to be a non-negative integer/);
  });
});
