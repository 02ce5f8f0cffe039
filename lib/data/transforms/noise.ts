/**
 * Seeded normal noise made with tensor ops (a counter-based hash), without libtorch's global
 * generator and without a JavaScript loop over elements.
 * @module
 */
import { arange } from '../../tensor/create.js';
import type { DType } from '../../tensor/dtype.js';
import type { Device } from '../../tensor/device.js';
import type { Tensor } from '../../tensor/tensor.js';

const MASK32 = 0xffffffff;

// x * c modulo 2^32 for int64 tensors holding 32-bit values, in 16-bit halves so that no product
// overflows int64: x * (hi * 2^16 + lo) = x * lo + ((x * hi) mod 2^16) * 2^16 (mod 2^32).
function mulMod32(x: Tensor, c: number): Tensor {
  const hi = Math.floor(c / 65536);
  const lo = c % 65536;
  return x.mul(lo).add(x.mul(hi).bitwiseAnd(0xffff).mul(65536)).bitwiseAnd(MASK32);
}

/**
 * The "lowbias32" integer hash (the same as {@link mix32} in generator.ts) on an int64 tensor of
 * 32-bit values: x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16.
 */
export function hash32(x: Tensor): Tensor {
  const shr = (t: Tensor, k: number) => t.divMode(2 ** k, 'floor');
  x = mulMod32(x.bitwiseXor(shr(x, 16)), 0x7feb352d);
  x = mulMod32(x.bitwiseXor(shr(x, 15)), 0x846ca68b);
  return x.bitwiseXor(shr(x, 16));
}

/**
 * Standard normal noise of `shape`, a pure function of `seed` (a 32-bit integer): element `k` is
 * Box-Muller of two uniforms hashed from `(seed, k)`. Call inside `tidy`.
 */
export function hashedNormal(shape: number[], seed: number, dtype: DType, device: Device): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const k = arange(n, { dtype: 'int64', device }).mul(2);
  const s = hash32(arange(1, { dtype: 'int64', device }).add(seed >>> 0).bitwiseAnd(MASK32));
  const u = (j: number) => hash32(hash32(k.add(j).bitwiseXor(s)).add(0x9e3779b9).bitwiseAnd(MASK32)).to('float64').add(0.5).div(2 ** 32);
  const u1 = u(0);
  const u2 = u(1);
  return u1.log().mul(-2).sqrt().mul(u2.mul(2 * Math.PI).cos()).to(dtype).reshape(shape);
}
