// The command line, run as users run it: compiled JS in a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from './helpers/dist.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'lib', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('torchts CLI', () => {
  beforeAll(() => ensureDist(), 120_000);

  it('info prints versions, CUDA facts, threads and where libtorch was found', () => {
    const text = cli('info');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^torchts\s+\d+\.\d+\.\d+$/m);
    expect(text.out).toMatch(/^libtorch\s+2\.11\.0/m);
    expect(text.out).toMatch(/^CUDA\s+/m);
    const json = JSON.parse(cli('info', '--json').out);
    expect(Object.keys(json)).toEqual(['torchts', 'node', 'libtorch', 'cuda', 'threads', 'addon']);
    expect(json.libtorch.location).toMatch(/torch\/lib$/);
  });

  it('bench amp trains each precision mode and reports ratios to fp32', () => {
    const r = cli('bench', 'amp', '--steps', '1', '--repeats', '1', '--warmup', '0', '--batch', '4', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.results.map((x: { mode: string }) => x.mode)).toEqual(['32-true', 'bf16-mixed']);
    expect(report.results[0].speedup).toBe(1);
    expect(report.results.every((x: { samplesPerSec: number; loss: number }) => x.samplesPerSec > 0 && Number.isFinite(x.loss))).toBe(true);
  });

  it('rejects unknown commands, benchmarks and devices with a message and a non-zero exit', () => {
    expect(cli('frobnicate').code).toBe(1);
    const b = cli('bench', 'foo');
    expect([b.code, b.err.trim()]).toEqual([1, "Unknown benchmark 'foo'. Available: amp"]);
    if (!JSON.parse(cli('info', '--json').out).cuda.available) {
      const d = cli('bench', 'amp', '--device', 'cuda', '--steps', '1');
      expect(d.code).not.toBe(0);
      expect(d.err).toMatch(/benchAmp\(\): device is cuda, but CUDA is not available here/);
    }
  });
});
