/**
 * Serving a PyTorch model from Node: a ResNet-18 (examples/export_resnet18.py, 3×224×224, random
 * weights) exported once from Python as TorchScript, as an AOTInductor package and as ONNX, then run
 * in one process by: torchts TorchScript `forwardAsync`, torchts AOTInductor `runAsync`, torchts
 * `serve.BatchQueue` over the TorchScript module, and onnxruntime-node (CPU execution provider); and
 * Python torch eager in its own process for reference. For each: batch-1 latency p50/p99 of sequential
 * requests, throughput with 16 requests in flight, and the event-loop delay p99 meanwhile.
 *
 *   npm run bench:serve                    # = npm run build:ts && node dist/bench/serve.js   (--json, --requests)
 *
 * Needs, for the ONNX row only: `pip install onnx onnxscript` in the Python torch's environment and
 * `ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@1.30.0` (the skip keeps the CPU
 * build the package ships; its installer would fetch GPU binaries). Without them that row is skipped.
 * The exports are made once in build/bench/serve/ (the AOTInductor one compiles for a minute or more).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Tensor, serialize, serve, torch } from '../lib/index.js';
import { buildInfo } from '../lib/native.js';
import { DelayMonitor, summarize } from '../examples/shared/latency.js';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '30' }, requests: { type: 'string', default: '64' }, concurrency: { type: 'string', default: '16' },
    json: { type: 'boolean', default: false },
  },
});
const sequential = Number(values.sequential);
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = join(root, 'build', 'bench', 'serve');
const python = process.env.TORCHTS_PYTHON ?? buildInfo.libtorch?.python;
if (!python) throw new Error('bench:serve needs the reference Python torch (TORCHTS_PYTHON) to export the model');

function exportModel(kind: string, file: string): boolean {
  if (existsSync(join(folder, file))) return true;
  mkdirSync(folder, { recursive: true });
  try {
    execFileSync(python!, [join(root, 'examples', 'export_resnet18.py'), folder, kind], { stdio: ['ignore', 'ignore', 'pipe'] });
    return true;
  } catch (e) {
    console.error(`(no ${kind} export: ${String((e as { stderr?: Buffer }).stderr ?? e).trim().split('\n').pop()})`);
    return false;
  }
}

/** One engine's numbers. */
interface Row { p50Ms: number; p99Ms: number; throughput: number; loopP99Ms: number | null }

/** Times `infer` (one batch-1 request): sequential latency, then `concurrency` in flight over `total` requests. */
async function measure(infer: () => Promise<void>): Promise<Row> {
  for (let i = 0; i < 3; i++) await infer();
  const lat: number[] = [];
  for (let i = 0; i < sequential; i++) {
    const t = performance.now();
    await infer();
    lat.push(performance.now() - t);
  }
  const delay = new DelayMonitor().start();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) await infer();
  }));
  const throughput = total / ((performance.now() - t0) / 1000);
  const s = summarize(lat);
  return { p50Ms: s.p50, p99Ms: s.p99, throughput, loopP99Ms: delay.stop().p99 };
}

const rows: Record<string, Row | null> = {};
exportModel('torchscript', 'resnet18.pt');
const input = serialize.loadFile(join(folder, 'sample.safetensors')).input;
const image = input.select(0, 0);

const script = torch.jit.load(join(folder, 'resnet18.pt')).eval();
rows['torchts TorchScript forwardAsync'] = await measure(async () => {
  (await script.forwardAsync(input) as Tensor).dispose();
});
const queue = new serve.BatchQueue(script, { maxBatch: concurrency, maxDelayMs: 2 });
rows['torchts BatchQueue (TorchScript)'] = await measure(async () => {
  (await queue.predict(image)).dispose();
});
if (exportModel('aoti', 'resnet18.pt2')) {
  const aoti = torch.aoti.loadPackage(join(folder, 'resnet18.pt2'));
  rows['torchts AOTInductor runAsync'] = await measure(async () => {
    for (const t of await aoti.runAsync([input])) t.dispose();
  });
}
/** The part of onnxruntime-node used here (an optional package: not a dependency, so not typed by it). */
interface Ort {
  InferenceSession: { create(path: string, options: object): Promise<{ run(feeds: object): Promise<object> }> };
  Tensor: new (type: string, data: Float32Array, dims: number[]) => object;
}
const ortName = 'onnxruntime-node';
const ort = await (import(ortName) as Promise<Ort>).catch(() => null);
if (!ort) console.error(`(no ${ortName}: ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save ${ortName}@1.30.0)`);
if (ort && exportModel('onnx', 'resnet18.onnx')) {
  const { version } = createRequire(import.meta.url)(`${ortName}/package.json`) as { version: string };
  const session = await ort.InferenceSession.create(join(folder, 'resnet18.onnx'), { executionProviders: ['cpu'] });
  const feed = { input: new ort.Tensor('float32', input.data() as Float32Array, [1, 3, 224, 224]) };
  rows[`onnxruntime-node ${version} session.run`] = await measure(async () => {
    await session.run(feed);
  });
}
const py = JSON.parse(execFileSync(python, [join(root, 'bench', 'serve_python.py'), join(root, 'examples'), String(sequential),
  String(concurrency), String(total)], { encoding: 'utf8' }).trim().split('\n').pop()!) as Row;
rows['Python torch eager (16 threads)'] = { ...py, loopP99Ms: null };

if (values.json) {
  console.log(JSON.stringify(rows));
} else {
  console.log(`ResNet-18, 3×224×224, fp32, CPU (${torch.getNumThreads()} libtorch threads); ${sequential} sequential batch-1 requests, ` +
    `then ${total} with ${concurrency} in flight`);
  console.log('| engine | batch-1 p50 ms | p99 ms | requests/s with 16 in flight | event-loop p99 ms meanwhile |');
  console.log('|---|---|---|---|---|');
  for (const [name, r] of Object.entries(rows)) {
    if (!r) continue;
    console.log(`| ${name} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.throughput.toFixed(1)} | ${r.loopP99Ms === null ? '-' : r.loopP99Ms.toFixed(1)} |`);
  }
}
