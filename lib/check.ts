/**
 * The argument checkers every public entry point uses: each returns the value, typed, or throws in
 * the one house style (lib/errors.ts): a TypeError for a value of the wrong type, a RangeError for
 * one of the right type outside what is allowed, both naming the function, the argument, what it
 * accepts and what it received: `StepLR(): expected gamma to be a positive number, but received -1`.
 * @module
 * @internal
 */
import { invalidArg, isInt, outOfRange } from './errors.js';

/**
 * A number accepted by `ok`: a non-number (or NaN) is a TypeError, a number that `ok` refuses a
 * RangeError; `expected` describes the accepted values in both.
 */
export function checkNumber(op: string, name: string, value: unknown, expected: string,
  ok: (x: number) => boolean = Number.isFinite): number {
  if (typeof value !== 'number' || Number.isNaN(value)) invalidArg(op, name, expected, value);
  if (!ok(value as number)) outOfRange(op, name, expected, value);
  return value as number;
}

/** An integer accepted by `ok` (a non-integer number is a RangeError). */
export function checkInt(op: string, name: string, value: unknown, expected: string, ok: (x: number) => boolean = () => true): number {
  if (typeof value !== 'number' || Number.isNaN(value)) invalidArg(op, name, expected, value);
  if (!isInt(value) || !ok(value)) outOfRange(op, name, expected, value);
  return value as number;
}

/** One of a few strings. */
export function checkOneOf<T extends string>(op: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const expected = allowed.map((a) => `'${a}'`).join(allowed.length === 2 ? ' or ' : ', ');
  return invalidArg(op, name, `one of ${expected}`, value);
}

/** A boolean. */
export function checkBool(op: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') invalidArg(op, name, 'a boolean', value);
  return value as boolean;
}

/** A function. */
export function checkFunction<F extends (...args: never[]) => unknown>(op: string, name: string, value: unknown): F {
  if (typeof value !== 'function') invalidArg(op, name, 'a function', value);
  return value as F;
}

/** A positive integer. */
export function checkPositiveInt(op: string, name: string, value: unknown): number {
  return checkInt(op, name, value, 'a positive integer', (x) => x > 0);
}
