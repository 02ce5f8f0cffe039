// Runs inside a worker_threads Worker for test/worker.test.ts. Workers load plain JavaScript only, so
// this imports the compiled library (dist/lib/index.js, built by `npm test`'s tsc step or by
// test/helpers/dist.ts). workerData: { distUrl, task, n? }.
import { parentPort, workerData } from 'node:worker_threads';

const { torch, nn } = await import(workerData.distUrl);

/** The computation both the workers and the main thread do; see computeReference in worker.test.ts. */
function compute(n) {
  return torch.tidy(() => {
    const x = torch.arange(n * n).reshape(n, n).double().div(n * n);
    const y = x.matmul(x.t()).sin().sum().item();
    const w = torch.linspace(-1, 1, n, { dtype: 'float64', requiresGrad: true });
    x.matmul(w).pow(2).sum().backward();
    const gradSum = w.grad.sum().item();
    const loss = nn.functional.crossEntropy(x, torch.arange(n).remainder(3)).item();
    return { y, gradSum, loss };
  });
}

/** One draw from each random op of torchts, as plain numbers; see drawAll in test/tensor/generator.test.ts. */
function drawAll() {
  const F = nn.functional;
  return torch.tidy(() => [
    torch.randn([4]), torch.rand([3]), torch.randint(0, 100, [3]), torch.randperm(6),
    F.dropout(torch.ones([8]), 0.5), F.dropout2d(torch.ones([2, 3, 2]), 0.5), F.alphaDropout(torch.ones([6]), 0.3, true),
    torch.multinomial(torch.ones([5]), 2), torch.bernoulli(torch.full([6], 0.5)),
    torch.zeros([3]).normal_(), torch.zeros([3]).uniform_(),
    F.scaledDotProductAttention(torch.ones([1, 2, 3, 4]), torch.ones([1, 2, 3, 4]), torch.ones([1, 2, 3, 4]), { dropoutP: 0.5 }),
  ].map((t) => Array.from(t.data(), Number)));
}

switch (workerData.task) {
  case 'random': {
    // Many unseeded draws (the main thread's stream must not move), then a seeded one.
    for (let i = 0; i < 50; i++) drawAll();
    torch.manualSeed(workerData.seed);
    parentPort.postMessage({ seeded: drawAll() });
    break;
  }
  case 'compute': {
    const liveAtStart = torch.memory().liveTensors;
    const results = [];
    for (let i = 0; i < 20; i++) results.push(compute(workerData.n));
    const liveAfter = torch.memory().liveTensors;
    // Grad mode is per thread: turning it off here must not turn it off in the main thread.
    torch.setGradEnabled(false);
    parentPort.postMessage({ results, liveAtStart, liveAfter, gradEnabled: torch.isGradEnabled(), version: torch.version });
    break;
  }
  case 'hold-and-spin': {
    // Tensors of every kind of ownership, then work that never ends: the test terminates the worker.
    const held = [];
    for (let i = 0; i < 200; i++) held.push(torch.randn([64, 64]));
    const shared = new Float32Array(1 << 16).fill(1);
    held.push(torch.from(shared));
    torch.tidy(() => { for (let i = 0; i < 50; i++) torch.keep(torch.ones([128])); });
    const w = torch.randn([64, 64], { requiresGrad: true });
    const pending = w.matmul(w).sum(); // a graph that is never run backward
    held.push(w, pending);
    parentPort.postMessage({ ready: true, live: torch.memory().liveTensors });
    for (;;) torch.tidy(() => held[0].matmul(held[1]).relu().sum().item());
  }
  case 'hold-and-exit': {
    // Ends normally with tensors still alive and the GC safety net still holding them.
    const held = [];
    for (let i = 0; i < 100; i++) held.push(torch.full([32, 32], i));
    held.push(torch.from(new Float64Array(1024)));
    parentPort.postMessage({ done: true, live: torch.memory().liveTensors });
    globalThis.keepAlive = held;
    break;
  }
  default:
    throw new Error(`unknown task ${workerData.task}`);
}
