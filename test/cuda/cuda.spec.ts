/**
 * CUDA tests. They run with Node's own test runner on compiled JS (`node --test dist/test/cuda/`),
 * because the GPU machine has Node but no npm packages; scripts/gpu-check runs them there. Without
 * a GPU every test is skipped. The reference is the Python torch torchts was built against
 * (TORCHTS_PYTHON), as in the vitest suites.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Tensor, amp, nn, optim, serialize, torch } from '../../lib/index.js';
import { buildInfo } from '../../lib/native.js';

const skip = !torch.cuda.isAvailable() && 'no CUDA device';
const F = nn.functional;

/** Evaluates Python expressions after `setup` with the reference torch; returns JSON values. */
function python(exprs: string[], setup: string): unknown[] {
  const py = process.env.TORCHTS_PYTHON ?? buildInfo.libtorch?.python;
  assert.ok(py, 'no reference Python: set TORCHTS_PYTHON');
  const script = `import json, torch, torch.nn.functional as F\n${setup}\nprint(json.dumps([${exprs.join(', ')}]))`;
  return JSON.parse(execFileSync(py, ['-c', script], { encoding: 'utf8' }).trim().split('\n').pop()!);
}

/** A fresh file path for a checkpoint. */
function checkpointPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'torchts-cuda-')), 'ck.safetensors');
}

function close(a: Tensor, b: number[], tol: number, what: string): void {
  const got = Array.from(a.float().cpu().data() as Float32Array);
  assert.equal(got.length, b.length, `${what}: length`);
  got.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${v} vs ${b[i]}`));
}

describe('CUDA basics', { skip }, () => {
  it('moves tensors and computes on the GPU as on the CPU', () => {
    torch.tidy(() => {
      const x = torch.randn([64, 32]);
      const w = torch.randn([32, 16]);
      const cpu = x.matmul(w).relu().sum(1);
      const gpu = x.cuda().matmul(w.cuda()).relu().sum(1);
      assert.equal(gpu.device, 'cuda:0');
      close(gpu, Array.from(cpu.data() as Float32Array), 1e-4, 'matmul');
    });
  });

  it('reports the device and allocator figures', () => {
    const info = torch.info();
    assert.ok(info.cuda.devices.length > 0 && info.cuda.devices[0].name.length > 0);
    const before = torch.memory().cuda!.allocatedBytes;
    const t = torch.zeros([1024, 1024], { device: 'cuda' });
    assert.ok(torch.memory().cuda!.allocatedBytes >= before + 4 * 1024 * 1024);
    t.dispose();
    assert.equal(torch.memory().cuda!.allocatedBytes, before);
  });
});

describe('CUDA generators', { skip }, () => {
  it('getRngState/setRngState replay the same random numbers; the state is the one PyTorch gives for the same seed', () => {
    torch.manualSeed(7);
    const state = torch.cuda.getRngState(0);
    assert.equal(state.device, 'cpu');
    assert.equal(state.dtype, 'uint8');
    assert.deepEqual(Array.from(state.data() as Uint8Array), python(['torch.cuda.get_rng_state(0).tolist()'], 'torch.manual_seed(7)')[0]);
    const a = torch.randn([8], { device: 'cuda' });
    torch.cuda.setRngState(state, 0);
    const b = torch.randn([8], { device: 'cuda' });
    assert.deepEqual(Array.from(b.cpu().data() as Float32Array), Array.from(a.cpu().data() as Float32Array));
    assert.equal(torch.cuda.getRngStateAll().length, torch.cuda.deviceCount());
    assert.throws(() => torch.cuda.getRngState(torch.cuda.deviceCount()), /torch\.cuda\.getRngState\(\): expected device to be a CUDA device index/);
  });

  it('a checkpoint saves and restores the CUDA generator (on CPU even when loaded onto the GPU)', () => {
    const file = checkpointPath();
    torch.manualSeed(3);
    serialize.save(file, { model: new nn.Linear(2, 2) });
    const a = torch.randn([4], { device: 'cuda' });
    const ck = serialize.load(file, { device: 'cuda' });
    assert.equal(ck.rng!.device, 'cpu');
    assert.equal(ck.cudaRng![0].device, 'cpu');
    torch.cuda.setRngStateAll(ck.cudaRng!);
    const b = torch.randn([4], { device: 'cuda' });
    assert.deepEqual(Array.from(b.cpu().data() as Float32Array), Array.from(a.cpu().data() as Float32Array));
  });
});

describe('CUDA resume', { skip }, () => {
  it('a checkpoint resumes a CUDA run with dropout: N + N steps give the weights of 2N steps', () => {
    const file = checkpointPath();
    const make = () => {
      torch.manualSeed(1);
      const m = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(16, 2)).to('cuda');
      return { m, opt: new optim.Adam(m.parameters(), { lr: 1e-2 }) };
    };
    const x = torch.randn([32, 8], { device: 'cuda' });
    const y = torch.randint(0, 2, [32], { device: 'cuda' });
    const train = ({ m, opt }: ReturnType<typeof make>, n: number) => {
      for (let i = 0; i < n; i++) {
        torch.tidy(() => {
          opt.zeroGrad();
          F.crossEntropy(m.forward(x) as Tensor, y).backward(); // dropout draws from the CUDA generator
          opt.step();
        });
      }
    };
    const a = make();
    torch.manualSeed(5);
    train(a, 20);
    const b = make();
    torch.manualSeed(5);
    train(b, 10);
    serialize.save(file, { model: b.m, optimizer: b.opt });
    torch.manualSeed(999); // disturb both generators: the checkpoint must restore them
    const c = make();
    const ck = serialize.load(file, { device: 'cuda' });
    c.m.loadStateDict(ck.model);
    c.opt.loadStateDict(ck.optimizer!);
    torch.setRngState(ck.rng!);
    torch.cuda.setRngStateAll(ck.cudaRng!);
    train(c, 10);
    const [pa, pc] = [a.m.parameters(), c.m.parameters()];
    pa.forEach((p, i) => close(pc[i], Array.from(p.cpu().data() as Float32Array), 1e-6, `parameter ${i}`));
  });
});

describe('CUDA autocast', { skip }, () => {
  it("gives PyTorch's output dtypes (softmax and losses in float32 on CUDA)", () => {
    const exprs = ['str(F.linear(x, w).dtype)', 'str(x.matmul(w.t()).dtype)', 'str(F.softmax(x, 1).dtype)', 'str(F.mse_loss(x, x).dtype)',
      'str(F.cross_entropy(x, y).dtype)', 'str((x + x.half()).dtype)', 'str(x.sum().dtype)', 'str(F.layer_norm(x, [8]).dtype)'];
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const want = python(exprs.map((e) => `under(torch.${dtype}, lambda: ${e})`),
        "x = torch.randn(4, 8, device='cuda'); w = torch.randn(3, 8, device='cuda'); y = torch.tensor([0, 1, 2, 0], device='cuda')\n" +
        "def under(d, f):\n    with torch.autocast('cuda', dtype=d):\n        return f()");
      const got = torch.tidy(() => amp.autocast({ device: 'cuda', dtype }, () => {
        const x = torch.randn([4, 8], { device: 'cuda' });
        const w = torch.randn([3, 8], { device: 'cuda' });
        const y = torch.tensor([0, 1, 2, 0], { device: 'cuda' });
        return [F.linear(x, w), x.matmul(w.t()), x.softmax(1), F.mseLoss(x, x), F.crossEntropy(x, y), x.add(x.half()), x.sum(),
          F.layerNorm(x, [8])].map((t) => `torch.${t.dtype}`);
      }));
      assert.deepEqual(got, want, dtype);
    }
  });
});

describe('CUDA training', { skip }, () => {
  it("fused Adam resumes from a CPU state dict: the step count moves to the parameter's device", () => {
    torch.tidy(() => {
      const model = new nn.Linear(4, 2);
      const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
      model.forward(torch.randn([3, 4])).sum().backward();
      opt.step();
      const cpuState = opt.stateDict(); // on the CPU, as serialize.load(path) gives it
      model.to('cuda');
      const gpuOpt = new optim.Adam(model.parameters(), { lr: 0.1 });
      gpuOpt.loadStateDict(cpuState);
      assert.equal(gpuOpt.stateDict().state[0].step.device, 'cuda:0');
      model.forward(torch.randn([3, 4], { device: 'cuda' })).sum().backward();
      gpuOpt.step();
      assert.equal(gpuOpt.stateDict().state[0].step.cpu().item(), 2);
    });
  });

  it('fused Adam under 16-mixed with GradScaler follows PyTorch (scale sequence, skipped steps, weights)', () => {
    const steps = 12;
    const infAt = [3, 7];
    const setup = `torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4)).cuda()
opt = torch.optim.Adam(m.parameters(), lr=1e-2, fused=True)
scaler = torch.amp.GradScaler('cuda', init_scale=2.**10, growth_interval=3)
x = torch.linspace(-1, 1, 8 * 16, device='cuda').reshape(8, 16); y = torch.arange(8, device='cuda') % 4
scales = []
for i in range(${steps}):
    opt.zero_grad()
    with torch.autocast('cuda', dtype=torch.float16):
        loss = F.cross_entropy(m(x * (float('inf') if i in ${JSON.stringify(infAt)} else 1.0)), y)
    scaler.scale(loss).backward(); scaler.step(opt); scaler.update(); scales.append(scaler.get_scale())
w = m[2].weight.float().flatten().tolist()`;
    const [scales, w] = python(['scales', 'w'], setup) as [number[], number[]];
    torch.manualSeed(0);
    const m = new nn.Sequential(new nn.Linear(16, 32), new nn.ReLU(), new nn.Linear(32, 4)).cuda();
    const opt = new optim.Adam(m.parameters(), { lr: 1e-2 });
    const scaler = new amp.GradScaler({ device: 'cuda', initScale: 2 ** 10, growthInterval: 3 });
    const got: number[] = [];
    for (let i = 0; i < steps; i++) {
      torch.tidy(() => {
        const x = torch.linspace(-1, 1, 8 * 16, { device: 'cuda' }).reshape(8, 16);
        const y = torch.arange(8, { device: 'cuda' }).remainder(4);
        opt.zeroGrad();
        const loss = amp.autocast({ device: 'cuda', dtype: 'float16' }, () => F.crossEntropy(m.forward(x.mul(infAt.includes(i) ? Infinity : 1)) as Tensor, y));
        scaler.scale(loss).backward();
        scaler.step(opt);
        scaler.update();
        got.push(scaler.getScale());
      });
    }
    assert.deepEqual(got, scales);
    close((m.at(2) as nn.Linear).weight, w, 1e-5, 'weights');
  });

  it('keeps a flat memory profile over 2,000 steps', () => {
    const m = new nn.Sequential(new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, 10)).cuda();
    const opt = new optim.AdamW(m.parameters());
    const step = () => torch.tidy(() => {
      const x = torch.randn([32, 64], { device: 'cuda' });
      const y = torch.randint(0, 10, [32], { device: 'cuda' });
      opt.zeroGrad();
      F.crossEntropy(m.forward(x) as Tensor, y).backward();
      opt.step();
    });
    for (let i = 0; i < 50; i++) step();
    const [live, bytes] = [torch.memory().liveTensors, torch.memory().cuda!.allocatedBytes];
    for (let i = 0; i < 2000; i++) step();
    assert.equal(torch.memory().liveTensors, live);
    assert.equal(torch.memory().cuda!.allocatedBytes, bytes);
  });
});

describe('CUDA tensors on a process group (Gloo, a world of one)', { skip }, () => {
  it('all-reduces a CUDA tensor and trains a CUDA model in DistributedDataParallel', async () => {
    const { distributed } = await import('../../lib/index.js');
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    await distributed.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeoutMs: 30_000 });
    try {
      const t = torch.tensor([1, 2, 3]).cuda();
      distributed.allReduce(t, { op: 'avg' });
      assert.deepEqual(t.cpu().toArray(), [1, 2, 3]);
      torch.manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)).to('cuda');
      const ddp = new nn.parallel.DistributedDataParallel(model);
      const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
      const x = torch.randn([16, 4]).cuda();
      const y = torch.randint(0, 2, [16]).cuda();
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        torch.tidy(() => {
          const loss = F.crossEntropy(ddp.forward(x) as Tensor, y);
          losses.push(loss.item() as number);
          loss.backward();
          opt.step();
          opt.zeroGrad();
        });
      }
      assert.ok(losses[4] < losses[0], `the loss falls: ${losses.join(', ')}`);
    } finally {
      distributed.destroyProcessGroup();
    }
  });
});
