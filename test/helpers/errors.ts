/**
 * Assertions on thrown errors: the class, the TorchError code and the message, checked together so
 * that a failure shows all three. Used by the bad-input tests beside each feature's tests
 * (docs/architecture.md, "Testing").
 */
import { expect } from 'vitest';
import { TorchError, type TorchErrorCode } from '../../lib/index.js';

// The argument checks are the point of the bad-input tests, so their calls pass what the types forbid.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;
export const any = (v: unknown): Any => v;

/** The error `fn` throws; fails the test when it returns instead. */
export function thrown(fn: () => unknown): unknown {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    return e;
  }
  throw new Error(`expected the call to throw, but it returned ${String(result).slice(0, 200)}`);
}

type ErrorClass = 'TorchError' | 'TypeError' | 'RangeError';

/** What a test asserts about an error: the class, the TorchError code (absent for others), the message. */
export interface Expected {
  class: ErrorClass;
  code?: TorchErrorCode;
  message: string | RegExp;
}

function summary(e: unknown): { class: string; code: unknown; message: unknown } {
  if (!(e instanceof Error)) return { class: `not an Error: ${typeof e}`, code: undefined, message: String(e) };
  let cls: string = e.constructor.name;
  // instanceof, not the name, decides: a plain Error named 'TorchError' would not do.
  if (cls === 'TorchError' && !(e instanceof TorchError)) cls = 'TorchError (not lib/errors.ts TorchError)';
  return { class: cls, code: (e as { code?: unknown }).code, message: e.message };
}

/** Asserts the class, code and message of what `fn` throws, and that the message is one clean line. */
export function expectError(fn: () => unknown, want: Expected): void {
  const e = thrown(fn);
  expect(summary(e)).toEqual({
    class: want.class,
    code: want.code,
    message: typeof want.message === 'string' ? want.message : expect.stringMatching(want.message),
  });
  const message = (e as Error).message;
  // libtorch appends "Exception raised from <fn> at <file>:<line>" and a C++ backtrace; none of it may reach JS.
  expect(message).not.toMatch(/Exception raised from|frame #\d/);
  expect(message).not.toContain('\n');
}

/** A TorchError with code ERR_TORCH: libtorch rejected the operation. */
export function expectTorchError(fn: () => unknown, message: string | RegExp): void {
  expectError(fn, { class: 'TorchError', code: 'ERR_TORCH', message });
}

export function expectTypeError(fn: () => unknown, message: string | RegExp): void {
  expectError(fn, { class: 'TypeError', message });
}

export function expectRangeError(fn: () => unknown, message: string | RegExp): void {
  expectError(fn, { class: 'RangeError', message });
}

/** The message of a use-after-dispose, from any of the names the operation may report. */
export function disposedMessage(...ops: string[]): RegExp {
  return new RegExp(`^(?:${ops.join('|')}): tensor (?:argument \\d+|\\d+ of argument \\d+) has been disposed and cannot be used again\\.`);
}

/**
 * For a rule that may be checked in TypeScript (TypeError or RangeError) or left to libtorch
 * (TorchError ERR_TORCH): either is a clean refusal; the message must still name the operation.
 */
export function expectRejected(fn: () => unknown, message: RegExp): void {
  const e = thrown(fn);
  const s = summary(e);
  const clean = (s.class === 'TypeError' || s.class === 'RangeError') ? s.code === undefined : s.class === 'TorchError' && s.code === 'ERR_TORCH';
  expect(clean, `${s.class} ${String(s.code)}: ${String(s.message)}`).toBe(true);
  expect(s.message).toMatch(message);
  expect(s.message).not.toMatch(/Exception raised from|frame #\d/);
  expect(s.message).not.toContain('\n');
}
