// initProcessGroup's arguments and failures, in this process: nothing here needs a second rank
// (those that do are in collectives.test.ts). Every failure must come within its timeout.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TorchError, distributed as dist, torch } from '../../lib/index.js';
import { readRendezvous } from '../../lib/distributed/init-method.js';
import { freePort } from '../helpers/ranks.js';

afterEach(() => dist.destroyProcessGroup());

describe('initProcessGroup', () => {
  it('reads env://, tcp:// and file:// as torch.distributed does', () => {
    const env = { MASTER_ADDR: '10.0.0.1', MASTER_PORT: '29500', RANK: '1', WORLD_SIZE: '4' };
    expect(readRendezvous('env://', undefined, undefined, env)).toEqual({ kind: 'tcp', host: '10.0.0.1', port: 29500, rank: 1, worldSize: 4, isServer: false });
    expect(readRendezvous('env://', 0, undefined, env)).toMatchObject({ rank: 0, isServer: true });
    // torchrun's agent serves the store itself: rank 0 is a client then.
    expect(readRendezvous('env://', 0, undefined, { ...env, TORCHELASTIC_USE_AGENT_STORE: 'True' })).toMatchObject({ isServer: false });
    expect(readRendezvous('tcp://[::1]:1234', 0, 2, {})).toMatchObject({ kind: 'tcp', host: '::1', port: 1234 });
    expect(readRendezvous('file:///tmp/x%20y', 1, 2, {})).toEqual({ kind: 'file', path: '/tmp/x y', rank: 1, worldSize: 2 });
  });

  it('names what is missing or wrong', async () => {
    expect(() => readRendezvous('env://', undefined, 2, {})).toThrow(/expected rank as an option or in the environment variable RANK/);
    expect(() => readRendezvous('env://', 0, 2, {})).toThrow(/env:\/\/ needs MASTER_ADDR/);
    expect(() => readRendezvous('env://', 0, 2, { MASTER_ADDR: 'h', MASTER_PORT: 'x' })).toThrow(/MASTER_PORT to be a port number .* but it is 'x'/);
    expect(() => readRendezvous('tcp://h:1', 2, 2, {})).toThrow(RangeError);
    expect(() => readRendezvous('tcp://h:1', 2, 2, {})).toThrow(/expected rank to be less than worldSize \(2\), but received 2/);
    expect(() => readRendezvous('udp://h:1', 0, 1, {})).toThrow(/expected initMethod to be 'env:\/\/', 'tcp:\/\/host:port' or 'file:\/\/\/path'/);
    await expect(dist.initProcessGroup({ backend: 'mpi' as never })).rejects.toThrow(/expected backend to be one of 'gloo' or 'nccl', but received 'mpi'/);
    await expect(dist.initProcessGroup({ backend: 'nccl' })).rejects.toThrow(/nccl backend is not built into torchts yet/);
    await expect(dist.initProcessGroup({ timeoutMs: -1, rank: 0, worldSize: 1, initMethod: 'tcp://127.0.0.1:1' })).rejects.toThrow(/timeoutMs/);
    await expect(dist.initProcessGroup({ wordSize: 2 } as never)).rejects.toThrow(/Did you mean 'worldSize'/);
    expect(() => dist.getRank()).toThrow(/no process group; call await distributed.initProcessGroup\(\) first/);
    expect(() => dist.allReduce(torch.ones([1]))).toThrow(TorchError);
  });

  it('a world of one works, and collectives check their arguments', async () => {
    const port = await freePort();
    const group = await dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeoutMs: 10_000 });
    expect([dist.isInitialized(), dist.getRank(), dist.getWorldSize(), group.name]).toEqual([true, 0, 1, '0']);
    const t = torch.tensor([1, 2]);
    dist.allReduce(t, { op: 'max' });
    expect(t.toArray()).toEqual([1, 2]);
    expect(() => dist.allReduce(t, { op: 'avg' })).toThrow(/expected op to be 'sum' for int64 tensors \('avg' needs floating-point ones\)/);
    expect(() => dist.allReduce(t, { op: 'mean' as never })).toThrow(/expected op to be one of 'sum', 'avg', 'product', 'min', 'max'/);
    expect(() => dist.allReduce([t] as never)).toThrow(/allReduce\(\): expected tensor to be a Tensor/);
    expect(() => dist.broadcast(t, 1)).toThrow(/expected src to be the rank of a member of group 0 \(0\)/);
    expect(() => dist.allGather([t, t], t)).toThrow(/expected tensorList to be an array of 1 tensors \(one per rank\)/);
    expect(() => dist.allReduce(t, { group: {} as never })).toThrow(/expected group to be a ProcessGroup/);
    await expect(dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1 })).rejects.toThrow(/already has a default process group/);
    dist.destroyProcessGroup();
    expect(() => t.add(1)).not.toThrow();
    expect(() => group.rank).toThrow(/process group 0 was destroyed/);
    // The store's server let go of its port: a new job can start on it at once.
    const again = await dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeoutMs: 10_000 });
    expect(again.size).toBe(1);
  });

  it('a rank that never joins fails the rendezvous within the timeout (ERR_DISTRIBUTED)', async () => {
    const port = await freePort();
    const error = await dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 2, timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorchError);
    expect(error).toMatchObject({ code: 'ERR_DISTRIBUTED' });
    expect(dist.isInitialized()).toBe(false);
    // ... and left the port free.
    const retry = await dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeoutMs: 10_000 });
    expect(retry.size).toBe(1);
  });

  it('a port in use is an ERR_DISTRIBUTED error naming it', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, r));
    const { port } = server.address() as { port: number };
    try {
      const error = await dist.initProcessGroup({ initMethod: `tcp://127.0.0.1:${port}`, rank: 0, worldSize: 1, timeoutMs: 3000 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_DISTRIBUTED' });
      expect((error as Error).message).toMatch(new RegExp(`^initProcessGroup: .*port: ${port}.*address already in use`));
    } finally {
      server.close();
    }
  });
});
