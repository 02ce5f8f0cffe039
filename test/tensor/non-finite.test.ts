// NaN and ±Infinity are values, not errors: creation, reductions, elementwise ops, softmax, matmul,
// losses and gradients propagate them as PyTorch does (the expected values are what PyTorch 2.11, the
// pinned reference, prints for the same inputs).
// Bad input follows the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { expectTorchError } from '../helpers/errors.js';

const F = nn.functional;

describe('NaN and infinity propagate as in PyTorch, without errors', () => {
  const t = (v: number[]) => torch.tensor(v, { dtype: 'float32' });
  const FLT_MAX = 3.4028234663852886e38;

  it('creation keeps them', () => {
    expect(torch.tensor(NaN).item()).toBeNaN();
    expect(torch.tensor([Infinity, -Infinity, NaN]).toArray()).toEqual([Infinity, -Infinity, NaN]);
    expect(torch.tensor([Infinity]).dtype).toBe('float32');
    expect(torch.full([2], NaN).toArray()).toEqual([NaN, NaN]);
    expect(torch.full([2], -Infinity).toArray()).toEqual([-Infinity, -Infinity]);
    expect(torch.linspace(NaN, 1, 3).toArray()).toEqual([NaN, NaN, NaN]);
    expect(torch.tensor([1e39], { dtype: 'float64' }).float().toArray()).toEqual([Infinity]);
    expect(torch.tensor([1e6]).half().toArray()).toEqual([Infinity]);
  });

  it('reductions', () => {
    expect(t([NaN, 1]).sum().item()).toBeNaN();
    expect(t([NaN, 1]).nansum().item()).toBe(1);
    expect(t([NaN, 1]).mean().item()).toBeNaN();
    expect(t([1, NaN, 3]).max().item()).toBeNaN();
    expect(t([1, NaN, 3]).min().item()).toBeNaN();
    expect(t([1, NaN, 3]).argmax().item()).toBe(1);
    expect(t([NaN, 1, 3]).cumsum(0).toArray()).toEqual([NaN, NaN, NaN]);
    expect(t([NaN, 1]).std().item()).toBeNaN();
    expect(t([NaN, 2]).norm().item()).toBeNaN();
    expect(t([Infinity, 2]).norm().item()).toBe(Infinity);
    const top = t([NaN, 2]).topk(1);
    expect(top.values.toArray()).toEqual([NaN]);
    expect(top.indices.toArray()).toEqual([0]);
    const sorted = t([3, NaN, 1]).sort();
    expect(sorted.values.toArray()).toEqual([1, 3, NaN]);
    expect(sorted.indices.toArray()).toEqual([2, 0, 1]);
  });

  it('elementwise', () => {
    expect(t([NaN, -Infinity, Infinity]).relu().toArray()).toEqual([NaN, 0, Infinity]);
    expect(t([Infinity, -Infinity]).sigmoid().toArray()).toEqual([1, 0]);
    expect(t([Infinity, -Infinity]).tanh().toArray()).toEqual([1, -1]);
    expect(t([0, -1]).log().toArray()).toEqual([-Infinity, NaN]);
    expect(t([1, -1, 0]).div(0).toArray()).toEqual([Infinity, -Infinity, NaN]);
    expect(t([Infinity]).mul(0).toArray()).toEqual([NaN]);
    expect(t([Infinity]).sub(t([Infinity])).toArray()).toEqual([NaN]);
    expect(t([NaN, 1]).maximum(t([0, NaN])).toArray()).toEqual([NaN, NaN]);
    expect(t([1, NaN]).eq(t([1, NaN])).toArray()).toEqual([true, false]);
    expect(t([2, NaN]).pow(0).toArray()).toEqual([1, 1]);
    expect(t([1]).pow(NaN).toArray()).toEqual([1]);
    expect(t([1, 2]).add(NaN).toArray()).toEqual([NaN, NaN]);
    expect(t([1, 2]).mul(1e300).toArray()).toEqual([Infinity, Infinity]);
    expect(t([NaN, Infinity, -Infinity]).nanToNum().toArray()).toEqual([0, FLT_MAX, -FLT_MAX]);
    expect(t([NaN, 1]).isnan().toArray()).toEqual([true, false]);
    expect(t([Infinity, 1]).isinf().toArray()).toEqual([true, false]);
    expect(t([NaN, Infinity, 1]).isfinite().toArray()).toEqual([false, false, true]);
    // PyTorch 2.11 leaves values unchanged for a NaN bound.
    expect(t([1, 2]).clamp(NaN).toArray()).toEqual([1, 2]);
  });

  it('softmax, matmul and losses', () => {
    expect(t([Infinity, 1]).softmax(0).toArray()).toEqual([NaN, NaN]);
    expect(torch.tensor([[NaN, 1], [2, 3]]).matmul(torch.eye(2)).toArray()).toEqual([[NaN, NaN], [2, 3]]);
    expect(F.crossEntropy(torch.tensor([[NaN, 0]]), torch.tensor([0])).item()).toBeNaN();
    expect(F.crossEntropy(torch.tensor([[Infinity, 0]]), torch.tensor([0])).item()).toBeNaN();
    expect(F.mseLoss(t([Infinity]), t([Infinity])).item()).toBeNaN();
  });

  it('gradients', () => {
    const a = t([NaN, 1]).requiresGrad_();
    a.mul(2).sum().backward();
    expect(a.grad!.toArray()).toEqual([2, 2]);
    const b = t([Infinity, 1]).requiresGrad_();
    b.exp().sum().backward();
    expect(b.grad!.toArray()).toEqual([Infinity, Math.fround(Math.E)]);
    const c = t([0, 1]).requiresGrad_();
    c.sqrt().sum().backward();
    expect(c.grad!.toArray()).toEqual([Infinity, 0.5]);
  });

  it('multinomial refuses NaN probabilities instead of sampling from them', () => {
    expectTorchError(() => torch.multinomial(t([NaN, 1]), 1), 'multinomial: probability tensor contains either `inf`, `nan` or element < 0');
    expectTorchError(() => torch.multinomial(t([-1, 1]), 1), 'multinomial: probability tensor contains either `inf`, `nan` or element < 0');
  });
});
