/**
 * Collectives on a process group, as torch.distributed's: all-reduce, broadcast, all-gather,
 * reduce-scatter, point-to-point, barrier. Each runs in c10d (Gloo's threads move the data); with
 * `asyncOp: true` it returns a {@link Work} at once, whose `wait()` waits off the JS thread.
 * @module
 */
import { checkOptions, invalidArg, isInt } from '../errors.js';
import { checkBool } from '../check.js';
import { type Handle, type NativeReduceOp, type WorkRef, native } from '../native.js';
import { type Tensor, h, hs } from '../tensor/tensor.js';
import { type ProcessGroup, type ReduceOp, checkReduceOp, resolveGroup } from './group.js';

/**
 * A collective in flight, as torch.distributed's `Work`. The tensors it was given must not be read
 * or written until {@link wait} resolves: c10d's threads are writing them.
 */
export class Work {
  #done: Promise<void> | null = null;

  /** @internal */
  constructor(
    /** The collective's name, as its errors show it. */
    readonly op: string,
    private readonly ref: WorkRef,
    private readonly after?: () => void,
  ) {}

  /** Resolves when the collective has completed on this rank; waits on a thread of its own, not on the event loop. */
  wait(): Promise<void> {
    this.#done ??= native.distWorkWaitAsync(this.ref, this.op).then(() => this.after?.());
    return this.#done;
  }

  /** Blocks this thread until the collective has completed (at most `timeoutMs`; default the group's timeout). */
  waitSync(timeoutMs?: number): void {
    if (timeoutMs !== undefined && (!isInt(timeoutMs) || timeoutMs < 1)) invalidArg('Work.waitSync', 'timeoutMs', 'a positive integer', timeoutMs);
    native.distWorkWait(this.ref, this.op, timeoutMs ?? 0);
    this.after?.();
  }

  /** Whether the collective has completed (never blocks). */
  isCompleted(): boolean {
    return native.distWorkIsCompleted(this.ref);
  }
}

/** Options every collective takes. */
export interface CollectiveOptions {
  /** The group (default: the default group of initProcessGroup). */
  group?: ProcessGroup;
  /** Return a {@link Work} at once instead of blocking until done. Default false. */
  asyncOp?: boolean;
}

/** Options of the reducing collectives. */
export interface ReduceOptions extends CollectiveOptions {
  /** Default `'sum'`. */
  op?: ReduceOp;
}

/** The handles of a list of one tensor per rank. */
function perRank(op: string, name: string, list: unknown, length: number): Handle[] {
  if (!Array.isArray(list) || list.length !== length) invalidArg(op, name, `an array of ${length} tensors (one per rank)`, list);
  return hs(list, op, name);
}

function finish(op: string, ref: WorkRef, asyncOp: boolean, after?: () => void): Work | undefined {
  const work = new Work(op, ref, after);
  if (asyncOp) return work;
  work.waitSync();
  return undefined;
}

function common(op: string, options: CollectiveOptions, extra: readonly string[] = []): { group: ProcessGroup; asyncOp: boolean } {
  checkOptions(op, options, ['group', 'asyncOp', ...extra]);
  const group = resolveGroup(op, options.group);
  return { group, asyncOp: options.asyncOp === undefined ? false : checkBool(op, 'asyncOp', options.asyncOp) };
}

/** Gloo has no average: a sum, then a division by the group size in place, as DDP does it. */
function nativeReduce(op: string, reduce: ReduceOp, tensors: Tensor[], size: number): { op: NativeReduceOp; after?: () => void } {
  if (reduce !== 'avg') return { op: reduce };
  for (const t of tensors) {
    if (!t.isFloatingPoint()) invalidArg(op, 'op', `'sum' for ${t.dtype} tensors ('avg' needs floating-point ones)`, reduce);
  }
  return { op: 'sum', after: () => { for (const t of tensors) t.div_(size); } };
}

/**
 * Reduces `tensor` across the group's ranks in place, as `torch.distributed.all_reduce`: afterwards
 * every rank holds the sum (or `op`) of all ranks' tensors.
 */
export function allReduce(tensor: Tensor, options?: ReduceOptions & { asyncOp?: false }): void;
export function allReduce(tensor: Tensor, options: ReduceOptions & { asyncOp: true }): Work;
export function allReduce(tensor: Tensor, options: ReduceOptions = {}): Work | undefined {
  const op = 'allReduce';
  const handle = h(tensor, op, 'tensor');
  const { group, asyncOp } = common(op, options, ['op']);
  const reduce = nativeReduce(op, checkReduceOp(op, options.op), [tensor], group.size);
  return finish(op, native.distAllReduce(group.ref, [handle], reduce.op), asyncOp, reduce.after);
}

/** Copies `tensor` of rank `src` (a rank of the default group) into `tensor` on every rank, as `torch.distributed.broadcast`. */
export function broadcast(tensor: Tensor, src: number, options?: CollectiveOptions & { asyncOp?: false }): void;
export function broadcast(tensor: Tensor, src: number, options: CollectiveOptions & { asyncOp: true }): Work;
export function broadcast(tensor: Tensor, src: number, options: CollectiveOptions = {}): Work | undefined {
  const op = 'broadcast';
  const handle = h(tensor, op, 'tensor');
  const { group, asyncOp } = common(op, options);
  return finish(op, native.distBroadcast(group.ref, [handle], group.groupRank(src, op, 'src')), asyncOp);
}

/**
 * Gathers every rank's `tensor` into `tensorList` (one tensor per rank, in rank order) on every rank,
 * as `torch.distributed.all_gather`.
 */
export function allGather(tensorList: Tensor[], tensor: Tensor, options?: CollectiveOptions & { asyncOp?: false }): void;
export function allGather(tensorList: Tensor[], tensor: Tensor, options: CollectiveOptions & { asyncOp: true }): Work;
export function allGather(tensorList: Tensor[], tensor: Tensor, options: CollectiveOptions = {}): Work | undefined {
  const op = 'allGather';
  const handle = h(tensor, op, 'tensor');
  const { group, asyncOp } = common(op, options);
  return finish(op, native.distAllGather(group.ref, perRank(op, 'tensorList', tensorList, group.size), handle), asyncOp);
}

/**
 * Reduces `inputList` (one tensor per rank) across ranks and leaves in `output` this rank's share
 * of the result, as `torch.distributed.reduce_scatter`.
 */
export function reduceScatter(output: Tensor, inputList: Tensor[], options?: ReduceOptions & { asyncOp?: false }): void;
export function reduceScatter(output: Tensor, inputList: Tensor[], options: ReduceOptions & { asyncOp: true }): Work;
export function reduceScatter(output: Tensor, inputList: Tensor[], options: ReduceOptions = {}): Work | undefined {
  const op = 'reduceScatter';
  const handle = h(output, op, 'output');
  const { group, asyncOp } = common(op, options, ['op']);
  const inputs = perRank(op, 'inputList', inputList, group.size);
  const reduce = nativeReduce(op, checkReduceOp(op, options.op), [output], group.size);
  return finish(op, native.distReduceScatter(group.ref, handle, inputs, reduce.op), asyncOp, reduce.after);
}

/** Options of the point-to-point operations. */
export interface P2POptions {
  /** The group (default: the default group); `dst`/`src` are ranks of the default group. */
  group?: ProcessGroup;
  /** Matches a send with the receive of the same tag. Default 0. */
  tag?: number;
}

function p2p(op: string, options: P2POptions): { group: ProcessGroup; tag: number } {
  checkOptions(op, options, ['group', 'tag']);
  const tag = options.tag ?? 0;
  if (!isInt(tag) || tag < 0) invalidArg(op, 'tag', 'a non-negative integer', tag);
  return { group: resolveGroup(op, options.group), tag };
}

/** Sends `tensor` to rank `dst` and returns at once (torch.distributed.isend); `wait()` on the Work. */
export function isend(tensor: Tensor, dst: number, options: P2POptions = {}): Work {
  const { group, tag } = p2p('isend', options);
  return new Work('isend', native.distSend(group.ref, h(tensor, 'isend', 'tensor'), group.groupRank(dst, 'isend', 'dst'), tag));
}

/** Receives into `tensor` from rank `src` and returns at once (torch.distributed.irecv); `wait()` on the Work. */
export function irecv(tensor: Tensor, src: number, options: P2POptions = {}): Work {
  const { group, tag } = p2p('irecv', options);
  return new Work('irecv', native.distRecv(group.ref, h(tensor, 'irecv', 'tensor'), group.groupRank(src, 'irecv', 'src'), tag));
}

/** Sends `tensor` to rank `dst`, blocking until it is sent (torch.distributed.send). */
export function send(tensor: Tensor, dst: number, options: P2POptions = {}): void {
  const { group, tag } = p2p('send', options);
  new Work('send', native.distSend(group.ref, h(tensor, 'send', 'tensor'), group.groupRank(dst, 'send', 'dst'), tag)).waitSync();
}

/** Receives into `tensor` from rank `src`, blocking until it has arrived (torch.distributed.recv). */
export function recv(tensor: Tensor, src: number, options: P2POptions = {}): void {
  const { group, tag } = p2p('recv', options);
  new Work('recv', native.distRecv(group.ref, h(tensor, 'recv', 'tensor'), group.groupRank(src, 'recv', 'src'), tag)).waitSync();
}

/** Waits until every rank of the group has reached its barrier (torch.distributed.barrier). */
export function barrier(options?: CollectiveOptions & { asyncOp?: false }): void;
export function barrier(options: CollectiveOptions & { asyncOp: true }): Work;
export function barrier(options: CollectiveOptions = {}): Work | undefined {
  const { group, asyncOp } = common('barrier', options);
  return finish('barrier', native.distBarrier(group.ref), asyncOp);
}
