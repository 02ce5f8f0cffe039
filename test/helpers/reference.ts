/**
 * Differential testing against Python torch: the same inputs go to torchts and to
 * test/helpers/torch_ref.py (run by the reference Python, the venv the addon was built against),
 * and outputs and gradients are compared.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type DType, type Tensor, torch } from '../../lib/index.js';
import { buildInfo, packageRoot } from '../../lib/native.js';

/** The Python whose torch is the reference: TORCHTS_PYTHON, else the one the addon was built against. */
export function referencePython(): string {
  const py = process.env.TORCHTS_PYTHON ?? buildInfo.libtorch?.python;
  if (!py) throw new Error('No reference Python: set TORCHTS_PYTHON to a Python with torch, or build against a Python torch.');
  return py;
}

/** An input tensor spec: values are sent exactly (float32 values are exact doubles). */
export interface InputSpec {
  data: number[];
  shape: number[];
  dtype: DType;
  requiresGrad?: boolean;
}

export interface TensorResult {
  data: (number | string)[];
  shape: number[];
  dtype: DType;
}

export interface RefResult {
  out?: (TensorResult | null)[];
  grads?: Record<string, TensorResult | null>;
  error?: string;
}

export interface RefCase {
  inputs: Record<string, InputSpec>;
  /** Python expression over the input names, `torch`, `F` and `math`. */
  expr: string;
  /** Python statements run before `expr`. */
  setup?: string;
  /** `torch.manual_seed(seed)` before evaluating (and the test should call `torch.manualSeed` too). */
  seed?: number;
  /** Also compare gradients of the weighted sum of the outputs. */
  grad?: boolean;
}

/** Runs cases through Python torch in one process. */
export function pythonRef(cases: RefCase[]): RefResult[] {
  const out = execFileSync(referencePython(), [join(packageRoot(), 'test', 'helpers', 'torch_ref.py'), String(torch.getNumThreads())], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out);
}

/** A deterministic generator (mulberry32) for test inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random input: floats uniform in [lo, hi) rounded to float32, or integers in [lo, hi). */
export function input(shape: number[],
  opts: { dtype?: DType; lo?: number; hi?: number; seed?: number; requiresGrad?: boolean } = {}): InputSpec {
  const dtype = opts.dtype ?? 'float32';
  const r = rng(opts.seed ?? 1);
  const n = shape.reduce((a, b) => a * b, 1);
  const lo = opts.lo ?? (dtype === 'bool' ? 0 : -2);
  const hi = opts.hi ?? (dtype === 'bool' ? 2 : 2);
  const floating = dtype.startsWith('float') || dtype === 'bfloat16';
  const data = Array.from({ length: n }, () => {
    const u = lo + (hi - lo) * r();
    return floating ? Math.fround(u) : Math.floor(u);
  });
  return { data, shape, dtype, requiresGrad: opts.requiresGrad };
}

/** Makes the torchts tensor for an input spec (float64 source, cast to the dtype, as torch_ref.py does). */
export function toTensor(spec: InputSpec): Tensor {
  const src = spec.dtype === 'bool' ? Uint8Array.from(spec.data) : Float64Array.from(spec.data);
  const t = torch.tensor(src, { shape: spec.shape, dtype: spec.dtype });
  if (spec.requiresGrad) t.requiresGrad_(true);
  return t;
}

function decode(v: number | string): number {
  return typeof v === 'string' ? Number(v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity) : v;
}

/** Gradient weighting shared with torch_ref.py: linspace(-1, 1, numel), or 0.5 for one element. */
export function weightedLoss(outs: Tensor[]): Tensor {
  let loss: Tensor | null = null;
  for (const o of outs) {
    if (!o.isFloatingPoint() || !o.requiresGrad) continue;
    const n = o.numel();
    const w = n === 1 ? torch.tensor([0.5], { dtype: 'float64' }) : torch.linspace(-1, 1, n, { dtype: 'float64' });
    const term = o.double().mul(w.reshape(o.shape)).sum();
    loss = loss === null ? term : loss.add(term);
  }
  if (loss === null) throw new Error('no output requires grad');
  return loss;
}

/** Tolerance of a comparison: exact (the default: same engine, same kernels) or within atol + rtol·|expected|. */
export interface Tolerance {
  atol?: number;
  rtol?: number;
}

/** Asserts that a torchts tensor equals a reference result: shape, dtype, and values. */
export function expectTensor(actual: Tensor | null, expected: TensorResult | null, tol: Tolerance = {}, label = ''): void {
  if (expected === null) {
    expect(actual, `${label}: expected null`).toBeNull();
    return;
  }
  expect(actual, `${label}: expected a tensor`).not.toBeNull();
  const a = actual!;
  expect(a.shape, `${label}: shape`).toEqual(expected.shape);
  expect(a.dtype, `${label}: dtype`).toBe(expected.dtype);
  const got = Array.from(a.data() as ArrayLike<number | bigint>, Number);
  const want = expected.data.map(decode);
  const atol = tol.atol ?? 0;
  const rtol = tol.rtol ?? 0;
  let bad = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
      bad = i;
      break;
    }
  }
  if (bad >= 0) {
    expect.fail(`${label}: element ${bad} is ${got[bad]}, PyTorch gives ${want[bad]} (atol ${atol}, rtol ${rtol})`);
  }
}

/** One differential case: the Python expression and the torchts function over the same named inputs. */
export interface DiffCase extends RefCase {
  name: string;
  js: (inputs: Record<string, Tensor>) => Tensor | Tensor[] | (Tensor | null)[];
  tol?: Tolerance;
  /** Expect both sides to fail (PyTorch raises and torchts throws). */
  throws?: boolean;
}

/** Runs a list of differential cases: returns one test body per case, for `it.each` style use. */
export function runDiff(cases: DiffCase[]): Map<string, () => void> {
  const ref = pythonRef(cases.map(({ inputs, expr, setup, seed, grad }) => ({ inputs, expr, setup, seed, grad })));
  const tests = new Map<string, () => void>();
  cases.forEach((c, i) => {
    tests.set(c.name, () => {
      const r = ref[i];
      torch.tidy(() => {
        const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toTensor(v)]));
        if (c.seed !== undefined) torch.manualSeed(c.seed);
        if (c.throws) {
          expect(r.error, `${c.name}: PyTorch should raise`).toBeDefined();
          expect(() => c.js(inputs)).toThrow();
          return;
        }
        if (r.error) throw new Error(`${c.name}: PyTorch raised ${r.error}`);
        const got = c.js(inputs);
        const outs = Array.isArray(got) ? got : [got];
        expect(outs.length, `${c.name}: number of outputs`).toBe(r.out!.length);
        outs.forEach((o, k) => expectTensor(o, r.out![k], c.tol, `${c.name} output ${k}`));
        if (c.grad) {
          weightedLoss(outs.filter((o): o is Tensor => o !== null)).backward();
          for (const [k, g] of Object.entries(r.grads!)) expectTensor(inputs[k].grad, g, c.tol, `${c.name} grad of ${k}`);
        }
      });
    });
  });
  return tests;
}
