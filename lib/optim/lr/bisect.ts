/**
 * Python's `bisect_right`, used by MultiStepLR and SequentialLR.
 * @module
 * @internal
 */

/** Number of elements of the sorted `a` that are <= `x`. */
export function bisectRight(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
