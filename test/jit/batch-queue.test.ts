// serve.BatchQueue: concurrent single-sample requests answered from shared batches, each with its
// own row; an error reaches only the callers of the batch it happened in.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, serve, torch } from '../../lib/index.js';
import { jitFixtures } from '../helpers/jit-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = jitFixtures();
}, 180_000);

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-5 * (1 + Math.abs(b[i])));

describe('serve.BatchQueue', () => {
  it('answers 32 concurrent requests from one batch of a ScriptModule, each with its own row', async () => {
    const model = torch.jit.load(join(dir, 'cnn.pt'));
    const queue = new serve.BatchQueue(model, { maxBatch: 32, maxDelayMs: 50 });
    torch.manualSeed(0);
    const samples = Array.from({ length: 32 }, () => torch.randn([3, 16, 16]));
    const alone = samples.map((s) => torch.tidy(() => ((model.forward(s.unsqueeze(0)) as Tensor).select(0, 0)).toArray() as number[]));
    const answers = await Promise.all(samples.map((s) => queue.predict(s)));
    expect(queue.stats).toEqual({ batches: 1, samples: 32, largestBatch: 32 });
    answers.forEach((a, i) => expect(close(a.toArray() as number[], alone[i]), `row ${i}`).toBe(true));
    // Samples that cannot be stacked fail their batch (stacked on the inference thread), not the queue.
    const mixed = await Promise.allSettled([queue.predict(torch.ones([3, 16, 16])), queue.predict(torch.ones([3, 8, 8]))]);
    expect(mixed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((mixed[0] as PromiseRejectedResult).reason.message).toMatch(/^BatchQueue: stack expects each tensor to be equal size/);
    expect((await queue.predict(samples[0])).shape).toEqual([5]);
  });

  it('makes the next batch of what came while one ran, and never exceeds maxBatch', async () => {
    const sizes: number[] = [];
    const queue = new serve.BatchQueue(async (batch: Tensor) => {
      sizes.push(batch.shape[0]);
      await new Promise((r) => setTimeout(r, 5));
      return batch.mul(2);
    }, { maxBatch: 4, maxDelayMs: 0 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.predict(torch.tensor([i]))));
    expect(answers.map((a) => a.toArray())).toEqual(Array.from({ length: 10 }, (_, i) => [2 * i]));
    expect(sizes.every((n) => n <= 4)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('an error rejects only the callers of its batch; the caller may dispose its sample at once', async () => {
    let call = 0;
    const queue = new serve.BatchQueue((batch: Tensor) => {
      call++;
      if (call === 1) throw new RangeError('the first batch fails');
      return batch.add(1);
    }, { maxBatch: 2, maxDelayMs: 0 });
    const a = torch.tensor([1]);
    const results = await Promise.allSettled([queue.predict(a), queue.predict(torch.tensor([2])), queue.predict(torch.tensor([3]))]);
    a.dispose();
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('the first batch fails');
    expect(((results[2] as PromiseFulfilledResult<Tensor>).value).toArray()).toEqual([4]);
    // Samples of different shapes cannot be stacked: that batch fails, the queue goes on.
    const mixed = await Promise.allSettled([queue.predict(torch.ones([2])), queue.predict(torch.ones([3]))]);
    expect(mixed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await queue.predict(torch.tensor([5]))).toArray()).toEqual([6]);
  });

  it('refuses bad arguments, naming them', async () => {
    expect(() => new serve.BatchQueue({} as never)).toThrow(/BatchQueue\(\): expected model to be a ScriptModule, an AOTIModel or a function/);
    expect(() => new serve.BatchQueue((b: Tensor) => b, { maxBatch: 0 })).toThrow(/expected maxBatch to be a positive integer/);
    expect(() => new serve.BatchQueue((b: Tensor) => b, { maxDelay: 1 } as never)).toThrow(/Did you mean 'maxDelayMs'/);
    const queue = new serve.BatchQueue((b: Tensor) => b.ndim === 2 ? b.sum(1) : b);
    await expect(queue.predict(5 as never)).rejects.toThrow(/BatchQueue.predict\(\): expected sample to be a Tensor/);
    const wrong = new serve.BatchQueue((b: Tensor) => b.sum());
    await expect(wrong.predict(torch.ones([2]))).rejects.toThrow(/the model returned shape \[\] for a batch of 1/);
    queue.close();
    await expect(queue.predict(torch.ones([2]))).rejects.toThrow(/the queue was closed/);
  });
});
