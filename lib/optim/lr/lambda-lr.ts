/**
 * `LambdaLR`: the initial rate times a function of the step.
 * @module
 */
import { checkOptions, invalidArg, outOfRange } from '../../errors.js';
import type { SchedulableOptimizer } from '../types.js';
import { checkOptimizer } from './checks.js';
import { LRScheduler, type LRSchedulerOptions } from './scheduler.js';

/** A multiplicative factor as a function of the step count. */
export type LrLambda = (epoch: number) => number;

/** Options of {@link LambdaLR} and {@link MultiplicativeLR}. */
export interface LambdaLROptions extends LRSchedulerOptions {
  /** A function of the step count, or one function per param group. */
  lrLambda: LrLambda | LrLambda[];
}

/** Checks `lrLambda` and makes one function per param group (PyTorch's handling of `lr_lambda`). */
export function lambdasPerGroup(op: string, optimizer: unknown, lrLambda: unknown): LrLambda[] {
  const groups = checkOptimizer(op, optimizer).paramGroups.length;
  const expected = `a function, or an array of ${groups} functions (one per param group)`;
  if (Array.isArray(lrLambda)) {
    if (lrLambda.length !== groups) outOfRange(op, 'lrLambda', expected, lrLambda);
    lrLambda.forEach((f, i) => {
      if (typeof f !== 'function') invalidArg(op, `lrLambda[${i}]`, 'a function', f);
    });
    return [...lrLambda];
  }
  if (typeof lrLambda !== 'function') invalidArg(op, 'lrLambda', expected, lrLambda);
  return Array<LrLambda>(groups).fill(lrLambda as LrLambda);
}

/** Calls a group's lambda and checks that it returned a finite number. */
export function callLambda(op: string, f: LrLambda, epoch: number): number {
  const v = f(epoch);
  if (typeof v !== 'number' || !Number.isFinite(v)) invalidArg(`${op}.step`, `the result of lrLambda(${epoch})`, 'a finite number', v);
  return v;
}

/**
 * Sets each group's rate to `initialLr * lrLambda(step)`.
 *
 * Its state dict stores each function as null (as PyTorch does for plain functions); loading a state
 * keeps the scheduler's own functions.
 *
 * @example
 * ```ts
 * // Two param groups: a step decay for the first, exponential decay for the second.
 * const sched = new optim.lr.LambdaLR(opt, { lrLambda: [(e) => Math.floor(e / 30), (e) => 0.95 ** e] });
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One function per param group. */
  declare lrLambdas: LrLambda[];

  /**
   * @throws TypeError or RangeError naming a bad option.
   */
  constructor(optimizer: SchedulableOptimizer, options: LambdaLROptions) {
    const op = 'LambdaLR';
    checkOptions(op, options, ['lrLambda', 'lastEpoch']);
    const { lrLambda, lastEpoch } = options ?? ({} as LambdaLROptions);
    const lambdas = lambdasPerGroup(op, optimizer, lrLambda);
    super(optimizer, { lastEpoch }, {
      setup: (self: LambdaLR) => {
        self.lrLambdas = lambdas;
      },
    });
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * callLambda('LambdaLR', this.lrLambdas[i], this.lastEpoch));
  }
}
