/**
 * Process groups: the default one (`initProcessGroup`), sub-groups (`newGroup`) and the state of
 * this thread's "world", as torch.distributed keeps it. A group is a c10d ProcessGroup with PyTorch's
 * Gloo backend; its stores are prefixed as Python's are, so Python and torchts processes can be
 * ranks of the same group.
 * @module
 */
import { TorchError, allItems, checkOptions, invalidArg, isInt } from '../errors.js';
import { checkOneOf } from '../check.js';
import { type GroupRef, type StoreRef, native } from '../native.js';
import { readRendezvous } from './init-method.js';

/** The communication backends. `nccl` needs a CUDA build of libtorch and is not wired yet. */
export type Backend = 'gloo' | 'nccl';

/** Options of {@link initProcessGroup}. */
export interface InitProcessGroupOptions {
  /** Default `'gloo'`. */
  backend?: Backend;
  /** `'env://'` (the default: `MASTER_ADDR`, `MASTER_PORT`, `RANK`, `WORLD_SIZE`), `'tcp://host:port'` or `'file:///path'`. */
  initMethod?: string;
  /** This process's rank; default `RANK` from the environment. */
  rank?: number;
  /** How many processes; default `WORLD_SIZE` from the environment. */
  worldSize?: number;
  /** How long the rendezvous and each collective may wait for the other ranks. Default 30 minutes, as PyTorch's. */
  timeoutMs?: number;
}

/**
 * A group of ranks that communicate: the default group of {@link initProcessGroup}, or one of
 * {@link newGroup}. `rank` and `size` are this process's place in the group; `ranks` are the
 * members' ranks in the default group.
 */
export class ProcessGroup {
  #ref: GroupRef | null;

  /** @internal Made by initProcessGroup and newGroup. */
  constructor(ref: GroupRef,
    /** The group's name: `'0'` for the default group, then `'1'`, `'2'`, ... in newGroup order (as Python names them). */
    readonly name: string,
    /** The members' ranks in the default group, ascending. */
    readonly ranks: readonly number[],
    /** How long its collectives wait for the other ranks. */
    readonly timeoutMs: number) {
    this.#ref = ref;
  }

  /** This process's rank in the group. */
  get rank(): number {
    return native.distGroupRank(this.ref);
  }

  /** How many ranks the group has. */
  get size(): number {
    return native.distGroupSize(this.ref);
  }

  /** `'gloo'`. */
  get backend(): string {
    return native.distGroupBackend(this.ref);
  }

  /** The rank in this group of the process whose rank in the default group is `globalRank`. */
  groupRank(globalRank: number, op = 'ProcessGroup.groupRank', name = 'globalRank'): number {
    const i = this.ranks.indexOf(globalRank);
    if (i < 0) invalidArg(op, name, `the rank of a member of group ${this.name} (${this.ranks.join(', ')})`, globalRank);
    return i;
  }

  /** @internal The addon's group; throws once the group was destroyed. */
  get ref(): GroupRef {
    if (!this.#ref) throw new TorchError(`process group ${this.name} was destroyed; make a new one with initProcessGroup or newGroup`, 'ERR_STATE');
    return this.#ref;
  }

  /** Ends the group's connections and threads. Later use throws. */
  destroy(): void {
    if (this.#ref) native.distGroupShutdown(this.#ref);
    this.#ref = null;
  }

  /** Whether {@link destroy} has run. */
  get destroyed(): boolean {
    return this.#ref === null;
  }
}

interface World {
  group: ProcessGroup;
  /** The store the groups' prefixes hang from ('default_pg'), and the TCPStore or FileStore under it. */
  store: StoreRef;
  base: StoreRef;
  groups: ProcessGroup[];
  /** Python's _world.group_count: names the next group, so names agree across ranks (and with Python). */
  groupCount: number;
}
let world: World | null = null;
let initializing = false;

const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

function checkTimeout(op: string, timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!isInt(timeoutMs) || timeoutMs < 1) invalidArg(op, 'timeoutMs', 'a positive integer (milliseconds)', timeoutMs);
  return timeoutMs as number;
}

/**
 * Joins this process to the job's default process group, as `torch.distributed.init_process_group`:
 * waits until all `worldSize` ranks have joined (so it is async; the event loop stays free).
 * Under `torchts launch` or `torchrun`, `await distributed.initProcessGroup()` is enough.
 *
 * @throws TypeError for bad options or a missing environment variable (naming it); the promise
 *   rejects with a TorchError (`ERR_DISTRIBUTED`) when the other ranks do not join within `timeoutMs`.
 */
export async function initProcessGroup(options: InitProcessGroupOptions = {}): Promise<ProcessGroup> {
  const op = 'initProcessGroup';
  checkOptions(op, options, ['backend', 'initMethod', 'rank', 'worldSize', 'timeoutMs']);
  const backend = checkOneOf(op, 'backend', options.backend ?? 'gloo', ['gloo', 'nccl'] as const);
  if (backend === 'nccl') {
    throw new TorchError(`${op}(): the nccl backend is not built into torchts yet; use backend: 'gloo', which also runs on CUDA tensors' CPU copies`, 'ERR_STATE');
  }
  const initMethod = options.initMethod ?? 'env://';
  if (typeof initMethod !== 'string') invalidArg(op, 'initMethod', 'a string', initMethod);
  const timeoutMs = checkTimeout(op, options.timeoutMs);
  if (world || initializing) {
    throw new TorchError(`${op}(): this process already has a default process group; call destroyProcessGroup() first`, 'ERR_STATE');
  }
  const where = readRendezvous(initMethod, options.rank, options.worldSize);
  initializing = true;
  const stores: StoreRef[] = [];
  try {
    const base = where.kind === 'tcp'
      ? await native.distTcpStore(where.host, where.port, where.isServer, where.worldSize, timeoutMs, op)
      : native.distFileStore(where.path, where.worldSize);
    stores.push(base);
    native.distStoreSetTimeout(base, timeoutMs);
    // The first torchts rank records the world size; one that was told another fails now, naming
    // both, rather than at the timeout (a Gloo rendezvous of mismatched sizes waits for ranks that
    // never come). Python ranks do not take part, which changes nothing for them.
    const recorded = native.distStoreCompareSet(base, 'torchts/world_size', '', String(where.worldSize));
    if (recorded !== String(where.worldSize)) {
      throw new TorchError(`${op}(): this rank (${where.rank}) was given a world size of ${where.worldSize}, but another rank of the ` +
        `job was given ${recorded}; start every rank with the same WORLD_SIZE (torchts launch and torchrun do)`, 'ERR_DISTRIBUTED');
    }
    const store = native.distPrefixStore(base, 'default_pg');
    stores.push(store);
    const ref = await native.distNewGroup(store, '0', where.rank, where.worldSize, timeoutMs, op);
    const group = new ProcessGroup(ref, '0', Array.from({ length: where.worldSize }, (_, i) => i), timeoutMs);
    world = { group, store, base, groups: [group], groupCount: 1 };
    return group;
  } catch (e) {
    // A failed init leaves no store behind (rank 0's server would hold its port until garbage collection).
    for (const s of stores.reverse()) native.distStoreRelease(s);
    throw e;
  } finally {
    initializing = false;
  }
}

/** Whether this process has a default process group. */
export function isInitialized(): boolean {
  return world !== null;
}

function theWorld(op: string): World {
  if (!world) throw new TorchError(`${op}(): no process group; call await distributed.initProcessGroup() first`, 'ERR_STATE');
  return world;
}

/** The default process group (from {@link initProcessGroup}). */
export function defaultGroup(op = 'defaultGroup'): ProcessGroup {
  return theWorld(op).group;
}

/** The group a collective runs on: `group`, or the default one. */
export function resolveGroup(op: string, group: unknown): ProcessGroup {
  if (group === undefined || group === null) return defaultGroup(op);
  if (!(group instanceof ProcessGroup)) invalidArg(op, 'group', 'a ProcessGroup', group);
  return group;
}

/** This process's rank in `group` (default: the default group), as `torch.distributed.get_rank`. */
export function getRank(group?: ProcessGroup): number {
  return resolveGroup('getRank', group).rank;
}

/** How many ranks `group` (default: the default group) has, as `torch.distributed.get_world_size`. */
export function getWorldSize(group?: ProcessGroup): number {
  return resolveGroup('getWorldSize', group).size;
}

/** The backend of `group` (default: the default group). */
export function getBackend(group?: ProcessGroup): string {
  return resolveGroup('getBackend', group).backend;
}

/**
 * A group of some of the ranks, as `torch.distributed.new_group`. Every rank of the default group
 * must call it, in the same order as the other `newGroup` calls; ranks outside `ranks` get `null`.
 */
export async function newGroup(ranks?: readonly number[], options: { timeoutMs?: number } = {}): Promise<ProcessGroup | null> {
  const op = 'newGroup';
  checkOptions(op, options, ['timeoutMs']);
  const w = theWorld(op);
  const size = w.group.size;
  // Length first: a sparse array of 2^32 - 1 holes must fail before it is copied.
  if (ranks !== undefined && (!Array.isArray(ranks) || ranks.length > size || !allItems(ranks, (r) => isInt(r) && (r as number) >= 0 &&
    (r as number) < size))) {
    invalidArg(op, 'ranks', `an array of at most ${size} ranks in [0, ${size})`, ranks);
  }
  const members = ranks === undefined ? Array.from({ length: size }, (_, i) => i) : [...ranks];
  if (new Set(members).size !== members.length) invalidArg(op, 'ranks', 'ranks without repetition', ranks);
  members.sort((a, b) => a - b);
  const timeoutMs = options.timeoutMs === undefined ? w.group.timeoutMs : checkTimeout(op, options.timeoutMs);
  const name = String(w.groupCount++);
  const me = members.indexOf(w.group.rank);
  if (me < 0) return null;
  const ref = await native.distNewGroup(w.store, name, me, members.length, timeoutMs, op);
  const group = new ProcessGroup(ref, name, members, timeoutMs);
  w.groups.push(group);
  return group;
}

/**
 * Destroys `group`, or with no argument every group and the default one, as
 * `torch.distributed.destroy_process_group`; a later {@link initProcessGroup} starts afresh.
 */
export function destroyProcessGroup(group?: ProcessGroup): void {
  if (group !== undefined && !(group instanceof ProcessGroup)) invalidArg('destroyProcessGroup', 'group', 'a ProcessGroup', group);
  if (!world) return;
  if (group && group !== world.group) {
    group.destroy();
    world.groups = world.groups.filter((g) => g !== group);
    return;
  }
  for (const g of world.groups) g.destroy();
  // Now, not at garbage collection: rank 0's TCPStore server frees its port for the next init.
  native.distStoreRelease(world.store);
  native.distStoreRelease(world.base);
  world = null;
}

/** Where `op` is checked against the reductions torchts offers. */
export const REDUCE_OPS = ['sum', 'avg', 'product', 'min', 'max'] as const;
/** A reduction: `'sum'` (default), `'avg'`, `'product'`, `'min'` or `'max'` (torch.distributed.ReduceOp). */
export type ReduceOp = (typeof REDUCE_OPS)[number];
/** Checks a reduction option. */
export function checkReduceOp(op: string, value: unknown): ReduceOp {
  return value === undefined ? 'sum' : checkOneOf(op, 'op', value, REDUCE_OPS);
}
