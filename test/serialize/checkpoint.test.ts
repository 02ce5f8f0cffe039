// safetensors interop with Python (safetensors.torch, the venv's), and training checkpoints:
// bit-exact resume on CPU float32, atomic writes, and clear errors for corrupt, truncated, foreign
// and missing files. Values are compared exactly: bytes are copied, never converted.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DType, type Tensor, TorchError, nn, optim, serialize, torch } from '../../lib/index.js';
import { pythonEval } from '../helpers/python.js';

const dir = mkdtempSync(join(tmpdir(), 'torchts-ckpt-'));
afterAll(() => undefined);

const DTYPES: DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

function sample(dtype: DType): Tensor {
  if (dtype === 'bool') return torch.tensor([[true, false, true], [false, false, true]]);
  if (dtype.startsWith('float') || dtype === 'bfloat16') return torch.tensor([[1.5, -2.25, 3e-3], [65504, -0, 7]], { dtype });
  return torch.tensor([[1, -2, 3], [4, 5, -6]].map((r) => r.map((v) => (dtype === 'uint8' ? Math.abs(v) : v))), { dtype });
}

describe('safetensors interop with Python', () => {
  it('files written by torchts load in Python with the same dtypes, shapes and values', () => {
    const path = join(dir, 'from-ts.safetensors');
    const tensors = Object.fromEntries(DTYPES.map((d) => [`t_${d}`, sample(d)]));
    serialize.saveFile(tensors, path, { note: 'hello' });
    const py = pythonEval(
      [...DTYPES.map((d) => `[str(t['t_${d}'].dtype), list(t['t_${d}'].shape), t['t_${d}'].float().flatten().tolist()]`), "meta['note']"],
      `from safetensors.torch import load_file\nfrom safetensors import safe_open\nt = load_file(${JSON.stringify(path)})\n` +
      `meta = safe_open(${JSON.stringify(path)}, 'pt').metadata()`);
    DTYPES.forEach((d, i) => {
      const [dtype, shape, values] = py[i] as [string, number[], number[]];
      expect(dtype).toBe(`torch.${d}`);
      expect(shape).toEqual([2, 3]);
      expect(values).toEqual(Array.from(tensors[`t_${d}`].float().data() as Float32Array));
    });
    expect(py[DTYPES.length]).toBe('hello');
  });

  it('files written by Python load in torchts', () => {
    const path = join(dir, 'from-py.safetensors');
    const py = pythonEval(DTYPES.map((d) => `t['${d}'].float().flatten().tolist()`),
      `from safetensors.torch import save_file\ntorch.manual_seed(3)\n` +
      `t = {d: (torch.randn(3, 4) * 50).to(getattr(torch, d)) for d in ${JSON.stringify(DTYPES)}}\n` +
      `save_file(t, ${JSON.stringify(path)})`);
    const loaded = serialize.loadFile(path);
    DTYPES.forEach((d, i) => {
      expect(loaded[d].dtype).toBe(d);
      expect(loaded[d].shape).toEqual([3, 4]);
      expect(Array.from(loaded[d].float().data() as Float32Array)).toEqual(py[i]);
    });
  });

  it('a model state dict round-trips through Python by key (PyTorch names)', () => {
    const path = join(dir, 'model.safetensors');
    torch.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));
    serialize.saveFile(model.stateDict(), path);
    const py = pythonEval(['sorted(k for k in t)'], `from safetensors.torch import load_file\nt = load_file(${JSON.stringify(path)})\n` +
      'm = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3))\nm.load_state_dict(t)');
    expect(py[0]).toEqual(['0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight']);
  });
});

describe('training checkpoints', () => {
  // A model with dropout, so the random generator matters for resuming.
  const makeModel = () => new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(16, 4));

  function train(model: nn.Module, opt: optim.Optimizer<object>, steps: number, from: number): void {
    for (let i = from; i < from + steps; i++) {
      torch.tidy(() => {
        const x = torch.arange(i * 8, i * 8 + 64).float().reshape(8, 8).sin();
        const y = torch.arange(i, i + 8).remainder(4);
        opt.zeroGrad();
        nn.functional.crossEntropy(model.forward(x) as Tensor, y).backward();
        opt.step();
      });
    }
  }

  it('resumes bit-exactly: 2N steps equal N steps, save, load into fresh objects, N steps', () => {
    const N = 15;
    torch.manualSeed(1);
    const a = makeModel();
    const optA = new optim.Adam(a.parameters(), { lr: 1e-2 });
    train(a, optA, 2 * N, 0);

    torch.manualSeed(1);
    const b = makeModel();
    const optB = new optim.Adam(b.parameters(), { lr: 1e-2 });
    train(b, optB, N, 0);
    const path = join(dir, 'resume.ckpt');
    serialize.save(path, { model: b, optimizer: optB, step: N, epoch: 1, extra: { note: 'halfway' } });
    torch.manualSeed(999); // disturb the generator: load must restore it

    const c = makeModel();
    const optC = new optim.Adam(c.parameters(), { lr: 1e-2 });
    const ck = serialize.load(path);
    c.loadStateDict(ck.model);
    optC.loadStateDict(ck.optimizer!);
    torch.setRngState(ck.rng!);
    expect([ck.step, ck.epoch, ck.extra]).toEqual([N, 1, { note: 'halfway' }]);
    train(c, optC, N, N);
    torch.tidy(() => {
      const [sa, sc] = [a.stateDict(), c.stateDict()];
      for (const k of Object.keys(sa)) expect(sa[k].equal(sc[k]), k).toBe(true);
    });
  });

  it('a corrupt, truncated, foreign or missing file gets a clear error', () => {
    const path = join(dir, 'good.ckpt');
    serialize.save(path, { model: new nn.Linear(4, 4), step: 3 });
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0xff;
    writeFileSync(join(dir, 'flipped.ckpt'), flipped);
    expect(() => serialize.load(join(dir, 'flipped.ckpt'))).toThrow(/flipped.ckpt is corrupt: its checksum does not match/);
    writeFileSync(join(dir, 'truncated.ckpt'), good.subarray(0, good.length - 10));
    expect(() => serialize.load(join(dir, 'truncated.ckpt'))).toThrow(/truncated.ckpt is not a valid safetensors file: .*(truncated|covers)/);
    writeFileSync(join(dir, 'short.ckpt'), good.subarray(0, 5));
    expect(() => serialize.load(join(dir, 'short.ckpt'))).toThrow(/fewer than the 8-byte header length/);
    writeFileSync(join(dir, 'garbage.ckpt'), Buffer.concat([Buffer.from([20, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a": not json!!}   ')]));
    expect(() => serialize.load(join(dir, 'garbage.ckpt'))).toThrow(/header is not JSON/);
    serialize.saveFile({ w: torch.ones([2]) }, join(dir, 'plain.safetensors'));
    expect(() => serialize.load(join(dir, 'plain.safetensors'))).toThrow(/is not a torchts checkpoint/);
    expect(() => serialize.load(join(dir, 'missing.ckpt'))).toThrow(TorchError);
    expect(() => serialize.load(join(dir, 'missing.ckpt'))).toThrow(/cannot read .*missing.ckpt: ENOENT/);
  });

  it('a failed save leaves the previous checkpoint intact and no temporary file behind', () => {
    const path = join(dir, 'keep.ckpt');
    serialize.save(path, { model: new nn.Linear(2, 2), step: 1 });
    const before = readFileSync(path);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => serialize.save(path, { model: new nn.Linear(2, 2), step: 2, extra: circular })).toThrow(/circular/i);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(serialize.load(path).step).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });

  it('CUDA generators: saved per device where there is CUDA; without it, none saved and the accessors say why', () => {
    const path = join(dir, 'rng.ckpt');
    serialize.save(path, { model: new nn.Linear(2, 2) });
    const ck = serialize.load(path);
    const devices = torch.cuda.isAvailable() ? torch.cuda.deviceCount() : 0;
    expect(torch.cuda.getRngStateAll()).toHaveLength(devices);
    expect(ck.cudaRng?.length ?? 0).toBe(devices);
    if (devices === 0) {
      expect(() => torch.cuda.getRngState()).toThrow(/^torch\.cuda\.getRngState\(\): CUDA is not available here, so there is no CUDA generator$/);
      expect(() => torch.cuda.setRngState(torch.getRngState())).toThrow(TorchError);
      torch.cuda.setRngStateAll([]); // nothing to restore is fine
    }
    expect(() => torch.cuda.setRngState('state' as never)).toThrow(/expected state to be a uint8 Tensor from torch\.cuda\.getRngState\(\)/);
    expect(() => torch.cuda.setRngStateAll(null as never)).toThrow(/expected states to be an array/);
  });
});
