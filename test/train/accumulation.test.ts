// The pieces of the Trainer's training step: the accumulation window's decisions (which batch ends a
// window, what its loss is divided by, the exact last-window normalisation), ReduceLROnPlateau found
// by class (a subclass of any name is stepped per epoch with the metric), and skipped windows counted
// in the optimizer's stepAttempts. The weights under accumulation are checked in trainer.test.ts.
import { describe, expect, it } from 'vitest';
import { AccumulationWindow } from '../../lib/train/accumulation.js';
import { type Tensor, Trainer, nn, optim } from '../../lib/index.js';
import { TestLoader, toyData } from './helpers.js';

const F = nn.functional;

/** Runs `batches` micro-batches from `first` through a window; per batch: [ends a window, divisor]. */
function trace(window: AccumulationWindow, first: number, batches: number): [boolean, number][] {
  const out: [boolean, number][] = [];
  for (let i = first; i < first + batches; i++) {
    window.startBatch(i);
    out.push([window.endsWindow, window.lossDivisor]);
    window.endBatch();
  }
  return out;
}

describe('AccumulationWindow', () => {
  it('ends a window every `accumulate` batches; the last, shorter window divides by its real size', () => {
    const w = new AccumulationWindow(4, 10);
    const t = trace(w, 0, 10);
    expect(t.map(([end], i) => (end ? i : -1)).filter((i) => i >= 0)).toEqual([3, 7, 9]);
    expect(t.map(([, d]) => d)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 2, 2]);
    expect(w.closed).toBe(true);
  });

  it('without a known length, divides by `accumulate` and leaves a trailing partial window open', () => {
    const w = new AccumulationWindow(4, null);
    const t = trace(w, 0, 10);
    expect(t.map(([end], i) => (end ? i : -1)).filter((i) => i >= 0)).toEqual([3, 7]);
    expect(t.every(([, d]) => d === 4)).toBe(true);
    expect(w.closed).toBe(false);
  });

  it('starts its windows at the first trained batch (a resume after an optimizer step)', () => {
    const t = trace(new AccumulationWindow(4, 10), 4, 6);
    expect(t).toEqual([[false, 4], [false, 4], [false, 4], [true, 4], [false, 2], [true, 2]]);
  });

  it('with accumulate 1, every batch is a window of one', () => {
    expect(trace(new AccumulationWindow(1, 3), 0, 3)).toEqual([[true, 1], [true, 1], [true, 1]]);
  });

  it('a skipped window stays skipped to its end, and the next one starts clean', () => {
    const w = new AccumulationWindow(2, 4);
    w.startBatch(0);
    w.skip();
    w.endBatch();
    expect(w.closed).toBe(false);
    w.startBatch(1);
    expect([w.skipped, w.endsWindow]).toEqual([true, true]);
    w.endBatch();
    expect(w.closed).toBe(true);
    w.startBatch(2);
    expect(w.skipped).toBe(false);
  });
});

describe('the Trainer step', () => {
  it('steps a ReduceLROnPlateau (a subclass of any name too) once per epoch with the monitored value', async () => {
    const { x, y } = toyData(32);
    const model = new nn.Linear(8, 4);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    class Recorded extends optim.lr.ReduceLROnPlateau {
      readonly metrics: unknown[] = [];
      override step(metric?: optim.lr.Metric): void {
        this.metrics.push(metric);
        super.step(metric);
      }
    }
    const scheduler = new Recorded(optimizer, { patience: 0 });
    const trainer = new Trainer({ model, optimizer, scheduler, loss: F.crossEntropy });
    const h = await trainer.fit(new TestLoader(x, y, 8), { epochs: 3 });
    expect(scheduler.metrics).toEqual(h.epochs.map((e) => e.trainLoss));
  });

  it('counts a window skipped for a non-finite loss in the optimizer stepAttempts and globalStep', async () => {
    class Log extends nn.Module {
      forward(x: Tensor): Tensor { return x.log(); }
    }
    const { x, y } = toyData(32);
    const model = new nn.Sequential(new nn.Linear(8, 4), new Log());
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const trainer = new Trainer({ model, optimizer, loss: F.crossEntropy, nonFiniteLoss: 'skip', accumulateGradBatches: 2 });
    const h = await trainer.fit(new TestLoader(x, y, 8));
    expect([h.skippedSteps, trainer.globalStep, optimizer.stepAttempts]).toEqual([2, 2, 2]);
    expect(h.steps.map((s) => [s.batch, s.skipped])).toEqual([[1, true], [3, true]]);
  });
});
