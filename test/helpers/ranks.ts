/**
 * Runs the ranks of a multi-process test as child processes on the loopback interface, each with
 * torchrun's variables, and collects what each printed as `RESULT <json>`. Every run is bounded:
 * a rank still alive after `timeoutMs` is killed and reported, so a hang fails the test instead of
 * stalling the suite.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { distIndexUrl, root } from './dist.js';

/** What one rank did. */
export interface RankOutcome<T> {
  code: number | null;
  signal: NodeJS.Signals | null;
  result: T | null;
  stderr: string;
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment of rank `rank` of `worldSize`, meeting at 127.0.0.1:`port`. */
export function rankEnv(rank: number, worldSize: number, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env, MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), RANK: String(rank), LOCAL_RANK: String(rank),
    WORLD_SIZE: String(worldSize), GLOO_SOCKET_IFNAME: 'lo', TORCHTS_DIST_URL: distIndexUrl, OMP_NUM_THREADS: '1',
  };
}

/** Runs one command as one rank; resolves when it exits (or is killed after `timeoutMs`). */
export function runRank<T>(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RankOutcome<T>> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ code, signal, result: line ? (JSON.parse(line.slice(7)) as T) : null, stderr });
    });
  });
}

/** Runs test/helpers/dist-rank.mjs's `scenario` on `worldSize` ranks. */
export async function runScenario<T>(scenario: string, worldSize: number, { arg = '', timeoutMs = 60_000, env = {} } = {}):
  Promise<RankOutcome<T>[]> {
  const port = await freePort();
  const script = join(root, 'test', 'helpers', 'dist-rank.mjs');
  return Promise.all(Array.from({ length: worldSize }, (_, rank) =>
    runRank<T>(process.execPath, [script, scenario, arg], { ...rankEnv(rank, worldSize, port), ...env }, timeoutMs)));
}
