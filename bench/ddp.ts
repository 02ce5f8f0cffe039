/**
 * Data-parallel training throughput: the Fashion-MNIST MLP and CNN (bench/train-throughput.ts's),
 * fused AdamW, a fixed global batch, 1 process × 1 thread against 2 ranks × 1 thread (each rank takes
 * half of the global batch; Gloo over loopback), for torchts (bench/ddp-worker.ts under
 * `torchts launch`) and PyTorch (bench/ddp_worker.py under `torchrun`) in the same run. Prints
 * samples/s, scaling efficiency (2-rank samples/s over twice the 1-process samples/s) and the
 * torchts/PyTorch ratio; the two sides alternate and each cell is the median over rounds.
 *
 *   npm run bench:ddp                                   # = npm run build:ts && node dist/bench/ddp.js
 *   node dist/bench/ddp.js --batch 128 --steps 40 --rounds 3 --json
 *   node dist/bench/ddp.js --malloc-caching     # glibc keeps freed memory (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), both sides
 *
 * --malloc-caching matters for the CNN: with glibc's defaults, a backward pass at 1 thread takes
 * about 10% longer in Node than in Python (its large buffers come and go through brk and page
 * faults differently); with the thresholds set, both run at the same speed. The variables are read
 * by glibc at process start, so both sides get the same allocator.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildInfo } from '../lib/native.js';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '128' }, steps: { type: 'string', default: '40' }, rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false }, 'malloc-caching': { type: 'boolean', default: false },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const python = process.env.TORCHTS_PYTHON ?? buildInfo.libtorch?.python;
if (!python) throw new Error('bench:ddp needs the reference Python torch (TORCHTS_PYTHON): it runs PyTorch DDP as the peer');
const caching = values['malloc-caching'] ? { MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TRIM_THRESHOLD_: String(2 ** 30) } : {};
const env = { ...process.env, OMP_NUM_THREADS: '1', GLOO_SOCKET_IFNAME: process.env.GLOO_SOCKET_IFNAME ?? 'lo', ...caching };
const args = (model: string) => [model, values.batch!, values.steps!];

function samplesPerSec(command: string, argv: string[]): number {
  const out = execFileSync(command, argv, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const line = out.split('\n').find((l) => l.includes('samplesPerSec'))!;
  return JSON.parse(line.slice(line.indexOf('{'))).samplesPerSec as number;
}

const runs = {
  torchts1: (m: string) => samplesPerSec(process.execPath, [join(here, 'ddp-worker.js'), ...args(m)]),
  torchts2: (m: string) => samplesPerSec(process.execPath, [join(root, 'dist', 'lib', 'cli.js'), 'launch', '--nproc-per-node', '2',
    join(here, 'ddp-worker.js'), ...args(m)]),
  torch1: (m: string) => samplesPerSec(python, [join(root, 'bench', 'ddp_worker.py'), ...args(m)]),
  torch2: (m: string) => samplesPerSec(join(dirname(python), 'torchrun'), ['--standalone', '--nproc-per-node', '2',
    join(root, 'bench', 'ddp_worker.py'), ...args(m)]),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results: Record<string, Record<string, number>> = {};
for (const model of ['mlp', 'cnn']) {
  const samples: Record<string, number[]> = { torchts1: [], torchts2: [], torch1: [], torch2: [] };
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const key of Object.keys(runs) as (keyof typeof runs)[]) samples[key].push(runs[key](model));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  results[model] = {
    ...m, torchtsEfficiency: m.torchts2 / (2 * m.torchts1), torchEfficiency: m.torch2 / (2 * m.torch1), ddpRatio: m.torchts2 / m.torch2,
  };
}
if (values.json) {
  console.log(JSON.stringify(results));
} else {
  console.log(`global batch ${values.batch}, ${values.steps} timed steps after 5 warm-up, 1 thread per process, Gloo on loopback; ` +
    `median of ${values.rounds} rounds; glibc malloc ${values['malloc-caching'] ? 'caching (thresholds 1 GiB)' : 'defaults'}`);
  console.log('| model | torchts 1 proc | torchts 2 ranks | efficiency | PyTorch 1 proc | PyTorch 2 ranks | efficiency | torchts/PyTorch DDP |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [model, r] of Object.entries(results)) {
    const f = (v: number) => v.toFixed(0);
    console.log(`| ${model} | ${f(r.torchts1)} | ${f(r.torchts2)} | ${(100 * r.torchtsEfficiency).toFixed(0)}% | ${f(r.torch1)} | ` +
      `${f(r.torch2)} | ${(100 * r.torchEfficiency).toFixed(0)}% | ${r.ddpRatio.toFixed(2)} |`);
  }
}
