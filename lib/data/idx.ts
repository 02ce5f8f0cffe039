/**
 * IDX files (the MNIST family's format), gzipped or not.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TorchError, invalidArg } from '../errors.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

// IDX type codes and the dtypes they hold.
const TYPES: Record<number, { dtype: 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'; size: number }> = {
  0x08: { dtype: 'uint8', size: 1 }, 0x09: { dtype: 'int8', size: 1 }, 0x0b: { dtype: 'int16', size: 2 },
  0x0c: { dtype: 'int32', size: 4 }, 0x0d: { dtype: 'float32', size: 4 }, 0x0e: { dtype: 'float64', size: 8 },
};

/**
 * Reads an IDX file (`.gz` or plain) into a CPU tensor of the file's dtype and shape.
 * @throws TorchError (ERR_STATE) for a missing, truncated or malformed file, naming the file.
 */
export function readIdx(path: string): Tensor {
  if (typeof path !== 'string') invalidArg('readIdx', 'path', 'a file path', path);
  if (!existsSync(path)) throw new TorchError(`readIdx(): ${path} does not exist`, 'ERR_STATE');
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const bad = (why: string) => new TorchError(`readIdx(): ${path} is not a valid IDX file: ${why}`, 'ERR_STATE');
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw bad('bad magic number');
  const type = TYPES[buf[2]];
  if (!type) throw bad(`unknown element type 0x${buf[2].toString(16)}`);
  const ndim = buf[3];
  if (buf.length < 4 + 4 * ndim) throw bad('truncated header');
  const shape = Array.from({ length: ndim }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * ndim;
  const n = shape.reduce((a, b) => a * b, 1);
  if (buf.length !== offset + n * type.size) throw bad(`expected ${offset + n * type.size} bytes for shape [${shape}], found ${buf.length}`);
  const body = buf.subarray(offset);
  // IDX is big-endian; TypedArrays are little-endian here, so multi-byte types are swapped.
  let data;
  switch (type.dtype) {
    case 'uint8': data = new Uint8Array(body); break;
    case 'int8': data = new Int8Array(body.buffer.slice(body.byteOffset, body.byteOffset + n)); break;
    case 'int16': data = Int16Array.from({ length: n }, (_, i) => body.readInt16BE(2 * i)); break;
    case 'int32': data = Int32Array.from({ length: n }, (_, i) => body.readInt32BE(4 * i)); break;
    case 'float32': data = Float32Array.from({ length: n }, (_, i) => body.readFloatBE(4 * i)); break;
    case 'float64': data = Float64Array.from({ length: n }, (_, i) => body.readDoubleBE(8 * i)); break;
  }
  return tensor(data, { shape });
}
