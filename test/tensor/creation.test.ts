// Differential tests: tensor creation (dtype inference, values, shapes), ranges, identity, the *Like
// variants, random parity under the same seed, dtype conversions and read-back, against Python torch.
//
// Comparison is exact (tolerance 0) everywhere: creation copies values (float32 rounding happens in
// the same cast on both sides), ranges are computed by the same ATen kernels, and the random
// functions draw from the same Philox/mt19937 CPU generator, seeded the same way (DiffCase.seed runs
// torch.manual_seed in Python and torch.manualSeed in JS just before the case), so the same seed must
// give bit-identical samples. float16/bfloat16 values are compared after the exact widening to float32
// that both read-backs do.
//
// JS has one number type, so an integral JS number (2, or 2.0) is an int for dtype inference, as a
// Python int is: Python's float-literal cases here use non-integral values.
//
// The blocks at the end check the data, shapes, numbers and options that creation refuses.
// Bad input follows the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { type DType, type Tensor, TorchError, torch } from '../../lib/index.js';
import { type Any, any, expectError, expectRangeError, expectTorchError, expectTypeError } from '../helpers/errors.js';
import { type DiffCase, type InputSpec, input, runDiff } from '../helpers/reference.js';
import { pythonEval } from '../helpers/python.js';

const x = input([3, 4], { seed: 41 });
const probs = input([3, 5], { seed: 42, lo: 0, hi: 1 });
const wide: InputSpec = { data: [-3.75, -1.5, -0.5, 0, 0.3, 1.5, 2.5, 7.9, 65504, 70000, 1e-8, -1e5], shape: [12], dtype: 'float64' };
const bigInts: InputSpec = { data: [-300, -129, -1, 0, 1, 127, 128, 255, 256, 300, 70000, -70000], shape: [12], dtype: 'int64' };
const likeI = input([2, 3], { dtype: 'int32', lo: -5, hi: 5, seed: 43 });
const likeF = input([2, 3, 2], { dtype: 'float64', seed: 44 });

const cases: DiffCase[] = [
  // ---- torch.tensor: dtype inference and values
  { name: 'tensor of ints is int64', expr: 'torch.tensor([[1, 2, 3], [4, -5, 6]])', inputs: {}, js: () => torch.tensor([[1, 2, 3], [4, -5, 6]]) },
  { name: 'tensor of floats is float32 (rounded)', expr: 'torch.tensor([[0.1, 2.5], [-3.3, 1e-3]])', inputs: {}, js: () => torch.tensor([[0.1, 2.5], [-3.3, 1e-3]]) },
  { name: 'tensor of ints and floats is float32', expr: 'torch.tensor([1, 2.5, -3])', inputs: {}, js: () => torch.tensor([1, 2.5, -3]) },
  { name: 'tensor of bools is bool', expr: 'torch.tensor([[True, False], [False, True]])', inputs: {}, js: () => torch.tensor([[true, false], [false, true]]) },
  { name: 'tensor scalar int is 0-d int64', expr: 'torch.tensor(7)', inputs: {}, js: () => torch.tensor(7) },
  { name: 'tensor scalar float is 0-d float32', expr: 'torch.tensor(2.75)', inputs: {}, js: () => torch.tensor(2.75) },
  { name: 'tensor scalar bool is 0-d bool', expr: 'torch.tensor(True)', inputs: {}, js: () => torch.tensor(true) },
  { name: 'tensor empty list is float32 [0]', expr: 'torch.tensor([])', inputs: {}, js: () => torch.tensor([]) },
  { name: 'tensor [[]] is float32 [1, 0]', expr: 'torch.tensor([[]])', inputs: {}, js: () => torch.tensor([[]]) },
  { name: 'tensor 3-D nested', expr: 'torch.tensor([[[1, 2]], [[3, 4]], [[5, 6]]])', inputs: {}, js: () => torch.tensor([[[1, 2]], [[3, 4]], [[5, 6]]]) },
  { name: 'tensor dtype option', expr: '(torch.tensor([1, 2], dtype=torch.float64), torch.tensor([1.7, -2.7], dtype=torch.int32), torch.tensor([0, 2], dtype=torch.bool))',
    inputs: {}, js: () => [torch.tensor([1, 2], { dtype: 'float64' }), torch.tensor([1.7, -2.7], { dtype: 'int32' }), torch.tensor([0, 2], { dtype: 'bool' })] },
  { name: 'tensor float16/bfloat16 dtype option rounds', expr: '(torch.tensor([0.1, 1000.7, 3.14159], dtype=torch.float16), torch.tensor([0.1, 1000.7, 3.14159], dtype=torch.bfloat16))',
    inputs: {}, js: () => [torch.tensor([0.1, 1000.7, 3.14159], { dtype: 'float16' }), torch.tensor([0.1, 1000.7, 3.14159], { dtype: 'bfloat16' })] },
  { name: 'tensor from Float64Array is float64', expr: 'torch.tensor([0.1, 2.0, -3.5], dtype=torch.float64)', inputs: {}, js: () => torch.tensor(Float64Array.of(0.1, 2, -3.5)) },
  { name: 'tensor from Float32Array is float32', expr: 'torch.tensor([0.1, 2.0, -3.5], dtype=torch.float32)', inputs: {}, js: () => torch.tensor(Float32Array.of(0.1, 2, -3.5)) },
  { name: 'tensor from Int32Array is int32', expr: 'torch.tensor([1, -2, 3], dtype=torch.int32)', inputs: {}, js: () => torch.tensor(Int32Array.of(1, -2, 3)) },
  { name: 'tensor from BigInt64Array is int64', expr: 'torch.tensor([1, -2, 2**40], dtype=torch.int64)', inputs: {}, js: () => torch.tensor(BigInt64Array.of(1n, -2n, 2n ** 40n)) },
  { name: 'tensor from Uint8Array is uint8', expr: 'torch.tensor([0, 255, 7], dtype=torch.uint8)', inputs: {}, js: () => torch.tensor(Uint8Array.of(0, 255, 7)) },
  { name: 'tensor from Int8Array/Int16Array', expr: '(torch.tensor([-128, 127], dtype=torch.int8), torch.tensor([-3000, 3000], dtype=torch.int16))', inputs: {},
    js: () => [torch.tensor(Int8Array.of(-128, 127)), torch.tensor(Int16Array.of(-3000, 3000))] },
  { name: 'tensor TypedArray with shape', expr: 'torch.arange(6, dtype=torch.float32).reshape(2, 3)', inputs: {},
    js: () => torch.tensor(Float32Array.of(0, 1, 2, 3, 4, 5), { shape: [2, 3] }) },
  { name: 'tensor TypedArray with dtype', expr: 'torch.tensor([0.5, 1.5, -2.5], dtype=torch.float64).to(torch.int64)', inputs: {},
    js: () => torch.tensor(Float64Array.of(0.5, 1.5, -2.5), { dtype: 'int64' }) },
  { name: 'tensor requiresGrad', expr: 'torch.tensor([1.5, 2.5], requires_grad=True) * 2', inputs: {}, grad: false,
    js: () => { const t = torch.tensor([1.5, 2.5], { requiresGrad: true }); expect(t.requiresGrad).toBe(true); return t.mul(2); } },

  // ---- zeros / ones / full / empty / eye
  { name: 'zeros and ones default float32', expr: '(torch.zeros(2, 3), torch.ones(4), torch.zeros(()), torch.ones(2, 0, 3))', inputs: {},
    js: () => [torch.zeros([2, 3]), torch.ones([4]), torch.zeros([]), torch.ones([2, 0, 3])] },
  { name: 'zeros and ones with dtype', expr: '(torch.zeros(2, 2, dtype=torch.int64), torch.ones(3, dtype=torch.bool), torch.ones(2, dtype=torch.float16))', inputs: {},
    js: () => [torch.zeros([2, 2], { dtype: 'int64' }), torch.ones([3], { dtype: 'bool' }), torch.ones([2], { dtype: 'float16' })] },
  { name: 'full infers from the value', expr: '(torch.full((2, 3), 7), torch.full((2,), 2.5), torch.full((3,), True), torch.full((2,), -1.25, dtype=torch.float64))', inputs: {},
    js: () => [torch.full([2, 3], 7), torch.full([2], 2.5), torch.full([3], true), torch.full([2], -1.25, { dtype: 'float64' })] },
  { name: 'empty shapes and dtypes', expr: '[torch.zeros_like(t) for t in (torch.empty(2, 3), torch.empty(0), torch.empty(4, dtype=torch.int32), torch.empty(()))]', inputs: {},
    js: () => [torch.empty([2, 3]), torch.empty([0]), torch.empty([4], { dtype: 'int32' }), torch.empty([])].map((t) => torch.zerosLike(t)) },
  { name: 'eye', expr: '(torch.eye(3), torch.eye(2, 4), torch.eye(4, 2, dtype=torch.int64), torch.eye(0))', inputs: {},
    js: () => [torch.eye(3), torch.eye(2, 4), torch.eye(4, 2, { dtype: 'int64' }), torch.eye(0)] },

  // ---- arange / linspace / logspace
  { name: 'arange ints is int64', expr: '(torch.arange(5), torch.arange(2, 9), torch.arange(1, 10, 3), torch.arange(10, 0, -3), torch.arange(-4, 4, 2))', inputs: {},
    js: () => [torch.arange(5), torch.arange(2, 9), torch.arange(1, 10, 3), torch.arange(10, 0, -3), torch.arange(-4, 4, 2)] },
  { name: 'arange floats is float32', expr: '(torch.arange(0, 1, 0.1), torch.arange(0.5, 3), torch.arange(-1, 1, 0.25), torch.arange(2.5), torch.arange(1, 0, -0.3))', inputs: {},
    js: () => [torch.arange(0, 1, 0.1), torch.arange(0.5, 3), torch.arange(-1, 1, 0.25), torch.arange(2.5), torch.arange(1, 0, -0.3)] },
  { name: 'arange with dtype', expr: '(torch.arange(5, dtype=torch.float64), torch.arange(0, 1, 0.1, dtype=torch.float64), torch.arange(0, 3.5, 0.5, dtype=torch.int32))', inputs: {},
    js: () => [torch.arange(5, { dtype: 'float64' }), torch.arange(0, 1, 0.1, { dtype: 'float64' }), torch.arange(0, 3.5, 0.5, { dtype: 'int32' })] },
  { name: 'arange empty', expr: '(torch.arange(0), torch.arange(3, 3))', inputs: {}, js: () => [torch.arange(0), torch.arange(3, 3)] },
  { name: 'arange wrong-sign step raises', expr: 'torch.arange(0, 5, -1)', inputs: {}, throws: true, js: () => torch.arange(0, 5, -1) },
  { name: 'linspace', expr: '(torch.linspace(0, 1, 5), torch.linspace(-1, 1, 7), torch.linspace(0.1, 0.9, 9), torch.linspace(3, 3, 1), torch.linspace(0, 1, 0))', inputs: {},
    js: () => [torch.linspace(0, 1, 5), torch.linspace(-1, 1, 7), torch.linspace(0.1, 0.9, 9), torch.linspace(3, 3, 1),
      torch.linspace(0, 1, 0)] },
  { name: 'linspace dtype', expr: '(torch.linspace(0, 1, 11, dtype=torch.float64), torch.linspace(0, 10, 4, dtype=torch.int64))', inputs: {},
    js: () => [torch.linspace(0, 1, 11, { dtype: 'float64' }), torch.linspace(0, 10, 4, { dtype: 'int64' })] },
  { name: 'logspace', expr: '(torch.logspace(0, 2, 5), torch.logspace(-1, 1, 4, base=2), torch.logspace(0, 3, 4, dtype=torch.float64))', inputs: {},
    js: () => [torch.logspace(0, 2, 5), torch.logspace(-1, 1, 4, 2), torch.logspace(0, 3, 4, 10, { dtype: 'float64' })] },

  // ---- *Like
  { name: 'zerosLike / onesLike keep dtype and shape', expr: '(torch.zeros_like(a), torch.ones_like(a), torch.zeros_like(f), torch.ones_like(f))', inputs: { a: likeI, f: likeF },
    js: ({ a, f }) => [torch.zerosLike(a), torch.onesLike(a), torch.zerosLike(f), torch.onesLike(f)] },
  { name: 'fullLike', expr: '(torch.full_like(a, 3), torch.full_like(f, -2.5), torch.full_like(a, 2.7))', inputs: { a: likeI, f: likeF },
    js: ({ a, f }) => [torch.fullLike(a, 3), torch.fullLike(f, -2.5), torch.fullLike(a, 2.7)] },
  { name: '*Like with dtype override', expr: '(torch.zeros_like(a, dtype=torch.float32), torch.ones_like(f, dtype=torch.int64), torch.full_like(a, 1.5, dtype=torch.float64))',
    inputs: { a: likeI, f: likeF }, js: ({ a, f }) => [torch.zerosLike(a, { dtype: 'float32' }), torch.onesLike(f, { dtype: 'int64' }), torch.fullLike(a, 1.5, { dtype: 'float64' })] },
  { name: 'emptyLike shape and dtype', expr: 'torch.zeros_like(torch.empty_like(a))', inputs: { a: likeI }, js: ({ a }) => torch.zerosLike(torch.emptyLike(a)) },
  { name: 'randLike / randnLike / randintLike', expr: '(torch.rand_like(f), torch.randn_like(f), torch.randint_like(a, 0, 10), torch.rand_like(a, dtype=torch.float32))',
    inputs: { a: likeI, f: likeF }, seed: 5,
    js: ({ a, f }) => [torch.randLike(f), torch.randnLike(f), torch.randintLike(a, 0, 10), torch.randLike(a, { dtype: 'float32' })] },

  // ---- random parity under the same seed
  { name: 'rand', expr: 'torch.rand(3, 4)', inputs: {}, seed: 0, js: () => torch.rand([3, 4]) },
  { name: 'rand large (vectorised path)', expr: 'torch.rand(1000)', inputs: {}, seed: 123, js: () => torch.rand([1000]) },
  { name: 'rand float64', expr: 'torch.rand(2, 5, dtype=torch.float64)', inputs: {}, seed: 7, js: () => torch.rand([2, 5], { dtype: 'float64' }) },
  { name: 'rand successive draws', expr: '(torch.rand(3), torch.rand(3), torch.randn(2))', inputs: {}, seed: 42,
    js: () => [torch.rand([3]), torch.rand([3]), torch.randn([2])] },
  { name: 'randn small', expr: 'torch.randn(5)', inputs: {}, seed: 1, js: () => torch.randn([5]) },
  { name: 'randn large (vectorised path)', expr: 'torch.randn(4, 33)', inputs: {}, seed: 2024, js: () => torch.randn([4, 33]) },
  { name: 'randn float64', expr: 'torch.randn(20, dtype=torch.float64)', inputs: {}, seed: 9, js: () => torch.randn([20], { dtype: 'float64' }) },
  { name: 'randint', expr: '(torch.randint(0, 10, (6,)), torch.randint(-5, 5, (2, 3)), torch.randint(0, 2**40, (3,)))', inputs: {}, seed: 3,
    js: () => [torch.randint(0, 10, [6]), torch.randint(-5, 5, [2, 3]), torch.randint(0, 2 ** 40, [3])] },
  { name: 'randint dtype int32', expr: 'torch.randint(3, 100, (4, 4), dtype=torch.int32)', inputs: {}, seed: 4, js: () => torch.randint(3, 100, [4, 4], { dtype: 'int32' }) },
  { name: 'randperm', expr: '(torch.randperm(10), torch.randperm(1))', inputs: {}, seed: 5, js: () => [torch.randperm(10), torch.randperm(1)] },
  { name: 'randperm large', expr: 'torch.randperm(3000)', inputs: {}, seed: 6, js: () => torch.randperm(3000) },
  { name: 'randperm dtype', expr: 'torch.randperm(7, dtype=torch.int32)', inputs: {}, seed: 6, js: () => torch.randperm(7, { dtype: 'int32' }) },
  { name: 'multinomial without replacement', expr: 'torch.multinomial(p, 3)', inputs: { p: probs }, seed: 8, js: ({ p }) => torch.multinomial(p, 3) },
  { name: 'multinomial with replacement', expr: 'torch.multinomial(p, 20, replacement=True)', inputs: { p: probs }, seed: 8, js: ({ p }) => torch.multinomial(p, 20, true) },
  { name: 'multinomial 1-D', expr: 'torch.multinomial(p[0], 5)', inputs: { p: probs }, seed: 10, js: ({ p }) => torch.multinomial(p.select(0, 0), 5) },
  { name: 'multinomial too many without replacement raises', expr: 'torch.multinomial(p, 6)', inputs: { p: probs }, seed: 8, throws: true,
    js: ({ p }) => torch.multinomial(p, 6) },
  { name: 'bernoulli', expr: 'torch.bernoulli(p)', inputs: { p: probs }, seed: 11, js: ({ p }) => torch.bernoulli(p) },
  { name: 'bernoulli large', expr: 'torch.bernoulli(torch.full((500,), 0.3))', inputs: {}, seed: 12, js: () => torch.bernoulli(torch.full([500], 0.3)) },
  { name: 'normal_', expr: 'torch.empty(3, 4).normal_()', inputs: {}, seed: 13, js: () => torch.empty([3, 4]).normal_() },
  { name: 'normal_ mean std large', expr: 'torch.empty(40).normal_(2.5, 0.5)', inputs: {}, seed: 14, js: () => torch.empty([40]).normal_(2.5, 0.5) },
  { name: 'uniform_', expr: 'torch.empty(3, 4).uniform_()', inputs: {}, seed: 15, js: () => torch.empty([3, 4]).uniform_() },
  { name: 'uniform_ range float64', expr: 'torch.empty(10, dtype=torch.float64).uniform_(-3, 5)', inputs: {}, seed: 16,
    js: () => torch.empty([10], { dtype: 'float64' }).uniform_(-3, 5) },
  { name: 'in-place on an existing tensor', expr: 'x.clone().uniform_(0.5, 1.5)', inputs: { x }, seed: 17, js: ({ x }) => x.clone().uniform_(0.5, 1.5) },

  // ---- conversions
  ...([
    ['float16', 'torch.float16'], ['bfloat16', 'torch.bfloat16'], ['float32', 'torch.float32'], ['int32', 'torch.int32'], ['int64', 'torch.int64'],
    ['int16', 'torch.int16'], ['int8', 'torch.int8'], ['bool', 'torch.bool'],
  ] as [DType, string][]).map(([d, py]): DiffCase => ({
    name: `to ${d} from float64`, expr: `w.to(${py})`, inputs: { w: wide }, js: ({ w }) => w.to(d),
  })),
  { name: 'to float64 from float32 is exact widening', expr: 'x.to(torch.float64)', inputs: { x }, js: ({ x }) => x.to('float64') },
  { name: 'to uint8 from non-negative float', expr: 'x.abs().mul(50).to(torch.uint8)', inputs: { x }, js: ({ x }) => x.abs().mul(50).to('uint8') },
  ...([['int32', 'torch.int32'], ['int16', 'torch.int16'], ['int8', 'torch.int8'], ['uint8', 'torch.uint8'], ['float16', 'torch.float16'], ['bool', 'torch.bool']] as [DType, string][])
    .map(([d, py]): DiffCase => ({ name: `to ${d} from int64 (wraps)`, expr: `a.to(${py})`, inputs: { a: bigInts }, js: ({ a }) => a.to(d) })),
  { name: 'shorthand conversions', expr: '(x.half(), x.bfloat16(), x.double(), x.long(), x.int(), x.bool(), x.double().float())', inputs: { x },
    js: ({ x }) => [x.half(), x.bfloat16(), x.double(), x.long(), x.int(), x.bool(), x.double().float()] },
  { name: 'to options object', expr: 'x.to(dtype=torch.float64, copy=True)', inputs: { x }, js: ({ x }) => x.to({ dtype: 'float64', copy: true }) },
  { name: 'half round trip', expr: 'x.mul(1000).half().float()', inputs: { x }, js: ({ x }) => x.mul(1000).half().float() },
  { name: 'item as float64', expr: 'torch.tensor([x[1, 2].item(), x.double()[2, 3].item(), x.half()[0, 0].item()], dtype=torch.float64)', inputs: { x },
    js: ({ x }) => torch.tensor(Float64Array.of(x.index(1, 2).item() as number, x.double().index(2, 3).item() as number,
      x.half().index(0, 0).item() as number)) },
];

describe('creation and conversion match PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});

// Read-back in JS shapes, compared with Python's tolist()/item() on the same data.
describe('read-back matches PyTorch', () => {
  const setup = [
    'f = torch.tensor([[0.1, -2.5, 3.0], [4.25, 0.0, -1e-3]])',
    'i = torch.tensor([[1, -2], [3, 2**40]])',
    'b = torch.tensor([[True, False, True]])',
    'h = torch.tensor([0.1, 1000.7, -3.3], dtype=torch.float16)',
    'bf = torch.tensor([0.1, 1000.7, -3.3], dtype=torch.bfloat16)',
    'i32 = torch.tensor([[-7], [8]], dtype=torch.int32)',
  ].join('\n');
  const [fList, iList, bList, hList, bfList, i32List, fItem, iItem, bItem, hItem, zeroD] = pythonEval([
    'f.tolist()', 'i.tolist()', 'b.tolist()', 'h.tolist()', 'bf.tolist()', 'i32.tolist()', 'f[1, 2].item()', 'i[1, 1].item()', 'b[0, 1].item()', 'h[1].item()',
    'torch.tensor(2.5).tolist()',
  ], setup);
  const make = () => ({
    f: torch.tensor([[0.1, -2.5, 3.0], [4.25, 0.0, -1e-3]]),
    i: torch.tensor([[1, -2], [3, 2 ** 40]]),
    b: torch.tensor([[true, false, true]]),
    h: torch.tensor([0.1, 1000.7, -3.3], { dtype: 'float16' }),
    bf: torch.tensor([0.1, 1000.7, -3.3], { dtype: 'bfloat16' }),
    i32: torch.tensor([[-7], [8]], { dtype: 'int32' }),
  });

  it('toArray() gives the nested values of tolist()', () => {
    torch.tidy(() => {
      const t = make();
      expect(t.f.toArray()).toEqual(fList);
      expect(t.i.toArray()).toEqual(iList);
      expect(t.b.toArray()).toEqual(bList);
      expect(t.h.toArray()).toEqual(hList);
      expect(t.bf.toArray()).toEqual(bfList);
      expect(t.i32.toArray()).toEqual(i32List);
      expect(torch.tensor(2.5).toArray()).toEqual(zeroD);
      expect(t.f.tolist()).toEqual(fList);
    });
  });

  it('item() gives the number (or boolean) of item()', () => {
    torch.tidy(() => {
      const t = make();
      expect(t.f.index(1, 2).item()).toBe(fItem);
      expect(t.i.index(1, 1).item()).toBe(iItem);
      expect(t.b.index(0, 1).item()).toBe(bItem);
      expect(typeof t.b.index(0, 1).item()).toBe('boolean');
      expect(t.h.index(1).item()).toBe(hItem);
      expect(() => t.f.item()).toThrow();
    });
  });

  it('data() returns the documented TypedArray kind per dtype', () => {
    torch.tidy(() => {
      const kinds: [DType, new (n: number) => ArrayLike<unknown>][] = [
        ['float32', Float32Array], ['float16', Float32Array], ['bfloat16', Float32Array], ['float64', Float64Array], ['int64', BigInt64Array],
        ['int32', Int32Array], ['int16', Int16Array], ['int8', Int8Array], ['uint8', Uint8Array], ['bool', Uint8Array],
      ];
      for (const [d, kind] of kinds) {
        const t: Tensor = torch.tensor([[1, 0], [3, 4]], { dtype: d });
        const data = t.data();
        expect(data, d).toBeInstanceOf(kind);
        expect(data.length, d).toBe(4);
        expect(Array.from(data as ArrayLike<number | bigint>, Number), d).toEqual(d === 'bool' ? [1, 0, 1, 1] : [1, 0, 3, 4]);
      }
      expect(Array.from(torch.tensor([0.1, 1000.7], { dtype: 'float16' }).data() as Float32Array)).toEqual((hList as number[]).slice(0, 2));
      expect(torch.tensor([1, 2 ** 40]).data()).toEqual(BigInt64Array.of(1n, 2n ** 40n));
    });
  });
});

describe('numbers from JavaScript', () => {
  it('refuses values an integer dtype cannot hold, as PyTorch does, naming the element', () => {
    const cases: [number[], DType][] = [[[NaN], 'int64'], [[9.3e18], 'int64'], [[-Infinity], 'int32'],
      [[1, 300], 'int8'], [[127.9], 'int8'], [[-256], 'uint8'], [[2 ** 31], 'int32'], [[40000], 'int16']];
    const py = pythonEval(cases.map(([v, d]) => `torch.tensor([${v.map((x) => (Number.isNaN(x) ? 'float("nan")' : Number.isFinite(x) ? x : '-float("inf")')).join(', ')}], dtype=torch.${d})`));
    cases.forEach(([values, dtype], k) => {
      expect(py[k], `Python refuses ${values} as ${dtype}`).toHaveProperty('error');
      expect(() => torch.tensor(values, { dtype })).toThrow(new RegExp(`element ${values.length - 1} of the data .* cannot be converted to ${dtype} without overflow`));
      expect(() => torch.tensor(Float64Array.from(values), { dtype })).toThrow(TypeError);
    });
    // PyTorch gives -2^63 for 2.0**63 as int64 (its bound rounds up to 2^63); torchts refuses it.
    expect(() => torch.tensor([2 ** 63], { dtype: 'int64' })).toThrow(/element 0 of the data \(9.22337e\+18\) cannot be converted to int64/);
    // The bounds themselves convert, fractions truncate, and uint8 wraps from -255, as in PyTorch.
    expect(torch.tensor([-128, 127, 126.9, -1.5], { dtype: 'int8' }).toArray()).toEqual([-128, 127, 126, -1]);
    expect(torch.tensor([0, 255, -1, -255], { dtype: 'uint8' }).toArray()).toEqual(pythonEval(['torch.tensor([0, 255, -1, -255], dtype=torch.uint8).tolist()'])[0]);
    expect(torch.tensor([-(2 ** 63)], { dtype: 'int64' }).data()).toEqual(BigInt64Array.of(-(2n ** 63n)));
  });

  it('a JS -0 is a float scalar: mul, add, fill_ and full give PyTorch -0.0 results', () => {
    const [mul, add, fill, full] = pythonEval([
      'str(torch.tensor([1.5, -2.5]) * -0.0)', 'str(torch.tensor([-0.0]) + -0.0)',
      'str(torch.zeros(2).fill_(-0.0))', 'str(torch.full([2], -0.0))',
    ]);
    torch.tidy(() => {
      expect(String(torch.tensor([1.5, -2.5]).mul(-0))).toBe(mul);
      expect(String(torch.tensor([-0], { dtype: 'float32' }).add(-0))).toBe(add);
      expect(String(torch.zeros([2]).fill_(-0))).toBe(fill);
      expect(String(torch.full([2], -0))).toBe(full);
      expect(torch.full([2], -0).dtype).toBe('float32');
    });
  });

  it('data that requires grad infers float32 even when every number is integral', () => {
    torch.tidy(() => {
      const x = torch.tensor([3.0], { requiresGrad: true });
      expect(x.dtype).toBe('float32');
      x.mul(x).sum().backward();
      expect(x.grad!.toArray()).toEqual([6]);
      expect(torch.tensor([1.0, 2.0]).dtype).toBe('int64'); // without requiresGrad, 1.0 is the integer 1
    });
    expect(() => torch.tensor([1, 2], { dtype: 'int64', requiresGrad: true }))
      .toThrow("tensor(): requiresGrad needs a floating-point dtype, but dtype is 'int64': only floating-point tensors can require " +
        "gradients. Pass dtype: 'float32' (or another floating-point dtype).");
    expect(() => torch.zeros([2], { dtype: 'bool', requiresGrad: true })).toThrow(/zeros\(\): requiresGrad needs a floating-point dtype/);
  });

  it('a CUDA device that is not there gets one message from every entry point', () => {
    if (torch.cuda.isAvailable()) return; // the CUDA suite (test/cuda) covers machines with a GPU
    const message = /device 'cuda' is not available: .*Use device 'cpu'/;
    expect(() => torch.zeros([2], { device: 'cuda' })).toThrow(message);
    expect(() => torch.tensor([1.5], { device: 'cuda' })).toThrow(message);
    expect(() => torch.ones([2]).to('cuda')).toThrow(message);
    expect(() => torch.ones([2]).cuda()).toThrow(/device 'cuda:0' is not available/);
  });
});

const DTYPE_LIST = "one of 'float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'";

describe('torch.tensor() rejects data it cannot represent', () => {
  it('ragged nested arrays', () => {
    expectTypeError(() => torch.tensor(any([[1, 2], [3]])),
      'tensor(): data is not rectangular: data[1] should be an array of length 2, but it is an array of length 1');
    expectTypeError(() => torch.tensor(any([[1, 2], 3])),
      'tensor(): data is not rectangular: data[1] should be an array of length 2, but it is number');
    expectTypeError(() => torch.tensor(any([[[1], [2]], [[3], [4, 5]]])),
      'tensor(): data is not rectangular: data[1][1] should be an array of length 1, but it is an array of length 2');
    expectTypeError(() => torch.tensor(any([1, [2]])),
      'tensor(): expected data[1] to be a number or a boolean, but received an array of length 1');
  });

  it('booleans mixed with numbers', () => {
    expectTypeError(() => torch.tensor(any([true, 1])), 'tensor(): data mixes booleans and numbers; use one or the other');
    expectTypeError(() => torch.tensor(any([[0.5, 1], [false, true]])), 'tensor(): data mixes booleans and numbers; use one or the other');
  });

  it('strings, null, undefined, objects and bigints as data or as elements', () => {
    const top = (what: string) => `tensor(): expected data to be a number, a boolean, nested arrays or a TypedArray, but received ${what}`;
    expectTypeError(() => torch.tensor(any('abc')), top("'abc' of type string"));
    expectTypeError(() => torch.tensor(any(null)), top('null'));
    expectTypeError(() => torch.tensor(any(undefined)), top('undefined'));
    expectTypeError(() => torch.tensor(any({ 0: 1, length: 1 })), top('an object'));
    expectTypeError(() => torch.tensor(any(new DataView(new ArrayBuffer(4)))), top('an instance of DataView'));
    expectTypeError(() => torch.tensor(any(['a'])), "tensor(): expected data[0] to be a number or a boolean, but received 'a' of type string");
    expectTypeError(() => torch.tensor(any([[1, null]])), 'tensor(): expected data[0][1] to be a number or a boolean, but received null');
    expectTypeError(() => torch.tensor(any([[1, undefined]])), 'tensor(): expected data[0][1] to be a number or a boolean, but received undefined');
    expectTypeError(() => torch.tensor(any([1n])), 'tensor(): expected data[0] to be a number or a boolean, but received 1 of type bigint');
  });

  it('the shape option only goes with TypedArray data, and must match its length', () => {
    expectTypeError(() => torch.tensor(any([1, 2]), any({ shape: [2] })),
      'tensor(): the shape option is for TypedArray data; nested arrays carry their shape');
    expectRangeError(() => torch.tensor(new Float32Array(3), { shape: [-3] }),
      'tensor(): expected shape[0] to be a non-negative integer, but received -3 of type number');
    expectTypeError(() => torch.tensor(new Float32Array(3), { shape: [2, 2] }), /: shape \[2, 2\] holds 4 elements but the data has 3$/);
    expectTypeError(() => torch.from(new Float32Array(2), [3]), /: shape \[3\] holds 3 elements but the data has 2$/);
    expectTypeError(() => torch.from(any(new BigUint64Array(2))), /: unsupported TypedArray kind \(use Float32Array, Float64Array, Int8\/16\/32Array, Uint8Array or BigInt64Array\)$/);
  });

  it('errors of tensor() and from() name them, not the addon\'s fromData and fromBlob', () => {
    expectTypeError(() => torch.tensor(new Float32Array(3), { shape: [2, 2] }), /^tensor(?:\(\))?: /);
    expectTypeError(() => torch.tensor([1, 2], { dtype: 'int64', requiresGrad: true }), /^tensor\(\): requiresGrad needs a floating-point dtype/);
    expectTypeError(() => torch.from(new Float32Array(2), [3]), /^from(?:\(\))?: /);
  });

  it('non-object options are rejected, as by every other creation function', () => {
    expectTypeError(() => torch.zeros([1], any(5)), 'zeros(): expected options to be an object, but received 5 of type number');
    // tensor() destructures its options before checking them: today 5 passes silently, and a string
    // is reported as unknown options '0', '1', ... (its characters).
    expectTypeError(() => torch.tensor([1], any(5)), 'tensor(): expected options to be an object, but received 5 of type number');
    expectTypeError(() => torch.tensor([1], any('float64')), "tensor(): expected options to be an object, but received 'float64' of type string");
  });

  it('integers outside int64 are not silently wrapped around', () => {
    // JS has no separate int type, so 1e20 is "an integer" to the dtype inference. PyTorch gives
    // float32 1e20 for torch.tensor([1e20]); wrapping to -2**63 is never right. Either a float
    // tensor holding the value or a clean error is acceptable.
    for (const v of [1e20, -1e20, 2 ** 63, 1e300]) {
      let t: Tensor;
      try {
        t = torch.tensor([v]);
      } catch (e) {
        expect(e instanceof RangeError || e instanceof TorchError, String(e)).toBe(true);
        expect((e as Error).message).toMatch(/^tensor/);
        continue;
      }
      expect(t.item(), `torch.tensor([${v}]) gave dtype ${t.dtype}`).toBe(Math.fround(v));
    }
  });
});

describe('creation functions reject bad shapes and numbers', () => {
  const shapeFns = { zeros: torch.zeros, ones: torch.ones, empty: torch.empty, rand: torch.rand, randn: torch.randn };
  // Each bad element is named, with its index: a shape of 64 numbers with one wrong is found at once.
  const badShapes: [unknown, 'TypeError' | 'RangeError', string][] = [
    [[-1], 'RangeError', 'expected shape[0] to be a non-negative integer, but received -1 of type number'],
    [[2, -3], 'RangeError', 'expected shape[1] to be a non-negative integer, but received -3 of type number'],
    [[2.5], 'TypeError', 'expected shape[0] to be a non-negative integer, but received 2.5 of type number'],
    [[NaN], 'TypeError', 'expected shape[0] to be a non-negative integer, but received NaN of type number'],
    [[Infinity], 'TypeError', 'expected shape[0] to be a non-negative integer, but received Infinity of type number'],
    [[2 ** 63], 'RangeError', 'expected shape[0] to be a non-negative integer below 2^63 (an int64), but received 9223372036854776000 of type number'],
    [['3'], 'TypeError', "expected shape[0] to be a non-negative integer, but received '3' of type string"],
    [[null], 'TypeError', 'expected shape[0] to be a non-negative integer, but received null'],
    [[1, , 2], 'TypeError', 'expected shape[1] to be a non-negative integer, but received undefined'], // eslint-disable-line no-sparse-arrays
    ['3', 'TypeError', "expected shape to be an array of non-negative integers, but received '3' of type string"],
    [-1, 'RangeError', 'expected shape to be a non-negative integer, but received -1 of type number'],
    [1.5, 'TypeError', 'expected shape to be an array of non-negative integers, but received 1.5 of type number'],
    [NaN, 'TypeError', 'expected shape to be an array of non-negative integers, but received NaN of type number'],
    [undefined, 'TypeError', 'expected shape to be an array of non-negative integers, but received undefined'],
    [null, 'TypeError', 'expected shape to be an array of non-negative integers, but received null'],
    [{ length: 2 }, 'TypeError', 'expected shape to be an array of non-negative integers, but received an object'],
  ];
  for (const [name, fn] of Object.entries(shapeFns)) {
    it(`${name}() with negative, fractional, NaN, infinite, string and missing shapes`, () => {
      for (const [shape, cls, message] of badShapes) {
        expectError(() => fn(any(shape)), { class: cls, message: `${name}(): ${message}` });
      }
    });
  }

  it('full() checks its value before its shape', () => {
    expectTypeError(() => torch.full([2], any('x')), "full(): expected value to be a number or a boolean, but received 'x' of type string");
    expectTypeError(() => torch.full([2], any(null)), 'full(): expected value to be a number or a boolean, but received null');
    expectRangeError(() => torch.full([-2], 1), 'full(): expected shape[0] to be a non-negative integer, but received -2 of type number');
    // A value the dtype cannot hold is libtorch's to refuse.
    expectTorchError(() => torch.full([2], NaN, { dtype: 'int64' }), 'full: value cannot be converted to type int64_t without overflow');
    expectTorchError(() => torch.full([2], 300, { dtype: 'int8' }), 'full: value cannot be converted to type int8_t without overflow');
  });

  it('arange() needs finite numbers and a non-zero step of the right sign', () => {
    expectRangeError(() => torch.arange(0, 5, 0), 'arange(): expected step to be non-zero, but received 0 of type number');
    expectTypeError(() => torch.arange(NaN), 'arange(): expected end to be a finite number, but received NaN of type number');
    expectTypeError(() => torch.arange(0, Infinity), 'arange(): expected end to be a finite number, but received Infinity of type number');
    expectTypeError(() => torch.arange(-Infinity, 0), 'arange(): expected start to be a finite number, but received -Infinity of type number');
    expectTypeError(() => torch.arange(0, 1, NaN), 'arange(): expected step to be a finite number, but received NaN of type number');
    expectTypeError(() => torch.arange(any('5')), "arange(): expected end to be a finite number, but received '5' of type string");
    expectTypeError(() => torch.arange(0, any('5')), "arange(): expected options to be an object, but received '5' of type string");
    expectTorchError(() => torch.arange(0, 5, -1), 'arange: upper bound and lower bound inconsistent with step sign');
  });

  it('linspace() and logspace() need a non-negative integer step count and numeric bounds', () => {
    for (const steps of [-1, 2.5, NaN, Infinity]) {
      expectTypeError(() => torch.linspace(0, 1, steps), `linspace(): expected steps to be a non-negative integer, but received ${steps} of type number`);
      expectTypeError(() => torch.logspace(0, 1, steps), `logspace(): expected steps to be a non-negative integer, but received ${steps} of type number`);
    }
    expectTypeError(() => torch.linspace(0, 1, any('3')), "linspace(): expected steps to be a non-negative integer, but received '3' of type string");
    // Bounds are read by the addon, which names them by position.
    expectTypeError(() => torch.linspace(any('a'), 1, 3), /^linspace(?:\(\): expected start to be a number|: argument 1 must be a number), .*string/);
    expectTypeError(() => torch.linspace(0, any(null), 3), /^linspace(?:\(\): expected end to be a number|: argument 2 must be a number), .*null/);
    expectTypeError(() => torch.logspace(0, 1, 3, any('x')), /^logspace(?:\(\): expected base to be a number|: argument 4 must be a number), .*string/);
  });

  it('eye() needs non-negative integers', () => {
    for (const [n, desc] of [[-1, '-1 of type number'], [2.5, '2.5 of type number'], [NaN, 'NaN of type number'], ['2', "'2' of type string"], [null, 'null']] as const) {
      expectTypeError(() => torch.eye(any(n)), `eye(): expected n to be a non-negative integer, but received ${desc}`);
      expectTypeError(() => torch.eye(2, any(n)), `eye(): expected m to be a non-negative integer, but received ${desc}`);
    }
  });

  it('randint() needs integer bounds with high > low, a valid shape and a dtype that holds the range', () => {
    expectTypeError(() => torch.randint(0.5, 5, [2]), 'randint(): expected low to be an integer, but received 0.5 of type number');
    expectTypeError(() => torch.randint(0, NaN, [2]), 'randint(): expected high to be an integer, but received NaN of type number');
    expectTypeError(() => torch.randint(0, any('5'), [2]), "randint(): expected high to be an integer, but received '5' of type string");
    expectRangeError(() => torch.randint(5, 5, [2]), 'randint(): expected high to be greater than low (5), but received 5 of type number');
    expectRangeError(() => torch.randint(5, -1, [2]), 'randint(): expected high to be greater than low (5), but received -1 of type number');
    expectRangeError(() => torch.randint(0, 5, [-2]), 'randint(): expected shape[0] to be a non-negative integer, but received -2 of type number');
    expectTypeError(() => torch.randint(0, 5, any([1.5])), 'randint(): expected shape[0] to be a non-negative integer, but received 1.5 of type number');
    expectTorchError(() => torch.randint(0, 1000, [2], { dtype: 'int8' }), 'randint: to - 1 is out of bounds for signed char');
  });

  it('randperm() needs a non-negative integer and a dtype that can count that far', () => {
    for (const [n, desc] of [[-1, '-1 of type number'], [1.5, '1.5 of type number'], [NaN, 'NaN of type number'], ['3', "'3' of type string"]] as const) {
      expectTypeError(() => torch.randperm(any(n)), `randperm(): expected n to be a non-negative integer, but received ${desc}`);
    }
    expectTorchError(() => torch.randperm(5000, { dtype: 'float16' }), 'randperm: n cannot be greater than 2049 for float16 type.');
  });

  it('randint() and randperm() do not silently ignore requiresGrad, which they do not take', () => {
    // Their types omit requiresGrad; at run time the option is accepted and dropped today. PyTorch
    // raises for an int64 result that requires grad.
    expectError(() => torch.randint(0, 5, [3], any({ requiresGrad: true })),
      { class: 'TypeError', message: /^randint\(\): unknown option 'requiresGrad'/ });
    expectError(() => torch.randperm(3, any({ requiresGrad: true })),
      { class: 'TypeError', message: /^randperm\(\): unknown option 'requiresGrad'/ });
  });

  it('a dtype that the function cannot produce is libtorch\'s to refuse', () => {
    expectTorchError(() => torch.rand([2], { dtype: 'int64' }), `rand: "check_uniform_bounds" not implemented for 'int64'`);
    expectTypeError(() => torch.zeros([2], { dtype: 'int64', requiresGrad: true }),
      "zeros(): requiresGrad needs a floating-point dtype, but dtype is 'int64': only floating-point tensors can require gradients. " +
      "Pass dtype: 'float32' (or another floating-point dtype).");
    // Integral data that is to require grad infers float32 rather than failing.
    expect(torch.tensor([1, 2], { requiresGrad: true }).dtype).toBe('float32');
  });
});

describe('creation options: names, dtypes and devices', () => {
  const creators: [string, (o: Any) => unknown][] = [
    ['zeros', (o) => torch.zeros([2], o)],
    ['ones', (o) => torch.ones([2], o)],
    ['empty', (o) => torch.empty([2], o)],
    ['rand', (o) => torch.rand([2], o)],
    ['randn', (o) => torch.randn([2], o)],
    ['full', (o) => torch.full([2], 1.5, o)],
    ['arange', (o) => torch.arange(3, o)],
    ['linspace', (o) => torch.linspace(0, 1, 3, o)],
    ['logspace', (o) => torch.logspace(0, 1, 3, 10, o)],
    ['eye', (o) => torch.eye(2, 2, o)],
    ['tensor', (o) => torch.tensor([1.5], o)],
  ];

  it('a misspelled option name gets a "Did you mean" hint', () => {
    for (const [name, make] of creators) {
      expectTypeError(() => make({ requiresgrad: true }), `${name}(): unknown option 'requiresgrad'. Did you mean 'requiresGrad'?`);
      expectTypeError(() => make({ requires_grad: true }), `${name}(): unknown option 'requires_grad'. Did you mean 'requiresGrad'?`);
      expectTypeError(() => make({ dtyp: 'float64' }), `${name}(): unknown option 'dtyp'. Did you mean 'dtype'?`);
      expectTypeError(() => make({ devcie: 'cpu' }), `${name}(): unknown option 'devcie'. Did you mean 'device'?`);
    }
    expectTypeError(() => torch.randint(0, 5, [2], any({ dtpye: 'int32' })), "randint(): unknown option 'dtpye'. Did you mean 'dtype'?");
    expectTypeError(() => torch.randperm(3, any({ Device: 'cpu' })), "randperm(): unknown option 'Device'. Did you mean 'device'?");
    expectTypeError(() => torch.from(new Float32Array(2), [2], any({ requiresgrad: true })), "from(): unknown option 'requiresgrad'. Did you mean 'requiresGrad'?");
  });

  it('an unknown option far from every name lists the accepted ones', () => {
    expectTypeError(() => torch.zeros([2], any({ layout: 'strided' })), "zeros(): unknown option 'layout'. Accepted options: dtype, device, requiresGrad.");
    expectTypeError(() => torch.zeros([2], any({ pinMemory: true })), "zeros(): unknown option 'pinMemory'. Accepted options: dtype, device, requiresGrad.");
  });

  it('option values of the wrong type', () => {
    expectTypeError(() => torch.zeros([2], any({ requiresGrad: 'yes' })), "zeros(): expected requiresGrad to be a boolean, but received 'yes' of type string");
    expectTypeError(() => torch.zeros([2], any({ requiresGrad: 1 })), 'zeros(): expected requiresGrad to be a boolean, but received 1 of type number');
    expectTypeError(() => torch.zeros([2], any([])), 'zeros(): expected options to be an object, but received an array of length 0');
  });

  it('bad dtype strings', () => {
    for (const [dtype, desc] of [['float8', "'float8' of type string"], ['Float32', "'Float32' of type string"],
      ['torch.float32', "'torch.float32' of type string"], ['complex64', "'complex64' of type string"], ['', "'' of type string"],
      [5, '5 of type number'], [true, 'true of type boolean']] as const) {
      expectTypeError(() => torch.ones([2], any({ dtype })), `ones(): expected dtype to be ${DTYPE_LIST}, but received ${desc}`);
      expectTypeError(() => torch.ones([2]).to(any({ dtype })), `to(): expected dtype to be ${DTYPE_LIST}, but received ${desc}`);
    }
    expectTypeError(() => torch.ones([2]).to(any('float8')), `to(): expected dtype to be ${DTYPE_LIST}, but received 'float8' of type string`);
    expectTypeError(() => torch.ones([2]).sum(null, false, any('integer')), `sum(): expected dtype to be ${DTYPE_LIST}, but received 'integer' of type string`);
  });

  it('bad device strings', () => {
    for (const device of ['gpu', 'cpu:0', 'CPU', 'cuda:x', 'cuda:', 'mps', ' cpu']) {
      expectTypeError(() => torch.ones([2], any({ device })), `ones(): expected device to be 'cpu', 'cuda' or 'cuda:N', but received '${device}' of type string`);
    }
    expectTypeError(() => torch.ones([2], any({ device: 0 })), "ones(): expected device to be 'cpu', 'cuda' or 'cuda:N', but received 0 of type number");
    expectTypeError(() => torch.ones([2]).to(any({ device: 'gpu' })), "to(): expected device to be 'cpu', 'cuda' or 'cuda:N', but received 'gpu' of type string");
  });

  it('a CUDA device that does not exist is refused with one message, naming what is there', () => {
    expectTorchError(() => torch.ones([2], { device: 'cuda:99' }), /^ones\(\): device 'cuda:99' is not available: .*Use device 'cpu'/);
    if (!torch.cuda.isAvailable()) {
      expectTorchError(() => torch.ones([2]).cuda(), /^to\(\): device 'cuda:0' is not available: /);
    }
  });

  it('an allocation far beyond memory fails with a clean TorchError, not a crash', () => {
    // 4e12 bytes of float32: more than this machine has (with vm.overcommit_memory 1 the allocation
    // would succeed and zero-filling it would be killed; 2**50 elements is past any address space).
    expectError(() => torch.zeros([1e12]), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^zeros: .*(can't allocate memory|not enough memory|out of memory).*4000000000000 bytes/ });
    expectError(() => torch.zeros([2 ** 50]), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^zeros: .*(can't allocate memory|not enough memory|out of memory)/ });
    expectTorchError(() => torch.ones([1e12, 1e12]), 'ones: Storage size calculation overflowed with sizes=[1000000000000, 1000000000000]');
    expectError(() => torch.arange(0, 1e15), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^arange: .*(can't allocate memory|not enough memory|out of memory)/ });
    expectError(() => torch.randperm(1e15), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^randperm: .*(can't allocate memory|not enough memory|out of memory)/ });
    expectError(() => torch.ones([2]).repeat(2 ** 53), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^repeat: .*(can't allocate memory|not enough memory|out of memory)/ });
    expectTorchError(() => torch.eye(2 ** 40), /^eye: .*overflow/);
    // The process is fine afterwards.
    expect(torch.ones([3]).sum().item()).toBe(3);
  });

  it('an allocation failure has the code ERR_OUT_OF_MEMORY', () => {
    // TorchErrorCode has ERR_OUT_OF_MEMORY, but the addon's guard only gives it for std::bad_alloc;
    // libtorch's allocators throw c10::Error (CPU) or c10::OutOfMemoryError (CUDA), caught first as ERR_TORCH.
    expectError(() => torch.zeros([1e12]), { class: 'TorchError', code: 'ERR_OUT_OF_MEMORY', message: /^zeros: / });
  });
});

describe('TypedArrays over a detached ArrayBuffer', () => {
  // structuredClone(buf, { transfer: [buf] }) and postMessage detach the buffer: its views then read
  // as empty, and torch.tensor() gave an empty tensor without a word.
  const detached = () => {
    const data = new Float32Array([1, 2, 3]);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    return data;
  };
  const message = (op: string) => `${op}(): data is a Float32Array over a detached ArrayBuffer (transferred with postMessage or ` +
    'structuredClone), which holds no data any more. Make the tensor before transferring the buffer, or transfer a copy.';

  it('torch.tensor() and torch.from() refuse them', () => {
    const data = detached();
    expect(data.length).toBe(0);
    expectTypeError(() => torch.tensor(data), message('tensor'));
    expectTypeError(() => torch.tensor(data, { shape: [0] }), message('tensor'));
    expectTypeError(() => torch.from(data), message('from'));
  });

  it('an empty TypedArray that was never transferred still makes an empty tensor', () => {
    expect(torch.tensor(new Float32Array(0)).shape).toEqual([0]);
    expect(torch.from(new Int32Array(new ArrayBuffer(0))).shape).toEqual([0]);
    expect(torch.from(new Float32Array(new SharedArrayBuffer(0))).shape).toEqual([0]);
    // A zero-length view into a live buffer is not detached either.
    expect(torch.tensor(new Float32Array(new ArrayBuffer(8), 8, 0)).shape).toEqual([0]);
  });
});
