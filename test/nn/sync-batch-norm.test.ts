// SyncBatchNorm in one process: without a group of several ranks it is BatchNorm, and
// convertSyncBatchnorm swaps the layers in place keeping their tensors. The statistics across ranks
// are tested on two processes in test/distributed/ddp.test.ts.
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';

describe('SyncBatchNorm', () => {
  it('without a process group it normalises as BatchNorm2d does, running statistics included', () => {
    torch.manualSeed(0);
    const x = torch.randn([4, 3, 5, 5]);
    const bn = new nn.BatchNorm2d(3);
    const sync = new nn.SyncBatchNorm(3);
    expect(sync.forward(x).toArray()).toEqual(bn.forward(x).toArray());
    expect(sync.runningVar!.toArray()).toEqual(bn.runningVar!.toArray());
    sync.eval();
    bn.eval();
    expect(sync.forward(x).toArray()).toEqual(bn.forward(x).toArray());
    expect(String(sync)).toBe(String(bn).replace('BatchNorm2d', 'SyncBatchNorm'));
  });

  it('convertSyncBatchnorm replaces every BatchNorm, nested or at the top, sharing its parameters and buffers', () => {
    const inner = new nn.BatchNorm1d(4, { momentum: 0.3 });
    class Net extends nn.Module {
      features = new nn.Sequential(new nn.Linear(2, 4), inner, new nn.ReLU());
      norm = new nn.BatchNorm1d(4);
      forward(x: never) {
        return this.norm.forward(this.features.forward(x) as never);
      }
    }
    const net = new Net();
    net.norm.eval();
    const params = net.parameters();
    const before = Object.keys(net.stateDict());
    const converted = nn.SyncBatchNorm.convertSyncBatchnorm(net);
    expect(converted).toBe(net);
    const swapped = net.features.at(1) as InstanceType<typeof nn.SyncBatchNorm>;
    expect(swapped).toBeInstanceOf(nn.SyncBatchNorm);
    expect(net.norm).toBeInstanceOf(nn.SyncBatchNorm);
    expect(swapped.momentum).toBe(0.3);
    expect(swapped.weight).toBe(inner.weight);
    expect(swapped.runningMean).toBe(inner.runningMean);
    expect(net.norm.training).toBe(false);
    expect(net.parameters()).toEqual(params); // an optimizer made before trains the same tensors
    expect(Object.keys(net.stateDict())).toEqual(before);
    const top = nn.SyncBatchNorm.convertSyncBatchnorm(new nn.BatchNorm2d(2));
    expect(top).toBeInstanceOf(nn.SyncBatchNorm);
    expect(() => nn.SyncBatchNorm.convertSyncBatchnorm({} as never)).toThrow(/convertSyncBatchnorm\(\): expected module to be an nn.Module/);
    expect(() => new nn.SyncBatchNorm(3, { group: 1 as never })).toThrow(/SyncBatchNorm\(\): expected group to be a ProcessGroup/);
    expect(() => new nn.SyncBatchNorm(3).forward(torch.ones([3]))).toThrow(/SyncBatchNorm\(\): expected input to be a 2-D or 3-D or 4-D or 5-D tensor/);
  });

  it('registerModule replaces a child by its name, in modules and containers', () => {
    const seq = new nn.Sequential(new nn.ReLU());
    seq.registerModule('0', new nn.Tanh());
    seq.registerModule('1', new nn.ReLU());
    expect([...seq].map((m) => m.constructor.name)).toEqual(['Tanh', 'ReLU']);
    expect(() => seq.registerModule('5', new nn.ReLU())).toThrow(/expected name to be an index from '0' to '2'/);
    class Block extends nn.Module {
      lastLayer = new nn.ReLU();
      forward(x: never) {
        return x;
      }
    }
    const b = new Block();
    b.registerModule('last_layer', new nn.Tanh());
    expect(b.lastLayer).toBeInstanceOf(nn.Tanh);
    b.registerModule('extra', new nn.ReLU());
    expect([...b.namedChildren()].map(([n]) => n)).toEqual(['last_layer', 'extra']);
    expect(() => b.registerModule('a.b', new nn.ReLU())).toThrow(/expected name to be a non-empty name without dots/);
  });
});
