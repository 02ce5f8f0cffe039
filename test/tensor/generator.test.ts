// Each addon instance (each thread) owns its CPU random generator: a worker drawing random numbers
// never moves the main thread's stream, and the same seed gives PyTorch's numbers in every thread.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { ensureDist, root } from '../helpers/dist.js';
import { pythonEval } from '../helpers/python.js';

let distUrl: string;
beforeAll(() => {
  distUrl = ensureDist();
}, 180_000);

/** The same draws as drawAll() in test/helpers/worker-task.mjs: one from each random op. */
function drawAll(): number[][] {
  const F = nn.functional;
  return torch.tidy(() => [
    torch.randn([4]), torch.rand([3]), torch.randint(0, 100, [3]), torch.randperm(6),
    F.dropout(torch.ones([8]), 0.5), F.dropout2d(torch.ones([2, 3, 2]), 0.5), F.alphaDropout(torch.ones([6]), 0.3, true),
    torch.multinomial(torch.ones([5]), 2), torch.bernoulli(torch.full([6], 0.5)),
    torch.zeros([3]).normal_(), torch.zeros([3]).uniform_(),
    F.scaledDotProductAttention(torch.ones([1, 2, 3, 4]), torch.ones([1, 2, 3, 4]), torch.ones([1, 2, 3, 4]), { dropoutP: 0.5 }),
  ].map((t) => Array.from(t.data() as ArrayLike<number | bigint>, Number)));
}

function runWorker(seed: number): Promise<{ seeded: number[][] }> {
  const worker = new Worker(join(root, 'test', 'helpers', 'worker-task.mjs'), { workerData: { distUrl, task: 'random', seed } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
  });
}

describe('random generators per thread', () => {
  it("a worker's draws do not move the main thread's seeded stream", async () => {
    torch.manualSeed(5);
    const expected = [drawAll(), drawAll()];

    torch.manualSeed(5);
    const first = drawAll();
    const { seeded } = await runWorker(5); // 50 unseeded rounds of every random op, then a seeded one
    const second = drawAll();
    expect([first, second]).toEqual(expected);
    // The same seed gives the same numbers in every thread.
    expect(seeded).toEqual(expected[0]);
  });

  it('gives the numbers Python torch gives for the same seed, dropout masks included', () => {
    torch.manualSeed(11);
    const ours = torch.tidy(() => [
      torch.randn([5]), nn.functional.dropout(torch.ones([10]), 0.4), nn.functional.dropout2d(torch.ones([2, 4, 3, 2]), 0.5),
      nn.functional.alphaDropout(torch.ones([6]), 0.3, true), torch.randperm(7),
      nn.functional.scaledDotProductAttention(torch.ones([1, 1, 3, 2]), torch.ones([1, 1, 3, 2]), torch.ones([1, 1, 3, 2]),
        { dropoutP: 0.5 }),
    ].map((t) => Array.from(t.data() as ArrayLike<number | bigint>, Number)));
    const [py] = pythonEval(['[x.flatten().tolist() for x in (torch.randn(5), F.dropout(torch.ones(10), 0.4), ' +
      'F.dropout2d(torch.ones(2, 4, 3, 2), 0.5), F.alpha_dropout(torch.ones(6), 0.3, True), torch.randperm(7), ' +
      'F.scaled_dot_product_attention(torch.ones(1, 1, 3, 2), torch.ones(1, 1, 3, 2), torch.ones(1, 1, 3, 2), dropout_p=0.5))]'],
    'torch.manual_seed(11)');
    expect(ours).toEqual(py);
  });

  it('getRngState/setRngState and initialSeed are those of this thread', () => {
    torch.manualSeed(3);
    expect(torch.initialSeed()).toBe(3);
    const state = torch.getRngState();
    const a = drawAll();
    torch.setRngState(state);
    expect(drawAll()).toEqual(a);
  });
});
