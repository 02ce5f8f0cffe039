// nn modules against PyTorch: the same seed gives the same initial weights (PyTorch's init formulas
// consuming the generator in the same order), state-dict keys are PyTorch's, and forward passes give
// the same outputs. Weights are compared exactly (same generator, same kernels). Forward outputs are
// exact except MultiheadAttention/TransformerEncoderLayer (atol 1e-6: PyTorch's eval-mode fast path
// fuses the projections differently).
import { describe, expect, it } from 'vitest';
import { type Tensor, nn, torch } from '../../lib/index.js';
import { expectTensor, input, pythonRef, toTensor } from '../helpers/reference.js';
import { pythonEval } from '../helpers/python.js';

interface Arch {
  name: string;
  py: string; // Python expression building the module
  js: () => nn.Module;
  input?: number[];
  inputDtype?: 'int64';
  tol?: number;
  call?: (m: nn.Module, x: Tensor) => Tensor;
  pyCall?: string;
}

const archs: Arch[] = [
  { name: 'Linear', py: 'torch.nn.Linear(5, 3)', js: () => new nn.Linear(5, 3), input: [4, 5] },
  { name: 'Linear no bias', py: 'torch.nn.Linear(5, 3, bias=False)', js: () => new nn.Linear(5, 3, { bias: false }), input: [4, 5] },
  { name: 'Conv1d', py: 'torch.nn.Conv1d(3, 4, 3, padding=1)', js: () => new nn.Conv1d(3, 4, 3, { padding: 1 }), input: [2, 3, 7] },
  { name: 'Conv2d strided', py: 'torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)', js: () => new nn.Conv2d(3, 8, 3, { stride: 2, padding: 1 }), input: [2, 3, 9, 9] },
  { name: 'Conv2d groups', py: 'torch.nn.Conv2d(4, 8, 3, groups=2, bias=False)', js: () => new nn.Conv2d(4, 8, 3, { groups: 2, bias: false }), input: [2, 4, 6, 6] },
  { name: 'ConvTranspose2d', py: 'torch.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)',
    js: () => new nn.ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }), input: [2, 4, 5, 5] },
  { name: 'BatchNorm2d', py: 'torch.nn.BatchNorm2d(4)', js: () => new nn.BatchNorm2d(4), input: [3, 4, 5, 5] },
  { name: 'BatchNorm1d', py: 'torch.nn.BatchNorm1d(6, momentum=None)', js: () => new nn.BatchNorm1d(6, { momentum: null }), input: [8, 6] },
  { name: 'LayerNorm', py: 'torch.nn.LayerNorm(6)', js: () => new nn.LayerNorm(6), input: [3, 6] },
  { name: 'GroupNorm', py: 'torch.nn.GroupNorm(2, 4)', js: () => new nn.GroupNorm(2, 4), input: [3, 4, 5] },
  { name: 'Embedding', py: 'torch.nn.Embedding(10, 4, padding_idx=0)', js: () => new nn.Embedding(10, 4, { paddingIdx: 0 }), input: [3, 5], inputDtype: 'int64' },
  { name: 'Sequential MLP', py: 'torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))',
    js: () => new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 2)), input: [4, 6] },
  { name: 'CNN', py: 'torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(64, 10))',
    js: () => new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(64, 10)), input: [2, 1, 8, 8] },
  { name: 'MultiheadAttention', py: 'torch.nn.MultiheadAttention(8, 2, batch_first=True)', js: () => new nn.MultiheadAttention(8, 2, { batchFirst: true }),
    input: [2, 5, 8], tol: 1e-6, call: (m, x) => (m as nn.MultiheadAttention).forward(x, x, x)[0], pyCall: 'm(x, x, x)[0]' },
  // is_causal is a hint about attn_mask: with need_weights=False it selects SDPA's causal kernel, otherwise the mask is applied.
  ...([false, true] as const).map((needWeights): Arch => ({
    name: `MultiheadAttention causal hint, needWeights ${needWeights}`, py: 'torch.nn.MultiheadAttention(8, 2, batch_first=True)',
    js: () => new nn.MultiheadAttention(8, 2, { batchFirst: true }), input: [2, 5, 8], tol: 1e-6,
    call: (m, x) => (m as nn.MultiheadAttention).forward(x, x, x, { attnMask: torch.ones([5, 5], { dtype: 'bool' }).triu(1), needWeights, isCausal: true })[0],
    pyCall: `m(x, x, x, attn_mask=torch.ones(5, 5, dtype=torch.bool).triu(1), need_weights=${needWeights ? 'True' : 'False'}, is_causal=True)[0]`,
  })),
  { name: 'TransformerEncoderLayer', py: 'torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)',
    js: () => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }), input: [2, 5, 8], tol: 1e-6 },
];

describe('initial weights and state-dict keys equal PyTorch for the same seed', () => {
  const keys = pythonEval(archs.map((a) => `list(_m${archs.indexOf(a)}.state_dict().keys())`),
    archs.map((a, i) => `torch.manual_seed(${i}); _m${i} = ${a.py}`).join('\n'));
  const values = pythonRef(archs.map((a, i) => ({ inputs: {}, setup: `torch.manual_seed(${i}); m = ${a.py}`, expr: 'tuple(m.state_dict().values())' })));
  archs.forEach((a, i) => {
    it(a.name, () => {
      torch.manualSeed(i);
      const m = a.js();
      torch.tidy(() => {
        const sd = m.stateDict();
        expect(Object.keys(sd)).toEqual(keys[i]);
        Object.values(sd).forEach((t, k) => expectTensor(t, values[i].out![k], {}, `${a.name} ${Object.keys(sd)[k]}`));
      });
    });
  });
});

describe('forward passes equal PyTorch (eval mode; train mode for batch norm statistics)', () => {
  const cases = archs.map((a, i) => {
    const x = input(a.input!, { seed: 100 + i, dtype: a.inputDtype, lo: a.inputDtype ? 0 : -2, hi: a.inputDtype ? 10 : 2 });
    return { a, i, x };
  });
  const ref = pythonRef(cases.map(({ a, i, x }) => ({
    inputs: { x },
    setup: `torch.manual_seed(${i}); m = ${a.py}; m.eval()`,
    expr: a.pyCall ?? 'm(x)',
  })));
  const train = pythonRef(cases.filter(({ a }) => a.name.startsWith('BatchNorm')).map(({ a, i, x }) => ({
    inputs: { x },
    setup: `torch.manual_seed(${i}); m = ${a.py}; m.train(); y = m(x); y = m(x)`,
    expr: '(y, m.running_mean, m.running_var, m.num_batches_tracked)',
  })));
  cases.forEach(({ a, i, x }) => {
    it(a.name, () => {
      torch.manualSeed(i);
      const m = a.js().eval();
      torch.tidy(() => {
        const xt = toTensor(x);
        const y = torch.noGrad(() => (a.call ? a.call(m, xt) : (m.forward(xt) as Tensor)));
        expectTensor(y, ref[i].out![0], { atol: a.tol ?? 0 }, a.name);
      });
    });
  });
  cases.filter(({ a }) => a.name.startsWith('BatchNorm')).forEach(({ a, i, x }, k) => {
    it(`${a.name} in training mode updates running statistics as PyTorch`, () => {
      torch.manualSeed(i);
      const m = a.js().train() as nn.BatchNorm2d;
      torch.tidy(() => {
        const xt = toTensor(x);
        m.forward(xt);
        const y = m.forward(xt);
        [y, m.runningMean!, m.runningVar!, m.numBatchesTracked!].forEach((t, j) => expectTensor(t, train[k].out![j], {}, `${a.name} output ${j}`));
      });
    });
  });
});

describe('Module API', () => {
  class Net extends nn.Module {
    fc1 = new nn.Linear(4, 8);
    bn = new nn.BatchNorm1d(8);
    fc2 = new nn.Linear(8, 2);
    forward(x: Tensor): Tensor {
      return this.fc2.forward(this.bn.forward(this.fc1.forward(x)).relu());
    }
  }

  it('finds parameters, buffers and children in assignment order with PyTorch names', () => {
    const net = new Net();
    expect([...net.namedParameters()].map(([k]) => k)).toEqual(['fc1.weight', 'fc1.bias', 'bn.weight', 'bn.bias', 'fc2.weight', 'fc2.bias']);
    expect([...net.namedBuffers()].map(([k]) => k)).toEqual(['bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
    expect(net.children().length).toBe(3);
    expect(net.numParameters()).toBe(4 * 8 + 8 + 8 + 8 + 8 * 2 + 2); // 74
  });

  it('train/eval propagate, requiresGrad_ freezes, zeroGrad clears', () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    torch.tidy(() => net.forward(torch.randn([5, 4])).sum().backward());
    expect(net.fc1.weight.grad).not.toBeNull();
    net.zeroGrad();
    expect(net.fc1.weight.grad).toBeNull();
    net.requiresGrad_(false);
    expect(net.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(net.numParameters({ trainableOnly: true })).toBe(0);
  });

  it('to(dtype) converts floating parameters and buffers in place and keeps integer buffers', () => {
    const net = new Net();
    const w = net.fc1.weight;
    net.to('float64');
    expect(net.fc1.weight).toBe(w); // same object: optimizers holding it still work
    expect(w.dtype).toBe('float64');
    expect(net.bn.runningMean!.dtype).toBe('float64');
    expect(net.bn.numBatchesTracked!.dtype).toBe('int64');
    net.half();
    expect(net.parameters().every((p) => p.isHalf())).toBe(true);
    expect(() => net.to('int32')).toThrow(/only floating-point dtypes/);
  });

  it('loadStateDict round-trips and reports missing, unexpected and wrong-shape keys', () => {
    const a = new Net();
    const b = new Net();
    torch.tidy(() => {
      b.loadStateDict(a.stateDict());
      expect(b.fc2.weight.equal(a.fc2.weight)).toBe(true);
      const sd = a.stateDict();
      delete sd['fc1.bias'];
      sd['extra.weight'] = torch.zeros([1]);
      sd['fc2.weight'] = torch.zeros([3, 3]);
      expect(() => b.loadStateDict(sd)).toThrow(
        /Error\(s\) in loading state_dict for Net:\n\tMissing key\(s\) in state_dict: "fc1.bias"\.\n\tUnexpected key\(s\) in state_dict: "extra.weight"\.\n\tsize mismatch for fc2.weight: copying a param with shape \[3, 3\] from checkpoint, the shape in current model is \[2, 8\]\./);
      delete sd['fc2.weight'];
      expect(b.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['fc1.bias', 'fc2.weight'], unexpectedKeys: ['extra.weight'] });
    });
  });

  it('prints like PyTorch and summarises', () => {
    const s = new nn.Sequential(new nn.Linear(784, 10), new nn.ReLU());
    expect(s.toString()).toBe('Sequential(\n  (0): Linear(in_features=784, out_features=10, bias=True)\n  (1): ReLU()\n)');
    expect(new Net().summary()).toMatch(/total parameters: 74 \(trainable: 74\)/);
  });

  it('rejects bad layer arguments with the argument named', () => {
    expect(() => new nn.Linear(0, 3)).toThrow('Linear(): expected inFeatures to be a positive integer, but received 0 of type number');
    expect(() => new nn.Linear(3, 3, { baias: false } as never)).toThrow("Linear(): unknown option 'baias'. Did you mean 'bias'?");
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/inChannels to be divisible by groups \(2\)/);
    expect(() => new nn.Dropout(1.5)).toThrow(RangeError);
    expect(() => new nn.Sequential(42 as never)).toThrow(/expected module 0 to be an nn.Module/);
  });
});

describe('arguments PyTorch rejects are rejected', () => {
  it('MultiheadAttention: isCausal without attnMask', () => {
    const m = new nn.MultiheadAttention(8, 2);
    const x = torch.zeros([5, 1, 8]);
    expect(() => m.forward(x, x, x, { isCausal: true, needWeights: false })).toThrow(
      /^MultiheadAttention\.forward\(\): isCausal is a hint that attnMask is the causal mask, but no attnMask was given/);
  });
  it('avgPool1d: divisorOverride (avg_pool1d has none)', () => {
    expect(() => nn.functional.avgPool1d(torch.zeros([1, 1, 4]), 2, { divisorOverride: 3 })).toThrow(/^avgPool1d\(\): unknown option 'divisorOverride'/);
  });
});

describe('Module.dispose', () => {
  const net = () => new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 2));

  it('releases every parameter, buffer and gradient at once; then forward and the tensor methods throw ERR_DISPOSED; idempotent', () => {
    const before = torch.memory().liveTensors;
    const m = net();
    torch.tidy(() => (m.forward(torch.ones([3, 4])) as Tensor).sum().backward());
    const owned = m.parameters().length + m.buffers().length; // 6 parameters, 3 BatchNorm buffers
    expect(torch.memory().liveTensors).toBe(before + owned);
    m.dispose();
    // The gradients went with their parameters: back to where we started.
    expect(torch.memory().liveTensors).toBe(before);
    expect(m.isDisposed).toBe(true);
    expect((m.at(0) as nn.Linear).isDisposed).toBe(true);
    for (const [use, name] of [[() => m.forward(torch.ones([3, 4])), 'forward'], [() => m.at(3).forward(torch.ones([3, 8])), 'forward'],
      [() => m.parameters(), 'namedParameters'], [() => m.stateDict(), 'stateDict'], [() => m.to('float64'), 'to'],
      [() => m.loadStateDict({}), 'loadStateDict']] as const) {
      let error: unknown;
      try {
        torch.tidy(use);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code, name).toBe('ERR_DISPOSED');
      expect((error as Error).message).toMatch(new RegExp(`^(Sequential|Linear)\\.${name}\\(\\): this module has been disposed`));
    }
    m.dispose();
    expect(torch.memory().liveTensors).toBe(before);
  });

  it('`using` disposes at the end of the block, hooks included', () => {
    const before = torch.memory().liveTensors;
    let outer: nn.Module | undefined;
    {
      using m = net();
      m.registerForwardHook(() => {});
      const handle = m.registerForwardPreHook(() => {});
      outer = m;
      handle.remove();
    }
    expect(torch.memory().liveTensors).toBe(before);
    expect(() => outer.forward(torch.ones([1, 4]))).toThrow(/this module has been disposed/);
  });
});
