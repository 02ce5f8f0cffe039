/**
 * Per-op overhead of torchts against Python torch on the same libtorch: one `add` whose result is
 * created and released each time, for 1 and 1000 elements, with and without autograd. Both sides
 * run here, in this run, with the same thread count; the ratio is torchts / Python (< 1: faster).
 *
 *   npm run bench:op-overhead            # or: node dist/bench/op-overhead.js --iters 200000
 *
 * torchts is timed two ways: results released by dispose() outside any scope (each tensor is
 * registered with the GC safety net), and inside torch.tidy (no registry; the scope releases them).
 * A breakdown then shows where the time of the 1-element add goes.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { torch } from '../lib/index.js';
import { median, seconds } from '../lib/bench/timing.js';
import { buildInfo, native } from '../lib/native.js';

const { values } = parseArgs({ options: { iters: { type: 'string', default: '200000' }, repeats: { type: 'string', default: '7' } } });
const iters = Number(values.iters);
const repeats = Number(values.repeats);
const threads = torch.getNumThreads();

// µs per op: the median of `repeats` runs after one that warms up.
function time(body: () => void): number {
  const runs = Array.from({ length: repeats + 1 }, () => (seconds(body) / iters) * 1e6);
  return median(runs.slice(1));
}

const rows: { case: string; dispose: number; tidy: number; python: number }[] = [];
const python = buildInfo.libtorch?.python ?? process.env.TORCHTS_PYTHON;
if (!python) throw new Error('bench/op-overhead needs the Python torch torchts was built against (or TORCHTS_PYTHON)');
const script = fileURLToPath(new URL('../../bench/op-overhead.py', import.meta.url));
const py = JSON.parse(execFileSync(python, [script, String(iters), String(repeats), String(threads)], { encoding: 'utf8' }));

for (const numel of [1, 1000]) {
  for (const grad of [false, true]) {
    const a = torch.ones([numel], { requiresGrad: grad });
    const b = torch.ones([numel]);
    const dispose = time(() => {
      for (let i = 0; i < iters; i++) a.add(b).dispose();
    });
    const tidy = time(() => {
      // One scope per 100 ops: about what a training step's scope holds.
      for (let i = 0; i < iters; i += 100) torch.tidy(() => { for (let j = 0; j < 100; j++) a.add(b); });
    });
    rows.push({ case: `add, ${numel} element${numel > 1 ? 's' : ''}, ${grad ? 'with' : 'no'} autograd`, dispose, tidy, python: py[`${numel}:${grad ? 'True' : 'False'}`] });
    a.dispose();
    b.dispose();
  }
}

// Where the time of the 1-element add goes: libtorch alone, the N-API call alone, the handle table
// without a JS object, and the public path.
const a1 = torch.ones([1]);
const b1 = torch.ones([1]);
const [ha, hb] = [a1._h, b1._h];
const breakdown: [string, number][] = [
  ['libtorch at::add in a C++ loop (the floor)', median(Array.from({ length: repeats }, () => native.benchmarkAdd(ha, hb, iters) / 1000))],
  ['an N-API call that does nothing', time(() => { for (let i = 0; i < iters; i++) native.isGradEnabled(); })],
  ['addon add + dispose by handle, no JS object', time(() => { for (let i = 0; i < iters; i++) native.dispose(native.add(ha, hb, 1)); })],
  ['Tensor.add + dispose (the public path)', rows[0].dispose],
  ['Tensor.add inside tidy', rows[0].tidy],
  ['Python torch: c = a + b', rows[0].python],
];

console.log(`op overhead: median of ${repeats} runs of ${iters} ops, ${threads} threads, libtorch ${torch.version}\n`);
const header = ['case', 'torchts dispose µs', 'torchts tidy µs', 'Python µs', 'ratio dispose', 'ratio tidy'];
const table = rows.map((r) => [
  r.case, r.dispose.toFixed(3), r.tidy.toFixed(3), r.python.toFixed(3), (r.dispose / r.python).toFixed(2), (r.tidy / r.python).toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
for (const row of [header, ...table]) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log('\nwhere the time of a 1-element add goes (µs per op):');
const w0 = Math.max(...breakdown.map(([k]) => k.length));
for (const [k, v] of breakdown) console.log(`  ${k.padEnd(w0)}  ${v.toFixed(3)}`);
