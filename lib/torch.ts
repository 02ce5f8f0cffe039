/**
 * The `torch` namespace, shaped like PyTorch's: tensor creation (`torch.tensor`, `torch.zeros`, ...),
 * functions (`torch.cat`, `torch.add`, ...), autograd (`torch.noGrad`, `torch.autograd.grad`),
 * memory (`torch.tidy`, `torch.memory`), seeds, checkpoints and library facts.
 * @module
 */
import { grad } from './autograd.js';
import { invalidArg } from './errors.js';
import { cudaDeviceCount, native } from './native.js';
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
  isAvailable: (): boolean => cudaDeviceCount() > 0,
  /** The number of CUDA devices. */
  deviceCount: (): number => cudaDeviceCount(),
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

let cpuMemoryCaching = false;

/** `torch.cpu`: the CPU allocator's caching of freed memory. */
export const cpu = {
  /**
   * Keeps freed CPU memory in the process for reuse, as the CUDA caching allocator does on a GPU.
   * libtorch allocates CPU tensors with malloc, and glibc gives large blocks fresh pages from the
   * system and returns freed ones, so a training step that allocates the same large activations
   * every time pays their page faults every time. On, the Fashion-MNIST CNN of bench/train-throughput
   * trains about 1.3 to 2× faster on CPU (bench/README.md). The cost: the process's resident memory
   * stays at its peak until {@link cpu.emptyCache} or turning it off. It sets glibc's malloc options,
   * which apply to the whole process; Python torch gets the same with the environment variables
   * `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_`.
   * @throws TorchError on a C library other than glibc (musl).
   * @example
   * ```ts
   * torch.cpu.setMemoryCaching(true);
   * await trainer.fit(trainLoader, { epochs: 10 });
   * torch.cpu.setMemoryCaching(false); // and give the memory back
   * ```
   */
  setMemoryCaching(enabled: boolean): void {
    if (typeof enabled !== 'boolean') invalidArg('torch.cpu.setMemoryCaching', 'enabled', 'a boolean', enabled);
    native.setCpuMemoryCaching(enabled);
    cpuMemoryCaching = enabled;
  },
  /** Whether {@link cpu.setMemoryCaching} turned caching on. */
  isMemoryCaching: (): boolean => cpuMemoryCaching,
  /** Returns the free memory at the top of the heap to the system (glibc's `malloc_trim`). */
  emptyCache: (): void => native.emptyCpuCache(),
};

/** Sets the number of threads libtorch's CPU ops use. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) invalidArg('setNumThreads', 'n', 'a positive integer', n);
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
/** `torch.jit`: TorchScript modules from PyTorch (`load`) and from torchts models (`trace`). */
export * as jit from './jit/index.js';
/** `torch.aoti`: AOTInductor packages (`.pt2`) compiled in Python, run by libtorch's loader. */
export * as aoti from './aoti.js';

/** Every supported dtype name. */
export const dtypes = DTYPES;

/** The libtorch version the addon runs on. */
export const version: string = native.info().libtorchVersion;
