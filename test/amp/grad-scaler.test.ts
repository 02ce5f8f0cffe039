// amp.GradScaler against Python's torch.amp.GradScaler('cpu', ...): the same model (seeded init),
// data, optimizer and schedule of bad iterations, run through both, forward under CPU float16
// autocast on both sides.
//
// Compared exactly: the scale after every update() (getScale() / get_scale()), which steps were
// skipped (here: step()'s return value and whether each parameter stayed bit-identical; in Python:
// whether each parameter stayed bit-identical), gradient norms from clipGradNorm after unscale_, and
// the final weights. Both sides run the same kernels (autocast float16 matmuls,
// _amp_foreach_non_finite_check_and_unscale_, _amp_update_scale_, _fused_adam_/_fused_sgd_ with
// grad_scale/found_inf, RMSprop's foreach sequence), so any difference is a bug. Skips come from
// injected inf inputs (x * inf), from gradients poisoned with inf after backward, and from natural
// float16 overflow (initScale 2^17 with growthInterval 2 overflows the float16 activations'
// gradients every few steps). Every trajectory is required to contain skipped and taken steps and a
// moving scale, so that it cannot pass vacuously. The runs are chosen so that no fused SGD step is
// skipped on the first iteration (see the last describe: that case reads uninitialised memory in
// PyTorch and torchts alike, so it has no exact reference).
//
// Compared with Python's text: the state machine's error messages (the torchts text must contain
// PyTorch's). Not compared with Python: the enabled:false path (compared with a plain torchts
// optimizer run instead, which the optimizer suite ties to PyTorch) and the LR-scheduler warning,
// where torchts deliberately differs (PyTorch warns when a GradScaler skips the first non-fused step;
// torchts counts the skipped call in stepAttempts and does not).
//
// Checked without Python ('a skipped step leaves no trace'): a run whose first iteration is skipped
// must end with the weights of the same run without that iteration (torchts against itself; the
// scale makes the remaining iterations compute identical scaled losses). Fused SGD with momentum
// FAILS this on purpose: a known bug in lib/optim/sgd.ts (shared with PyTorch's _fused_sgd), kept
// failing as the task asks; see the comment there.
import { describe, expect, it } from 'vitest';
import { type Tensor, amp, nn, optim, torch } from '../../lib/index.js';
import { STEP_ORDER_WARNING } from '../../lib/optim/lr/scheduler.js';
import { type RefCase, type RefResult, expectTensor, input, pythonRef, toTensor } from '../helpers/reference.js';

const F = nn.functional;
// Single-threaded on both sides (the harness hands Python this count): on these tiny tensors each of
// libtorch's parallel regions (float16 matmuls, fused optimizer kernels) costs milliseconds here.
torch.setNumThreads(1);
const X = input([16, 6], { seed: 21 });
const Y = input([16], { dtype: 'int64', lo: 0, hi: 3, seed: 22 });

const PY_TRAIN = `
def make_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))

def train(make_opts, steps, bad=(), init_scale=2.0**17, growth_interval=2, clip=None, accum=1, poison=(), swap_at=None, enabled=True):
    m = make_model()
    opts = make_opts(m)
    scaler = torch.amp.GradScaler('cpu', init_scale=init_scale, growth_interval=growth_interval, enabled=enabled)
    scales, unchanged, norms = [], [], []
    xs, ys = x.chunk(accum), y.chunk(accum)
    for i in range(steps):
        for k in range(accum):
            xi = xs[k] * float('inf') if i * accum + k in bad else xs[k]
            with torch.autocast('cpu', dtype=torch.float16):
                loss = F.cross_entropy(m(xi), ys[k]) / accum
            scaler.scale(loss).backward()
        if i in poison:
            with torch.no_grad():
                m[2].bias.grad.mul_(float('inf'))
        if clip is not None:
            for o in opts:
                scaler.unscale_(o)
            norms.append(torch.nn.utils.clip_grad_norm_(m.parameters(), clip))
        before = [p.detach().clone() for p in m.parameters()]
        for o in opts:
            scaler.step(o)
        unchanged.append([float(torch.equal(b, p)) for b, p in zip(before, m.parameters())])
        scaler.update()
        scales.append(scaler.get_scale())
        for o in opts:
            o.zero_grad()
    sd = scaler.state_dict()
    state = [sd[k] for k in ('scale', 'growth_factor', 'backoff_factor', 'growth_interval', '_growth_tracker')] if sd else []
    return (torch.tensor(scales, dtype=torch.float64), torch.tensor(unchanged), torch.tensor(norms),
            torch.tensor(state, dtype=torch.float64), *m.state_dict().values())
`;

interface Run {
  steps: number;
  bad?: number[];
  initScale?: number;
  growthInterval?: number;
  clip?: number;
  accum?: number;
  poison?: number[];
  /** Replace the scaler by a fresh one loaded from stateDict() before this iteration. */
  swapAt?: number;
  /** Whether the fresh scaler has already lazily created its scale tensor when it loads the state. */
  swapInitialised?: boolean;
}

interface JsResult {
  scales: number[];
  stepped: boolean[][];
  unchanged: number[][];
  norms: number[];
  state: number[];
  weights: Tensor[];
  /** Per optimizer, the indices of its parameters in model.parameters(). */
  owned: number[][];
  /** The state handed over at swapAt. */
  swapped?: amp.GradScalerState;
}

type Model = nn.Sequential;
const makeModel = (): Model => {
  torch.manualSeed(0);
  return new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 3));
};
const linear = (m: Model, i: number) => m.at(i) as nn.Linear;

function trainJs(makeOpts: (m: Model) => optim.Optimizer<object>[], r: Run): JsResult {
  const { steps, bad = [], initScale = 2 ** 17, growthInterval = 2, accum = 1, poison = [] } = r;
  const m = makeModel();
  const opts = makeOpts(m);
  let scaler = new amp.GradScaler({ device: 'cpu', initScale, growthInterval });
  const params = m.parameters();
  const owned = opts.map((o) => o.paramGroups.flatMap((g) => g.params).map((p) => params.indexOf(p as nn.Parameter)));
  const res: JsResult = { scales: [], stepped: [], unchanged: [], norms: [], state: [], weights: [], owned };
  torch.tidy(() => {
    const xs = toTensor(X).chunk(accum);
    const ys = toTensor(Y).chunk(accum);
    for (let i = 0; i < steps; i++) {
      if (i === r.swapAt) {
        const fresh = new amp.GradScaler({ device: 'cpu', initScale: 3, growthInterval: 1000 });
        if (r.swapInitialised) fresh.scale(torch.tensor(1.0)).dispose();
        res.swapped = scaler.stateDict() as amp.GradScalerState;
        fresh.loadStateDict(res.swapped);
        expect(fresh.stateDict()).toEqual(res.swapped);
        scaler = fresh;
      }
      torch.tidy(() => {
        for (let k = 0; k < accum; k++) {
          const xi = bad.includes(i * accum + k) ? xs[k].mul(Infinity) : xs[k];
          const loss = amp.autocast({ device: 'cpu', dtype: 'float16' }, () => F.crossEntropy(m.forward(xi) as Tensor, ys[k]).div(accum));
          scaler.scale(loss).backward();
        }
        if (poison.includes(i)) torch.noGrad(() => linear(m, 2).bias!.grad!.mul_(Infinity));
        if (r.clip !== undefined) {
          for (const o of opts) scaler.unscale_(o);
          res.norms.push(nn.utils.clipGradNorm(m.parameters(), r.clip).item());
        }
        const before = m.parameters().map((p) => p.clone());
        res.stepped.push(opts.map((o) => scaler.step(o)));
        res.unchanged.push(before.map((b, j) => Number(b.equal(m.parameters()[j]))));
        scaler.update();
        res.scales.push(scaler.getScale());
        for (const o of opts) o.zeroGrad();
      });
    }
  });
  const sd = scaler.stateDict() as amp.GradScalerState;
  res.state = [sd.scale, sd.growthFactor, sd.backoffFactor, sd.growthInterval, sd.growthTracker];
  res.weights = Object.values(m.stateDict());
  return res;
}

function pyArgs(r: Run): string {
  const a = [`${r.steps}`, `bad=[${(r.bad ?? []).join(", ")}]`, `poison=[${(r.poison ?? []).join(", ")}]`];
  if (r.initScale !== undefined) a.push(`init_scale=${r.initScale}`);
  if (r.growthInterval !== undefined) a.push(`growth_interval=${r.growthInterval}`);
  if (r.clip !== undefined) a.push(`clip=${r.clip}`);
  if (r.accum !== undefined) a.push(`accum=${r.accum}`);
  return a.join(', ');
}

/** Python's numbers: non-finite values travel as strings. */
const nums = (data: (number | string)[]): number[] => data.map((v) => (typeof v === 'number' ? v : Number(v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity)));

/** Compares a torchts run with Python's, element by element, with messages naming the step. */
function compare(name: string, js: JsResult, ref: RefResult): void {
  if (ref.error) throw new Error(`${name}: PyTorch raised ${ref.error}`);
  const [scales, unchanged, norms, state, ...weights] = ref.out!;
  expect(js.scales, `${name}: scale after each update()`).toEqual(scales!.data);
  const n = js.unchanged[0].length;
  const pyUnchanged = js.unchanged.map((_, i) => unchanged!.data.slice(i * n, (i + 1) * n));
  expect(js.unchanged, `${name}: parameters left bit-identical by each step`).toEqual(pyUnchanged);
  // step() returns false exactly when the optimizer's parameters were all left as they were.
  js.stepped.forEach((row, i) => row.forEach((stepped, k) => {
    const same = js.owned[k].map((j) => js.unchanged[i][j]);
    expect(same, `${name}: step ${i}, optimizer ${k} returned ${stepped}`).toEqual(same.map(() => (stepped ? 0 : 1)));
  }));
  expect(js.norms, `${name}: clip norms`).toEqual(nums(norms!.data));
  expect(js.state, `${name}: stateDict`).toEqual(state!.data);
  expect(js.weights.length).toBe(weights.length);
  js.weights.forEach((w, k) => expectTensor(w, weights[k], {}, `${name}: final weight ${k}`));
}

const ADAM_PY = 'lambda m: [torch.optim.Adam(m.parameters(), lr=1e-2, fused=True)]';
const ADAM_JS = (m: Model) => [new optim.Adam(m.parameters(), { lr: 1e-2 })];
const SGD_PY = 'lambda m: [torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, fused=True)]';
const SGD_JS = (m: Model) => [new optim.SGD(m.parameters(), { lr: 0.05, momentum: 0.9 })];
const RMS_PY = 'lambda m: [torch.optim.RMSprop(m.parameters(), lr=1e-2, foreach=True)]';
const RMS_JS = (m: Model) => [new optim.RMSprop(m.parameters(), { lr: 1e-2 })];
const MULTI_PY = 'lambda m: [torch.optim.Adam(m[0].parameters(), lr=1e-2, fused=True), torch.optim.RMSprop(m[2].parameters(), lr=1e-2, foreach=True)]';
const MULTI_JS = (m: Model) => [
  new optim.Adam(linear(m, 0).parameters(), { lr: 1e-2 }),
  new optim.RMSprop(linear(m, 2).parameters(), { lr: 1e-2 }),
];

interface TrajCase {
  name: string;
  py: string;
  js: (m: Model) => optim.Optimizer<object>[];
  /** Python ignores swapAt: the uninterrupted run is the reference. */
  run: Run;
}

const BAD = [5, 11];
const trajectories: TrajCase[] = [
  { name: 'fused Adam', py: ADAM_PY, js: ADAM_JS, run: { steps: 20, bad: BAD } },
  { name: 'fused SGD with momentum', py: SGD_PY, js: SGD_JS, run: { steps: 20, bad: BAD } },
  { name: 'RMSprop (not fused: unscale, then step unless inf)', py: RMS_PY, js: RMS_JS, run: { steps: 20, bad: BAD } },
  { name: 'fused Adam, unscale_ + clipGradNorm before step', py: ADAM_PY, js: ADAM_JS, run: { steps: 20, bad: BAD, clip: 0.5 } },
  { name: 'RMSprop, unscale_ + clipGradNorm before step', py: RMS_PY, js: RMS_JS, run: { steps: 20, bad: BAD, clip: 0.5 } },
  { name: 'fused SGD, unscale_ + clipGradNorm before step', py: SGD_PY, js: SGD_JS, run: { steps: 20, bad: BAD, clip: 0.5 } },
  // 6 windows of 4 micro-batches (scale, backward each; unscale/step/update at the window's end);
  // micro-batch 9 (window 2) gets an inf input.
  { name: 'gradient accumulation over 4 micro-batches, fused Adam', py: ADAM_PY, js: ADAM_JS, run: { steps: 6, bad: [9], accum: 4, initScale: 2 ** 17 } },
  { name: 'gradient accumulation over 4 micro-batches, RMSprop', py: RMS_PY, js: RMS_JS, run: { steps: 6, bad: [9], accum: 4, initScale: 2 ** 17 } },
  // Adam on layer 0, RMSprop on layer 2; poisoning layer 2's bias gradient skips only RMSprop.
  { name: 'two optimizers on one scaler', py: MULTI_PY, js: MULTI_JS, run: { steps: 14, bad: [3], poison: [7, 10] } },
  { name: 'two optimizers on one scaler, unscale_ + clip', py: MULTI_PY, js: MULTI_JS, run: { steps: 14, bad: [3], poison: [7, 10], clip: 0.5 } },
  { name: 'stateDict round trip: fresh scaler loads the state mid-run (before its first scale())', py: ADAM_PY, js: ADAM_JS,
    run: { steps: 20, bad: BAD, swapAt: 10 } },
  { name: 'stateDict round trip: scaler that already scaled loads the state mid-run', py: RMS_PY, js: RMS_JS,
    run: { steps: 20, bad: BAD, swapAt: 13, swapInitialised: true } },
];

// The state machine's errors, raised by Python on the same sequence of calls.
const ERR_SETUP = `
m = torch.nn.Linear(3, 2)
opt = torch.optim.RMSprop(m.parameters(), lr=0.1, foreach=True)
sc = torch.amp.GradScaler('cpu')
def bw():
    sc.scale(m(torch.ones(2, 3)).sum()).backward()
`;
interface ErrCase {
  name: string;
  setup: string;
  expr: string;
  js: (s: { m: nn.Linear; opt: optim.Optimizer<object>; sc: amp.GradScaler; bw: () => void }) => unknown;
}
const errors: ErrCase[] = [
  { name: 'unscale_ twice', setup: 'bw(); sc.unscale_(opt)', expr: 'sc.unscale_(opt)', js: ({ opt, sc, bw }) => { bw(); sc.unscale_(opt); sc.unscale_(opt); } },
  { name: 'unscale_ after step', setup: 'bw(); sc.step(opt)', expr: 'sc.unscale_(opt)', js: ({ opt, sc, bw }) => { bw(); sc.step(opt); sc.unscale_(opt); } },
  { name: 'step twice', setup: 'bw(); sc.step(opt)', expr: 'sc.step(opt)', js: ({ opt, sc, bw }) => { bw(); sc.step(opt); sc.step(opt); } },
  { name: 'update without any step (no inf checks)', setup: 'bw()', expr: 'sc.update()', js: ({ sc, bw }) => { bw(); sc.update(); } },
  { name: 'step of a non-fused optimizer without gradients', setup: 'sc.scale(torch.ones(()))', expr: 'sc.step(opt)',
    js: ({ opt, sc }) => { sc.scale(torch.ones([])); sc.step(opt); } },
  { name: 'update without scale()', setup: '', expr: 'sc.update()', js: ({ sc }) => sc.update() },
  { name: 'step without scale()', setup: '', expr: 'sc.step(opt)', js: ({ opt, sc }) => sc.step(opt) },
  { name: 'unscale_ without scale()', setup: '', expr: 'sc.unscale_(opt)', js: ({ opt, sc }) => sc.unscale_(opt) },
  { name: 'float16 gradients (model.half())', setup: 'm.half()\nsc.scale(m(torch.ones(2, 3).half()).sum()).backward()', expr: 'sc.unscale_(opt)',
    js: ({ m, opt, sc }) => { m.half(); sc.scale(m.forward(torch.ones([2, 3]).half())).sum().backward(); sc.unscale_(opt); } },
  { name: 'float16 gradients through step()', setup: 'm.half()\nsc.scale(m(torch.ones(2, 3).half()).sum()).backward()', expr: 'sc.step(opt)',
    js: ({ m, opt, sc }) => { m.half(); sc.scale(m.forward(torch.ones([2, 3]).half())).sum().backward(); sc.step(opt); } },
];

// Both runs of pythonRef in one process: trajectories, then error cases, then the rest.
const refs = pythonRef([
  ...trajectories.map((c): RefCase => ({ inputs: { x: X, y: Y }, setup: PY_TRAIN, expr: `train(${c.py}, ${pyArgs(c.run)})` })),
  ...errors.map((c): RefCase => ({ inputs: {}, setup: `${ERR_SETUP}\n${c.setup}`, expr: c.expr })),
  // A fused optimizer whose parameters got no gradient this iteration steps (nothing) without error;
  // the scale update uses the other optimizer's inf checks.
  { inputs: {}, expr: '(torch.tensor(sc.get_scale()), torch.tensor(sc._get_growth_tracker()), *m.state_dict().values(), *n.state_dict().values())',
    setup: `torch.manual_seed(0)
m = torch.nn.Linear(3, 2); n = torch.nn.Linear(3, 2)
o1 = torch.optim.Adam(m.parameters(), lr=0.1, fused=True); o2 = torch.optim.Adam(n.parameters(), lr=0.1, fused=True)
sc = torch.amp.GradScaler('cpu', init_scale=4.0)
sc.scale(m(torch.ones(2, 3)).sum()).backward()
sc.step(o1); sc.step(o2); sc.update()` },
]);
const trajRefs = refs.slice(0, trajectories.length);
const errRefs = refs.slice(trajectories.length, trajectories.length + errors.length);
const noGradRef = refs[trajectories.length + errors.length];

describe('GradScaler trajectories equal torch.amp.GradScaler: scales, skipped steps, weights', () => {
  trajectories.forEach((c, i) => {
    it(c.name, () => {
      const js = trainJs(c.js, c.run);
      compare(c.name, js, trajRefs[i]);
      // Every run must exercise skipping (else it proves nothing about it) and growth.
      expect(js.stepped.flat().some((s) => !s), `${c.name}: some step skipped`).toBe(true);
      expect(js.stepped.flat().filter((s) => s).length, `${c.name}: most steps taken`).toBeGreaterThan(js.stepped.flat().length / 2);
      expect(new Set(js.scales).size, `${c.name}: the scale moved`).toBeGreaterThan(1);
      if (c.run.swapAt !== undefined) {
        // The handed-over state has a growth tracker mid-interval, so losing it would show.
        expect(js.swapped!.growthTracker, `${c.name}: growth tracker handed over`).toBe(1);
      }
      if (c.run.poison) {
        // Some iteration stepped Adam but skipped RMSprop.
        expect(js.stepped.some(([a, b]) => a && !b), `${c.name}: one optimizer skipped alone`).toBe(true);
      }
    });
  });
});

describe('GradScaler state machine errors say what PyTorch says', () => {
  errors.forEach((c, i) => {
    it(c.name, () => {
      const py = errRefs[i].error;
      expect(py, `${c.name}: PyTorch should raise`).toBeDefined();
      const pyMessage = py!.replace(/^\w+: /, '');
      torch.tidy(() => {
        torch.manualSeed(0);
        const m = new nn.Linear(3, 2);
        const opt = new optim.RMSprop(m.parameters(), { lr: 0.1 });
        const sc = new amp.GradScaler({ device: 'cpu' });
        const bw = () => sc.scale(m.forward(torch.ones([2, 3])) as Tensor).sum().backward();
        expect(() => c.js({ m, opt, sc, bw })).toThrow(pyMessage);
      });
    });
  });

  it('float16 gradients: the message also says how to fix it', () => {
    torch.tidy(() => {
      const m = new nn.Linear(3, 2).half();
      const opt = new optim.RMSprop(m.parameters());
      const sc = new amp.GradScaler({ device: 'cpu' });
      sc.scale(m.forward(torch.ones([2, 3]).half()) as Tensor).sum().backward();
      expect(() => sc.unscale_(opt)).toThrow(/^Attempting to unscale FP16 gradients\. .*float32 master weights/);
      // Nothing was unscaled: the optimizer can still be unscaled after the gradients are fixed.
      m.float();
      opt.zeroGrad();
      sc.scale(m.forward(torch.ones([2, 3])) as Tensor).sum().backward();
      expect(() => sc.unscale_(opt)).not.toThrow();
    });
  });

  it('a fused optimizer without gradients steps without error; update uses the other inf checks (as PyTorch)', () => {
    torch.tidy(() => {
      torch.manualSeed(0);
      const m = new nn.Linear(3, 2);
      const n = new nn.Linear(3, 2);
      const o1 = new optim.Adam(m.parameters(), { lr: 0.1 });
      const o2 = new optim.Adam(n.parameters(), { lr: 0.1 });
      const sc = new amp.GradScaler({ device: 'cpu', initScale: 4 });
      sc.scale(m.forward(torch.ones([2, 3])) as Tensor).sum().backward();
      expect(sc.step(o1)).toBe(true);
      expect(sc.step(o2)).toBe(true);
      sc.update();
      const [scale, tracker, ...weights] = noGradRef.out!;
      expect(sc.getScale()).toBe(scale!.data[0]);
      expect((sc.stateDict() as amp.GradScalerState).growthTracker).toBe(tracker!.data[0]);
      [...Object.values(m.stateDict()), ...Object.values(n.stateDict())].forEach((w, k) => expectTensor(w, weights[k], {}, `weight ${k}`));
    });
  });

  it('bad options name the option', () => {
    expect(() => new amp.GradScaler({ device: 'tpu' as never })).toThrow("GradScaler(): expected device to be 'cuda' or 'cpu'");
    expect(() => new amp.GradScaler({ device: 'cpu', initScale: -1 })).toThrow('expected initScale to be a positive number');
    expect(() => new amp.GradScaler({ device: 'cpu', growthInterval: 1.5 })).toThrow('expected growthInterval to be a positive integer');
    expect(() => new amp.GradScaler({ device: 'cpu', growthFactor: 1 })).toThrow('The growth factor must be > 1.0.');
    expect(() => new amp.GradScaler({ device: 'cpu', backoffFactor: 1 })).toThrow('The backoff factor must be < 1.0.');
    expect(() => new amp.GradScaler({ device: 'cpu', initscale: 2 } as never)).toThrow("unknown option 'initscale'. Did you mean 'initScale'?");
    expect(() => new amp.GradScaler({ device: 'cpu' }).scale(3 as never)).toThrow('outputs must be a Tensor');
  });
});

describe('GradScaler without scaling', () => {
  it('enabled:false: scale() is the identity, step() a plain optimizer.step() (inf gradients included), update() a no-op', () => {
    const plain = makeModel();
    const scaled = makeModel();
    const optA = new optim.SGD(plain.parameters(), { lr: 0.05, momentum: 0.9 });
    const optB = new optim.SGD(scaled.parameters(), { lr: 0.05, momentum: 0.9 });
    const sc = new amp.GradScaler({ device: 'cpu', enabled: false, initScale: 1024 });
    expect(sc.isEnabled()).toBe(false);
    torch.tidy(() => {
      const [x, y] = [toTensor(X), toTensor(Y)];
      for (let i = 0; i < 6; i++) {
        torch.tidy(() => {
          F.crossEntropy(plain.forward(x) as Tensor, y).backward();
          optA.step();
          optA.zeroGrad();
          const loss = F.crossEntropy(scaled.forward(x) as Tensor, y);
          const s = sc.scale(loss);
          expect(s).toBe(loss);
          s.backward();
          sc.unscale_(optB);
          expect(sc.step(optB)).toBe(true);
          sc.update();
          optB.zeroGrad();
        });
      }
      const [a, b] = [plain.stateDict(), scaled.stateDict()];
      for (const k of Object.keys(a)) expect(a[k].equal(b[k]), k).toBe(true);
      expect(sc.getScale()).toBe(1);
      expect(sc.stateDict()).toEqual({});
      // Not skipped: an inf input makes the weights NaN.
      F.crossEntropy(scaled.forward(x.mul(Infinity)) as Tensor, y).backward();
      expect(sc.step(optB)).toBe(true);
      expect(linear(scaled, 2).weight.isfinite().all().item()).toBe(false);
    });
    expect(optB.stepAttempts).toBe(7);
  });

  it('loadStateDict of an empty state (from a disabled scaler) throws', () => {
    const off = new amp.GradScaler({ device: 'cpu', enabled: false });
    const on = new amp.GradScaler({ device: 'cpu' });
    expect(() => on.loadStateDict(off.stateDict())).toThrow('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.');
  });

  it('update(newScale) sets the scale; stateDict reports PyTorch defaults before the first scale()', () => {
    const sc = new amp.GradScaler({ device: 'cpu' });
    expect(sc.stateDict()).toEqual({ scale: 65536, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2000, growthTracker: 0 });
    torch.tidy(() => sc.scale(torch.ones([])));
    sc.update(8);
    expect(sc.getScale()).toBe(8);
    sc.update(torch.tensor(0.25));
    expect(sc.getScale()).toBe(0.25);
    expect(() => sc.update(torch.tensor([1, 2]))).toThrow('new_scale should be a number or a 1-element float tensor');
  });
});

describe('a skipped step counts in optimizer.stepAttempts', () => {
  async function warningsDuring(fn: () => void): Promise<string[]> {
    await new Promise((r) => setImmediate(r)); // earlier tests' warnings are emitted on a later tick
    const seen: string[] = [];
    const listener = (w: Error) => seen.push(w.message);
    process.on('warning', listener);
    try {
      fn();
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    return seen;
  }

  for (const [name, make] of [['RMSprop (not fused)', RMS_JS], ['Adam (fused)', ADAM_JS]] as const) {
    it(`${name}: StepLR after a skipped first step does not warn`, async () => {
      const m = makeModel();
      const [opt] = make(m);
      const sched = new optim.lr.StepLR(opt, { stepSize: 1, gamma: 0.5 });
      const sc = new amp.GradScaler({ device: 'cpu' });
      let stepped: boolean | undefined;
      const seen = await warningsDuring(() => torch.tidy(() => {
        const loss = F.crossEntropy(m.forward(toTensor(X).mul(Infinity)) as Tensor, toTensor(Y));
        sc.scale(loss).backward();
        stepped = sc.step(opt);
        sc.update();
        sched.step();
      }));
      expect(stepped).toBe(false);
      expect(opt.stepAttempts).toBe(1);
      expect(sc.getScale()).toBe(32768);
      expect(opt.paramGroups[0].lr).toBe(5e-3);
      expect(seen.filter((w) => w === STEP_ORDER_WARNING)).toEqual([]);
    });
  }

  it('control: a scheduler stepped before any optimizer step does warn (the listener sees it)', async () => {
    const [opt] = RMS_JS(makeModel());
    const sched = new optim.lr.StepLR(opt, { stepSize: 1 });
    const seen = await warningsDuring(() => sched.step());
    expect(seen).toContain(STEP_ORDER_WARNING);
  });
});

describe('a skipped step leaves no trace in the optimizer', () => {
  // Run A: iteration 0 has an inf input (skipped, the scale halves to 2^9), then 5 clean iterations.
  // Run B: the 5 clean iterations alone, starting at scale 2^9. Both then compute the same scaled
  // losses, so the weights must be bit-identical if the skip changed nothing.
  //
  // Fused SGD with momentum fails this (a bug in lib/optim/sgd.ts that PyTorch's _fused_sgd shares):
  // on a parameter's first step the momentum buffer is created with emptyLike and the kernel told
  // it is the first step; when found_inf skips the kernel the buffer stays uninitialised but is kept,
  // and the next step treats it as history (buf = momentum * garbage + (1 - dampening) * grad).
  const cases: [string, (m: Model) => optim.Optimizer<object>][] = [
    ['fused Adam', (m) => new optim.Adam(m.parameters(), { lr: 1e-2 })],
    ['RMSprop', (m) => new optim.RMSprop(m.parameters(), { lr: 1e-2, momentum: 0.5 })],
    ['fused SGD, momentum 0.9, dampening 0.5 (KNOWN BUG in lib/optim/sgd.ts, shared with PyTorch)',
      (m) => new optim.SGD(m.parameters(), { lr: 0.05, momentum: 0.9, dampening: 0.5 })],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const run = (skipFirst: boolean) => {
        const m = makeModel();
        const opt = make(m);
        const sc = new amp.GradScaler({ device: 'cpu', initScale: skipFirst ? 2 ** 10 : 2 ** 9, growthInterval: 1000 });
        const stepped: boolean[] = [];
        torch.tidy(() => {
          const [x, y] = [toTensor(X), toTensor(Y)];
          for (let i = skipFirst ? 0 : 1; i < 6; i++) {
            torch.tidy(() => {
              sc.scale(F.crossEntropy(m.forward(i === 0 ? x.mul(Infinity) : x) as Tensor, y)).backward();
              stepped.push(sc.step(opt));
              sc.update();
              opt.zeroGrad();
            });
          }
        });
        return { weights: Object.values(m.stateDict()), stepped, scale: sc.getScale() };
      };
      const a = run(true);
      const b = run(false);
      expect(a.stepped, 'steps taken after the skipped first one').toEqual([false, true, true, true, true, true]);
      expect(a.scale).toBe(b.scale);
      a.weights.forEach((w, k) => {
        expect(w.isfinite().all().item(), `weight ${k} finite`).toBe(true);
        expect(w.equal(b.weights[k]), `weight ${k} equals the run without the skipped iteration`).toBe(true);
      });
    });
  }
});
