// Differential tests: reductions, scans, sorting and softmax, against Python torch on the same inputs.
// Comparison is exact (tolerance 0) for every case, outputs and gradients: the same libtorch kernels
// run on CPU with the same thread count (the harness passes torch.getNumThreads() to Python), so the
// reduction order, and with it every rounding, is the same on both sides. Integer and index outputs
// are exact by nature; ties (in max/min/sort/topk/amax) check that the same index is chosen and that
// gradients are split the same way.
import { describe, it } from 'vitest';
import { torch } from '../../lib/index.js';
import { type DiffCase, type InputSpec, input, runDiff } from '../helpers/reference.js';

const x = input([3, 4, 5], { seed: 11, requiresGrad: true });
const m = input([4, 6], { seed: 12, requiresGrad: true });
const v = input([7], { seed: 13, requiresGrad: true });
const pos = input([3, 4], { seed: 14, lo: 0.5, hi: 1.5, requiresGrad: true });
const ints = input([3, 4], { dtype: 'int64', lo: -3, hi: 4, seed: 15 });
const i32 = input([3, 4], { dtype: 'int32', lo: -3, hi: 4, seed: 16 });
const bools = input([3, 4], { dtype: 'bool', seed: 17 });
// Float values with ties (small integers), for index choice and gradient splitting among equal values.
const ties: InputSpec = { ...input([3, 4], { dtype: 'int64', lo: -2, hi: 2, seed: 18 }), dtype: 'float32', requiresGrad: true };
// With NaNs, for nansum and for NaN propagation in sum/max. JSON has no NaN, so the value travels as
// the string 'NaN', which both sides parse (Python's float('NaN'), the harness's Float64Array.from).
const NAN = 'NaN' as unknown as number;
const nans: InputSpec = { data: [1.5, NAN, -2, 0.25, NAN, 3, 4, -1], shape: [2, 4], dtype: 'float32' };
// With a zero (prod's gradient has a special path) and with two zeros in one row.
const zeros: InputSpec = { data: [1.5, 0, -2, 0.5, 2, 3, 0, 0, -1.25], shape: [3, 3], dtype: 'float32', requiresGrad: true };

const cases: DiffCase[] = [
  // ---- sum / mean / nansum / prod
  { name: 'sum all', expr: 'x.sum()', inputs: { x }, grad: true, js: ({ x }) => x.sum() },
  { name: 'sum dim', expr: 'x.sum(1)', inputs: { x }, grad: true, js: ({ x }) => x.sum(1) },
  { name: 'sum negative dim', expr: 'x.sum(-1)', inputs: { x }, grad: true, js: ({ x }) => x.sum(-1) },
  { name: 'sum dims', expr: 'x.sum((0, 2))', inputs: { x }, grad: true, js: ({ x }) => x.sum([0, 2]) },
  { name: 'sum keepdim', expr: 'x.sum(1, keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.sum(1, true) },
  { name: 'sum dims keepdim', expr: 'x.sum((0, -1), keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.sum([0, -1], true) },
  { name: 'sum dtype float64', expr: 'x.sum(dtype=torch.float64)', inputs: { x }, grad: true, js: ({ x }) => x.sum(null, false, 'float64') },
  { name: 'sum dim dtype float64', expr: 'x.sum(2, dtype=torch.float64)', inputs: { x }, grad: true, js: ({ x }) => x.sum(2, false, 'float64') },
  { name: 'sum int64', expr: 'a.sum()', inputs: { a: ints }, js: ({ a }) => a.sum() },
  { name: 'sum int32 promotes to int64', expr: '(a.sum(), a.sum(0))', inputs: { a: i32 }, js: ({ a }) => [a.sum(), a.sum(0)] },
  { name: 'sum int32 dtype int32', expr: 'a.sum(1, dtype=torch.int32)', inputs: { a: i32 }, js: ({ a }) => a.sum(1, false, 'int32') },
  { name: 'sum bool counts', expr: '(b.sum(), b.sum(1))', inputs: { b: bools }, js: ({ b }) => [b.sum(), b.sum(1)] },
  { name: 'sum nan propagates', expr: 'n.sum(1)', inputs: { n: nans }, js: ({ n }) => n.sum(1) },
  { name: 'torch.sum function form', expr: 'torch.sum(x, 0)', inputs: { x }, grad: true, js: ({ x }) => torch.sum(x, 0) },
  { name: 'mean all', expr: 'x.mean()', inputs: { x }, grad: true, js: ({ x }) => x.mean() },
  { name: 'mean dim', expr: 'x.mean(0)', inputs: { x }, grad: true, js: ({ x }) => x.mean(0) },
  { name: 'mean dims keepdim', expr: 'x.mean((1, 2), keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.mean([1, 2], true) },
  { name: 'mean dtype float64', expr: 'x.mean(1, dtype=torch.float64)', inputs: { x }, grad: true, js: ({ x }) => x.mean(1, false, 'float64') },
  { name: 'mean int with dtype', expr: 'a.mean(dtype=torch.float32)', inputs: { a: ints }, js: ({ a }) => a.mean(null, false, 'float32') },
  { name: 'mean int without dtype raises', expr: 'a.mean()', inputs: { a: ints }, throws: true, js: ({ a }) => a.mean() },
  { name: 'nansum all', expr: 'n.nansum()', inputs: { n: nans }, js: ({ n }) => n.nansum() },
  { name: 'nansum dim keepdim', expr: 'n.nansum(1, keepdim=True)', inputs: { n: nans }, js: ({ n }) => n.nansum(1, true) },
  { name: 'nansum dtype', expr: 'n.nansum(0, dtype=torch.float64)', inputs: { n: nans }, js: ({ n }) => n.nansum(0, false, 'float64') },
  { name: 'nansum grad', expr: 'x.nansum((0, 1))', inputs: { x }, grad: true, js: ({ x }) => x.nansum([0, 1]) },
  { name: 'prod all', expr: 'p.prod()', inputs: { p: pos }, grad: true, js: ({ p }) => p.prod() },
  { name: 'prod dim', expr: 'p.prod(1)', inputs: { p: pos }, grad: true, js: ({ p }) => p.prod(1) },
  { name: 'prod keepdim', expr: 'p.prod(0, keepdim=True)', inputs: { p: pos }, grad: true, js: ({ p }) => p.prod(0, true) },
  { name: 'prod dtype float64', expr: 'p.prod(1, dtype=torch.float64)', inputs: { p: pos }, grad: true, js: ({ p }) => p.prod(1, false, 'float64') },
  { name: 'prod all dtype', expr: 'p.prod(dtype=torch.float64)', inputs: { p: pos }, grad: true, js: ({ p }) => p.prod(null, false, 'float64') },
  { name: 'prod with zeros (grad)', expr: '(z.prod(), z.prod(1))', inputs: { z: zeros }, grad: true, js: ({ z }) => [z.prod(), z.prod(1)] },
  { name: 'prod int64', expr: '(a.prod(), a.prod(1))', inputs: { a: ints }, js: ({ a }) => [a.prod(), a.prod(1)] },

  // ---- max / min / amax / amin / argmax / argmin
  { name: 'max all', expr: 'x.max()', inputs: { x }, grad: true, js: ({ x }) => x.max() },
  { name: 'min all', expr: 'x.min()', inputs: { x }, grad: true, js: ({ x }) => x.min() },
  { name: 'max dim', expr: 'x.max(1)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.max(1); return [r.values, r.indices]; } },
  { name: 'max dim keepdim', expr: 'x.max(-1, keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.max(-1, true); return [r.values, r.indices]; } },
  { name: 'min dim', expr: 'x.min(0)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.min(0); return [r.values, r.indices]; } },
  { name: 'min dim keepdim', expr: 'x.min(2, keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.min(2, true); return [r.values, r.indices]; } },
  { name: 'max all with ties (grad split)', expr: 't.max()', inputs: { t: ties }, grad: true, js: ({ t }) => t.max() },
  { name: 'max dim with ties', expr: 't.max(1)', inputs: { t: ties }, grad: true, js: ({ t }) => { const r = t.max(1); return [r.values, r.indices]; } },
  { name: 'min dim with ties', expr: 't.min(0)', inputs: { t: ties }, grad: true, js: ({ t }) => { const r = t.min(0); return [r.values, r.indices]; } },
  { name: 'max int64', expr: '(a.max(), *a.max(0))', inputs: { a: ints }, js: ({ a }) => { const r = a.max(0); return [a.max(), r.values, r.indices]; } },
  { name: 'max nan propagates', expr: '(n.max(), *n.max(1))', inputs: { n: nans }, js: ({ n }) => { const r = n.max(1); return [n.max(), r.values, r.indices]; } },
  { name: 'torch.max function form', expr: 'torch.max(x, 2)', inputs: { x }, js: ({ x }) => { const r = torch.max(x, 2); return [r.values, r.indices]; } },
  { name: 'amax all', expr: 'x.amax()', inputs: { x }, grad: true, js: ({ x }) => x.amax() },
  { name: 'amax dims', expr: 'x.amax((0, 2))', inputs: { x }, grad: true, js: ({ x }) => x.amax([0, 2]) },
  { name: 'amax keepdim', expr: 'x.amax(1, keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.amax(1, true) },
  { name: 'amin dim', expr: 'x.amin(-1)', inputs: { x }, grad: true, js: ({ x }) => x.amin(-1) },
  { name: 'amin all', expr: 'x.amin()', inputs: { x }, grad: true, js: ({ x }) => x.amin() },
  { name: 'amax ties split grad evenly', expr: 't.amax(1)', inputs: { t: ties }, grad: true, js: ({ t }) => t.amax(1) },
  { name: 'amin ties all', expr: 't.amin()', inputs: { t: ties }, grad: true, js: ({ t }) => t.amin() },
  { name: 'argmax all', expr: 'x.argmax()', inputs: { x }, js: ({ x }) => x.argmax() },
  { name: 'argmax dim', expr: 'x.argmax(1)', inputs: { x }, js: ({ x }) => x.argmax(1) },
  { name: 'argmax dim keepdim', expr: 'x.argmax(2, keepdim=True)', inputs: { x }, js: ({ x }) => x.argmax(2, true) },
  { name: 'argmin all', expr: 'x.argmin()', inputs: { x }, js: ({ x }) => x.argmin() },
  { name: 'argmin dim', expr: 'x.argmin(-1)', inputs: { x }, js: ({ x }) => x.argmin(-1) },
  { name: 'argmax/argmin with ties', expr: '(t.argmax(), t.argmax(1), t.argmin(0))', inputs: { t: ties }, js: ({ t }) => [t.argmax(), t.argmax(1), t.argmin(0)] },
  { name: 'argmax int', expr: 'a.argmax(0)', inputs: { a: ints }, js: ({ a }) => a.argmax(0) },
  { name: 'max dim out of range raises', expr: 'x.max(3)', inputs: { x }, throws: true, js: ({ x }) => x.max(3).values },

  // ---- std / var
  { name: 'std all', expr: 'x.std()', inputs: { x }, grad: true, js: ({ x }) => x.std() },
  { name: 'var all', expr: 'x.var()', inputs: { x }, grad: true, js: ({ x }) => x.var() },
  { name: 'std correction 0', expr: 'x.std(correction=0)', inputs: { x }, grad: true, js: ({ x }) => x.std(null, false, 0) },
  { name: 'var correction 0', expr: 'x.var(correction=0)', inputs: { x }, grad: true, js: ({ x }) => x.var(null, false, 0) },
  { name: 'std dim', expr: 'x.std(1)', inputs: { x }, grad: true, js: ({ x }) => x.std(1) },
  { name: 'var dims keepdim', expr: 'x.var((0, 2), keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.var([0, 2], true) },
  { name: 'std dim correction 0 keepdim', expr: 'x.std(-1, keepdim=True, correction=0)', inputs: { x }, grad: true, js: ({ x }) => x.std(-1, true, 0) },
  { name: 'var dim correction 1', expr: 'x.var(0, correction=1)', inputs: { x }, grad: true, js: ({ x }) => x.var(0, false, 1) },
  { name: 'var correction 2', expr: 'm.var(1, correction=2)', inputs: { m }, grad: true, js: ({ m }) => m.var(1, false, 2) },
  { name: 'std of one element is nan', expr: 'v[:1].std()', inputs: { v }, js: ({ v }) => v.narrow(0, 0, 1).std() },

  // ---- norm
  { name: 'norm p=2', expr: 'x.norm()', inputs: { x }, grad: true, js: ({ x }) => x.norm() },
  { name: 'norm p=1', expr: 'x.norm(p=1)', inputs: { x }, grad: true, js: ({ x }) => x.norm(1) },
  { name: 'norm p=inf', expr: 'x.norm(p=float("inf"))', inputs: { x }, grad: true, js: ({ x }) => x.norm(Infinity) },
  { name: 'norm p=-inf', expr: 'x.norm(p=float("-inf"))', inputs: { x }, grad: true, js: ({ x }) => x.norm(-Infinity) },
  { name: 'norm fro', expr: 'm.norm(p="fro")', inputs: { m }, grad: true, js: ({ m }) => m.norm('fro') },
  { name: 'norm p=3', expr: 'x.norm(p=3)', inputs: { x }, grad: true, js: ({ x }) => x.norm(3) },
  { name: 'norm p=2 dim', expr: 'x.norm(dim=1)', inputs: { x }, grad: true, js: ({ x }) => x.norm(2, 1) },
  { name: 'norm p=1 dims keepdim', expr: 'x.norm(p=1, dim=(0, 2), keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.norm(1, [0, 2], true) },
  { name: 'norm p=inf dim', expr: 'x.norm(p=float("inf"), dim=-1)', inputs: { x }, grad: true, js: ({ x }) => x.norm(Infinity, -1) },
  { name: 'norm fro dims', expr: 'x.norm(p="fro", dim=(1, 2))', inputs: { x }, grad: true, js: ({ x }) => x.norm('fro', [1, 2]) },
  { name: 'norm p=0 counts nonzeros', expr: 'z.norm(p=0, dim=1)', inputs: { z: zeros }, js: ({ z }) => z.norm(0, 1) },
  { name: 'torch.norm function form', expr: 'torch.norm(m, 1, 0)', inputs: { m }, grad: true, js: ({ m }) => torch.norm(m, 1, 0) },

  // ---- logsumexp
  { name: 'logsumexp dim', expr: 'x.logsumexp(1)', inputs: { x }, grad: true, js: ({ x }) => x.logsumexp(1) },
  { name: 'logsumexp dims keepdim', expr: 'x.logsumexp((0, 2), keepdim=True)', inputs: { x }, grad: true, js: ({ x }) => x.logsumexp([0, 2], true) },
  { name: 'logsumexp large values', expr: '(x * 100).logsumexp(-1)', inputs: { x }, grad: true, js: ({ x }) => x.mul(100).logsumexp(-1) },

  // ---- all / any
  { name: 'all/any bool', expr: '(b.all(), b.any(), b.all(1), b.any(0))', inputs: { b: bools }, js: ({ b }) => [b.all(), b.any(), b.all(1), b.any(0)] },
  { name: 'all/any keepdim', expr: '(b.all(1, keepdim=True), b.any(0, keepdim=True))', inputs: { b: bools }, js: ({ b }) => [b.all(1, true), b.any(0, true)] },
  { name: 'all/any on float (nonzero)', expr: '(z.all(), z.any(), z.all(1), z.any(1))', inputs: { z: zeros }, js: ({ z }) => [z.all(), z.any(), z.all(1), z.any(1)] },
  { name: 'all/any on int64', expr: '(a.all(0), a.any(1))', inputs: { a: ints }, js: ({ a }) => [a.all(0), a.any(1)] },

  // ---- cumsum / cumprod
  { name: 'cumsum dim 0', expr: 'x.cumsum(0)', inputs: { x }, grad: true, js: ({ x }) => x.cumsum(0) },
  { name: 'cumsum dim -1', expr: 'x.cumsum(-1)', inputs: { x }, grad: true, js: ({ x }) => x.cumsum(-1) },
  { name: 'cumsum dtype float64', expr: 'x.cumsum(1, dtype=torch.float64)', inputs: { x }, grad: true, js: ({ x }) => x.cumsum(1, 'float64') },
  { name: 'cumsum int32 promotes to int64', expr: 'a.cumsum(1)', inputs: { a: i32 }, js: ({ a }) => a.cumsum(1) },
  { name: 'cumsum bool', expr: 'b.cumsum(0)', inputs: { b: bools }, js: ({ b }) => b.cumsum(0) },
  { name: 'cumprod', expr: 'p.cumprod(1)', inputs: { p: pos }, grad: true, js: ({ p }) => p.cumprod(1) },
  { name: 'cumprod with zeros (grad)', expr: 'z.cumprod(1)', inputs: { z: zeros }, grad: true, js: ({ z }) => z.cumprod(1) },
  { name: 'cumprod dtype float64', expr: 'p.cumprod(0, dtype=torch.float64)', inputs: { p: pos }, grad: true, js: ({ p }) => p.cumprod(0, 'float64') },
  { name: 'cumprod int64', expr: 'a.cumprod(0)', inputs: { a: ints }, js: ({ a }) => a.cumprod(0) },

  // ---- topk / sort / argsort
  { name: 'topk', expr: 'x.topk(3)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.topk(3); return [r.values, r.indices]; } },
  { name: 'topk dim 0', expr: 'x.topk(2, dim=0)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.topk(2, 0); return [r.values, r.indices]; } },
  { name: 'topk smallest', expr: 'x.topk(2, dim=1, largest=False)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.topk(2, 1, false); return [r.values, r.indices]; } },
  { name: 'topk unsorted', expr: 'v.topk(4, sorted=False)', inputs: { v }, grad: true, js: ({ v }) => { const r = v.topk(4, -1, true, false); return [r.values, r.indices]; } },
  { name: 'topk ties', expr: 't.topk(2)', inputs: { t: ties }, grad: true, js: ({ t }) => { const r = t.topk(2); return [r.values, r.indices]; } },
  { name: 'topk int64', expr: 'a.topk(2, dim=0)', inputs: { a: ints }, js: ({ a }) => { const r = a.topk(2, 0); return [r.values, r.indices]; } },
  { name: 'topk k too large raises', expr: 'v.topk(8)', inputs: { v }, throws: true, js: ({ v }) => v.topk(8).values },
  { name: 'sort', expr: 'x.sort()', inputs: { x }, grad: true, js: ({ x }) => { const r = x.sort(); return [r.values, r.indices]; } },
  { name: 'sort dim 0 descending', expr: 'x.sort(dim=0, descending=True)', inputs: { x }, grad: true, js: ({ x }) => { const r = x.sort(0, true); return [r.values, r.indices]; } },
  { name: 'sort stable with ties', expr: 't.sort(dim=1, stable=True)', inputs: { t: ties }, grad: true, js: ({ t }) => { const r = t.sort(1, false, true); return [r.values, r.indices]; } },
  { name: 'sort stable descending with ties', expr: 't.sort(dim=0, descending=True, stable=True)', inputs: { t: ties }, js: ({ t }) => { const r = t.sort(0, true, true); return [r.values, r.indices]; } },
  { name: 'sort nan goes last', expr: 'n.sort()', inputs: { n: nans }, js: ({ n }) => { const r = n.sort(); return [r.values, r.indices]; } },
  { name: 'sort int64', expr: 'a.sort(dim=0, stable=True)', inputs: { a: ints }, js: ({ a }) => { const r = a.sort(0, false, true); return [r.values, r.indices]; } },
  { name: 'argsort', expr: 'x.argsort()', inputs: { x }, js: ({ x }) => x.argsort() },
  { name: 'argsort dim descending', expr: 'x.argsort(dim=1, descending=True)', inputs: { x }, js: ({ x }) => x.argsort(1, true) },
  { name: 'argsort stable ties', expr: 't.argsort(dim=1, stable=True)', inputs: { t: ties }, js: ({ t }) => t.argsort(1, false, true) },

  // ---- countNonzero
  { name: 'countNonzero all', expr: 'z.count_nonzero()', inputs: { z: zeros }, js: ({ z }) => z.countNonzero() },
  { name: 'countNonzero dim', expr: '(z.count_nonzero(0), z.count_nonzero(-1))', inputs: { z: zeros }, js: ({ z }) => [z.countNonzero(0), z.countNonzero(-1)] },
  { name: 'countNonzero int and bool', expr: '(a.count_nonzero(1), b.count_nonzero())', inputs: { a: ints, b: bools }, js: ({ a, b }) => [a.countNonzero(1), b.countNonzero()] },

  // ---- softmax / logSoftmax
  { name: 'softmax dim 1', expr: 'x.softmax(1)', inputs: { x }, grad: true, js: ({ x }) => x.softmax(1) },
  { name: 'softmax dim -1', expr: 'x.softmax(-1)', inputs: { x }, grad: true, js: ({ x }) => x.softmax(-1) },
  { name: 'softmax dim 0', expr: 'm.softmax(0)', inputs: { m }, grad: true, js: ({ m }) => m.softmax(0) },
  { name: 'softmax dtype float64', expr: 'x.softmax(2, dtype=torch.float64)', inputs: { x }, grad: true, js: ({ x }) => x.softmax(2, 'float64') },
  { name: 'logSoftmax dim 1', expr: 'x.log_softmax(1)', inputs: { x }, grad: true, js: ({ x }) => x.logSoftmax(1) },
  { name: 'logSoftmax dim -1', expr: 'x.log_softmax(-1)', inputs: { x }, grad: true, js: ({ x }) => x.logSoftmax(-1) },
  { name: 'logSoftmax dtype float64', expr: 'm.log_softmax(0, dtype=torch.float64)', inputs: { m }, grad: true, js: ({ m }) => m.logSoftmax(0, 'float64') },
  { name: 'softmax large values', expr: '(x * 50).softmax(-1)', inputs: { x }, grad: true, js: ({ x }) => x.mul(50).softmax(-1) },
  { name: 'softmax int with dtype', expr: 'a.softmax(1, dtype=torch.float32)', inputs: { a: ints }, js: ({ a }) => a.softmax(1, 'float32') },
  { name: 'F.softmax / F.log_softmax function forms', expr: '(torch.softmax(m, 1), torch.log_softmax(m, 0))', inputs: { m }, grad: true,
    js: ({ m }) => [torch.softmax(m, 1), torch.logSoftmax(m, 0)] },
];

describe('reductions match PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});
