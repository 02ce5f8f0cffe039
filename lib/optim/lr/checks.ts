/**
 * Argument checks only LR schedulers need (the optimizer they drive, per-group values, momentum
 * cycling). The general checkers are lib/check.ts's; both word failures through {@link invalidArg}
 * (wrong type) or {@link outOfRange} (right type, value not allowed).
 * @module
 * @internal
 */
import { checkNumber, checkInt } from '../../check.js';
import { invalidArg, outOfRange } from '../../errors.js';
import type { ParamGroupOptions, SchedulableOptimizer } from '../types.js';

/** Checks that `optimizer` has what schedulers use: a non-empty `paramGroups` with numeric `lr`s and `stepAttempts`. */
export function checkOptimizer(op: string, optimizer: unknown): SchedulableOptimizer {
  if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray((optimizer as SchedulableOptimizer).paramGroups)) {
    invalidArg(op, 'optimizer', 'an optimizer (an object with a paramGroups array)', optimizer);
  }
  const opt = optimizer as SchedulableOptimizer;
  if (opt.paramGroups.length === 0) outOfRange(op, 'optimizer.paramGroups', 'a non-empty array', opt.paramGroups);
  opt.paramGroups.forEach((g: ParamGroupOptions, i) => {
    if (g === null || typeof g !== 'object') invalidArg(op, `optimizer.paramGroups[${i}]`, 'an object', g);
    if (typeof g.lr !== 'number' || !Number.isFinite(g.lr)) invalidArg(op, `optimizer.paramGroups[${i}].lr`, 'a finite number', g.lr);
  });
  if (typeof opt.stepAttempts !== 'number') invalidArg(op, 'optimizer.stepAttempts', 'a number', opt.stepAttempts);
  return opt;
}

/**
 * A number for every param group: one number for all, or an array with one per group (PyTorch's
 * `_format_param`). Each number must pass `ok`.
 */
export function perGroup(op: string, name: string, value: unknown, groups: number, what: string,
  ok: (x: number) => boolean = Number.isFinite): number[] {
  const expected = `${what}, or an array of ${groups} such numbers (one per param group)`;
  if (Array.isArray(value)) {
    if (value.length !== groups) outOfRange(op, name, expected, value);
    return value.map((v, i) => checkNumber(op, `${name}[${i}]`, v, what, ok));
  }
  if (typeof value !== 'number' || Number.isNaN(value)) invalidArg(op, name, expected, value);
  if (!ok(value as number)) outOfRange(op, name, expected, value);
  return Array<number>(groups).fill(value as number);
}

/** Checks the `lastEpoch` option: an integer >= -1. */
export function checkLastEpoch(op: string, value: unknown): number {
  return checkInt(op, 'lastEpoch', value, 'an integer >= -1', (x) => x >= -1);
}

/**
 * Which momentum a scheduler cycles: `betas[0]` when every group has `betas` (Adam family),
 * `momentum` when every group has a numeric `momentum` (SGD, RMSprop), else an error naming
 * `cycleMomentum`.
 */
export function momentumKey(op: string, optimizer: SchedulableOptimizer): 'betas' | 'momentum' {
  const groups = optimizer.paramGroups;
  if (groups.every((g) => Array.isArray(g.betas))) return 'betas';
  if (groups.every((g) => typeof g.momentum === 'number')) return 'momentum';
  return outOfRange(op, 'cycleMomentum', 'false for an optimizer whose param groups have neither momentum nor betas', true);
}

/** Sets a group's momentum, or `betas[0]` (a new pair: the old array is not mutated). */
export function setMomentum(group: ParamGroupOptions, key: 'betas' | 'momentum', value: number): void {
  if (key === 'betas') group.betas = [value, (group.betas as [number, number])[1]];
  else group.momentum = value;
}
