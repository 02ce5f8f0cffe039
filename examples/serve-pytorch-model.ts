/**
 * A Node HTTP service that answers with a model trained and exported in Python: a ResNet-18 saved by
 * `torch.jit.save` (examples/export_resnet18.py writes it, with random weights, using the Python
 * torch torchts was built against). Inference runs off the JavaScript thread, so the service keeps
 * answering while it computes: concurrent requests share batches through `serve.BatchQueue`, or each
 * runs alone with `forwardAsync` (`--no-batch`).
 *
 *   npm run build:ts && node dist/examples/serve-pytorch-model.js               # http://127.0.0.1:8081
 *   curl -X POST localhost:8081/predict -d '{"seed": 1}'                          # a random image, its top-5 classes
 *   node dist/examples/serve-pytorch-model.js --self-test [--no-batch] [--clients 32] [--requests 256]
 *   node dist/examples/serve-pytorch-model.js --aoti --self-test      # the AOTInductor package instead (compiled once)
 *
 * --model FILE serves another TorchScript file taking [N, 3, 224, 224] images (default: the export,
 * made in build/serve/ on first use). --aoti serves the AOTInductor package of the same model, compiled
 * for one image at a time (so without batching): about twice TorchScript's speed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Tensor, serialize, serve, torch } from '../lib/index.js';
import { buildInfo } from '../lib/native.js';
import { DelayMonitor, TimedClient, summarize } from './shared/latency.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' }, model: { type: 'string' }, 'self-test': { type: 'boolean', default: false },
    'no-batch': { type: 'boolean', default: false }, clients: { type: 'string', default: '32' }, requests: { type: 'string', default: '256' },
    aoti: { type: 'boolean', default: false },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** The model file: --model, or the export of examples/export_resnet18.py (made once). */
function modelPath(): string {
  if (args.model && !args.aoti) return args.model;
  const folder = join(root, 'build', 'serve');
  const [kind, file] = args.aoti ? ['aoti', join(folder, 'resnet18.pt2')] : ['torchscript', join(folder, 'resnet18.pt')];
  if (!existsSync(file)) {
    const python = process.env.TORCHTS_PYTHON ?? buildInfo.libtorch?.python;
    if (!python) throw new Error('no Python torch to export the model with: set TORCHTS_PYTHON, or pass --model');
    mkdirSync(folder, { recursive: true });
    console.log(`exporting ResNet-18 from PyTorch (${python}, ${kind}) ...`);
    execFileSync(python, [join(root, 'examples', 'export_resnet18.py'), folder, kind], { stdio: 'inherit' });
  }
  return file;
}

const path = modelPath();
const aoti = args.aoti ? torch.aoti.loadPackage(path) : null;
const model = aoti ? null : torch.jit.load(path).eval();
const queue = model && !args['no-batch'] ? new serve.BatchQueue(model, { maxBatch: 32, maxDelayMs: 2 }) : null;

/** A batch's logits, off the JS thread. */
async function run(batch: Tensor): Promise<Tensor> {
  return aoti ? (await aoti.runAsync([batch]))[0] : ((await model!.forwardAsync(batch)) as Tensor);
}

/** One image's logits: through the queue, or alone. */
async function logits(image: Tensor): Promise<Tensor> {
  if (queue) return queue.predict(image);
  const out = await run(image.unsqueeze(0));
  return out.select(0, 0);
}

async function predict(body: { seed?: unknown }): Promise<{ top5: { class: number; score: number }[] }> {
  const seed = typeof body.seed === 'number' && Number.isInteger(body.seed) ? body.seed : 0;
  const image = torch.tidy(() => {
    torch.manualSeed(seed);
    return torch.randn([3, 224, 224]);
  });
  const out = await logits(image);
  image.dispose();
  const top = torch.tidy(() => out.softmax(0).topk(5));
  const [scores, classes] = [top.values.toArray() as number[], top.indices.toArray() as number[]];
  for (const t of [out, top.values, top.indices]) t.dispose();
  return { top5: classes.map((c, i) => ({ class: c, score: +scores[i].toFixed(5) })) };
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { text += c; });
    req.on('end', () => {
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        reject(new TypeError('the body is not JSON'));
      }
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  try {
    if (req.method === 'POST' && req.url === '/predict') send(200, await predict(await readJson(req)));
    else if (req.method === 'GET' && req.url === '/health') send(200, { ok: true, batching: queue !== null, stats: queue?.stats ?? null });
    else send(404, { error: 'POST /predict or GET /health' });
  } catch (e) {
    send(e instanceof TypeError ? 400 : 500, { error: (e as Error).message });
  }
}

/** 32 clients (by default) each send their requests one after the other; latency and event-loop delay are reported. */
async function selfTest(base: string): Promise<boolean> {
  const clients = Number(args.clients);
  const perClient = Math.ceil(Number(args.requests) / clients);
  // The served model agrees with PyTorch's output for the export's sample.
  const sample = serialize.loadFile(join(dirname(path), 'sample.safetensors'));
  const ours = ((await run(sample.input)).toArray() as number[][])[0];
  const theirs = (sample.output.toArray() as number[][])[0];
  const agrees = ours.every((v, i) => Math.abs(v - theirs[i]) <= 1e-4 * (1 + Math.abs(theirs[i])));
  console.log(`the loaded model ${agrees ? 'gives' : 'does NOT give'} PyTorch's output for the export's sample`);
  const warm = new TimedClient(base);
  await warm.call('POST', '/predict', { seed: 0 });
  warm.close();
  const delay = new DelayMonitor().start();
  const started = performance.now();
  const latencies: number[] = [];
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const client = new TimedClient(base);
    for (let i = 0; i < perClient; i++) {
      const r = await client.call('POST', '/predict', { seed: c * perClient + i });
      if (r.status !== 200) throw new Error(`POST /predict answered ${r.status}`);
      latencies.push(r.ms);
    }
    client.close();
  }));
  const seconds = (performance.now() - started) / 1000;
  const loop = delay.stop();
  const l = summarize(latencies);
  const how = queue ? 'batched (BatchQueue)' : aoti ? 'one at a time (AOTInductor runAsync)' : 'one at a time (forwardAsync)';
  console.log(`${latencies.length} requests from ${clients} concurrent clients, ${how}: ` +
    `${(latencies.length / seconds).toFixed(1)} requests/s`);
  console.log(`request latency p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms; event-loop delay p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms`);
  if (queue) console.log(`batches: ${JSON.stringify(queue.stats)}`);
  return agrees;
}

const server = createServer((req, res) => void handle(req, res)).listen(args['self-test'] ? 0 : Number(args.port), '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`serving ${path} on ${base} (${queue ? 'batched' : 'unbatched'}; libtorch threads: ${torch.getNumThreads()})`);
if (args['self-test']) {
  const ok = await selfTest(base);
  server.close();
  (aoti ?? model)!.dispose();
  process.exitCode = ok ? 0 : 1;
}
