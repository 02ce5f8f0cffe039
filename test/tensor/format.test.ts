// Differential tests: String(tensor) against Python's repr(tensor) for the same tensor, with PyTorch's
// default print options (precision 4, threshold 1000, edgeitems 3, linewidth 80).
//
// Comparison is exact string equality. Each pair builds the same tensor on both sides: from the same
// literal values (JS numbers are the same doubles as Python floats, cast to the same dtype), from the
// same deterministic ops (arange, mul), or from the same seed (random parity is tested in
// creation.test.ts). Python's reprs come from one process through test/helpers/python.ts.
import { describe, expect, it } from 'vitest';
import { type Tensor, torch } from '../../lib/index.js';
import { pythonRepr } from '../helpers/python.js';

const f32 = { dtype: 'float32' } as const;
const seeded = (seed: number, make: () => Tensor) => { torch.manualSeed(seed); return make(); };

const CASES: [string, string, () => Tensor][] = [
  // ---- floats
  ['float ints', 'torch.tensor([1., 2., 3.])', () => torch.tensor([1, 2, 3], f32)],
  ['float ints negative and wide', 'torch.tensor([-1., 20., 300.])', () => torch.tensor([-1, 20, 300], f32)],
  ['mixed floats', 'torch.tensor([0.1, -2.5, 3.14159])', () => torch.tensor([0.1, -2.5, 3.14159])],
  ['mixed floats 2-D', 'torch.tensor([[0.5, -12.25], [100.125, 3.0]])', () => torch.tensor([[0.5, -12.25], [100.125, 3.0]])],
  ['float rounding half-even at the 4th decimal', 'torch.tensor([1.03125, -1.03125, 2.5])', () => torch.tensor([1.03125, -1.03125, 2.5])],
  ['sci mode tiny', 'torch.tensor([1e-5, 1.0])', () => torch.tensor([1e-5, 1.0])],
  ['sci mode all tiny', 'torch.tensor([1e-8, -2e-9, 3.5e-7])', () => torch.tensor([1e-8, -2e-9, 3.5e-7])],
  ['sci mode huge', 'torch.tensor([1e9, 1.5])', () => torch.tensor([1e9, 1.5])],
  ['sci mode huge ints', 'torch.tensor([1e10, 2e10])', () => torch.tensor([1e10, 2e10], f32)],
  ['sci mode int ratio over 1000', 'torch.tensor([1., 2000.])', () => torch.tensor([1, 2000], f32)],
  ['sci mode float ratio over 1000', 'torch.tensor([0.001, 10.5])', () => torch.tensor([0.001, 10.5])],
  ['sci mode rounding tie', 'torch.tensor([1.03125, 0.00001])', () => torch.tensor([1.03125, 0.00001])],
  ['no sci at 1e8 ints', 'torch.tensor([1e8, 3.])', () => torch.tensor([1e8, 3], f32)],
  ['negative zero', 'torch.tensor([-0.0, 1.5])', () => torch.tensor([-0, 1.5])],
  ['negative zero int mode', 'torch.tensor([-0.0, 1.0])', () => torch.tensor([-0, 1], f32)],
  ['negative zero alone', 'torch.tensor([-0.0])', () => torch.tensor([-0], f32)],
  ['negative zero in sci mode', 'torch.tensor([-0.0, 1e-5])', () => torch.tensor([-0, 1e-5])],
  ['negative zero from full (a scalar -0 is a float)', 'torch.full([2], -0.0)', () => torch.full([2], -0)],
  ['zeros', 'torch.zeros(3)', () => torch.zeros([3])],
  ['nan and inf', 'torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5])', () => torch.tensor([NaN, Infinity, -Infinity, 1.5])],
  ['nan in int mode', 'torch.tensor([float("nan"), 1.0, -2.0])', () => torch.tensor([NaN, 1, -2], f32)],
  ['all nan', 'torch.tensor([float("nan"), float("nan")])', () => torch.tensor([NaN, NaN])],
  ['inf with sci', 'torch.tensor([float("inf"), 1e-6, 2.0])', () => torch.tensor([Infinity, 1e-6, 2.0])],

  // ---- integer, bool, dtype suffixes
  ['int64', 'torch.tensor([1, -20, 300])', () => torch.tensor([1, -20, 300])],
  ['int64 2-D', 'torch.tensor([[1, 2], [-300, 4]])', () => torch.tensor([[1, 2], [-300, 4]])],
  ['int64 beyond 2^53 prints its exact digits', 'torch.tensor([4611686018427387905, -3, -9223372036854775807])',
    () => torch.tensor(BigInt64Array.of(4611686018427387905n, -3n, -9223372036854775807n))],
  ['summarized int64 beyond 2^53', 'torch.arange(2000) + 4611686018427387905', () => torch.arange(2000).add(torch.tensor(BigInt64Array.of(4611686018427387905n)))],
  ['int32 suffix', 'torch.tensor([1, -2, 3], dtype=torch.int32)', () => torch.tensor([1, -2, 3], { dtype: 'int32' })],
  ['int16 suffix', 'torch.tensor([[1, 2]], dtype=torch.int16)', () => torch.tensor([[1, 2]], { dtype: 'int16' })],
  ['int8 suffix', 'torch.tensor([-1, 2], dtype=torch.int8)', () => torch.tensor([-1, 2], { dtype: 'int8' })],
  ['uint8 suffix', 'torch.tensor([0, 255], dtype=torch.uint8)', () => torch.tensor([0, 255], { dtype: 'uint8' })],
  ['bool', 'torch.tensor([True, False, True])', () => torch.tensor([true, false, true])],
  ['bool 2-D', 'torch.tensor([[True, False], [False, False]])', () => torch.tensor([[true, false], [false, false]])],
  ['float16 suffix', 'torch.tensor([0.1, 1000.7, -3.3], dtype=torch.float16)', () => torch.tensor([0.1, 1000.7, -3.3], { dtype: 'float16' })],
  ['bfloat16 suffix', 'torch.tensor([0.1, 1000.7, -3.3], dtype=torch.bfloat16)', () => torch.tensor([0.1, 1000.7, -3.3], { dtype: 'bfloat16' })],
  ['float64 suffix', 'torch.tensor([0.1, 2.0, -3.5], dtype=torch.float64)', () => torch.tensor(Float64Array.of(0.1, 2, -3.5))],
  ['float64 ints suffix', 'torch.tensor([1., 2.], dtype=torch.float64)', () => torch.tensor([1, 2], { dtype: 'float64' })],

  // ---- 0-d
  ['0-d float', 'torch.tensor(3.5)', () => torch.tensor(3.5)],
  ['0-d float int-valued', 'torch.tensor(2.)', () => torch.tensor(2, f32)],
  ['0-d int', 'torch.tensor(7)', () => torch.tensor(7)],
  ['0-d bool', 'torch.tensor(True)', () => torch.tensor(true)],
  ['0-d float64', 'torch.tensor(0.1, dtype=torch.float64)', () => torch.tensor(0.1, { dtype: 'float64' })],
  ['0-d tiny', 'torch.tensor(1e-7)', () => torch.tensor(1e-7)],

  // ---- empty
  ['empty [0]', 'torch.tensor([])', () => torch.tensor([])],
  ['empty [2, 0]', 'torch.zeros(2, 0)', () => torch.zeros([2, 0])],
  ['empty [0, 3, 1]', 'torch.zeros(0, 3, 1)', () => torch.zeros([0, 3, 1])],
  ['empty int64 shows dtype', 'torch.zeros(0, dtype=torch.int64)', () => torch.zeros([0], { dtype: 'int64' })],
  ['empty bool [2, 0] shows dtype', 'torch.zeros(2, 0, dtype=torch.bool)', () => torch.zeros([2, 0], { dtype: 'bool' })],
  ['empty float64', 'torch.zeros(0, dtype=torch.float64)', () => torch.zeros([0], { dtype: 'float64' })],

  // ---- autograd suffixes
  ['requires_grad', 'torch.tensor([1.5, -2.], requires_grad=True)', () => torch.tensor([1.5, -2], { requiresGrad: true })],
  ['requires_grad float64', 'torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)', () => torch.tensor([1, 2], { dtype: 'float64', requiresGrad: true })],
  ['grad_fn add', 'torch.tensor([1.5, -2.], requires_grad=True) + torch.tensor([1., 1.])',
    () => torch.tensor([1.5, -2], { requiresGrad: true }).add(torch.tensor([1, 1], f32))],
  ['grad_fn mul by a Python number', 'torch.tensor([1.5, -2.], requires_grad=True) * 2', () => torch.tensor([1.5, -2], { requiresGrad: true }).mul(2)],
  ['grad_fn sum', 'torch.tensor([1.5, -2.], requires_grad=True).sum()', () => torch.tensor([1.5, -2], { requiresGrad: true }).sum()],
  ['grad_fn exp 2-D', 'torch.tensor([[0.5, 1.], [2., 3.]], requires_grad=True).exp()', () => torch.tensor([[0.5, 1], [2, 3]], { requiresGrad: true }).exp()],
  ['grad_fn float64', 'torch.tensor([0.5, 1.], requires_grad=True).double()', () => torch.tensor([0.5, 1], { requiresGrad: true }).double()],
  ['grad_fn CopySlices', '(lambda y: (y.__setitem__(0, 5.0), y)[1])(torch.tensor([0.5, 1.], requires_grad=True).clone())',
    () => torch.tensor([0.5, 1], { requiresGrad: true }).clone().indexPut_([0], 5)],
  ['suffix wraps after a long single line (the prefix counts)', 'torch.tensor([1.2345, 2.2345, 3.2345, 4.2345, 5.2345, 6.2345, 7.2345], dtype=torch.float64)',
    () => torch.tensor([1.2345, 2.2345, 3.2345, 4.2345, 5.2345, 6.2345, 7.2345], { dtype: 'float64' })],
  ['dtype suffix wraps at 80', 'torch.arange(12, dtype=torch.float64) * 1.5', () => torch.arange(12, { dtype: 'float64' }).mul(1.5)],
  ['two suffixes on a long line', 'torch.tensor([1.2345, 2.2345, 3.2345, 4.2345, 5.2345], dtype=torch.float64, requires_grad=True)',
    () => torch.tensor([1.2345, 2.2345, 3.2345, 4.2345, 5.2345], { dtype: 'float64', requiresGrad: true })],

  // ---- shapes
  ['3-D float', 'torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 4', () => torch.arange(24, f32).reshape(2, 3, 4).div(4)],
  ['3-D int', 'torch.arange(24).reshape(2, 3, 4) - 10', () => torch.arange(24).reshape(2, 3, 4).sub(10)],
  ['4-D', 'torch.arange(16, dtype=torch.float32).reshape(2, 2, 2, 2)', () => torch.arange(16, f32).reshape(2, 2, 2, 2)],
  ['column', 'torch.tensor([[1.5], [2.5], [-3.25]])', () => torch.tensor([[1.5], [2.5], [-3.25]])],
  ['non-contiguous (transpose)', 'torch.arange(6, dtype=torch.float32).reshape(2, 3).t() * 1.5', () => torch.arange(6, f32).reshape(2, 3).t().mul(1.5)],

  // ---- summarization and wrapping
  ['summarized 1-D float', 'torch.arange(2000, dtype=torch.float32) * 0.37', () => torch.arange(2000, f32).mul(0.37)],
  ['summarized 1-D int', 'torch.arange(1500) * 7 - 300', () => torch.arange(1500).mul(7).sub(300)],
  ['not summarized at 1000 elements', 'torch.arange(1000)', () => torch.arange(1000)],
  ['summarized 2-D', '(torch.manual_seed(0), torch.randn(50, 40))[1]', () => seeded(0, () => torch.randn([50, 40]))],
  ['summarized 2-D few rows', 'torch.arange(3 * 400, dtype=torch.float32).reshape(3, 400) / 3', () => torch.arange(1200, f32).reshape(3, 400).div(3)],
  ['summarized 3-D', 'torch.arange(12 * 10 * 10).reshape(12, 10, 10)', () => torch.arange(1200).reshape(12, 10, 10)],
  ['summarized 4-D with short and long dims', 'torch.arange(2 * 3 * 500 * 7).reshape(2, 3, 500, 7)', () => torch.arange(2 * 3 * 500 * 7).reshape(2, 3, 500, 7)],
  ['summarized non-contiguous', '(torch.arange(40 * 30, dtype=torch.float32).reshape(40, 30) / 7).t()', () => torch.arange(1200, f32).reshape(40, 30).div(7).t()],
  ['summarized with requires_grad', '(torch.manual_seed(1), torch.randn(1100, requires_grad=True))[1]', () => seeded(1, () => torch.randn([1100], { requiresGrad: true }))],
  ['summarized sci mode', 'torch.arange(1, 1202, dtype=torch.float32) ** 3', () => torch.arange(1, 1202, 1, f32).pow(3)],
  ['long row wraps at linewidth 80', 'torch.arange(30, dtype=torch.float32) * 1.123', () => torch.arange(30, f32).mul(1.123)],
  ['long int row wraps', 'torch.arange(40) * 1001', () => torch.arange(40).mul(1001)],
  ['long bool row wraps', 'torch.arange(30) % 3 == 0', () => torch.arange(30).remainder(3).eq(0)],
  ['wide 2-D rows wrap', '(torch.manual_seed(2), torch.randn(3, 20))[1]', () => seeded(2, () => torch.randn([3, 20]))],
  ['wide 3-D rows wrap', 'torch.arange(2 * 2 * 15, dtype=torch.float64).reshape(2, 2, 15) / 7', () => torch.arange(60, { dtype: 'float64' }).reshape(2, 2, 15).div(7)],
];

describe('String(tensor) equals repr(tensor)', () => {
  const expected = pythonRepr(CASES.map(([, py]) => py));
  CASES.forEach(([name, py, js], i) => {
    it(name, () => {
      torch.tidy(() => {
        const t = js();
        expect(String(t), `repr(${py})`).toBe(expected[i]);
      });
    });
  });

  it('console.log form (util.inspect) is the same string', async () => {
    const { inspect } = await import('node:util');
    const [want] = pythonRepr(['torch.tensor([[1.5, 2.0], [3.0, 4.25]])']);
    torch.tidy(() => {
      expect(inspect(torch.tensor([[1.5, 2.0], [3.0, 4.25]]))).toBe(want);
    });
  });
});

describe('printing and reading back large tensors', () => {
  it('String() of a 1e8-element tensor reads only the edges it prints', () => {
    torch.tidy(() => {
      const t = torch.zeros([100_000_000], { dtype: 'uint8' });
      const [want] = pythonRepr(['torch.zeros(100_000_000, dtype=torch.uint8)']);
      const before = process.memoryUsage().arrayBuffers;
      expect(String(t)).toBe(want);
      // Reading all of it would have copied 100 MB into an ArrayBuffer.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    });
  });

  it('toArray() refuses a tensor too large for nested JS arrays with a RangeError that points to data()', () => {
    torch.tidy(() => {
      const t = torch.zeros([300_000_000], { dtype: 'uint8' });
      expect(() => t.toArray()).toThrow(RangeError);
      expect(() => t.toArray()).toThrow(/toArray\(\): the tensor has 300000000 elements.*Use data\(\)/);
      expect(t.data()).toHaveLength(300_000_000);
    });
  });
});
