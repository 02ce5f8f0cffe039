// Differential tests: shape ops, joining and splitting, and indexing (basic and advanced, reads and
// writes), against Python torch on the same inputs, outputs and gradients.
// Comparison is exact (tolerance 0) for every case: these ops only move, copy or (for the
// gradients of gathers, scatterAdd/indexAdd and reductions of scatterReduce) add values in the same
// order libtorch's CPU kernels do on both sides. Where a case also returns strides (as an int64
// tensor), it checks that torchts returns the same view, not just the same values.
// Python's indexing expressions (x[0, 1:, None], x[..., 0], x[mask], x[[0, 2]]) are the reference for
// Tensor.index; Python item assignment on a clone is the reference for indexPut_.
import { describe, expect, it } from 'vitest';
import { type Tensor, torch } from '../../lib/index.js';
import { type DiffCase, type InputSpec, input, runDiff } from '../helpers/reference.js';

const x = input([3, 4, 5], { seed: 21, requiresGrad: true });
const m = input([4, 6], { seed: 22, requiresGrad: true });
const m2 = input([4, 6], { seed: 23, requiresGrad: true });
const v = input([6], { seed: 24, requiresGrad: true });
const sq = input([4, 4], { seed: 25, requiresGrad: true });
const one = input([3, 1, 5, 1], { seed: 26, requiresGrad: true });
const col = input([4, 1], { seed: 27, requiresGrad: true });
const ints = input([3, 4], { dtype: 'int64', lo: -5, hi: 5, seed: 28 });
const plain = input([3, 4, 5], { seed: 29 }); // no grad: for in-place writes
const long = (data: number[], shape = [data.length]): InputSpec => ({ data, shape, dtype: 'int64' });
const bool = (data: number[], shape: number[]): InputSpec => ({ data, shape, dtype: 'bool' });
const mask3 = input([3, 4, 5], { dtype: 'bool', seed: 30 });
const mask2 = bool([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1], [3, 4]);
const mask1 = bool([0, 1, 1, 0], [4]);
const maskM = bool([1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1], [4, 6]);
const idx = long([2, 0, 2, 1]);
const idx2 = long([1, 3, 0, 3]);
const idxMat = long([0, 2, 1, 1, 0, 2], [2, 3]);
const strides = (t: Tensor) => torch.tensor(t.stride());

const cases: DiffCase[] = [
  // ---- reshape and views
  { name: 'reshape', expr: 'x.reshape(4, 15)', inputs: { x }, grad: true, js: ({ x }) => x.reshape(4, 15) },
  { name: 'reshape -1 (array form)', expr: 'x.reshape(-1, 10)', inputs: { x }, grad: true, js: ({ x }) => x.reshape([-1, 10]) },
  { name: 'reshape of a transpose copies', expr: '(x.transpose(0, 2).reshape(-1), torch.tensor(x.transpose(0, 2).reshape(-1).stride()))', inputs: { x },
    grad: true, js: ({ x }) => { const r = x.transpose(0, 2).reshape(-1); return [r, strides(r)]; } },
  { name: 'reshape bad size raises', expr: 'x.reshape(7, -1)', inputs: { x }, throws: true, js: ({ x }) => x.reshape(7, -1) },
  { name: 'view', expr: 'x.view(3, 20)', inputs: { x }, grad: true, js: ({ x }) => x.view(3, 20) },
  { name: 'view -1', expr: 'x.view(-1)', inputs: { x }, grad: true, js: ({ x }) => x.view(-1) },
  { name: 'view of non-contiguous raises', expr: 'x.transpose(0, 1).view(-1)', inputs: { x }, throws: true, js: ({ x }) => x.transpose(0, 1).view(-1) },
  { name: 'permute', expr: '(x.permute(2, 0, 1), torch.tensor(x.permute(2, 0, 1).stride()))', inputs: { x }, grad: true,
    js: ({ x }) => { const r = x.permute(2, 0, 1); return [r, strides(r)]; } },
  { name: 'permute array form negative dims', expr: 'x.permute(-1, -3, -2)', inputs: { x }, grad: true, js: ({ x }) => x.permute([-1, -3, -2]) },
  { name: 'transpose', expr: '(x.transpose(0, 2), torch.tensor(x.transpose(0, 2).stride()))', inputs: { x }, grad: true,
    js: ({ x }) => { const r = x.transpose(0, 2); return [r, strides(r)]; } },
  { name: 'transpose negative', expr: 'x.transpose(-1, 1)', inputs: { x }, grad: true, js: ({ x }) => x.transpose(-1, 1) },
  { name: 't', expr: 'm.t()', inputs: { m }, grad: true, js: ({ m }) => m.t() },
  { name: 'squeeze all', expr: 'o.squeeze()', inputs: { o: one }, grad: true, js: ({ o }) => o.squeeze() },
  { name: 'squeeze dim', expr: 'o.squeeze(1)', inputs: { o: one }, grad: true, js: ({ o }) => o.squeeze(1) },
  { name: 'squeeze dims', expr: 'o.squeeze((1, -1))', inputs: { o: one }, grad: true, js: ({ o }) => o.squeeze([1, -1]) },
  { name: 'squeeze non-1 dim is a no-op', expr: 'o.squeeze(0)', inputs: { o: one }, grad: true, js: ({ o }) => o.squeeze(0) },
  { name: 'unsqueeze', expr: '(x.unsqueeze(0), x.unsqueeze(-1), x.unsqueeze(2))', inputs: { x }, grad: true,
    js: ({ x }) => [x.unsqueeze(0), x.unsqueeze(-1), x.unsqueeze(2)] },
  { name: 'flatten', expr: 'x.flatten()', inputs: { x }, grad: true, js: ({ x }) => x.flatten() },
  { name: 'flatten start end', expr: '(x.flatten(1), x.flatten(0, 1), x.flatten(-2, -1))', inputs: { x }, grad: true,
    js: ({ x }) => [x.flatten(1), x.flatten(0, 1), x.flatten(-2, -1)] },
  { name: 'unflatten', expr: '(x.unflatten(2, (5, 1)), x.unflatten(1, (2, -1)))', inputs: { x }, grad: true,
    js: ({ x }) => [x.unflatten(2, [5, 1]), x.unflatten(1, [2, -1])] },
  { name: 'expand', expr: '(c.expand(4, 3), torch.tensor(c.expand(4, 3).stride()))', inputs: { c: col }, grad: true,
    js: ({ c }) => { const r = c.expand(4, 3); return [r, strides(r)]; } },
  { name: 'expand -1 and new leading dims', expr: 'c.expand(2, -1, 5)', inputs: { c: col }, grad: true, js: ({ c }) => c.expand([2, -1, 5]) },
  { name: 'expand bad size raises', expr: 'c.expand(3, 3)', inputs: { c: col }, throws: true, js: ({ c }) => c.expand(3, 3) },
  { name: 'repeat', expr: '(m.repeat(2, 1), m.repeat(1, 2, 3))', inputs: { m }, grad: true, js: ({ m }) => [m.repeat(2, 1), m.repeat([1, 2, 3])] },
  { name: 'tile', expr: '(m.tile((2,)), m.tile((2, 1, 2)))', inputs: { m }, grad: true, js: ({ m }) => [m.tile([2]), m.tile([2, 1, 2])] },
  { name: 'repeatInterleave', expr: '(v.repeat_interleave(2), m.repeat_interleave(3, dim=0))', inputs: { v, m }, grad: true,
    js: ({ v, m }) => [v.repeatInterleave(2), m.repeatInterleave(3, 0)] },
  { name: 'flip', expr: '(x.flip(0), x.flip((0, 2)), x.flip(-1))', inputs: { x }, grad: true, js: ({ x }) => [x.flip(0), x.flip([0, 2]), x.flip(-1)] },
  { name: 'roll flattened', expr: 'x.roll(7)', inputs: { x }, grad: true, js: ({ x }) => x.roll(7) },
  { name: 'roll dim', expr: '(x.roll(1, 0), x.roll(-2, 2))', inputs: { x }, grad: true, js: ({ x }) => [x.roll(1, 0), x.roll(-2, 2)] },
  { name: 'roll several', expr: 'x.roll((1, -3), (1, 2))', inputs: { x }, grad: true, js: ({ x }) => x.roll([1, -3], [1, 2]) },
  { name: 'contiguous', expr: '(x.transpose(0, 1).contiguous(), torch.tensor(x.transpose(0, 1).contiguous().stride()))', inputs: { x }, grad: true,
    js: ({ x }) => { const r = x.transpose(0, 1).contiguous(); return [r, strides(r)]; } },
  { name: 'broadcastTo', expr: 'c.broadcast_to((2, 4, 3))', inputs: { c: col }, grad: true, js: ({ c }) => c.broadcastTo([2, 4, 3]) },
  { name: 'viewAs / reshapeAs / expandAs', expr: '(m.view_as(m2.t()), m.reshape_as(m2.t()), c.expand_as(m))', inputs: { m, m2, c: col }, grad: true,
    js: ({ m, m2, c }) => [m.viewAs(m2.t()), m.reshapeAs(m2.t()), c.expandAs(m)] },

  // ---- cat / stack / split / chunk / unbind
  { name: 'cat dim 0', expr: 'torch.cat([m, m2])', inputs: { m, m2 }, grad: true, js: ({ m, m2 }) => torch.cat([m, m2]) },
  { name: 'cat dim 1', expr: 'torch.cat([m, c, m2], 1)', inputs: { m, m2, c: col }, grad: true, js: ({ m, m2, c }) => torch.cat([m, c, m2], 1) },
  { name: 'cat negative dim', expr: 'torch.cat([m, m2], -1)', inputs: { m, m2 }, grad: true, js: ({ m, m2 }) => torch.cat([m, m2], -1) },
  { name: 'cat int64', expr: 'torch.cat([a, a], 1)', inputs: { a: ints }, js: ({ a }) => torch.cat([a, a], 1) },
  { name: 'cat shape mismatch raises', expr: 'torch.cat([m, c], 0)', inputs: { m, c: col }, throws: true, js: ({ m, c }) => torch.cat([m, c], 0) },
  { name: 'stack dim 0', expr: 'torch.stack([m, m2])', inputs: { m, m2 }, grad: true, js: ({ m, m2 }) => torch.stack([m, m2]) },
  { name: 'stack dim 1 and -1', expr: '(torch.stack([m, m2], 1), torch.stack([m, m2, m], -1))', inputs: { m, m2 }, grad: true,
    js: ({ m, m2 }) => [torch.stack([m, m2], 1), torch.stack([m, m2, m], -1)] },
  { name: 'split size', expr: 'm.split(3, 1)', inputs: { m }, grad: true, js: ({ m }) => m.split(3, 1) },
  { name: 'split size uneven', expr: 'x.split(2)', inputs: { x }, grad: true, js: ({ x }) => x.split(2) },
  { name: 'split sizes', expr: 'm.split([1, 2, 3], 1)', inputs: { m }, grad: true, js: ({ m }) => m.split([1, 2, 3], 1) },
  { name: 'split sizes dim 0', expr: 'x.split([2, 1])', inputs: { x }, grad: true, js: ({ x }) => x.split([2, 1]) },
  { name: 'split sizes bad sum raises', expr: 'm.split([1, 2], 1)', inputs: { m }, throws: true, js: ({ m }) => m.split([1, 2], 1) },
  { name: 'torch.split function form', expr: 'torch.split(m, 4, -1)', inputs: { m }, grad: true, js: ({ m }) => torch.split(m, 4, -1) },
  { name: 'chunk', expr: 'm.chunk(3, 1)', inputs: { m }, grad: true, js: ({ m }) => m.chunk(3, 1) },
  { name: 'chunk uneven', expr: 'x.chunk(4, 2)', inputs: { x }, grad: true, js: ({ x }) => x.chunk(4, 2) },
  { name: 'unbind', expr: 'x.unbind()', inputs: { x }, grad: true, js: ({ x }) => x.unbind() },
  { name: 'unbind dim', expr: 'x.unbind(-1)', inputs: { x }, grad: true, js: ({ x }) => x.unbind(-1) },

  // ---- select / narrow / slice
  { name: 'select', expr: '(x.select(0, 1), x.select(2, -1))', inputs: { x }, grad: true, js: ({ x }) => [x.select(0, 1), x.select(2, -1)] },
  { name: 'select out of range raises', expr: 'x.select(1, 4)', inputs: { x }, throws: true, js: ({ x }) => x.select(1, 4) },
  { name: 'narrow', expr: '(x.narrow(1, 1, 2), x.narrow(-1, 3, 2), torch.tensor(x.narrow(1, 1, 2).stride()))', inputs: { x }, grad: true,
    js: ({ x }) => [x.narrow(1, 1, 2), x.narrow(-1, 3, 2), strides(x.narrow(1, 1, 2))] },
  { name: 'narrow negative start', expr: 'x.narrow(2, -2, 2)', inputs: { x }, grad: true, js: ({ x }) => x.narrow(2, -2, 2) },
  { name: 'slice', expr: '(x[:, 1:3], x[..., ::2], x[-2:], x[:, :-1], x[:, 1::2, -4:-1])', inputs: { x }, grad: true,
    js: ({ x }) => [x.slice(1, 1, 3), x.slice(2, null, null, 2), x.slice(0, -2), x.slice(1, null, -1),
      x.slice(1, 1, null, 2).slice(2, -4, -1)] },
  { name: 'slice out of bounds clamps', expr: '(x[:, 2:100], x[:, 10:])', inputs: { x }, grad: true, js: ({ x }) => [x.slice(1, 2, 100), x.slice(1, 10)] },

  // ---- Tensor.index: basic
  ...([
    ['x[0]', [0]], ['x[-1]', [-1]], ['x[0, 1]', [0, 1]], ['x[2, -1, 3]', [2, -1, 3]], ['x[:, 1]', [':', 1]],
    ['x[1:]', ['1:']], ['x[::2]', ['::2']], ['x[:, -3:-1]', [':', '-3:-1']], ['x[1:3:1, ::3, 1:4:2]', ['1:3:1', '::3', '1:4:2']],
    ['x[:2, :]', [':2', ':']], ['x[0, 1:, None]', [0, '1:', null]], ['x[None]', [null]], ['x[None, :, None]', [null, ':', null]],
    ['x[..., 0]', ['...', 0]], ['x[..., None]', ['...', null]], ['x[0, ...]', [0, '...']], ['x[..., 1:, 2]', ['...', '1:', 2]],
    ['x[None, ..., 0]', [null, '...', 0]], ['x[1, ..., ::2]', [1, '...', '::2']], ['x[...]', ['...']], ['x[0, 1, 2, ...]', [0, 1, 2, '...']],
    ['x[:, 5:]', [':', '5:']],
  ] as [string, (number | string | null)[]][]).map(([expr, items]): DiffCase => ({
    name: `index ${expr}`, expr, inputs: { x }, grad: true, js: ({ x }) => x.index(...items),
  })),
  { name: 'index basic returns a view (writes show in the base)', expr: 'y', inputs: { p: plain }, setup: 'y = p.clone(); y[0, 1:].fill_(7.0)',
    js: ({ p }) => { const y = p.clone(); y.index(0, '1:').fill_(7); return y; } },
  { name: 'index out of range raises', expr: 'x[3]', inputs: { x }, throws: true, js: ({ x }) => x.index(3) },
  { name: 'index too many indices raises', expr: 'x[0, 0, 0, 0]', inputs: { x }, throws: true, js: ({ x }) => x.index(0, 0, 0, 0) },
  { name: 'index negative step raises', expr: 'x[::-1]', inputs: { x }, throws: true, js: ({ x }) => x.index('::-1') },

  // ---- Tensor.index: advanced
  { name: 'index x[mask] (full mask)', expr: 'x[k]', inputs: { x, k: mask3 }, grad: true, js: ({ x, k }) => x.index(k) },
  { name: 'index x[mask2d] (leading dims)', expr: 'x[k]', inputs: { x, k: mask2 }, grad: true, js: ({ x, k }) => x.index(k) },
  { name: 'index x[:, mask1d]', expr: 'x[:, k]', inputs: { x, k: mask1 }, grad: true, js: ({ x, k }) => x.index(':', k) },
  { name: 'index x[..., mask2d over last dims]', expr: 'm[..., k]', inputs: { m, k: maskM }, grad: true, js: ({ m, k }) => m.index('...', k) },
  { name: 'index x[mask] with a comparison', expr: 'x[x > 0.5]', inputs: { x }, grad: true, js: ({ x }) => x.index(x.gt(0.5)) },
  { name: 'index x[[0, 2]]', expr: 'x[[0, 2]]', inputs: { x }, grad: true, js: ({ x }) => x.index([0, 2]) },
  { name: 'index x[:, [3, 0, 3]] (repeat: grads add)', expr: 'x[:, [3, 0, 3]]', inputs: { x }, grad: true, js: ({ x }) => x.index(':', [3, 0, 3]) },
  { name: 'index x[[-1, 0]]', expr: 'x[[-1, 0]]', inputs: { x }, grad: true, js: ({ x }) => x.index([-1, 0]) },
  { name: 'index with int tensor', expr: 'x[:, i]', inputs: { x, i: idx }, grad: true, js: ({ x, i }) => x.index(':', i) },
  { name: 'index with 2-D int tensor', expr: 'x[i]', inputs: { x, i: idxMat }, grad: true, js: ({ x, i }) => x.index(i) },
  { name: 'index two int tensors (paired)', expr: 'x[i, j]', inputs: { x, i: long([2, 0, 1, 1]), j: idx2 }, grad: true,
    js: ({ x, i, j }) => x.index(i, j) },
  { name: 'index broadcast int tensors', expr: 'x[i[:, None], j]', inputs: { x, i: long([0, 2]), j: long([1, 3, 0]) }, grad: true,
    js: ({ x, i, j }) => x.index(i.unsqueeze(1), j) },
  { name: 'index advanced split by a slice (dims go first)', expr: 'x[[0, 2], :, [1, 3]]', inputs: { x }, grad: true, js: ({ x }) => x.index([0, 2], ':', [1, 3]) },
  { name: 'index int then advanced', expr: 'x[1, [0, 3]]', inputs: { x }, grad: true, js: ({ x }) => x.index(1, [0, 3]) },
  { name: 'index advanced then int', expr: 'x[[0, 2], 1]', inputs: { x }, grad: true, js: ({ x }) => x.index([0, 2], 1) },
  { name: 'index advanced, int, advanced', expr: 'x[[0, 2], 1, [4, 0]]', inputs: { x }, grad: true, js: ({ x }) => x.index([0, 2], 1, [4, 0]) },
  { name: 'index slice, advanced, None', expr: 'x[1:, [0, 2], None]', inputs: { x }, grad: true, js: ({ x }) => x.index('1:', [0, 2], null) },
  { name: 'index None, advanced', expr: 'x[None, [0, 2]]', inputs: { x }, grad: true, js: ({ x }) => x.index(null, [0, 2]) },
  { name: 'index ellipsis, advanced', expr: 'x[..., [4, 1]]', inputs: { x }, grad: true, js: ({ x }) => x.index('...', [4, 1]) },
  { name: 'index mask then slice', expr: 'x[k, 1:]', inputs: { x, k: mask2 }, grad: true, js: ({ x, k }) => x.index(k, '1:') },
  { name: 'index 0-d int tensor', expr: 'x[i]', inputs: { x, i: long([2], []) }, grad: true, js: ({ x, i }) => x.index(i) },
  { name: 'index int64 data', expr: 'a[a > 0]', inputs: { a: ints }, js: ({ a }) => a.index(a.gt(0)) },
  { name: 'index advanced out of range raises', expr: 'x[[0, 3]]', inputs: { x }, throws: true, js: ({ x }) => x.index([0, 3]) },
  { name: 'index mask shape mismatch raises', expr: 'x[k]', inputs: { x, k: mask1 }, throws: true, js: ({ x, k }) => x.index(k) },

  // ---- indexPut_ (Python: item assignment on a clone)
  { name: 'indexPut_ int and slice with scalar', expr: 'y', inputs: { x }, setup: 'y = x.clone(); y[0, 1:] = 5.0', grad: true,
    js: ({ x }) => x.clone().indexPut_([0, '1:'], 5) },
  { name: 'indexPut_ ellipsis with broadcast tensor', expr: 'y', inputs: { x, v: input([5], { seed: 31, requiresGrad: true }) },
    setup: 'y = x.clone(); y[..., 1, :] = v', grad: true, js: ({ x, v }) => x.clone().indexPut_(['...', 1, ':'], v) },
  { name: 'indexPut_ None and slice', expr: 'y', inputs: { x }, setup: 'y = x.clone(); y[None, 1:, 0] = -1.5', grad: true,
    js: ({ x }) => x.clone().indexPut_([null, '1:', 0], -1.5) },
  { name: 'indexPut_ step slice', expr: 'y', inputs: { x }, setup: 'y = x.clone(); y[:, ::2, 1::2] = 0.0', grad: true,
    js: ({ x }) => x.clone().indexPut_([':', '::2', '1::2'], 0) },
  { name: 'indexPut_ mask with scalar', expr: 'y', inputs: { x, k: mask3 }, setup: 'y = x.clone(); y[k] = 2.0', grad: true,
    js: ({ x, k }) => x.clone().indexPut_([k], 2) },
  { name: 'indexPut_ mask with values', expr: 'y', inputs: { m, k: maskM, w: input([11], { seed: 32, requiresGrad: true }) },
    setup: 'y = m.clone(); y[k] = w', grad: true, js: ({ m, k, w }) => m.clone().indexPut_([k], w) },
  { name: 'indexPut_ mask on leading dims with row', expr: 'y', inputs: { x, k: mask2, r: input([5], { seed: 33, requiresGrad: true }) },
    setup: 'y = x.clone(); y[k] = r', grad: true, js: ({ x, k, r }) => x.clone().indexPut_([k], r) },
  { name: 'indexPut_ int list', expr: 'y', inputs: { x }, setup: 'y = x.clone(); y[[0, 2]] = 1.0', grad: true,
    js: ({ x }) => x.clone().indexPut_([[0, 2]], 1) },
  { name: 'indexPut_ int tensors with values', expr: 'y', inputs: { m, i: long([0, 3, 1]), j: long([5, 0, 2]), w: input([3], { seed: 34, requiresGrad: true }) },
    setup: 'y = m.clone(); y[i, j] = w', grad: true, js: ({ m, i, j, w }) => m.clone().indexPut_([i, j], w) },
  { name: 'indexPut_ slice and int tensor', expr: 'y', inputs: { x, i: long([4, 1]) }, setup: 'y = x.clone(); y[1:, :, i] = -3.0', grad: true,
    js: ({ x, i }) => x.clone().indexPut_(['1:', ':', i], -3) },
  { name: 'indexPut_ float value into int64 truncates', expr: 'y', inputs: { a: ints }, setup: 'y = a.clone(); y[1] = 2.7; y[a < 0] = -9',
    js: ({ a }) => a.clone().indexPut_([1], 2.7).indexPut_([a.lt(0)], -9) },
  { name: 'indexPut_ bool value', expr: 'y', inputs: { b: input([3, 4], { dtype: 'bool', seed: 35 }) }, setup: 'y = b.clone(); y[:, 0] = True; y[2] = False',
    js: ({ b }) => b.clone().indexPut_([':', 0], true).indexPut_([2], false) },
  { name: 'indexPut_ on a leaf that requires grad raises', expr: 'x.__setitem__(0, 1.0)', inputs: { x }, throws: true,
    js: ({ x }) => x.indexPut_([0], 1) },
  { name: 'indexPut_ shape mismatch raises', expr: 'p.__setitem__((0,), torch.ones(3))', inputs: { p: plain }, throws: true,
    js: ({ p }) => p.indexPut_([0], torch.ones([3])) },

  // ---- gathers and scatters
  { name: 'indexSelect', expr: '(x.index_select(1, i), x.index_select(-1, i), m.index_select(0, i))', inputs: { x, m, i: idx }, grad: true,
    js: ({ x, m, i }) => [x.indexSelect(1, i), x.indexSelect(-1, i), m.indexSelect(0, i)] },
  { name: 'gather dim 1', expr: 'm.gather(1, g)', inputs: { m, g: long([0, 5, 5, 1, 2, 2, 3, 0, 4, 4, 1, 0], [4, 3]) }, grad: true,
    js: ({ m, g }) => m.gather(1, g) },
  { name: 'gather dim 0', expr: 'm.gather(0, g)', inputs: { m, g: long([3, 0, 1, 1, 2, 3, 0, 0, 2, 1, 3, 3], [2, 6]) }, grad: true,
    js: ({ m, g }) => m.gather(0, g) },
  { name: 'gather out of range raises', expr: 'm.gather(1, g)', inputs: { m, g: long([6], [1, 1]) }, throws: true, js: ({ m, g }) => m.gather(1, g) },
  { name: 'scatter tensor src', expr: 'm.scatter(1, g, s)', inputs: { m, g: long([0, 5, 1, 2, 3, 0, 4, 1], [4, 2]), s: input([4, 2], { seed: 36, requiresGrad: true }) },
    grad: true, js: ({ m, g, s }) => m.scatter(1, g, s) },
  { name: 'scatter scalar src', expr: 'm.scatter(0, g, -7.5)', inputs: { m, g: long([3, 0, 1, 2, 1, 0], [1, 6]) }, grad: true,
    js: ({ m, g }) => m.scatter(0, g, -7.5) },
  { name: 'scatterAdd (duplicates add)', expr: 'm.scatter_add(1, g, s)', inputs: { m, g: long([0, 0, 1, 2, 2, 2, 5, 4, 5, 3, 3, 1], [4, 3]), s: input([4, 3], { seed: 37, requiresGrad: true }) },
    grad: true, js: ({ m, g, s }) => m.scatterAdd(1, g, s) },
  ...(['sum', 'prod', 'mean', 'amax', 'amin'] as const).flatMap((reduce) => [true, false].map((includeSelf): DiffCase => ({
    name: `scatterReduce ${reduce} includeSelf=${includeSelf}`,
    expr: `m.scatter_reduce(1, g, s, "${reduce}", include_self=${includeSelf ? 'True' : 'False'})`,
    inputs: { m, g: long([0, 0, 1, 2, 2, 2, 5, 4, 5, 3, 3, 1], [4, 3]), s: input([4, 3], { seed: 38, requiresGrad: true }) },
    grad: true, js: ({ m, g, s }) => m.scatterReduce(1, g, s, reduce, includeSelf),
  }))),
  { name: 'scatterReduce int64 amax', expr: 'a.scatter_reduce(0, g, b, "amax")', inputs: { a: ints, g: long([2, 0, 0, 1], [1, 4]), b: input([1, 4], { dtype: 'int64', lo: -9, hi: 9, seed: 39 }) },
    js: ({ a, g, b }) => a.scatterReduce(0, g, b, 'amax') },
  { name: 'indexAdd', expr: 'm.index_add(0, i, s)', inputs: { m, i: long([3, 0, 3]), s: input([3, 6], { seed: 40, requiresGrad: true }) },
    grad: true, js: ({ m, i, s }) => m.indexAdd(0, i, s) },
  { name: 'indexAdd alpha dim 1', expr: 'm.index_add(1, i, s, alpha=-2.5)', inputs: { m, i: long([5, 1]), s: input([4, 2], { seed: 41, requiresGrad: true }) },
    grad: true, js: ({ m, i, s }) => m.indexAdd(1, i, s, -2.5) },
  { name: 'maskedFill scalar', expr: 'm.masked_fill(k, -1.25)', inputs: { m, k: maskM }, grad: true, js: ({ m, k }) => m.maskedFill(k, -1.25) },
  { name: 'maskedFill broadcast mask', expr: 'm.masked_fill(k, 3.0)', inputs: { m, k: bool([1, 0, 0, 1, 0, 1], [6]) }, grad: true,
    js: ({ m, k }) => m.maskedFill(k, 3) },
  { name: 'maskedFill 0-d tensor value (grad flows to it)', expr: 'm.masked_fill(k, s)', inputs: { m, k: maskM, s: { data: [0.75], shape: [], dtype: 'float32', requiresGrad: true } },
    grad: true, js: ({ m, k, s }) => m.maskedFill(k, s) },
  { name: 'maskedFill_ in place', expr: 'y', inputs: { p: plain, k: mask3 }, setup: 'y = p.clone(); y.masked_fill_(k, 9.0)',
    js: ({ p, k }) => p.clone().maskedFill_(k, 9) },
  { name: 'maskedSelect', expr: 'm.masked_select(k)', inputs: { m, k: maskM }, grad: true, js: ({ m, k }) => m.maskedSelect(k) },
  { name: 'maskedSelect broadcast', expr: 'x.masked_select(k)', inputs: { x, k: bool([1, 0, 0, 1, 1], [5]) }, grad: true, js: ({ x, k }) => x.maskedSelect(k) },
  { name: 'take', expr: 'x.take(t)', inputs: { x, t: long([0, 59, -1, 17, 17, 30], [2, 3]) }, grad: true, js: ({ x, t }) => x.take(t) },
  { name: 'nonzero', expr: '(z.nonzero(), a.nonzero(), k.nonzero())', inputs: { z: { data: [0, 1.5, 0, -2, 0, 0], shape: [2, 3], dtype: 'float32' }, a: ints, k: mask3 },
    js: ({ z, a, k }) => [z.nonzero(), a.nonzero(), k.nonzero()] },
  { name: 'where tensors', expr: 'torch.where(m > 0, m, m2)', inputs: { m, m2 }, grad: true, js: ({ m, m2 }) => torch.where(m.gt(0), m, m2) },
  { name: 'where broadcast', expr: 'torch.where(k, m, c)', inputs: { m, c: col, k: bool([1, 0, 0, 1, 1, 0], [6]) }, grad: true,
    js: ({ m, c, k }) => torch.where(k, m, c) },
  { name: 'where scalars', expr: '(torch.where(m > 0, m, 0.0), torch.where(m > 0, 1.0, m2), torch.where(m > 0, 2.5, -3.5))', inputs: { m, m2 }, grad: true,
    // Non-integral scalars: JS has one number type, so an integral JS number acts as a Python int
    // (torch.where(c, 2, -3) is int64 in both), and 2.0 cannot be told from 2.
    js: ({ m, m2 }) => [torch.where(m.gt(0), m, 0), torch.where(m.gt(0), 1, m2), torch.where(m.gt(0), 2.5, -3.5)] },
  { name: 'where integer scalars give int64', expr: 'torch.where(a > 0, 1, 0)', inputs: { a: ints }, js: ({ a }) => torch.where(a.gt(0), 1, 0) },
  { name: 'Tensor.where method', expr: 'm.where(m > 0, m2)', inputs: { m, m2 }, grad: true, js: ({ m, m2 }) => m.where(m.gt(0), m2) },

  // ---- tril / triu / diag
  { name: 'tril', expr: '(m.tril(), m.tril(1), m.tril(-2))', inputs: { m }, grad: true, js: ({ m }) => [m.tril(), m.tril(1), m.tril(-2)] },
  { name: 'triu', expr: '(m.triu(), m.triu(2), m.triu(-1))', inputs: { m }, grad: true, js: ({ m }) => [m.triu(), m.triu(2), m.triu(-1)] },
  { name: 'tril/triu batched', expr: '(x.tril(), x.triu(1))', inputs: { x }, grad: true, js: ({ x }) => [x.tril(), x.triu(1)] },
  { name: 'diag of a vector', expr: '(v.diag(), v.diag(1), v.diag(-2))', inputs: { v }, grad: true, js: ({ v }) => [v.diag(), v.diag(1), v.diag(-2)] },
  { name: 'diag of a matrix', expr: '(s.diag(), m.diag(), m.diag(2), m.diag(-1))', inputs: { s: sq, m }, grad: true,
    js: ({ s, m }) => [s.diag(), m.diag(), m.diag(2), m.diag(-1)] },
  { name: 'trace', expr: 's.trace()', inputs: { s: sq }, grad: true, js: ({ s }) => s.trace() },
];

describe('shape and indexing ops match PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});

describe('indexing rules of torchts itself', () => {
  // PyTorch accepts several ellipses (x[..., 0, ...] is x[..., 0] there, a quirk NumPy rejects with
  // IndexError); torchts rejects them by design, as its docs say ("a single ellipsis").
  it('two ellipses throw a TypeError', () => {
    torch.tidy(() => {
      const t = torch.zeros([3, 4, 5]);
      expect(() => t.index('...', 0, '...')).toThrow(TypeError);
      expect(() => t.index('...', 0, '...')).toThrow(/single ellipsis/);
    });
  });
  it('a malformed slice string throws a TypeError', () => {
    torch.tidy(() => {
      const t = torch.zeros([3, 4]);
      expect(() => t.index('1:2:3:4')).toThrow(TypeError);
      expect(() => t.index('a:')).toThrow(TypeError);
    });
  });
});
