// Trainer with strategy 'ddp' under `torchts launch` (2 ranks): test/helpers/ddp-trainer.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distIndexUrl, ensureDist, root } from '../helpers/dist.js';

interface Result {
  rank: number;
  worldSize: number;
  batchesPerEpoch: number;
  epochs: { trainLoss: number; valLoss: number; valAccuracy: number }[];
  steps: number;
  checkpoints: string[] | null;
  weights: Record<string, number[]>;
  layers: string[];
}

beforeAll(() => {
  ensureDist();
}, 180_000);

function run(mode: string, dir: string): { results: Result[]; stdout: string } {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'lib', 'cli.js'), 'launch', '--nproc-per-node', '2',
    join(root, 'test', 'helpers', 'ddp-trainer.mjs'), mode, dir], {
    env: { ...process.env, TORCHTS_DIST_URL: distIndexUrl, GLOO_SOCKET_IFNAME: 'lo' }, encoding: 'utf8', timeout: 90_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const results = r.stdout.split('\n').filter((l) => l.includes('RESULT ')).map((l) => JSON.parse(l.slice(l.indexOf('RESULT ') + 7)) as Result);
  return { results: results.sort((a, b) => a.rank - b.rank), stdout: r.stdout };
}

describe("Trainer({ strategy: 'ddp' })", () => {
  it('shards the data, keeps the replicas equal, reduces the logs, and writes from rank 0 only; a resume ends where a straight run ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchts-ddp-trainer-'));
    const straight = run('straight', dir);
    const [a, b] = straight.results;
    expect([a.rank, b.rank, a.worldSize]).toEqual([0, 1, 2]);
    expect(a.batchesPerEpoch).toBe(6); // 96 samples, 48 per rank, batch 8
    expect(a.steps).toBe(9); // 3 epochs of 6 micro-batches, accumulating 2
    expect(a.weights).toEqual(b.weights);
    expect(a.epochs).toEqual(b.epochs); // losses and metrics reduced across ranks: the same on each
    expect(straight.stdout).toMatch(/\[rank0\]: epoch 3: /);
    expect(straight.stdout).not.toMatch(/\[rank1\]: epoch/); // the progress bar runs on rank 0 only

    const first = run('first', dir);
    expect(first.results[0].checkpoints).toEqual(['best.ckpt', 'last.ckpt']);
    expect(first.results[1].checkpoints).toBeNull();
    const resumed = run('resume', dir);
    expect(resumed.results[0].weights).toEqual(resumed.results[1].weights);
    expect(resumed.results[0].weights).toEqual(a.weights);
    expect(readdirSync(dir).sort()).toEqual(['first.safetensors', 'rank0', 'resume.safetensors', 'straight.safetensors']);
  }, 240_000);

  it('ddp: { syncBatchNorm: true } swaps the BatchNorm layers; running statistics agree across ranks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchts-ddp-trainer-'));
    const [a, b] = run('syncbn', dir).results;
    expect(a.layers).toContain('SyncBatchNorm');
    expect(a.layers).not.toContain('BatchNorm1d');
    expect(a.weights).toEqual(b.weights); // running statistics included: the stateDict holds them
  }, 120_000);
});
