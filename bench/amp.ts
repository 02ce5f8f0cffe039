/**
 * fp16 against fp32: trains the same model on the same synthetic batches in each precision mode and
 * reports samples/s, speedup over 32-true, peak memory, the loss after N steps and its drift from
 * 32-true, skipped steps and the final GradScaler scale. Warm-up steps are excluded; the device is
 * synchronised before each clock read; the time is the median of the repeats.
 *
 *   node dist/bench/amp.js --device cuda --model cnn --batch 256 --steps 50
 *   node dist/bench/amp.js --device cpu --modes 32-true,bf16-mixed --json
 *
 * On GPUs without tensor cores (compute capability < 7.0, e.g. the GTX 1080 Ti) mixed precision
 * mostly saves memory; the report says so when it sees one.
 */
import { parseArgs } from 'node:util';
import { type Tensor, amp, nn, optim, torch } from '../lib/index.js';

const { values } = parseArgs({
  options: {
    device: { type: 'string', default: 'cpu' },
    model: { type: 'string', default: 'cnn' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    modes: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const batch = Number(values.batch);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const repeats = Number(values.repeats);
const modes = (values.modes?.split(',') ?? (device === 'cuda' ? ['32-true', '16-mixed', 'bf16-mixed'] : ['32-true', 'bf16-mixed'])) as amp.PrecisionMode[];

/** The models the benchmark knows: input shape, class count, constructor. */
const MODELS: Record<string, { input: number[]; classes: number; make: () => nn.Module }> = {
  // Fashion-MNIST-sized CNN.
  cnn: {
    input: [1, 28, 28], classes: 10,
    make: () => new nn.Sequential(
      new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(64 * 7 * 7, 256), new nn.ReLU(), new nn.Linear(256, 10)),
  },
  // A small transformer encoder over 64 tokens of width 256, classifying the mean token.
  transformer: {
    input: [64, 256], classes: 10,
    make: () => {
      class Encoder extends nn.Module {
        layers = new nn.ModuleList([0, 1, 2, 3].map(() => new nn.TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true, dropout: 0 })));
        head = new nn.Linear(256, 10);
        forward(x: Tensor): Tensor {
          let h = x;
          for (const l of this.layers) h = (l as nn.TransformerEncoderLayer).forward(h);
          return this.head.forward(h.mean(1));
        }
      }
      return new Encoder();
    },
  },
};

const spec = MODELS[values.model!];
if (!spec) throw new Error(`--model must be one of ${Object.keys(MODELS).join(', ')}`);

function sync(): void {
  if (device === 'cuda') torch.cuda.synchronize();
}

interface Result {
  mode: amp.PrecisionMode; samplesPerSec: number; speedup: number; peakMemoryMiB: number; loss: number; lossDrift: number;
  skippedSteps: number; finalScale: number | null;
}

function runMode(mode: amp.PrecisionMode): Omit<Result, 'speedup' | 'lossDrift'> {
  torch.manualSeed(0);
  const model = spec.make().to(device);
  const precision = new amp.Precision(mode, { device });
  precision.convertModule(model);
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
  torch.manualSeed(1);
  const x = torch.randn([batch, ...spec.input], { device });
  const y = torch.randint(0, spec.classes, [batch], { device });
  let skipped = 0;
  let loss = NaN;
  const step = () => torch.tidy(() => {
    opt.zeroGrad();
    const l = precision.forward(() => nn.functional.crossEntropy((model.forward(precision.convertInput(x)) as Tensor).float(), y));
    precision.backward(l);
    if (!precision.step(opt)) skipped++;
    loss = l.item();
  });
  for (let i = 0; i < warmup; i++) step();
  if (device === 'cuda') torch.cuda.resetPeakMemoryStats();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    sync();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < steps; i++) step();
    sync();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)];
  // CUDA: the allocator's peak since the warm-up; CPU: the process's resident set after the run.
  const peak = device === 'cuda' ? torch.cuda.memoryStats().peakAllocatedBytes ?? 0 : process.memoryUsage().rss;
  const finalScale = precision.scaler?.getScale() ?? null;
  x.dispose();
  y.dispose();
  opt.dispose();
  return { mode, samplesPerSec: (batch * steps) / seconds, peakMemoryMiB: peak / 2 ** 20, loss, skippedSteps: skipped, finalScale };
}

const raw = modes.map(runMode);
const base = raw.find((r) => r.mode === '32-true') ?? raw[0];
const results: Result[] = raw.map((r) => ({ ...r, speedup: r.samplesPerSec / base.samplesPerSec, lossDrift: r.loss - base.loss }));
const dev = device === 'cuda' ? torch.cuda.getDeviceProperties(0) : null;
const noTensorCores = dev !== null && dev.major < 7;

if (values.json) {
  console.log(JSON.stringify({ device: dev?.name ?? 'cpu', model: values.model, batch, steps, repeats, results }, null, 2));
} else {
  console.log(`fp16 vs fp32: ${values.model} on ${dev ? `${dev.name} (compute ${dev.major}.${dev.minor})` : 'CPU'}, batch ${batch}, ` +
    `${steps} timed steps × ${repeats} repeats (median), ${warmup} warm-up steps, libtorch ${torch.version}`);
  const header = ['mode', 'samples/s', 'speedup', device === 'cuda' ? 'peak MiB' : 'RSS MiB', 'loss', 'drift', 'skipped', 'scale'];
  const rows = results.map((r) => [r.mode, r.samplesPerSec.toFixed(0), `${r.speedup.toFixed(2)}x`, r.peakMemoryMiB.toFixed(0), r.loss.toFixed(4),
    r.lossDrift >= 0 ? `+${r.lossDrift.toExponential(1)}` : r.lossDrift.toExponential(1), String(r.skippedSteps), r.finalScale === null ? '-' : String(r.finalScale)]);
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  if (noTensorCores) console.log('\nThis GPU has no tensor cores (compute capability < 7.0): mixed precision mostly saves memory here; measure before using it.');
}
