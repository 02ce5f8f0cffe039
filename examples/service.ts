/**
 * A Node HTTP service that trains the Fashion-MNIST CNN (examples/fashion-mnist-cnn.ts's network)
 * and answers while it trains: progress, predictions from the latest weights, and stop. Training
 * runs off the main thread, in a TrainingJob (a worker thread running examples/service-job.ts), so
 * a request never waits for a training step; /predict answers from a main-thread copy of the model
 * that takes a snapshot of the job's weights every `--snapshot-every` steps, or on demand.
 *
 *   npm run build:ts && node dist/examples/service.js              # serves on http://127.0.0.1:8080
 *   curl -X POST localhost:8080/train -d '{"epochs": 1}'           # or {"steps": 300}
 *   curl localhost:8080/progress
 *   curl -X POST localhost:8080/predict -d '{"index": 0}'           # test image 0; "fresh": true snapshots first
 *   curl -X POST localhost:8080/stop
 *   node dist/examples/service.js --self-test --steps 150          # trains, polls, reports latency, stops, exits
 *
 * Other flags: --snapshot-every N (steps between snapshots, 25), --job-threads N (libtorch threads of
 * the training worker; default one per core), --predict-threads N (of the main thread; default 1),
 * --weights FILE (where the job writes its final weights; build/service/model.safetensors).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { torch } from '../lib/index.js';
import { Predictor } from './service-predictor.js';
import { BackgroundTraining } from './service-training.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'self-test': { type: 'boolean', default: false },
    steps: { type: 'string', default: '150' }, // training steps of the self-test
    'snapshot-every': { type: 'string', default: '25' },
    'job-threads': { type: 'string' }, // libtorch threads of the training worker; default one per core
    'predict-threads': { type: 'string', default: '1' }, // libtorch threads of this (the main) thread
    weights: { type: 'string', default: 'build/service/model.safetensors' },
  },
});

// The thread budget. Training gets libtorch's default, one thread per core; this thread predicts one
// image at a time, which gains nothing from a second thread that would have to wake up on a core the
// training holds. A thread that has not yet set its own count starts with the one set last anywhere
// in the process, so the job is given its count explicitly rather than inheriting this thread's.
const jobThreads = args['job-threads'] === undefined ? torch.getNumThreads() : Number(args['job-threads']);
torch.setNumThreads(Number(args['predict-threads']));
const predictor = new Predictor();
const training = new BackgroundTraining(predictor, { snapshotEvery: Number(args['snapshot-every']), weightsFile: args.weights!, jobThreads });

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const positive = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);

const server = createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/progress') return send(res, 200, training.progress);
    if (req.method === 'POST' && req.url === '/train') {
      const { epochs = 1, steps } = await body(req);
      if (!positive(epochs) || !positive(steps)) return send(res, 400, { error: 'epochs and steps must be positive integers' });
      const started = training.start({ epochs: epochs as number, maxSteps: steps as number | undefined });
      return started ? send(res, 202, { started: true }) : send(res, 409, { error: 'training is already running' });
    }
    if (req.method === 'POST' && req.url === '/stop') return send(res, 200, { stopping: training.stop() });
    if (req.method === 'POST' && req.url === '/predict') {
      const { index = 0, fresh = false } = await body(req);
      if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= predictor.size) {
        return send(res, 400, { error: `index must be an integer in [0, ${predictor.size - 1}]` });
      }
      if (fresh) await training.refresh();
      if (predictor.weightsStep === null) return send(res, 409, { error: 'no weights yet: POST /train first; the first snapshot follows within a few steps' });
      return send(res, 200, predictor.predict(index as number));
    }
    send(res, 404, { error: 'routes: GET /progress, POST /train {epochs, steps}, POST /predict {index, fresh}, POST /stop' });
  } catch (e) {
    send(res, e instanceof SyntaxError ? 400 : 500, { error: (e as Error).message }); // SyntaxError: a body that is not JSON
  }
});

server.listen(args['self-test'] ? 0 : Number(args.port), '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  console.log(`serving on http://127.0.0.1:${port} (libtorch threads: ${torch.getNumThreads()} here for predictions, ${jobThreads} for training)`);
  if (!args['self-test']) return;
  const { selfTest } = await import('./service-self-test.js');
  const ok = await selfTest(`http://127.0.0.1:${port}`, { steps: Number(args.steps), predictor })
    .catch((e: Error) => { console.error(`self-test failed: ${e.stack}`); return false; });
  training.stop(); // a failed self-test may leave a run going, which would keep the process alive
  server.close();
  process.exitCode = ok ? 0 : 1;
});
