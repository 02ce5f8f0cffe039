// Differential tests: matrix products, einsum, and nn.functional (linear, convolutions, pooling,
// resampling, padding, dropout, normalisation, embedding, attention, losses), against Python torch on
// the same inputs, outputs and gradients.
//
// Comparison is exact (tolerance 0) for every case. Both sides run the same libtorch build on CPU
// with the same thread count (the harness passes torch.getNumThreads() to Python), so the same
// kernels are dispatched (BLAS for matmul, the same oneDNN/native convolution path, the same SDPA
// backend) with the same blocking and summation order. A case that ever needs a tolerance must say
// why here; none does.
//
// Random ops (dropout) are compared under the same seed: DiffCase.seed runs torch.manual_seed in
// Python and torch.manualSeed in JS right before the op. batchNorm's running statistics are updated
// in place and returned as extra outputs, so their new values are compared too.
//
// The last block checks that an absurd pooling size fails fast instead of hanging.
// Bad input follows the rules in docs/architecture.md, "Testing".
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { ensureDist } from '../helpers/dist.js';
import { type DiffCase, type InputSpec, input, runDiff } from '../helpers/reference.js';

const F = nn.functional;
const g = (shape: number[], seed: number, lo = -2, hi = 2): InputSpec => input(shape, { seed, lo, hi, requiresGrad: true });
const long = (data: number[], shape = [data.length]): InputSpec => ({ data, shape, dtype: 'int64' });

const a = g([3, 4], 51);
const b = g([4, 5], 52);
const va = g([4], 53);
const vb = g([4], 54);
const vc = g([5], 55);
const ba = g([2, 3, 4], 56);
const bb = g([2, 4, 5], 57);
const bias3 = g([3], 58);
const c3 = g([3, 5], 59);

// Convolution inputs: [N, C, H, W] and weights.
const img = g([2, 4, 7, 6], 60);
const w2 = g([6, 4, 3, 3], 61, -0.5, 0.5);
const w2g = g([6, 2, 3, 2], 62, -0.5, 0.5); // groups = 2
const w2even = g([3, 4, 2, 4], 63, -0.5, 0.5); // even kernel for 'same'
const bias6 = g([6], 64);
const seq = g([2, 4, 9], 65);
const w1 = g([5, 4, 3], 66, -0.5, 0.5);
const w1g = g([6, 2, 3], 67, -0.5, 0.5);
const bias5 = g([5], 68);
const wt = g([4, 3, 3, 3], 69, -0.5, 0.5); // convTranspose: [Cin, Cout/groups, kH, kW]
const wtg = g([4, 2, 3, 2], 70, -0.5, 0.5);
const small = g([1, 2, 4, 5], 71);

// Normalisation.
const bn = g([4, 3, 5], 72);
const bn4 = g([4, 3, 2, 3], 73);
const gamma3 = g([3], 74, 0.5, 1.5);
const beta3 = g([3], 75);
const runMean: InputSpec = input([3], { seed: 76, lo: -0.5, hi: 0.5 });
const runVar: InputSpec = input([3], { seed: 77, lo: 0.5, hi: 1.5 });
const ln = g([2, 3, 6], 78);
const gamma6 = g([6], 79, 0.5, 1.5);
const beta6 = g([6], 80);
const gammaLn2 = g([3, 6], 81, 0.5, 1.5);
const gn = g([2, 6, 4], 82);

// Embedding, attention.
const table = g([7, 3], 83);
const tokens = long([1, 0, 4, 6, 1, 0, 2, 1], [2, 4]);
const q = g([2, 2, 5, 4], 84);
const k = g([2, 2, 6, 4], 85);
const val = g([2, 2, 6, 3], 86);
const qs = g([2, 2, 5, 4], 87); // square causal: q and k of the same length
const ks = g([2, 2, 5, 4], 88);
const vs = g([2, 2, 5, 3], 89);

// Losses.
const pred = g([5, 4], 90);
const target = g([5, 4], 91);
const logits = g([5, 4], 92);
const labels = long([2, 0, 3, 3, 1]);
const labelsIgnored = long([2, -100, 3, 1, -100]);
const labels7 = long([2, 7, 3, 1, 7]); // ignoreIndex 7
// Class weights, BCE weights and posWeight are not differentiable in PyTorch (requires_grad raises).
const classW = input([4], { seed: 93, lo: 0.2, hi: 2 });
const probsRaw = g([5, 4], 94);
const logits3d = g([2, 4, 3], 95);
const labels3d = long([0, 3, 1, 2, 2, 0], [2, 3]);
const p01 = g([5, 4], 96, 0.05, 0.95);
const y01: InputSpec = { ...input([5, 4], { seed: 97, lo: 0, hi: 2, dtype: 'int64' }), dtype: 'float32' };
const ySoft = input([5, 4], { seed: 98, lo: 0, hi: 1 });
const bceW = input([5, 4], { seed: 99, lo: 0.5, hi: 1.5 });
const posW = input([4], { seed: 100, lo: 0.5, hi: 3 });
const REDUCTIONS = ['mean', 'sum', 'none'] as const;

const cases: DiffCase[] = [
  // ---- products
  { name: 'matmul 2-D @ 2-D', expr: 'a @ b', inputs: { a, b }, grad: true, js: ({ a, b }) => a.matmul(b) },
  { name: 'matmul 1-D @ 2-D', expr: 'v @ b', inputs: { v: va, b }, grad: true, js: ({ v, b }) => v.matmul(b) },
  { name: 'matmul 2-D @ 1-D', expr: 'a @ v', inputs: { a, v: va }, grad: true, js: ({ a, v }) => a.matmul(v) },
  { name: 'matmul 1-D @ 1-D', expr: 'u @ v', inputs: { u: va, v: vb }, grad: true, js: ({ u, v }) => u.matmul(v) },
  { name: 'matmul batched', expr: 'p @ q', inputs: { p: ba, q: bb }, grad: true, js: ({ p, q }) => p.matmul(q) },
  { name: 'matmul batched broadcast 3-D @ 2-D', expr: 'p @ b', inputs: { p: ba, b }, grad: true, js: ({ p, b }) => p.matmul(b) },
  { name: 'matmul shape mismatch raises', expr: 'a @ a', inputs: { a }, throws: true, js: ({ a }) => a.matmul(a) },
  { name: 'torch.matmul function form', expr: 'torch.matmul(a, b)', inputs: { a, b }, grad: true, js: ({ a, b }) => torch.matmul(a, b) },
  { name: 'mm', expr: 'a.mm(b)', inputs: { a, b }, grad: true, js: ({ a, b }) => a.mm(b) },
  { name: 'bmm', expr: 'p.bmm(q)', inputs: { p: ba, q: bb }, grad: true, js: ({ p, q }) => p.bmm(q) },
  { name: 'mv', expr: 'a.mv(v)', inputs: { a, v: va }, grad: true, js: ({ a, v }) => a.mv(v) },
  { name: 'dot', expr: 'u.dot(v)', inputs: { u: va, v: vb }, grad: true, js: ({ u, v }) => u.dot(v) },
  { name: 'outer', expr: 'u.outer(w)', inputs: { u: va, w: vc }, grad: true, js: ({ u, w }) => u.outer(w) },
  { name: 'einsum ij,jk->ik', expr: 'torch.einsum("ij,jk->ik", a, b)', inputs: { a, b }, grad: true, js: ({ a, b }) => torch.einsum('ij,jk->ik', a, b) },
  { name: 'einsum bij,bjk->bik', expr: 'torch.einsum("bij,bjk->bik", p, q)', inputs: { p: ba, q: bb }, grad: true,
    js: ({ p, q }) => torch.einsum('bij,bjk->bik', p, q) },
  { name: 'einsum transpose and trace', expr: '(torch.einsum("ij->ji", a), torch.einsum("ii->", a[:, :3]), torch.einsum("ii->i", a[:, :3]))', inputs: { a }, grad: true,
    js: ({ a }) => [torch.einsum('ij->ji', a), torch.einsum('ii->', a.narrow(1, 0, 3)), torch.einsum('ii->i', a.narrow(1, 0, 3))] },
  { name: 'einsum dot, outer, sum', expr: '(torch.einsum("i,i->", u, v), torch.einsum("i,j->ij", u, w), torch.einsum("bij->j", p))', inputs: { u: va, v: vb, w: vc, p: ba },
    grad: true, js: ({ u, v, w, p }) => [torch.einsum('i,i->', u, v), torch.einsum('i,j->ij', u, w), torch.einsum('bij->j', p)] },
  { name: 'einsum attention scores', expr: 'torch.einsum("bhqd,bhkd->bhqk", q, k)', inputs: { q, k }, grad: true,
    js: ({ q, k }) => torch.einsum('bhqd,bhkd->bhqk', q, k) },
  { name: 'einsum ellipsis', expr: 'torch.einsum("...ij,...jk->...ik", p, q)', inputs: { p: ba, q: bb }, grad: true,
    js: ({ p, q }) => torch.einsum('...ij,...jk->...ik', p, q) },
  { name: 'addmm', expr: 'torch.addmm(c, a, b)', inputs: { c: c3, a, b }, grad: true, js: ({ c, a, b }) => torch.addmm(c, a, b) },
  { name: 'addmm beta alpha broadcast', expr: 'torch.addmm(c, a, b, beta=0.5, alpha=-2)', inputs: { c: vc, a, b }, grad: true,
    js: ({ c, a, b }) => torch.addmm(c, a, b, 0.5, -2) },

  // ---- linear
  { name: 'linear', expr: 'F.linear(x, w, b)', inputs: { x: b, w: c3, b: bias3 }, grad: true, js: ({ x, w, b }) => F.linear(x, w, b) },
  { name: 'linear no bias', expr: 'F.linear(x, w)', inputs: { x: b, w: c3 }, grad: true, js: ({ x, w }) => F.linear(x, w) },
  { name: 'linear 3-D input', expr: 'F.linear(x, w, b)', inputs: { x: bb, w: c3, b: bias3 }, grad: true, js: ({ x, w, b }) => F.linear(x, w, b) },
  { name: 'linear 1-D input', expr: 'F.linear(x, w, b)', inputs: { x: vc, w: c3, b: bias3 }, grad: true, js: ({ x, w, b }) => F.linear(x, w, b) },

  // ---- conv1d
  { name: 'conv1d', expr: 'F.conv1d(x, w, b)', inputs: { x: seq, w: w1, b: bias5 }, grad: true, js: ({ x, w, b }) => F.conv1d(x, w, b) },
  { name: 'conv1d stride padding dilation', expr: 'F.conv1d(x, w, b, stride=2, padding=2, dilation=2)', inputs: { x: seq, w: w1, b: bias5 }, grad: true,
    js: ({ x, w, b }) => F.conv1d(x, w, b, { stride: 2, padding: 2, dilation: 2 }) },
  { name: 'conv1d same', expr: 'F.conv1d(x, w, None, padding="same", dilation=2)', inputs: { x: seq, w: w1 }, grad: true,
    js: ({ x, w }) => F.conv1d(x, w, null, { padding: 'same', dilation: 2 }) },
  { name: 'conv1d groups', expr: 'F.conv1d(x, w, groups=2)', inputs: { x: seq, w: w1g }, grad: true, js: ({ x, w }) => F.conv1d(x, w, null, { groups: 2 }) },

  // ---- conv2d
  { name: 'conv2d', expr: 'F.conv2d(x, w, b)', inputs: { x: img, w: w2, b: bias6 }, grad: true, js: ({ x, w, b }) => F.conv2d(x, w, b) },
  { name: 'conv2d no bias', expr: 'F.conv2d(x, w)', inputs: { x: img, w: w2 }, grad: true, js: ({ x, w }) => F.conv2d(x, w) },
  { name: 'conv2d stride 2 padding 1', expr: 'F.conv2d(x, w, b, stride=2, padding=1)', inputs: { x: img, w: w2, b: bias6 }, grad: true,
    js: ({ x, w, b }) => F.conv2d(x, w, b, { stride: 2, padding: 1 }) },
  { name: 'conv2d tuple stride and padding', expr: 'F.conv2d(x, w, b, stride=(1, 2), padding=(2, 1))', inputs: { x: img, w: w2, b: bias6 }, grad: true,
    js: ({ x, w, b }) => F.conv2d(x, w, b, { stride: [1, 2], padding: [2, 1] }) },
  { name: 'conv2d padding same', expr: 'F.conv2d(x, w, b, padding="same")', inputs: { x: img, w: w2, b: bias6 }, grad: true,
    js: ({ x, w, b }) => F.conv2d(x, w, b, { padding: 'same' }) },
  { name: 'conv2d padding same even kernel (asymmetric)', expr: 'F.conv2d(x, w, padding="same")', inputs: { x: img, w: w2even }, grad: true,
    js: ({ x, w }) => F.conv2d(x, w, null, { padding: 'same' }) },
  { name: 'conv2d padding valid', expr: 'F.conv2d(x, w, padding="valid")', inputs: { x: img, w: w2 }, grad: true,
    js: ({ x, w }) => F.conv2d(x, w, null, { padding: 'valid' }) },
  { name: 'conv2d dilation', expr: 'F.conv2d(x, w, b, padding=1, dilation=(2, 1))', inputs: { x: img, w: w2, b: bias6 }, grad: true,
    js: ({ x, w, b }) => F.conv2d(x, w, b, { padding: 1, dilation: [2, 1] }) },
  { name: 'conv2d groups', expr: 'F.conv2d(x, w, b, groups=2, padding=(1, 0))', inputs: { x: img, w: w2g, b: bias6 }, grad: true,
    js: ({ x, w, b }) => F.conv2d(x, w, b, { groups: 2, padding: [1, 0] }) },
  { name: 'conv2d depthwise', expr: 'F.conv2d(x, w, groups=4, padding=1)', inputs: { x: img, w: g([4, 1, 3, 3], 101, -0.5, 0.5) }, grad: true,
    js: ({ x, w }) => F.conv2d(x, w, null, { groups: 4, padding: 1 }) },
  { name: 'conv2d channel mismatch raises', expr: 'F.conv2d(x, w)', inputs: { x: img, w: w2g }, throws: true, js: ({ x, w }) => F.conv2d(x, w) },

  // ---- convTranspose2d
  { name: 'convTranspose2d', expr: 'F.conv_transpose2d(x, w, b)', inputs: { x: img, w: wt, b: bias3 }, grad: true,
    js: ({ x, w, b }) => F.convTranspose2d(x, w, b) },
  { name: 'convTranspose2d stride padding outputPadding', expr: 'F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)',
    inputs: { x: img, w: wt, b: bias3 }, grad: true,
    js: ({ x, w, b }) => F.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }) },
  { name: 'convTranspose2d tuples and dilation', expr: 'F.conv_transpose2d(x, w, stride=(2, 1), padding=(0, 1), dilation=2)',
    inputs: { x: img, w: wt }, grad: true,
    js: ({ x, w }) => F.convTranspose2d(x, w, null, { stride: [2, 1], padding: [0, 1], dilation: 2 }) },
  { name: 'convTranspose2d groups', expr: 'F.conv_transpose2d(x, w, groups=2, stride=2)', inputs: { x: img, w: wtg }, grad: true,
    js: ({ x, w }) => F.convTranspose2d(x, w, null, { groups: 2, stride: 2 }) },

  // ---- pooling
  { name: 'maxPool2d', expr: 'F.max_pool2d(x, 2)', inputs: { x: img }, grad: true, js: ({ x }) => F.maxPool2d(x, 2) },
  { name: 'maxPool2d stride padding', expr: 'F.max_pool2d(x, 3, stride=2, padding=1)', inputs: { x: img }, grad: true,
    js: ({ x }) => F.maxPool2d(x, 3, { stride: 2, padding: 1 }) },
  { name: 'maxPool2d tuple kernel dilation ceil', expr: 'F.max_pool2d(x, (2, 3), stride=(2, 2), dilation=(1, 2), ceil_mode=True)', inputs: { x: img }, grad: true,
    js: ({ x }) => F.maxPool2d(x, [2, 3], { stride: [2, 2], dilation: [1, 2], ceilMode: true }) },
  { name: 'maxPool2d overlapping windows (grads add)', expr: 'F.max_pool2d(x, 3, stride=1)', inputs: { x: small }, grad: true,
    js: ({ x }) => F.maxPool2d(x, 3, { stride: 1 }) },
  { name: 'maxPool1d', expr: 'F.max_pool1d(x, 3, stride=2, padding=1)', inputs: { x: seq }, grad: true, js: ({ x }) => F.maxPool1d(x, 3, { stride: 2, padding: 1 }) },
  { name: 'avgPool2d', expr: 'F.avg_pool2d(x, 2)', inputs: { x: img }, grad: true, js: ({ x }) => F.avgPool2d(x, 2) },
  { name: 'avgPool2d padding countIncludePad false', expr: 'F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)', inputs: { x: img }, grad: true,
    js: ({ x }) => F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }) },
  { name: 'avgPool2d padding countIncludePad true', expr: 'F.avg_pool2d(x, 3, stride=2, padding=1)', inputs: { x: img }, grad: true,
    js: ({ x }) => F.avgPool2d(x, 3, { stride: 2, padding: 1 }) },
  { name: 'avgPool2d ceilMode and divisorOverride', expr: 'F.avg_pool2d(x, (2, 3), ceil_mode=True, divisor_override=4)', inputs: { x: img }, grad: true,
    js: ({ x }) => F.avgPool2d(x, [2, 3], { ceilMode: true, divisorOverride: 4 }) },
  { name: 'avgPool1d', expr: 'F.avg_pool1d(x, 2, stride=1)', inputs: { x: seq }, grad: true, js: ({ x }) => F.avgPool1d(x, 2, { stride: 1 }) },
  { name: 'adaptiveAvgPool2d 1x1', expr: 'F.adaptive_avg_pool2d(x, 1)', inputs: { x: img }, grad: true, js: ({ x }) => F.adaptiveAvgPool2d(x, 1) },
  { name: 'adaptiveAvgPool2d uneven', expr: 'F.adaptive_avg_pool2d(x, (3, 4))', inputs: { x: img }, grad: true, js: ({ x }) => F.adaptiveAvgPool2d(x, [3, 4]) },
  { name: 'adaptiveAvgPool2d upsizing', expr: 'F.adaptive_avg_pool2d(x, (5, 7))', inputs: { x: small }, grad: true, js: ({ x }) => F.adaptiveAvgPool2d(x, [5, 7]) },
  { name: 'adaptiveMaxPool2d', expr: 'F.adaptive_max_pool2d(x, (3, 2))', inputs: { x: img }, grad: true, js: ({ x }) => F.adaptiveMaxPool2d(x, [3, 2]) },
  { name: 'adaptiveAvgPool1d', expr: 'F.adaptive_avg_pool1d(x, 4)', inputs: { x: seq }, grad: true, js: ({ x }) => F.adaptiveAvgPool1d(x, 4) },

  // ---- interpolate
  { name: 'interpolate nearest size', expr: 'F.interpolate(x, size=(9, 5))', inputs: { x: small }, grad: true, js: ({ x }) => F.interpolate(x, { size: [9, 5] }) },
  { name: 'interpolate nearest scale 2', expr: 'F.interpolate(x, scale_factor=2)', inputs: { x: small }, grad: true, js: ({ x }) => F.interpolate(x, { scaleFactor: 2 }) },
  { name: 'interpolate nearest scale 1.5', expr: 'F.interpolate(x, scale_factor=1.5, mode="nearest")', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { scaleFactor: 1.5, mode: 'nearest' }) },
  { name: 'interpolate nearest-exact', expr: 'F.interpolate(x, size=(7, 3), mode="nearest-exact")', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: [7, 3], mode: 'nearest-exact' }) },
  { name: 'interpolate bilinear size', expr: 'F.interpolate(x, size=(7, 8), mode="bilinear")', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: [7, 8], mode: 'bilinear' }) },
  { name: 'interpolate bilinear alignCorners false explicit', expr: 'F.interpolate(x, size=(3, 3), mode="bilinear", align_corners=False)', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: [3, 3], mode: 'bilinear', alignCorners: false }) },
  { name: 'interpolate bilinear alignCorners', expr: 'F.interpolate(x, size=(7, 8), mode="bilinear", align_corners=True)', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: [7, 8], mode: 'bilinear', alignCorners: true }) },
  { name: 'interpolate bilinear scale', expr: 'F.interpolate(x, scale_factor=(1.5, 2.5), mode="bilinear")', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { scaleFactor: [1.5, 2.5], mode: 'bilinear' }) },
  { name: 'interpolate bilinear scale alignCorners', expr: 'F.interpolate(x, scale_factor=3, mode="bilinear", align_corners=True)', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { scaleFactor: 3, mode: 'bilinear', alignCorners: true }) },
  { name: 'interpolate bicubic', expr: 'F.interpolate(x, size=(8, 9), mode="bicubic")', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: [8, 9], mode: 'bicubic' }) },
  { name: 'interpolate bicubic alignCorners scale', expr: 'F.interpolate(x, scale_factor=1.75, mode="bicubic", align_corners=True)', inputs: { x: small }, grad: true,
    js: ({ x }) => F.interpolate(x, { scaleFactor: 1.75, mode: 'bicubic', alignCorners: true }) },
  { name: 'interpolate downsample bilinear', expr: 'F.interpolate(x, scale_factor=0.5, mode="bilinear")', inputs: { x: img }, grad: true,
    js: ({ x }) => F.interpolate(x, { scaleFactor: 0.5, mode: 'bilinear' }) },
  { name: 'interpolate linear 1-D', expr: 'F.interpolate(x, size=13, mode="linear")', inputs: { x: seq }, grad: true,
    js: ({ x }) => F.interpolate(x, { size: 13, mode: 'linear' }) },
  { name: 'interpolate alignCorners with nearest raises', expr: 'F.interpolate(x, size=(3, 3), mode="nearest", align_corners=True)', inputs: { x: small },
    throws: true, js: ({ x }) => F.interpolate(x, { size: [3, 3], mode: 'nearest', alignCorners: true }) },

  // ---- pad
  { name: 'pad constant', expr: 'F.pad(x, (1, 2))', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [1, 2]) },
  { name: 'pad constant value 2-D', expr: 'F.pad(x, (1, 0, 2, 1), value=-1.5)', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [1, 0, 2, 1], 'constant', -1.5) },
  { name: 'pad constant three dims', expr: 'F.pad(x, (0, 1, 1, 0, 1, 1))', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [0, 1, 1, 0, 1, 1]) },
  { name: 'pad negative crops', expr: 'F.pad(x, (-1, 1, 0, -2))', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [-1, 1, 0, -2]) },
  { name: 'pad reflect', expr: 'F.pad(x, (2, 1, 1, 3), mode="reflect")', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [2, 1, 1, 3], 'reflect') },
  { name: 'pad reflect 1-D', expr: 'F.pad(x, (3, 2), mode="reflect")', inputs: { x: seq }, grad: true, js: ({ x }) => F.pad(x, [3, 2], 'reflect') },
  { name: 'pad replicate', expr: 'F.pad(x, (2, 1, 1, 3), mode="replicate")', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [2, 1, 1, 3], 'replicate') },
  { name: 'pad circular', expr: 'F.pad(x, (2, 1, 1, 3), mode="circular")', inputs: { x: small }, grad: true, js: ({ x }) => F.pad(x, [2, 1, 1, 3], 'circular') },
  { name: 'pad reflect too large raises', expr: 'F.pad(x, (5, 0), mode="reflect")', inputs: { x: small }, throws: true, js: ({ x }) => F.pad(x, [5, 0], 'reflect') },

  // ---- dropout (same seed on both sides)
  { name: 'dropout p=0.3', expr: 'F.dropout(x, 0.3)', inputs: { x: img }, seed: 1234, grad: true, js: ({ x }) => F.dropout(x, 0.3) },
  { name: 'dropout p=0.5 training explicit', expr: 'F.dropout(x, 0.5, training=True)', inputs: { x: bn4 }, seed: 7, grad: true, js: ({ x }) => F.dropout(x, 0.5, true) },
  { name: 'dropout two draws advance the generator', expr: '(F.dropout(x, 0.4), F.dropout(x, 0.4))', inputs: { x: pred }, seed: 99, grad: true,
    js: ({ x }) => [F.dropout(x, 0.4), F.dropout(x, 0.4)] },
  { name: 'dropout eval is identity', expr: 'F.dropout(x, 0.5, training=False)', inputs: { x: pred }, seed: 3, grad: true, js: ({ x }) => F.dropout(x, 0.5, false) },
  { name: 'dropout p=1 zeroes', expr: 'F.dropout(x, 1.0)', inputs: { x: pred }, seed: 3, grad: true, js: ({ x }) => F.dropout(x, 1) },
  { name: 'dropout2d', expr: 'F.dropout2d(x, 0.5)', inputs: { x: img }, seed: 11, grad: true, js: ({ x }) => F.dropout2d(x, 0.5) },

  // ---- batchNorm (running stats returned as outputs after the in-place update)
  { name: 'batchNorm training updates running stats', expr: '(F.batch_norm(x, rm, rv, w, b, training=True), rm, rv)',
    inputs: { x: bn, rm: runMean, rv: runVar, w: gamma3, b: beta3 }, grad: true,
    js: ({ x, rm, rv, w, b }) => [F.batchNorm(x, rm, rv, { weight: w, bias: b, training: true }), rm, rv] },
  { name: 'batchNorm training momentum eps 4-D', expr: '(F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.3, eps=1e-3), rm, rv)',
    inputs: { x: bn4, rm: runMean, rv: runVar, w: gamma3, b: beta3 }, grad: true,
    js: ({ x, rm, rv, w, b }) => [F.batchNorm(x, rm, rv, { weight: w, bias: b, training: true, momentum: 0.3, eps: 1e-3 }), rm, rv] },
  { name: 'batchNorm training without running stats', expr: 'F.batch_norm(x, None, None, w, b, training=True)', inputs: { x: bn, w: gamma3, b: beta3 }, grad: true,
    js: ({ x, w, b }) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }) },
  { name: 'batchNorm training no affine', expr: '(F.batch_norm(x, rm, rv, training=True), rm, rv)', inputs: { x: bn4, rm: runMean, rv: runVar }, grad: true,
    js: ({ x, rm, rv }) => [F.batchNorm(x, rm, rv, { training: true }), rm, rv] },
  { name: 'batchNorm eval uses running stats (unchanged)', expr: '(F.batch_norm(x, rm, rv, w, b, training=False), rm, rv)',
    inputs: { x: bn, rm: runMean, rv: runVar, w: gamma3, b: beta3 }, grad: true,
    js: ({ x, rm, rv, w, b }) => [F.batchNorm(x, rm, rv, { weight: w, bias: b, training: false }), rm, rv] },
  { name: 'batchNorm eval default (training false)', expr: 'F.batch_norm(x, rm, rv, eps=0.1)', inputs: { x: bn4, rm: runMean, rv: runVar }, grad: true,
    js: ({ x, rm, rv }) => F.batchNorm(x, rm, rv, { eps: 0.1 }) },

  // ---- layerNorm / groupNorm
  { name: 'layerNorm last dim affine', expr: 'F.layer_norm(x, (6,), w, b)', inputs: { x: ln, w: gamma6, b: beta6 }, grad: true,
    js: ({ x, w, b }) => F.layerNorm(x, [6], w, b) },
  { name: 'layerNorm last dim plain', expr: 'F.layer_norm(x, (6,))', inputs: { x: ln }, grad: true, js: ({ x }) => F.layerNorm(x, [6]) },
  { name: 'layerNorm two dims eps', expr: 'F.layer_norm(x, (3, 6), w, None, eps=1e-2)', inputs: { x: ln, w: gammaLn2 }, grad: true,
    js: ({ x, w }) => F.layerNorm(x, [3, 6], w, null, 1e-2) },
  { name: 'groupNorm affine', expr: 'F.group_norm(x, 2, w, b)', inputs: { x: gn, w: gamma6, b: beta6 }, grad: true,
    js: ({ x, w, b }) => F.groupNorm(x, 2, w, b) },
  { name: 'groupNorm plain, 3 groups, eps', expr: 'F.group_norm(x, 3, eps=1e-3)', inputs: { x: gn }, grad: true, js: ({ x }) => F.groupNorm(x, 3, null, null, 1e-3) },
  { name: 'groupNorm 4-D', expr: 'F.group_norm(x, 2, w[:4], b[:4])', inputs: { x: img, w: gamma6, b: beta6 }, grad: true,
    js: ({ x, w, b }) => F.groupNorm(x, 2, w.narrow(0, 0, 4), b.narrow(0, 0, 4)) },
  { name: 'groupNorm indivisible raises', expr: 'F.group_norm(x, 4)', inputs: { x: gn }, throws: true, js: ({ x }) => F.groupNorm(x, 4) },

  // ---- embedding / oneHot
  { name: 'embedding (repeated ids: grads add)', expr: 'F.embedding(t, w)', inputs: { t: tokens, w: table }, grad: true, js: ({ t, w }) => F.embedding(t, w) },
  { name: 'embedding paddingIdx gets no grad', expr: 'F.embedding(t, w, padding_idx=1)', inputs: { t: tokens, w: table }, grad: true,
    js: ({ t, w }) => F.embedding(t, w, 1) },
  { name: 'embedding negative paddingIdx', expr: 'F.embedding(t, w, padding_idx=-1)', inputs: { t: tokens, w: table }, grad: true,
    js: ({ t, w }) => F.embedding(t, w, -1) },
  { name: 'embedding paddingIdx out of range raises', expr: 'F.embedding(t, w, padding_idx=7)', inputs: { t: tokens, w: table }, throws: true,
    js: ({ t, w }) => F.embedding(t, w, 7) },
  { name: 'embedding out of range raises', expr: 'F.embedding(t, w)', inputs: { t: long([7]), w: table }, throws: true, js: ({ t, w }) => F.embedding(t, w) },
  { name: 'oneHot', expr: '(F.one_hot(t), F.one_hot(t, 9))', inputs: { t: tokens }, js: ({ t }) => [F.oneHot(t), F.oneHot(t, 9)] },
  { name: 'oneHot too few classes raises', expr: 'F.one_hot(t, 3)', inputs: { t: tokens }, throws: true, js: ({ t }) => F.oneHot(t, 3) },

  // ---- scaledDotProductAttention
  { name: 'sdpa', expr: 'F.scaled_dot_product_attention(q, k, v)', inputs: { q, k, v: val }, grad: true,
    js: ({ q, k, v }) => F.scaledDotProductAttention(q, k, v) },
  { name: 'sdpa causal', expr: 'F.scaled_dot_product_attention(q, k, v, is_causal=True)', inputs: { q: qs, k: ks, v: vs }, grad: true,
    js: ({ q, k, v }) => F.scaledDotProductAttention(q, k, v, { isCausal: true }) },
  { name: 'sdpa scale', expr: 'F.scaled_dot_product_attention(q, k, v, scale=0.3)', inputs: { q, k, v: val }, grad: true,
    js: ({ q, k, v }) => F.scaledDotProductAttention(q, k, v, { scale: 0.3 }) },
  { name: 'sdpa bool mask', expr: 'F.scaled_dot_product_attention(q, k, v, attn_mask=mk)', grad: true,
    inputs: { q, k, v: val, mk: { data: [1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0], shape: [5, 6], dtype: 'bool' } },
    js: ({ q, k, v, mk }) => F.scaledDotProductAttention(q, k, v, { attnMask: mk }) },
  { name: 'sdpa dropout (same seed) with a float mask', expr: 'F.scaled_dot_product_attention(q, k, v, attn_mask=mk, dropout_p=0.3)', seed: 21,
    inputs: { q, k, v: val, mk: g([5, 6], 104) }, grad: true,
    js: ({ q, k, v, mk }) => F.scaledDotProductAttention(q, k, v, { attnMask: mk, dropoutP: 0.3 }) },
  { name: 'sdpa float mask (grad to mask)', expr: 'F.scaled_dot_product_attention(q, k, v, attn_mask=mk)', inputs: { q, k, v: val, mk: g([5, 6], 102) }, grad: true,
    js: ({ q, k, v, mk }) => F.scaledDotProductAttention(q, k, v, { attnMask: mk }) },

  // ---- regression losses, each reduction
  ...REDUCTIONS.flatMap((r): DiffCase[] => [
    { name: `mseLoss ${r}`, expr: `F.mse_loss(x, y, reduction="${r}")`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.mseLoss(x, y, { reduction: r }) },
    { name: `l1Loss ${r}`, expr: `F.l1_loss(x, y, reduction="${r}")`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.l1Loss(x, y, { reduction: r }) },
    { name: `smoothL1Loss ${r}`, expr: `F.smooth_l1_loss(x, y, reduction="${r}")`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.smoothL1Loss(x, y, { reduction: r }) },
    { name: `smoothL1Loss beta ${r}`, expr: `F.smooth_l1_loss(x, y, reduction="${r}", beta=0.4)`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.smoothL1Loss(x, y, { reduction: r, beta: 0.4 }) },
    { name: `huberLoss ${r}`, expr: `F.huber_loss(x, y, reduction="${r}")`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.huberLoss(x, y, { reduction: r }) },
    { name: `huberLoss delta ${r}`, expr: `F.huber_loss(x, y, reduction="${r}", delta=0.6)`, inputs: { x: pred, y: target }, grad: true,
      js: ({ x, y }) => F.huberLoss(x, y, { reduction: r, delta: 0.6 }) },
  ]),
  { name: 'mseLoss default is mean', expr: 'F.mse_loss(x, y)', inputs: { x: pred, y: target }, grad: true, js: ({ x, y }) => F.mseLoss(x, y) },

  // ---- classification losses, each reduction
  ...REDUCTIONS.flatMap((r): DiffCase[] => [
    { name: `crossEntropy ${r}`, expr: `F.cross_entropy(z, t, reduction="${r}")`, inputs: { z: logits, t: labels }, grad: true,
      js: ({ z, t }) => F.crossEntropy(z, t, { reduction: r }) },
    { name: `crossEntropy class weights ${r}`, expr: `F.cross_entropy(z, t, weight=w, reduction="${r}")`, inputs: { z: logits, t: labels, w: classW }, grad: true,
      js: ({ z, t, w }) => F.crossEntropy(z, t, { weight: w, reduction: r }) },
    { name: `crossEntropy ignoreIndex default -100 ${r}`, expr: `F.cross_entropy(z, t, reduction="${r}")`, inputs: { z: logits, t: labelsIgnored }, grad: true,
      js: ({ z, t }) => F.crossEntropy(z, t, { reduction: r }) },
    { name: `crossEntropy ignoreIndex 7 with weights ${r}`, expr: `F.cross_entropy(z, t, weight=w, ignore_index=7, reduction="${r}")`,
      inputs: { z: logits, t: labels7, w: classW }, grad: true,
      js: ({ z, t, w }) => F.crossEntropy(z, t, { weight: w, ignoreIndex: 7, reduction: r }) },
    { name: `crossEntropy labelSmoothing ${r}`, expr: `F.cross_entropy(z, t, label_smoothing=0.2, reduction="${r}")`, inputs: { z: logits, t: labels }, grad: true,
      js: ({ z, t }) => F.crossEntropy(z, t, { labelSmoothing: 0.2, reduction: r }) },
    { name: `crossEntropy labelSmoothing weights ignoreIndex ${r}`, expr: `F.cross_entropy(z, t, weight=w, label_smoothing=0.1, reduction="${r}")`,
      inputs: { z: logits, t: labelsIgnored, w: classW }, grad: true,
      js: ({ z, t, w }) => F.crossEntropy(z, t, { weight: w, labelSmoothing: 0.1, reduction: r }) },
    { name: `crossEntropy probability targets ${r}`, expr: `F.cross_entropy(z, p.softmax(1), reduction="${r}")`, inputs: { z: logits, p: probsRaw }, grad: true,
      js: ({ z, p }) => F.crossEntropy(z, p.softmax(1), { reduction: r }) },
    { name: `crossEntropy probability targets weights smoothing ${r}`, expr: `F.cross_entropy(z, p.softmax(1), weight=w, label_smoothing=0.15, reduction="${r}")`,
      inputs: { z: logits, p: probsRaw, w: classW }, grad: true,
      js: ({ z, p, w }) => F.crossEntropy(z, p.softmax(1), { weight: w, labelSmoothing: 0.15, reduction: r }) },
    { name: `crossEntropy K-dim ${r}`, expr: `F.cross_entropy(z, t, reduction="${r}")`, inputs: { z: logits3d, t: labels3d }, grad: true,
      js: ({ z, t }) => F.crossEntropy(z, t, { reduction: r }) },
    { name: `nllLoss ${r}`, expr: `F.nll_loss(z.log_softmax(1), t, reduction="${r}")`, inputs: { z: logits, t: labels }, grad: true,
      js: ({ z, t }) => F.nllLoss(z.logSoftmax(1), t, { reduction: r }) },
    { name: `nllLoss weights ignoreIndex ${r}`, expr: `F.nll_loss(z, t, weight=w, ignore_index=7, reduction="${r}")`,
      inputs: { z: logits, t: labels7, w: classW }, grad: true,
      js: ({ z, t, w }) => F.nllLoss(z, t, { weight: w, ignoreIndex: 7, reduction: r }) },
    { name: `nllLoss K-dim ${r}`, expr: `F.nll_loss(z, t, reduction="${r}")`, inputs: { z: logits3d, t: labels3d }, grad: true,
      js: ({ z, t }) => F.nllLoss(z, t, { reduction: r }) },
    { name: `binaryCrossEntropy ${r}`, expr: `F.binary_cross_entropy(p, y, reduction="${r}")`, inputs: { p: p01, y: y01 }, grad: true,
      js: ({ p, y }) => F.binaryCrossEntropy(p, y, { reduction: r }) },
    { name: `binaryCrossEntropy weight soft targets ${r}`, expr: `F.binary_cross_entropy(p, y, weight=w, reduction="${r}")`,
      inputs: { p: p01, y: ySoft, w: bceW }, grad: true, js: ({ p, y, w }) => F.binaryCrossEntropy(p, y, { weight: w, reduction: r }) },
    { name: `binaryCrossEntropyWithLogits ${r}`, expr: `F.binary_cross_entropy_with_logits(z, y, reduction="${r}")`, inputs: { z: logits, y: y01 }, grad: true,
      js: ({ z, y }) => F.binaryCrossEntropyWithLogits(z, y, { reduction: r }) },
    { name: `binaryCrossEntropyWithLogits posWeight ${r}`, expr: `F.binary_cross_entropy_with_logits(z, y, pos_weight=pw, reduction="${r}")`,
      inputs: { z: logits, y: ySoft, pw: posW }, grad: true,
      js: ({ z, y, pw }) => F.binaryCrossEntropyWithLogits(z, y, { posWeight: pw, reduction: r }) },
    { name: `binaryCrossEntropyWithLogits weight posWeight ${r}`, expr: `F.binary_cross_entropy_with_logits(z, y, weight=w, pos_weight=pw, reduction="${r}")`,
      inputs: { z: logits, y: y01, w: bceW, pw: posW }, grad: true,
      js: ({ z, y, w, pw }) => F.binaryCrossEntropyWithLogits(z, y, { weight: w, posWeight: pw, reduction: r }) },
  ]),
  { name: 'crossEntropy default reduction is mean', expr: 'F.cross_entropy(z, t)', inputs: { z: logits, t: labels }, grad: true, js: ({ z, t }) => F.crossEntropy(z, t) },
  { name: 'crossEntropy all targets ignored gives nan', expr: 'F.cross_entropy(z, t)', inputs: { z: logits, t: long([-100, -100, -100, -100, -100]) }, grad: true,
    js: ({ z, t }) => F.crossEntropy(z, t) },
  { name: 'crossEntropy target out of range raises', expr: 'F.cross_entropy(z, t)', inputs: { z: logits, t: long([0, 1, 4, 0, 0]) }, throws: true,
    js: ({ z, t }) => F.crossEntropy(z, t) },

  // ---- klDiv
  ...(['batchmean', 'mean', 'sum', 'none'] as const).flatMap((r): DiffCase[] => [
    { name: `klDiv ${r}`, expr: `F.kl_div(z.log_softmax(1), p.softmax(1), reduction="${r}")`, inputs: { z: logits, p: probsRaw }, grad: true,
      js: ({ z, p }) => F.klDiv(z.logSoftmax(1), p.softmax(1), { reduction: r }) },
    { name: `klDiv logTarget ${r}`, expr: `F.kl_div(z.log_softmax(1), p.log_softmax(1), reduction="${r}", log_target=True)`, inputs: { z: logits, p: probsRaw }, grad: true,
      js: ({ z, p }) => F.klDiv(z.logSoftmax(1), p.logSoftmax(1), { reduction: r, logTarget: true }) },
  ]),
  { name: 'klDiv batchmean 3-D divides by the first dim only', expr: 'F.kl_div(z.log_softmax(1), p.softmax(1), reduction="batchmean")', inputs: { z: logits3d, p: g([2, 4, 3], 103) },
    grad: true, js: ({ z, p }) => F.klDiv(z.logSoftmax(1), p.softmax(1), { reduction: 'batchmean' }) },
];

describe('linear algebra and nn.functional match PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});

describe('absurd sizes fail fast instead of hanging', () => {
  it('maxPool1d with a kernel of 1e12 or 1e15 (run in a child process with a 10 s limit)', () => {
    // Spins forever in libtorch's max_pool1d_impl today, as PyTorch 2.11's F.max_pool1d(x, 10**12)
    // does; torchts can refuse a kernel larger than the padded input before calling libtorch. A hang
    // cannot be interrupted from JS, hence the child process.
    const distUrl = ensureDist();
    for (const k of [1e12, 1e15]) {
      const script = `
        const { torch, nn } = await import(${JSON.stringify(distUrl)});
        try { nn.functional.maxPool1d(torch.ones([4, 1, 4]), ${k}); console.log('returned'); }
        catch (e) { console.log(e.constructor.name, e.code ?? '-', e.message); }
      `;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
      expect({ k, signal: r.signal, status: r.status }).toEqual({ k, signal: null, status: 0 });
      expect(r.stdout.trim()).toMatch(/^(?:TorchError ERR_TORCH maxPool1d: |(?:TypeError|RangeError) - maxPool1d\(\): )/);
    }
  }, 120_000);
});
