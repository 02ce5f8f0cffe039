/**
 * Training throughput against TensorFlow.js, same MLP, same data: Flatten → Linear(784, 256) → ReLU
 * → Linear(256, 10), softmax cross-entropy, plain Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), fp32,
 * batch 128, trained on the same real Fashion-MNIST batches (the training set from
 * /usr/share/datasets/fashion-mnist, shuffled once with a fixed seed, scaled to [0, 1]) in the same
 * order by torchts and by TensorFlow.js 4.22.0 (`@tensorflow/tfjs`, the union package, which
 * registers the gradients) on its pure-JS CPU backend and on its WebAssembly backend
 * (`@tensorflow/tfjs-backend-wasm`).
 *
 * The TF.js model is written by hand with tfjs-core ops (`tf.variable`, `tf.matMul`, `tf.add`,
 * `tf.relu`, `tf.losses.softmaxCrossEntropy`, `tf.train.adam().minimize`), in prod mode. Its
 * variables start from the very values torchts's `nn.Linear` drew (PyTorch's Linear init:
 * kaiming-uniform, bound 1/sqrt(fan_in), for weight and bias), so every side does the same
 * arithmetic from the same start and the losses agree step for step.
 *
 * A step is: make the batch tensor from its Float32Array, forward, loss, backward, optimizer step,
 * and read the loss back (`item()` / `dataSync()`), so no side defers work past the clock. Every
 * side warms up for `--warmup` steps; then the sides take turns, `--repeats` times, each timing
 * `--steps` steps (`--wasm-steps`, `--cpu-steps` for the slower TF.js backends) after one untimed
 * step (which moves TF.js's variables to the backend just switched to, and lets libtorch resize its
 * thread pool). Samples/s is the median over repeats. torchts runs with libtorch's default thread
 * count and, as `torchts-1t`, with one thread, as both TF.js backends have in Node (see
 * bench/README.md). The losses are printed at step 1, at the last step all sides ran (the same
 * batches on every side) and at each side's last step.
 *
 *   npm run bench:tfjs          # = npm run build:ts && node dist/bench/tfjs-throughput.js
 *   node dist/bench/tfjs-throughput.js --steps 500 --wasm-steps 100 --cpu-steps 20 --repeats 5 --batch 128 --warmup 10
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
// The union package: tfjs-core with its gradients registered, and the pure-JS CPU backend.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type Tensor, data, nn, optim, torch } from '../lib/index.js';
import { median, seconds } from '../lib/bench/timing.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '500' },
    'wasm-steps': { type: 'string', default: '100' },
    'cpu-steps': { type: 'string', default: '20' },
    repeats: { type: 'string', default: '5' },
    batch: { type: 'string', default: '128' },
    warmup: { type: 'string', default: '10' },
    data: { type: 'string', default: process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist' },
    sides: { type: 'string', default: 'torchts,torchts-1t,tfjs-wasm,tfjs-cpu' },
  },
});
const steps = Number(values.steps);
const wasmSteps = Number(values['wasm-steps']);
const cpuSteps = Number(values['cpu-steps']);
const repeats = Number(values.repeats);
const batch = Number(values.batch);
const warmup = Number(values.warmup);
const sideNames = values.sides!.split(',');

// ---- Data: the Fashion-MNIST training set, shuffled once with a fixed seed, scaled to [0, 1]. ----
const images = data.readIdx(join(values.data!, 'train-images-idx3-ubyte.gz'));
const labels = data.readIdx(join(values.data!, 'train-labels-idx1-ubyte.gz'));
const pixels = images.data() as Uint8Array;
const classes = labels.data() as Uint8Array;
images.dispose();
labels.dispose();
const n = classes.length;
const perm = Uint32Array.from({ length: n }, (_, i) => i);
let seed = 0x9e3779b9;
const rand = () => { // xorshift32: the same permutation on every run
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 2 ** 32;
};
for (let i = n - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [perm[i], perm[j]] = [perm[j], perm[i]];
}
const xs = new Float32Array(n * 784); // shuffled images, [N, 784] row-major
const ys = new BigInt64Array(n); // labels for torchts (int64)
const oneHot = new Float32Array(n * 10); // labels for TF.js
for (let r = 0; r < n; r++) {
  const src = perm[r] * 784;
  for (let k = 0; k < 784; k++) xs[r * 784 + k] = pixels[src + k] / 255;
  ys[r] = BigInt(classes[perm[r]]);
  oneHot[r * 10 + classes[perm[r]]] = 1;
}
const batchesPerEpoch = Math.floor(n / batch); // the last partial batch is dropped
/** Batch `k` (0-based step number): the same rows for every side. */
const rows = (k: number) => {
  const start = (k % batchesPerEpoch) * batch;
  return {
    x: xs.subarray(start * 784, (start + batch) * 784),
    y: ys.subarray(start, start + batch),
    t: oneHot.subarray(start * 10, (start + batch) * 10),
  };
};

// ---- The initial weights: PyTorch's Linear init, drawn once by torchts and shared by every side. ----
torch.manualSeed(0);
const init = [new nn.Linear(784, 256), new nn.Linear(256, 10)].map((l) => {
  const values = { weight: l.weight.data() as Float32Array, bias: l.bias!.data() as Float32Array }; // weight [out, in]
  l.weight.dispose();
  l.bias!.dispose();
  return values;
});

interface Side {
  name: string;
  /** Makes the side's backend current. */
  activate(): Promise<void>;
  /** One training step on batch `k`; returns the loss read back to JS. */
  step(k: number): number;
  dispose(): void;
  /** What the side computes with, for the table. */
  threads: string;
  stepsPerRepeat: number;
}

const defaultThreads = torch.getNumThreads();

/** torchts with `threadsOpt` intra-op threads (libtorch's default unless given), from the shared initial weights. */
function torchtsSide(threadsOpt?: number): Side {
  const threads = threadsOpt ?? defaultThreads;
  const l1 = new nn.Linear(784, 256);
  const l2 = new nn.Linear(256, 10);
  torch.noGrad(() => [l1, l2].forEach((l, i) => torch.tidy(() => {
    l.weight.copy_(torch.from(init[i].weight, l.weight.shape));
    l.bias!.copy_(torch.from(init[i].bias, l.bias!.shape));
  })));
  const model = new nn.Sequential(new nn.Flatten(), l1, new nn.ReLU(), l2);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  return {
    name: threadsOpt === undefined ? 'torchts' : `torchts-${threads}t`,
    threads: `${threads} libtorch thread${threads === 1 ? '' : 's'}`,
    stepsPerRepeat: steps,
    async activate() {
      if (torch.getNumThreads() !== threads) torch.setNumThreads(threads);
    },
    step(k) {
      const { x, y } = rows(k);
      return torch.tidy(() => {
        const input = torch.from(x, [batch, 1, 28, 28]); // copies the batch into a tensor
        const target = torch.from(y);
        opt.zeroGrad();
        const loss = nn.functional.crossEntropy(model.forward(input) as Tensor, target);
        loss.backward();
        opt.step();
        return loss.item() as number;
      });
    },
    dispose() {
      opt.dispose();
      for (const p of model.parameters()) p.dispose();
    },
  };
}

let wasmReady = false;
async function tfjsSide(backend: 'cpu' | 'wasm'): Promise<Side> {
  if (backend === 'wasm' && !wasmReady) {
    // In Node the backend reads its .wasm with fs from a file-path prefix (a folder ending in '/').
    const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(`${wasmDir}/`);
    wasmReady = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialise`);
  await tf.ready();
  // Transposed to [in, out] so the forward pass is x · W + b.
  const variable = (vals: Float32Array, shape: [number, number] | [number], transposeFrom?: [number, number]) =>
    tf.tidy(() => {
      let t: tf.Tensor = tf.tensor(vals, transposeFrom ?? shape, 'float32');
      if (transposeFrom) t = tf.transpose(t);
      return tf.variable(t, true);
    });
  const w1 = variable(init[0].weight, [784, 256], [256, 784]);
  const b1 = variable(init[0].bias, [256]);
  const w2 = variable(init[1].weight, [256, 10], [10, 256]);
  const b2 = variable(init[1].bias, [10]);
  const vars = [w1, b1, w2, b2];
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  let threads: string;
  if (backend === 'cpu') threads = '1 thread (pure JS)';
  else {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    threads = `${getThreadsCount()} thread${getThreadsCount() === 1 ? '' : 's'} (SIMD ${simd ? 'on' : 'off'}, multithreading ${mt ? 'on' : 'off'})`;
  }
  return {
    name: `tfjs-${backend}`,
    threads,
    stepsPerRepeat: backend === 'cpu' ? cpuSteps : wasmSteps,
    async activate() {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
    },
    step(k) {
      const { x, t } = rows(k);
      return tf.tidy(() => {
        const input = tf.tensor2d(x, [batch, 784]); // the Flatten: the rows are already 784 long
        const target = tf.tensor2d(t, [batch, 10]);
        const cost = opt.minimize(() => {
          const h = tf.relu(tf.add(tf.matMul(input, w1), b1));
          const logits = tf.add(tf.matMul(h, w2), b2);
          return tf.losses.softmaxCrossEntropy(target, logits) as tf.Scalar;
        }, true, vars)!;
        return cost.dataSync()[0];
      });
    },
    dispose() {
      opt.dispose();
      for (const v of vars) v.dispose();
    },
  };
}

tf.enableProdMode(); // no debug checks, and no "install tfjs-node" banner
const sides: Side[] = [];
for (const s of sideNames) {
  if (s === 'torchts') sides.push(torchtsSide());
  else if (/^torchts-\d+t$/.test(s)) sides.push(torchtsSide(Number(s.slice(8, -1))));
  else if (s === 'tfjs-cpu' || s === 'tfjs-wasm') sides.push(await tfjsSide(s === 'tfjs-cpu' ? 'cpu' : 'wasm'));
  else throw new Error(`--sides: unknown side ${s} (torchts, torchts-<N>t, tfjs-wasm, tfjs-cpu)`);
}
const next = new Map<Side, number>(sides.map((s) => [s, 0])); // each side's next step number
const losses = new Map<Side, number[]>(sides.map((s) => [s, []]));
const run = (s: Side) => {
  const k = next.get(s)!;
  losses.get(s)!.push(s.step(k));
  next.set(s, k + 1);
};
for (const s of sides) {
  await s.activate();
  for (let i = 0; i < warmup; i++) run(s);
}
const usesTfjs = sides.some((s) => s.name.startsWith('tfjs-'));
const tfTensorsAfterWarmup = usesTfjs ? tf.memory().numTensors : 0;
const times = new Map<Side, number[]>(sides.map((s) => [s, []]));
for (let r = 0; r < repeats; r++) {
  for (const s of sides) {
    await s.activate();
    run(s); // untimed: moves TF.js's variables to the backend just switched to
    times.get(s)!.push(seconds(() => { for (let i = 0; i < s.stepsPerRepeat; i++) run(s); }));
  }
}

const common = Math.min(...sides.map((s) => losses.get(s)!.length));
const rate = new Map(sides.map((s) => [s, (batch * s.stepsPerRepeat) / median(times.get(s)!)]));
const byName = (name: string) => sides.find((s) => s.name === name);
const ours = byName('torchts');
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const faster = (a: Side, b: Side) => `${(rate.get(a)! / rate.get(b)!).toFixed(1)}×`;
const rowsOut = sides.map((s) => {
  const l = losses.get(s)!;
  const ratio = ours === undefined || s === ours ? '' : faster(ours, s);
  return [s.name, s.threads, String(s.stepsPerRepeat), fmt(rate.get(s)!), l[0].toFixed(4), l[common - 1].toFixed(4), `${l[l.length - 1].toFixed(4)} @${l.length}`, ratio];
});
console.log(`training throughput vs TF.js: MLP 784-256-10, Adam lr 1e-3, fp32, batch ${batch}, real Fashion-MNIST batches in the same order, ` +
  `${warmup} warm-up steps, ${repeats} interleaved repeats (median), libtorch ${torch.version}, tfjs-core ${tf.version_core}, Node ${process.versions.node}\n`);
const header = ['side', 'threads', 'steps/repeat', 'samples/s', 'loss @1', `loss @${common}`, 'loss @last', 'torchts is N× faster'];
const w = header.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i].length)));
for (const r of [header, ...rowsOut]) console.log(r.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
console.log(`\n"torchts is N× faster": torchts samples/s (${defaultThreads} threads) ÷ that row's samples/s. loss @${common}: after the same ${common} batches on every side.`);
const one = sides.find((s) => s.name === 'torchts-1t');
const peers = sides.filter((s) => s.name.startsWith('tfjs-'));
if (one && peers.length > 0) console.log(`one thread each: torchts-1t is ${peers.map((p) => `${faster(one, p)} faster than ${p.name}`).join(', ')}.`);
console.log(`samples/s of each repeat: ${sides.map((s) => `${s.name} ${times.get(s)!.map((t) => fmt((batch * s.stepsPerRepeat) / t)).join(' / ')}`).join('; ')}`);
if (peers.length > 0) console.log(`TF.js live tensors: ${tfTensorsAfterWarmup} after warm-up, ${tf.memory().numTensors} at the end (variables and Adam's state; nothing leaks per step).`);
for (const s of sides) s.dispose();
