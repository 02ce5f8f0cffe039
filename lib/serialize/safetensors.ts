/**
 * safetensors files (Hugging Face's format: an 8-byte header length, a JSON header, raw little-endian
 * data): what torchts writes loads in Python's `safetensors.torch.load_file`, and the reverse. No
 * pickle, no code: a file can only ever yield tensors and strings.
 *
 * Written here rather than taken from npm: the format is a page long and no maintained JS package
 * exists (npm's `safetensors` is a 0.0.1 placeholder).
 *
 * Reading is defensive: the header length is checked before the header is read, the header's shape
 * before it is parsed, and every offset before a tensor is made, so a hostile or foreign file costs
 * memory in proportion to the limits below, not to what its first bytes claim.
 * @module
 */
import { constants } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TorchError, checkOptions, invalidArg, isInt, outOfRange } from '../errors.js';
import { native } from '../native.js';
import type { Device } from '../tensor/device.js';
import { type DType, dtypeCode, itemSize } from '../tensor/dtype.js';
import { Tensor, wrap } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic.js';

const TO_ST: Record<DType, string> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};
const FROM_ST: Record<string, DType> = Object.fromEntries(Object.entries(TO_ST).map(([k, v]) => [v, k as DType]));

/**
 * The largest header read or written, in bytes: the limit of safetensors' own (Rust) reader, which
 * Python's `safetensors` uses. The same bound both ways means every file Python accepts loads here and
 * nothing written here is refused there. Its cost is bounded by the checks made before parsing
 * (depth, value count), not by the bytes alone.
 */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * The default most tensors one file may hold. Each tensor costs about 1 KB of native and JS memory
 * even when empty (measured: 100,000 zero-size entries take 0.3 s and 96 MB to load, 1,000,000 take
 * 6 s and 1 GB). Real files hold far fewer: a 1,000-layer transformer's checkpoint with Adam state is
 * about 50,000 entries. Files beyond it load with a larger `maxEntries`.
 */
export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * How many JSON values (commas and colons outside strings) the header may hold per allowed tensor.
 * An entry takes 7 plus its rank (`"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}` is 9).
 * Without a bound, a 100 MB header of one flat object or array is cheap on disk and not to parse:
 * 12 million keys in one object ran for minutes; 50 million array elements took 900 MB.
 */
const VALUES_PER_ENTRY = 16;

/**
 * A safetensors header is an object (depth 1) of tensor entries and metadata (depth 2) whose shapes
 * and offsets are arrays (depth 3). Deeper nesting is never a header, and costs memory per level to
 * parse (100 MB of `[` took 5.2 GB before failing).
 */
const MAX_DEPTH = 3;

/** The string-to-string metadata a safetensors file may carry. */
export type Metadata = Record<string, string>;

/** Options of the loading functions. */
export interface LoadOptions {
  /** Where the tensors go (default CPU). */
  device?: Device;
  /** The most tensors the file may hold (default {@link DEFAULT_MAX_ENTRIES}); a file with more is refused before its tensors are made. */
  maxEntries?: number;
}

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
  const length = Buffer.byteLength(json);
  if (length > MAX_HEADER_BYTES) {
    // A file no safetensors reader would open is refused now rather than discovered at load time.
    throw new TorchError(`serialize(): the header would be ${length} bytes, more than the ${MAX_HEADER_BYTES} bytes safetensors readers accept; ` +
      'store less metadata (or fewer, larger tensors)', 'ERR_STATE');
  }
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(length));
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

/** One tensor's place in the data section, checked. */
export interface Span {
  /** The tensor's name in the header. */
  name: string;
  /** Its dtype. */
  dtype: DType;
  /** Its shape. */
  shape: number[];
  /** First byte in the data section. */
  begin: number;
  /** One past its last byte. */
  end: number;
}

/**
 * A safetensors file split and checked, before any tensor is made: what checkpoints verify before
 * they materialise anything. @internal
 */
export interface Parsed {
  /** The 8-byte length and the JSON header, as stored. */
  head: Buffer;
  /** The data section. */
  data: Buffer;
  /** The header's `__metadata__` strings. */
  metadata: Metadata;
  /** Every tensor's place, in header order; together they tile the data section. */
  spans: Span[];
}

/** Random access to the bytes being read: a Buffer, or an open file. */
interface Source {
  /** Total bytes. */
  size: number;
  /** Bytes [offset, offset + length), all of them or a TorchError. */
  read(offset: number, length: number): Buffer;
}

/** The messages of one read: `op(): <what> ...`, each a TorchError ERR_STATE. */
class Errors {
  constructor(readonly op: string, readonly what: string) {}

  /** The file has the safetensors layout but breaks its rules. */
  invalid(why: string): TorchError {
    return new TorchError(`${this.op}(): ${this.what} is not a valid safetensors file: ${why}`, 'ERR_STATE');
  }

  /** The file is something else altogether. */
  foreign(why: string): TorchError {
    return new TorchError(`${this.op}(): ${this.what} is not a safetensors file or torchts checkpoint: ${why}`, 'ERR_STATE');
  }
}

/** Decodes safetensors bytes; `source` names the data in errors. Every length, offset and size is checked. */
export function deserialize(buf: Buffer, options: LoadOptions & { source?: string } = {}): Loaded {
  if (!Buffer.isBuffer(buf)) invalidArg('deserialize', 'buf', 'a Buffer', buf);
  checkOptions('deserialize', options, ['device', 'maxEntries', 'source']);
  const source: Source = { size: buf.length, read: (offset, length) => buf.subarray(offset, offset + length) };
  const parsed = parse(source, new Errors('deserialize', options.source ?? 'the buffer'), maxEntriesOf('deserialize', options));
  return { tensors: materialise(parsed, parsed.spans, options.device), metadata: parsed.metadata, data: parsed.data };
}

/** Writes tensors to a safetensors file, atomically (a temporary file renamed into place). */
export function saveFile(tensors: Record<string, Tensor>, path: string, metadata?: Metadata): void {
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) {
    invalidArg('saveFile', 'tensors', 'an object of named tensors', tensors);
  }
  if (typeof path !== 'string') invalidArg('saveFile', 'path', 'a file path', path);
  writeFileAtomic(path, serialize(tensors, metadata));
}

/** Reads a safetensors file into tensors (on `device`, default CPU). */
export function loadFile(path: string, options: LoadOptions = {}): Record<string, Tensor> {
  return readFile('loadFile', path, options).tensors;
}

/** Reads a safetensors file's tensors and metadata. */
export function loadFileWithMetadata(path: string, options: LoadOptions = {}): Loaded {
  return readFile('loadFileWithMetadata', path, options);
}

function readFile(op: string, path: string, options: LoadOptions): Loaded {
  const parsed = readParsed(op, path, options);
  return { tensors: materialise(parsed, parsed.spans, options.device), metadata: parsed.metadata, data: parsed.data };
}

/**
 * Reads and checks the file at `path` without making tensors; errors start with `op()`. Refuses a
 * directory, a missing file, a foreign format and a hostile header before reading past the header.
 * @internal
 */
export function readParsed(op: string, path: string, options: LoadOptions): Parsed {
  if (typeof path !== 'string') invalidArg(op, 'path', 'a file path', path);
  checkOptions(op, options, ['device', 'maxEntries']);
  const maxEntries = maxEntriesOf(op, options);
  const fd = openForReading(op, path);
  try {
    const size = fstatSync(fd).size;
    return parse({ size, read: (offset, length) => readExactly(op, path, fd, offset, length) }, new Errors(op, path), maxEntries);
  } finally {
    closeSync(fd);
  }
}

/** Makes the tensors of `spans` (a subset of `parsed.spans`, or all), disposing them all if one fails. @internal */
export function materialise(parsed: Parsed, spans: Span[], device?: Device): Record<string, Tensor> {
  const made: [string, Tensor][] = [];
  try {
    for (const s of spans) {
      const bytes = new Uint8Array(parsed.data.buffer, parsed.data.byteOffset + s.begin, s.end - s.begin);
      made.push([s.name, wrap(native.fromRaw(bytes, s.shape, dtypeCode('loadFile', s.dtype)!, device ?? null))]);
    }
  } catch (e) {
    for (const [, t] of made) t.dispose();
    throw e;
  }
  // fromEntries defines own properties: a tensor named '__proto__' stays a tensor, not a prototype.
  return Object.fromEntries(made);
}

function maxEntriesOf(op: string, options: LoadOptions): number {
  const n = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!isInt(n) || n < 1) outOfRange(op, 'maxEntries', 'a positive integer', n);
  return n;
}

const REASONS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory, not a file' };

function cannotRead(op: string, path: string, why: string): TorchError {
  return new TorchError(`${op}(): cannot read ${path}: ${why}`, 'ERR_STATE');
}

/** Opens a regular file for reading; a directory, device or FIFO is refused by name. */
function openForReading(op: string, path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw cannotRead(op, path, code && REASONS[code] ? `${code}, ${REASONS[code]}` : (e as Error).message);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    // Linux opens a directory for reading; the read would fail with a less helpful EISDIR.
    throw cannotRead(op, path, stat.isDirectory() ? `EISDIR, ${REASONS.EISDIR}; pass the path of a file` : 'it is not a regular file');
  }
  return fd;
}

/** Reads exactly `length` bytes at `offset`; a file that shrinks meanwhile is reported as truncated. */
function readExactly(op: string, path: string, fd: number, offset: number, length: number): Buffer {
  if (length > constants.MAX_LENGTH) throw cannotRead(op, path, `it needs ${length} bytes in one piece, more than a Node.js Buffer holds (${constants.MAX_LENGTH})`);
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, Math.min(length - done, 1 << 30), offset + done);
    if (n === 0) throw cannotRead(op, path, `it ended after ${offset + done} bytes while being read (truncated or being rewritten?)`);
    done += n;
  }
  return out;
}

/**
 * Checks and splits the bytes of `src`. The order is what keeps hostile files cheap: the length is
 * judged from 8 bytes, the header's shape from a scan of its bytes, and only then is it parsed.
 */
function parse(src: Source, err: Errors, maxEntries: number): Parsed {
  if (src.size < 8) throw err.invalid(src.size === 0 ? 'it is empty' : `it has ${src.size} bytes, fewer than the 8-byte header length`);
  const prefix = src.read(0, Math.min(src.size, PREFIX_BYTES));
  const n = prefix.readBigUInt64LE(0);
  // A 9th byte '{' makes it safetensors (perhaps damaged); only other files are told apart by their
  // magic, which alone is ambiguous: a 640-byte header's length starts with a pickle's 0x80 0x02.
  if (src.size > 8 && prefix[8] !== 0x7b) {
    const foreign = foreignFormat(prefix);
    if (foreign) throw new TorchError(`${err.op}(): ${err.what} ${foreign}`, 'ERR_STATE');
    throw err.foreign("it does not start as one does (an 8-byte little-endian header length, then a JSON header starting with '{')");
  }
  if (n > BigInt(MAX_HEADER_BYTES)) throw err.invalid(`its header length ${n} is more than the limit of ${MAX_HEADER_BYTES} bytes (safetensors' own)`);
  const length = Number(n);
  if (length > src.size - 8) throw err.invalid(`the header claims ${length} bytes but the file has ${src.size - 8} after the length (truncated?)`);
  const head = src.read(0, 8 + length);
  const dataLength = src.size - 8 - length;
  // The data section is read only once the header that describes it has passed every check.
  const checked = checkHeader(parseHeader(head.subarray(8), err, maxEntries), dataLength, err, maxEntries);
  return { head, data: src.read(8 + length, dataLength), ...checked };
}

/** Checks the header's shape on its bytes (nesting, number of entries and values), then parses it. */
function parseHeader(json: Buffer, err: Errors, maxEntries: number): Record<string, unknown> {
  const maxValues = VALUES_PER_ENTRY * (maxEntries + 1);
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keys = 0; // keys of the top-level object: entries and __metadata__
  let values = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true; // '\'
      else if (c === 0x22) inString = false; // '"'
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { // '{' '['
      if (++depth > MAX_DEPTH) throw err.invalid(`its header nests deeper than ${MAX_DEPTH} levels, which no safetensors header does`);
    } else if (c === 0x7d || c === 0x5d) depth--; // '}' ']'
    else if (c === 0x3a || c === 0x2c) { // ':' ','
      if (c === 0x3a && depth === 1 && ++keys > maxEntries + 1) throw tooManyEntries(err, maxEntries);
      if (++values > maxValues) {
        throw err.invalid(`its header holds more than ${maxValues} JSON values (${VALUES_PER_ENTRY} per allowed tensor); ` +
          `if the file is genuine, pass a larger { maxEntries } than ${maxEntries}`);
      }
    }
  }
  let header: unknown;
  try {
    header = JSON.parse(json.toString('utf8'));
  } catch (e) {
    throw err.invalid(`its header is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw err.invalid('its header is not a JSON object');
  return header as Record<string, unknown>;
}

function tooManyEntries(err: Errors, maxEntries: number): TorchError {
  return err.invalid(`it holds more than ${maxEntries} tensors, the limit; if the file is genuine, pass a larger { maxEntries }`);
}

/** Checks metadata and entries: dtypes, shapes, sizes, and offsets that tile the data section exactly. */
function checkHeader(header: Record<string, unknown>, dataLength: number, err: Errors,
  maxEntries: number): { metadata: Metadata; spans: Span[] } {
  const metadata = (header.__metadata__ ?? {}) as Metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || Object.values(metadata).some((v) => typeof v !== 'string')) {
    throw err.invalid('its __metadata__ is not an object of strings');
  }
  const entries = Object.entries(header).filter(([k]) => k !== '__metadata__');
  if (entries.length > maxEntries) throw tooManyEntries(err, maxEntries);
  const spans = entries.map(([name, e]) => checkEntry(name, e as Record<string, unknown> | null, dataLength, err));
  const sorted = [...spans].sort((a, b) => a.begin - b.begin);
  let at = 0;
  for (const s of sorted) {
    if (s.begin !== at) throw err.invalid(`tensor '${s.name}' starts at byte ${s.begin}, expected ${at} (overlap or gap)`);
    at = s.end;
  }
  if (at !== dataLength) throw err.invalid(`the data section has ${dataLength - at} bytes no tensor covers`);
  return { metadata, spans };
}

function checkEntry(name: string, e: Record<string, unknown> | null, dataLength: number, err: Errors): Span {
  const st = e?.dtype;
  const dtype = typeof st === 'string' && Object.hasOwn(FROM_ST, st) ? FROM_ST[st] : undefined; // not 'constructor' and the like
  if (!dtype) throw err.invalid(`tensor '${name}' has unknown dtype ${JSON.stringify(e?.dtype)}`);
  const shape = e!.shape as number[];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw err.invalid(`tensor '${name}' has a bad shape`);
  const [begin, end] = Array.isArray(e!.data_offsets) ? (e!.data_offsets as number[]) : [];
  if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin || end > dataLength) {
    throw err.invalid(`tensor '${name}' has data offsets [${begin}, ${end}] outside the ${dataLength}-byte data section (truncated?)`);
  }
  const need = shape.reduce((a, b) => a * b, 1) * itemSize(dtype);
  if (end - begin !== need) throw err.invalid(`tensor '${name}' of shape [${shape}] ${e!.dtype} needs ${need} bytes, its offsets hold ${end - begin}`);
  return { name, dtype, shape, begin, end };
}

/** How much of a file's start is read to tell its format: enough for a zip's first member name. */
const PREFIX_BYTES = 4096;

/** Zip local-file magic: what `torch.save` writes (a zip of a pickle and tensor blobs) since PyTorch 1.6. */
const ZIP = Buffer.from('PK\x03\x04', 'latin1');

/** What to do with a PyTorch file, in the words of an error message. */
const CONVERT = ', not a safetensors file or torchts checkpoint; torchts never unpickles (a pickle can run code). ' +
  "Convert it in Python: from safetensors.torch import save_file; save_file(torch.load(path), 'model.safetensors') " +
  "for a state dict (for a checkpoint dict, save its state dict entry, e.g. torch.load(path)['model']), then read that with serialize.loadFile";

/** Other formats worth naming, by their first bytes. */
const MAGIC: [Buffer, string][] = [
  [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'a PNG image'],
  [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from('GIF8', 'latin1'), 'a GIF image'],
  [Buffer.from([0x1f, 0x8b]), 'a gzip archive'],
  [Buffer.from('\x93NUMPY', 'latin1'), 'a NumPy .npy array'],
  [Buffer.from('GGUF', 'latin1'), 'a GGUF model file'],
];

/**
 * What a file whose 9th byte is not '{' (so not safetensors) is, by its first bytes, as the rest of
 * an error message; null when it is none of the formats known here.
 */
function foreignFormat(prefix: Buffer): string | null {
  if (prefix.subarray(0, 4).equals(ZIP)) {
    // torch.save's first member is '<archive name>/data.pkl'; the name starts at byte 30 of the local header.
    const nameLength = prefix.length >= 30 ? prefix.readUInt16LE(26) : 0;
    const first = prefix.subarray(30, 30 + nameLength).toString('latin1');
    if (first.endsWith('/data.pkl')) return `is a PyTorch torch.save file (a zip archive)${CONVERT}`;
    return `is not a safetensors file or torchts checkpoint: it is a zip archive (not one torch.save wrote: its first member is '${first.slice(0, 60)}')`;
  }
  // Pickle protocols 2 to 5 start with PROTO <n>; torch.save wrote protocol 2 before zip files.
  if (prefix[0] === 0x80 && prefix[1] >= 2 && prefix[1] <= 5) return `is a Python pickle (torch.save's legacy format, or pickle.dump)${CONVERT}`;
  for (const [magic, name] of MAGIC) {
    if (prefix.length >= magic.length && prefix.subarray(0, magic.length).equals(magic)) return `is not a safetensors file or torchts checkpoint: it is ${name}`;
  }
  return null;
}
