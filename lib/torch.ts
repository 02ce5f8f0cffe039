/**
 * The `torch` namespace, shaped like PyTorch's: tensor creation (`torch.tensor`, `torch.zeros`, ...),
 * functions (`torch.cat`, `torch.add`, ...), autograd (`torch.noGrad`, `torch.autograd.grad`),
 * memory (`torch.tidy`, `torch.memory`), seeds, checkpoints and library facts.
 * @module
 */
import { grad } from './autograd.js';
import { native } from './native.js';
import { getCudaRngState, getCudaRngStateAll, setCudaRngState, setCudaRngStateAll } from './serialize/checkpoint.js';
import { DTYPES } from './tensor/dtype.js';

/** `torch.autograd`: `grad`. */
export const autograd = {
  /** The gradients of outputs with respect to inputs, returned instead of accumulated (`torch.autograd.grad`). */
  grad,
};

/** `torch.cuda`: availability, devices and memory. */
export const cuda = {
  /** Whether libtorch sees a usable CUDA device. */
  isAvailable: (): boolean => native.info().cudaAvailable,
  /** The number of CUDA devices. */
  deviceCount: (): number => native.info().cudaDeviceCount,
  /** Name, compute capability and memory of a device, or null without CUDA. */
  getDeviceProperties: (device = 0) => native.cudaDevice(device),
  /** Allocator figures of a device (empty without CUDA). */
  memoryStats: (device = 0) => native.cudaMemory(device),
  /** Waits for every kernel queued on a device to finish (for timing). */
  synchronize: (device = 0): void => native.cudaSynchronize(device),
  /** Returns cached, unused blocks to the driver. */
  emptyCache: (): void => native.emptyCudaCache(),
  /** Resets the peak figures of `memoryStats`. */
  resetPeakMemoryStats: (device = 0): void => native.resetPeakCudaMemory(device),
  /** A device's generator state, a uint8 CPU tensor (`torch.cuda.get_rng_state`). Throws without CUDA. */
  getRngState: getCudaRngState,
  /** Restores a device's generator state (`torch.cuda.set_rng_state`). */
  setRngState: setCudaRngState,
  /** Every device's generator state; empty without CUDA (`torch.cuda.get_rng_state_all`). */
  getRngStateAll: getCudaRngStateAll,
  /** Restores every device's generator state (`torch.cuda.set_rng_state_all`). */
  setRngStateAll: setCudaRngStateAll,
};

/** Sets the number of threads libtorch's CPU ops use. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`setNumThreads(): expected n to be a positive integer, but received ${n}`);
  native.setNumThreads(n);
}

/** The number of threads libtorch's CPU ops use. */
export function getNumThreads(): number {
  return native.info().numThreads;
}

export * from './tensor/method-functions.js';
export { tensor, from, empty, zeros, ones, full, arange, linspace, logspace, eye, rand, randn, randint, randperm, multinomial, bernoulli,
  zerosLike, onesLike, emptyLike, fullLike, randLike, randnLike, randintLike } from './tensor/create.js';
export { cat, stack, where, einsum, addmm, powScalar, broadcastShapes, manualSeed, initialSeed } from './tensor/functions.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd.js';
export { tidy, keep } from './tensor/scope.js';
export { memory } from './memory.js';
export { info } from './info.js';
export { save, load, getRngState, setRngState } from './serialize/checkpoint.js';
export { Tensor } from './tensor/tensor.js';

/** Every supported dtype name. */
export const dtypes = DTYPES;

/** The libtorch version the addon runs on. */
export const version: string = native.info().libtorchVersion;
