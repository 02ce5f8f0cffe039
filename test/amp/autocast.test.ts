// amp.autocast against Python's torch.autocast('cpu', dtype=...), for float16 and bfloat16.
//
// Compared exactly with PyTorch:
// - the output dtype of each op under autocast (PyTorch's from pythonEval), on float32 inputs and on
//   the low-precision output of a linear (where CPU autocast's policies differ: softmax, layerNorm,
//   sum, ... keep a float16 input in float16 on CPU, while mseLoss/crossEntropy/nllLoss/BCE-with-
//   logits run in float32), plus a float16 input fed to a bfloat16 region;
// - values and float32 gradients of every case (runDiff: same kernels, same thread count, so
//   bit-identical; gradients are of the harness's weighted sum, taken outside autocast as in Python);
// - the weight cache: a weight changed in place inside a region is still seen through its cached
//   cast by later ops of the same outermost region (nested regions included) and freshly cast by the
//   next region; with cacheEnabled:false every op sees the change. Exact values against PyTorch
//   running the same sequence; gradients through a cached weight used twice, exact against PyTorch.
// Checked against PyTorch's behaviour but not its text: a 'cuda' region without a GPU (PyTorch 2.11
// warns "CUDA is not available or torch_xla is imported. Disabling autocast."; torchts words it its
// own way), so only the warning's gist and the disabled region are asserted.
// Not compared with Python (torchts-only semantics): async functions and promises (TypeError),
// option validation messages, state restoration after a throw.
// Caveat: the harness builds Python's inputs with a reshape, so they are views, and PyTorch never
// caches casts of views; torchts's inputs are not views. Harmless where an input is cast once per
// case (all op cases); the weight-reuse and cache cases use non-view tensors on both sides.
import { describe, expect, it } from 'vitest';
import { type Tensor, amp, nn, torch } from '../../lib/index.js';
import { pythonEval } from '../helpers/python.js';
import { type DiffCase, type InputSpec, input, runDiff, toTensor } from '../helpers/reference.js';

// Single-threaded on both sides (the harness hands Python this count): on these tiny tensors each
// parallel region of a float16/bfloat16 kernel costs milliseconds on this machine.
torch.setNumThreads(1);

const F = nn.functional;
const DTYPES = ['float16', 'bfloat16'] as const;
type Low = (typeof DTYPES)[number];

const g = (spec: InputSpec): InputSpec => ({ ...spec, requiresGrad: true });
const INPUTS: Record<string, InputSpec> = {
  x: g(input([4, 6], { seed: 1 })),
  w: g(input([5, 6], { seed: 2, lo: -0.5, hi: 0.5 })),
  b: g(input([5], { seed: 3, lo: -0.5, hi: 0.5 })),
  a3: g(input([2, 3, 4], { seed: 4 })),
  b3: g(input([2, 4, 5], { seed: 5 })),
  c1: g(input([2, 3, 8], { seed: 6 })),
  w1: g(input([4, 3, 3], { seed: 7, lo: -0.5, hi: 0.5 })),
  c2: g(input([2, 3, 6, 6], { seed: 8 })),
  w2: g(input([4, 3, 3, 3], { seed: 9, lo: -0.5, hi: 0.5 })),
  lw: g(input([5], { seed: 10, lo: 0.5, hi: 1.5 })),
  x2: input([4, 6], { seed: 11 }),
  y5: input([4, 5], { seed: 12 }),
  p6: input([4, 6], { seed: 13, lo: 0, hi: 1 }),
  p5: input([4, 5], { seed: 14, lo: 0, hi: 1 }),
  t6: input([4], { dtype: 'int64', lo: 0, hi: 6, seed: 15 }),
  t5: input([4], { dtype: 'int64', lo: 0, hi: 5, seed: 16 }),
  xh: input([4, 6], { seed: 17, dtype: 'float16' }),
};

type Ts = Record<string, Tensor>;
interface Op {
  name: string;
  py: string;
  js: (t: Ts) => Tensor;
}
const lin = (t: Ts) => F.linear(t.x, t.w, t.b);
const LIN = 'F.linear(x, w, b)';
const ops: Op[] = [
  { name: 'linear', py: LIN, js: lin },
  { name: 'linear without bias', py: 'F.linear(x, w)', js: (t) => F.linear(t.x, t.w) },
  { name: 'linear of a float16 input', py: 'F.linear(xh, w, b)', js: (t) => F.linear(t.xh, t.w, t.b) },
  { name: 'matmul', py: 'x.matmul(w.t())', js: (t) => t.x.matmul(t.w.t()) },
  { name: 'mm', py: 'x.mm(w.t())', js: (t) => t.x.mm(t.w.t()) },
  { name: 'bmm', py: 'a3.bmm(b3)', js: (t) => t.a3.bmm(t.b3) },
  { name: 'addmm', py: 'torch.addmm(b, x, w.t())', js: (t) => torch.addmm(t.b, t.x, t.w.t()) },
  { name: 'conv1d', py: 'F.conv1d(c1, w1)', js: (t) => F.conv1d(t.c1, t.w1) },
  { name: 'conv2d padding 1', py: 'F.conv2d(c2, w2, padding=1)', js: (t) => F.conv2d(t.c2, t.w2, null, { padding: 1 }) },
  { name: 'softmax', py: 'F.softmax(x, 1)', js: (t) => F.softmax(t.x, 1) },
  { name: 'softmax of linear', py: `F.softmax(${LIN}, 1)`, js: (t) => F.softmax(lin(t), 1) },
  { name: 'logSoftmax', py: 'F.log_softmax(x, 1)', js: (t) => F.logSoftmax(t.x, 1) },
  { name: 'logSoftmax of linear', py: `F.log_softmax(${LIN}, 1)`, js: (t) => F.logSoftmax(lin(t), 1) },
  { name: 'layerNorm', py: 'F.layer_norm(x, [6])', js: (t) => F.layerNorm(t.x, [6]) },
  { name: 'layerNorm of linear', py: `F.layer_norm(${LIN}, [5])`, js: (t) => F.layerNorm(lin(t), [5]) },
  { name: 'layerNorm of linear, float32 affine', py: `F.layer_norm(${LIN}, [5], lw, b)`, js: (t) => F.layerNorm(lin(t), [5], t.lw, t.b) },
  { name: 'batchNorm (training)', py: 'F.batch_norm(x, None, None, training=True)', js: (t) => F.batchNorm(t.x, null, null, { training: true }) },
  { name: 'batchNorm of linear, float32 affine', py: `F.batch_norm(${LIN}, None, None, lw, b, training=True)`,
    js: (t) => F.batchNorm(lin(t), null, null, { weight: t.lw, bias: t.b, training: true }) },
  { name: 'mseLoss', py: 'F.mse_loss(x, x2)', js: (t) => F.mseLoss(t.x, t.x2) },
  { name: 'mseLoss of linear (float32 target)', py: `F.mse_loss(${LIN}, y5)`, js: (t) => F.mseLoss(lin(t), t.y5) },
  { name: 'crossEntropy', py: 'F.cross_entropy(x, t6)', js: (t) => F.crossEntropy(t.x, t.t6) },
  { name: 'crossEntropy of linear', py: `F.cross_entropy(${LIN}, t5)`, js: (t) => F.crossEntropy(lin(t), t.t5) },
  { name: 'crossEntropy of linear, label smoothing', py: `F.cross_entropy(${LIN}, t5, label_smoothing=0.1)`,
    js: (t) => F.crossEntropy(lin(t), t.t5, { labelSmoothing: 0.1 }) },
  { name: 'binaryCrossEntropyWithLogits', py: 'F.binary_cross_entropy_with_logits(x, p6)', js: (t) => F.binaryCrossEntropyWithLogits(t.x, t.p6) },
  { name: 'binaryCrossEntropyWithLogits of linear', py: `F.binary_cross_entropy_with_logits(${LIN}, p5)`,
    js: (t) => F.binaryCrossEntropyWithLogits(lin(t), t.p5) },
  { name: 'nllLoss', py: 'F.nll_loss(F.log_softmax(x, 1), t6)', js: (t) => F.nllLoss(F.logSoftmax(t.x, 1), t.t6) },
  { name: 'nllLoss of linear', py: `F.nll_loss(${LIN}, t5)`, js: (t) => F.nllLoss(lin(t), t.t5) },
  { name: 'sum', py: 'x.sum()', js: (t) => t.x.sum() },
  { name: 'sum of linear', py: `${LIN}.sum()`, js: (t) => lin(t).sum() },
  { name: 'mean', py: 'x.mean()', js: (t) => t.x.mean() },
  { name: 'mean of linear', py: `${LIN}.mean(1)`, js: (t) => lin(t).mean(1) },
  { name: 'norm', py: 'x.norm()', js: (t) => t.x.norm() },
  { name: 'norm of linear', py: `${LIN}.norm()`, js: (t) => lin(t).norm() },
  { name: 'exp', py: 'x.exp()', js: (t) => t.x.exp() },
  { name: 'exp of linear', py: `${LIN}.exp()`, js: (t) => lin(t).exp() },
  { name: 'float16 + float32', py: 'xh + x', js: (t) => t.xh.add(t.x) },
  { name: 'linear + float32', py: `${LIN} + y5`, js: (t) => lin(t).add(t.y5) },
  { name: 'relu', py: 'F.relu(x)', js: (t) => F.relu(t.x) },
  { name: 'relu of linear', py: `F.relu(${LIN})`, js: (t) => F.relu(lin(t)) },
  { name: 'gelu', py: 'F.gelu(x)', js: (t) => F.gelu(t.x) },
  { name: 'gelu of linear', py: `F.gelu(${LIN})`, js: (t) => F.gelu(lin(t)) },
  { name: 'sigmoid', py: 'torch.sigmoid(x)', js: (t) => F.sigmoid(t.x) },
  { name: 'sigmoid of linear', py: `torch.sigmoid(${LIN})`, js: (t) => F.sigmoid(lin(t)) },
];

const acPy = (dtype: Low, expr: string) => `ac${dtype === 'float16' ? 16 : 'bf'}(lambda: ${expr})`;
const AC_PY = `
def ac16(f):
    with torch.autocast('cpu', dtype=torch.float16):
        return f()
def acbf(f):
    with torch.autocast('cpu', dtype=torch.bfloat16):
        return f()
`;

// PyTorch's output dtypes: one pythonEval, inputs built from the same specs.
const DTYPE_SETUP = `${AC_PY}
${Object.entries(INPUTS).map(([k, s]) => `${k} = torch.tensor(${JSON.stringify(s.data)}, dtype=torch.float64).to(torch.${s.dtype}).reshape(${JSON.stringify(s.shape)})`).join('\n')}
`;
// Also, in the same process: the state outside any region, and what a 'cuda' region does without a GPU.
const PROBE = `
import warnings
def probe():
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        with torch.autocast('cuda'):
            inside = torch.is_autocast_enabled('cuda')
    return [inside, [str(w.message) for w in ws]]
`;
const STATE_EXPRS = ["torch.is_autocast_enabled('cpu')", "str(torch.get_autocast_dtype('cpu'))", "str(torch.get_autocast_dtype('cuda'))"];
const pyAll = pythonEval([...DTYPES.flatMap((d) => ops.map((o) => `str(${acPy(d, o.py)}.dtype).replace('torch.', '')`)), ...STATE_EXPRS, 'probe()'],
  DTYPE_SETUP + PROBE);
const pyDtypes = pyAll.slice(0, DTYPES.length * ops.length);
const pyState = pyAll.slice(DTYPES.length * ops.length, -1);
const pyProbe = pyAll[pyAll.length - 1] as [boolean, string[]];

const inputsOf = (expr: string) => Object.fromEntries(Object.entries(INPUTS).filter(([k]) => new RegExp(`\\b${k}\\b`).test(expr)));

const valueCases: DiffCase[] = DTYPES.flatMap((dtype) => ops.map((o): DiffCase => ({
  name: `${dtype}: ${o.name}`,
  inputs: inputsOf(o.py),
  setup: AC_PY,
  expr: acPy(dtype, o.py),
  grad: true,
  js: (t) => amp.autocast({ device: 'cpu', dtype }, () => o.js(t)),
})));
// Weight reuse: the second use of a Linear's weight hits the cast cache (or not, with cacheEnabled
// false), so its two gradient contributions add up in the low dtype at the cached cast (or in
// float32 at the leaf). A module's parameters, not harness inputs: Python's harness inputs are
// views (a reshape), and PyTorch never caches casts of views.
for (const dtype of DTYPES) {
  for (const cache of [true, false]) {
    valueCases.push({
      name: `${dtype}: a Linear applied twice in one region, cacheEnabled ${cache}`,
      inputs: { x: input([4, 6], { seed: 1 }) }, seed: 0,
      setup: `l = torch.nn.Linear(6, 6)
with torch.autocast('cpu', dtype=torch.${dtype}, cache_enabled=${cache ? 'True' : 'False'}):
  out = l(F.relu(l(x)))
out.float().sum().backward()`,
      expr: '(out, l.weight.grad, l.bias.grad)',
      js: (t) => {
        const l = new nn.Linear(6, 6);
        const out = amp.autocast({ device: 'cpu', dtype, cacheEnabled: cache }, () => l.forward(F.relu(l.forward(t.x) as Tensor)) as Tensor);
        out.float().sum().backward();
        return [out, l.weight.grad!, l.bias!.grad!];
      },
    });
  }
}

// Inside one region: y1 = linear(x, w); w += 1 (in place, without grad); y2 = linear(x, w) in a
// nested region; then, in a new region, y3 = linear(x, w). With the cache, y2 still sees the old
// cast (same as y1) and y3 the new weights; without it, y2 sees the new weights.
const seq = (cache: boolean, dtype: Low) => `
w = w.detach().clone().requires_grad_(True)
with torch.autocast('cpu', dtype=torch.${dtype}, cache_enabled=${cache ? 'True' : 'False'}):
  y1 = F.linear(x, w)
  with torch.no_grad():
      w.add_(1.0)
  with torch.autocast('cpu', dtype=torch.${dtype}):
      y2 = F.linear(x, w)
with torch.autocast('cpu', dtype=torch.${dtype}):
  y3 = F.linear(x, w)
`;
const jsSeq = (t: Ts, cache: boolean, dtype: Low) => {
  const w = t.w.detach().clone().requiresGrad_(true);
  let y1!: Tensor;
  let y2!: Tensor;
  amp.autocast({ device: 'cpu', dtype, cacheEnabled: cache }, () => {
    y1 = F.linear(t.x, w);
    torch.noGrad(() => w.add_(1));
    y2 = amp.autocast({ device: 'cpu', dtype }, () => F.linear(t.x, w));
  });
  const y3 = amp.autocast({ device: 'cpu', dtype }, () => F.linear(t.x, w));
  return [y1, y2, y3];
};
const cacheCases: DiffCase[] = DTYPES.flatMap((dtype) => [true, false].map((cache): DiffCase => ({
  name: `${dtype}, cacheEnabled ${cache}`,
  inputs: { x: INPUTS.x, w: INPUTS.w }, setup: seq(cache, dtype), expr: '(y1, y2, y3)',
  js: (t) => jsSeq(t, cache, dtype),
})));
// After a region whose fn threw, the cache is still cleared when the outermost region exits.
cacheCases.push({
  name: 'float16, after a region that threw and a rejected option',
  inputs: { x: INPUTS.x, w: INPUTS.w }, setup: seq(true, 'float16'), expr: '(y1, y2, y3)',
  js: (t) => {
    expect(() => amp.autocast({ device: 'cpu', dtype: 'float16' }, () => amp.autocast({ device: 'cpu' }, () => {
      F.linear(t.x, t.w);
      throw new Error('boom');
    }))).toThrow('boom');
    expect(() => amp.autocast({ device: 'cpu', cacheEnabled: 'yes' as never }, () => F.linear(t.x, t.w))).toThrow(TypeError);
    return jsSeq(t, true, 'float16');
  },
});

// One Python process for every value case.
const diff = runDiff([...valueCases, ...cacheCases]);

describe('output dtypes under autocast equal PyTorch\'s', () => {
  DTYPES.forEach((dtype, di) => {
    it(`${dtype}: ${ops.length} ops`, () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      torch.tidy(() => {
        const t = Object.fromEntries(Object.entries(INPUTS).map(([k, s]) => [k, toTensor(s)]));
        ops.forEach((o, i) => {
          want[o.name] = JSON.stringify(pyDtypes[di * ops.length + i]);
          got[o.name] = JSON.stringify(amp.autocast({ device: 'cpu', dtype }, () => o.js(t)).dtype);
        });
      });
      expect(got).toEqual(want);
      // The table is not trivial: both low precision and float32 outputs occur.
      expect(Object.values(want)).toContain(JSON.stringify(dtype));
      expect(Object.values(want)).toContain('"float32"');
    });
  });
});

describe('values and float32 gradients under autocast equal PyTorch\'s', () => {
  for (const c of valueCases) it(c.name, diff.get(c.name)!);

  it('gradients of float32 leaves are float32', () => {
    torch.tidy(() => {
      const t = Object.fromEntries(Object.entries(INPUTS).map(([k, s]) => [k, toTensor(s)]));
      amp.autocast({ device: 'cpu', dtype: 'float16' }, () => F.crossEntropy(F.relu(lin(t)), t.t5)).backward();
      for (const k of ['x', 'w', 'b']) expect(t[k].grad!.dtype, k).toBe('float32');
    });
  });
});

describe('the weight cache lives as long as the outermost region', () => {
  for (const c of cacheCases) it(c.name, diff.get(c.name)!);

  it('the cached cast is really reused (y2 equals y1) and dropped at the outermost exit (y3 differs)', () => {
    torch.tidy(() => {
      const t = { x: toTensor(INPUTS.x), w: toTensor(INPUTS.w) };
      const [y1, y2, y3] = jsSeq(t, true, 'float16');
      expect(y2.equal(y1)).toBe(true);
      expect(y3.equal(y1)).toBe(false);
      const [z1, z2] = jsSeq(t, false, 'float16');
      expect(z2.equal(z1)).toBe(false);
    });
  });
});

describe('autocast state', () => {
  const state = () => [amp.isAutocastEnabled('cpu'), amp.getAutocastDtype('cpu')] as const;
  const lowDtype = (x: Tensor, w: Tensor) => F.linear(x, w).dtype;
  const x = torch.keep(torch.randn([2, 3]));
  const w = torch.keep(torch.randn([4, 3]));

  it('outside any region: off, CPU dtype bfloat16 and CUDA dtype float16 (libtorch defaults, as PyTorch)', () => {
    const py = pyState;
    expect([amp.isAutocastEnabled('cpu'), `torch.${amp.getAutocastDtype('cpu')}`, `torch.${amp.getAutocastDtype('cuda')}`]).toEqual(py);
    expect(amp.isAutocastEnabled('cuda:0')).toBe(false);
    expect(lowDtype(x, w)).toBe('float32');
  });

  it('nesting restores the outer dtype and enabled state', () => {
    const trace: unknown[] = [];
    amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      trace.push([...state(), lowDtype(x, w)]);
      amp.autocast({ device: 'cpu', dtype: 'bfloat16' }, () => {
        trace.push([...state(), lowDtype(x, w)]);
        amp.autocast({ device: 'cpu' }, () => trace.push([...state(), lowDtype(x, w)])); // dtype defaults to the current one
      });
      trace.push([...state(), lowDtype(x, w)]);
    });
    trace.push([...state(), lowDtype(x, w)]);
    expect(trace).toEqual([
      [true, 'float16', 'float16'],
      [true, 'bfloat16', 'bfloat16'],
      [true, 'bfloat16', 'bfloat16'],
      [true, 'float16', 'float16'],
      [false, 'bfloat16', 'float32'],
    ]);
  });

  it('enabled:false inside an enabled region turns autocast off for its ops, and back on after', () => {
    const trace: unknown[] = [];
    amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      amp.autocast({ device: 'cpu', enabled: false }, () => {
        trace.push([...state(), lowDtype(x, w)]);
        // Inputs from the enclosing region must be cast by hand inside (PyTorch's advice): float16 meets float32.
        const h = F.linear(x, w);
        expect(h.dtype).toBe('float32');
      });
      trace.push([...state(), lowDtype(x, w)]);
    });
    expect(trace).toEqual([[false, 'float16', 'float32'], [true, 'float16', 'float16']]);
    expect(state()).toEqual([false, 'bfloat16']);
  });

  it('state is restored when fn throws, and the error comes through unchanged', () => {
    const err = new RangeError('inner failure');
    expect(() => amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      amp.autocast({ device: 'cpu', dtype: 'bfloat16', enabled: false }, () => { throw err; });
    })).toThrow(err);
    expect(state()).toEqual([false, 'bfloat16']);
    // Inside an enclosing region, the enclosing state comes back.
    amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      expect(() => amp.autocast({ device: 'cpu', dtype: 'bfloat16' }, () => { throw err; })).toThrow(err);
      expect(state()).toEqual([true, 'float16']);
    });
  });

  it('an async fn or a fn returning a Promise throws a TypeError and leaves the state restored', async () => {
    let ran = false;
    expect(() => amp.autocast({ device: 'cpu', dtype: 'float16' }, async () => { ran = true; })).toThrow(TypeError);
    expect(ran).toBe(false);
    expect(state()).toEqual([false, 'bfloat16']);
    let seen: unknown;
    expect(() => amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      seen = state();
      return Promise.resolve(1);
    })).toThrow(/fn must be synchronous/);
    expect(seen).toEqual([true, 'float16']);
    expect(state()).toEqual([false, 'bfloat16']);
    // A thenable is a promise too.
    expect(() => amp.autocast({ device: 'cpu' }, () => ({ then() {} }))).toThrow(TypeError);
    amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      expect(() => amp.autocast({ device: 'cpu', dtype: 'bfloat16' }, async () => 1)).toThrow(TypeError);
      expect(state()).toEqual([true, 'float16']);
    });
    expect(state()).toEqual([false, 'bfloat16']);
    await Promise.resolve();
  });

  it('returns fn\'s result', () => {
    const out = amp.autocast({ device: 'cpu', dtype: 'bfloat16' }, () => ({ y: F.linear(x, w), n: 3 }));
    expect(out.n).toBe(3);
    expect(out.y.dtype).toBe('bfloat16');
    out.y.dispose();
  });

  it.skipIf(torch.cuda.isAvailable())("device 'cuda' without a GPU warns and runs fn without autocast, as PyTorch", async () => {
    const [inside, pyWarnings] = pyProbe;
    expect(inside).toBe(false);
    expect(pyWarnings.some((m) => /CUDA is not available.*Disabling/.test(m))).toBe(true);

    const seen: string[] = [];
    // The CPU float16 warning of an earlier test may be delivered late (warnings are emitted on a later tick).
    const listener = (wr: Error) => {
      if ((wr as Error & { code?: string }).code !== 'TORCHTS_CPU_FLOAT16_AUTOCAST') seen.push(`${wr.name}: ${wr.message}`);
    };
    process.on('warning', listener);
    let trace: unknown[];
    try {
      trace = amp.autocast({ device: 'cuda', dtype: 'float16' }, () => [amp.isAutocastEnabled('cuda'), amp.isAutocastEnabled('cpu'), lowDtype(x, w)]);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    expect(trace).toEqual([inside, false, 'float32']);
    expect(seen.length).toBe(1);
    expect(seen[0]).toMatch(/^UserWarning: .*CUDA is not available.*Disabling/);
    expect(amp.isAutocastEnabled('cuda')).toBe(false);
    // enabled:false asks for nothing, so there is nothing to warn about.
    seen.length = 0;
    process.on('warning', listener);
    try {
      amp.autocast({ device: 'cuda', enabled: false }, () => 0);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    expect(seen).toEqual([]);
  });

  it('bad options get messages naming the option, and leave the state as it was', () => {
    const bad: [unknown, RegExp | string][] = [
      [{ device: 'gpu' }, "autocast(): expected device to be 'cpu' or 'cuda', but received 'gpu'"],
      [{}, "autocast(): expected device to be 'cpu' or 'cuda', but received undefined"],
      [{ device: 'cpu', dtype: 'float32' }, "autocast(): expected dtype to be 'float16' or 'bfloat16', but received 'float32'"],
      [{ device: 'cpu', enabled: 1 }, 'autocast(): expected enabled to be a boolean, but received 1'],
      [{ device: 'cpu', cacheEnabled: 'yes' }, "autocast(): expected cacheEnabled to be a boolean, but received 'yes'"],
      [{ device: 'cpu', dtyp: 'float16' }, "autocast(): unknown option 'dtyp'. Did you mean 'dtype'?"],
      [null, 'autocast(): expected options to be an object, but received null'],
    ];
    for (const [options, message] of bad) {
      let ran = false;
      expect(() => amp.autocast(options as amp.AutocastOptions, () => { ran = true; }), JSON.stringify(options)).toThrow(message);
      expect(ran, JSON.stringify(options)).toBe(false);
      expect(state(), JSON.stringify(options)).toEqual([false, 'bfloat16']);
      expect(lowDtype(x, w), JSON.stringify(options)).toBe('float32');
    }
    expect(() => amp.autocast({ device: 'cpu' }, 5 as never)).toThrow('autocast(): expected fn to be a function, but received 5');
    expect(() => amp.isAutocastEnabled('tpu' as never)).toThrow("isAutocastEnabled(): expected device to be 'cpu' or 'cuda'");
    expect(() => amp.getAutocastDtype('mps' as never)).toThrow("getAutocastDtype(): expected device to be 'cpu' or 'cuda'");
    // Inside a region, a rejected nested region leaves the enclosing state.
    amp.autocast({ device: 'cpu', dtype: 'float16' }, () => {
      expect(() => amp.autocast({ device: 'cpu', dtype: 'bfloat16', cacheEnabled: 0 as never }, () => 0)).toThrow('cacheEnabled');
      expect(state()).toEqual([true, 'float16']);
    });
  });
});
