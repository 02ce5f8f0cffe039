/**
 * The clock and the statistic every benchmark uses: seconds of a run (waiting for the device before
 * each clock read), and the median of repeats.
 * @module
 */

/** The middle of `xs` once sorted (of two middles, the upper): what the benchmarks report. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Seconds `run` takes. `sync` runs before the clock starts and before it stops, so that work queued
 * on a device (`torch.cuda.synchronize`) is counted where it belongs.
 */
export function seconds(run: () => void, sync: () => void = () => {}): number {
  sync();
  const t0 = process.hrtime.bigint();
  run();
  sync();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
