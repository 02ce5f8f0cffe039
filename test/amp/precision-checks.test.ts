// amp.Precision (Lightning-style precision modes) and the dtype checks: assertDtype, dtypeReport,
// checkStep.
//
// Compared exactly with PyTorch: six training steps in every mode (model conversion, input
// conversion, autocast forward, scaled backward, unscale + clip + step + update for '16-mixed'):
// the loss sequence and the final weights, against Python doing what the mode stands for
// (torch.autocast for the mixed modes, torch.amp.GradScaler('cpu') for '16-mixed', model.to(dtype)
// and input.to(dtype) for the true modes; SGD with fused=True as torchts's SGD). Same kernels and
// thread count, so bit-identical. Lightning itself is not installed, so its mode semantics are the
// documented ones, not compared.
// Not compared with Python (torchts-only API): dtype tables of convertModule/convertInput/forward,
// the '16-true' warning, the messages of assertDtype, the rows of dtypeReport, and what checkStep
// finds (kinds, module names, wording); checkStep's promise to leave the model as it was is checked
// bit for bit (weights, BatchNorm running statistics and step counter, gradients, parameter
// identity, hooks removed).
import { describe, expect, it } from 'vitest';
import { type Tensor, amp, nn, optim, torch } from '../../lib/index.js';
import { expectTensor, input, pythonRef, toTensor } from '../helpers/reference.js';

// Single-threaded on both sides (the harness hands Python this count): on these tiny tensors each
// parallel region of a float16/bfloat16 kernel costs milliseconds on this machine.
torch.setNumThreads(1);

const F = nn.functional;
const X = input([16, 6], { seed: 31 });
const Y = input([16], { dtype: 'int64', lo: 0, hi: 3, seed: 32 });
const STEPS = 6;

const makeModel = () => {
  torch.manualSeed(0);
  return new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
};

async function warningsDuring<T>(fn: () => T): Promise<[T, string[]]> {
  await new Promise((r) => setImmediate(r)); // earlier tests' warnings are emitted on a later tick
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(w.message);
  process.on('warning', listener);
  try {
    const out = fn();
    await new Promise((r) => setImmediate(r));
    return [out, seen];
  } finally {
    process.off('warning', listener);
  }
}

const PY_TRAIN = `
def trainp(mode, steps):
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    low = {'16-true': torch.float16, 'bf16-true': torch.bfloat16}.get(mode)
    ac = {'16-mixed': torch.float16, 'bf16-mixed': torch.bfloat16}.get(mode)
    if low is not None:
        m.to(low)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, fused=True)
    scaler = torch.amp.GradScaler('cpu') if mode == '16-mixed' else None
    xi = x.to(low) if low is not None else x
    losses = []
    for i in range(steps):
        opt.zero_grad()
        if ac is not None:
            with torch.autocast('cpu', dtype=ac):
                loss = F.cross_entropy(m(xi), y)
        else:
            loss = F.cross_entropy(m(xi), y)
        losses.append(loss.detach().float())
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
            scaler.step(opt)
            scaler.update()
        else:
            loss.backward()
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
            opt.step()
    return (torch.stack(losses), *m.state_dict().values())
`;

const ref = pythonRef(amp.PRECISION_MODES.map((mode) => ({ inputs: { x: X, y: Y }, setup: PY_TRAIN, expr: `trainp('${mode}', ${STEPS})` })));

const EXPECT: Record<amp.PrecisionMode, { param: string; out: string; scaler: boolean }> = {
  '32-true': { param: 'float32', out: 'float32', scaler: false },
  '16-mixed': { param: 'float32', out: 'float16', scaler: true },
  'bf16-mixed': { param: 'float32', out: 'bfloat16', scaler: false },
  '16-true': { param: 'float16', out: 'float16', scaler: false },
  'bf16-true': { param: 'bfloat16', out: 'bfloat16', scaler: false },
};

describe('Precision modes on CPU', () => {
  amp.PRECISION_MODES.forEach((mode, i) => {
    it(`${mode}: convertModule, convertInput, forward dtypes`, async () => {
      const [p, warnings] = await warningsDuring(() => new amp.Precision(mode, { device: 'cpu' }));
      const e = EXPECT[mode];
      expect(warnings.some((w) => w.startsWith("precision '16-true' trains float16 weights without a GradScaler")), 'the 16-true warning').toBe(mode === '16-true');
      expect(p.paramDtype).toBe(e.param);
      expect(p.scaler !== null).toBe(e.scaler);
      expect(p.scaler?.device ?? null).toBe(e.scaler ? 'cpu' : null);
      const m = new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.Linear(8, 3));
      expect(p.convertModule(m)).toBe(m);
      const report = amp.dtypeReport(m).rows.map((r) => [r.kind, r.dtype, r.count]);
      expect(report).toEqual([['parameter', e.param, 6], ['buffer', e.param, 2], ['buffer', 'int64', 1]]);
      torch.tidy(() => {
        const x = toTensor(X);
        const xi = p.convertInput(x);
        expect(xi.dtype).toBe(e.param);
        if (e.param === 'float32') expect(xi).toBe(x);
        const labels = toTensor(Y);
        expect(p.convertInput(labels)).toBe(labels);
        const out = p.forward(() => m.forward(xi) as Tensor);
        expect(out.dtype).toBe(e.out);
        // Autocast is on only inside forward, and only in mixed modes.
        expect(p.forward(() => amp.isAutocastEnabled('cpu'))).toBe(mode.endsWith('mixed'));
        expect(amp.isAutocastEnabled('cpu')).toBe(false);
      });
    });

    it(`${mode}: ${STEPS} steps (backward, unscale + clip, step) equal PyTorch's exactly`, () => {
      const p = new amp.Precision(mode, { device: 'cpu' });
      const m = p.convertModule(makeModel());
      const opt = new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
      const losses: number[] = [];
      const stepped: boolean[] = [];
      torch.tidy(() => {
        const [x, y] = [p.convertInput(toTensor(X)), toTensor(Y)];
        for (let s = 0; s < STEPS; s++) {
          torch.tidy(() => {
            opt.zeroGrad();
            const loss = p.forward(() => F.crossEntropy(m.forward(x) as Tensor, y));
            losses.push(loss.float().item());
            p.backward(loss);
            stepped.push(p.step(opt, { clip: () => nn.utils.clipGradNorm(m.parameters(), 1.0) }));
          });
        }
      });
      const r = ref[i];
      if (r.error) throw new Error(`PyTorch raised ${r.error}`);
      const [pyLosses, ...weights] = r.out!;
      expect(losses).toEqual(pyLosses!.data);
      expect(stepped).toEqual(Array(STEPS).fill(true));
      Object.values(m.stateDict()).forEach((w, k) => expectTensor(w, weights[k], {}, `${mode} weight ${k}`));
      if (mode === '32-true' || mode.endsWith('mixed')) {
        expect(losses[STEPS - 1], `${mode}: the loss decreases`).toBeLessThan(losses[0] * 0.9);
      }
      if (p.scaler) expect(p.scaler.getScale()).toBe(65536);
    });
  });

  it('a bad mode is rejected, naming the modes', () => {
    expect(() => new amp.Precision('8-true' as amp.PrecisionMode)).toThrow(
      "Precision(): expected mode to be '32-true', '16-mixed', 'bf16-mixed', '16-true', 'bf16-true', but received '8-true'");
    expect(() => new amp.Precision('16' as amp.PrecisionMode)).toThrow(TypeError);
  });

  it("'16-mixed' step skips on inf gradients and lowers the scale; without clip there is no unscale_ before step", () => {
    const p = new amp.Precision('16-mixed', { device: 'cpu', scaler: { initScale: 1024 } });
    const m = makeModel();
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    torch.tidy(() => {
      const before = m.parameters().map((q) => q.clone());
      const loss = p.forward(() => F.crossEntropy(m.forward(toTensor(X).mul(Infinity)) as Tensor, toTensor(Y)));
      p.backward(loss);
      expect(p.step(opt)).toBe(false);
      m.parameters().forEach((q, k) => expect(q.equal(before[k])).toBe(true));
      expect(p.scaler!.getScale()).toBe(512);
      expect(opt.stepAttempts).toBe(1);
    });
  });
});

describe('assertDtype', () => {
  it('says what the tensor is, what was expected, and how to convert', () => {
    torch.tidy(() => {
      const x = torch.zeros([2]);
      expect(() => amp.assertDtype(x, 'float32')).not.toThrow();
      expect(() => amp.assertDtype(x, 'float16', 'x')).toThrow(new TypeError("x is float32, expected float16: convert it with x.to('float16')"));
      expect(() => amp.assertDtype(x.half(), 'bfloat16')).toThrow("tensor is float16, expected bfloat16: convert it with tensor.to('bfloat16')");
      expect(() => amp.assertDtype(x, 'float17' as never)).toThrow("assertDtype(): expected dtype to be one of 'float32'");
      expect(() => amp.assertDtype([1, 2] as never, 'float16', 'batch')).toThrow('assertDtype(): expected batch to be a Tensor, but received');
    });
  });
});

describe('dtypeReport', () => {
  it('after model.half(), and after a backward', () => {
    torch.tidy(() => {
      const m = new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 3)).half();
      const names = ['0.weight', '0.bias', '2.weight', '2.bias'];
      expect(amp.dtypeReport(m).rows).toEqual([{ kind: 'parameter', dtype: 'float16', device: 'cpu', count: 4, numel: 83, names }]);
      (m.forward(torch.ones([2, 6]).half()) as Tensor).sum().backward();
      const r = amp.dtypeReport(m);
      expect(r.rows).toEqual([
        { kind: 'parameter', dtype: 'float16', device: 'cpu', count: 4, numel: 83, names },
        { kind: 'gradient', dtype: 'float16', device: 'cpu', count: 4, numel: 83, names },
      ]);
      expect(String(r).split('\n')).toEqual([
        'kind       dtype    device  tensors  elements  names',
        'parameter  float16  cpu     4        83        0.weight, 0.bias, 2.weight, … (1 more)',
        'gradient   float16  cpu     4        83        0.weight, 0.bias, 2.weight, … (1 more)',
      ]);
    });
  });

  it('a float32 model trained under autocast keeps float32 parameters and gradients; buffers by dtype', () => {
    torch.tidy(() => {
      const m = new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.Linear(8, 3));
      amp.autocast({ device: 'cpu', dtype: 'float16' }, () => F.crossEntropy(m.forward(torch.randn([4, 6])) as Tensor, torch.tensor([0, 1, 2, 0], { dtype: 'int64' })))
        .backward();
      const rows = amp.dtypeReport(m).rows;
      expect(rows.map((r) => [r.kind, r.dtype, r.count, r.numel])).toEqual([
        ['parameter', 'float32', 6, 6 * 8 + 8 + 8 + 8 + 8 * 3 + 3],
        ['gradient', 'float32', 6, 6 * 8 + 8 + 8 + 8 + 8 * 3 + 3],
        ['buffer', 'float32', 2, 16],
        ['buffer', 'int64', 1, 1],
      ]);
      expect(rows[2].names).toEqual(['1.running_mean', '1.running_var']);
    });
  });
});

/** A module that returns log of negative numbers: NaN everywhere. */
class NegLog extends nn.Module {
  forward(x: Tensor): Tensor {
    return x.abs().add(1).neg().log();
  }
}

describe('checkStep', () => {
  const x = torch.keep(toTensor(X));
  const y = torch.keep(toTensor(Y));
  const model = () => new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 3));
  const check = (o: Partial<amp.CheckStepOptions> & { model: nn.Module }) =>
    amp.checkStep({ input: x, target: y, loss: F.crossEntropy, ...o });
  const kinds = (r: amp.StepReport) => r.issues.map((i) => [i.kind, i.module ?? null]);

  it('a healthy model: ok in every mode, and the loss is the one a plain step computes', () => {
    for (const mode of ['32-true', '16-mixed', 'bf16-mixed'] as const) {
      const m = model();
      const r = check({ model: m, precision: mode });
      expect(r.issues, mode).toEqual([]);
      expect(r.ok).toBe(true);
      const p = new amp.Precision(mode);
      const loss = torch.tidy(() => p.forward(() => F.crossEntropy(m.forward(x) as Tensor, y)).float().item());
      expect(r.loss, mode).toBe(loss);
      expect(r.modules.map((q) => q.name)).toEqual(['0', '1', '2', '']);
      expect(r.modules[0].outputDtype).toBe(mode === '32-true' ? 'float32' : mode === '16-mixed' ? 'float16' : 'bfloat16');
      expect(String(r)).toBe(`checkStep (${mode}): no problems found, loss ${loss}`);
    }
  });

  it("float16 meeting float32: a half model fed a float32 input outside autocast -> 'dtype-mismatch' naming the module", () => {
    const r = check({ model: model().half() });
    expect(kinds(r)).toEqual([['dtype-mismatch', '0']]);
    expect(r.issues[0].message).toMatch(/^float16 met float32 in '0': .*Run the forward pass under autocast \(precision '16-mixed'\)/);
    expect(r.ok).toBe(false);
    expect(r.loss).toBeNull();
    // Nested: the innermost module is named.
    const nested = new nn.Sequential(new nn.Linear(6, 6), new nn.Sequential(new nn.ReLU(), new nn.Linear(6, 3).half()));
    expect(kinds(check({ model: nested }))).toEqual([['dtype-mismatch', '1.1']]);
  });

  it("a target whose dtype does not fit -> 'loss-error'", () => {
    torch.tidy(() => {
      const r = check({ model: model(), target: y.int() });
      expect(kinds(r)).toEqual([['loss-error', null]]);
      expect(r.issues[0].message).toBe('the loss failed: crossEntropy(): target holds class indices as int32; they must be int64: use target.long()');
    });
  });

  it("inf/NaN first appearing in a module -> 'non-finite-activation' naming it", () => {
    const r = check({ model: new nn.Sequential(new nn.Linear(6, 8), new NegLog(), new nn.Linear(8, 3)) });
    expect(kinds(r)).toEqual([['non-finite-activation', '1'], ['non-finite-loss', null]]);
    expect(r.issues[0].message).toBe("inf/NaN first appears in the output of '1'; check its input and weights.");
    expect(r.modules.map((q) => [q.name, q.type, q.finite])).toEqual([['0', 'Linear', true], ['1', 'NegLog', false], ['2', 'Linear', false], ['', 'Sequential', false]]);
    expect(r.loss).toBeNaN();
  });

  it("activations above 65504 -> 'fp16-overflow-risk' naming the module ('16-mixed'; also as a risk in '32-true'; none in 'bf16-mixed')", () => {
    const m = model();
    torch.noGrad(() => (m.at(0) as nn.Linear).weight.mul_(1e5));
    // The float32 activations really exceed float16's range.
    const max32 = torch.tidy(() => torch.noGrad(() => (m.at(0) as nn.Linear).forward(x).abs().max().item()));
    expect(max32).toBeGreaterThan(amp.FLOAT16_MAX);
    const mixed = check({ model: m, precision: '16-mixed' });
    expect(mixed.issues.filter((i) => i.kind === 'fp16-overflow-risk').map((i) => i.module)).toEqual(['0']);
    expect(mixed.issues.find((i) => i.kind === 'fp16-overflow-risk')!.message).toMatch(/^activations of '0' \(Linear\) .*65504/);
    const full = check({ model: m, precision: '32-true' });
    expect(full.issues.filter((i) => i.kind === 'fp16-overflow-risk').map((i) => i.module)).toContain('0');
    expect(full.issues.every((i) => i.kind === 'fp16-overflow-risk')).toBe(true);
    expect(check({ model: m, precision: 'bf16-mixed' }).issues).toEqual([]);
  });

  it("half parameters with '16-mixed' -> 'half-parameters'", () => {
    const r = check({ model: model().half(), precision: '16-mixed' });
    expect(kinds(r)).toEqual([['half-parameters', null]]);
    expect(r.issues[0].message).toMatch(/^4 parameters are float16 while 16-mixed keeps float32 master weights/);
  });

  it("half or bfloat16 parameters with 'bf16-mixed' -> 'half-parameters' (not only under a GradScaler), once", () => {
    for (const [m, dtype] of [[model().half(), 'float16'], [model().bfloat16(), 'bfloat16']] as const) {
      const r = check({ model: m, precision: 'bf16-mixed' });
      expect(kinds(r), dtype).toEqual([['half-parameters', null]]);
      expect(r.issues[0].message).toBe(`4 parameters are ${dtype} while bf16-mixed keeps float32 master weights, and small updates round away in ` +
        "low precision: keep the model in float32 (do not call model.half() or model.bfloat16()); to train bfloat16 weights on purpose, use precision 'bf16-true'.");
    }
  });

  it('leaves weights, BatchNorm running statistics and gradients exactly as they were, in every mode and on failure', () => {
    const m = new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3));
    // Some history: running statistics moved, gradients present on some parameters only.
    torch.tidy(() => {
      for (let i = 0; i < 2; i++) (m.forward(x.mul(i + 1)) as Tensor).sum();
      F.crossEntropy(m.forward(x) as Tensor, y).backward();
    });
    (m.at(3) as nn.Linear).bias!.grad = null;
    const params = m.parameters();
    const snapshot = () => torch.tidy(() => ({
      state: Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, torch.keep(t.clone())])),
      grads: m.parameters().map((p) => { const g = p.grad; return g === null ? null : torch.keep(g.clone()); }),
    }));
    const before = snapshot();
    expect(Number(before.state['1.num_batches_tracked'].item())).toBe(3);
    const runs: [string, () => amp.StepReport, (string | null)[][]][] = [
      ['32-true', () => check({ model: m }), []],
      ['16-mixed', () => check({ model: m, precision: '16-mixed' }), []],
      ['bf16-true (input converted, model not)', () => check({ model: m, precision: 'bf16-true' }), [['dtype-mismatch', '0']]],
      ['loss error', () => check({ model: m, target: y.int() }), [['loss-error', null]]],
      ['NaN input', () => check({ model: m, input: x.mul(NaN) }), [['non-finite-activation', '0'], ['non-finite-loss', null]]],
    ];
    for (const [name, run, want] of runs) {
      const r = torch.tidy(run);
      expect(kinds(r), `${name}: what it found`).toEqual(want);
      const after = snapshot();
      for (const k of Object.keys(before.state)) expect(after.state[k].equal(before.state[k]), `${name}: ${k}`).toBe(true);
      after.grads.forEach((g, k) => {
        if (before.grads[k] === null) expect(g, `${name}: grad ${k} stays null`).toBeNull();
        else expect(g!.equal(before.grads[k]!), `${name}: grad ${k}`).toBe(true);
      });
      expect(m.parameters().every((p, k) => p === params[k]), `${name}: same parameter objects`).toBe(true);
      expect(Object.hasOwn(m, 'forward') || m.modules().some((q) => Object.hasOwn(q, 'forward')), `${name}: hooks removed`).toBe(false);
      expect(m.training).toBe(true);
      for (const t of [...Object.values(after.state), ...after.grads]) t?.dispose();
    }
    // Control: a real training step does change the running statistics, so the comparison can fail.
    torch.tidy(() => (m.forward(x.mul(3)) as Tensor).sum());
    expect(torch.tidy(() => (m.at(1) as nn.BatchNorm1d).runningMean!.equal(before.state['1.running_mean']))).toBe(false);
  });
});
