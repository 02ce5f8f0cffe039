/**
 * LR schedulers against torch.optim.lr_scheduler: every scheduler's sequence of rates (and of
 * momentum or betas[0] where it is cycled) over >= 1,000 steps with two param groups, state dict
 * round trips, the step-order warning, and the messages of bad options.
 *
 * Every sequence is compared for exact equality (Object.is: the same double, bit for bit) at every
 * step. That holds because the schedulers do PyTorch's floating-point operations in PyTorch's order,
 * the recursive (chainable) forms included, and call the same math functions: Python's math.cos,
 * math.log and float `**` call the C library, so torchts calls the C library's cos, log and pow
 * through the addon (lib/optim/lr/libm.ts) rather than V8's Math.cos, Math.log and `**`, which round
 * differently for a few percent of arguments (and CosineAnnealingLR's recursive form carries such a
 * difference on to every later step). Both sides run here on the same C library, so they agree to the
 * bit; the cases below include each schedule that calls cos, log or pow, at the arguments where V8
 * and glibc differ (e.g. int(log(243, 3)) is 4 with glibc, 5 with V8).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TorchError } from '../../lib/errors.js';
import * as lr from '../../lib/optim/lr/index.js';
import type { ParamGroupOptions, SchedulableOptimizer } from '../../lib/optim/types.js';
import { referencePython, rng } from '../helpers/reference.js';

// ---- a stand-in optimizer ---------------------------------------------------------------------------

interface FakeOptimizer extends SchedulableOptimizer {
  paramGroups: ParamGroupOptions[];
  stepAttempts: number;
  step(): void;
}

type OptKind = 'sgd' | 'adam';

function fakeOptimizer(kind: OptKind, lrs: number[], momentum = 0.9, betas: [number, number] = [0.9, 0.999]): FakeOptimizer {
  const paramGroups = lrs.map((lr): ParamGroupOptions => (kind === 'adam' ? { lr, betas: [...betas] } : { lr, momentum }));
  return {
    paramGroups,
    stepAttempts: 0,
    step() {
      this.stepAttempts += 1;
    },
  };
}

/** Asserts the class, message (and TorchError code) of what `fn` throws. */
function expectThrows(fn: () => unknown, cls: new (...args: never[]) => Error, message: string, code?: string): void {
  let thrown: unknown = undefined;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'should throw').toBeInstanceOf(cls);
  expect((thrown as Error).message).toBe(message);
  if (code !== undefined) expect((thrown as TorchError).code).toBe(code);
}

// ---- cases ------------------------------------------------------------------------------------------

interface Case {
  name: string;
  optimizer?: OptKind;
  lrs?: number[];
  momentum?: number;
  /** Python statements that define `sched` from `opt`. */
  py: string;
  /** The same scheduler in torchts. */
  ts: (opt: FakeOptimizer) => lr.LRScheduler;
  steps?: number;
  /** One argument per step: a metric (ReduceLROnPlateau) or an epoch (CosineAnnealingWarmRestarts). */
  args?: number[];
  /** Compare momentum (or betas[0]) too. */
  momentum_?: boolean;
}

const LRS = [0.1, 0.0375];
const STEPS = 1200;

/** A noisy, decreasing loss with two long plateaus, for ReduceLROnPlateau. */
function lossCurve(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const plateau = i >= 300 && i < 600 ? 0.35 : i >= 900 ? 0.2 : 1 / (1 + i / 100);
    return plateau + 0.02 * (r() - 0.5);
  });
}

/** `epoch + i / iters` for each batch i of each epoch: CosineAnnealingWarmRestarts' fractional stepping. */
function fractionalEpochs(epochs: number, iters: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) for (let i = 0; i < iters; i++) out.push(e + i / iters);
  return out;
}

const metricsMin = lossCurve(STEPS, 7);
const metricsMax = lossCurve(STEPS, 8).map((x) => 1 - x);
const epochsT2 = fractionalEpochs(160, 7);
const epochsT1 = fractionalEpochs(120, 9);
const integerEpochs = Array.from({ length: STEPS }, (_, i) => i);

const cases: Case[] = [
  {
    name: 'StepLR',
    py: 'sched = lr_scheduler.StepLR(opt, step_size=7, gamma=0.97)',
    ts: (opt) => new lr.StepLR(opt, { stepSize: 7, gamma: 0.97 }),
  },
  {
    name: 'MultiStepLR',
    py: 'sched = lr_scheduler.MultiStepLR(opt, milestones=[700, 100, 300, 301, 1100], gamma=0.3)',
    ts: (opt) => new lr.MultiStepLR(opt, { milestones: [700, 100, 300, 301, 1100], gamma: 0.3 }),
  },
  {
    // A milestone given n times multiplies by gamma ** n (C's pow).
    name: 'MultiStepLR (repeated milestones)',
    py: 'sched = lr_scheduler.MultiStepLR(opt, milestones=[200, 200, 500, 500, 500, 800], gamma=0.77)',
    ts: (opt) => new lr.MultiStepLR(opt, { milestones: [200, 200, 500, 500, 500, 800], gamma: 0.77 }),
  },
  {
    name: 'ExponentialLR',
    py: 'sched = lr_scheduler.ExponentialLR(opt, gamma=0.997)',
    ts: (opt) => new lr.ExponentialLR(opt, { gamma: 0.997 }),
  },
  {
    // cos, recursive: (lr - etaMin) times ratios of cosines, so a one-ulp difference of one cos
    // (V8's Math.cos made 995 of 2402 values differ) would carry on to every later step. 1200 steps
    // go past TMax to 3 * TMax, through the restart branch at step TMax + 1.
    name: 'CosineAnnealingLR (past TMax)',
    py: 'sched = lr_scheduler.CosineAnnealingLR(opt, T_max=400, eta_min=0.001)',
    ts: (opt) => new lr.CosineAnnealingLR(opt, { TMax: 400, etaMin: 0.001 }),
  },
  {
    // etaMin 0 and 8 half periods: the rate reaches exactly 0 at odd multiples of TMax, and the
    // branch for (step - 1 - TMax) % (2 * TMax) == 0 restarts it from there.
    name: 'CosineAnnealingLR (TMax 150, etaMin 0)',
    py: 'sched = lr_scheduler.CosineAnnealingLR(opt, T_max=150)',
    ts: (opt) => new lr.CosineAnnealingLR(opt, { TMax: 150 }),
  },
  {
    // cos, closed form.
    name: 'CosineAnnealingWarmRestarts (tMult 2)',
    py: 'sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=50, T_mult=2, eta_min=1e-4)',
    ts: (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 50, tMult: 2, etaMin: 1e-4 }),
  },
  {
    name: 'CosineAnnealingWarmRestarts (tMult 3)',
    py: 'sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=3, eta_min=2e-3)',
    ts: (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 4, tMult: 3, etaMin: 2e-3 }),
  },
  {
    // cos, and int(log(x, 2)) to find the period.
    name: 'CosineAnnealingWarmRestarts (fractional epochs, tMult 2)',
    py: 'sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=1e-4)',
    ts: (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 10, tMult: 2, etaMin: 1e-4 }),
    steps: epochsT2.length,
    args: epochsT2,
  },
  {
    // int(log(x, 3)) with C's log: at epoch 242 (x = 243, a restart), glibc's log(243) / log(3) is
    // 4.999999999999999, so PyTorch puts the epoch at the end of period 4 (the rate at etaMin),
    // where V8's Math.log (exactly 5) would start period 5 (the rate at initialLr).
    name: 'CosineAnnealingWarmRestarts (integer epochs, tMult 3)',
    py: 'sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=3, eta_min=1e-4)',
    ts: (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 2, tMult: 3, etaMin: 1e-4 }),
    args: integerEpochs,
  },
  {
    name: 'CosineAnnealingWarmRestarts (fractional epochs, tMult 1)',
    py: 'sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=7)',
    ts: (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 7 }),
    steps: epochsT1.length,
    args: epochsT1,
  },
  {
    name: 'LinearLR',
    py: 'sched = lr_scheduler.LinearLR(opt, start_factor=0.25, end_factor=0.9, total_iters=500)',
    ts: (opt) => new lr.LinearLR(opt, { startFactor: 0.25, endFactor: 0.9, totalIters: 500 }),
  },
  {
    name: 'ConstantLR',
    py: 'sched = lr_scheduler.ConstantLR(opt, factor=0.3, total_iters=400)',
    ts: (opt) => new lr.ConstantLR(opt, { factor: 0.3, totalIters: 400 }),
  },
  {
    name: 'PolynomialLR (power 1)',
    py: 'sched = lr_scheduler.PolynomialLR(opt, total_iters=1000)',
    ts: (opt) => new lr.PolynomialLR(opt, { totalIters: 1000 }),
  },
  {
    // `** 0.9`, recursive: C's pow (V8's `**` made 4 of 2402 values differ).
    name: 'PolynomialLR (power 0.9)',
    py: 'sched = lr_scheduler.PolynomialLR(opt, total_iters=1100, power=0.9)',
    ts: (opt) => new lr.PolynomialLR(opt, { totalIters: 1100, power: 0.9 }),
  },
  {
    name: 'PolynomialLR (power 2.7)',
    py: 'sched = lr_scheduler.PolynomialLR(opt, total_iters=1000, power=2.7)',
    ts: (opt) => new lr.PolynomialLR(opt, { totalIters: 1000, power: 2.7 }),
  },
  {
    // cos, closed form (V8's Math.cos made 60 of 2402 rates differ).
    name: 'OneCycleLR (cos, momentum)',
    py: 'sched = lr_scheduler.OneCycleLR(opt, max_lr=[0.1, 0.05], total_steps=1200)',
    ts: (opt) => new lr.OneCycleLR(opt, { maxLr: [0.1, 0.05], totalSteps: 1200 }),
    momentum_: true,
  },
  {
    name: 'OneCycleLR (cos, three phases, betas)',
    optimizer: 'adam',
    py: 'sched = lr_scheduler.OneCycleLR(opt, max_lr=[0.02, 0.003], total_steps=1500, pct_start=0.35, three_phase=True, base_momentum=0.8, max_momentum=[0.97, 0.93])',
    ts: (opt) =>
      new lr.OneCycleLR(opt, { maxLr: [0.02, 0.003], totalSteps: 1500, pctStart: 0.35, threePhase: true, baseMomentum: 0.8,
        maxMomentum: [0.97, 0.93] }),
    momentum_: true,
  },
  {
    name: 'OneCycleLR (linear, momentum)',
    py: "sched = lr_scheduler.OneCycleLR(opt, max_lr=0.07, total_steps=1100, pct_start=0.2, anneal_strategy='linear')",
    ts: (opt) => new lr.OneCycleLR(opt, { maxLr: 0.07, totalSteps: 1100, pctStart: 0.2, annealStrategy: 'linear' }),
    momentum_: true,
    steps: 1100,
  },
  {
    name: 'OneCycleLR (linear, three phases, betas)',
    optimizer: 'adam',
    py: "sched = lr_scheduler.OneCycleLR(opt, max_lr=0.01, epochs=10, steps_per_epoch=120, pct_start=0.25, anneal_strategy='linear', three_phase=True, base_momentum=[0.8, 0.85], max_momentum=0.95, div_factor=10.0, final_div_factor=100.0)",
    ts: (opt) =>
      new lr.OneCycleLR(opt, {
        maxLr: 0.01, epochs: 10, stepsPerEpoch: 120, pctStart: 0.25, annealStrategy: 'linear', threePhase: true,
        baseMomentum: [0.8, 0.85], maxMomentum: 0.95, divFactor: 10, finalDivFactor: 100,
      }),
    momentum_: true,
  },
  {
    name: 'CyclicLR (triangular, momentum)',
    py: 'sched = lr_scheduler.CyclicLR(opt, base_lr=[0.01, 0.002], max_lr=[0.1, 0.02], step_size_up=100, step_size_down=150)',
    ts: (opt) => new lr.CyclicLR(opt, { baseLr: [0.01, 0.002], maxLr: [0.1, 0.02], stepSizeUp: 100, stepSizeDown: 150 }),
    momentum_: true,
  },
  {
    name: 'CyclicLR (triangular2, betas)',
    optimizer: 'adam',
    py: "sched = lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.006, step_size_up=75, mode='triangular2', base_momentum=0.85, max_momentum=[0.95, 0.9])",
    ts: (opt) => new lr.CyclicLR(opt, { baseLr: 0.001, maxLr: 0.006, stepSizeUp: 75, mode: 'triangular2', baseMomentum: 0.85, maxMomentum: [0.95, 0.9] }),
    momentum_: true,
  },
  {
    // `gamma ** step`: C's pow (V8's `**` made 132 of 2402 rates differ).
    name: 'CyclicLR (exp_range)',
    py: "sched = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=60, step_size_down=40, mode='exp_range', gamma=0.999)",
    ts: (opt) => new lr.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 60, stepSizeDown: 40, mode: 'exp_range', gamma: 0.999 }),
    momentum_: true,
  },
  {
    name: 'CyclicLR (exp_range, betas)',
    optimizer: 'adam',
    py: "sched = lr_scheduler.CyclicLR(opt, base_lr=[0.002, 0.0005], max_lr=0.03, step_size_up=45, mode='exp_range', gamma=0.9983, base_momentum=0.82, max_momentum=0.96)",
    ts: (opt) => new lr.CyclicLR(opt, { baseLr: [0.002, 0.0005], maxLr: 0.03, stepSizeUp: 45, mode: 'exp_range', gamma: 0.9983, baseMomentum: 0.82, maxMomentum: 0.96 }),
    momentum_: true,
  },
  {
    name: 'CyclicLR (scaleFn on iterations, no momentum)',
    momentum: 0,
    py: "sched = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=33, scale_fn=lambda x: 1 / (1 + 0.01 * x), scale_mode='iterations', cycle_momentum=False)",
    ts: (opt) => new lr.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 33, scaleFn: (x) => 1 / (1 + 0.01 * x), scaleMode: 'iterations', cycleMomentum: false }),
    momentum_: true,
  },
  {
    name: 'LambdaLR',
    py: 'sched = lr_scheduler.LambdaLR(opt, lr_lambda=[lambda e: 1.0 / (1.0 + 0.05 * e), lambda e: max(0.0, 1 - e / 1100)])',
    ts: (opt) => new lr.LambdaLR(opt, { lrLambda: [(e) => 1.0 / (1.0 + 0.05 * e), (e) => Math.max(0.0, 1 - e / 1100)] }),
  },
  {
    name: 'MultiplicativeLR',
    py: 'sched = lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda e: 0.997 if e % 3 else 1.002)',
    ts: (opt) => new lr.MultiplicativeLR(opt, { lrLambda: (e) => (e % 3 ? 0.997 : 1.002) }),
  },
  {
    name: 'SequentialLR',
    py: [
      's1 = lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=50)',
      's2 = lr_scheduler.StepLR(opt, step_size=30, gamma=0.8)',
      's3 = lr_scheduler.ExponentialLR(opt, gamma=0.999)',
      'sched = lr_scheduler.SequentialLR(opt, schedulers=[s1, s2, s3], milestones=[200, 600])',
    ].join('\n'),
    ts: (opt) =>
      new lr.SequentialLR(opt, {
        schedulers: [
          new lr.ConstantLR(opt, { factor: 0.5, totalIters: 50 }),
          new lr.StepLR(opt, { stepSize: 30, gamma: 0.8 }),
          new lr.ExponentialLR(opt, { gamma: 0.999 }),
        ],
        milestones: [200, 600],
      }),
  },
  {
    name: 'ChainedScheduler',
    py: [
      's1 = lr_scheduler.ConstantLR(opt, factor=0.2, total_iters=300)',
      's2 = lr_scheduler.ExponentialLR(opt, gamma=0.998)',
      's3 = lr_scheduler.MultiStepLR(opt, milestones=[500, 900], gamma=0.5)',
      'sched = lr_scheduler.ChainedScheduler([s1, s2, s3])',
    ].join('\n'),
    ts: (opt) =>
      new lr.ChainedScheduler([
        new lr.ConstantLR(opt, { factor: 0.2, totalIters: 300 }),
        new lr.ExponentialLR(opt, { gamma: 0.998 }),
        new lr.MultiStepLR(opt, { milestones: [500, 900], gamma: 0.5 }),
      ]),
  },
  {
    name: 'ReduceLROnPlateau (min, rel)',
    py: 'sched = lr_scheduler.ReduceLROnPlateau(opt, patience=5, cooldown=3, factor=0.5, min_lr=[1e-4, 1e-5])',
    ts: (opt) => new lr.ReduceLROnPlateau(opt, { patience: 5, cooldown: 3, factor: 0.5, minLr: [1e-4, 1e-5] }),
    args: metricsMin,
  },
  {
    name: 'ReduceLROnPlateau (max, abs)',
    py: "sched = lr_scheduler.ReduceLROnPlateau(opt, mode='max', threshold_mode='abs', threshold=0.002, patience=2, factor=0.7, min_lr=1e-3, eps=1e-6)",
    ts: (opt) => new lr.ReduceLROnPlateau(opt, { mode: 'max', thresholdMode: 'abs', threshold: 0.002, patience: 2, factor: 0.7, minLr: 1e-3, eps: 1e-6 }),
    args: metricsMax,
  },
  {
    // warmup() builds `after` first, then the LinearLR, then SequentialLR: the same order here.
    name: 'warmup then ExponentialLR',
    py: [
      'after = lr_scheduler.ExponentialLR(opt, gamma=0.998)',
      'linear = lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=100)',
      'sched = lr_scheduler.SequentialLR(opt, schedulers=[linear, after], milestones=[100])',
    ].join('\n'),
    ts: (opt) => lr.warmup(opt, { steps: 100, after: new lr.ExponentialLR(opt, { gamma: 0.998 }) }),
  },
  {
    // cos, recursive (as CosineAnnealingLR; V8's Math.cos made 1948 of 2402 values differ).
    name: 'warmup then CosineAnnealingLR',
    py: [
      'after = lr_scheduler.CosineAnnealingLR(opt, T_max=1100)',
      'linear = lr_scheduler.LinearLR(opt, start_factor=0.2, end_factor=1.0, total_iters=100)',
      'sched = lr_scheduler.SequentialLR(opt, schedulers=[linear, after], milestones=[100])',
    ].join('\n'),
    ts: (opt) => lr.warmup(opt, { steps: 100, startFactor: 0.2, after: new lr.CosineAnnealingLR(opt, { TMax: 1100 }) }),
  },
  {
    // A cosine past TMax, then warm restarts: at each milestone SequentialLR calls _update_lr(0), which
    // for CosineAnnealingWarmRestarts (no closed form) is get_lr() at its current TCur and Ti.
    name: 'SequentialLR (linear, cosine, warm restarts)',
    py: [
      's1 = lr_scheduler.LinearLR(opt, start_factor=0.05, total_iters=80)',
      's2 = lr_scheduler.CosineAnnealingLR(opt, T_max=250, eta_min=1e-3)',
      's3 = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=60, T_mult=2, eta_min=5e-4)',
      'sched = lr_scheduler.SequentialLR(opt, schedulers=[s1, s2, s3], milestones=[80, 700])',
    ].join('\n'),
    ts: (opt) =>
      new lr.SequentialLR(opt, {
        schedulers: [
          new lr.LinearLR(opt, { startFactor: 0.05, totalIters: 80 }),
          new lr.CosineAnnealingLR(opt, { TMax: 250, etaMin: 1e-3 }),
          new lr.CosineAnnealingWarmRestarts(opt, { T0: 60, tMult: 2, etaMin: 5e-4 }),
        ],
        milestones: [80, 700],
      }),
  },
  {
    // The recursive cosine compounds with the other chained factors.
    name: 'ChainedScheduler (constant, cosine, exponential, polynomial)',
    py: [
      's1 = lr_scheduler.ConstantLR(opt, factor=0.4, total_iters=150)',
      's2 = lr_scheduler.CosineAnnealingLR(opt, T_max=320, eta_min=2e-4)',
      's3 = lr_scheduler.ExponentialLR(opt, gamma=0.9995)',
      's4 = lr_scheduler.PolynomialLR(opt, total_iters=1300, power=0.75)',
      'sched = lr_scheduler.ChainedScheduler([s1, s2, s3, s4])',
    ].join('\n'),
    ts: (opt) =>
      new lr.ChainedScheduler([
        new lr.ConstantLR(opt, { factor: 0.4, totalIters: 150 }),
        new lr.CosineAnnealingLR(opt, { TMax: 320, etaMin: 2e-4 }),
        new lr.ExponentialLR(opt, { gamma: 0.9995 }),
        new lr.PolynomialLR(opt, { totalIters: 1300, power: 0.75 }),
      ]),
  },
  {
    name: 'warmup alone',
    py: 'sched = lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=250)',
    ts: (opt) => lr.warmup(opt, { steps: 250 }),
  },
];

// ---- running both sides -----------------------------------------------------------------------------

interface Sequence {
  lrs: number[][];
  momentum: (number | null)[][];
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function pythonSequences(): Sequence[] {
  const input = cases.map((c) => ({
    name: c.name,
    optimizer: c.optimizer ?? 'sgd',
    lrs: c.lrs ?? LRS,
    momentum: c.momentum ?? 0.9,
    setup: c.py,
    steps: c.steps ?? STEPS,
    args: c.args ?? null,
  }));
  const out = execFileSync(referencePython(), [join(here, 'lr_ref.py')], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

function makeOptimizer(c: Case): FakeOptimizer {
  return fakeOptimizer(c.optimizer ?? 'sgd', c.lrs ?? LRS, c.momentum ?? 0.9);
}

function momenta(opt: SchedulableOptimizer): (number | null)[] {
  return opt.paramGroups.map((g) => (g.betas ? g.betas[0] : (g.momentum ?? null)));
}

/** Steps a scheduler as a training loop does (optimizer step, then scheduler step), recording as lr_ref.py does. */
function stepAndRecord(c: Case, opt: FakeOptimizer, sched: lr.LRScheduler, from: number, to: number, seq: Sequence): void {
  for (let i = from; i < to; i++) {
    opt.step();
    if (c.args) (sched.step as (arg: number) => void)(c.args[i]);
    else sched.step();
    seq.lrs.push(sched.getLastLr());
    seq.momentum.push(momenta(opt));
  }
}

function tsSequence(c: Case): Sequence {
  const opt = makeOptimizer(c);
  const sched = c.ts(opt);
  const seq: Sequence = { lrs: [sched.getLastLr()], momentum: [momenta(opt)] };
  stepAndRecord(c, opt, sched, 0, c.steps ?? STEPS, seq);
  return seq;
}

/** The double's bits, in hex, to show a one-ulp difference that the decimal form hides. */
function bits(x: number | null): string {
  if (x === null) return 'null';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** Fails at the first step where torchts and PyTorch differ in any bit (Object.is: -0 and 0 differ too). */
function expectSequence(label: string, got: (number | null)[][], want: (number | null)[][]): void {
  expect(got.length, `${label}: number of steps`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    for (let j = 0; j < want[i].length; j++) {
      const a = got[i][j];
      const b = want[i][j];
      if (!Object.is(a, b)) expect.fail(`${label}: first difference at step ${i}, group ${j}: torchts ${a} (${bits(a)}), PyTorch ${b} (${bits(b)})`);
    }
  }
}

const reference = pythonSequences();

describe('schedules match PyTorch', () => {
  cases.forEach((c, k) => {
    const steps = c.steps ?? STEPS;
    it(`${c.name}: ${steps} steps, bit-equal`, () => {
      const ref = reference[k];
      if (ref.error) throw new Error(`PyTorch raised ${ref.error}`);
      const got = tsSequence(c);
      expect(steps).toBeGreaterThanOrEqual(1000);
      expect(ref.lrs[0].length).toBe(2);
      expectSequence(`${c.name} lr`, got.lrs, ref.lrs);
      if (c.momentum_) expectSequence(`${c.name} momentum`, got.momentum, ref.momentum);
    });
  });
});

// ---- momentum and betas cycling ---------------------------------------------------------------------

describe('momentum and betas cycling', () => {
  it('OneCycleLR cycles betas[0] of an Adam-like optimizer and keeps betas[1]', () => {
    const opt = fakeOptimizer('adam', LRS, 0, [0.9, 0.99]);
    const sched = new lr.OneCycleLR(opt, { maxLr: 0.01, totalSteps: 100, pctStart: 0.25, annealStrategy: 'linear' });
    const g = opt.paramGroups[0];
    expect(g.betas).toEqual([0.95, 0.99]);
    expect(g).toMatchObject({ initialLr: 0.01 / 25, maxLr: 0.01, minLr: 0.01 / 25 / 1e4, maxMomentum: 0.95, baseMomentum: 0.85 });
    const beta1: number[] = [];
    const lrs: number[] = [];
    for (let i = 0; i < 99; i++) {
      opt.step();
      sched.step();
      beta1.push(g.betas![0]);
      lrs.push(g.lr);
      expect(g.betas![1]).toBe(0.99);
    }
    // Down to baseMomentum at the peak rate (step 24 = pctStart * totalSteps - 1), back up by step 99.
    expect([lrs[23], beta1[23]]).toEqual([0.01, 0.85]);
    expect(Math.min(...beta1)).toBe(0.85);
    expect(Math.max(...lrs)).toBe(0.01);
    expect(lrs[98]).toBeCloseTo(0.01 / 25 / 1e4, 18);
    expect(beta1[98]).toBeCloseTo(0.95, 15);
    // As in PyTorch, step `totalSteps` is allowed (it extrapolates the last phase); the next throws.
    opt.step();
    sched.step();
    expectThrows(
      () => {
        opt.step();
        sched.step();
      },
      TorchError,
      'OneCycleLR.step(): tried to step 101 times, but totalSteps is 100',
      'ERR_STATE',
    );
  });

  it('CyclicLR moves momentum inversely to the rate', () => {
    const opt = fakeOptimizer('sgd', LRS, 0.5);
    const sched = new lr.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 });
    const g = opt.paramGroups[1];
    expect([g.lr, g.momentum, g.maxMomentum, g.baseMomentum]).toEqual([0.01, 0.9, 0.9, 0.8]);
    for (let i = 0; i < 10; i++) {
      opt.step();
      sched.step();
    }
    expect([g.lr, g.momentum]).toEqual([0.1, 0.8]);
    for (let i = 0; i < 10; i++) {
      opt.step();
      sched.step();
    }
    expect([g.lr, g.momentum]).toEqual([0.01, 0.9]);
  });

  it('cycleMomentum false leaves momentum alone, and works without momentum or betas', () => {
    const opt = fakeOptimizer('sgd', LRS, 0.3);
    const sched = new lr.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 50, cycleMomentum: false });
    opt.step();
    sched.step();
    expect(opt.paramGroups.map((g) => g.momentum)).toEqual([0.3, 0.3]);
    const bare: FakeOptimizer = { paramGroups: [{ lr: 0.1 }], stepAttempts: 0, step() {} };
    expect(() => new lr.CyclicLR(bare, { baseLr: 0.01, maxLr: 0.1, cycleMomentum: false })).not.toThrow();
  });
});

// ---- state dicts ------------------------------------------------------------------------------------

describe('stateDict round trip', () => {
  cases.forEach((c) => {
    const steps = c.steps ?? STEPS;
    const half = Math.floor(steps / 2);
    it(`${c.name}: restored at step ${half} from JSON, continues the same sequence`, () => {
      const full = tsSequence(c);
      const opt = makeOptimizer(c);
      const sched = c.ts(opt);
      const seq: Sequence = { lrs: [sched.getLastLr()], momentum: [momenta(opt)] };
      stepAndRecord(c, opt, sched, 0, half, seq);
      const saved = JSON.stringify({ paramGroups: opt.paramGroups, stepAttempts: opt.stepAttempts, scheduler: sched.stateDict() });

      // As after a restart: build the same objects, load the optimizer's state, then the scheduler's.
      const opt2 = makeOptimizer(c);
      const sched2 = c.ts(opt2);
      const state = JSON.parse(saved);
      opt2.paramGroups.splice(0, opt2.paramGroups.length, ...state.paramGroups);
      opt2.stepAttempts = state.stepAttempts;
      sched2.loadStateDict(state.scheduler);
      expect(sched2.stateDict()).toEqual(sched.stateDict());
      expect(sched2.getLastLr()).toEqual(sched.getLastLr());
      stepAndRecord(c, opt2, sched2, half, steps, seq);
      expectSequence(`${c.name} lr`, seq.lrs, full.lrs);
      expectSequence(`${c.name} momentum`, seq.momentum, full.momentum);
    });
  });

  it('is plain JSON: functions become null, infinities strings, nested schedulers nested states', () => {
    const opt = fakeOptimizer('sgd', LRS);
    const lambda = new lr.LambdaLR(opt, { lrLambda: (e) => 1 / (1 + e) });
    expect(lambda.stateDict()).toEqual({ lastEpoch: 0, baseLrs: LRS, stepCount: 1, lastLr: LRS, lrLambdas: [null, null] });
    const plateau = new lr.ReduceLROnPlateau(fakeOptimizer('sgd', LRS));
    const state = plateau.stateDict();
    expect(state).toMatchObject({ best: 'Infinity', modeWorse: 'Infinity', mode: 'min', lastEpoch: 0 });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    plateau.step(0.5);
    plateau.loadStateDict(state);
    expect(plateau.best).toBe(Infinity);
    expect(plateau.lastEpoch).toBe(0);
    const seq = new lr.SequentialLR(opt, {
      schedulers: [new lr.ConstantLR(opt), new lr.ExponentialLR(opt, { gamma: 0.9 })],
      milestones: [5],
    });
    const s = seq.stateDict();
    expect(s.schedulers).toHaveLength(2);
    expect((s.schedulers as lr.SchedulerState[])[1]).toMatchObject({ gamma: 0.9, lastEpoch: -1 });
  });

  it('keeps its own lambdas when loading a state', () => {
    const opt = fakeOptimizer('sgd', LRS);
    const f = (e: number) => 1 / (1 + e);
    const sched = new lr.LambdaLR(opt, { lrLambda: f });
    sched.loadStateDict(JSON.parse(JSON.stringify(sched.stateDict())));
    expect(sched.lrLambdas).toEqual([f, f]);
  });

  it('refuses a state of another kind of scheduler', () => {
    const opt = fakeOptimizer('sgd', LRS);
    const step = new lr.StepLR(opt, { stepSize: 3 });
    const exp = new lr.ExponentialLR(opt, { gamma: 0.9 });
    expectThrows(
      () => exp.loadStateDict(step.stateDict()),
      TypeError,
      "ExponentialLR.loadStateDict(): expected state to be an object from ExponentialLR.stateDict(), but it has the unknown key 'stepSize'",
    );
    expectThrows(
      () => exp.loadStateDict(null as unknown as lr.SchedulerState),
      TypeError,
      'ExponentialLR.loadStateDict(): expected state to be an object from ExponentialLR.stateDict(), but received null',
    );
  });
});

// ---- the step-order warning -------------------------------------------------------------------------

describe('warning for a scheduler stepped before the optimizer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const spyWarnings = () => vi.spyOn(process, 'emitWarning').mockImplementation(() => {});

  it('is emitted once, at the first step before any optimizer step, with PyTorch\'s text', () => {
    const spy = spyWarnings();
    const opt = fakeOptimizer('sgd', LRS);
    const sched = new lr.StepLR(opt, { stepSize: 3 });
    expect(spy).not.toHaveBeenCalled(); // construction takes the initial step silently
    sched.step();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toBe(lr.STEP_ORDER_WARNING);
    expect(lr.STEP_ORDER_WARNING).toContain('Detected call of `lr_scheduler.step()` before `optimizer.step()`.');
    expect(spy.mock.calls[0][1]).toEqual({ type: 'UserWarning', code: 'TORCHTS_LR_SCHEDULER_ORDER' });
    sched.step();
    new lr.ExponentialLR(opt, { gamma: 0.9 }).step(); // same optimizer: not again
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('is not emitted when the optimizer has stepped, even if a GradScaler skipped that step', () => {
    const spy = spyWarnings();
    const opt = fakeOptimizer('sgd', LRS);
    const sched = new lr.CosineAnnealingLR(opt, { TMax: 10 });
    opt.stepAttempts = 1; // GradScaler found inf/NaN gradients: step attempted, parameters untouched
    sched.step();
    expect(spy).not.toHaveBeenCalled();
  });

  it('is not emitted when the first step comes after an optimizer step', () => {
    const spy = spyWarnings();
    const opt = fakeOptimizer('sgd', LRS);
    const sched = new lr.LinearLR(opt);
    opt.step();
    sched.step();
    sched.step();
    expect(spy).not.toHaveBeenCalled();
  });

  it('comes through composed schedulers and CosineAnnealingWarmRestarts, not ReduceLROnPlateau', () => {
    const spy = spyWarnings();
    const make: ((opt: FakeOptimizer) => { step(): void })[] = [
      (opt) => lr.warmup(opt, { steps: 5, after: new lr.ExponentialLR(opt, { gamma: 0.9 }) }),
      (opt) => new lr.ChainedScheduler([new lr.ConstantLR(opt), new lr.ExponentialLR(opt, { gamma: 0.9 })]),
      (opt) => new lr.CosineAnnealingWarmRestarts(opt, { T0: 5 }),
      (opt) => new lr.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10 }),
      (opt) => new lr.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1 }),
    ];
    for (const f of make) f(fakeOptimizer('sgd', LRS)).step();
    expect(spy).toHaveBeenCalledTimes(make.length);
    new lr.ReduceLROnPlateau(fakeOptimizer('sgd', LRS)).step(1);
    expect(spy).toHaveBeenCalledTimes(make.length);
  });

  it('reaches process "warning" listeners as a UserWarning', async () => {
    const seen: Error[] = [];
    const listener = (w: Error) => seen.push(w);
    process.on('warning', listener);
    try {
      new lr.StepLR(fakeOptimizer('sgd', LRS), { stepSize: 2 }).step();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(seen.map((w) => [w.name, (w as Error & { code?: string }).code])).toEqual([['UserWarning', 'TORCHTS_LR_SCHEDULER_ORDER']]);
  });
});

// ---- behaviour details ------------------------------------------------------------------------------

describe('scheduler basics', () => {
  it('records initialLr and baseLrs, and writes step 0 at construction', () => {
    const opt = fakeOptimizer('sgd', LRS);
    const sched = new lr.LinearLR(opt, { startFactor: 0.5, totalIters: 4 });
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual(LRS);
    expect(sched.baseLrs).toEqual(LRS);
    expect(sched.lastEpoch).toBe(0);
    expect(sched.getLastLr()).toEqual([0.05, 0.01875]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.05, 0.01875]);
    // a second scheduler keeps the first one's initialLr
    new lr.ExponentialLR(opt, { gamma: 0.5 });
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual(LRS);
  });

  it('getLastLr returns a copy', () => {
    const sched = new lr.StepLR(fakeOptimizer('sgd', LRS), { stepSize: 1 });
    sched.getLastLr()[0] = 123;
    expect(sched.getLastLr()).toEqual(LRS);
  });

  it('resumes from lastEpoch when the groups have initialLr, as PyTorch does', () => {
    const opt = fakeOptimizer('sgd', [0.01]);
    opt.paramGroups[0].initialLr = 0.1;
    const sched = new lr.StepLR(opt, { stepSize: 10, gamma: 0.1, lastEpoch: 19 });
    expect(sched.lastEpoch).toBe(20);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.001, 18);
    expectThrows(
      () => new lr.StepLR(fakeOptimizer('sgd', LRS), { stepSize: 2, lastEpoch: 3 }),
      TorchError,
      "StepLR(): param group 0 has no initialLr, which resuming a schedule (lastEpoch 3) needs. Load the optimizer's state before creating the scheduler, or use lastEpoch -1 for a fresh schedule.",
      'ERR_STATE',
    );
  });

  it('a subclass needs only getLr', () => {
    class InverseTimeLR extends lr.LRScheduler {
      protected getLr(): number[] {
        return this.baseLrs.map((base) => base / (1 + this.lastEpoch / 100));
      }
    }
    const opt = fakeOptimizer('sgd', LRS);
    const sched = new InverseTimeLR(opt);
    for (let i = 0; i < 100; i++) {
      opt.step();
      sched.step();
    }
    expect(sched.getLastLr()).toEqual([0.1 / 2, 0.0375 / 2]);
    expectThrows(() => new InverseTimeLR(opt, { lastEpok: 1 } as lr.LRSchedulerOptions), TypeError, "InverseTimeLR(): unknown option 'lastEpok'. Did you mean 'lastEpoch'?");
  });

  it('warmup returns LinearLR alone, or SequentialLR of it and `after`', () => {
    const opt = fakeOptimizer('sgd', LRS);
    expect(lr.warmup(opt, { steps: 10 })).toBeInstanceOf(lr.LinearLR);
    const after = new lr.ExponentialLR(opt, { gamma: 0.9 });
    const sched = lr.warmup(opt, { steps: 10, after });
    expect(sched).toBeInstanceOf(lr.SequentialLR);
    expect((sched as lr.SequentialLR).schedulers[1]).toBe(after);
    expect(sched.getLastLr()).toEqual([0.1 * 0.1, 0.0375 * 0.1]);
  });

  it('ReduceLROnPlateau accepts a one-element tensor (anything with item())', () => {
    const opt = fakeOptimizer('sgd', [1]);
    const sched = new lr.ReduceLROnPlateau(opt, { patience: 0 });
    sched.step({ item: () => 1 });
    sched.step({ item: () => 2 });
    expect(sched.getLastLr()).toEqual([0.1]);
    expect(sched.inCooldown).toBe(false);
  });
});

describe('linearScaling', () => {
  it('scales the rate with the batch and suggests 5 epochs of warmup, in steps when it can', () => {
    const s = lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 1024, stepsPerEpoch: 1251 });
    expect(s).toEqual({
      lr: 0.4,
      scale: 4,
      warmupEpochs: 5,
      warmupSteps: 6255,
      explanation:
        'Batch size 256 → 1024 (×4): learning rate 0.1 → 0.4 by the linear scaling rule (Goyal et al., 2017). ' +
        'The scaled rate is too high for the first steps: warm up linearly over 5 epochs = 6255 steps, ' +
        'e.g. optim.lr.warmup(optimizer, { steps: 6255, after }).',
    });
    const t = lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 8192, warmupEpochs: 2 });
    expect(t.lr).toBe(3.2);
    expect(t.warmupEpochs).toBe(2);
    expect(t.warmupSteps).toBeUndefined();
    expect(t.explanation).toContain('over 2 epochs (give stepsPerEpoch to get it in steps)');
  });

  it('needs no warmup when the batch shrinks', () => {
    const s = lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 64, stepsPerEpoch: 100 });
    expect(s).toMatchObject({ lr: 0.025, scale: 0.25, warmupEpochs: 0, warmupSteps: 0 });
    expect(s.explanation).toContain('The batch does not grow, so no warmup is needed.');
  });
});

// ---- bad options ------------------------------------------------------------------------------------

describe('bad options name the option, what it accepts and what came', () => {
  const sgd = () => fakeOptimizer('sgd', LRS);
  const adam = () => fakeOptimizer('adam', LRS);
  const plain = (): FakeOptimizer => ({ paramGroups: [{ lr: 0.1 }, { lr: 0.2 }], stepAttempts: 0, step() {} });
  const f = (e: number) => 1 / (1 + e);
  const other = () => new lr.ExponentialLR(sgd(), { gamma: 0.9 });
  const plateau = () => new lr.ReduceLROnPlateau(sgd());
  const any = (x: unknown) => x as never;

  type Row = [label: string, fn: () => unknown, cls: typeof TypeError | typeof RangeError, message: string];
  const T = TypeError;
  const R = RangeError;
  const rows: Row[] = [
    // the optimizer and the base options
    ['optimizer null', () => new lr.StepLR(any(null), { stepSize: 1 }), T, 'StepLR(): expected optimizer to be an optimizer (an object with a paramGroups array), but received null'],
    ['optimizer without groups', () => new lr.StepLR({ paramGroups: [], stepAttempts: 0 }, { stepSize: 1 }), R, 'StepLR(): expected optimizer.paramGroups to be a non-empty array, but received an array of length 0'],
    ['group lr', () => new lr.StepLR({ paramGroups: [{ lr: 0.1 }, { lr: any('0.1') }], stepAttempts: 0 }, { stepSize: 1 }), T, "StepLR(): expected optimizer.paramGroups[1].lr to be a finite number, but received '0.1' of type string"],
    ['stepAttempts', () => new lr.StepLR(any({ paramGroups: [{ lr: 0.1 }] }), { stepSize: 1 }), T, 'StepLR(): expected optimizer.stepAttempts to be a number, but received undefined'],
    ['lastEpoch -2', () => new lr.StepLR(sgd(), { stepSize: 1, lastEpoch: -2 }), R, 'StepLR(): expected lastEpoch to be an integer >= -1, but received -2 of type number'],
    ['lastEpoch string', () => new lr.ExponentialLR(sgd(), { gamma: 0.9, lastEpoch: any('0') }), T, "ExponentialLR(): expected lastEpoch to be an integer >= -1, but received '0' of type string"],
    ['options not an object', () => new lr.StepLR(sgd(), any(3)), T, 'StepLR(): expected options to be an object, but received 3 of type number'],
    ['misspelled option', () => new lr.StepLR(sgd(), any({ stepSize: 2, gama: 0.5 })), T, "StepLR(): unknown option 'gama'. Did you mean 'gamma'?"],
    // StepLR, MultiStepLR, ExponentialLR
    ['StepLR stepSize missing', () => new lr.StepLR(sgd(), any({})), T, 'StepLR(): expected stepSize to be a positive integer, but received undefined'],
    ['StepLR stepSize 0', () => new lr.StepLR(sgd(), { stepSize: 0 }), R, 'StepLR(): expected stepSize to be a positive integer, but received 0 of type number'],
    ['StepLR stepSize 2.5', () => new lr.StepLR(sgd(), { stepSize: 2.5 }), R, 'StepLR(): expected stepSize to be a positive integer, but received 2.5 of type number'],
    ['StepLR gamma', () => new lr.StepLR(sgd(), { stepSize: 2, gamma: 0 }), R, 'StepLR(): expected gamma to be a positive number, but received 0 of type number'],
    ['MultiStepLR milestones', () => new lr.MultiStepLR(sgd(), { milestones: any(5) }), T, 'MultiStepLR(): expected milestones to be an array of non-negative integers, but received 5 of type number'],
    ['MultiStepLR negative milestone', () => new lr.MultiStepLR(sgd(), { milestones: [1, -1] }), T, 'MultiStepLR(): expected milestones to be an array of non-negative integers, but received an array of length 2'],
    ['MultiStepLR gamma', () => new lr.MultiStepLR(sgd(), { milestones: [1], gamma: Infinity }), R, 'MultiStepLR(): expected gamma to be a positive number, but received Infinity of type number'],
    ['ExponentialLR gamma', () => new lr.ExponentialLR(sgd(), any({})), T, 'ExponentialLR(): expected gamma to be a positive number, but received undefined'],
    // cosine schedules
    ['CosineAnnealingLR TMax missing', () => new lr.CosineAnnealingLR(sgd(), any({ etaMin: 0 })), T, 'CosineAnnealingLR(): expected TMax to be a positive number of steps, but received undefined'],
    ['CosineAnnealingLR TMax 0', () => new lr.CosineAnnealingLR(sgd(), { TMax: 0 }), R, 'CosineAnnealingLR(): expected TMax to be a positive number of steps, but received 0 of type number'],
    ['CosineAnnealingLR etaMin', () => new lr.CosineAnnealingLR(sgd(), { TMax: 5, etaMin: NaN }), T, 'CosineAnnealingLR(): expected etaMin to be a finite number, but received NaN of type number'],
    ['CosineAnnealingLR T_max', () => new lr.CosineAnnealingLR(sgd(), any({ T_max: 5 })), T, "CosineAnnealingLR(): unknown option 'T_max'. Did you mean 'TMax'?"],
    ['CosineAnnealingWarmRestarts T0', () => new lr.CosineAnnealingWarmRestarts(sgd(), { T0: 1.5 }), R, 'CosineAnnealingWarmRestarts(): expected T0 to be a positive integer, but received 1.5 of type number'],
    ['CosineAnnealingWarmRestarts tMult', () => new lr.CosineAnnealingWarmRestarts(sgd(), { T0: 5, tMult: 0 }), R, 'CosineAnnealingWarmRestarts(): expected tMult to be an integer >= 1, but received 0 of type number'],
    ['CosineAnnealingWarmRestarts etaMin', () => new lr.CosineAnnealingWarmRestarts(sgd(), { T0: 5, etaMin: any('0') }), T, "CosineAnnealingWarmRestarts(): expected etaMin to be a finite number, but received '0' of type string"],
    ['CosineAnnealingWarmRestarts T_0', () => new lr.CosineAnnealingWarmRestarts(sgd(), any({ T_0: 5 })), T, "CosineAnnealingWarmRestarts(): unknown option 'T_0'. Did you mean 'T0'?"],
    ['CosineAnnealingWarmRestarts step(-1)', () => new lr.CosineAnnealingWarmRestarts(sgd(), { T0: 5 }).step(-1), R, 'CosineAnnealingWarmRestarts.step(): expected epoch to be a non-negative number, but received -1 of type number'],
    // factor schedules
    ['LinearLR startFactor', () => new lr.LinearLR(sgd(), { startFactor: 0 }), R, 'LinearLR(): expected startFactor to be a number in (0, 1], but received 0 of type number'],
    ['LinearLR endFactor', () => new lr.LinearLR(sgd(), { endFactor: 1.5 }), R, 'LinearLR(): expected endFactor to be a number in [0, 1], but received 1.5 of type number'],
    ['LinearLR totalIters', () => new lr.LinearLR(sgd(), { totalIters: 0 }), R, 'LinearLR(): expected totalIters to be a positive integer, but received 0 of type number'],
    ['ConstantLR factor', () => new lr.ConstantLR(sgd(), { factor: 1.5 }), R, 'ConstantLR(): expected factor to be a number in (0, 1], but received 1.5 of type number'],
    ['ConstantLR totalIters', () => new lr.ConstantLR(sgd(), { totalIters: 2.5 }), R, 'ConstantLR(): expected totalIters to be a positive integer, but received 2.5 of type number'],
    ['PolynomialLR totalIters', () => new lr.PolynomialLR(sgd(), { totalIters: any(null) }), T, 'PolynomialLR(): expected totalIters to be a positive integer, but received null'],
    ['PolynomialLR power', () => new lr.PolynomialLR(sgd(), { power: -1 }), R, 'PolynomialLR(): expected power to be a non-negative number, but received -1 of type number'],
    // OneCycleLR
    ['OneCycleLR maxLr missing', () => new lr.OneCycleLR(sgd(), any({ totalSteps: 10 })), T, 'OneCycleLR(): expected maxLr to be a positive number, or an array of 2 such numbers (one per param group), but received undefined'],
    ['OneCycleLR maxLr per group', () => new lr.OneCycleLR(sgd(), { maxLr: [0.1], totalSteps: 10 }), R, 'OneCycleLR(): expected maxLr to be a positive number, or an array of 2 such numbers (one per param group), but received an array of length 1'],
    ['OneCycleLR maxLr[1]', () => new lr.OneCycleLR(sgd(), { maxLr: [0.1, -1], totalSteps: 10 }), R, 'OneCycleLR(): expected maxLr[1] to be a positive number, but received -1 of type number'],
    ['OneCycleLR no length', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, epochs: 10 }), T, 'OneCycleLR(): expected totalSteps to be a positive integer (or give epochs and stepsPerEpoch), but received undefined'],
    ['OneCycleLR totalSteps', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 0 }), R, 'OneCycleLR(): expected totalSteps to be a positive integer, but received 0 of type number'],
    ['OneCycleLR epochs', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, epochs: 0, stepsPerEpoch: 10 }), R, 'OneCycleLR(): expected epochs to be a positive integer, but received 0 of type number'],
    ['OneCycleLR stepsPerEpoch', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, epochs: 2, stepsPerEpoch: 1.5 }), R, 'OneCycleLR(): expected stepsPerEpoch to be a positive integer, but received 1.5 of type number'],
    ['OneCycleLR pctStart', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 }), R, 'OneCycleLR(): expected pctStart to be a number in [0, 1], but received 1.5 of type number'],
    ['OneCycleLR annealStrategy', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, annealStrategy: any('cosine') }), T, "OneCycleLR(): expected annealStrategy to be one of 'cos' or 'linear', but received 'cosine' of type string"],
    ['OneCycleLR cycleMomentum', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, cycleMomentum: any('yes') }), T, "OneCycleLR(): expected cycleMomentum to be a boolean, but received 'yes' of type string"],
    ['OneCycleLR baseMomentum', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, baseMomentum: 2 }), R, 'OneCycleLR(): expected baseMomentum to be a number in [0, 1], or an array of 2 such numbers (one per param group), but received 2 of type number'],
    ['OneCycleLR maxMomentum', () => new lr.OneCycleLR(adam(), { maxLr: 0.1, totalSteps: 10, maxMomentum: [0.9] }), R, 'OneCycleLR(): expected maxMomentum to be a number in [0, 1], or an array of 2 such numbers (one per param group), but received an array of length 1'],
    ['OneCycleLR divFactor', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, divFactor: 0 }), R, 'OneCycleLR(): expected divFactor to be a positive number, but received 0 of type number'],
    ['OneCycleLR finalDivFactor', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, finalDivFactor: -1 }), R, 'OneCycleLR(): expected finalDivFactor to be a positive number, but received -1 of type number'],
    ['OneCycleLR threePhase', () => new lr.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 10, threePhase: any(1) }), T, 'OneCycleLR(): expected threePhase to be a boolean, but received 1 of type number'],
    ['OneCycleLR without momentum', () => new lr.OneCycleLR(plain(), { maxLr: 0.1, totalSteps: 10 }), R, 'OneCycleLR(): expected cycleMomentum to be false for an optimizer whose param groups have neither momentum nor betas, but received true of type boolean'],
    ['OneCycleLR max_lr', () => new lr.OneCycleLR(sgd(), any({ max_lr: 0.1, totalSteps: 10 })), T, "OneCycleLR(): unknown option 'max_lr'. Did you mean 'maxLr'?"],
    // CyclicLR
    ['CyclicLR baseLr missing', () => new lr.CyclicLR(sgd(), any({ maxLr: 0.1 })), T, 'CyclicLR(): expected baseLr to be a finite number, or an array of 2 such numbers (one per param group), but received undefined'],
    ['CyclicLR maxLr', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: any('x') }), T, "CyclicLR(): expected maxLr to be a finite number, or an array of 2 such numbers (one per param group), but received 'x' of type string"],
    ['CyclicLR stepSizeUp', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 }), R, 'CyclicLR(): expected stepSizeUp to be a positive number of steps, but received 0 of type number'],
    ['CyclicLR stepSizeDown', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, stepSizeDown: -1 }), R, 'CyclicLR(): expected stepSizeDown to be a non-negative number of steps, but received -1 of type number'],
    ['CyclicLR mode', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, mode: any('tri') }), T, "CyclicLR(): expected mode to be one of 'triangular', 'triangular2', 'exp_range', but received 'tri' of type string"],
    ['CyclicLR gamma', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, gamma: 0 }), R, 'CyclicLR(): expected gamma to be a positive number, but received 0 of type number'],
    ['CyclicLR scaleFn', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, scaleFn: any(3) }), T, 'CyclicLR(): expected scaleFn to be a function, but received 3 of type number'],
    ['CyclicLR scaleMode', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, scaleMode: any('epochs') }), T, "CyclicLR(): expected scaleMode to be one of 'cycle' or 'iterations', but received 'epochs' of type string"],
    ['CyclicLR cycleMomentum', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, cycleMomentum: any(null) }), T, 'CyclicLR(): expected cycleMomentum to be a boolean, but received null'],
    ['CyclicLR baseMomentum', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, baseMomentum: -0.1 }), R, 'CyclicLR(): expected baseMomentum to be a number in [0, 1], or an array of 2 such numbers (one per param group), but received -0.1 of type number'],
    ['CyclicLR maxMomentum[1]', () => new lr.CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, maxMomentum: [1, 2] }), R, 'CyclicLR(): expected maxMomentum[1] to be a number in [0, 1], but received 2 of type number'],
    ['CyclicLR without momentum', () => new lr.CyclicLR(plain(), { baseLr: 0.01, maxLr: 0.1 }), R, 'CyclicLR(): expected cycleMomentum to be false for an optimizer whose param groups have neither momentum nor betas, but received true of type boolean'],
    // LambdaLR, MultiplicativeLR
    ['LambdaLR lrLambda missing', () => new lr.LambdaLR(sgd(), any({})), T, 'LambdaLR(): expected lrLambda to be a function, or an array of 2 functions (one per param group), but received undefined'],
    ['LambdaLR lrLambda per group', () => new lr.LambdaLR(sgd(), { lrLambda: [f] }), R, 'LambdaLR(): expected lrLambda to be a function, or an array of 2 functions (one per param group), but received an array of length 1'],
    ['LambdaLR lrLambda[1]', () => new lr.LambdaLR(sgd(), { lrLambda: [f, any(3)] }), T, 'LambdaLR(): expected lrLambda[1] to be a function, but received 3 of type number'],
    ['LambdaLR result', () => new lr.LambdaLR(sgd(), { lrLambda: () => NaN }), T, 'LambdaLR.step(): expected the result of lrLambda(0) to be a finite number, but received NaN of type number'],
    ['MultiplicativeLR lrLambda', () => new lr.MultiplicativeLR(sgd(), { lrLambda: any(0.95) }), T, 'MultiplicativeLR(): expected lrLambda to be a function, or an array of 2 functions (one per param group), but received 0.95 of type number'],
    ['MultiplicativeLR result', () => new lr.MultiplicativeLR(sgd(), { lrLambda: any(() => undefined) }).step(), T, 'MultiplicativeLR.step(): expected the result of lrLambda(1) to be a finite number, but received undefined'],
    // SequentialLR, ChainedScheduler
    ['SequentialLR schedulers missing', () => new lr.SequentialLR(sgd(), any({ milestones: [] })), T, 'SequentialLR(): expected schedulers to be a non-empty array of schedulers, but received undefined'],
    ['SequentialLR no schedulers', () => new lr.SequentialLR(sgd(), { schedulers: [], milestones: [] }), R, 'SequentialLR(): expected schedulers to be a non-empty array of schedulers, but received an array of length 0'],
    ['SequentialLR not a scheduler', () => new lr.SequentialLR(sgd(), { schedulers: [any({})], milestones: [] }), T, 'SequentialLR(): expected schedulers[0] to be an LRScheduler, but received an object'],
    ['SequentialLR plateau', () => { const o = sgd(); return new lr.SequentialLR(o, { schedulers: [new lr.ReduceLROnPlateau(o)], milestones: [] }); }, T, 'SequentialLR(): expected schedulers[0] to be a scheduler whose step() takes no metric (ReduceLROnPlateau cannot be composed), but received an instance of ReduceLROnPlateau'],
    ['SequentialLR other optimizer', () => { const o = sgd(); return new lr.SequentialLR(o, { schedulers: [new lr.ConstantLR(o), other()], milestones: [3] }); }, T, 'SequentialLR(): expected schedulers[1] to be a scheduler built on the same optimizer, but received an instance of ExponentialLR'],
    ['SequentialLR milestones', () => { const o = sgd(); return new lr.SequentialLR(o, { schedulers: [new lr.ConstantLR(o), new lr.LinearLR(o)], milestones: any(5) }); }, T, 'SequentialLR(): expected milestones to be an increasing array of positive integers, one fewer than the schedulers (1), but received 5 of type number'],
    ['SequentialLR milestones order', () => { const o = sgd(); return new lr.SequentialLR(o, { schedulers: [new lr.ConstantLR(o), new lr.LinearLR(o), new lr.StepLR(o, { stepSize: 2 })], milestones: [10, 5] }); }, R, 'SequentialLR(): expected milestones to be an increasing array of positive integers, one fewer than the schedulers (2), but received an array of length 2'],
    ['ChainedScheduler no schedulers', () => new lr.ChainedScheduler([]), R, 'ChainedScheduler(): expected schedulers to be a non-empty array of schedulers, but received an array of length 0'],
    ['ChainedScheduler other optimizer', () => new lr.ChainedScheduler([new lr.ConstantLR(sgd()), other()]), T, 'ChainedScheduler(): expected schedulers[1] to be a scheduler built on the same optimizer, but received an instance of ExponentialLR'],
    ['ChainedScheduler plateau', () => new lr.ChainedScheduler([plateau()]), T, 'ChainedScheduler(): expected schedulers[0] to be a scheduler whose step() takes no metric (ReduceLROnPlateau cannot be composed), but received an instance of ReduceLROnPlateau'],
    // ReduceLROnPlateau
    ['ReduceLROnPlateau mode', () => new lr.ReduceLROnPlateau(sgd(), { mode: any('minimum') }), T, "ReduceLROnPlateau(): expected mode to be one of 'min' or 'max', but received 'minimum' of type string"],
    ['ReduceLROnPlateau factor', () => new lr.ReduceLROnPlateau(sgd(), { factor: 1 }), R, 'ReduceLROnPlateau(): expected factor to be a number in [0, 1), but received 1 of type number'],
    ['ReduceLROnPlateau patience', () => new lr.ReduceLROnPlateau(sgd(), { patience: -1 }), R, 'ReduceLROnPlateau(): expected patience to be an integer >= 0, but received -1 of type number'],
    ['ReduceLROnPlateau threshold', () => new lr.ReduceLROnPlateau(sgd(), { threshold: -1 }), R, 'ReduceLROnPlateau(): expected threshold to be a non-negative number, but received -1 of type number'],
    ['ReduceLROnPlateau thresholdMode', () => new lr.ReduceLROnPlateau(sgd(), { thresholdMode: any('relative') }), T, "ReduceLROnPlateau(): expected thresholdMode to be one of 'rel' or 'abs', but received 'relative' of type string"],
    ['ReduceLROnPlateau cooldown', () => new lr.ReduceLROnPlateau(sgd(), { cooldown: 0.5 }), R, 'ReduceLROnPlateau(): expected cooldown to be an integer >= 0, but received 0.5 of type number'],
    ['ReduceLROnPlateau minLr', () => new lr.ReduceLROnPlateau(sgd(), { minLr: [0] }), R, 'ReduceLROnPlateau(): expected minLr to be a non-negative number, or an array of 2 such numbers (one per param group), but received an array of length 1'],
    ['ReduceLROnPlateau eps', () => new lr.ReduceLROnPlateau(sgd(), { eps: -1 }), R, 'ReduceLROnPlateau(): expected eps to be a non-negative number, but received -1 of type number'],
    ['ReduceLROnPlateau lastEpoch', () => new lr.ReduceLROnPlateau(sgd(), any({ lastEpoch: 0 })), T, "ReduceLROnPlateau(): unknown option 'lastEpoch'. Accepted options: mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps."],
    ['ReduceLROnPlateau step()', () => plateau().step(), T, 'ReduceLROnPlateau.step(): expected metric to be a number or a one-element tensor, but received undefined'],
    ['ReduceLROnPlateau step(string)', () => plateau().step(any('1')), T, "ReduceLROnPlateau.step(): expected metric to be a number or a one-element tensor, but received '1' of type string"],
    // warmup, linearScaling
    ['warmup steps', () => lr.warmup(sgd(), { steps: 0 }), R, 'warmup(): expected steps to be a positive integer, but received 0 of type number'],
    ['warmup startFactor', () => lr.warmup(sgd(), { steps: 5, startFactor: 0 }), R, 'warmup(): expected startFactor to be a number in (0, 1], but received 0 of type number'],
    ['warmup after', () => lr.warmup(sgd(), { steps: 5, after: any({}) }), T, 'warmup(): expected after to be an LRScheduler, but received an object'],
    ['warmup after plateau', () => { const o = sgd(); return lr.warmup(o, { steps: 5, after: new lr.ReduceLROnPlateau(o) }); }, T, 'warmup(): expected after to be a scheduler whose step() takes no metric (ReduceLROnPlateau cannot be composed), but received an instance of ReduceLROnPlateau'],
    ['warmup after other optimizer', () => lr.warmup(sgd(), { steps: 5, after: other() }), T, 'warmup(): expected after to be a scheduler built on the same optimizer, but received an instance of ExponentialLR'],
    ['warmup step', () => lr.warmup(sgd(), any({ step: 5 })), T, "warmup(): unknown option 'step'. Did you mean 'steps'?"],
    ['linearScaling baseLr', () => lr.linearScaling({ baseLr: 0, baseBatchSize: 256, batchSize: 512 }), R, 'linearScaling(): expected baseLr to be a positive number, but received 0 of type number'],
    ['linearScaling baseBatchSize', () => lr.linearScaling({ baseLr: 0.1, baseBatchSize: 0, batchSize: 512 }), R, 'linearScaling(): expected baseBatchSize to be a positive integer, but received 0 of type number'],
    ['linearScaling batchSize', () => lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 1.5 }), R, 'linearScaling(): expected batchSize to be a positive integer, but received 1.5 of type number'],
    ['linearScaling stepsPerEpoch', () => lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 512, stepsPerEpoch: 0 }), R, 'linearScaling(): expected stepsPerEpoch to be a positive integer, but received 0 of type number'],
    ['linearScaling warmupEpochs', () => lr.linearScaling({ baseLr: 0.1, baseBatchSize: 256, batchSize: 512, warmupEpochs: -1 }), R, 'linearScaling(): expected warmupEpochs to be a non-negative number, but received -1 of type number'],
    ['linearScaling batch_size', () => lr.linearScaling(any({ baseLr: 0.1, baseBatchSize: 256, batch_size: 512 })), T, "linearScaling(): unknown option 'batch_size'. Did you mean 'batchSize'?"],
  ];

  it.each(rows)('%s', (_label, fn, cls, message) => {
    expectThrows(fn, cls, message);
  });
});
