// The Trainer: accumulation equals one large batch, partial windows, warnings, callbacks,
// checkpoints and bit-exact resume (also after an abort mid-epoch), non-finite losses, concurrency,
// event-loop friendliness and flat memory. Weights are compared exactly where the same operations
// run in the same order (resume); accumulation against one big batch differs only by summation order
// (tolerance 1e-6).
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVLogger, EarlyStopping, JSONLLogger, LearningRateMonitor, ModelCheckpoint, type StepLog, type Tensor, TorchError, Trainer, accuracy, nn, optim, torch } from '../../lib/index.js';
import { TestLoader, toyData } from './helpers.js';

const F = nn.functional;
const mlp = () => new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 4));

function weights(m: nn.Module): number[][] {
  return torch.tidy(() => Object.values(m.stateDict()).map((t) => Array.from(t.float().data() as Float32Array)));
}

describe('training', () => {
  it('learns the toy problem and reports per-epoch and per-step logs', async () => {
    const { x, y } = toyData(256);
    torch.manualSeed(0);
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.Adam(model.parameters(), { lr: 1e-2 }), loss: F.crossEntropy,
      metrics: { accuracy } });
    const h = await trainer.fit(new TestLoader(x, y, 32), { epochs: 15, valLoader: new TestLoader(x, y, 64, false) });
    expect(h.epochs).toHaveLength(15);
    expect(h.steps).toHaveLength(15 * 8);
    expect(h.get('valAccuracy').at(-1)).toBeGreaterThan(0.9);
    expect(h.get('trainLoss').at(-1)).toBeLessThan(h.get('trainLoss')[0]);
    expect(trainer.globalStep).toBe(120);
  });

  it('accumulation divides each loss by the micro-batches in its window (partial last window too) and equals big batches', async () => {
    const { x, y } = toyData(40, 3);
    torch.manualSeed(1);
    const a = new nn.Linear(8, 4);
    torch.manualSeed(1);
    const b = new nn.Linear(8, 4);
    // 5 micro-batches of 8 with accumulate 4: windows of 32 and 8 samples.
    const trainer = new Trainer({ model: a, optimizer: new optim.SGD(a.parameters(), { lr: 0.5 }), loss: F.crossEntropy,
      accumulateGradBatches: 4 });
    const h = await trainer.fit(new TestLoader(x, y, 8, false));
    expect(h.steps.map((s) => s.batch)).toEqual([3, 4]);
    const opt = new optim.SGD(b.parameters(), { lr: 0.5 });
    for (const [start, len] of [[0, 32], [32, 8]]) {
      torch.tidy(() => {
        opt.zeroGrad();
        F.crossEntropy(b.forward(x.narrow(0, start, len)), y.narrow(0, start, len)).backward();
        opt.step();
      });
    }
    const [wa, wb] = [weights(a), weights(b)];
    wa.forEach((t, i) => t.forEach((v, j) => expect(Math.abs(v - wb[i][j])).toBeLessThan(1e-6)));
  });

  it('gives the warnings a practitioner would give', async () => {
    const { x, y } = toyData(64);
    const bnModel = new nn.Sequential(new nn.Linear(8, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Linear(16, 4));
    const opt = new optim.SGD(bnModel.parameters(), { lr: 0.1 });
    const t1 = new Trainer({ model: bnModel, optimizer: opt, loss: F.crossEntropy, accumulateGradBatches: 4 });
    const h1 = await t1.fit(new TestLoader(x, y, 32));
    expect(h1.warnings.join('\n')).toMatch(/1 BatchNorm layer and accumulateGradBatches is 4: BatchNorm statistics see only each micro-batch of 32, not the effective batch of 128/);
    expect(h1.warnings.join('\n')).toMatch(/accumulateGradBatches \(4\) × batch size \(32\) = 128 exceeds the 64 samples/);
    // The effective batch changes from 128 to 64 while the learning rate stays: offer the scaled rate.
    const t2 = new Trainer({ model: bnModel, optimizer: opt, loss: F.crossEntropy, accumulateGradBatches: 2 });
    const h2 = await t2.fit(new TestLoader(x, y, 32));
    expect(h2.warnings.join('\n')).toMatch(/effective batch size is 64 .*1\/2× the 128 .*use 0\.05, with a warmup/);
    const t3 = new Trainer({ model: mlp(), optimizer: new optim.SGD(mlp().parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      referenceBatchSize: 16 });
    const h3 = await t3.fit(new TestLoader(x, y, 32));
    expect(h3.warnings.join('\n')).toMatch(/2× the 16 the learning rate was set for, .* use 0\.2/);
  });

  it('stops on a non-finite loss naming the step and the first module where it appears, or skips the window', async () => {
    class Log extends nn.Module {
      forward(x: Tensor): Tensor { return x.log(); }
    }
    const { x, y } = toyData(32);
    const model = new nn.Sequential(new nn.Linear(8, 4), new Log());
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy });
    await expect(trainer.fit(new TestLoader(x, y, 16))).rejects.toThrow(/the loss is NaN at step 1 \(epoch 1, batch 0\); inf\/NaN first appears in the output of module '1'/);
    const skipping = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy, nonFiniteLoss: 'skip' });
    const h = await skipping.fit(new TestLoader(x, y, 16));
    expect(h.skippedSteps).toBe(2);
  });

  it('refuses a second concurrent fit of the same model, and stays responsive', async () => {
    const { x, y } = toyData(256);
    const model = mlp();
    // Responsive: a callback queued on the event loop during batch 2 runs before batch 4 ends, on any
    // machine (fit yields to the event loop after every step; nothing here depends on speed).
    const events: string[] = [];
    const probe = { onBatchEnd: (_t: unknown, log: StepLog) => {
      if (log.epoch !== 1) return;
      events.push(`batch ${log.batch}`);
      if (log.batch === 2) setImmediate(() => events.push('event loop'));
    } };
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      callbacks: [probe] });
    const first = trainer.fit(new TestLoader(x, y, 8), { epochs: 2 });
    await expect(trainer.fit(new TestLoader(x, y, 8))).rejects.toThrow(/already being trained by another fit\(\) call/);
    await first;
    const at = events.indexOf('event loop');
    expect(at).toBeGreaterThan(events.indexOf('batch 2'));
    expect(at).toBeLessThan(events.indexOf('batch 4'));
  });

  it('keeps the live tensor count flat across epochs', async () => {
    const { x, y } = toyData(128);
    const model = mlp();
    const counts: number[] = [];
    const trainer = new Trainer({ model, optimizer: new optim.AdamW(model.parameters()), loss: F.crossEntropy,
      callbacks: [{ onEpochEnd: () => { counts.push(torch.memory().liveTensors); } }] });
    await trainer.fit(new TestLoader(x, y, 16), { epochs: 6, valLoader: new TestLoader(x, y, 32, false) });
    expect(new Set(counts.slice(1)).size).toBe(1);
  });
});

describe('callbacks, checkpoints and resume', () => {
  const dropoutModel = () => new nn.Sequential(new nn.Linear(8, 32), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(32, 4));

  function setup(dir?: string) {
    torch.manualSeed(5);
    const model = dropoutModel();
    const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3 });
    const scheduler = new optim.lr.StepLR(optimizer, { stepSize: 7, gamma: 0.5 });
    const callbacks = dir ? [new ModelCheckpoint({ dirpath: dir, monitor: 'valLoss' })] : [];
    return {
      model,
      trainer: new Trainer({ model, optimizer, scheduler, loss: F.crossEntropy, accumulateGradBatches: 2, callbacks, seed: 11 }),
    };
  }

  it('resumes bit-exactly from an epoch checkpoint and from an abort mid-epoch', async () => {
    const { x, y } = toyData(96);
    const loader = () => new TestLoader(x, y, 8);
    const straight = setup();
    await straight.trainer.fit(loader(), { epochs: 3 });

    const dir = mkdtempSync(join(tmpdir(), 'torchts-trainer-'));
    const first = setup(dir);
    const controller = new AbortController();
    first.trainer.callbacks.push({ onBatchEnd: (t, log) => { if (log.epoch === 2 && log.batch === 5) controller.abort(); } });
    const h = await first.trainer.fit(loader(), { epochs: 3, valLoader: loader(), signal: controller.signal });
    expect(h.aborted).toBe(true);
    expect(existsSync(join(dir, 'last.ckpt'))).toBe(true);
    expect(existsSync(join(dir, 'best.ckpt'))).toBe(true);

    const resumed = setup();
    await resumed.trainer.fit(loader(), { epochs: 3, resumeFrom: join(dir, 'last.ckpt') });
    expect(resumed.trainer.globalStep).toBe(straight.trainer.globalStep);
    expect(weights(resumed.model)).toEqual(weights(straight.model));
  });

  it('EarlyStopping stops, LearningRateMonitor records, CSV and JSONL loggers write', async () => {
    const { x, y } = toyData(64);
    const dir = mkdtempSync(join(tmpdir(), 'torchts-logs-'));
    const model = mlp();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0 }); // no progress: early stopping must trigger
    const lrMonitor = new LearningRateMonitor();
    const trainer = new Trainer({ model, optimizer, loss: F.crossEntropy, callbacks: [
      new EarlyStopping({ monitor: 'valLoss', patience: 2 }), lrMonitor, new CSVLogger(join(dir, 'log.csv')), new JSONLLogger(join(dir, 'log.jsonl')),
    ] });
    const h = await trainer.fit(new TestLoader(x, y, 16), { epochs: 20, valLoader: new TestLoader(x, y, 32, false) });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toHaveLength(3);
    expect(h.stopReason).toMatch(/valLoss did not improve for 2 epochs/);
    expect(lrMonitor.history).toHaveLength(12);
    const csv = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('epoch,trainLoss,lr,valLoss,time');
    expect(csv).toHaveLength(4);
    const jsonl = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl.filter((e) => e.type === 'step')).toHaveLength(12);
    expect(jsonl.filter((e) => e.type === 'epoch')).toHaveLength(3);
  });

  it('validate, test and predict', async () => {
    const { x, y } = toyData(64);
    const model = mlp();
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      metrics: { accuracy } });
    const v = await trainer.validate(new TestLoader(x, y, 16, false));
    expect(Object.keys(v)).toEqual(['loss', 'accuracy']);
    const expected = torch.tidy(() => torch.noGrad(() => F.crossEntropy(model.forward(x) as Tensor, y).item()));
    expect(v.loss).toBeCloseTo(expected, 5);
    const p = await trainer.predict(new TestLoader(x, y, 16, false));
    expect(p.shape).toEqual([64, 4]);
    expect(model.training).toBe(true);
  });

  it('rejects bad options with the option named', () => {
    const model = mlp();
    const optimizer = new optim.SGD(model.parameters());
    expect(() => new Trainer({ model, optimizer, loss: F.crossEntropy, accumulateGradBatches: 0 })).toThrow(
      'Trainer(): expected accumulateGradBatches to be a positive integer, but received 0 of type number');
    expect(() => new Trainer({ model, optimizer, loss: F.crossEntropy, precison: '16-mixed' } as never)).toThrow("Did you mean 'precision'?");
    expect(() => new Trainer({ model, optimizer, loss: F.crossEntropy, precision: 'fp16' as never })).toThrow(/expected mode to be '32-true', '16-mixed'/);
    expect(() => new Trainer({ model, optimizer, loss: 'ce' as never })).toThrow(/expected loss to be a function/);
    const t = new Trainer({ model, optimizer, loss: F.crossEntropy });
    return expect(t.fit(42 as never)).rejects.toThrow(TypeError);
  });

  it('a bad checkpoint to resume from is reported clearly', async () => {
    const { x, y } = toyData(16);
    const { trainer } = setup();
    await expect(trainer.fit(new TestLoader(x, y, 8), { resumeFrom: '/nonexistent/last.ckpt' })).rejects.toThrow(TorchError);
  });
});

describe('integration with data/ and the remaining options', () => {
  it('trains from a DataLoader with batch transforms (augmentation, multi-scale) and validateOnTrain', async () => {
    const { data } = await import('../../lib/index.js');
    torch.manualSeed(0);
    const images = torch.rand([64, 1, 16, 16]);
    const labels = torch.randint(0, 3, [64]);
    const loader = new data.DataLoader(new data.TensorDataset(images, labels), { batchSize: 16, shuffle: true, seed: 1 });
    const model = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(),
      new nn.Linear(4, 3));
    const sizes: number[] = [];
    model.at(0).registerForwardPreHook((_m, inputs) => { sizes.push((inputs[0] as Tensor).shape[2]); });
    const scale = data.multiScale({ sizes: [8, 12] }, { seed: 3 });
    const flip = data.randomHorizontalFlip(0.5, { seed: 4 });
    const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
      metrics: { accuracy }, validateOnTrain: 2, batchTransform: ({ input, target }) => ({ input: scale(flip(input)), target }) });
    const h = await trainer.fit(loader, { epochs: 2 });
    expect(Object.keys(h.epochs[0])).toEqual(expect.arrayContaining(['trainEvalLoss', 'trainEvalAccuracy']));
    // Training batches came in the multi-scale sizes; the validateOnTrain passes (2 batches per epoch) at the full 16.
    expect(new Set(sizes.filter((s) => s !== 16))).toEqual(new Set([8, 12]));
    expect(sizes.filter((s) => s === 16)).toHaveLength(4);
    scale.enabled = false;
    sizes.length = 0;
    await trainer.fit(loader, { epochs: 1 });
    expect(new Set(sizes)).toEqual(new Set([16]));
  });

  it('topKAccuracy counts targets among the k highest logits', async () => {
    const { topKAccuracy } = await import('../../lib/index.js');
    torch.tidy(() => {
      const logits = torch.tensor([[0.1, 0.5, 0.4], [0.9, 0.04, 0.06], [0.2, 0.3, 0.5]]);
      const target = torch.tensor([2, 1, 0]);
      expect(accuracy(logits, target)).toBe(0);
      expect(topKAccuracy(2)(logits, target)).toBeCloseTo(1 / 3, 6);
      expect(topKAccuracy(3)(logits, target)).toBe(1);
      expect(() => topKAccuracy(0)).toThrow(/expected k to be a positive integer/);
    });
  });

  it('ProgressBar prints one plain line per epoch when not on a TTY', async () => {
    const { ProgressBar } = await import('../../lib/index.js');
    const { x, y } = toyData(32);
    const model = mlp();
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    try {
      const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy,
        callbacks: [new ProgressBar()] });
      await trainer.fit(new TestLoader(x, y, 16), { epochs: 2 });
    } finally {
      console.log = log;
    }
    expect(lines.filter((l) => /^epoch \d: trainLoss [\d.]+, lr 0\.1, time/.test(l))).toHaveLength(2);
  });
});
