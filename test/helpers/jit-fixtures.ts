/**
 * The fixtures of test/jit/ (test/helpers/jit_fixtures.py: TorchScript; aoti_fixtures.py: an
 * AOTInductor package), made by the reference PyTorch once per content of each script and kept in
 * build/fixtures/<name>-<hash>/, so `npm test` does not script, trace or compile again every run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './dist.js';
import { referencePython } from './reference.js';

/** The folder holding the TorchScript fixtures, made if needed. */
export function jitFixtures(): string {
  return fixtures('jit');
}

/** The folder holding the AOTInductor fixture, made if needed (about a minute the first time). */
export function aotiFixtures(): string {
  return fixtures('aoti');
}

function fixtures(name: 'jit' | 'aoti'): string {
  const script = join(root, 'test', 'helpers', `${name}_fixtures.py`);
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 16);
  const dir = join(root, 'build', 'fixtures', `${name}-${hash}`);
  if (existsSync(dir)) return dir;
  // Made in a temporary folder and renamed, so a test file running alongside never sees half of it.
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  execFileSync(referencePython(), [script, tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process made it first
  }
  return dir;
}
