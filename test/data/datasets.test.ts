// Dataset protocols, TensorDataset, Subset, randomSplit, defaultCollate and the data Generator.
import { describe, expect, it } from 'vitest';
import { type Tensor, torch } from '../../lib/index.js';
import * as data from '../../lib/data/index.js';
import { expectRangeError, expectTypeError } from '../helpers/errors.js';

describe('TensorDataset', () => {
  it('returns the i-th rows, with negative indices from the end', () => {
    const x = torch.arange(12).reshape([4, 3]);
    const y = torch.tensor([10, 11, 12, 13]);
    const ds = new data.TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [xi, yi] = ds.get(2);
    expect(xi.toArray()).toEqual([6, 7, 8]);
    expect(yi.item()).toBe(12);
    expect(ds.get(-1)[1].item()).toBe(13);
    const [xb, yb] = ds.getBatch([3, 0, 3]);
    expect(xb.toArray()).toEqual([[9, 10, 11], [0, 1, 2], [9, 10, 11]]);
    expect(yb.toArray()).toEqual([13, 10, 13]);
  });

  it('rejects bad tensors and indices', () => {
    expectTypeError(() => new data.TensorDataset(), 'TensorDataset(): expected at least one tensor, but received none');
    expectTypeError(() => new data.TensorDataset([1, 2] as never), 'TensorDataset(): expected tensors[0] to be a Tensor, but received an array of length 2');
    expectRangeError(() => new data.TensorDataset(torch.zeros([3, 2]), torch.zeros([4])),
      "TensorDataset(): expected every tensor to have 3 rows (the size of tensors[0]'s first dimension), but tensors[1] has shape [4]");
    const ds = new data.TensorDataset(torch.zeros([3]));
    expectRangeError(() => ds.get(3), 'TensorDataset.get(): expected index to be an integer in [-3, 2], but received 3 of type number');
    expectTypeError(() => ds.get(0.5), 'TensorDataset.get(): expected index to be an integer, but received 0.5 of type number');
  });
});

describe('Subset and randomSplit', () => {
  it('Subset maps indices', () => {
    const ds = new data.TensorDataset(torch.arange(10));
    const sub = new data.Subset(ds, [9, 2, 4]);
    expect(sub.length).toBe(3);
    expect((sub.get(0) as Tensor[])[0].item()).toBe(9);
    expect((sub.get(-1) as Tensor[])[0].item()).toBe(4);
    expectRangeError(() => new data.Subset(ds, [1, 10]), 'Subset(): expected indices[1] to be an index in [0, 9], but received 10 of type number');
    expectTypeError(() => new data.Subset(ds, 'x' as never), "Subset(): expected indices to be an array of integers, but received 'x' of type string");
    expectTypeError(() => new data.Subset(ds, [0.5]), 'Subset(): expected indices[0] to be an integer, but received 0.5 of type number');
    expectTypeError(() => new data.Subset({} as never, [0]), 'Subset(): expected dataset to be a Dataset (an object with length and get), but received an object');
  });

  it('splits by counts into disjoint subsets covering the dataset, reproducibly', () => {
    const ds = new data.TensorDataset(torch.arange(100));
    const parts = data.randomSplit(ds, [70, 20, 10], { seed: 1 });
    expect(parts.map((p) => p.length)).toEqual([70, 20, 10]);
    const all = parts.flatMap((p) => [...p.indices]);
    expect(new Set(all).size).toBe(100);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const again = data.randomSplit(ds, [70, 20, 10], { seed: 1 });
    expect(again.map((p) => p.indices)).toEqual(parts.map((p) => p.indices));
    expect(data.randomSplit(ds, [70, 20, 10], { seed: 2 })[0].indices).not.toEqual(parts[0].indices);
    expect(parts[0].indices).not.toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it('splits by fractions as PyTorch (floor, then the remainder round-robin)', () => {
    const ds = new data.TensorDataset(torch.arange(10));
    expect(data.randomSplit(ds, [0.5, 0.3, 0.2], { seed: 0 }).map((p) => p.length)).toEqual([5, 3, 2]);
    expect(data.randomSplit(ds, [0.33, 0.33, 0.34], { seed: 0 }).map((p) => p.length)).toEqual([4, 3, 3]);
    const [a, b] = data.randomSplit(ds, [0.25, 0.75], { seed: 0 });
    expect(a.length + b.length).toBe(10);
    expect(a.indices.filter((i) => b.indices.includes(i))).toEqual([]);
  });

  it('uses a given generator, and by default follows torch.manualSeed without moving the torch generator', () => {
    const ds = new data.TensorDataset(torch.arange(20));
    const g = new data.Generator(5);
    const s1 = data.randomSplit(ds, [10, 10], { generator: g });
    const s2 = data.randomSplit(ds, [10, 10], { generator: g });
    expect(s1[0].indices).not.toEqual(s2[0].indices); // the generator advanced
    expect(data.randomSplit(ds, [10, 10], { generator: new data.Generator(5) })[0].indices).toEqual(s1[0].indices);
    torch.manualSeed(7);
    const d1 = data.randomSplit(ds, [10, 10]);
    const r = torch.rand([3]).toArray();
    torch.manualSeed(7);
    const d2 = data.randomSplit(ds, [10, 10]);
    expect(torch.rand([3]).toArray()).toEqual(r);
    expect(d1[0].indices).toEqual(d2[0].indices);
  });

  it('rejects lengths that do not add up, and bad options', () => {
    const ds = new data.TensorDataset(torch.arange(10));
    expectRangeError(() => data.randomSplit(ds, [5, 4]),
      "randomSplit(): expected lengths to add up to the dataset's length (10), but they add up to 9");
    expectRangeError(() => data.randomSplit(ds, [0.5, 0.4]),
      "randomSplit(): expected lengths to be counts adding up to the dataset's length (10) or fractions adding up to 1, but they add up to 0.9");
    expectTypeError(() => data.randomSplit(ds, [5, -5]), 'randomSplit(): expected lengths[1] to be a non-negative number, but received -5 of type number');
    expectTypeError(() => data.randomSplit(ds, []), 'randomSplit(): expected lengths to be a non-empty array of counts or fractions, but received an array of length 0');
    expectTypeError(() => data.randomSplit(ds, [5, 5], { sed: 1 } as never), "randomSplit(): unknown option 'sed'. Did you mean 'seed'?");
    expectTypeError(() => data.randomSplit(ds, [5, 5], { seed: 1.5 }), 'randomSplit(): expected seed to be a non-negative integer, but received 1.5 of type number');
    expectTypeError(() => data.randomSplit(ds, [5, 5], { generator: {} as never }), 'randomSplit(): expected generator to be a data.Generator, but received an object');
    expectTypeError(() => data.randomSplit(ds, [5, 5], { seed: 1, generator: new data.Generator(1) }), 'randomSplit(): give seed or generator, not both');
  });
});

describe('IterableDataset.from', () => {
  it('wraps iterables, and rejects what is not one', async () => {
    const ds = data.IterableDataset.from(new Set([1, 2]), 2);
    const seen: number[] = [];
    for await (const v of ds) seen.push(v);
    expect(seen).toEqual([1, 2]);
    expect(ds.length).toBe(2);
    expectTypeError(() => data.IterableDataset.from(5 as never), 'IterableDataset.from(): expected source to be an iterable or async iterable, but received 5 of type number');
    expectTypeError(() => data.IterableDataset.from([1], -1), 'IterableDataset.from(): expected length to be a non-negative integer, but received -1 of type number');
  });
});

describe('defaultCollate', () => {
  it('stacks tensors and makes tensors of numbers, recursively', () => {
    const b = data.defaultCollate([
      { x: torch.zeros([2]), y: 1, z: [0.5, true], s: 'a', t: new Float32Array([1, 2]) },
      { x: torch.ones([2]), y: 2, z: [1.5, false], s: 'b', t: new Float32Array([3, 4]) },
    ]);
    expect(b.x.toArray()).toEqual([[0, 0], [1, 1]]);
    expect(b.y.dtype).toBe('int64');
    expect(b.z[0].dtype).toBe('float32');
    expect(b.z[0].toArray()).toEqual([0.5, 1.5]);
    expect(b.z[1].toArray()).toEqual([true, false]);
    expect(b.s).toEqual(['a', 'b']);
    expect(b.t.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('names the offending path', () => {
    expectTypeError(() => data.defaultCollate([[1, 2], [1]]), 'defaultCollate(): every items[i] must be an array of length 2, but items[1] is an array of length 1');
    expectTypeError(() => data.defaultCollate([{ a: 1 }, { b: 1 }]), "defaultCollate(): items[1] has no key 'a', which items[0] has");
    expectTypeError(() => data.defaultCollate([{ a: 1 }, { a: 'x' }]), "defaultCollate(): items[1].a is 'x' of type string, but items[0].a is a number");
    expectTypeError(() => data.defaultCollate([{ a: null }]), 'defaultCollate(): cannot collate items[i].a: expected Tensors, numbers, booleans, strings, TypedArrays, arrays or plain objects, but items[0].a is null');
    expectTypeError(() => data.defaultCollate([]), 'defaultCollate(): expected items to be a non-empty array, but received an array of length 0');
  });

  it('releases its intermediates', () => {
    const before = torch.memory().liveTensors;
    const b = data.defaultCollate([new Float32Array([1]), new Float32Array([2])]);
    expect(torch.memory().liveTensors).toBe(before + 1);
    b.dispose();
  });
});

describe('Generator', () => {
  it('is reproducible, restorable and independent of torch', () => {
    const a = new data.Generator(123);
    const b = new data.Generator(123);
    const xs = Array.from({ length: 5 }, () => a.random());
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(xs);
    expect(new data.Generator(124).random()).not.toBe(xs[0]);
    const state = a.getState();
    const next = [a.random(), a.normal(), a.randint(0, 10), a.beta(0.4, 0.4)];
    a.setState(state);
    expect([a.random(), a.normal(), a.randint(0, 10), a.beta(0.4, 0.4)]).toEqual(next);
    expect(a.initialSeed()).toBe(123);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('draws sensible distributions', () => {
    const g = new data.Generator(0);
    const n = 20000;
    const u = Array.from({ length: n }, () => g.random());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / n - 0.5)).toBeLessThan(0.01);
    const z = Array.from({ length: n }, () => g.normal());
    const mean = z.reduce((s, v) => s + v, 0) / n;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const beta = Array.from({ length: n }, () => g.beta(0.5, 0.5));
    expect(Math.abs(beta.reduce((s, v) => s + v, 0) / n - 0.5)).toBeLessThan(0.01);
    expect(beta.every((v) => v >= 0 && v <= 1)).toBe(true);
    const r = Array.from({ length: n }, () => g.randint(3, 6));
    expect(new Set(r)).toEqual(new Set([3, 4, 5]));
    const p = g.permutation(10);
    expect([...p].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects bad arguments', () => {
    expectTypeError(() => new data.Generator(-1), 'Generator(): expected seed to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => new data.Generator(0).setState([0, 0, 0, 0]),
      'Generator.setState(): expected state to be four 32-bit unsigned integers from getState(), not all zero, but received an array of length 4');
    expectTypeError(() => data.Generator.fromParts(1, -2), 'Generator.fromParts(): expected seed to be a non-negative integer, but received -2 of type number');
    expectTypeError(() => new data.Generator(0).permutation(-1), 'Generator.permutation(): expected n to be a non-negative integer, but received -1 of type number');
    expectRangeError(() => new data.Generator(0).randint(3, 3), 'Generator.randint(): expected high to be greater than low (3), but received 3 of type number');
  });
});
