/**
 * Memory over a long training loop, against Python torch: the same MLP (Flatten → Linear(784, 256) →
 * ReLU → Linear(256, 10)), the same batch of random data (64 by default), fused AdamW, 20,000 steps
 * by the canonical loop (zeroGrad, forward, loss, backward, step), each torchts step inside
 * `torch.tidy`. Every `--every` steps it samples torchts's process RSS (`process.memoryUsage().rss`),
 * V8's heap and the addon's live tensors (`torch.memory()`), and the Python side (bench/memory.py,
 * run after the torchts loop, in its own process) samples its RSS from /proc/self/statm.
 *
 * It prints the samples and a summary: RSS growth from step `--every` (1,000: allocator caches, V8's
 * heap and libtorch's lazily built state have warmed up) to the end for each side, and the live
 * tensors after the first step (when AdamW's state exists) and at the end, which must be equal. It
 * asserts nothing. Both sides run with `--threads` intra-op threads (1 by default: these matmuls are
 * small, and on a shared 2-core machine a second OpenMP thread that loses its core makes every step
 * wait for it; memory, not speed, is measured here).
 *
 *   npm run bench:memory        # = npm run build:ts && node dist/bench/memory.js
 *   node dist/bench/memory.js --steps 20000 --batch 64 --every 1000 --threads 1
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Tensor, nn, optim, torch } from '../lib/index.js';
import { buildInfo } from '../lib/native.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '64' },
    every: { type: 'string', default: '1000' },
    threads: { type: 'string', default: '1' },
  },
});
const [steps, batch, every, threads] = [Number(values.steps), Number(values.batch), Number(values.every), Number(values.threads)];
if (!(steps >= 2 * every && steps % every === 0)) throw new Error('--steps must be a multiple of --every and at least twice it');

const python = buildInfo.libtorch?.python ?? process.env.TORCHTS_PYTHON;
if (!python) throw new Error('bench/memory needs the Python torch torchts was built against (or TORCHTS_PYTHON)');
const script = fileURLToPath(new URL('../../bench/memory.py', import.meta.url));

const MiB = 2 ** 20;
interface Sample { step: number; rss: number; heap: number; live: number; liveBytes: number }

// ---- torchts ----
torch.setNumThreads(threads);
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
const x = torch.randn([batch, 1, 28, 28]);
const y = torch.randint(0, 10, [batch]);
const sample = (step: number): Sample => {
  const m = torch.memory();
  const u = process.memoryUsage();
  return { step, rss: u.rss, heap: u.heapUsed, live: m.liveTensors, liveBytes: m.liveBytes };
};
const ours: Sample[] = [sample(0)];
const step = (read: boolean): number => torch.tidy(() => {
  opt.zeroGrad();
  const loss = nn.functional.crossEntropy(model.forward(x) as Tensor, y);
  loss.backward();
  opt.step();
  return read ? (loss.item() as number) : 0;
});
const t0 = performance.now();
const lossFirst = step(true);
const afterFirst = torch.memory().liveTensors; // AdamW's state now exists
let lossLast = lossFirst;
for (let i = 2; i <= steps; i++) {
  const l = step(i === steps);
  if (i === steps) lossLast = l;
  if (i % every === 0) ours.push(sample(i));
}
const ourSeconds = (performance.now() - t0) / 1000;
const end = torch.memory();
opt.dispose();
for (const t of [x, y, ...model.parameters()]) t.dispose();
const afterDispose = torch.memory().liveTensors;

// ---- Python torch, in its own process, after ours (the two never share the machine's cores) ----
const py = JSON.parse(execFileSync(python, [script, String(steps), String(batch), String(every), String(threads)], { encoding: 'utf8' })) as {
  samples: { step: number; rss: number }[]; loss_first: number; loss_last: number; seconds: number; threads: number; version: string;
};
const theirs = new Map(py.samples.map((s) => [s.step, s.rss]));

// ---- Report ----
const mib = (b: number) => (b / MiB).toFixed(1);
const signed = (b: number) => `${b >= 0 ? '+' : ''}${(b / MiB).toFixed(1)}`;
console.log(`memory over ${steps.toLocaleString('en-US')} training steps: MLP 784-256-10, batch ${batch} of random data, fused AdamW, ` +
  `${threads} thread${threads === 1 ? '' : 's'} each, torchts on libtorch ${torch.version} (Node ${process.versions.node}), Python torch ${py.version}\n`);
const header = ['step', 'torchts RSS MiB', 'V8 heap MiB', 'live tensors', 'live tensor MiB', 'Python RSS MiB'];
const rows = ours.map((s) => [s.step.toLocaleString('en-US'), mib(s.rss), mib(s.heap), String(s.live), mib(s.liveBytes),
  theirs.has(s.step) ? mib(theirs.get(s.step)!) : '']);
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padStart(w[i])).join('  '));

const at = (list: { step: number; rss: number }[], step: number) => list.find((s) => s.step === step)!.rss;
const ourGrowth = at(ours, steps) - at(ours, every);
const theirGrowth = at(py.samples, steps) - at(py.samples, every);
const ourMax = Math.max(...ours.filter((s) => s.step >= every).map((s) => s.rss)) - at(ours, every);
const theirMax = Math.max(...py.samples.filter((s) => s.step >= every).map((s) => s.rss)) - at(py.samples, every);
const fromTo = `step ${every.toLocaleString('en-US')} → ${steps.toLocaleString('en-US')}`;
console.log(`\nRSS growth, ${fromTo}: torchts ${signed(ourGrowth)} MiB (largest rise above step ${every.toLocaleString('en-US')}: ${signed(ourMax)}), ` +
  `Python ${signed(theirGrowth)} MiB (largest rise ${signed(theirMax)})`);
const half = Math.round(steps / 2 / every) * every;
const ourHalf = at(ours, steps) - at(ours, half);
const theirHalf = at(py.samples, steps) - at(py.samples, half);
const heapGrowth = ours.at(-1)!.heap - ours.find((s) => s.step === every)!.heap;
console.log(`  torchts − Python: ${signed(ourGrowth - theirGrowth)} MiB; V8's heap moved ${signed(heapGrowth)} MiB over the same steps. ` +
  `Second half (step ${half.toLocaleString('en-US')} → ${steps.toLocaleString('en-US')}): torchts ${signed(ourHalf)} MiB, Python ${signed(theirHalf)} MiB.`);
console.log(`RSS at the end: torchts ${mib(at(ours, steps))} MiB (a Node process with V8 and the addon), Python ${mib(at(py.samples, steps))} MiB`);
console.log(`live tensors: ${ours[0].live} before training, ${afterFirst} after step 1 (+ AdamW's state), ${end.liveTensors} after step ` +
  `${steps.toLocaleString('en-US')} (${end.liveTensors === afterFirst ? 'equal' : `NOT equal: ${end.liveTensors - afterFirst} more`}), ` +
  `${afterDispose} once the model, data and optimizer are disposed`);
const f = (v: number) => (v === 0 ? '0' : v < 1e-3 ? v.toExponential(2) : v.toFixed(4));
console.log(`loss ${f(lossFirst)} → ${f(lossLast)} (torchts), ${f(py.loss_first)} → ${f(py.loss_last)} (Python), on the one batch; ` +
  `time ${ourSeconds.toFixed(1)} s (torchts), ${py.seconds.toFixed(1)} s (Python)`);
