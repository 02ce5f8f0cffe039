/**
 * Training throughput against Python torch on the same libtorch: the same MLP and CNN (Fashion-MNIST
 * shapes), the same batch, fused AdamW, fp32 and bf16 autocast (and on CUDA fp16 autocast with a
 * GradScaler), the same thread count, the canonical loop (zero_grad, forward, loss, backward, step;
 * on CUDA the device is synchronised before each clock read). Prints samples/s and torchts / Python
 * (above 1: torchts is faster). The machine is shared and noisy, so the two sides alternate in
 * `--rounds` rounds and each cell is the median over rounds.
 *
 *   npm run build:ts && node dist/bench/train-throughput.js --steps 30 --repeats 5 --batch 128
 *   node dist/bench/train-throughput.js --cpu-caching   # both sides keep freed memory (torch.cpu.setMemoryCaching)
 *   node dist/bench/train-throughput.js --device cuda --steps 50
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Tensor, amp, nn, optim, torch } from '../lib/index.js';
import { median, seconds } from '../lib/bench/timing.js';
import { buildInfo } from '../lib/native.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '30' }, repeats: { type: 'string', default: '3' }, batch: { type: 'string', default: '128' },
  rounds: { type: 'string', default: '3' }, 'cpu-caching': { type: 'boolean', default: false }, device: { type: 'string', default: 'cpu' } } });
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const modes = device === 'cuda' ? ['fp32', 'bf16', 'fp16'] : ['fp32', 'bf16'];
const sync = () => { if (device === 'cuda') torch.cuda.synchronize(); };
const [steps, repeats, batch, rounds] = [Number(values.steps), Number(values.repeats), Number(values.batch), Number(values.rounds)];
const threads = torch.getNumThreads();

const make = (name: string): nn.Module => name === 'mlp'
  ? new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10))
  : new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Conv2d(32, 64, 3, { padding: 1 }),
    new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 10));

const python = buildInfo.libtorch?.python ?? process.env.TORCHTS_PYTHON;
if (!python) throw new Error('bench/train-throughput needs the Python torch torchts was built against (or TORCHTS_PYTHON)');
const script = fileURLToPath(new URL('../../bench/train_throughput.py', import.meta.url));
// --cpu-caching: torch.cpu.setMemoryCaching(true) here, and the same glibc malloc options for Python
// through the environment, so that both sides keep freed memory for reuse.
const caching = values['cpu-caching'];
if (caching) torch.cpu.setMemoryCaching(true);
const pythonEnv = caching
  ? { ...process.env, MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TRIM_THRESHOLD_: String(2 ** 30) }
  : process.env;
const runPython = (): Record<string, number> =>
  JSON.parse(execFileSync(python, [script, String(steps), String(repeats), String(batch), String(threads), device, modes.join(',')],
    { encoding: 'utf8', env: pythonEnv }));

function runTorchts(name: string, mode: string): number {
  torch.manualSeed(0);
  const model = make(name).to(device);
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
  const x = torch.randn([batch, 1, 28, 28]).to(device);
  const y = torch.randint(0, 10, [batch]).to(device);
  const scaler = new amp.GradScaler({ device, enabled: mode === 'fp16' });
  const step = () => torch.tidy(() => {
    opt.zeroGrad();
    const loss = amp.autocast({ device, dtype: mode === 'fp16' ? 'float16' : 'bfloat16', enabled: mode !== 'fp32' },
      () => nn.functional.crossEntropy(model.forward(x) as Tensor, y));
    scaler.scale(loss).backward();
    scaler.step(opt);
    scaler.update();
  });
  for (let i = 0; i < 10; i++) step(); // warm-up: the first steps allocate and JIT-compile
  const times = Array.from({ length: repeats }, () => seconds(() => { for (let i = 0; i < steps; i++) step(); }, sync));
  for (const t of [x, y, ...model.parameters()]) t.dispose();
  opt.dispose();
  return (batch * steps) / median(times);
}

const configs = ['mlp', 'cnn'].flatMap((m) => modes.map((mode) => `${m}:${mode}`));
const ours: Record<string, number[]> = {};
const theirs: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  const py = runPython();
  for (const c of configs) {
    (theirs[c] ??= []).push(py[c]);
    const [name, mode] = c.split(':');
    (ours[c] ??= []).push(runTorchts(name, mode));
  }
}
const rows = configs.map((c) => {
  const [o, t] = [median(ours[c]), median(theirs[c])];
  return [c.replace(':', ' '), o.toFixed(0), t.toFixed(0), (o / t).toFixed(2)];
});
console.log(`training throughput on ${device === 'cuda' ? torch.cuda.getDeviceProperties(0)!.name : 'CPU'}: batch ${batch}, ${steps} steps × ${repeats} repeats × ${rounds} alternating rounds (medians), ${threads} threads, fused AdamW, ` +
  `CPU memory caching ${caching ? 'on (both sides)' : 'off'}, libtorch ${torch.version}\n`);
const header = ['model', 'torchts samples/s', 'Python samples/s', 'torchts / Python'];
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
