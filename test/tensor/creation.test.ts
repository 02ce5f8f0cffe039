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
import { describe, expect, it } from 'vitest';
import { type DType, type Tensor, torch } from '../../lib/index.js';
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
