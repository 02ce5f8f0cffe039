// nn.utils.clipGradNorm must scale gradients exactly as torch.nn.utils.clip_grad_norm_: PyTorch
// computes the coefficient as (total + 1e-6).reciprocal() * maxNorm (Tensor.__rtruediv__), which
// rounds differently from one division in about a third of random cases.
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { expectTensor, input, pythonRef, rng, toTensor } from '../helpers/reference.js';

describe('clipGradNorm', () => {
  it('gives bit-identical gradients and norms to PyTorch on 60 random cases', () => {
    const r = rng(7);
    const cases = Array.from({ length: 60 }, (_, k) => ({
      g0: input([7, 5], { seed: 100 + k, lo: -3, hi: 3 }),
      g1: input([11], { seed: 200 + k, lo: -1, hi: 1 }),
      maxNorm: Math.fround(0.05 + 2 * r()),
      normType: k % 3 === 0 ? 1 : 2,
    }));
    const refs = pythonRef(cases.map((c) => ({
      inputs: { g0: c.g0, g1: c.g1 },
      setup: 'ps = [torch.zeros_like(g, requires_grad=True) for g in (g0, g1)]\n' +
        'for p, g in zip(ps, (g0, g1)): p.grad = g.clone()\n' +
        `tn = torch.nn.utils.clip_grad_norm_(ps, ${c.maxNorm}, ${c.normType})`,
      expr: '(tn, ps[0].grad, ps[1].grad)',
    })));
    cases.forEach((c, k) => torch.tidy(() => {
      const ps = [c.g0, c.g1].map((g) => {
        const p = torch.zeros(g.shape, { requiresGrad: true });
        p.grad = toTensor(g);
        return p;
      });
      const total = nn.utils.clipGradNorm(ps, c.maxNorm, { normType: c.normType });
      expectTensor(total, refs[k].out![0], {}, `case ${k} norm`);
      expectTensor(ps[0].grad, refs[k].out![1], {}, `case ${k} grad 0`);
      expectTensor(ps[1].grad, refs[k].out![2], {}, `case ${k} grad 1`);
    }));
    expect(refs).toHaveLength(60);
  });
});
