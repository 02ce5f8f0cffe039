/**
 * `torchts launch`: starts the ranks of a job on this machine with torchrun's environment, as
 * `torchrun --nproc-per-node N` does, and supervises them: each line of a rank's output is prefixed
 * with its rank, SIGINT and SIGTERM reach every rank, and when one rank fails the others are stopped
 * and the launcher exits with the failed rank's code.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { invalidArg, isInt } from '../errors.js';

/** Options of {@link launch}. */
export interface LaunchOptions {
  /** The script and its arguments, run as `node script ...args` in each rank. */
  script: string;
  args?: string[];
  /** Ranks on this machine. */
  nprocPerNode: number;
  /** Machines in the job. Default 1. */
  nnodes?: number;
  /** This machine's index among them. Default 0. */
  nodeRank?: number;
  /** Address of the machine with rank 0. Default 127.0.0.1. */
  masterAddr?: string;
  /** Its port for the rendezvous store. Default: a free port with one machine, 29500 with several (as torchrun). */
  masterPort?: number;
  /** Seconds a rank may take to exit after SIGTERM before it is killed. Default 5. */
  gracePeriodS?: number;
  /** Where prefixed lines go. Default process.stdout and process.stderr. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function positiveInt(name: string, value: unknown, min = 1): number {
  if (!isInt(value) || (value as number) < min) invalidArg('launch', name, `an integer of at least ${min}`, value);
  return value as number;
}

/**
 * Runs the job's ranks on this machine; resolves with the exit code the launcher should exit with:
 * 0 when every rank succeeded, else the first failed rank's code (1 for a rank killed by a signal).
 */
export async function launch(options: LaunchOptions): Promise<number> {
  if (typeof options.script !== 'string' || options.script === '') invalidArg('launch', 'script', 'the path of a script', options.script);
  const nproc = positiveInt('nprocPerNode', options.nprocPerNode);
  const nnodes = positiveInt('nnodes', options.nnodes ?? 1);
  const nodeRank = positiveInt('nodeRank', options.nodeRank ?? 0, 0);
  if (nodeRank >= nnodes) invalidArg('launch', 'nodeRank', `less than nnodes (${nnodes})`, nodeRank);
  const masterAddr = options.masterAddr ?? '127.0.0.1';
  const masterPort = options.masterPort ?? (nnodes === 1 ? await freePort(masterAddr) : 29500);
  positiveInt('masterPort', masterPort);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const worldSize = nnodes * nproc;
  const threads = process.env.OMP_NUM_THREADS === undefined && nproc > 1 ? '1' : process.env.OMP_NUM_THREADS;
  if (threads === '1' && process.env.OMP_NUM_THREADS === undefined) {
    stderr.write(`torchts launch: OMP_NUM_THREADS=1 in each of the ${nproc} ranks, so they do not oversubscribe the cores (set it to override)\n`);
  }

  const children: ChildProcess[] = [];
  let failure: { rank: number; code: number } | null = null;
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stopping = true;
    stopAll(signal);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let killer: NodeJS.Timeout | undefined;

  const exits = Array.from({ length: nproc }, (_, localRank) => {
    const rank = nodeRank * nproc + localRank;
    const child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: {
        ...process.env, RANK: String(rank), LOCAL_RANK: String(localRank), WORLD_SIZE: String(worldSize),
        LOCAL_WORLD_SIZE: String(nproc), GROUP_RANK: String(nodeRank), MASTER_ADDR: masterAddr, MASTER_PORT: String(masterPort),
        ...(threads === undefined ? {} : { OMP_NUM_THREADS: threads }),
      },
    });
    children.push(child);
    const prefix = `[rank${rank}]: `;
    createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (l) => stdout.write(prefix + l + '\n'));
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (l) => stderr.write(prefix + l + '\n'));
    return new Promise<void>((resolve) => {
      child.on('error', (e) => {
        stderr.write(`torchts launch: rank ${rank} could not start: ${e.message}\n`);
      });
      child.on('exit', (code, signal) => {
        const failed = code !== 0;
        if (failed && !failure && !stopping) {
          failure = { rank, code: code ?? 1 };
          stderr.write(`torchts launch: rank ${rank} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; stopping the other ranks\n`);
          stopping = true;
          stopAll('SIGTERM');
          killer = setTimeout(() => stopAll('SIGKILL'), (options.gracePeriodS ?? 5) * 1000);
        }
        resolve();
      });
    });
  });
  await Promise.all(exits);
  clearTimeout(killer);
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  if (failure) return (failure as { code: number }).code || 1;
  const bad = children.find((c) => c.exitCode !== 0);
  return bad ? bad.exitCode ?? 1 : 0;
}
