// Differential tests: elementwise ops, against Python torch on the same inputs. Same engine and
// same kernels on CPU float32, so results are expected bit-exact (tolerance 0) unless a case says.
import { describe, it } from 'vitest';
import { torch } from '../../lib/index.js';
import { type DiffCase, input, runDiff } from '../helpers/reference.js';

const x = input([3, 4], { seed: 1, requiresGrad: true });
const y = input([3, 4], { seed: 2, requiresGrad: true });
const row = input([4], { seed: 3, requiresGrad: true });
const pos = input([3, 4], { seed: 4, lo: 0.1, hi: 3, requiresGrad: true });
const unit = input([3, 4], { seed: 5, lo: -0.9, hi: 0.9, requiresGrad: true });
const ints = input([3, 4], { dtype: 'int64', lo: -5, hi: 5, seed: 6 });
const intsNz = input([3, 4], { dtype: 'int64', lo: 1, hi: 5, seed: 7 });

const unary: [string, string, Record<string, typeof x>][] = [
  ['neg', '-x', { x }], ['abs', 'x.abs()', { x }], ['exp', 'x.exp()', { x }], ['exp2', 'x.exp2()', { x }],
  ['expm1', 'x.expm1()', { x }], ['log', 'x.log()', { x: pos }], ['log2', 'x.log2()', { x: pos }],
  ['log10', 'x.log10()', { x: pos }], ['log1p', 'x.log1p()', { x: pos }], ['sqrt', 'x.sqrt()', { x: pos }],
  ['rsqrt', 'x.rsqrt()', { x: pos }], ['sin', 'x.sin()', { x }], ['cos', 'x.cos()', { x }], ['tan', 'x.tan()', { x: unit }],
  ['asin', 'x.asin()', { x: unit }], ['acos', 'x.acos()', { x: unit }], ['atan', 'x.atan()', { x }],
  ['sinh', 'x.sinh()', { x }], ['cosh', 'x.cosh()', { x }], ['tanh', 'x.tanh()', { x }], ['sigmoid', 'x.sigmoid()', { x }],
  ['relu', 'x.relu()', { x }], ['floor', 'x.floor()', { x }], ['ceil', 'x.ceil()', { x }], ['round', 'x.round()', { x }],
  ['trunc', 'x.trunc()', { x }], ['frac', 'x.frac()', { x }], ['sign', 'x.sign()', { x }], ['reciprocal', 'x.reciprocal()', { x: pos }],
  ['erf', 'x.erf()', { x }], ['erfinv', 'x.erfinv()', { x: unit }], ['square', 'x.square()', { x }],
  ['silu', 'F.silu(x)', { x }], ['mish', 'F.mish(x)', { x }], ['selu', 'F.selu(x)', { x }], ['hardswish', 'F.hardswish(x)', { x }],
  ['hardsigmoid', 'F.hardsigmoid(x)', { x }], ['logsigmoid', 'F.logsigmoid(x)', { x }],
];

const cases: DiffCase[] = [
  ...unary.map(([name, expr, inputs]): DiffCase => ({
    name, expr, inputs, grad: true,
    js: ({ x: t }) => (t as unknown as Record<string, () => never>)[name](),
  })),
  // In-place twins give the same values (on a non-leaf copy, as autograd requires).
  ...unary.slice(0, 32).map(([name, expr, inputs]): DiffCase => ({
    name: `${name}_`, expr, inputs: { x: { ...inputs.x, requiresGrad: false } },
    js: ({ x: t }) => (t.clone() as unknown as Record<string, () => never>)[`${name}_`](),
  })),
  { name: 'add', expr: 'x + y', inputs: { x, y }, grad: true, js: ({ x, y }) => x.add(y) },
  { name: 'add alpha', expr: 'torch.add(x, y, alpha=2.5)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.add(y, 2.5) },
  { name: 'add broadcast', expr: 'x + row', inputs: { x, row }, grad: true, js: ({ x, row }) => x.add(row) },
  { name: 'add scalar', expr: 'x + 1.5', inputs: { x }, grad: true, js: ({ x }) => x.add(1.5) },
  { name: 'sub', expr: 'x - y', inputs: { x, y }, grad: true, js: ({ x, y }) => x.sub(y) },
  { name: 'sub scalar alpha', expr: 'torch.sub(x, 2, alpha=3)', inputs: { x }, grad: true, js: ({ x }) => x.sub(2, 3) },
  { name: 'rsub', expr: '1 - x', inputs: { x }, grad: true, js: ({ x }) => x.rsub(1) },
  { name: 'mul', expr: 'x * y', inputs: { x, y }, grad: true, js: ({ x, y }) => x.mul(y) },
  { name: 'mul scalar', expr: 'x * -0.25', inputs: { x }, grad: true, js: ({ x }) => x.mul(-0.25) },
  { name: 'div', expr: 'x / pos', inputs: { x, pos }, grad: true, js: ({ x, pos }) => x.div(pos) },
  { name: 'div trunc', expr: 'torch.div(x, pos, rounding_mode="trunc")', inputs: { x, pos }, js: ({ x, pos }) => x.divMode(pos, 'trunc') },
  { name: 'div floor scalar', expr: 'torch.div(x, 0.3, rounding_mode="floor")', inputs: { x }, js: ({ x }) => x.divMode(0.3, 'floor') },
  { name: 'pow', expr: 'pos ** y', inputs: { pos, y }, grad: true, js: ({ pos, y }) => pos.pow(y) },
  { name: 'pow scalar', expr: 'x ** 3', inputs: { x }, grad: true, js: ({ x }) => x.pow(3) },
  { name: 'pow fractional', expr: 'pos ** 0.5', inputs: { pos }, grad: true, js: ({ pos }) => pos.pow(0.5) },
  { name: 'remainder', expr: 'torch.remainder(x, 0.7)', inputs: { x }, js: ({ x }) => x.remainder(0.7) },
  { name: 'fmod', expr: 'torch.fmod(x, pos)', inputs: { x, pos }, js: ({ x, pos }) => x.fmod(pos) },
  { name: 'maximum', expr: 'torch.maximum(x, y)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.maximum(y) },
  { name: 'minimum', expr: 'torch.minimum(x, y)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.minimum(y) },
  { name: 'atan2', expr: 'torch.atan2(x, y)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.atan2(y) },
  { name: 'hypot', expr: 'torch.hypot(x, y)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.hypot(y) },
  { name: 'lerp', expr: 'torch.lerp(x, y, 0.3)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.lerp(y, 0.3) },
  { name: 'clamp', expr: 'x.clamp(-0.5, 0.5)', inputs: { x }, grad: true, js: ({ x }) => x.clamp(-0.5, 0.5) },
  { name: 'clamp min', expr: 'x.clamp(min=0.1)', inputs: { x }, grad: true, js: ({ x }) => x.clampMin(0.1) },
  { name: 'clamp tensor', expr: 'x.clamp(min=y)', inputs: { x, y }, grad: true, js: ({ x, y }) => x.clamp(y) },
  { name: 'gelu', expr: 'F.gelu(x)', inputs: { x }, grad: true, js: ({ x }) => x.gelu() },
  { name: 'gelu tanh', expr: 'F.gelu(x, approximate="tanh")', inputs: { x }, grad: true, js: ({ x }) => x.gelu('tanh') },
  { name: 'leakyRelu', expr: 'F.leaky_relu(x, 0.2)', inputs: { x }, grad: true, js: ({ x }) => x.leakyRelu(0.2) },
  { name: 'elu', expr: 'F.elu(x, 0.7)', inputs: { x }, grad: true, js: ({ x }) => x.elu(0.7) },
  { name: 'softplus', expr: 'F.softplus(x, 2, 10)', inputs: { x }, grad: true, js: ({ x }) => x.softplus(2, 10) },
  { name: 'hardtanh', expr: 'F.hardtanh(x, -0.5, 0.7)', inputs: { x }, grad: true, js: ({ x }) => x.hardtanh(-0.5, 0.7) },
  { name: 'comparisons', expr: '(x < y, x <= 0.5, x > y, x >= 0, x == x, x != y)', inputs: { x, y },
    js: ({ x, y }) => [x.lt(y), x.le(0.5), x.gt(y), x.ge(0), x.eq(x), x.ne(y)] },
  { name: 'logical', expr: '(torch.logical_and(x > 0, y > 0), torch.logical_or(x > 0, y > 0), torch.logical_xor(x > 0, y > 0), torch.logical_not(x > 0))',
    inputs: { x, y },
    js: ({ x, y }) => [x.gt(0).logicalAnd(y.gt(0)), x.gt(0).logicalOr(y.gt(0)), x.gt(0).logicalXor(y.gt(0)), x.gt(0).logicalNot()] },
  { name: 'where', expr: 'torch.where(x > 0, x, y)', inputs: { x, y }, grad: true, js: ({ x, y }) => torch.where(x.gt(0), x, y) },
  { name: 'int arithmetic stays int64', expr: '(a + 2, a * b, a - b, a // b, a % b)', inputs: { a: ints, b: intsNz },
    js: ({ a, b }) => [a.add(2), a.mul(b), a.sub(b), a.divMode(b, 'floor'), a.remainder(b)] },
  { name: 'int true division gives float', expr: 'a / b', inputs: { a: ints, b: intsNz }, js: ({ a, b }) => a.div(b) },
  { name: 'int + float scalar promotes', expr: 'a + 0.5', inputs: { a: ints }, js: ({ a }) => a.add(0.5) },
  { name: 'bitwise', expr: '(a & b, a | b, a ^ b)', inputs: { a: ints, b: intsNz }, js: ({ a, b }) => [a.bitwiseAnd(b), a.bitwiseOr(b), a.bitwiseXor(b)] },
  { name: 'isnan isinf isfinite', expr: '(torch.log(x).isnan(), (1/(x-x)).isinf(), torch.log(x).isfinite())', inputs: { x },
    js: ({ x }) => [x.log().isnan(), x.sub(x).reciprocal().isinf(), x.log().isfinite()] },
  { name: 'nan_to_num', expr: 'torch.nan_to_num(torch.log(x), nan=0.0, posinf=1.0, neginf=-1.0)', inputs: { x }, js: ({ x }) => x.log().nanToNum(0, 1, -1) },
  { name: 'shape mismatch raises', expr: 'x + torch.ones(5)', inputs: { x }, throws: true, js: ({ x }) => x.add(x.narrow(1, 0, 3)) },
];

describe('elementwise ops match PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});
