/**
 * Where the ranks of a job meet: `env://` (torchrun's variables), `tcp://host:port` or
 * `file:///path`, read as torch.distributed reads them.
 * @module
 */
import { invalidArg, isInt } from '../errors.js';

/** Where and how this process rendezvouses, after reading the init method and the environment. */
export type Rendezvous =
  | { kind: 'tcp'; host: string; port: number; rank: number; worldSize: number; isServer: boolean }
  | { kind: 'file'; path: string; rank: number; worldSize: number };

const OP = 'initProcessGroup';

function intFrom(name: string, option: number | undefined, env: string | undefined, min: number): number {
  if (option !== undefined) {
    if (!isInt(option) || option < min) invalidArg(OP, name, `an integer of at least ${min}`, option);
    return option;
  }
  const envName = name === 'rank' ? 'RANK' : 'WORLD_SIZE';
  if (env === undefined) {
    throw new TypeError(`${OP}(): expected ${name} as an option or in the environment variable ${envName}, but neither is set ` +
      '(torchts launch and torchrun set it)');
  }
  const n = Number(env);
  if (!isInt(n) || n < min) throw new TypeError(`${OP}(): expected ${envName} to be an integer of at least ${min}, but it is '${env}'`);
  return n;
}

function port(text: string, where: string): number {
  const p = Number(text);
  if (!isInt(p) || p < 1 || p > 65535) throw new TypeError(`${OP}(): expected ${where} to be a port number (1 to 65535), but it is '${text}'`);
  return p;
}

/**
 * Reads `initMethod` (default `env://`) with the rank and world size given as options or, for
 * `env://`, by `RANK` and `WORLD_SIZE`. Rank 0 serves the TCP store, unless torchrun's agent already
 * serves it (`TORCHELASTIC_USE_AGENT_STORE=True`), as Python's rendezvous does.
 */
export function readRendezvous(initMethod: string, rank: number | undefined, worldSize: number | undefined,
  env: NodeJS.ProcessEnv = process.env): Rendezvous {
  const size = intFrom('worldSize', worldSize, env.WORLD_SIZE, 1);
  const r = intFrom('rank', rank, env.RANK, 0);
  if (r >= size) throw new RangeError(`${OP}(): expected rank to be less than worldSize (${size}), but received ${r}`);
  const isServer = r === 0 && env.TORCHELASTIC_USE_AGENT_STORE !== 'True';
  if (initMethod === 'env://') {
    const host = env.MASTER_ADDR;
    if (!host) throw new TypeError(`${OP}(): env:// needs MASTER_ADDR (the address of rank 0), which is not set`);
    if (env.MASTER_PORT === undefined) throw new TypeError(`${OP}(): env:// needs MASTER_PORT, which is not set`);
    return { kind: 'tcp', host, port: port(env.MASTER_PORT, 'MASTER_PORT'), rank: r, worldSize: size, isServer };
  }
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(initMethod);
  if (tcp) return { kind: 'tcp', host: tcp[1].replace(/^\[|\]$/g, ''), port: port(tcp[2], 'the port of initMethod'), rank: r, worldSize: size, isServer };
  if (initMethod.startsWith('file://') && initMethod.length > 'file://'.length) {
    return { kind: 'file', path: decodeURIComponent(initMethod.slice('file://'.length)), rank: r, worldSize: size };
  }
  return invalidArg(OP, 'initMethod', "'env://', 'tcp://host:port' or 'file:///path'", initMethod);
}
