// `torchts launch` (and Python's torchrun running the same script): ranks get torchrun's
// environment, output lines carry their rank, and one failed rank stops the job with its exit code.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distIndexUrl, ensureDist, root } from '../helpers/dist.js';
import { referencePython } from '../helpers/reference.js';

const SCRIPT = join(root, 'test', 'helpers', 'launch-script.mjs');
const env = { ...process.env, TORCHTS_DIST_URL: distIndexUrl, GLOO_SOCKET_IFNAME: 'lo' };

beforeAll(() => {
  ensureDist();
}, 180_000);

function launch(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'dist', 'lib', 'cli.js'), 'launch', ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

describe('torchts launch', () => {
  it('runs the ranks with torchrun\'s environment, passes the script its arguments, prefixes each line with the rank', () => {
    const r = launch('--nproc-per-node', '2', SCRIPT, 'ok', '--epochs', '3');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').sort();
    expect(lines).toEqual([
      '[rank0]: rank 0 of 2: sum 3, LOCAL_RANK 0, args ok --epochs 3',
      '[rank1]: rank 1 of 2: sum 3, LOCAL_RANK 1, args ok --epochs 3',
    ]);
  }, 90_000);

  it('a rank that fails stops the others; the launcher exits with its code and says which rank it was', () => {
    const r = launch('--nproc-per-node', '3', SCRIPT, 'fail');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('[rank1]: rank 1 fails on purpose');
    expect(r.stderr).toContain('torchts launch: rank 1 exited with code 3; stopping the other ranks');
  }, 90_000);

  it('names what is missing', () => {
    const r = launch(SCRIPT);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--nproc-per-node is required');
    const bad = launch('--nproc-per-node', '0', SCRIPT);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/expected nprocPerNode to be an integer of at least 1, but received 0/);
  });

  it('the same script runs unchanged under Python\'s torchrun --no-python', () => {
    const torchrun = join(dirname(referencePython()), 'torchrun');
    const r = spawnSync(torchrun, ['--standalone', '--nproc-per-node', '2', '--no-python', process.execPath, SCRIPT, 'ok'],
      { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rank 0 of 2: sum 3, LOCAL_RANK 0, args ok');
    expect(r.stdout).toContain('rank 1 of 2: sum 3, LOCAL_RANK 1, args ok');
  }, 90_000);
});
