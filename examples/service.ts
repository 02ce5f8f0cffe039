/**
 * A Node HTTP service that trains a model in the background and answers while it trains: progress,
 * predictions from the current weights, and stop. The Trainer yields to the event loop after every
 * batch, so requests are served between steps.
 *
 *   npm run build:ts && node dist/examples/service.js              # serves on http://127.0.0.1:8080
 *   curl -X POST localhost:8080/train     curl localhost:8080/progress
 *   curl -X POST localhost:8080/predict -d '{"index": 0}'           # a test image by index
 *   curl -X POST localhost:8080/stop
 *   node dist/examples/service.js --self-test                       # starts, trains, polls, predicts, stops, reports latency
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { type History, type Tensor, Trainer, accuracy, data, nn, optim, torch } from '../lib/index.js';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '8080' }, 'self-test': { type: 'boolean', default: false } } });

torch.manualSeed(0);
const trainSet = new data.FashionMNIST({ train: true });
const testSet = new data.FashionMNIST({ train: false });
const [testImages, testLabels] = testSet.tensors();
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3 });
const trainer = new Trainer({ model, optimizer, loss: nn.functional.crossEntropy, metrics: { accuracy },
  callbacks: [{ onBatchEnd: (_t, log) => { progress.step = log.step; progress.loss = log.loss; progress.epoch = log.epoch; } }] });

const progress = { running: false, epoch: 0, step: 0, loss: NaN, result: null as null | { valAccuracy?: number; stoppedBy: string } };
let controller: AbortController | null = null;

function startTraining(epochs: number): boolean {
  if (progress.running) return false;
  progress.running = true;
  controller = new AbortController();
  const loader = new data.DataLoader(trainSet, { batchSize: 64, shuffle: true, seed: 1 });
  const valLoader = new data.DataLoader(testSet, { batchSize: 1000 });
  trainer.fit(loader, { epochs, valLoader, signal: controller.signal })
    .then((h: History) => { progress.result = { valAccuracy: h.epochs.at(-1)?.valAccuracy, stoppedBy: h.aborted ? 'stop request' : 'end of training' }; })
    .catch((e: Error) => { progress.result = { stoppedBy: `error: ${e.message}` }; })
    .finally(() => { progress.running = false; });
  return true;
}

// Prediction with the current weights: eval mode for the forward pass, then back to training mode.
function predict(index: number): { label: number; predicted: number; probabilities: number[] } {
  const wasTraining = model.training;
  model.eval();
  try {
    return torch.tidy(() => torch.noGrad(() => {
      const probs = (model.forward(testImages.narrow(0, index, 1)) as Tensor).softmax(1).squeeze(0);
      return { label: testLabels.select(0, index).item() as number, predicted: probs.argmax().item() as number,
        probabilities: Array.from(probs.data() as Float32Array, (p) => +p.toFixed(4)) };
    }));
  } finally {
    model.train(wasTraining);
  }
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/progress') return send(res, 200, progress);
    if (req.method === 'POST' && req.url === '/train') {
      const { epochs = 1 } = await body(req);
      return startTraining(Number(epochs)) ? send(res, 202, { started: true }) : send(res, 409, { error: 'training is already running' });
    }
    if (req.method === 'POST' && req.url === '/stop') {
      controller?.abort();
      return send(res, 200, { stopping: progress.running });
    }
    if (req.method === 'POST' && req.url === '/predict') {
      const { index = 0 } = await body(req);
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= testImages.shape[0]) return send(res, 400, { error: `index must be an integer in [0, ${testImages.shape[0] - 1}]` });
      return send(res, 200, predict(i));
    }
    send(res, 404, { error: 'routes: GET /progress, POST /train {epochs}, POST /predict {index}, POST /stop' });
  } catch (e) {
    send(res, 500, { error: (e as Error).message });
  }
});

server.listen(args['self-test'] ? 0 : Number(args.port), '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  console.log(`serving on http://127.0.0.1:${port}`);
  if (!args['self-test']) return;
  // Self-test: train one epoch, poll progress while it trains and time the answers, predict, stop.
  const url = `http://127.0.0.1:${port}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (path: string, init?: RequestInit): Promise<any> => (await fetch(url + path, init)).json();
  await call('/train', { method: 'POST', body: JSON.stringify({ epochs: 2 }) });
  const latencies: number[] = [];
  let last = 0;
  while ((await call('/progress')).running) {
    const t0 = performance.now();
    const p = await call('/progress');
    latencies.push(performance.now() - t0);
    if (p.step >= last + 200) {
      last = p.step;
      console.log(`step ${p.step}: loss ${p.loss.toFixed(4)}; prediction for test image 0: ${JSON.stringify((await call('/predict', { method: 'POST', body: '{"index": 0}' })).predicted)}`);
    }
    if (p.step >= 1200) await call('/stop', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 20));
  }
  latencies.sort((a, b) => a - b);
  const result = (await call('/progress')).result;
  console.log(`training ended by ${result.stoppedBy}${result.valAccuracy ? `, test accuracy ${(result.valAccuracy * 100).toFixed(2)}%` : ''}`);
  console.log(`/progress answered ${latencies.length} times while training: median ${latencies[latencies.length >> 1].toFixed(1)} ms, ` +
    `max ${latencies.at(-1)!.toFixed(1)} ms`);
  server.close();
});
