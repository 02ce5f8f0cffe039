// Collectives on two processes over the loopback interface, Gloo, as test/helpers/dist-rank.mjs
// runs them; the expected values are worked out from the inputs (rank r holds [1, -2, 3, 4] * (r + 1)).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from '../helpers/dist.js';
import { referencePython } from '../helpers/reference.js';
import { freePort, rankEnv, runRank, runScenario } from '../helpers/ranks.js';

beforeAll(() => {
  ensureDist();
}, 180_000);

type ByOp = Record<string, unknown>;
interface Collectives {
  rank: number;
  size: number;
  backend: string;
  byDtype: Record<string, ByOp>;
  received: number[];
  async: { value: number[]; completed: boolean; loopTurnedWhileWaiting: boolean };
  barrierSawFile: boolean;
  groups: { all: number[]; onlyOneIsNull: boolean; onlyOneSize: number | null; onlyOneRank: number | null };
  initializedAfterDestroy: boolean;
}

describe('distributed collectives (2 ranks, Gloo)', () => {
  it('every op on float32, float16, bfloat16 and int64; send/recv; async forms; barrier; sub-groups', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'torchts-dist-')), 'barrier');
    const ranks = await runScenario<Collectives>('collectives', 2, { arg: file });
    for (const r of ranks) expect(r.code, r.stderr).toBe(0);
    const [a, b] = ranks.map((r) => r.result!);
    const x = [1, -2, 3, 4];
    for (const dtype of ['float32', 'float16', 'bfloat16', 'int64']) {
      for (const res of [a, b]) {
        const r = res.byDtype[dtype];
        expect(r.sum, dtype).toEqual(x.map((v) => v * 3));
        expect(r.min, dtype).toEqual(x.map((v) => Math.min(v, 2 * v)));
        expect(r.max, dtype).toEqual(x.map((v) => Math.max(v, 2 * v)));
        expect(r.product, dtype).toEqual(x.map((v) => v * 2 * v));
        if (dtype !== 'int64') expect(r.avg, dtype).toEqual(x.map((v) => (v * 3) / 2));
        expect(r.broadcast, dtype).toEqual(x.map((v) => v * 2));
        expect(r.allGather, dtype).toEqual([x, x.map((v) => v * 2)]);
      }
      // inputs [1, 2] and [3, 4] times (rank + 1): rank 0 gets the sum of the first, rank 1 of the second
      expect(a.byDtype[dtype].reduceScatter, dtype).toEqual([3, 6]);
      expect(b.byDtype[dtype].reduceScatter, dtype).toEqual([9, 12]);
    }
    expect([a.rank, b.rank, a.size, a.backend]).toEqual([0, 1, 2, 'gloo']);
    expect(a.received).toEqual([11, 12]);
    expect(b.received).toEqual([1, 2]);
    for (const r of [a, b]) {
      expect(r.async).toEqual({ value: [1.5, 1.5, 1.5], completed: true, loopTurnedWhileWaiting: true });
      expect(r.barrierSawFile).toBe(true);
      expect(r.groups.all).toEqual([3]);
      expect(r.initializedAfterDestroy).toBe(false);
    }
    expect(a.groups).toMatchObject({ onlyOneIsNull: true });
    expect(b.groups).toMatchObject({ onlyOneIsNull: false, onlyOneSize: 1, onlyOneRank: 0 });
  }, 120_000);

  it('a torchts rank and a PyTorch rank share one group', async () => {
    const port = await freePort();
    const [py, ts] = await Promise.all([
      runRank<{ sum: number[]; broadcast: number[] }>(referencePython(), [join(root, 'test', 'helpers', 'dist_rank.py')], rankEnv(0, 2, port), 60_000),
      runRank<{ sum: number[]; broadcast: number[] }>(process.execPath, [join(root, 'test', 'helpers', 'dist-rank.mjs'), 'interop'],
        rankEnv(1, 2, port), 60_000),
    ]);
    expect(py.code, py.stderr).toBe(0);
    expect(ts.code, ts.stderr).toBe(0);
    for (const r of [py, ts]) expect(r.result).toEqual({ sum: [4.5, -6, 9], broadcast: [4, 5, 6] });
  }, 120_000);

  it('a rank that meets another world size fails at once, naming both; the other fails at the rendezvous timeout', async () => {
    const port = await freePort();
    const script = join(root, 'test', 'helpers', 'dist-rank.mjs');
    // Whichever rank records its world size first goes on into Gloo's rendezvous and waits there for
    // the other until the timeout (20 s here); the other is told at once. Killed after 90 s at most.
    type Joined = { error: { code: string; message: string } | null };
    const ranks = await Promise.all([
      runRank<Joined>(process.execPath, [script, 'join'], { ...rankEnv(0, 2, port), TEST_TIMEOUT_MS: '20000' }, 90_000),
      runRank<Joined>(process.execPath, [script, 'join'], { ...rankEnv(1, 3, port), TEST_TIMEOUT_MS: '20000' }, 90_000),
    ]);
    const messages = ranks.map((r) => r.result?.error?.message ?? '');
    expect(messages.some((m) => /was given a world size of [23], but another rank of the job was given [23]/.test(m)), messages.join('\n')).toBe(true);
    for (const r of ranks) expect(r.result?.error?.code, r.stderr).toBe('ERR_DISTRIBUTED');
  }, 120_000);

  it('a rank that dies makes the others fail within the timeout with ERR_DISTRIBUTED, not hang', async () => {
    const [a, b] = await runScenario<{ error: { name: string; code: string; message: string } | null }>('lostRank', 2, {
      env: { TEST_TIMEOUT_MS: '5000' },
    });
    expect(b.code).toBe(3);
    expect(a.code, a.stderr).toBe(0);
    expect(a.result!.error).toMatchObject({ name: 'TorchError', code: 'ERR_DISTRIBUTED' });
    expect(a.result!.error!.message).toMatch(/^allReduce: /);
    expect(a.result!.error!.message).toMatch(/another rank of the group has probably exited or been killed/);
  }, 60_000);
});
