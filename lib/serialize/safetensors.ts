/**
 * safetensors files (Hugging Face's format: an 8-byte header length, a JSON header, raw little-endian
 * data): what torchts writes loads in Python's `safetensors.torch.load_file`, and the reverse. No
 * pickle, no code: a file can only ever yield tensors and strings.
 *
 * Written here rather than taken from npm: the format is a page long and no maintained JS package
 * exists (npm's `safetensors` is a 0.0.1 placeholder).
 * @module
 */
import { readFileSync } from 'node:fs';
import { TorchError, invalidArg } from '../errors.js';
import { native } from '../native.js';
import type { Device } from '../tensor/device.js';
import { type DType, dtypeCode, itemSize } from '../tensor/dtype.js';
import { Tensor, wrap } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic.js';

const TO_ST: Record<DType, string> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};
const FROM_ST: Record<string, DType> = Object.fromEntries(Object.entries(TO_ST).map(([k, v]) => [v, k as DType]));

/** The string-to-string metadata a safetensors file may carry. */
export type Metadata = Record<string, string>;

/** Encodes tensors (and metadata) as safetensors bytes. */
export function serialize(tensors: Record<string, Tensor>, metadata?: Metadata): Buffer {
  if (tensors === null || typeof tensors !== 'object') invalidArg('serialize', 'tensors', 'an object of named tensors', tensors);
  const header: Record<string, unknown> = {};
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') invalidArg('serialize', `metadata.${k}`, 'a string', v);
    header.__metadata__ = metadata;
  }
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) invalidArg('serialize', `tensors['${name}']`, 'a Tensor', t);
    if (name === '__metadata__') invalidArg('serialize', 'tensor name', "not '__metadata__'", name);
    const bytes = Buffer.from(native.rawData(t._h));
    header[name] = { dtype: TO_ST[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8); // the data section starts 8-byte aligned, as the reference writer pads it
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([head, Buffer.from(json), ...chunks]);
}

/** What {@link deserialize} returns. */
export interface Loaded {
  /** The tensors by name, in file order. */
  tensors: Record<string, Tensor>;
  /** The header's `__metadata__` strings (`{}` when the file has none). */
  metadata: Metadata;
  /** The data section (for checksums). */
  data: Buffer;
}

/** Decodes safetensors bytes; `source` names the file in errors. Every offset and size is checked. */
export function deserialize(buf: Buffer, options: { device?: Device; source?: string } = {}): Loaded {
  const src = options.source ?? 'safetensors data';
  const bad = (why: string) => new TorchError(`${src} is not a valid safetensors file: ${why}`, 'ERR_STATE');
  if (buf.length < 8) throw bad(`it has ${buf.length} bytes, fewer than the 8-byte header length`);
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(buf.length - 8)) throw bad(`the header claims ${n} bytes but the file has ${buf.length - 8} after the length (truncated?)`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Metadata>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + Number(n)).toString('utf8'));
  } catch (e) {
    throw bad(`its header is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('its header is not a JSON object');
  const data = buf.subarray(8 + Number(n));
  const metadata = (header.__metadata__ ?? {}) as Metadata;
  const entries = Object.entries(header).filter(([k]) => k !== '__metadata__') as [string, { dtype: string; shape: number[]; data_offsets: [number, number] }][];
  // Offsets must tile the data section exactly, in some order, with no gaps or overlaps.
  const spans = entries.map(([name, e]) => {
    const dtype = FROM_ST[e?.dtype];
    if (!dtype) throw bad(`tensor '${name}' has unknown dtype ${JSON.stringify(e?.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor '${name}' has a bad shape`);
    const [begin, end] = e.data_offsets ?? [];
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end < begin || end > data.length) {
      throw bad(`tensor '${name}' has data offsets [${begin}, ${end}] outside the ${data.length}-byte data section (truncated?)`);
    }
    const need = e.shape.reduce((a, b) => a * b, 1) * itemSize(dtype);
    if (end - begin !== need) throw bad(`tensor '${name}' of shape [${e.shape}] ${e.dtype} needs ${need} bytes, its offsets hold ${end - begin}`);
    return { name, dtype, shape: e.shape, begin, end };
  });
  const sorted = [...spans].sort((a, b) => a.begin - b.begin);
  let at = 0;
  for (const s of sorted) {
    if (s.begin !== at) throw bad(`tensor '${s.name}' starts at byte ${s.begin}, expected ${at} (overlap or gap)`);
    at = s.end;
  }
  if (at !== data.length) throw bad(`the data section has ${data.length - at} bytes no tensor covers`);
  const tensors: Record<string, Tensor> = {};
  for (const s of spans) {
    tensors[s.name] = wrap(native.fromRaw(new Uint8Array(data.buffer, data.byteOffset + s.begin, s.end - s.begin), s.shape,
      dtypeCode('loadFile', s.dtype)!, options.device ?? null));
  }
  return { tensors, metadata, data };
}

/** Writes tensors to a safetensors file, atomically (a temporary file renamed into place). */
export function saveFile(tensors: Record<string, Tensor>, path: string, metadata?: Metadata): void {
  if (typeof path !== 'string') invalidArg('saveFile', 'path', 'a file path', path);
  writeFileAtomic(path, serialize(tensors, metadata));
}

/** Reads a safetensors file into tensors (on `device`, default CPU). */
export function loadFile(path: string, options: { device?: Device } = {}): Record<string, Tensor> {
  return loadFileWithMetadata(path, options).tensors;
}

/** Reads a safetensors file's tensors and metadata. */
export function loadFileWithMetadata(path: string, options: { device?: Device } = {}): Loaded {
  if (typeof path !== 'string') invalidArg('loadFile', 'path', 'a file path', path);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new TorchError(`loadFile(): cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'ERR_STATE');
  }
  return deserialize(buf, { ...options, source: path });
}
