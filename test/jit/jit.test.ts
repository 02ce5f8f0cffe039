// torch.jit against PyTorch on the same files and inputs (test/helpers/jit_fixtures.py makes them):
// scripted control flow, several methods and output kinds, a traced CNN; a torchts model traced,
// saved and run by Python; bad files and bad inputs; async calls with their inputs disposed under them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, TorchError, nn, serialize, torch } from '../../lib/index.js';
import { jitFixtures } from '../helpers/jit-fixtures.js';
import { referencePython } from '../helpers/reference.js';

let dir: string;
let inputs: Record<string, Tensor>;
let expected: Record<string, Tensor>;

beforeAll(() => {
  dir = jitFixtures();
  inputs = serialize.loadFile(join(dir, 'inputs.safetensors'));
  expected = serialize.loadFile(join(dir, 'expected.safetensors'));
}, 180_000);

const values = (t: unknown) => (t as Tensor).toArray();

describe('torch.jit.load: the same outputs as PyTorch on the same file', () => {
  it('a scripted module with data-dependent control flow, default and given arguments', () => {
    const m = torch.jit.load(join(dir, 'control.pt'));
    expect(m.methods().sort()).toEqual(['describe', 'forward', 'pair', 'stats']);
    expect(m.schema()).toBe('forward(__torch__.Control self, Tensor x, int n=2) -> Tensor');
    expect(values(m.forward(inputs.x_pos))).toEqual(values(expected.control_pos_2));
    expect(values(m.forward(inputs.x_neg, 3))).toEqual(values(expected.control_neg_3));
    expect(m.training).toBe(false);
    expect(Object.keys(m.stateDict())).toEqual(['fc.weight', 'fc.bias']);
  });

  it('methods returning a tuple, a dict and a string; list, optional and float arguments', () => {
    const m = torch.jit.load(join(dir, 'control.pt'));
    const [v, i] = m.runMethod('pair', inputs.x_pos) as Tensor[];
    expect([values(v), values(i)]).toEqual([values(expected.pair_values), values(expected.pair_indices)]);
    expect(i.dtype).toBe('int64');
    const stats = m.runMethod('stats', [inputs.xs0, inputs.xs1, inputs.xs2]) as Record<string, Tensor>;
    expect(Object.keys(stats)).toEqual(['mean', 'std']);
    expect(values(stats.mean)).toEqual(values(expected.stats_mean));
    expect(values(stats.std)).toEqual(values(expected.stats_std));
    expect(m.runMethod('describe', ['a', 'b'], true, 3)).toBe('a,b!30.5');
    expect(m.runMethod('describe', [], false)).toBe('?none0.5');
  });

  it('a traced CNN with batch norm, exactly, sync and async, from a path or from bytes', async () => {
    const m = torch.jit.load(join(dir, 'cnn.pt'));
    expect(values(m.forward(inputs.x_img))).toEqual(values(expected.cnn));
    expect(values(await m.forwardAsync(inputs.x_img))).toEqual(values(expected.cnn));
    const { readFileSync } = await import('node:fs');
    const fromBytes = torch.jit.load(new Uint8Array(readFileSync(join(dir, 'cnn.pt'))));
    expect(values(fromBytes.forward(inputs.x_img))).toEqual(values(expected.cnn));
    expect(Object.keys(m.stateDict())).toContain('features.1.running_var');
  });
});

describe('torch.jit.trace: a torchts model as TorchScript', () => {
  class Net extends nn.Module {
    features = new nn.Sequential(new nn.Conv2d(3, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2));
    head = new nn.Linear(4 * 4 * 4, 3);
    forward(x: Tensor): Tensor {
      return this.head.forward((this.features.forward(x) as Tensor).flatten(1));
    }
  }

  it('runs as the model does, and Python\'s torch.jit.load runs the saved file to the same outputs', () => {
    torch.manualSeed(1);
    const net = new Net().eval();
    const x = torch.randn([2, 3, 8, 8]);
    const traced = torch.jit.trace(net, x);
    expect(values(traced.forward(x))).toEqual(values(net.forward(x)));
    expect(Object.keys(traced.stateDict()).sort()).toEqual(Object.keys(net.stateDict()).sort());
    const out = mkdtempSync(join(tmpdir(), 'torchts-jit-'));
    traced.save(join(out, 'net.pt'));
    serialize.saveFile({ x }, join(out, 'x.safetensors'));
    const script = ['import json, torch', 'from safetensors.torch import load_file', `m = torch.jit.load('${join(out, 'net.pt')}')`,
      `x = load_file('${join(out, 'x.safetensors')}')['x']`, 'print(json.dumps(m(x).tolist()))'].join('\n');
    const python = JSON.parse(execFileSync(referencePython(), ['-c', script], { encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(python).toEqual(values(net.forward(x)));
    const back = torch.jit.load(join(out, 'net.pt'));
    expect(values(back.forward(x))).toEqual(values(net.forward(x)));
  });

  it('traces the parameters themselves: training the model changes what the trace computes', () => {
    torch.manualSeed(2);
    const lin = new nn.Linear(3, 2);
    const x = torch.randn([4, 3]);
    const traced = torch.jit.trace(lin, x);
    torch.noGrad(() => lin.weight.mul_(2));
    expect(values(traced.forward(x))).toEqual(values(lin.forward(x)));
  });

  it('warns, as PyTorch\'s tracer does, when the forward reads a value that control flow may depend on', async () => {
    class Branchy extends nn.Module {
      forward(x: Tensor): Tensor {
        return (x.sum().item() as number) > 0 ? x.relu() : x.neg();
      }
    }
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      torch.jit.trace(new Branchy(), torch.ones([3]));
      torch.jit.trace(new nn.Linear(3, 2), torch.ones([1, 3]));
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => [w.name, (w as { code?: string }).code])).toEqual([['TracerWarning', 'TORCHTS_TRACER_VALUE_READ']]);
    expect(warnings[0].message).toMatch(/^jit.trace\(\): item\(\) read a tensor's value while tracing/);
  });

  it('refuses what cannot be traced, leaving nothing recording', () => {
    const lin = new nn.Linear(3, 2);
    expect(() => torch.jit.trace(lin, [] as never)).toThrow(/expected exampleInputs to be a Tensor or a non-empty array of Tensors/);
    expect(() => torch.jit.trace({} as never, torch.ones([1, 3]))).toThrow(/expected module to be an nn.Module/);
    class Throws extends nn.Module {
      forward(): Tensor {
        throw new RangeError('forward failed on purpose');
      }
    }
    expect(() => torch.jit.trace(new Throws(), torch.ones([1]))).toThrow('forward failed on purpose');
    // A later trace works: the failed one left no tracing state behind.
    expect(values(torch.jit.trace(lin, torch.ones([1, 3])).forward(torch.ones([1, 3])))).toEqual(values(lin.forward(torch.ones([1, 3]))));
  });
});

describe('torch.jit: bad files and bad inputs', () => {
  it('names a missing file, and refuses files that are not TorchScript archives with a TorchError', () => {
    expect(() => torch.jit.load(join(dir, 'nope.pt'))).toThrow(/jit.load\(\): no file at .*nope.pt/);
    for (const file of ['truncated.pt', 'checkpoint.pth', 'inputs.safetensors']) {
      expect(() => torch.jit.load(join(dir, file)), file).toThrow(TorchError);
    }
    const junk = join(mkdtempSync(join(tmpdir(), 'torchts-jit-')), 'junk.pt');
    writeFileSync(junk, 'not a zip archive');
    expect(() => torch.jit.load(junk)).toThrow(TorchError);
    expect(() => torch.jit.load(new Uint8Array([1, 2, 3]))).toThrow(TorchError);
    expect(() => torch.jit.load(5 as never)).toThrow(/expected source to be a file path or a Uint8Array/);
  });

  it('wrong inputs name the argument and the schema; a model error is one line saying where', async () => {
    const m = torch.jit.load(join(dir, 'control.pt'));
    expect(() => m.forward()).toThrow(/^forward: forward\(\) takes 1 to 2 inputs \(forward\(__torch__.Control self, Tensor x, int n=2\) -> Tensor\), but received 0$/);
    expect(() => m.forward(inputs.x_pos, 2, 3)).toThrow(/but received 3$/);
    expect(() => m.forward(1)).toThrow(/^forward: input 'x' must be Tensor, but received a number$/);
    expect(() => m.forward(inputs.x_pos, 1.5)).toThrow(/input 'n' must be int, but received a number that is not a safe integer/);
    expect(() => m.runMethod('stats', [inputs.x_pos, 3])).toThrow(/input 'xs'\[1\] must be Tensor, but received a number/);
    expect(() => m.runMethod('nope')).toThrow(/the module has no method 'nope'/);
    expect(() => m.forward(torch.ones([2, 5]))).toThrow(/^forward: mat1 and mat2 shapes cannot be multiplied \(2x5 and 4x3\) \(raised in the model's code: File/);
    await expect(m.forwardAsync(torch.ones([2, 5]))).rejects.toThrow(/^forwardAsync: mat1 and mat2 shapes cannot be multiplied/);
    await expect(m.forwardAsync('x' as never)).rejects.toThrow(/^forwardAsync: input 'x' must be Tensor, but received a string/);
    const disposed = torch.ones([3, 4]);
    disposed.dispose();
    expect(() => m.forward(disposed)).toThrow(/input 'x' has been disposed/);
    m.dispose();
    expect(() => m.forward(inputs.x_pos)).toThrow(/ScriptModule.forward: the module was disposed/);
  });
});

describe('torch.jit: async calls', () => {
  it('200 concurrent forwardAsync calls with their inputs disposed in flight: the results of the sync calls, no leak', async () => {
    const m = torch.jit.load(join(dir, 'cnn.pt'));
    const live = torch.memory().liveTensors;
    const xs = torch.tidy(() => Array.from({ length: 200 }, (_, i) => torch.randn([1, 3, 16, 16]).mul(i % 7)));
    const sync = xs.map((x) => torch.tidy(() => values(m.forward(x))));
    const pending = xs.map((x) => m.forwardAsync(x));
    // Dispose the inputs in a shuffled order while the calls run.
    const order = xs.map((_, i) => i).sort((a, b) => ((a * 7919) % 200) - ((b * 7919) % 200));
    for (const i of order) xs[i].dispose();
    const outs = (await Promise.all(pending)) as Tensor[];
    expect(outs.map(values)).toEqual(sync);
    for (const o of outs) o.dispose();
    m.dispose();
    torch.tidy(() => {});
    expect(torch.memory().liveTensors).toBe(live);
  });

  it('a module disposed while calls are in flight finishes them', async () => {
    const m = torch.jit.load(join(dir, 'cnn.pt'));
    const calls = Array.from({ length: 8 }, () => m.forwardAsync(inputs.x_img));
    m.dispose();
    const outs = (await Promise.all(calls)) as Tensor[];
    for (const o of outs) expect(values(o)).toEqual(values(expected.cnn));
  });
});
