/**
 * OpenMP settings for a process that trains and serves at once, beside other busy processes. Each
 * configuration (libgomp's wait policy × libtorch's thread count) runs in its own child process,
 * because libgomp reads OMP_WAIT_POLICY once, when it loads. Each child trains the Fashion-MNIST CNN
 * (examples/fashion-mnist-cnn.ts shapes, batch 128, random data) with `Trainer.fit` on its main
 * thread, once on an idle machine and once beside a process that keeps one core busy, and measures
 * its own event-loop delay (perf_hooks.monitorEventLoopDelay) and its training throughput.
 *
 *   npm run bench:contention            # = npm run build:ts && node dist/bench/contention.js
 *   node dist/bench/contention.js --steps 40 --json
 *
 * What it answers: how long one training step can hold the JS thread when the cores are shared,
 * for each setting; the defaults torchts picks (docs/architecture.md, "Threads") come from it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '40' }, json: { type: 'boolean', default: false },
    child: { type: 'boolean', default: false }, threads: { type: 'string', default: '2' },
  },
});
const steps = Number(values.steps);

/** What one child measures: event-loop delay in ms and training samples/s. */
interface Measure { p50Ms: number; p99Ms: number; maxMs: number; samplesPerSec: number }

async function child(): Promise<void> {
  const { Trainer, data, nn, optim, torch } = await import('../lib/index.js');
  torch.setNumThreads(Number(values.threads));
  torch.manualSeed(0);
  const batch = 128;
  const model = new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 10));
  const x = torch.randn([batch * steps, 1, 28, 28]);
  const y = torch.randint(0, 10, [batch * steps]);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: batch });
  const trainer = new Trainer({ model, optimizer: new optim.AdamW(model.parameters(), { lr: 1e-3 }), loss: nn.functional.crossEntropy });
  await trainer.fit(new data.DataLoader(new data.TensorDataset(x.narrow(0, 0, batch * 3), y.narrow(0, 0, batch * 3)), { batchSize: batch }),
    { epochs: 1 }); // warm-up: first allocations
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const t0 = performance.now();
  await trainer.fit(loader, { epochs: 1 });
  const seconds = (performance.now() - t0) / 1000;
  delay.disable();
  const ms = (ns: number) => ns / 1e6;
  const m: Measure = {
    p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max), samplesPerSec: (batch * steps) / seconds,
  };
  process.stdout.write(JSON.stringify(m));
}

/** Runs one configuration in a child; `busy` starts a process that spins on one core meanwhile. */
async function measure(policy: string, threads: number, busy: boolean): Promise<Measure> {
  const spinner = busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
  try {
    // TORCHTS_OMP_DEFAULTS=0 keeps torchts from choosing the wait policy, so 'libgomp default' is libgomp's own.
    const env: NodeJS.ProcessEnv = { ...process.env, TORCHTS_OMP_DEFAULTS: '0' };
    delete env.OMP_WAIT_POLICY;
    if (policy !== 'libgomp default') env.OMP_WAIT_POLICY = policy;
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', '--steps', String(steps), '--threads', String(threads)],
        { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      p.stdout.on('data', (d: Buffer) => { text += d; });
      p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`child exited with code ${code}`))));
    });
    return JSON.parse(out) as Measure;
  } finally {
    spinner?.kill();
  }
}

async function main(): Promise<void> {
  const configs: [string, number][] = [['libgomp default', 2], ['ACTIVE', 2], ['PASSIVE', 2], ['libgomp default', 1], ['PASSIVE', 1]];
  const rows: { policy: string; threads: number; idle: Measure; busy: Measure }[] = [];
  for (const [policy, threads] of configs) {
    rows.push({ policy, threads, idle: await measure(policy, threads, false), busy: await measure(policy, threads, true) });
  }
  if (values.json) {
    console.log(JSON.stringify(rows));
    return;
  }
  const f = (v: number) => v.toFixed(0);
  console.log(`CNN, batch 128, ${steps} steps of Trainer.fit on the main thread; event-loop delay in ms, samples/s`);
  console.log('| OMP_WAIT_POLICY | threads | idle p99 | idle max | idle samples/s | beside a busy core: p99 | max | samples/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.policy} | ${r.threads} | ${f(r.idle.p99Ms)} | ${f(r.idle.maxMs)} | ${f(r.idle.samplesPerSec)} | ` +
      `${f(r.busy.p99Ms)} | ${f(r.busy.maxMs)} | ${f(r.busy.samplesPerSec)} |`);
  }
}

await (values.child ? child() : main());
