// DistributedDataParallel on 2 ranks (batch 8 each) against one process on the whole batch of 16:
// the same weights after 20 steps, up to float rounding from the order of the reduction. The runs
// are test/helpers/dist-rank.mjs's `ddp` scenario; WORLD_SIZE=1 makes it the reference.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist } from '../helpers/dist.js';
import { runScenario } from '../helpers/ranks.js';

beforeAll(() => {
  ensureDist();
}, 180_000);

interface Run {
  weights: Record<string, number[]>;
  buffers: Record<string, number[]>;
  layers: string[];
  gradSums: number[];
  ddpKeys: string[] | null;
  buckets: number[] | null;
  error?: { code: string; message: string };
}

async function both(config: Record<string, unknown>): Promise<{ ranks: Run[]; reference: Run }> {
  const arg = JSON.stringify(config);
  const [ranks, [reference]] = await Promise.all([runScenario<Run>('ddp', 2, { arg }), runScenario<Run>('ddp', 1, { arg })]);
  for (const r of [...ranks, reference]) expect(r.code, r.stderr).toBe(0);
  return { ranks: ranks.map((r) => r.result!), reference: reference.result! };
}

function expectClose(actual: Record<string, number[]>, expected: Record<string, number[]>, tolerance: number): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [k, values] of Object.entries(expected)) {
    const worst = Math.max(...values.map((v, i) => Math.abs(v - actual[k][i]) / Math.max(1, Math.abs(v))));
    expect(worst, k).toBeLessThan(tolerance);
  }
}

describe('DistributedDataParallel (2 ranks, Gloo)', () => {
  it.each([
    ['SGD', { optimizer: 'sgd' }],
    ['AdamW', { optimizer: 'adamw' }],
    ['SGD, accumulating 3 micro-batches with noSync', { optimizer: 'sgd', accumulate: 3 }],
    ['AdamW, accumulating 2 micro-batches with noSync', { optimizer: 'adamw', accumulate: 2 }],
    ['SGD, findUnusedParameters with a layer forward never uses', { optimizer: 'sgd', unusedBranch: true }],
  ])('%s: the ranks end with the weights one process gets on the whole batch', async (_name, config) => {
    const { ranks: [a, b], reference } = await both(config);
    expect(a.weights).toEqual(b.weights); // same averaged gradients, same steps: bit-identical replicas
    expectClose(a.weights, reference.weights, 2e-5);
    expect(a.ddpKeys).toEqual(['module.body.0.weight', 'module.body.0.bias']);
    expect(a.buckets!.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('inside noSync gradients stay local; the backward after it averages their sum', async () => {
    const { ranks: [a, b], reference } = await both({ optimizer: 'sgd', accumulate: 3, steps: 1 });
    expect(a.gradSums[0]).not.toEqual(b.gradSums[0]);
    expect(a.gradSums[1]).not.toEqual(b.gradSums[1]);
    expect(a.gradSums[2]).toEqual(b.gradSums[2]);
    expect(a.gradSums[2]).toBeCloseTo(reference.gradSums[2], 5);
  }, 120_000);

  it('a layer forward skips, without findUnusedParameters, is refused at the next iteration, saying what to do', async () => {
    const { ranks } = await both({ optimizer: 'sgd', unusedBranch: true, findUnused: false, steps: 2 });
    for (const r of ranks) {
      expect(r.error?.code).toBe('ERR_STATE');
      expect(r.error?.message).toMatch(/^DistributedDataParallel.forward: the previous backward left gradients unreduced/);
      expect(r.error?.message).toMatch(/pass \{ findUnusedParameters: true \} to DistributedDataParallel/);
    }
  }, 120_000);

  // SGD: the bias of the layer before a BatchNorm has a true gradient of 0, and AdamW would blow its
  // rounding noise (1e-9) up to steps of the learning rate, on either side.
  it.each([['SGD', 'sgd', 1], ['SGD, accumulating 2', 'sgd', 2]])('SyncBatchNorm (%s): weights and running statistics of one process with BatchNorm on the whole batch', async (_n, optimizer, accumulate) => {
    const { ranks: [a, b], reference } = await both({ optimizer, accumulate, batchNorm: true, syncBatchNorm: true });
    expect(a.layers).toContain('SyncBatchNorm');
    expect(reference.layers).toContain('BatchNorm1d');
    expect(a.weights).toEqual(b.weights);
    expectClose(a.weights, reference.weights, 2e-5);
    expectClose(a.buffers, reference.buffers, 2e-5);
  }, 120_000);

  it('with BatchNorm the replicas stay identical (each normalises its own share of the batch)', async () => {
    const { ranks: [a, b] } = await both({ optimizer: 'sgd', batchNorm: true });
    expect(a.weights).toEqual(b.weights);
  }, 120_000);
});
