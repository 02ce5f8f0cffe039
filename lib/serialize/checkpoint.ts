/**
 * Training checkpoints: model, optimizer, scheduler, scaler, counters, the random generator and user
 * data in one safetensors file, written atomically and verified on load by a SHA-256 checksum that
 * covers every byte but its own (see {@link encodeCheckpoint}). Python's `safetensors` reads them.
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
import { type LoadOptions, type Parsed, type Span, materialise, readParsed, serialize } from './safetensors.js';
import { writeFileAtomic } from './atomic.js';

const FORMAT = 'torchts-checkpoint';
/** Version 2: the checksum covers the whole file. */
const VERSION = '2';
/** Version 1: the checksum covered the metadata and the data section only; still read (see {@link verify}). */
const V1 = '1';

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
  if (contents === null || typeof contents !== 'object' || Array.isArray(contents)) {
    invalidArg('save', 'contents', 'an object { model?, optimizer?, scheduler?, scaler?, step?, epoch?, rng?, extra? }', contents);
  }
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
    writeFileAtomic(path, encodeCheckpoint(tensors, meta));
  });
}

/**
 * The checksum's stand-in while the file is hashed: a version-2 checksum is the SHA-256 of the whole
 * file (length, header, data) with its own 64 hex digits replaced by these, so nothing in the file
 * escapes it (names, dtypes, shapes, offsets, metadata, padding) and the file stays plain safetensors.
 */
const PLACEHOLDER = '0'.repeat(64);

/** The checksum's key and the opening quote of its value, as JSON.stringify writes them. */
const DIGEST_KEY = '"sha256":"';

/**
 * Encodes a checkpoint's tensors and metadata (`format` and `version` included) as safetensors bytes
 * carrying their version-2 checksum. @internal
 */
export function encodeCheckpoint(tensors: Record<string, Tensor>, meta: Record<string, string>): Buffer {
  const buf = serialize(tensors, { ...meta, sha256: PLACEHOLDER });
  const head = buf.subarray(0, 8 + Number(buf.readBigUInt64LE(0)));
  const at = digestOffset(head, PLACEHOLDER); // found: only a key can hold an unescaped '"sha256":"'
  buf.write(fileDigest(head, at, buf.subarray(head.length)), at, 'latin1');
  return buf;
}

/**
 * Where the 64 digits of `digest` start in `head`, or -1 unless `"sha256":"<digest>"` occurs there
 * exactly once. Inside a JSON string every '"' is escaped, so the pattern can only be a key and its
 * value; a second one (a hand-made header) would leave it unclear which was hashed, so it is refused.
 */
function digestOffset(head: Buffer, digest: string): number {
  const needle = Buffer.from(`${DIGEST_KEY}${digest}"`, 'latin1');
  const at = head.indexOf(needle, 8);
  if (at < 0 || head.indexOf(needle, at + 1) >= 0) return -1;
  return at + DIGEST_KEY.length;
}

/** The version-2 checksum: SHA-256 of `head` (its digits at `at` read as the placeholder) and `data`. */
function fileDigest(head: Buffer, at: number, data: Buffer): string {
  return createHash('sha256').update(head.subarray(0, at)).update(PLACEHOLDER).update(head.subarray(at + PLACEHOLDER.length))
    .update(data).digest('hex');
}

/** The version-1 checksum: the metadata but the checksum, sorted, as JSON, then the data section. */
function digestV1(data: Buffer, meta: Record<string, string>): string {
  const h = createHash('sha256');
  const { sha256: _, ...rest } = meta;
  h.update(JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
  h.update(data);
  return h.digest('hex');
}

/**
 * Checks the version and the checksum, before any tensor is made.
 *
 * Version 1 (the first torchts checkpoints) hashed the metadata and the data section but not the
 * tensor table: a damaged dtype, name or offset that stays consistent (F32 read as I32, two names
 * swapped) is not detected there. Those files are still read: refusing them would strand every
 * checkpoint written so far, and their data and metadata are still verified; saving again writes
 * version 2, which covers every byte.
 */
function verify(parsed: Parsed, fail: (why: string) => TorchError): void {
  const { metadata, head, data } = parsed;
  const corrupt = (why: string) => fail(`is corrupt: ${why}; restore it from a copy or use an earlier checkpoint`);
  if (metadata.version === V1) {
    if (metadata.sha256 !== digestV1(data, metadata)) throw corrupt('its checksum does not match its contents');
    return;
  }
  if (metadata.version !== VERSION) {
    throw fail(`has checkpoint version ${metadata.version}; this torchts reads versions ${V1} and ${VERSION} (a newer torchts wrote it? upgrade to read it)`);
  }
  const digest = metadata.sha256;
  const at = typeof digest === 'string' && /^[0-9a-f]{64}$/.test(digest) ? digestOffset(head, digest) : -1;
  if (at < 0) throw corrupt('its checksum is missing or malformed');
  if (fileDigest(head, at, data) !== digest) throw corrupt('its checksum does not match its contents');
}

/** Where a stored tensor goes in a {@link Checkpoint}; null for a name no version of save() writes. */
type Route =
  | { to: 'model'; key: string }
  | { to: 'optimizer'; index: number; key: string }
  | { to: 'rng' }
  | { to: 'cudaRng'; device: number };

function route(name: string): Route | null {
  if (name.startsWith('model/')) return { to: 'model', key: name.slice('model/'.length) };
  const opt = /^optimizer\/(0|[1-9]\d{0,8})\/([^/]+)$/.exec(name);
  if (opt) return { to: 'optimizer', index: Number(opt[1]), key: opt[2] };
  if (name === 'rng/cpu') return { to: 'rng' };
  const cuda = /^rng\/cuda:(0|[1-9]\d{0,3})$/.exec(name);
  return cuda ? { to: 'cudaRng', device: Number(cuda[1]) } : null;
}

/**
 * Reads a checkpoint written by {@link save}. The checksum is verified before any tensor is made; a
 * damaged, truncated, foreign or missing file throws a TorchError (ERR_STATE) naming the file.
 * Tensors under names save() never writes are skipped, not made.
 */
export function load(path: string, options: LoadOptions = {}): Checkpoint {
  const parsed = readParsed('load', path, options);
  const { metadata } = parsed;
  const fail = (why: string) => new TorchError(`load(): ${path} ${why}`, 'ERR_STATE');
  if (metadata.format !== FORMAT) throw fail('is not a torchts checkpoint (a plain safetensors file? read it with serialize.loadFile)');
  verify(parsed, fail);
  // JSON first: a failure here then has no tensor to release.
  const json = (k: string) => {
    try {
      return JSON.parse(metadata[k]);
    } catch {
      throw fail(`has unreadable ${k} state`);
    }
  };
  const ck: Checkpoint = { model: {} };
  if (metadata.optimizer !== undefined) ck.optimizer = { state: {}, paramGroups: json('optimizer') };
  if (metadata.scheduler !== undefined) ck.scheduler = json('scheduler');
  if (metadata.scaler !== undefined) ck.scaler = json('scaler');
  if (metadata.step !== undefined) ck.step = Number(metadata.step);
  if (metadata.epoch !== undefined) ck.epoch = Number(metadata.epoch);
  if (metadata.extra !== undefined) ck.extra = json('extra');
  placeTensors(ck, parsed, options.device);
  return ck;
}

/** Makes the routed tensors and puts each in its place in `ck`. */
function placeTensors(ck: Checkpoint, parsed: Parsed, device: Device | undefined): void {
  const routes = new Map<string, Route>();
  for (const s of parsed.spans) {
    const r = route(s.name);
    // Optimizer state without its param groups has nowhere to go: like an unknown name, it is not made.
    if (r && (r.to !== 'optimizer' || ck.optimizer)) routes.set(s.name, r);
  }
  const isRng = (s: Span) => ['rng', 'cudaRng'].includes(routes.get(s.name)!.to);
  const routed = parsed.spans.filter((s) => routes.has(s.name));
  const onDevice = materialise(parsed, routed.filter((s) => !isRng(s)), device);
  let onCpu: Record<string, Tensor>;
  try {
    // Generator states are CPU tensors whatever `device` asked for: generators take them only so.
    onCpu = materialise(parsed, routed.filter(isRng));
  } catch (e) {
    for (const t of Object.values(onDevice)) t.dispose();
    throw e;
  }
  const model: [string, Tensor][] = [];
  const optState = new Map<number, [string, Tensor][]>();
  for (const [name, r] of routes) {
    if (r.to === 'model') model.push([r.key, onDevice[name]]);
    else if (r.to === 'optimizer') (optState.get(r.index) ?? optState.set(r.index, []).get(r.index)!).push([r.key, onDevice[name]]);
    else if (r.to === 'rng') ck.rng = onCpu[name];
    else (ck.cudaRng ??= [])[r.device] = onCpu[name];
  }
  // fromEntries defines own properties, so no stored name can reach a prototype.
  ck.model = Object.fromEntries(model);
  if (ck.optimizer) ck.optimizer.state = Object.fromEntries([...optState].map(([i, kv]) => [i, Object.fromEntries(kv) as ParamState]));
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
  setCudaRngStateAs('torch.cuda.setRngState', state, device);
}

function setCudaRngStateAs(op: string, state: Tensor, device: number): void {
  if (!(state instanceof Tensor)) invalidArg(op, 'state', 'a uint8 Tensor from torch.cuda.getRngState()', state);
  native.setCudaRngState(checkCudaDevice(op, device), state._h);
}

/** Every CUDA device's generator state, by device index; empty without CUDA (`torch.cuda.get_rng_state_all()`). */
export function getCudaRngStateAll(): Tensor[] {
  return Array.from({ length: cudaDeviceCount() }, (_, i) => wrap(native.getCudaRngState(i)));
}

/** Restores the CUDA generators from {@link getCudaRngStateAll}, device i from `states[i]`. */
export function setCudaRngStateAll(states: Tensor[]): void {
  if (!Array.isArray(states)) invalidArg('torch.cuda.setRngStateAll', 'states', 'an array of uint8 Tensors from torch.cuda.getRngStateAll()', states);
  states.forEach((s, i) => {
    if (!(s instanceof Tensor)) invalidArg('torch.cuda.setRngStateAll', `states[${i}]`, 'a uint8 Tensor from torch.cuda.getRngStateAll()', s);
    setCudaRngStateAs('torch.cuda.setRngStateAll', s, i);
  });
}
