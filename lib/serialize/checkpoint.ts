/**
 * Training checkpoints: model, optimizer, scheduler, scaler, counters, the random generator and user
 * data in one safetensors file, written atomically and verified by a SHA-256 checksum on load.
 * @module
 */
import { createHash } from 'node:crypto';
import { TorchError, checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { cudaDeviceCount, native } from '../native.js';
import { Module } from '../nn/module.js';
import type { Optimizer, OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import type { Device } from '../tensor/device.js';
import { tidy } from '../tensor/scope.js';
import { Tensor, wrap } from '../tensor/tensor.js';
import { loadFileWithMetadata, serialize } from './safetensors.js';
import { writeFileAtomic } from './atomic.js';

const FORMAT = 'torchts-checkpoint';
const VERSION = '1';

/** Anything with a JSON-serialisable state: LR schedulers, GradScaler. */
export interface Stateful {
  /** Returns the state as a JSON-serialisable object. */
  stateDict(): object;
  /** Restores a state returned by {@link stateDict}. */
  loadStateDict(state: object): void;
}

/** What {@link save} writes. Every field is optional. */
export interface CheckpointContents {
  /** A module (its `stateDict()` is saved) or a state dict. */
  model?: Module | Record<string, Tensor>;
  /** An optimizer: its state tensors (moments, momentum buffers) and param groups are saved. */
  optimizer?: Optimizer<object>;
  /** An LR scheduler (or any {@link Stateful}); its `stateDict()` is saved as JSON. */
  scheduler?: Stateful;
  /** An `amp.GradScaler` (or any {@link Stateful}); its `stateDict()` is saved as JSON. */
  scaler?: Stateful;
  /** The global step (optimizer steps so far), to resume counting from. */
  step?: number;
  /** The epoch number, to resume counting from. */
  epoch?: number;
  /** Save the generators' states (CPU, and each CUDA device's), so a resumed run draws the same numbers. Default true. */
  rng?: boolean;
  /** Anything JSON-serialisable (metrics, config, data-loader position). */
  extra?: unknown;
}

/** What {@link load} returns: state to hand to `loadStateDict` of each object. */
export interface Checkpoint {
  /** The model's state dict (`{}` when no model was saved); pass it to `model.loadStateDict`. */
  model: Record<string, Tensor>;
  /** The optimizer's state dict, if one was saved; pass it to `optimizer.loadStateDict`. */
  optimizer?: OptimizerStateDict;
  /** The scheduler's state, if one was saved; pass it to `scheduler.loadStateDict`. */
  scheduler?: object;
  /** The scaler's state, if one was saved; pass it to `scaler.loadStateDict`. */
  scaler?: object;
  /** The step saved, if any. */
  step?: number;
  /** The epoch saved, if any. */
  epoch?: number;
  /** The CPU generator state; apply it with `torch.setRngState`. */
  rng?: Tensor;
  /** Each CUDA device's generator state, by device index (on CPU); apply with `torch.cuda.setRngStateAll`. */
  cudaRng?: Tensor[];
  /** The `extra` value saved, parsed back from JSON. */
  extra?: unknown;
}

/**
 * Writes a training checkpoint to `path` atomically: a crash while saving leaves the previous file
 * intact. Tensors are stored as safetensors, everything else as JSON in its metadata.
 *
 * @example
 * ```ts
 * save('run/last.safetensors', { model, optimizer, scheduler, step, epoch });
 * const ck = load('run/last.safetensors');
 * model.loadStateDict(ck.model); optimizer.loadStateDict(ck.optimizer!); scheduler.loadStateDict(ck.scheduler!);
 * ```
 */
export function save(path: string, contents: CheckpointContents): void {
  if (typeof path !== 'string') invalidArg('save', 'path', 'a file path', path);
  checkOptions('save', contents, ['model', 'optimizer', 'scheduler', 'scaler', 'step', 'epoch', 'rng', 'extra']);
  tidy(() => {
    const tensors: Record<string, Tensor> = {};
    const meta: Record<string, string> = { format: FORMAT, version: VERSION };
    if (contents.model !== undefined) {
      const sd = contents.model instanceof Module ? contents.model.stateDict() : contents.model;
      for (const [k, t] of Object.entries(sd)) tensors[`model/${k}`] = t;
    }
    if (contents.optimizer !== undefined) {
      const sd = contents.optimizer.stateDict();
      for (const [i, s] of Object.entries(sd.state)) for (const [k, t] of Object.entries(s)) tensors[`optimizer/${i}/${k}`] = t;
      meta.optimizer = JSON.stringify(sd.paramGroups);
    }
    if (contents.rng ?? true) {
      tensors['rng/cpu'] = wrap(native.getRngState());
      getCudaRngStateAll().forEach((t, i) => { tensors[`rng/cuda:${i}`] = t; });
    }
    if (contents.scheduler !== undefined) meta.scheduler = JSON.stringify(contents.scheduler.stateDict());
    if (contents.scaler !== undefined) meta.scaler = JSON.stringify(contents.scaler.stateDict());
    if (contents.step !== undefined) meta.step = String(contents.step);
    if (contents.epoch !== undefined) meta.epoch = String(contents.epoch);
    if (contents.extra !== undefined) meta.extra = JSON.stringify(contents.extra);
    // The checksum covers the data section and the metadata; it is computed on a first encoding
    // and the file is encoded again with it (same order, same bytes).
    const draft = serialize(tensors, meta);
    meta.sha256 = checksum(dataOf(draft), meta);
    writeFileAtomic(path, serialize(tensors, meta));
  });
}

function dataOf(buf: Buffer): Buffer {
  return buf.subarray(8 + Number(buf.readBigUInt64LE(0)));
}

function checksum(data: Buffer, meta: Record<string, string>): string {
  const h = createHash('sha256');
  const { sha256: _, ...rest } = meta;
  h.update(JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
  h.update(data);
  return h.digest('hex');
}

/** Reads a checkpoint written by {@link save}, verifying its checksum. A corrupt or truncated file throws a TorchError naming the file. */
export function load(path: string, options: { device?: Device } = {}): Checkpoint {
  const { tensors, metadata, data } = loadFileWithMetadata(path, options);
  const fail = (why: string) => {
    for (const t of Object.values(tensors)) t.dispose();
    return new TorchError(`load(): ${path} ${why}`, 'ERR_STATE');
  };
  if (metadata.format !== FORMAT) throw fail(`is not a torchts checkpoint (a plain safetensors file? read it with loadFile)`);
  if (metadata.version !== VERSION) throw fail(`has checkpoint version ${metadata.version}; this torchts reads version ${VERSION}`);
  if (metadata.sha256 !== checksum(data, metadata)) throw fail('is corrupt: its checksum does not match its contents');
  const parse = (k: string) => {
    try {
      return JSON.parse(metadata[k]);
    } catch {
      throw fail(`has unreadable ${k} state`);
    }
  };
  const ck: Checkpoint = { model: {} };
  const optState: Record<number, ParamState> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const [kind, ...rest] = name.split('/');
    if (kind === 'model') ck.model[rest.join('/')] = t;
    else if (kind === 'optimizer') (optState[Number(rest[0])] ??= {})[rest[1]] = t;
    // Generator states are CPU tensors whatever `device` asked for: generators take them only so.
    else if (name === 'rng/cpu') ck.rng = onCpu(t);
    else if (name.startsWith('rng/cuda:')) (ck.cudaRng ??= [])[Number(name.slice('rng/cuda:'.length))] = onCpu(t);
  }
  if (metadata.optimizer !== undefined) ck.optimizer = { state: optState, paramGroups: parse('optimizer') };
  if (metadata.scheduler !== undefined) ck.scheduler = parse('scheduler');
  if (metadata.scaler !== undefined) ck.scaler = parse('scaler');
  if (metadata.step !== undefined) ck.step = Number(metadata.step);
  if (metadata.epoch !== undefined) ck.epoch = Number(metadata.epoch);
  if (metadata.extra !== undefined) ck.extra = parse('extra');
  return ck;
}

function onCpu(t: Tensor): Tensor {
  if (t.device === 'cpu') return t;
  const c = t.to('cpu');
  t.dispose();
  return c;
}

/** The default CPU generator's state (PyTorch's `torch.get_rng_state()`). */
export function getRngState(): Tensor {
  return wrap(native.getRngState());
}

/** Restores the default CPU generator's state. */
export function setRngState(state: Tensor): void {
  if (!(state instanceof Tensor)) invalidArg('setRngState', 'state', 'a uint8 Tensor from getRngState()', state);
  native.setRngState(state._h);
}

function checkCudaDevice(op: string, device: unknown): number {
  const count = cudaDeviceCount();
  if (count === 0) throw new TorchError(`${op}(): CUDA is not available here, so there is no CUDA generator`, 'ERR_STATE');
  if (!isInt(device) || device < 0 || device >= count) outOfRange(op, 'device', `a CUDA device index in [0, ${count})`, device);
  return device;
}

/** A CUDA device's generator state (PyTorch's `torch.cuda.get_rng_state(device)`): a uint8 CPU tensor. */
export function getCudaRngState(device = 0): Tensor {
  return wrap(native.getCudaRngState(checkCudaDevice('torch.cuda.getRngState', device)));
}

/** Restores a CUDA device's generator state from {@link getCudaRngState}. */
export function setCudaRngState(state: Tensor, device = 0): void {
  if (!(state instanceof Tensor)) invalidArg('torch.cuda.setRngState', 'state', 'a uint8 Tensor from torch.cuda.getRngState()', state);
  native.setCudaRngState(checkCudaDevice('torch.cuda.setRngState', device), state._h);
}

/** Every CUDA device's generator state, by device index; empty without CUDA (`torch.cuda.get_rng_state_all()`). */
export function getCudaRngStateAll(): Tensor[] {
  return Array.from({ length: cudaDeviceCount() }, (_, i) => wrap(native.getCudaRngState(i)));
}

/** Restores the CUDA generators from {@link getCudaRngStateAll}, device i from `states[i]`. */
export function setCudaRngStateAll(states: Tensor[]): void {
  if (!Array.isArray(states)) invalidArg('torch.cuda.setRngStateAll', 'states', 'an array of uint8 Tensors from torch.cuda.getRngStateAll()', states);
  states.forEach((s, i) => setCudaRngState(s, i));
}
