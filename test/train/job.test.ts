// TrainingJob: a whole fit in a worker thread. The job module (test/helpers/job-module.mjs) and the
// library are loaded as compiled JavaScript (dist/), as workers need; test/helpers/dist.ts compiles
// dist/ when it is stale. Nothing here depends on timing: where the test must act at a known batch,
// the worker waits on shared memory until the test releases it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from '../helpers/dist.js';

type Lib = typeof import('../../lib/index.js');
const MODULE = join(root, 'test', 'helpers', 'job-module.mjs');
let lib: Lib;
let build: (args: Record<string, unknown>) => { trainer: InstanceType<Lib['Trainer']>; loader: never; options: Record<string, unknown> };

beforeAll(async () => {
  const url = ensureDist();
  process.env.TORCHTS_JOB_DIST = url;
  lib = await import(url);
  ({ build } = await import(MODULE));
}, 180_000);

const tmp = () => mkdtempSync(join(tmpdir(), 'torchts-job-'));

/** The same job on this thread: the reference every off-thread run must equal. */
async function inThread(args: Record<string, unknown>): Promise<InstanceType<Lib['History']>> {
  const s = build(args);
  return s.trainer.fit(s.loader, s.options);
}

function weights(path: string): Record<string, number[]> {
  const d = lib.serialize.loadFile(path);
  return Object.fromEntries(Object.entries(d).map(([k, t]) => [k, Array.from(t.data() as Float32Array)]));
}

/** A gate the worker waits on at the end of `step` until release() (see job-module.mjs). */
function gate(step: number) {
  const buffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(buffer);
  return { args: { buffer, step }, release: () => { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); } };
}

describe('TrainingJob', () => {
  it('trains to the same weights as the same job on the main thread, reporting every callback moment in order', async () => {
    const dir = tmp();
    const job = lib.TrainingJob.start(MODULE, { args: { epochs: 2, out: join(dir, 'off.safetensors') } });
    const events: string[] = [];
    for (const name of ['trainStart', 'epochStart', 'batchEnd', 'epochEnd', 'trainEnd'] as const) job.on(name, () => events.push(name));
    const history = await job.done;
    expect(job.finished).toBe(true);
    const reference = await inThread({ epochs: 2, out: join(dir, 'in.safetensors') });
    expect(weights(join(dir, 'off.safetensors'))).toEqual(weights(join(dir, 'in.safetensors')));
    expect(history).toBeInstanceOf(lib.History);
    expect(history.epochs.map((e) => e.trainLoss)).toEqual(reference.epochs.map((e) => e.trainLoss));
    expect(history.aborted).toBe(false);
    expect(events[0]).toBe('trainStart');
    expect(events.at(-1)).toBe('trainEnd');
    expect(events.filter((e) => e === 'batchEnd')).toHaveLength(12); // 96 samples, batch 16, 2 epochs
    expect(events.filter((e) => e === 'epochEnd')).toHaveLength(2);
    expect(lib.TrainingJob.running).toBe(0);
  });

  it('precision, accumulation and clipping work as in-thread', async () => {
    const dir = tmp();
    const trainer = { precision: 'bf16-mixed', accumulateGradBatches: 3, gradientClipVal: 0.5, gradientClipAlgorithm: 'value' };
    const job = lib.TrainingJob.start(MODULE, { args: { epochs: 2, trainer, out: join(dir, 'off.safetensors') } });
    const steps: boolean[] = [];
    job.on('batchEnd', (log) => steps.push(log.optimizerStep));
    const history = await job.done;
    const reference = await inThread({ epochs: 2, trainer, out: join(dir, 'in.safetensors') });
    expect(weights(join(dir, 'off.safetensors'))).toEqual(weights(join(dir, 'in.safetensors')));
    expect(history.steps.map((s) => s.loss)).toEqual(reference.steps.map((s) => s.loss));
    expect(steps).toEqual([false, false, true, false, false, true, false, false, true, false, false, true]);
  });

  it('rejects with the error the fit threw (class, code, message), or names how the worker died; no worker is left', async () => {
    const cases: [Record<string, unknown>, (e: Error) => void][] = [
      [{ mode: 'throwBuild' }, (e) => { expect(e).toBeInstanceOf(TypeError); expect(e.message).toBe('the job module failed while building'); }],
      [{ mode: 'badShape' }, (e) => { expect(e).toBeInstanceOf(TypeError); expect(e.message).toMatch(/to export default \{ trainer, loader, options\? \}/); }],
      [{ mode: 'throw', failAt: 3 }, (e) => { expect(e).toBeInstanceOf(RangeError); expect(e.message).toBe('failing on purpose at step 3'); }],
      [{ mode: 'torch', failAt: 2 }, (e) => {
        expect(e).toBeInstanceOf(lib.TorchError);
        expect((e as InstanceType<Lib['TorchError']>).code).toBe('ERR_TORCH');
        expect(e.message).toMatch(/^add: The size of tensor a \(2\) must match the size of tensor b \(3\)/);
        expect(e.stack).toContain('-- in the training job\'s worker --');
      }],
      [{ mode: 'exit', failAt: 2 }, (e) => {
        expect(e).toBeInstanceOf(lib.TorchError);
        expect((e as InstanceType<Lib['TorchError']>).code).toBe('ERR_WORKER');
        expect(e.message).toMatch(/exited with code 3/);
      }],
    ];
    for (const [args, check] of cases) {
      const job = lib.TrainingJob.start(MODULE, { args, output: 'ignore' });
      const error = await job.done.then(() => null, (e: Error) => e);
      expect(error, JSON.stringify(args)).not.toBeNull();
      check(error!);
      expect(lib.TrainingJob.running).toBe(0);
    }
    const missing = lib.TrainingJob.start(join(root, 'test', 'helpers', 'no-such-job.mjs'));
    await expect(missing.done).rejects.toThrow(/no-such-job\.mjs/);
    expect(() => lib.TrainingJob.start(MODULE, { signal: 5 } as never)).toThrow(/expected signal to be an AbortSignal/);
    expect(() => lib.TrainingJob.start('job.ts')).not.toThrow(); // a .ts module rejects done instead
    // The main thread works on.
    expect(lib.torch.ones([2]).add(1).toArray()).toEqual([2, 2]);
  });

  it.each([2, 5, 9])('aborted at step %i: History says so, no tensors leak, and a resume ends where an uninterrupted run ends', async (step) => {
    const dir = tmp();
    const live = lib.torch.memory().liveTensors;
    const g = gate(step);
    const controller = new AbortController();
    const job = lib.TrainingJob.start(MODULE, { args: { epochs: 3, checkpointDir: dir, gate: g.args }, signal: controller.signal });
    job.on('batchEnd', (log) => {
      if (log.step === step && log.optimizerStep) {
        controller.abort();
        g.release();
      }
    });
    const aborted = await job.done;
    expect(aborted.aborted).toBe(true);
    expect(aborted.steps.at(-1)!.step).toBeLessThanOrEqual(step + 1); // stops within one batch
    const resumed = lib.TrainingJob.start(MODULE, { args: { epochs: 3, resumeFrom: join(dir, 'last.ckpt'), out: join(dir, 'resumed.safetensors') } });
    expect((await resumed.done).aborted).toBe(false);
    await inThread({ epochs: 3, out: join(dir, 'straight.safetensors') });
    expect(weights(join(dir, 'resumed.safetensors'))).toEqual(weights(join(dir, 'straight.safetensors')));
    expect(lib.TrainingJob.running).toBe(0);
    lib.torch.tidy(() => {}); // the in-thread reference run's tensors are the only ones made here
    expect(lib.torch.memory().liveTensors - live).toBeLessThan(64);
  });

  it('a service that runs job after job does not grow: each worker releases its tensors and its memory', async () => {
    const rssMiB = () => process.memoryUsage().rss / 2 ** 20;
    const run = async () => {
      await lib.TrainingJob.start(MODULE, { args: { epochs: 1 }, output: 'ignore' }).done;
    };
    for (let i = 0; i < 3; i++) await run(); // the allocator's and V8's own high-water marks
    const before = rssMiB();
    for (let i = 0; i < 10; i++) await run();
    // One worker holds ~30 MiB while it runs (a V8 isolate, the addon's state, libtorch's thread
    // pool); ten that kept theirs would add about 300.
    expect(rssMiB() - before).toBeLessThan(40);
    expect(lib.TrainingJob.running).toBe(0);
  }, 120_000);

  it('snapshots taken during training load into a main-thread model and predict', async () => {
    const g = gate(4);
    const job = lib.TrainingJob.start(MODULE, { args: { epochs: 2, gate: g.args } });
    type Weights = Record<string, InstanceType<Lib['Tensor']>>;
    let pending: Promise<Weights> | null = null;
    job.on('batchEnd', (log) => {
      if (log.step === 4 && log.optimizerStep) {
        pending = job.snapshot();
        g.release();
      }
    });
    await job.done;
    const weightsAt4: Weights = await (pending as unknown as Promise<Weights>);
    expect(Object.keys(weightsAt4).sort()).toEqual(['0.bias', '0.weight', '3.bias', '3.weight']);
    const { nn, torch } = lib;
    const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 4));
    model.loadStateDict(weightsAt4);
    model.eval();
    const out = torch.tidy(() => (model.forward(torch.randn([5, 8])) as InstanceType<Lib['Tensor']>).shape);
    expect(out).toEqual([5, 4]);
    expect(Array.from(weightsAt4['3.weight'].data() as Float32Array)).toEqual(Array.from(model.stateDict()['3.weight'].data() as Float32Array));
    await expect(job.snapshot()).rejects.toThrow(/has ended/);
  });
});
