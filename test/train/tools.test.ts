// The Trainer's tuning tools: lrFind (schedule, suggestions against fastai's rules, early stop on
// divergence, AMP and accumulation, exact restoration), overfitBatch (a working model passes, a model
// that ignores its input fails, the accumulate × batch rule, restoration) and diagnose (sections and
// their aggregation). Restoration is compared bit for bit: the same operations run in the same order.
import { describe, expect, it } from 'vitest';
import { type Tensor, Trainer, nn, optim, suggestLr, torch } from '../../lib/index.js';
import { TestLoader, toyData } from './helpers.js';

const F = nn.functional;
const mlp = () => new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 4));

function weights(m: nn.Module): number[][] {
  return torch.tidy(() => Object.values(m.stateDict()).map((t) => Array.from(t.float().data() as Float32Array)));
}

function optimizerState(o: optim.Optimizer<object>): { state: number[][]; groups: string } {
  return torch.tidy(() => {
    const sd = o.stateDict();
    return { state: Object.values(sd.state).flatMap((s) => Object.values(s).map((t) => Array.from(t.double().data() as Float64Array))),
      groups: JSON.stringify(sd.paramGroups) };
  });
}

function expectSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+L/);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg.match(/<svg/g)).toHaveLength(1);
}

/** A model whose output ignores its input: one learned logit vector for every sample. */
class ConstantLogits extends nn.Module {
  logits = new nn.Parameter(torch.zeros([4]));
  forward(x: Tensor): Tensor {
    return this.logits.unsqueeze(0).expand([x.shape[0], 4]);
  }
}

describe('lrFind', () => {
  it('raises the rate geometrically, suggests finite ordered rates, and restores model, optimizer and generator exactly', async () => {
    const { x, y } = toyData(128);
    const dropoutModel = () => new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 4));
    const setup = () => {
      torch.manualSeed(3);
      const model = dropoutModel();
      const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
      const scheduler = new optim.lr.StepLR(optimizer, { stepSize: 3, gamma: 0.5 });
      const seen: number[] = [];
      const loss = (out: Tensor, t: Tensor) => { seen.push(optimizer.paramGroups[0].lr); return F.crossEntropy(out, t); };
      return { model, optimizer, scheduler, seen, trainer: new Trainer({ model, optimizer, scheduler, loss }) };
    };
    const a = setup();
    await a.trainer.fit(new TestLoader(x, y, 32)); // Adam state and a scheduled rate (5e-4 after 3 of 4 steps) to restore
    const before = {
      w: weights(a.model), opt: optimizerState(a.optimizer), sched: JSON.stringify(a.scheduler.stateDict()),
      live: torch.memory().liveTensors,
    };
    expect(a.optimizer.paramGroups[0].lr).toBe(5e-4);
    a.seen.length = 0;
    const r = await a.trainer.lrFind(new TestLoader(x, y, 32));

    expect(r.stopReason).toBe('diverged'); // Adam blows up well before lr = 10
    const n = r.lrs.length;
    expect(n).toBeGreaterThan(60);
    r.lrs.forEach((lr, i) => expect(lr).toBeCloseTo(1e-7 * 1e8 ** (i / 99), 20));
    expect(a.seen).toEqual(r.lrs); // each step trained at its own rate (one micro-batch per step)
    expect(r.losses).toHaveLength(n);
    // The smoothed loss is fastai's bias-corrected moving average.
    let avg = 0;
    r.losses.forEach((l, i) => { avg = 0.98 * avg + 0.02 * l; expect(r.smoothed[i]).toBeCloseTo(avg / (1 - 0.98 ** (i + 1)), 12); });
    const { steepest, valley, minimumDiv10 } = r.suggestions;
    for (const s of [steepest, valley, minimumDiv10]) {
      expect(Number.isFinite(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(1e-7);
      expect(s).toBeLessThanOrEqual(10);
    }
    expect(r.suggestion).toBe(valley);
    expect(minimumDiv10).toBeCloseTo(r.minimum.lr / 10, 15);
    expect(minimumDiv10).toBeLessThan(r.minimum.lr);
    expect(valley).toBeLessThan(r.minimum.lr);
    expect(steepest).toBeLessThanOrEqual(r.minimum.lr);
    expect(r.minimum.loss).toBe(Math.min(...r.smoothed.slice(10, n - 5)));
    expect(r.reasoning[0]).toMatch(new RegExp(`^Stopped after ${n} of 100 steps, at lr=.*passed 4 × its best`));
    expect(r.reasoning.join('\n')).toMatch(/steepest: the smoothed loss falls fastest at lr=\d\.\de-?\d+ \(slope -[\d.]+ per decade/);
    expect(r.reasoning.join('\n')).toMatch(/valley: the longest stretch of falling loss runs from lr=/);
    expect(r.reasoning.join('\n')).toMatch(/minimumDiv10: the smoothed loss is lowest/);

    // Exactly as before, and a fit afterwards trains as if lrFind never ran (weights, Adam state, dropout masks).
    expect(weights(a.model)).toEqual(before.w);
    expect(optimizerState(a.optimizer)).toEqual(before.opt);
    expect(a.optimizer.paramGroups[0].lr).toBe(5e-4);
    expect(JSON.stringify(a.scheduler.stateDict())).toBe(before.sched);
    expect(a.trainer.globalStep).toBe(4);
    expect(torch.memory().liveTensors).toBe(before.live);
    expect(a.model.training).toBe(true);
    await a.trainer.fit(new TestLoader(x, y, 32));
    const b = setup();
    await b.trainer.fit(new TestLoader(x, y, 32));
    await b.trainer.fit(new TestLoader(x, y, 32));
    expect(weights(a.model)).toEqual(weights(b.model));
    expect(optimizerState(a.optimizer)).toEqual(optimizerState(b.optimizer));
  });

  it('stops early on divergence, and draws the curve as SVG and for the terminal', async () => {
    const { x, y } = toyData(64);
    torch.manualSeed(0);
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const r = await trainer.lrFind(new TestLoader(x, y, 16), { minLr: 1e-4, maxLr: 1e4, steps: 60 });
    expect(['diverged', 'non-finite']).toContain(r.stopReason);
    expect(r.lrs.length).toBeLessThan(60);
    const last = r.smoothed.at(-1)!;
    expect(!Number.isFinite(last) || last > 4 * Math.min(...r.smoothed.slice(0, -1))).toBe(true);
    expect(r.smoothed.slice(0, -1).every((s, i) => s <= 4 * Math.min(...r.smoothed.slice(0, i + 1)))).toBe(true); // not a step too late

    const svg = r.svg();
    expectSvg(svg);
    expect(svg).toContain(`valley ${r.suggestions.valley.toExponential(1)}`);
    expect(svg).toMatch(/>1e-3<\/text>/); // log-x ticks at powers of ten
    expect(svg.match(/<circle /g)!.length).toBe(2); // dots on the curve at valley and steepest
    const plot = r.plot();
    expect(plot).toMatch(/┤/);
    expect(plot).toMatch(/1e-3/);
    expect(plot).toContain(`A: valley ${r.suggestions.valley.toExponential(1)}`);
    expect(plot).toContain('x: learning rate (log scale)');
  });

  it('works in bf16-mixed and with accumulateGradBatches 2, where a step averages its micro-batch losses', async () => {
    const { x, y } = toyData(64);
    torch.manualSeed(1);
    const m1 = mlp();
    const bf16 = new Trainer({ model: m1, optimizer: new optim.AdamW(m1.parameters(), { lr: 1e-3 }), loss: F.crossEntropy, precision: 'bf16-mixed' });
    const w1 = weights(m1);
    const r1 = await bf16.lrFind(new TestLoader(x, y, 16), { steps: 40, minLr: 1e-5, maxLr: 1 });
    expect(r1.lrs.length).toBeGreaterThan(20);
    expect(Number.isFinite(r1.suggestion)).toBe(true);
    expect(weights(m1)).toEqual(w1);

    // '16-mixed' (a GradScaler; on CPU here): the Trainer's own scaler keeps its state.
    const m3 = mlp();
    const fp16 = new Trainer({ model: m3, optimizer: new optim.SGD(m3.parameters(), { lr: 0.1 }), loss: F.crossEntropy, precision: '16-mixed' });
    await fp16.fit(new TestLoader(x, y, 16));
    const scaler = JSON.stringify(fp16.precision.scaler!.stateDict());
    expect(scaler).toMatch(/"growthTracker":4/);
    const w3 = weights(m3);
    const r3 = await fp16.lrFind(new TestLoader(x, y, 16), { steps: 10 });
    expect(r3.losses.every(Number.isFinite)).toBe(true);
    expect(JSON.stringify(fp16.precision.scaler!.stateDict())).toBe(scaler);
    expect(weights(m3)).toEqual(w3);

    // With rates too small to move a float32 weight, each step's loss is the mean of its two micro-batches.
    const m2 = mlp();
    let calls = 0;
    const acc = new Trainer({ model: m2, optimizer: new optim.SGD(m2.parameters(), { lr: 0.1 }), accumulateGradBatches: 2,
      loss: (o, t) => { calls++; return F.crossEntropy(o, t); } });
    const batches: [Tensor, Tensor][] = [0, 1, 2].map((i) => [x.narrow(0, 16 * i, 16), y.narrow(0, 16 * i, 16)]);
    const micro = batches.map(([bx, by]) => torch.tidy(() => F.crossEntropy(m2.forward(bx) as Tensor, by).item() as number));
    const w2 = weights(m2);
    const r2 = await acc.lrFind(batches, { steps: 6, minLr: 1e-14, maxLr: 1e-13 });
    expect(calls).toBe(12);
    r2.losses.forEach((l, i) => expect(l).toBeCloseTo((micro[(2 * i) % 3] + micro[(2 * i + 1) % 3]) / 2, 6));
    expect(weights(m2)).toEqual(w2);
    expect(batches[0][0].shape).toEqual([16, 8]); // the caller's batches are left alone
  });

  it('gives partial results when aborted, and refuses to run while the model is being fitted', async () => {
    const { x, y } = toyData(64);
    const model = mlp();
    const controller = new AbortController();
    let calls = 0;
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
      loss: (o, t) => { if (++calls === 5) controller.abort(); return F.crossEntropy(o, t); } });
    const w = weights(model);
    model.eval();
    const r = await trainer.lrFind(new TestLoader(x, y, 16), { signal: controller.signal });
    expect(model.training).toBe(false); // the modes are restored too
    expect(r.stopReason).toBe('aborted');
    expect(r.lrs).toHaveLength(5);
    expect(r.reasoning[0]).toMatch(/^Aborted after 5 of 100 steps/);
    expect(r.reasoning[1]).toMatch(/too few to leave any out/);
    expect(weights(model)).toEqual(w);

    const fitting = trainer.fit(new TestLoader(x, y, 16), { epochs: 2 });
    await expect(trainer.lrFind(new TestLoader(x, y, 16))).rejects.toThrow(/already being trained/);
    await fitting;
    expect(weights(model)).not.toEqual(w); // the fit trained undisturbed
  });

  it('leaves a loader that saves its position (as a DataLoader does) where it was', async () => {
    class StatefulLoader extends TestLoader {
      epoch = 0;
      state(): { epoch: number } { return { epoch: this.epoch }; }
      loadState(s: { epoch: number }): void { this.epoch = s.epoch; }
      override *[Symbol.iterator](): Generator<[Tensor, Tensor]> {
        // Each pass is an epoch, as in DataLoader.
        try { yield* super[Symbol.iterator]() as Generator<[Tensor, Tensor]>; } finally { this.epoch++; }
      }
    }
    const { x, y } = toyData(32);
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const loader = new StatefulLoader(x, y, 16);
    await trainer.lrFind(loader, { steps: 10 }); // five passes over two batches
    expect(loader.epoch).toBe(0);
    await trainer.overfitBatch(loader, { steps: 2 });
    expect(loader.epoch).toBe(0);
    await trainer.fit(loader);
    expect(loader.epoch).toBe(1);
  });

  it('checks its options, naming each', async () => {
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const { x, y } = toyData(16);
    const loader = new TestLoader(x, y, 8);
    await expect(trainer.lrFind(loader, { minLr: -1 })).rejects.toThrow(/lrFind\(\): expected minLr to be a positive finite number, but received -1 of type number/);
    await expect(trainer.lrFind(loader, { minLr: 1, maxLr: 0.5 })).rejects.toThrow(/expected maxLr to be greater than minLr \(1\), but received 0.5/);
    await expect(trainer.lrFind(loader, { steps: 1 })).rejects.toThrow(RangeError);
    await expect(trainer.lrFind(loader, { smoothing: 1 })).rejects.toThrow(/expected smoothing to be in \[0, 1\)/);
    await expect(trainer.lrFind(loader, { maxLR: 1 } as never)).rejects.toThrow(/unknown option 'maxLR'. Did you mean 'maxLr'\?/);
    await expect(trainer.lrFind([] as never)).rejects.toThrow(/^lrFind\(\): loader yields no batches/);
  });
});

describe('suggestLr', () => {
  it("matches fastai's steep, valley and minimum rules on a known curve", () => {
    // The expected indices come from fastai's own functions (callback/schedule.py) run on this curve.
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * (10 / 1e-7) ** (i / 99));
    const loss = lrs.map((_, i) => (i < 30 ? 2 + 0.01 * Math.sin(i * 1.7)
      : i < 75 ? 2 - 1.5 * Math.sin((Math.PI / 2) * ((i - 30) / 45)) ** 2 : 0.5 + (0.3 * (i - 75) ** 1.5) / 10));
    const r = suggestLr(lrs, loss);
    expect(r.suggestions.valley).toBe(lrs[49]);
    expect(r.suggestions.steepest).toBe(lrs[52]);
    expect(r.suggestions.minimumDiv10).toBeCloseTo(lrs[75] / 10, 18);
    expect(r.suggestion).toBe(lrs[49]);
    // Too few finite points: nothing to suggest, said plainly.
    const none = suggestLr([1e-3, 1e-2], [1, NaN]);
    expect(Number.isNaN(none.suggestion)).toBe(true);
    expect(none.reasoning.at(-1)).toMatch(/Fewer than two finite points/);
  });
});

describe('overfitBatch', () => {
  it('passes for a working model, stopping at the target, and restores the model and the learning rate', async () => {
    const { x, y } = toyData(64);
    torch.manualSeed(2);
    const model = mlp();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const trainer = new Trainer({ model, optimizer, loss: F.crossEntropy });
    await trainer.fit(new TestLoader(x, y, 16)); // momentum buffers to restore
    const before = { w: weights(model), opt: optimizerState(optimizer), live: torch.memory().liveTensors };
    const r = await trainer.overfitBatch(new TestLoader(x, y, 16), { batchSize: 4, lr: 0.2 });
    expect(r.passed).toBe(true);
    expect(r.samples).toBe(4);
    expect(r.targetLoss).toBe(0.05); // class-index targets
    expect(r.finalLoss).toBeLessThanOrEqual(0.05);
    expect(r.curve.slice(0, -1).every((l) => l > 0.05)).toBe(true); // stopped at the first step below the target
    expect(r.steps).toBe(r.curve.length);
    expect(r.steps).toBeLessThan(200);
    expect(r.firstLoss).toBe(r.curve[0]);
    expect(r.message).toMatch(/^Passed: the loss fell from [\d.]+ to [\d.]+, below the target 0.05 \(the default for class-index targets\), in \d+ steps on 4 samples/);
    expectSvg(r.svg());
    expect(r.plot()).toContain('flat line: target 0.05');
    expect(weights(model)).toEqual(before.w);
    expect(optimizerState(optimizer)).toEqual(before.opt);
    expect(optimizer.paramGroups[0].lr).toBe(0.1);
    expect(torch.memory().liveTensors).toBe(before.live);

    // Float targets: the default target is 5% of the first loss.
    const reg = new nn.Linear(8, 1);
    const regTrainer = new Trainer({ model: reg, optimizer: new optim.SGD(reg.parameters(), { lr: 0.1 }), loss: F.mseLoss });
    const rr = await regTrainer.overfitBatch([[x.narrow(0, 0, 4), x.narrow(0, 0, 4).sum(1, true)]]);
    expect(rr.targetLoss).toBeCloseTo(0.05 * rr.firstLoss, 12);
    expect(rr.passed).toBe(true);
    expect(rr.message).toMatch(/\(the default: 5% of the first loss\)/);
  });

  it('fails for a model whose output ignores its input, naming likely causes', async () => {
    const model = new ConstantLogits();
    const trainer = new Trainer({ model, optimizer: new optim.Adam(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const x = torch.randn([2, 8]);
    const y = torch.tensor([0, 1]);
    const r = await trainer.overfitBatch([[x, y]], { steps: 60 });
    expect(r.passed).toBe(false);
    expect(r.steps).toBe(60);
    expect(r.finalLoss).toBeGreaterThan(Math.LN2 - 1e-3); // the best a constant can do on two classes
    expect(r.message).toMatch(/^Failed: after 60 steps on 2 samples the loss is 0\.[67]\d*/);
    expect(r.message).toMatch(/Likely causes: a bug in the model \(its output does not depend on the input/);
    expect(weights(model)).toEqual([[0, 0, 0, 0]]);
  });

  it('requires accumulate × batch size not to exceed the samples of the subset', async () => {
    const { x, y } = toyData(32);
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      accumulateGradBatches: 2 });
    const live = torch.memory().liveTensors;
    await expect(trainer.overfitBatch(new TestLoader(x, y, 8), { batchSize: 1 })).rejects.toThrow(
      /overfitBatch\(\): accumulateGradBatches \(2\) × batch size \(1\) = 2 exceeds the 1 sample of the subset \(1 batch cut to 1\).*pass batches: 2/);
    expect(torch.memory().liveTensors).toBe(live); // the subset was released
    const r = await trainer.overfitBatch(new TestLoader(x, y, 8), { batchSize: 1, batches: 2, steps: 3 });
    expect(r.samples).toBe(2);
    expect(r.steps).toBeLessThanOrEqual(3);
    await expect(trainer.overfitBatch(new TestLoader(x, y, 8), { batches: 5 })).rejects.toThrow(/expected batches to be at most the 4 batch\(es\) the loader yields, but received 5/);
    await expect(trainer.overfitBatch(new TestLoader(x, y, 8), { steps: 0 })).rejects.toThrow(/expected steps to be at least 1, but received 0/);
  });
});

describe('diagnose', () => {
  it('aggregates sections: a model that cannot overfit fails that section only', async () => {
    const model = new ConstantLogits();
    const trainer = new Trainer({ model, optimizer: new optim.Adam(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const x = torch.randn([2, 8]);
    const y = torch.tensor([0, 1]);
    const report = await trainer.diagnose([[x, y]], { precision: 'bf16-mixed', overfit: { steps: 40 }, lrFind: { steps: 30 } });
    expect(report.sections.map((s) => [s.name, s.ok])).toEqual([['checkStep', true], ['practitioner', true], ['overfit', false], ['lrFind', true]]);
    expect(report.ok).toBe(false);
    expect(report.sections[0].lines[0]).toMatch(/in bf16-mixed found no problems/);
    const text = String(report);
    expect(text.split('\n')[0]).toBe('diagnose: 1 of 4 checks need attention (overfit)');
    expect(text).toMatch(/\[FAIL\] overfit\n {7}Failed: after 40 steps/);
    expect(text).toMatch(/\[ok\] {3}lrFind\n {7}Suggested learning rate: /);
    expect(report.overfit?.passed).toBe(false);
    expect(weights(model)).toEqual([[0, 0, 0, 0]]);
    await expect(trainer.diagnose([[x, y]], { precision: '16-true' })).rejects.toThrow(/diagnose\(\): expected precision to be a mode that keeps the model's float32 parameters/);
  });

  it('reports every failing section when the forward pass produces NaN, and the practitioner warnings', async () => {
    class Log extends nn.Module {
      forward(t: Tensor): Tensor { return t.log(); }
    }
    const { x, y } = toyData(32);
    const bad = new nn.Sequential(new nn.Linear(8, 4), new Log());
    const t1 = new Trainer({ model: bad, optimizer: new optim.SGD(bad.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    const r1 = await t1.diagnose(new TestLoader(x, y, 8), { lrFind: { steps: 20 } });
    expect(r1.sections.filter((s) => !s.ok).map((s) => s.name)).toEqual(['checkStep', 'overfit', 'lrFind']);
    expect(r1.sections[0].lines.join('\n')).toMatch(/inf\/NaN first appears in the output of '1'/);
    expect(r1.sections[2].lines[0]).toMatch(/^Failed: the loss became NaN at step 1/);
    expect(String(r1)).toMatch(/^diagnose: 3 of 4 checks need attention \(checkStep, overfit, lrFind\)/);

    const bn = new nn.Sequential(new nn.Linear(8, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Linear(16, 4));
    const t2 = new Trainer({ model: bn, optimizer: new optim.SGD(bn.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      accumulateGradBatches: 4 });
    const r2 = await t2.diagnose(new TestLoader(x, y, 16), { overfit: { steps: 5 }, lrFind: { steps: 3 } });
    const practitioner = r2.sections.find((s) => s.name === 'practitioner')!;
    expect(practitioner.ok).toBe(false);
    expect(practitioner.lines.join('\n')).toMatch(/1 BatchNorm layer and accumulateGradBatches is 4/);
    expect(practitioner.lines.join('\n')).toMatch(/accumulateGradBatches \(4\) × batch size \(16\) = 64 exceeds the 32 samples/);
  });
});
