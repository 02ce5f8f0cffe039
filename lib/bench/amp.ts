/**
 * The fp16-vs-fp32 benchmark: trains the same model on the same synthetic batches in each precision
 * mode and reports samples/s, speedup over 32-true, peak memory, the loss after N steps and its drift
 * from 32-true, skipped steps and the final GradScaler scale. Warm-up steps are excluded; the device is
 * synchronised before each clock read; the time is the median of the repeats. Used by
 * `torchts bench amp` and bench/amp.ts.
 * @module
 */
import * as amp from '../amp/index.js';
import { checkOptions, invalidArg, isInt } from '../errors.js';
import * as nn from '../nn/index.js';
import * as optim from '../optim/index.js';
import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../torch.js';
import { svgBarChart } from '../train/chart.js';
import { median, seconds } from './timing.js';

/** The models the benchmark knows: input shape, class count, constructor. */
export const MODELS: Record<string, { input: number[]; classes: number; make: () => nn.Module }> = {
  // Fashion-MNIST-sized CNN.
  cnn: {
    input: [1, 28, 28], classes: 10,
    make: () => new nn.Sequential(
      new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(64 * 7 * 7, 256), new nn.ReLU(), new nn.Linear(256, 10)),
  },
  // A ResNet-style CNN on 32×32 RGB inputs (CIFAR-sized): a stem and three stages of two residual
  // blocks each (widths 32, 64, 128; stride 2 between stages), global average pooling, a linear head.
  resnet: {
    input: [3, 32, 32], classes: 10,
    make: () => {
      class Block extends nn.Module {
        conv1: nn.Conv2d; bn1: nn.BatchNorm2d; conv2: nn.Conv2d; bn2: nn.BatchNorm2d;
        shortcut: nn.Module;
        constructor(cin: number, cout: number, stride: number) {
          super();
          this.conv1 = new nn.Conv2d(cin, cout, 3, { stride, padding: 1, bias: false });
          this.bn1 = new nn.BatchNorm2d(cout);
          this.conv2 = new nn.Conv2d(cout, cout, 3, { padding: 1, bias: false });
          this.bn2 = new nn.BatchNorm2d(cout);
          this.shortcut = stride === 1 && cin === cout ? new nn.Identity()
            : new nn.Sequential(new nn.Conv2d(cin, cout, 1, { stride, bias: false }), new nn.BatchNorm2d(cout));
        }
        forward(x: Tensor): Tensor {
          const h = this.bn2.forward(this.conv2.forward(this.bn1.forward(this.conv1.forward(x)).relu()));
          return h.add(this.shortcut.forward(x) as Tensor).relu();
        }
      }
      const stages = [[32, 32, 1], [32, 64, 2], [64, 128, 2]]
        .flatMap(([cin, cout, s]) => [new Block(cin, cout, s), new Block(cout, cout, 1)]);
      return new nn.Sequential(new nn.Conv2d(3, 32, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(32), new nn.ReLU(),
        ...stages, new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(128, 10));
    },
  },
  // A small transformer encoder over 64 tokens of width 256, classifying the mean token.
  transformer: {
    input: [64, 256], classes: 10,
    make: () => {
      class Encoder extends nn.Module {
        layers = new nn.ModuleList([0, 1, 2, 3].map(() =>
          new nn.TransformerEncoderLayer(256, 8, { dimFeedforward: 1024, batchFirst: true, dropout: 0 })));
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

/** Options of {@link benchAmp}. */
export interface AmpBenchOptions {
  device?: 'cpu' | 'cuda';
  /** One of {@link MODELS}: 'cnn' (default), 'resnet' or 'transformer'. */
  model?: string;
  batch?: number;
  steps?: number;
  warmup?: number;
  repeats?: number;
  /** Default: 32-true, 16-mixed and bf16-mixed on CUDA; 32-true and bf16-mixed on CPU. */
  modes?: amp.PrecisionMode[];
}

/** One mode's measurements. */
export interface AmpBenchResult {
  mode: amp.PrecisionMode;
  samplesPerSec: number;
  /** samples/s over 32-true's. */
  speedup: number;
  /** CUDA: the allocator's peak after warm-up; CPU: the process's resident set after the run. */
  peakMemoryMiB: number;
  loss: number;
  /** loss minus 32-true's loss after the same steps. */
  lossDrift: number;
  skippedSteps: number;
  finalScale: number | null;
}

/** What {@link benchAmp} returns. */
export interface AmpBenchReport {
  device: string;
  /** Compute capability of the GPU, e.g. '8.0'; null on CPU. */
  capability: string | null;
  /** True for GPUs older than Volta (no tensor cores), where mixed precision mostly saves memory. */
  noTensorCores: boolean;
  model: string;
  batch: number;
  steps: number;
  warmup: number;
  repeats: number;
  libtorch: string;
  results: AmpBenchResult[];
}

/** Runs the benchmark. Synchronous work per step; yields between modes. */
export async function benchAmp(options: AmpBenchOptions = {}): Promise<AmpBenchReport> {
  checkOptions('benchAmp', options, ['device', 'model', 'batch', 'steps', 'warmup', 'repeats', 'modes']);
  const device = options.device ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda') invalidArg('benchAmp', 'device', "'cpu' or 'cuda'", device);
  if (device === 'cuda' && !torch.cuda.isAvailable()) throw new RangeError('benchAmp(): device is cuda, but CUDA is not available here');
  const name = options.model ?? 'cnn';
  const spec = MODELS[name];
  if (!spec) invalidArg('benchAmp', 'model', Object.keys(MODELS).map((m) => `'${m}'`).join(' or '), name);
  const [batch, steps, warmup, repeats] = [options.batch ?? 64, options.steps ?? 30, options.warmup ?? 5, options.repeats ?? 3];
  for (const [k, v] of [['batch', batch], ['steps', steps], ['repeats', repeats]] as const) if (!isInt(v) || v < 1) invalidArg('benchAmp', k, 'a positive integer', v);
  if (!isInt(warmup) || warmup < 0) invalidArg('benchAmp', 'warmup', 'a non-negative integer', warmup);
  const modes = options.modes ?? (device === 'cuda' ? ['32-true', '16-mixed', 'bf16-mixed'] : ['32-true', 'bf16-mixed']);
  for (const m of modes) if (!amp.PRECISION_MODES.includes(m)) invalidArg('benchAmp', 'modes', amp.PRECISION_MODES.join(', '), m);
  const sync = () => { if (device === 'cuda') torch.cuda.synchronize(); };

  const raw: Omit<AmpBenchResult, 'speedup' | 'lossDrift'>[] = [];
  for (const mode of modes) {
    torch.manualSeed(0);
    const model = spec.make().to(device);
    const precision = new amp.Precision(mode, { device });
    precision.convertModule(model);
    const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
    torch.manualSeed(1);
    const x = torch.randn([batch, ...spec.input], { device });
    const y = torch.randint(0, spec.classes, [batch], { device });
    let skipped = 0;
    // The last step's loss stays on the device, read once after timing: reading it every step
    // would make the host wait for the device every step.
    let last: Tensor | null = null;
    const step = () => torch.tidy(() => {
      opt.zeroGrad();
      const l = precision.forward(() => nn.functional.crossEntropy((model.forward(precision.convertInput(x)) as Tensor).float(), y));
      precision.backward(l);
      if (!precision.step(opt)) skipped++;
      last?.dispose();
      last = torch.keep(l.detach());
    });
    for (let i = 0; i < warmup; i++) step();
    if (device === 'cuda') torch.cuda.resetPeakMemoryStats();
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      times.push(seconds(() => { for (let i = 0; i < steps; i++) step(); }, sync));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const peak = device === 'cuda' ? torch.cuda.memoryStats().peakAllocatedBytes ?? 0 : process.memoryUsage().rss;
    const loss = (last as Tensor | null)?.item() ?? NaN;
    raw.push({ mode, samplesPerSec: (batch * steps) / median(times), peakMemoryMiB: peak / 2 ** 20, loss, skippedSteps: skipped,
      finalScale: precision.scaler?.getScale() ?? null });
    // Release this mode's tensors now, so the next mode's peak memory is its own.
    for (const t of [x, y, last, ...model.parameters(), ...model.buffers()]) t?.dispose();
    opt.dispose();
  }
  const base = raw.find((r) => r.mode === '32-true') ?? raw[0];
  const dev = device === 'cuda' ? torch.cuda.getDeviceProperties(0) : null;
  return {
    device: dev?.name ?? 'cpu', capability: dev ? `${dev.major}.${dev.minor}` : null, noTensorCores: dev !== null && dev.major < 7,
    model: name, batch, steps, warmup, repeats, libtorch: torch.version,
    results: raw.map((r) => ({ ...r, speedup: r.samplesPerSec / base.samplesPerSec, lossDrift: r.loss - base.loss })),
  };
}

/** The report as a table, with the no-tensor-cores note where it applies. */
export function formatAmpReport(r: AmpBenchReport): string {
  const onGpu = r.capability !== null;
  const lines = [`fp16 vs fp32: ${r.model} on ${onGpu ? `${r.device} (compute ${r.capability})` : 'CPU'}, batch ${r.batch}, ` +
    `${r.steps} timed steps × ${r.repeats} repeats (median), ${r.warmup} warm-up steps, libtorch ${r.libtorch}`];
  const header = ['mode', 'samples/s', 'speedup', onGpu ? 'peak MiB' : 'RSS MiB', 'loss', 'drift', 'skipped', 'scale'];
  const rows = r.results.map((x) => [x.mode, x.samplesPerSec.toFixed(0), `${x.speedup.toFixed(2)}x`, x.peakMemoryMiB.toFixed(0), x.loss.toFixed(4),
    x.lossDrift >= 0 ? `+${x.lossDrift.toExponential(1)}` : x.lossDrift.toExponential(1), String(x.skippedSteps), x.finalScale === null ? '-' : String(x.finalScale)]);
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) lines.push(row.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  if (r.noTensorCores) lines.push('', NO_TENSOR_CORES);
  return lines.join('\n');
}

const NO_TENSOR_CORES = 'This GPU has no tensor cores (compute capability < 7.0): mixed precision mostly saves memory here; measure before using it.';

/**
 * The report as an SVG document: three panels, samples/s (labelled with the speedup over 32-true),
 * peak memory, and the loss after the timed steps, one bar per mode; the no-tensor-cores note as a
 * footnote where it applies.
 */
export function ampChart(r: AmpBenchReport): string {
  const onGpu = r.capability !== null;
  const bars = (value: (x: AmpBenchResult) => number, note?: (x: AmpBenchResult) => string) =>
    r.results.map((x) => ({ label: x.mode, value: value(x), note: note?.(x) }));
  return svgBarChart(`torchts bench amp: ${r.model}, batch ${r.batch}, on ${onGpu ? `${r.device} (compute ${r.capability})` : 'CPU'}`, [
    { title: 'throughput (speedup over 32-true)', yLabel: 'samples/s', bars: bars((x) => x.samplesPerSec, (x) => `${x.speedup.toFixed(2)}x`) },
    { title: onGpu ? 'peak allocated memory' : 'resident set after the run', yLabel: 'MiB', bars: bars((x) => x.peakMemoryMiB, (x) => x.peakMemoryMiB.toFixed(0)) },
    { title: `loss after ${r.warmup + r.steps * r.repeats} steps`, yLabel: 'loss', bars: bars((x) => x.loss, (x) => x.loss.toFixed(3)) },
  ], { footnote: r.noTensorCores ? NO_TENSOR_CORES : `libtorch ${r.libtorch}; median of ${r.repeats} repeats of ${r.steps} steps after ${r.warmup} warm-up steps` });
}
