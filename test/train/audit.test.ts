// Trainer findings of the external audit, each with the behaviour that was missing: empty loaders
// are errors naming the loader (an empty valLoader used to read as valLoss 0, which ModelCheckpoint
// saved as best and EarlyStopping stopped on); half-precision models under a mixed precision are
// refused before the first step (checkDtypes); ModelCheckpoint refuses a monitor that never appears;
// predict returns outputs of any layout made of tensors; bad Trainer inputs are named.
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EarlyStopping, ModelCheckpoint, type Tensor, TorchError, Trainer, data, nn, optim, torch } from '../../lib/index.js';
import { TestLoader, toyData } from './helpers.js';

const F = nn.functional;
const mlp = () => new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 4));
const sgdTrainer = (model: nn.Module = mlp(), extra: Partial<ConstructorParameters<typeof Trainer>[0]> = {}) =>
  new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: F.crossEntropy, ...extra });

function weights(m: nn.Module): number[][] {
  return torch.tidy(() => Object.values(m.stateDict()).map((t) => Array.from(t.float().data() as Float32Array)));
}

/** The error a promise rejects with (vitest's toThrow matches only the message). */
async function rejection(p: Promise<unknown>): Promise<TorchError> {
  try {
    await p;
  } catch (e) {
    return e as TorchError;
  }
  throw new Error('expected a rejection');
}

describe('an empty loader is an error naming it', () => {
  const { x, y } = toyData(32);
  const NO_BATCHES = 'yields no batches. Check that its dataset is not empty';

  it("fit(): valLoader yields no batches, before ModelCheckpoint or EarlyStopping see a loss of 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchts-empty-val-'));
    const checkpoint = new ModelCheckpoint({ dirpath: dir, monitor: 'valLoss' });
    const trainer = sgdTrainer(mlp(), { callbacks: [checkpoint, new EarlyStopping({ patience: 1 })] });
    // An empty DataLoader: dropLast with fewer samples than the batch size.
    const valLoader = new data.DataLoader(new data.TensorDataset(x.narrow(0, 0, 4), y.narrow(0, 0, 4)), { batchSize: 8, dropLast: true });
    const e = await rejection(trainer.fit(new TestLoader(x, y, 8), { epochs: 3, valLoader }));
    expect(e).toBeInstanceOf(TorchError);
    expect(e.code).toBe('ERR_STATE');
    expect(e.message).toMatch(new RegExp(`^fit\\(\\): valLoader ${NO_BATCHES}.*one-shot iterator`));
    expect(checkpoint.best).toBeNull();
    expect(existsSync(join(dir, 'best.ckpt'))).toBe(false);
  });

  it('fit(): trainLoader, empty from the start or a one-shot iterator consumed after its first epoch', async () => {
    await expect(sgdTrainer().fit([])).rejects.toThrow(new RegExp(`^fit\\(\\): trainLoader ${NO_BATCHES}`));
    const batches = [...new TestLoader(x, y, 8)];
    const oneShot = (function* () { yield* batches; })();
    await expect(sgdTrainer().fit(oneShot, { epochs: 2 })).rejects.toThrow(/^fit\(\): trainLoader yields no batches in epoch 2\. /);
  });

  it('validate(), test(), predict(), overfitBatch() and lrFind(): loader yields no batches', async () => {
    const trainer = sgdTrainer();
    await expect(trainer.validate([])).rejects.toThrow(new RegExp(`^validate\\(\\): loader ${NO_BATCHES}`));
    await expect(trainer.test([])).rejects.toThrow(new RegExp(`^test\\(\\): loader ${NO_BATCHES}`));
    await expect(trainer.predict([])).rejects.toThrow(new RegExp(`^predict\\(\\): loader ${NO_BATCHES}`));
    await expect(trainer.overfitBatch([])).rejects.toThrow(new RegExp(`^overfitBatch\\(\\): loader ${NO_BATCHES}`));
    await expect(trainer.lrFind([])).rejects.toThrow(new RegExp(`^lrFind\\(\\): loader ${NO_BATCHES}`));
    // A loader of empty batches has no loss either.
    await expect(trainer.validate([[x.narrow(0, 0, 0), y.narrow(0, 0, 0)]])).rejects.toThrow(
      'validate(): loader yields only empty batches (0 samples), so there is no loss to report');
  });
});

describe('checkDtypes: a model already in half precision under a mixed precision is refused before the first step', () => {
  const { x, y } = toyData(32);

  for (const [precision, cast, dtype] of [['16-mixed', 'half', 'float16'], ['bf16-mixed', 'half', 'float16'], ['bf16-mixed', 'bfloat16', 'bfloat16']] as const) {
    it(`${precision} with model.${cast}(): fit, lrFind and overfitBatch refuse; checkDtypes: false trains anyway`, async () => {
      torch.manualSeed(0);
      const model = mlp()[cast]();
      const trainer = sgdTrainer(model, { precision });
      const before = weights(model);
      for (const [op, run] of [['fit', () => trainer.fit(new TestLoader(x, y, 8))], ['lrFind', () => trainer.lrFind(new TestLoader(x, y, 8))],
        ['overfitBatch', () => trainer.overfitBatch(new TestLoader(x, y, 8))]] as const) {
        const e = await rejection(run());
        expect(e).toBeInstanceOf(TorchError);
        expect(e.code).toBe('ERR_STATE');
        expect(e.message).toMatch(new RegExp(`^${op}\\(\\): precision '${precision}': 4 parameters are ${dtype} while ${precision} keeps float32 master weights`));
        expect(e.message).toMatch(/\(Checked before the first step; pass checkDtypes: false to the Trainer to train anyway\.\)$/);
      }
      expect(weights(model)).toEqual(before); // no step was taken
      expect(trainer.globalStep).toBe(0);
      const unchecked = sgdTrainer(model, { precision, checkDtypes: false });
      const h = await unchecked.fit(new TestLoader(x, y, 8));
      expect(h.steps.length).toBe(4);
    });
  }

  it('float16 gradients no GradScaler could unscale are refused after the first backward, before the step', async () => {
    torch.manualSeed(0);
    const model = mlp();
    const trainer = sgdTrainer(model, { batchTransform: ({ input, target }) => ({ input: input.half(), target }) });
    model.half(); // after the Trainer was made: '32-true' does not cast it back
    const before = weights(model);
    await expect(trainer.fit(new TestLoader(x, y, 8))).rejects.toThrow(
      /^fit\(\): precision '32-true': 4 gradients are float16 \(0\.weight, 0\.bias, 2\.weight\): a GradScaler cannot unscale them/);
    expect(weights(model)).toEqual(before);
  });

  it('a float32 model passes the checks in every mixed mode', async () => {
    for (const precision of ['16-mixed', 'bf16-mixed'] as const) {
      const h = await sgdTrainer(mlp(), { precision }).fit(new TestLoader(x, y, 8));
      expect(h.steps.length).toBe(4);
    }
  });
});

describe('ModelCheckpoint refuses a monitored value that never appears, as EarlyStopping does', () => {
  it("monitor: 'val_acc' throws at the first epoch end, listing the names the logs have", async () => {
    const { x, y } = toyData(32);
    const dir = mkdtempSync(join(tmpdir(), 'torchts-monitor-'));
    const checkpoint = new ModelCheckpoint({ dirpath: dir, monitor: 'val_acc' });
    const trainer = sgdTrainer(mlp(), { callbacks: [checkpoint] });
    await expect(trainer.fit(new TestLoader(x, y, 8), { epochs: 3, valLoader: new TestLoader(x, y, 16, false) })).rejects.toThrow(
      new TypeError("ModelCheckpoint: monitored value 'val_acc' is not in the epoch logs (epoch, trainLoss, lr, valLoss, time); monitor one of those " +
        'names (torchts names them in camelCase: valAccuracy, not val_acc)'));
    expect(trainer.epoch).toBe(1);
    expect(existsSync(join(dir, 'last.ckpt'))).toBe(true); // the epoch's resumable checkpoint was written first
    // Without validation, both callbacks say how to get val* values.
    const early = sgdTrainer(mlp(), { callbacks: [new EarlyStopping()] });
    await expect(early.fit(new TestLoader(x, y, 8))).rejects.toThrow(
      "EarlyStopping: monitored value 'valLoss' is not in the epoch logs (epoch, trainLoss, lr, time); pass a valLoader to fit() to get valLoss");
    const ckpt = sgdTrainer(mlp(), { callbacks: [new ModelCheckpoint({ dirpath: dir, monitor: 'valLoss' })] });
    await expect(ckpt.fit(new TestLoader(x, y, 8))).rejects.toThrow(/^ModelCheckpoint: .*pass a valLoader to fit\(\) to get valLoss/);
    expect(() => new ModelCheckpoint({ dirpath: dir, mode: 'maximum' as never })).toThrow(
      "ModelCheckpoint(): expected mode to be 'min' or 'max', but received 'maximum' of type string");
  });
});

describe('predict returns what forward returns, concatenated over batches', () => {
  const { x, y } = toyData(20);

  /** A model returning an object with a tensor and an array of tensors. */
  class TwoHeads extends nn.Module {
    body = new nn.Linear(8, 6);
    head = new nn.Linear(6, 4);
    forward(input: Tensor): { logits: Tensor; extra: [Tensor, Tensor] } {
      const h = this.body.forward(input).relu();
      return { logits: this.head.forward(h), extra: [h, h.sum(1)] };
    }
  }

  it('objects and arrays of tensors, leaf by leaf, equal to one forward pass over all the data; nothing leaks', async () => {
    torch.manualSeed(0);
    const model = new TwoHeads();
    const trainer = sgdTrainer(model);
    const live = torch.memory().liveTensors;
    const out = await trainer.predict<{ logits: Tensor; extra: [Tensor, Tensor] }>(new TestLoader(x, y, 8, false));
    expect(Object.keys(out)).toEqual(['logits', 'extra']);
    expect([out.logits.shape, out.extra[0].shape, out.extra[1].shape]).toEqual([[20, 4], [20, 6], [20]]);
    torch.tidy(() => torch.noGrad(() => {
      const all = model.forward(x);
      expect(out.logits.allclose(all.logits, 1e-5, 1e-6)).toBe(true);
      expect(out.extra[1].allclose(all.extra[1], 1e-5, 1e-5)).toBe(true);
    }));
    for (const t of [out.logits, ...out.extra]) t.dispose();
    expect(torch.memory().liveTensors).toBe(live);
  });

  it('inputs alone (a one-tensor TensorDataset, bare tensors), and an identity model leaves the caller\'s tensors alone', async () => {
    const trainer = sgdTrainer(mlp());
    const p = await trainer.predict(new data.DataLoader(new data.TensorDataset(x), { batchSize: 8 }));
    expect(p.shape).toEqual([20, 4]);
    class Identity extends nn.Module {
      w = new nn.Parameter(torch.zeros([1]));
      forward(input: Tensor): Tensor { return input; }
    }
    const chunks = [x.narrow(0, 0, 10), x.narrow(0, 10, 10)];
    const same = await sgdTrainer(new Identity()).predict(chunks);
    expect(same.equal(x)).toBe(true);
    expect(chunks.every((c) => !c.isDisposed)).toBe(true);
    for (const t of [p, same, ...chunks]) t.dispose();
  });

  it('refuses outputs it cannot concatenate, naming where', async () => {
    class Returns extends nn.Module {
      w = new nn.Parameter(torch.zeros([1]));
      constructor(readonly make: (x: Tensor, i: number) => unknown) { super(); }
      calls = 0;
      forward(input: Tensor): unknown { return this.make(input, this.calls++); }
    }
    const run = (make: (x: Tensor, i: number) => unknown) => sgdTrainer(new Returns(make)).predict(new TestLoader(x, y, 8, false));
    await expect(run((t) => ({ logits: t, label: 'cat' }))).rejects.toThrow(new TypeError(
      "predict(): expected output.label to be a Tensor (the model's output must be a Tensor, or arrays and plain objects of Tensors), but received 'cat' of type string"));
    await expect(run((t) => [t, t.sum()])).rejects.toThrow(/^predict\(\): output\[1\] is a 0-dimensional tensor, which cannot be concatenated over batches/);
    await expect(run((t, i) => (i === 0 ? { a: t } : { b: t }))).rejects.toThrow(
      /^predict\(\): the model's output changed layout between batches \(\{a:T\} for the first, \{b:T\} for batch 1/);
  });
});

describe('Trainer inputs are validated, not met as raw JavaScript errors', () => {
  const model = mlp();
  const base = { model, optimizer: new optim.SGD(model.parameters()), loss: F.crossEntropy };

  it('no options, options of the wrong type, an unknown option, and each option of the wrong kind', () => {
    expect(() => new (Trainer as unknown as new () => Trainer)()).toThrow(
      new TypeError('Trainer(): expected options to be an object { model, optimizer, loss, ... }, but received undefined'));
    expect(() => new Trainer(null as never)).toThrow('Trainer(): expected options to be an object');
    expect(() => new Trainer({ ...base, accumulate_grad_batches: 2 } as never)).toThrow(/^Trainer\(\): unknown option 'accumulate_grad_batches'\./);
    expect(() => new Trainer({ optimizer: base.optimizer, loss: F.crossEntropy } as never)).toThrow(
      'Trainer(): expected model to be an nn.Module, but received undefined');
    const bad: [string, unknown, string][] = [
      ['device', 42, "expected device to be 'cpu', 'cuda' or 'cuda:N'"],
      ['callbacks', {}, 'expected callbacks to be an array of callback objects, but received an object'],
      ['callbacks', [null], 'expected callbacks to be an array of callback objects'],
      ['metrics', { accuracy: 1 }, 'expected metrics to be an object of metric functions'],
      ['seed', -1, 'expected seed to be a non-negative integer, but received -1 of type number'],
      ['scheduler', {}, 'expected scheduler to be an LR scheduler'],
      ['schedulerMonitor', 3, 'expected schedulerMonitor to be an epoch-log name'],
      ['validateOnTrain', 'yes', 'expected validateOnTrain to be a positive integer'],
      ['referenceBatchSize', 0.5, 'expected referenceBatchSize to be a positive integer'],
      ['batchTransform', 'flip', 'expected batchTransform to be a function'],
      ['checkDtypes', 'no', 'expected checkDtypes to be a boolean'],
    ];
    for (const [name, value, message] of bad) expect(() => new Trainer({ ...base, [name]: value }), name).toThrow(`Trainer(): ${message}`);
  });

  it('fit, validate and predict name a bad loader or option', async () => {
    const trainer = new Trainer(base);
    const { x, y } = toyData(8);
    await expect(trainer.fit(new TestLoader(x, y, 8), { valLoader: 3 as never })).rejects.toThrow(
      'fit(): expected valLoader to be a DataLoader or an (async) iterable of batches, but received 3 of type number');
    await expect(trainer.fit(new TestLoader(x, y, 8), { signal: 'stop' as never })).rejects.toThrow('fit(): expected signal to be an AbortSignal');
    await expect(trainer.validate(undefined as never)).rejects.toThrow('validate(): expected loader to be a DataLoader');
    await expect(trainer.validate([], { maxBatches: 0 })).rejects.toThrow('validate(): expected maxBatches to be a positive integer');
    await expect(trainer.predict({} as never)).rejects.toThrow('predict(): expected loader to be a DataLoader');
  });
});
