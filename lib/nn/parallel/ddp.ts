/**
 * DistributedDataParallel on c10d's Reducer, the C++ core of PyTorch's DDP: gradients are averaged
 * across ranks in buckets while backward runs, each bucket's all-reduce starting as soon as its
 * gradients are ready, overlapping communication with the rest of the backward pass.
 * @module
 */
import { isGradEnabled } from '../../autograd.js';
import { TorchError, checkOptions, invalidArg } from '../../errors.js';
import { checkBool, checkNumber } from '../../check.js';
import { type ProcessGroup, resolveGroup } from '../../distributed/group.js';
import { type ReducerRef, native } from '../../native.js';
import { isThenable } from '../../util.js';
import { Module } from '../module.js';
import { tensorsOf } from '../../data/tree.js';

/** Options of {@link DistributedDataParallel}, as PyTorch's (in camelCase). */
export interface DistributedDataParallelOptions {
  /** The group whose ranks replicate the model. Default: the default group. */
  group?: ProcessGroup;
  /** Largest bucket of gradients reduced in one all-reduce, in MiB. Default 25. */
  bucketCapMb?: number;
  /**
   * Search the autograd graph of each forward's output for parameters it does not use, so that their
   * buckets still complete. Needed when some iterations skip part of the model; costs a graph walk
   * per iteration. Default false.
   */
  findUnusedParameters?: boolean;
  /** Copy rank 0's buffers (batch norm's running statistics) to every rank before each forward. Default true. */
  broadcastBuffers?: boolean;
  /** Make each parameter's `.grad` a view into its bucket, saving a copy and its memory. Default false. */
  gradientAsBucketView?: boolean;
}

const MiB = 1024 * 1024;
// PyTorch's _DEFAULT_FIRST_BUCKET_BYTES, and the bucket size _sync_module_states broadcasts with.
const FIRST_BUCKET_BYTES = MiB;
const BROADCAST_BUCKET_BYTES = 250 * MiB;

/**
 * Runs the reducer's part of a forward; its errors name DistributedDataParallel.forward, and the
 * Reducer's complaint about parameters that took no part in the loss (whose advice names Python's
 * keyword, and runs over several lines) is said in torchts's words.
 */
function reducerCall(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof TorchError)) throw e;
    if (/Expected to have finished reduction in the prior iteration/.test(e.message)) {
      throw new TorchError('DistributedDataParallel.forward: the previous backward left gradients unreduced, because some ' +
        'parameters took no part in producing the loss. If some iterations skip part of the model, pass ' +
        '{ findUnusedParameters: true } to DistributedDataParallel; and make sure every output of forward takes part in the loss.', 'ERR_STATE');
    }
    throw new TorchError(e.message.replace(/^\w+: /, 'DistributedDataParallel.forward: '), e.code);
  }
}

/**
 * Data parallelism over processes, as `torch.nn.parallel.DistributedDataParallel`: every rank holds
 * a replica of `module` and trains it on its own share of each batch; gradients are averaged across
 * ranks during `backward()`, so the optimizers of all ranks take the same step.
 *
 * - At construction, rank 0's parameters and buffers are copied to every rank (after checking that
 *   every rank's model has the same parameters).
 * - The wrapped model is `ddp.module`, a child named `module`: the wrapper's `stateDict()` keys carry
 *   a `module.` prefix, as PyTorch's do. Save `ddp.module.stateDict()` to get keys that load into
 *   the bare model.
 * - Inside {@link noSync}, backward only accumulates local gradients; the next backward outside it
 *   reduces the sum. Use it for all but the last micro-batch of a gradient-accumulation window.
 *
 * @example
 * ```ts
 * await distributed.initProcessGroup();            // under torchts launch or torchrun
 * const ddp = new nn.parallel.DistributedDataParallel(model);
 * const loss = nn.functional.crossEntropy(ddp.forward(x) as Tensor, y);
 * loss.backward();                                 // gradients are now averaged across ranks
 * optimizer.step();
 * ```
 */
export class DistributedDataParallel<M extends Module = Module> extends Module {
  /** The wrapped model. */
  readonly module: M;
  /** The group the replicas communicate in. */
  readonly group: ProcessGroup;
  /** Whether rank 0's buffers are copied to every rank before each forward. */
  readonly broadcastBuffers: boolean;
  /** Whether each forward's output is searched for unused parameters. */
  readonly findUnusedParameters: boolean;
  /** Whether the next backward averages gradients across ranks (false inside {@link noSync}). */
  requireBackwardGradSync = true;
  #reducer: ReducerRef | null;
  #requireForwardParamSync = true;

  /**
   * @throws TypeError for bad options; TorchError (`ERR_STATE`) without a process group; TorchError
   *   when the ranks' models differ (naming what differs).
   */
  constructor(module: M, options: DistributedDataParallelOptions = {}) {
    super();
    const op = 'DistributedDataParallel';
    if (!(module instanceof Module)) invalidArg(op, 'module', 'an nn.Module', module);
    checkOptions(op, options, ['group', 'bucketCapMb', 'findUnusedParameters', 'broadcastBuffers', 'gradientAsBucketView']);
    const bucketCapMb = options.bucketCapMb === undefined ? 25 : checkNumber(op, 'bucketCapMb', options.bucketCapMb, 'a positive number', (x) => x > 0);
    this.findUnusedParameters = options.findUnusedParameters === undefined ? false : checkBool(op, 'findUnusedParameters', options.findUnusedParameters);
    this.broadcastBuffers = options.broadcastBuffers === undefined ? true : checkBool(op, 'broadcastBuffers', options.broadcastBuffers);
    const asView = options.gradientAsBucketView === undefined ? false : checkBool(op, 'gradientAsBucketView', options.gradientAsBucketView);
    this.group = resolveGroup(op, options.group);
    this.module = module;
    const named = [...module.namedParameters()].filter(([, p]) => p.requiresGrad);
    if (named.length === 0) throw new TypeError(`${op}(): the module has no parameter that requires grad, so there is nothing to synchronise`);
    const params = named.map(([, p]) => p._h);
    native.ddpVerifyParams(this.group.ref, params);
    // Every rank starts from rank 0's weights and buffers (PyTorch's _sync_module_states).
    const states = [...params, ...module.buffers().map((b) => b._h)];
    native.distBroadcastCoalesced(states, this.group.ref, BROADCAST_BUCKET_BYTES, 0);
    const cap = Math.round(bucketCapMb * MiB);
    const first = options.bucketCapMb === undefined ? FIRST_BUCKET_BYTES : cap;
    this.#reducer = native.ddpReducer(params, this.group.ref, cap, first, this.findUnusedParameters, asView, named.map(([n]) => n));
  }

  #live(op: string): ReducerRef {
    if (!this.#reducer) throw new TorchError(`DistributedDataParallel.${op}: the wrapper was disposed`, 'ERR_STATE');
    return this.#reducer;
  }

  /** Runs the wrapped module's forward, preparing the reducer for the backward that follows. */
  forward(...inputs: unknown[]): unknown {
    const reducer = this.#live('forward');
    const sync = isGradEnabled() && this.requireBackwardGradSync;
    reducerCall(() => {
      if (sync) native.ddpPrepareForForward(reducer);
      // After the first iteration the Reducer rebuilds its buckets in the order gradients arrived.
      if (isGradEnabled()) native.ddpRebuildBuckets(reducer);
      const buffers = this.module.buffers();
      if (this.broadcastBuffers && this.#requireForwardParamSync && buffers.length > 0) {
        native.distBroadcastCoalesced(buffers.map((b) => b._h), this.group.ref, BROADCAST_BUCKET_BYTES, 0);
      }
    });
    const output = this.module.forward(...inputs);
    if (isThenable(output)) throw new TypeError('DistributedDataParallel.forward: the module\'s forward returned a promise; forward must be synchronous');
    this.#requireForwardParamSync = sync;
    const searched = this.findUnusedParameters ? [...tensorsOf(output)].map((t) => t._h) : [];
    if (sync) reducerCall(() => native.ddpPrepareForBackward(reducer, searched));
    return output;
  }

  /**
   * Runs `fn` (forward and backward of micro-batches) without averaging gradients: they accumulate
   * locally, and the first backward after it reduces their sum (`torch`'s `with ddp.no_sync():`).
   * `fn` may be async; synchronisation resumes when its promise settles.
   */
  noSync<T>(fn: () => T): T {
    if (typeof fn !== 'function') invalidArg('DistributedDataParallel.noSync', 'fn', 'a function', fn);
    const previous = this.requireBackwardGradSync;
    this.requireBackwardGradSync = false;
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.requireBackwardGradSync = previous;
      throw e;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).finally(() => { this.requireBackwardGradSync = previous; }) as T;
    }
    this.requireBackwardGradSync = previous;
    return result;
  }

  /** Bytes of each gradient bucket, in the order they are reduced (for tuning `bucketCapMb`). */
  bucketSizes(): number[] {
    return native.ddpBucketSizes(this.#live('bucketSizes'));
  }

  /**
   * Removes the reducer's gradient hooks and ends the wrapper, leaving the wrapped module as it is
   * (its gradients no longer synchronised). Later `forward` calls throw.
   */
  release(): void {
    if (this.#reducer) native.ddpRelease(this.#reducer);
    this.#reducer = null;
  }

  /** {@link release}, then disposes the wrapped module as {@link Module.dispose} does. */
  override dispose(): void {
    this.release();
    super.dispose();
  }

  override extraRepr(): string {
    return `broadcastBuffers=${this.broadcastBuffers}, findUnusedParameters=${this.findUnusedParameters}, group=${this.group.name}`;
  }
}
