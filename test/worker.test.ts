// The addon is context-aware (docs/architecture.md, "Threads"): it loads and works inside worker_threads, each
// worker with its own tensor table, while the main thread goes on; terminating a worker that holds
// tensors, or one that is busy in libtorch, does not crash the process.
//
// Workers load plain JavaScript only, so they import the compiled library, dist/lib/index.js.
// `npm test` runs `tsc -p tsconfig.json` before vitest; when this file is run on its own, beforeAll
// compiles dist/ if it is missing or older than lib/ (test/helpers/dist.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn, torch } from '../lib/index.js';
import { ensureDist, root } from './helpers/dist.js';

const TASK = join(root, 'test', 'helpers', 'worker-task.mjs');
let distUrl: string;

beforeAll(() => {
  distUrl = ensureDist();
}, 180_000);

/** The same computation as worker-task.mjs's compute(), on this thread, through the TypeScript sources. */
function computeReference(n: number): { y: number; gradSum: number; loss: number } {
  return torch.tidy(() => {
    const x = torch.arange(n * n).reshape(n, n).double().div(n * n);
    const y = x.matmul(x.t()).sin().sum().item() as number;
    const w = torch.linspace(-1, 1, n, { dtype: 'float64', requiresGrad: true });
    x.matmul(w).pow(2).sum().backward();
    const gradSum = w.grad!.sum().item() as number;
    const loss = nn.functional.crossEntropy(x, torch.arange(n).remainder(3)).item() as number;
    return { y, gradSum, loss };
  });
}

interface Started<T> { worker: Worker; first: Promise<T>; exit: Promise<number> }

function start<T>(task: string, extra: Record<string, unknown> = {}): Started<T> {
  const worker = new Worker(TASK, { workerData: { distUrl, task, ...extra } });
  const first = new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before its first message`)));
  });
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  // A worker error after the first message would otherwise be unhandled.
  worker.on('error', () => {});
  return { worker, first, exit };
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('torchts inside worker_threads', () => {
  it('two workers compute at once, each with its own tensor table, while the main thread works', async () => {
    const mainLive = torch.memory().liveTensors;
    const a = start<{ results: { y: number; gradSum: number; loss: number }[]; liveAtStart: number; liveAfter: number;
      gradEnabled: boolean; version: string }>('compute', { n: 48 });
    const b = start<typeof a extends Started<infer T> ? T : never>('compute', { n: 40 });

    // The main thread computes meanwhile, with its own tensors.
    const mainResults = Array.from({ length: 20 }, () => computeReference(32));
    const [ra, rb] = await Promise.all([a.first, b.first]);
    expect(await a.exit).toBe(0);
    expect(await b.exit).toBe(0);

    for (const [r, n] of [[ra, 48], [rb, 40]] as const) {
      const want = computeReference(n);
      expect(r.version).toBe(torch.version);
      // Each worker's table starts empty: it does not see the main thread's tensors.
      expect(r.liveAtStart).toBe(0);
      expect(r.liveAfter).toBe(0);
      expect(r.gradEnabled).toBe(false);
      for (const got of r.results) {
        expectClose(got.y, want.y);
        expectClose(got.gradSum, want.gradSum);
        expectClose(got.loss, want.loss);
      }
    }
    const want32 = computeReference(32);
    for (const got of mainResults) expectClose(got.y, want32.y);

    // The workers' grad mode and tables are theirs: the main thread's are untouched.
    expect(torch.isGradEnabled()).toBe(true);
    expect(torch.memory().liveTensors).toBe(mainLive);
  }, 120_000);

  it('terminating a worker that holds tensors and is busy in libtorch does not crash the process', async () => {
    const mainLive = torch.memory().liveTensors;
    const w = start<{ ready: boolean; live: number }>('hold-and-spin');
    const ready = await w.first;
    expect(ready.ready).toBe(true);
    expect(ready.live).toBeGreaterThan(250);
    await new Promise((r) => setTimeout(r, 200)); // let it get into its matmul loop
    await w.worker.terminate();
    expect(await w.exit).toBe(1);

    // The main thread goes on as before.
    expect(torch.memory().liveTensors).toBe(mainLive);
    expect(torch.tidy(() => torch.ones([3, 3]).matmul(torch.eye(3)).sum().item())).toBe(9);

    // And a new worker can load the addon again and compute.
    const again = start<{ results: { y: number }[]; liveAtStart: number }>('compute', { n: 8 });
    const r = await again.first;
    expect(await again.exit).toBe(0);
    expect(r.liveAtStart).toBe(0);
    expectClose(r.results[0].y, computeReference(8).y);
  }, 120_000);

  it('a worker that ends with tensors still alive exits cleanly', async () => {
    const w = start<{ done: boolean; live: number }>('hold-and-exit');
    const r = await w.first;
    expect(r.done).toBe(true);
    expect(r.live).toBe(101);
    expect(await w.exit).toBe(0);
    expect(torch.tidy(() => torch.arange(4).sum().item())).toBe(6);
  }, 120_000);

  it('several workers started and terminated in a row leave the process healthy', async () => {
    for (let i = 0; i < 4; i++) {
      const w = start<{ ready: boolean }>('hold-and-spin');
      await w.first;
      await w.worker.terminate();
    }
    const both = [start<{ results: { y: number }[] }>('compute', { n: 16 }), start<{ results: { y: number }[] }>('compute', { n: 16 })];
    const results = await Promise.all(both.map((w) => w.first));
    const want = computeReference(16).y;
    for (const r of results) expectClose(r.results[19].y, want);
  }, 120_000);
});
