// Optimizer trajectories against PyTorch: the same model, data and settings, N steps, compared
// exactly. torchts runs ATen's fused SGD/Adam/AdamW kernels and RMSprop's foreach sequence, so the
// reference is PyTorch with fused=True (SGD, Adam, AdamW) and foreach=True (RMSprop): the same
// kernels in the same order, bit for bit. (PyTorch's CPU default, the per-parameter loop, differs
// from these in the last bits, which is why the reference names the path.)
import { describe, expect, it } from 'vitest';
import { type Tensor, TorchError, nn, optim, torch } from '../../lib/index.js';
import { expectTensor, input, pythonRef, toTensor } from '../helpers/reference.js';

const N = 25;
const x = input([16, 6], { seed: 11 });
const y = input([16], { dtype: 'int64', lo: 0, hi: 3, seed: 12 });

interface Case {
  name: string;
  py: string; // optimizer constructor over `params`
  js: (params: nn.Parameter[] | { params: nn.Parameter[]; [k: string]: unknown }[]) => optim.Optimizer<object>;
  groups?: boolean; // weights and biases in separate groups (biases without weight decay, 2x lr)
}

const cases: Case[] = [
  { name: 'SGD', py: 'torch.optim.SGD(params, lr=0.1, fused=True)', js: (p) => new optim.SGD(p as never, { lr: 0.1 }) },
  { name: 'SGD momentum dampening weight decay', py: 'torch.optim.SGD(params, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-2, fused=True)',
    js: (p) => new optim.SGD(p as never, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 1e-2 }) },
  { name: 'SGD nesterov maximize', py: 'torch.optim.SGD(params, lr=0.05, momentum=0.8, nesterov=True, maximize=True, fused=True)',
    js: (p) => new optim.SGD(p as never, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }) },
  { name: 'Adam', py: 'torch.optim.Adam(params, lr=1e-2, fused=True)', js: (p) => new optim.Adam(p as never, { lr: 1e-2 }) },
  { name: 'Adam amsgrad weight decay betas', py: 'torch.optim.Adam(params, lr=3e-3, betas=(0.8, 0.99), weight_decay=1e-3, amsgrad=True, eps=1e-6, fused=True)',
    js: (p) => new optim.Adam(p as never, { lr: 3e-3, betas: [0.8, 0.99], weightDecay: 1e-3, amsgrad: true, eps: 1e-6 }) },
  { name: 'AdamW', py: 'torch.optim.AdamW(params, lr=1e-2, fused=True)', js: (p) => new optim.AdamW(p as never, { lr: 1e-2 }) },
  { name: 'AdamW param groups', groups: true, py: 'torch.optim.AdamW(params, lr=1e-2, weight_decay=0.1, fused=True)',
    js: (p) => new optim.AdamW(p as never, { lr: 1e-2, weightDecay: 0.1 }) },
  { name: 'RMSprop', py: 'torch.optim.RMSprop(params, lr=1e-2, foreach=True)', js: (p) => new optim.RMSprop(p as never, { lr: 1e-2 }) },
  { name: 'RMSprop centered momentum weight decay', py: 'torch.optim.RMSprop(params, lr=1e-3, alpha=0.9, momentum=0.5, centered=True, weight_decay=1e-2, foreach=True)',
    js: (p) => new optim.RMSprop(p as never, { lr: 1e-3, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 1e-2 }) },
];

const MODEL_PY = 'torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))';
const model = () => new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
const GROUPS_PY = "[{'params': [p for n, p in m.named_parameters() if n.endswith('weight')]}, " +
  "{'params': [p for n, p in m.named_parameters() if n.endswith('bias')], 'weight_decay': 0.0, 'lr': 2e-2}]";

function trainPy(c: Case, steps: number, clip = false): string {
  return `torch.manual_seed(0)\nm = ${MODEL_PY}\nparams = ${c.groups ? GROUPS_PY : 'list(m.parameters())'}\nopt = ${c.py}\n` +
    `for i in range(${steps}):\n  opt.zero_grad()\n  F.cross_entropy(m(x), y).backward()\n` +
    (clip ? '  norms.append(torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5))\n' : '') + '  opt.step()\n';
}

function trainJs(c: Case, m: nn.Module, opt: optim.Optimizer<object>, xt: Tensor, yt: Tensor, steps: number, norms?: Tensor[]): void {
  for (let i = 0; i < steps; i++) {
    torch.tidy(() => {
      opt.zeroGrad();
      nn.functional.crossEntropy(m.forward(xt) as Tensor, yt).backward();
      if (norms) norms.push(torch.keep(nn.utils.clipGradNorm(m.parameters(), 0.5)));
      opt.step();
    });
  }
}

function params(c: Case, m: nn.Module) {
  if (!c.groups) return m.parameters();
  const named = [...m.namedParameters()];
  return [
    { params: named.filter(([n]) => n.endsWith('weight')).map(([, p]) => p) },
    { params: named.filter(([n]) => n.endsWith('bias')).map(([, p]) => p), weightDecay: 0, lr: 2e-2 },
  ];
}

describe(`${N} optimizer steps give PyTorch's weights exactly`, () => {
  const ref = pythonRef(cases.map((c) => ({ inputs: { x, y }, setup: trainPy(c, N), expr: 'tuple(m.state_dict().values())' })));
  cases.forEach((c, i) => {
    it(c.name, () => {
      torch.manualSeed(0);
      const m = model();
      const opt = c.js(params(c, m));
      torch.tidy(() => {
        trainJs(c, m, opt, toTensor(x), toTensor(y), N);
        Object.values(m.stateDict()).forEach((t, k) => expectTensor(t, ref[i].out![k], {}, `${c.name} tensor ${k}`));
      });
      expect(opt.stepAttempts).toBe(N);
    });
  });
});

describe('optimizer state', () => {
  it('stateDict/loadStateDict resumes bit-exactly: N + N steps equal 2N steps (Adam, SGD momentum)', () => {
    for (const c of [cases[4], cases[1]]) {
      torch.manualSeed(0);
      const straight = model();
      const optA = c.js(straight.parameters());
      torch.manualSeed(0);
      const resumed = model();
      const optB = c.js(resumed.parameters());
      torch.tidy(() => {
        const [xt, yt] = [toTensor(x), toTensor(y)];
        trainJs(c, straight, optA, xt, yt, 2 * N);
        trainJs(c, resumed, optB, xt, yt, N);
        const sd = optB.stateDict();
        const fresh = c.js(resumed.parameters());
        fresh.loadStateDict(sd);
        trainJs(c, resumed, fresh, xt, yt, N);
        const [a, b] = [straight.stateDict(), resumed.stateDict()];
        for (const k of Object.keys(a)) expect(a[k].equal(b[k]), `${c.name} ${k}`).toBe(true);
      });
    }
  });

  it("loadStateDict puts the step count where the kernel reads it: float32 on the parameter's device for fused Adam, as saved for RMSprop", () => {
    torch.tidy(() => {
      const p = new nn.Parameter(torch.ones([3]));
      // As a non-fused PyTorch run saves them: float64 everywhere.
      const f64 = (v: number | number[]) => torch.tensor(v, { dtype: 'float64' });
      const adam = new optim.Adam([p], { lr: 0.1 });
      adam.loadStateDict({
        state: { 0: { step: f64(5), expAvg: f64([0, 0, 0]), expAvgSq: f64([0, 0, 0]) } },
        paramGroups: adam.stateDict().paramGroups,
      });
      const a = adam.stateDict().state[0];
      expect([a.step.dtype, a.step.device, a.step.item(), a.expAvg.dtype]).toEqual(['float32', p.device, 5, 'float32']);
      const rms = new optim.RMSprop([p], { lr: 0.1 });
      rms.loadStateDict({ state: { 0: { step: f64(5), squareAvg: f64([0, 0, 0]) } }, paramGroups: rms.stateDict().paramGroups });
      const r = rms.stateDict().state[0];
      expect([r.step.dtype, r.squareAvg.dtype]).toEqual(['float64', 'float32']);
      adam.dispose();
      rms.dispose();
    });
  });

  it('paramGroups lr is settable and used by the next step', () => {
    torch.manualSeed(0);
    const m = new nn.Linear(3, 1);
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    opt.paramGroups[0].lr = 0;
    const before = m.weight.clone();
    torch.tidy(() => {
      m.forward(torch.ones([2, 3])).sum().backward();
      opt.step();
    });
    expect(m.weight.equal(before)).toBe(true);
  });

  it('clipGradNorm returns the total norm and scales as PyTorch (inside an SGD run)', () => {
    const c = cases[0];
    const ref = pythonRef([{ inputs: { x, y }, setup: `norms = []\n${trainPy(c, 5, true)}`, expr: 'tuple(norms) + tuple(m.state_dict().values())' }])[0];
    torch.manualSeed(0);
    const m = model();
    const opt = c.js(m.parameters());
    const norms: Tensor[] = [];
    torch.tidy(() => {
      trainJs(c, m, opt, toTensor(x), toTensor(y), 5, norms);
      [...norms, ...Object.values(m.stateDict())].forEach((t, k) => expectTensor(t, ref.out![k], {}, `clip ${k}`));
    });
  });

  it("rejects bad options with PyTorch's messages", () => {
    const p = new nn.Linear(2, 2).parameters();
    expect(() => new optim.SGD(p, { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new optim.SGD(p, { momentum: -0.1 })).toThrow('Invalid momentum value: -0.1');
    expect(() => new optim.SGD(p, { nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new optim.Adam(p, { betas: [1.0, 0.9] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new optim.Adam(p, { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new optim.AdamW(p, { weightDecay: -1 })).toThrow('Invalid weightDecay value: -1');
    expect(() => new optim.Adam([])).toThrow('optimizer got an empty parameter list');
    expect(() => new optim.Adam([42 as never])).toThrow('optimizer can only optimize Tensors, but one of the params is 42 of type number');
    const nonLeaf = torch.tidy(() => torch.keep(p[0].mul(2)));
    expect(() => new optim.Adam([nonLeaf])).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new optim.Adam([{ params: [p[0]] }, { params: [p[0]] }])).toThrow('some parameters appear in more than one parameter group');
    expect(() => new optim.Adam(p, { lrr: 1 } as never)).toThrow("Adam(): unknown option 'lrr'. Did you mean 'lr'?");
    expect(() => nn.utils.clipGradNorm(p, -1)).toThrow(TypeError);
  });

  it('clipGradNorm with errorIfNonfinite throws on an infinite norm', () => {
    const m = new nn.Linear(2, 1);
    torch.tidy(() => {
      m.forward(torch.tensor([[Infinity, 1]])).sum().backward();
      expect(() => nn.utils.clipGradNorm(m.parameters(), 1, { errorIfNonfinite: true })).toThrow(/non-finite, so it cannot be clipped/);
    });
  });
});

describe('clipGradValue', () => {
  it('clamps every gradient element into [-clipValue, clipValue] and leaves parameters without gradients alone', () => {
    const p = new nn.Parameter(torch.zeros([4]));
    const q = new nn.Parameter(torch.zeros([2]));
    torch.tidy(() => p.mul(torch.tensor([-2, 0.3, 1.5, -0.1])).sum().backward());
    nn.utils.clipGradValue([p, q], 0.5);
    expect(Array.from(p.grad!.data() as Float32Array)).toEqual([-0.5, Math.fround(0.3), 0.5, Math.fround(-0.1)]);
    expect(q.grad).toBeNull();
    expect(() => nn.utils.clipGradValue([p], -1)).toThrow('clipGradValue(): expected clipValue to be a non-negative number, but received -1 of type number');
  });
});

describe('state dicts of another optimizer, option types, dispose', () => {
  // One step of each optimizer on a tiny linear model, so every state key exists.
  function stepped(make: (ps: nn.Parameter[]) => optim.Optimizer<object>): { m: nn.Linear; opt: optim.Optimizer<object> } {
    torch.manualSeed(0);
    const m = new nn.Linear(3, 2);
    const opt = make(m.parameters());
    torch.tidy(() => {
      m.forward(torch.ones([4, 3])).sum().backward();
      opt.step();
    });
    return { m, opt };
  }
  const makers = {
    SGD: (ps: nn.Parameter[]) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 }),
    Adam: (ps: nn.Parameter[]) => new optim.Adam(ps),
    AdamW: (ps: nn.Parameter[]) => new optim.AdamW(ps),
    RMSprop: (ps: nn.Parameter[]) => new optim.RMSprop(ps, { momentum: 0.5 }),
  };
  type Kind = keyof typeof makers;

  it("loadStateDict refuses another optimizer's state dict, naming both (an AdamW checkpoint into SGD)", () => {
    const saved = Object.fromEntries(
      Object.entries(makers).map(([k, make]) => [k, stepped(make).opt.stateDict()])) as Record<Kind, optim.OptimizerStateDict>;
    for (const target of Object.keys(makers) as Kind[]) {
      for (const source of Object.keys(makers) as Kind[]) {
        const { opt } = stepped(makers[target]);
        const before = JSON.stringify(opt.paramGroups.map(({ params: _, ...o }) => o));
        if (source === target) {
          expect(() => opt.loadStateDict(saved[source]), `${source} into ${target}`).not.toThrow();
          continue;
        }
        let error: unknown;
        try {
          opt.loadStateDict(saved[source]);
        } catch (e) {
          error = e;
        }
        expect(error, `${source} into ${target}`).toBeInstanceOf(TorchError);
        expect((error as TorchError).code).toBe('ERR_STATE');
        expect((error as Error).message).toMatch(new RegExp(`^${target}\\.loadStateDict\\(\\): this state dict was saved by an ${source} optimizer \\(.*\\), not by an ${target}: `));
        // Nothing was merged into the groups.
        expect(JSON.stringify(opt.paramGroups.map(({ params: _, ...o }) => o))).toBe(before);
      }
    }
    const message = (() => {
      try {
        stepped(makers.SGD).opt.loadStateDict(saved.AdamW);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toBe('SGD.loadStateDict(): this state dict was saved by an AdamW optimizer (its groups hold betas, amsgrad; its state holds ' +
      'expAvg, expAvgSq; decoupledWeightDecay true), not by an SGD: loading it would mix the two optimizers\' settings and state. Load it ' +
      'into an AdamW, or start the SGD from a fresh state (do not load the optimizer state, e.g. load only the model from the checkpoint).');
  });

  it("Adam and AdamW save decoupledWeightDecay as PyTorch 2.11's groups do, and a dict without it (older torchts) loads into either", () => {
    const adam = stepped(makers.Adam).opt.stateDict();
    const adamw = stepped(makers.AdamW).opt.stateDict();
    expect(adam.paramGroups[0].decoupledWeightDecay).toBe(false);
    expect(adamw.paramGroups[0].decoupledWeightDecay).toBe(true);
    expect(Object.keys(adamw.state[0])).toEqual(['step', 'expAvg', 'expAvgSq']);
    const legacy = { state: adamw.state, paramGroups: adamw.paramGroups.map(({ decoupledWeightDecay: _, ...g }) => g) };
    for (const make of [makers.Adam, makers.AdamW]) {
      const { opt } = stepped(make);
      opt.loadStateDict(legacy);
      // The class's choice stays: the flag is never loaded into a group.
      expect('decoupledWeightDecay' in opt.paramGroups[0]).toBe(false);
      expect(opt.stateDict().paramGroups[0].decoupledWeightDecay).toBe(opt instanceof optim.AdamW);
    }
    // SGD without momentum keeps no state; its options still say what it is.
    const plain = new optim.SGD(new nn.Linear(2, 2).parameters());
    expect(() => plain.loadStateDict(adam)).toThrow(/^SGD\.loadStateDict\(\): this state dict was saved by an Adam optimizer/);
    expect(() => stepped(makers.Adam).opt.loadStateDict(plain.stateDict())).toThrow(/saved by an SGD optimizer \(its groups hold dampening, nesterov\)/);
    // PyTorch's own layout is named as such.
    expect(() => plain.loadStateDict({ state: {}, param_groups: [] } as never)).toThrow(/received PyTorch's state_dict\(\) layout \(param_groups\)/);
  });

  it('an option of the wrong type is a TypeError naming its type; range errors use the camelCase option names', () => {
    const p = new nn.Linear(2, 2).parameters();
    expect(() => new optim.SGD(p, { lr: '0.01' as never })).toThrow(new TypeError("SGD(): expected lr to be a number, but received '0.01' of type string"));
    expect(() => new optim.Adam(p, { amsgrad: 'yes' as never })).toThrow("Adam(): expected amsgrad to be a boolean, but received 'yes' of type string");
    expect(() => new optim.AdamW(p, { betas: [0.9] as never })).toThrow('AdamW(): expected betas to be an array of 2 numbers, but received an array of length 1');
    expect(() => new optim.RMSprop([{ params: p, weightDecay: '0' as never }])).toThrow(
      "RMSprop.addParamGroup(): expected weightDecay to be a number, but received '0' of type string");
    expect(() => new optim.SGD(p, { weightDecay: -1 })).toThrow(new RangeError('Invalid weightDecay value: -1'));
  });

  it('dispose() releases the state tensors at once; the optimizer then refuses use with ERR_DISPOSED; idempotent; `using` works', () => {
    const { m, opt } = stepped(makers.Adam);
    const live = torch.memory().liveTensors;
    opt.dispose();
    expect(torch.memory().liveTensors).toBe(live - 3 * 2); // step, expAvg, expAvgSq of weight and bias
    expect(opt.isDisposed).toBe(true);
    for (const use of [() => opt.step(), () => opt.zeroGrad(), () => opt.stateDict(), () => opt.addParamGroup({ params: [] })]) {
      expect(use).toThrow(TorchError);
      expect(use).toThrow(/^Adam\.\w+\(\): this optimizer has been disposed/);
    }
    try {
      opt.step();
    } catch (e) {
      expect((e as TorchError).code).toBe('ERR_DISPOSED');
    }
    opt.dispose();
    expect(torch.memory().liveTensors).toBe(live - 6);
    expect(m.weight.isDisposed).toBe(false); // the parameters are the model's
    let inner: optim.Optimizer<object> | undefined;
    {
      using scoped = stepped(makers.SGD).opt;
      inner = scoped;
    }
    expect(inner.isDisposed).toBe(true);
  });
});
