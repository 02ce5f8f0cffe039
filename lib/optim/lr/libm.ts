/**
 * The math functions of the schedules, as PyTorch's lr_scheduler.py gets them.
 *
 * Python's `math.cos`, `math.log` and float `**` call the C library (glibc on Linux); V8's `Math.cos`,
 * `Math.log` and `**` are its own ports of fdlibm. Both are within about an ulp of the true value, but
 * they round differently for a few percent of arguments, and a recursive schedule (CosineAnnealingLR)
 * carries such a one-ulp difference on to every later step. Calling the C library through the addon
 * gives PyTorch's bits, wherever both run on the same C library.
 * @module
 * @internal
 */
import { native } from '../../native.js';

/**
 * `math.cos(x)`: the C library's cos.
 * @internal
 */
export function cos(x: number): number {
  return native.libmCos(x);
}

/**
 * Python's float `x ** y` (and `math.pow`): the C library's pow. Python's own special cases (y 0,
 * x 1, NaN and infinite operands) give what C's pow gives, except that Python raises for 0 to a
 * negative power and for a negative number to a fractional one, which no schedule's options allow.
 * @internal
 */
export function pow(x: number, y: number): number {
  return native.libmPow(x, y);
}

/**
 * `math.log(x, base)`: CPython computes `log(x) / log(base)` with the C library's log, so a
 * mathematically exact result (`log(243, 3)`, which is 5) may come out just below (4.999…, as it
 * does with glibc), and `int()` of it one less; this returns the same.
 * @internal
 */
export function logBase(x: number, base: number): number {
  return native.libmLog(x) / native.libmLog(base);
}

/**
 * Python's `int ** int` for a non-negative exponent: the exact integer (not C's pow), computed by
 * multiplication, exact while the result stays below 2 ** 53.
 * @internal
 */
export function intPow(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result *= base;
  return result;
}
