/**
 * The `torch` namespace: tensor creation, functions, autograd, memory, seeds and library facts.
 * @module
 */
import * as autogradFns from './autograd.js';
import { memory } from './memory.js';
import { native } from './native.js';
import * as create from './tensor/create.js';
import { DTYPES } from './tensor/dtype.js';
import * as functions from './tensor/functions.js';
import { keep, tidy } from './tensor/scope.js';
import { Tensor } from './tensor/tensor.js';
import { info } from './info.js';
import * as serialize from './serialize/index.js';

/** `torch.autograd`: `grad`. */
export const autograd = { grad: autogradFns.grad };

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

/**
 * The `torch` namespace, shaped like PyTorch's: `torch.tensor`, `torch.zeros`, `torch.cat`,
 * `torch.noGrad`, `torch.tidy`, ...
 */
export const torch = {
  ...functions.methodFunctions,
  tensor: create.tensor, from: create.from, empty: create.empty, zeros: create.zeros, ones: create.ones, full: create.full,
  arange: create.arange, linspace: create.linspace, logspace: create.logspace, eye: create.eye, rand: create.rand,
  randn: create.randn, randint: create.randint, randperm: create.randperm, multinomial: create.multinomial,
  bernoulli: create.bernoulli, zerosLike: create.zerosLike, onesLike: create.onesLike, emptyLike: create.emptyLike,
  fullLike: create.fullLike, randLike: create.randLike, randnLike: create.randnLike, randintLike: create.randintLike,
  cat: functions.cat, stack: functions.stack, where: functions.where, einsum: functions.einsum, addmm: functions.addmm,
  powScalar: functions.powScalar, broadcastShapes: functions.broadcastShapes,
  manualSeed: functions.manualSeed, initialSeed: functions.initialSeed,
  noGrad: autogradFns.noGrad, enableGrad: autogradFns.enableGrad, isGradEnabled: autogradFns.isGradEnabled,
  setGradEnabled: autogradFns.setGradEnabled, autograd,
  tidy, keep, memory, cuda, setNumThreads, getNumThreads, info,
  save: serialize.save, load: serialize.load, getRngState: serialize.getRngState, setRngState: serialize.setRngState,
  /** Every supported dtype name. */
  dtypes: DTYPES,
  /** The Tensor class, for `instanceof` checks. */
  Tensor,
  /** The libtorch version the addon runs on. */
  version: native.info().libtorchVersion,
};
