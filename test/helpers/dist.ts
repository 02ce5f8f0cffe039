/**
 * The compiled library (dist/lib/index.js), for code that runs outside vitest's TypeScript transform:
 * worker threads and child processes load plain JavaScript only.
 *
 * `npm test` runs `tsc -p tsconfig.json` before vitest, so dist/ is normally fresh. When a test file
 * is run on its own (`npx vitest run test/worker.test.ts`) and dist/ is missing or older than lib/,
 * {@link ensureDist} compiles it first, under a lock so that test files running in parallel do not
 * compile into dist/ at the same time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** dist/lib/index.js as a file: URL, for `import()` in a worker or a child process. */
export const distIndexUrl = pathToFileURL(join(root, 'dist', 'lib', 'index.js')).href;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** lib/ files whose compiled .js is missing or older than the source. */
export function staleFiles(): string[] {
  const lib = join(root, 'lib');
  return tsFiles(lib).filter((ts) => {
    const js = join(root, 'dist', 'lib', relative(lib, ts)).replace(/\.ts$/, '.js');
    return !existsSync(js) || statSync(js).mtimeMs < statSync(ts).mtimeMs;
  });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Compiles the TypeScript into dist/ when it is missing or stale; returns the URL of dist/lib/index.js. */
export function ensureDist(): string {
  if (staleFiles().length === 0) return distIndexUrl;
  const lock = join(tmpdir(), `torchts-tsc-${Buffer.from(root).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmdirSync(lock); // left by a killed run
      sleep(200);
    }
  }
  try {
    if (staleFiles().length === 0) return distIndexUrl; // another test file compiled it meanwhile
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], {
        cwd: root, encoding: 'utf8', stdio: 'pipe',
      });
    } catch (e) {
      // Type errors still emit JavaScript; only a missing or stale output is fatal.
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    const stale = staleFiles();
    if (stale.length > 0) throw new Error(`tsc did not produce dist/ for ${stale.join(', ')}:\n${output}`);
    return distIndexUrl;
  } finally {
    rmdirSync(lock);
  }
}
