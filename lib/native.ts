/**
 * Loads the native addon and types it. Nothing else in lib/ touches the `.node` module untyped.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TorchError } from './errors.js';
import type { GeneratedNative } from './tensor/generated-methods.js';

/** A tensor as the addon knows it: an index into its tensor table, with a generation count. */
export type Handle = number;
type H = Handle;
type OptH = H | null | undefined;
type Dims = number[] | null | undefined;
type OptDtype = number | null | undefined;
type OptDevice = string | null | undefined;
/** A number, or a boolean for bool tensors, where libtorch takes a Scalar. */
type Scalar = number | boolean;

/** A c10d store (TCPStore, FileStore or PrefixStore) held by the addon. */
export type StoreRef = { readonly __kind: 'Store' };
/** A c10d ProcessGroup held by the addon. */
export type GroupRef = { readonly __kind: 'ProcessGroup' };
/** A c10d Work (a collective in flight) held by the addon. */
export type WorkRef = { readonly __kind: 'Work' };
/** A TorchScript module held by the addon. */
export type ScriptRef = { readonly __kind: 'ScriptModule' };
/** DDP's c10d Reducer held by the addon. */
export type ReducerRef = { readonly __kind: 'Reducer' };
/** The reductions c10d's Gloo backend runs itself (average is a sum divided afterwards). */
export type NativeReduceOp = 'sum' | 'product' | 'min' | 'max';

/** What `build/libtorch.json` records about the libtorch the addon was built against. */
export interface LibtorchRecord {
  version: string;
  libDir: string;
  root: string;
  source: string;
  python: string | null;
  cuda: string | null;
  cxx11Abi: boolean;
  /** The addon setup chose, relative to the package: a prebuild (prebuilds/...) or build/Release/torchts.node. */
  addon?: string;
}

/**
 * The addon's functions, in the order of binding/*.cpp (see the comments there for argument order);
 * the regular ops' signatures are generated from scripts/op-table.mjs.
 */
export interface Native extends GeneratedNative {
  init(torchError: typeof TorchError): void;
  dtypes: Record<string, number>;
  // addon.cpp
  dispose(h: H): void;
  disposeMany(hs: H[]): void;
  isLive(h: H): boolean;
  memory(): { liveTensors: number; liveBytes: number };
  cudaMemory(device: number): {
    /** Bytes now held by live tensors on the device (PyTorch `allocated_bytes.all.current`). */
    allocatedBytes?: number;
    /** Most bytes held by tensors since start or the last peak reset (`allocated_bytes.all.peak`). */
    peakAllocatedBytes?: number;
    /** Bytes the caching allocator holds from the driver, used or cached (`reserved_bytes.all.current`). */
    reservedBytes?: number;
    /** Most bytes reserved since start or the last peak reset (`reserved_bytes.all.peak`). */
    peakReservedBytes?: number;
  };
  emptyCudaCache(): void;
  setCpuMemoryCaching(on: boolean): void;
  emptyCpuCache(): void;
  cudaSynchronize(device: number): void;
  resetPeakCudaMemory(device: number): void;
  cudaDevice(device: number): {
    /** The device's name, e.g. `'NVIDIA H100 80GB HBM3'`. */
    name: string;
    /** Compute capability, major part (9 for sm_90). */
    major: number;
    /** Compute capability, minor part (0 for sm_90). */
    minor: number;
    /** Number of streaming multiprocessors. */
    multiProcessorCount: number;
    /** Total device memory, in bytes (PyTorch `total_memory`). */
    totalMemory: number;
  } | null;
  info(): {
    libtorchVersion: string; cxx11Abi: boolean; compiledWithCuda: boolean; cudaAvailable: boolean; cudaDeviceCount: number;
    cudaVersion: number; cudnnVersion: number; numThreads: number; numInteropThreads: number; parallelInfo: string;
  };
  showConfig(): string;
  setNumThreads(n: number): void;
  benchmarkAdd(a: H, b: H, iterations: number): number;
  manualSeed(seed: number): void;
  initialSeed(): number;
  /** The C library's cos, as Python's math.cos (V8's Math.cos differs in the last bit for some arguments). */
  libmCos(x: number): number;
  /** The C library's pow, as Python's math.pow and float `**`. */
  libmPow(x: number, y: number): number;
  /** The C library's natural log, as Python's math.log. */
  libmLog(x: number): number;
  /** The C library's exp, as Python's math.exp. */
  libmExp(x: number): number;
  setGradEnabled(on: boolean): void;
  isGradEnabled(): boolean;
  // tensor.cpp
  fromData(data: ArrayBufferView, shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  fromBlob(data: ArrayBufferView, shape: number[] | null, requiresGrad?: boolean): H;
  empty(shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  zeros(shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  ones(shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  full(shape: number[], value: number | boolean, dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  arange(start: number, end: number, step: number, dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  linspace(start: number, end: number, steps: number, dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  logspace(start: number, end: number, steps: number, base: number, dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  eye(n: number, m: number, dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  rand(shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  randn(shape: number[], dtype: OptDtype, device: OptDevice, requiresGrad?: boolean): H;
  randint(low: number, high: number, shape: number[], dtype: OptDtype, device: OptDevice): H;
  randperm(n: number, dtype: OptDtype, device: OptDevice): H;
  multinomial(probs: H, numSamples: number, replacement: boolean): H;
  bernoulli(probs: H): H;
  bernoulliP(t: H, p: number): H;
  normal_(t: H, mean: number, std: number): void;
  uniform_(t: H, from: number, to: number): void;
  fill_(t: H, value: number | boolean): void;
  zero_(t: H): void;
  copy_(t: H, src: H): void;
  shape(t: H): number[];
  strides(t: H): number[];
  dtype(t: H): number;
  device(t: H): string;
  numel(t: H): number;
  dim(t: H): number;
  isContiguous(t: H): boolean;
  requiresGrad(t: H): boolean;
  requiresGrad_(t: H, on: boolean): void;
  isLeaf(t: H): boolean;
  gradFn(t: H): string | null;
  grad(t: H): H | null;
  hasGrad(t: H): boolean;
  setGrad(t: H, grad: OptH): void;
  retainGrad(t: H): void;
  version(t: H): number;
  sameStorage(a: H, b: H): boolean;
  to(t: H, dtype: OptDtype, device: OptDevice, copy: boolean): H;
  clone(t: H): H;
  detach(t: H): H;
  detach_(t: H): void;
  contiguous(t: H): H;
  alias(t: H): H;
  setData(t: H, src: H): void;
  rawData(t: H): ArrayBuffer;
  fromRaw(bytes: Uint8Array, shape: number[], dtype: number, device: OptDevice): H;
  getRngState(): H;
  setRngState(state: H): void;
  getCudaRngState(device: number): H;
  setCudaRngState(device: number, state: H): void;
  item(t: H): number | boolean;
  data(t: H): Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;
  // autograd.cpp
  backward(t: H, gradient: OptH, retainGraph: boolean | null | undefined, createGraph: boolean, inputs: H[] | null): void;
  autogradGrad(outputs: H[], inputs: H[], gradOutputs: (H | null)[] | null, retainGraph: boolean | null | undefined,
    createGraph: boolean, allowUnused: boolean): (H | null)[];
  // optim.cpp
  sgdStep(params: H[], momentumBuffers: H[], lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: boolean,
    maximize: boolean, isFirstStep: boolean, gradScale: OptH, foundInf: OptH): void;
  adamStep(params: H[], expAvgs: H[], expAvgSqs: H[], maxExpAvgSqs: H[], steps: H[], lr: number, beta1: number, beta2: number,
    weightDecay: number, eps: number, amsgrad: boolean, maximize: boolean, decoupledWeightDecay: boolean,
    gradScale: OptH, foundInf: OptH): void;
  rmspropStep(params: H[], squareAvgs: H[], gradAvgs: H[], momentumBuffers: H[], steps: H[], lr: number, alpha: number, eps: number,
    weightDecay: number, momentum: number, centered: boolean, maximize: boolean): void;
  clipGradNorm(params: H[], maxNorm: number, normType: number, errorIfNonfinite: boolean): H;
  clipGradValue(params: H[], clipValue: number): void;
  // amp.cpp
  autocastState(deviceType: 'cpu' | 'cuda'): { enabled: boolean; dtype: number; cacheEnabled: boolean };
  autocastEnter(deviceType: 'cpu' | 'cuda', enabled: boolean, dtype: number, cacheEnabled: boolean): void;
  autocastExit(deviceType: 'cpu' | 'cuda', prevEnabled: boolean, prevDtype: number, prevCacheEnabled: boolean): void;
  ampUnscaleGrads(params: H[], invScale: H, allowFp16: boolean): [string, H][];
  ampUpdateScale(scale: H, growthTracker: H, foundInf: H, growthFactor: number, backoffFactor: number, growthInterval: number): void;
  // ops.cpp (the regular ops are in GeneratedNative)
  nanToNum(t: H, nan: number | null, posinf: number | null, neginf: number | null): H;
  add(t: H, other: H, alpha: Scalar): H;
  add_(t: H, other: H, alpha: Scalar): void;
  addScalar(t: H, other: Scalar, alpha: Scalar): H;
  addScalar_(t: H, other: Scalar, alpha: Scalar): void;
  sub(t: H, other: H, alpha: Scalar): H;
  sub_(t: H, other: H, alpha: Scalar): void;
  subScalar(t: H, other: Scalar, alpha: Scalar): H;
  subScalar_(t: H, other: Scalar, alpha: Scalar): void;
  rsubScalar(t: H, other: Scalar, alpha: Scalar): H;
  divMode(t: H, other: H, roundingMode: string): H;
  divScalarMode(t: H, other: Scalar, roundingMode: string): H;
  powScalarBase(base: Scalar, exponent: H): H;
  addcmul_(t: H, t1: H, t2: H, value: Scalar): void;
  addcdiv_(t: H, t1: H, t2: H, value: Scalar): void;
  lerp(t: H, end: H, weight: Scalar): H;
  lerp_(t: H, end: H, weight: Scalar): void;
  where(condition: H, input: H, other: H): H;
  whereScalarOther(condition: H, input: H, other: Scalar): H;
  whereScalarSelf(condition: H, input: Scalar, other: H): H;
  whereScalars(condition: H, input: Scalar, other: Scalar): H;
  clamp(t: H, min: Scalar | null, max: Scalar | null): H;
  clamp_(t: H, min: Scalar | null, max: Scalar | null): void;
  clampTensor(t: H, min: OptH, max: OptH): H;
  gelu(t: H, approximate: string): H;
  leakyRelu(t: H, negativeSlope: Scalar): H;
  elu(t: H, alpha: Scalar): H;
  celu(t: H, alpha: Scalar): H;
  softplus(t: H, beta: Scalar, threshold: Scalar): H;
  hardtanh(t: H, minVal: Scalar, maxVal: Scalar): H;
  softmax(t: H, dim: number, dtype: OptDtype): H;
  logSoftmax(t: H, dim: number, dtype: OptDtype): H;
  sum(t: H, dims: Dims, keepdim: boolean, dtype: OptDtype): H;
  mean(t: H, dims: Dims, keepdim: boolean, dtype: OptDtype): H;
  nansum(t: H, dims: Dims, keepdim: boolean, dtype: OptDtype): H;
  prod(t: H, dim: number | null, keepdim: boolean, dtype: OptDtype): H;
  amax(t: H, dims: Dims, keepdim: boolean): H;
  amin(t: H, dims: Dims, keepdim: boolean): H;
  maxAll(t: H): H;
  minAll(t: H): H;
  /** [values, indices] */
  maxDim(t: H, dim: number, keepdim: boolean): [H, H];
  /** [values, indices] */
  minDim(t: H, dim: number, keepdim: boolean): [H, H];
  argmax(t: H, dim: number | null, keepdim: boolean): H;
  argmin(t: H, dim: number | null, keepdim: boolean): H;
  std(t: H, dims: Dims, keepdim: boolean, correction: number): H;
  var(t: H, dims: Dims, keepdim: boolean, correction: number): H;
  norm(t: H, p: number, dims: Dims, keepdim: boolean): H;
  logsumexp(t: H, dims: number[], keepdim: boolean): H;
  all(t: H, dim: number | null, keepdim: boolean): H;
  any(t: H, dim: number | null, keepdim: boolean): H;
  cumsum(t: H, dim: number, dtype: OptDtype): H;
  cumprod(t: H, dim: number, dtype: OptDtype): H;
  countNonzero(t: H, dim: number | null): H;
  /** [values, indices] */
  topk(t: H, k: number, dim: number, largest: boolean, sorted: boolean): [H, H];
  /** [values, indices] */
  sort(t: H, dim: number, descending: boolean, stable: boolean): [H, H];
  argsort(t: H, dim: number, descending: boolean, stable: boolean): H;
  allclose(t: H, other: H, rtol: number, atol: number, equalNan: boolean): boolean;
  equal(t: H, other: H): boolean;
  linear(input: H, weight: H, bias: OptH): H;
  addmm(t: H, mat1: H, mat2: H, beta: Scalar, alpha: Scalar): H;
  baddbmm(t: H, batch1: H, batch2: H, beta: Scalar, alpha: Scalar): H;
  einsum(equation: string, operands: H[]): H;
  tril(t: H, diagonal: number): H;
  triu(t: H, diagonal: number): H;
  diag(t: H, diagonal: number): H;
  reshape(t: H, shape: number[]): H;
  view(t: H, shape: number[]): H;
  viewDtype(t: H, dtype: number): H;
  permute(t: H, dims: number[]): H;
  transpose(t: H, dim0: number, dim1: number): H;
  /** One dim (squeeze.dim), several (squeeze.dims) or all (null). */
  squeeze(t: H, dim: number | number[] | null): H;
  unsqueeze(t: H, dim: number): H;
  flatten(t: H, startDim: number, endDim: number): H;
  unflatten(t: H, dim: number, sizes: number[]): H;
  expand(t: H, shape: number[]): H;
  repeat(t: H, repeats: number[]): H;
  repeatInterleave(t: H, repeats: number, dim: number | null): H;
  tile(t: H, dims: number[]): H;
  flip(t: H, dims: Dims): H;
  roll(t: H, shifts: Dims, dims: Dims): H;
  cat(tensors: H[], dim: number): H;
  stack(tensors: H[], dim: number): H;
  split(t: H, size: number, dim: number): H[];
  splitSizes(t: H, sizes: number[], dim: number): H[];
  chunk(t: H, chunks: number, dim: number): H[];
  unbind(t: H, dim: number): H[];
  broadcastTo(t: H, shape: number[]): H;
  broadcastShapes(shapes: number[][]): number[];
  select(t: H, dim: number, index: number): H;
  narrow(t: H, dim: number, start: number, length: number): H;
  slice(t: H, dim: number, start: number | null, end: number | null, step: number): H;
  indexSelect(t: H, dim: number, index: H): H;
  gather(t: H, dim: number, index: H): H;
  scatter(t: H, dim: number, index: H, src: H): H;
  scatterScalar(t: H, dim: number, index: H, src: Scalar): H;
  scatterAdd(t: H, dim: number, index: H, src: H): H;
  scatterReduce(t: H, dim: number, index: H, src: H, reduce: string, includeSelf: boolean): H;
  indexAdd(t: H, dim: number, index: H, source: H, alpha: Scalar): H;
  maskedFill(t: H, mask: H, value: Scalar): H;
  maskedFill_(t: H, mask: H, value: Scalar): void;
  maskedFillTensor(t: H, mask: H, value: H): H;
  maskedSelect(t: H, mask: H): H;
  maskedScatter(t: H, mask: H, source: H): H;
  index(t: H, indices: (H | null)[]): H;
  indexPut_(t: H, indices: (H | null)[], values: H, accumulate: boolean): void;
  take(t: H, index: H): H;
  /** [values, inverse, counts] */
  unique(t: H, sorted: boolean, returnInverse: boolean, returnCounts: boolean, dim: number | null): [H, H, H];
  bincount(t: H, weights: OptH, minlength: number): H;
  searchsorted(sortedSequence: H, values: H, right: boolean): H;
  oneHot(t: H, numClasses: number): H;
  // nn.cpp
  conv1d(input: H, weight: H, bias: OptH, stride: number[], padding: number[] | string, dilation: number[], groups: number): H;
  conv2d(input: H, weight: H, bias: OptH, stride: number[], padding: number[] | string, dilation: number[], groups: number): H;
  convTranspose2d(input: H, weight: H, bias: OptH, stride: number[], padding: number[], outputPadding: number[], groups: number,
    dilation: number[]): H;
  maxPool1d(input: H, kernel: number[], stride: number[], padding: number[], dilation: number[], ceilMode: boolean): H;
  maxPool2d(input: H, kernel: number[], stride: number[], padding: number[], dilation: number[], ceilMode: boolean): H;
  /** [values, indices] */
  maxPool2dWithIndices(input: H, kernel: number[], stride: number[], padding: number[], dilation: number[], ceilMode: boolean): [H, H];
  avgPool1d(input: H, kernel: number[], stride: number[], padding: number[], ceilMode: boolean, countIncludePad: boolean): H;
  avgPool2d(input: H, kernel: number[], stride: number[], padding: number[], ceilMode: boolean, countIncludePad: boolean,
    divisorOverride: number | null): H;
  adaptiveAvgPool1d(input: H, outputSize: number[]): H;
  adaptiveAvgPool2d(input: H, outputSize: number[]): H;
  /** [values, indices] */
  adaptiveMaxPool2d(input: H, outputSize: number[]): [H, H];
  interpolate(input: H, size: number[] | null, scaleFactor: number[] | null, mode: string, alignCorners: boolean | null): H;
  pad(input: H, pad: number[], mode: string, value: number | null): H;
  pixelShuffle(input: H, upscaleFactor: number): H;
  pixelUnshuffle(input: H, downscaleFactor: number): H;
  unfold(input: H, kernelSize: number[], dilation: number[], padding: number[], stride: number[]): H;
  fold(input: H, outputSize: number[], kernelSize: number[], dilation: number[], padding: number[], stride: number[]): H;
  dropout(input: H, p: number, training: boolean): H;
  dropout_(input: H, p: number, training: boolean): void;
  dropout2d(input: H, p: number, training: boolean): H;
  alphaDropout(input: H, p: number, training: boolean): H;
  batchNorm(input: H, runningMean: OptH, runningVar: OptH, weight: OptH, bias: OptH, training: boolean, momentum: number, eps: number): H;
  layerNorm(input: H, normalizedShape: number[], weight: OptH, bias: OptH, eps: number): H;
  rmsNorm(input: H, normalizedShape: number[], weight: OptH, eps: number | null): H;
  groupNorm(input: H, numGroups: number, weight: OptH, bias: OptH, eps: number): H;
  instanceNorm(input: H, runningMean: OptH, runningVar: OptH, weight: OptH, bias: OptH, useInputStats: boolean, momentum: number,
    eps: number): H;
  embedding(weight: H, indices: H, paddingIdx: number, scaleGradByFreq: boolean): H;
  scaledDotProductAttention(query: H, key: H, value: H, attnMask: OptH, dropoutP: number, isCausal: boolean, scale: number | null): H;
  cosineSimilarity(x1: H, x2: H, dim: number, eps: number): H;
  pairwiseDistance(x1: H, x2: H, p: number, eps: number, keepdim: boolean): H;
  mseLoss(input: H, target: H, reduction: string): H;
  l1Loss(input: H, target: H, reduction: string): H;
  smoothL1Loss(input: H, target: H, reduction: string, beta: number): H;
  huberLoss(input: H, target: H, reduction: string, delta: number): H;
  crossEntropy(input: H, target: H, weight: OptH, reduction: string, ignoreIndex: number, labelSmoothing: number): H;
  nllLoss(input: H, target: H, weight: OptH, reduction: string, ignoreIndex: number): H;
  binaryCrossEntropy(input: H, target: H, weight: OptH, reduction: string): H;
  binaryCrossEntropyWithLogits(input: H, target: H, weight: OptH, posWeight: OptH, reduction: string): H;
  klDiv(input: H, target: H, reduction: string, logTarget: boolean): H;
  softMarginLoss(input: H, target: H, reduction: string): H;
  marginRankingLoss(input1: H, input2: H, target: H, margin: number, reduction: string): H;
  cosineEmbeddingLoss(input1: H, input2: H, target: H, margin: number, reduction: string): H;
  // distributed.cpp: stores, groups, works and reducers are opaque, type-tagged objects.
  distTcpStore(host: string, port: number, isServer: boolean, worldSize: number, timeoutMs: number, op: string): Promise<StoreRef>;
  distFileStore(path: string, worldSize: number): StoreRef;
  distPrefixStore(store: StoreRef, prefix: string): StoreRef;
  distStoreCompareSet(store: StoreRef, key: string, expected: string, desired: string): string;
  distStoreSetTimeout(store: StoreRef, timeoutMs: number): void;
  distStoreRelease(store: StoreRef): void;
  distNewGroup(store: StoreRef, name: string, rank: number, size: number, timeoutMs: number, op: string): Promise<GroupRef>;
  distGroupRank(group: GroupRef): number;
  distGroupSize(group: GroupRef): number;
  distGroupBackend(group: GroupRef): string;
  distGroupShutdown(group: GroupRef): void;
  distAllReduce(group: GroupRef, tensors: H[], op: NativeReduceOp): WorkRef;
  distBroadcast(group: GroupRef, tensors: H[], root: number): WorkRef;
  distAllGather(group: GroupRef, outputs: H[], input: H): WorkRef;
  distReduceScatter(group: GroupRef, output: H, inputs: H[], op: NativeReduceOp): WorkRef;
  distSend(group: GroupRef, tensor: H, dst: number, tag: number): WorkRef;
  distRecv(group: GroupRef, tensor: H, src: number, tag: number): WorkRef;
  distBarrier(group: GroupRef): WorkRef;
  distBroadcastCoalesced(tensors: H[], group: GroupRef, bufferBytes: number, root: number): void;
  /** `timeoutMs` 0: the group's timeout. */
  distWorkWait(work: WorkRef, op: string, timeoutMs: number): void;
  distWorkWaitAsync(work: WorkRef, op: string): Promise<void>;
  distWorkIsCompleted(work: WorkRef): boolean;
  ddpVerifyParams(group: GroupRef, params: H[]): void;
  ddpReducer(params: H[], group: GroupRef, bucketCapBytes: number, firstBucketBytes: number, findUnusedParameters: boolean,
    gradientAsBucketView: boolean, names: string[]): ReducerRef;
  ddpPrepareForForward(reducer: ReducerRef): void;
  ddpPrepareForBackward(reducer: ReducerRef, outputs: H[]): void;
  ddpRebuildBuckets(reducer: ReducerRef): boolean;
  ddpBucketSizes(reducer: ReducerRef): number[];
  ddpRelease(reducer: ReducerRef): void;
  syncBatchNorm(input: H, weight: OptH, bias: OptH, runningMean: OptH, runningVar: OptH, momentum: number, eps: number, group: GroupRef): H;
  randpermSeeded(n: number, seed: number): H;
  randomSamplerIndices(n: number, numSamples: number, replacement: boolean, seed: number): H;
  weightedSamplerIndices(weights: H, numSamples: number, replacement: boolean, seed: number): H;

  // jit.cpp: TorchScript modules are opaque, type-tagged objects; outputs hold tensors as { __tensor: handle }.
  jitLoad(path: string, device: string | null): ScriptRef;
  jitLoadBytes(bytes: Uint8Array, device: string | null): ScriptRef;
  jitRun(module: ScriptRef, method: string, inputs: unknown[], op: string): unknown;
  jitRunAsync(module: ScriptRef, method: string, inputs: unknown[], op: string): Promise<unknown>;
  jitRunStackedAsync(module: ScriptRef, method: string, samples: H[], op: string): Promise<unknown>;
  jitMethods(module: ScriptRef): string[];
  jitSchema(module: ScriptRef, method: string): string;
  jitNamedTensors(module: ScriptRef, buffers: boolean): [string, H][];
  jitTrain(module: ScriptRef, mode: boolean): void;
  jitIsTraining(module: ScriptRef): boolean;
  jitTo(module: ScriptRef, device: string | null, dtype: number | null): void;
  jitSave(module: ScriptRef, path: string): void;
  jitRelease(module: ScriptRef): void;
  jitTrace(className: string, entries: [string, H, boolean][], inputs: H[], fn: (...inputs: H[]) => H[]): ScriptRef;

  // aoti.cpp: AOTInductor packages are opaque, type-tagged objects.
  aotiLoad(path: string, modelName: string, deviceIndex: number): { readonly __kind: 'AOTIPackage' };
  aotiRun(pkg: { readonly __kind: 'AOTIPackage' }, inputs: H[], op: string): H[];
  aotiRunAsync(pkg: { readonly __kind: 'AOTIPackage' }, inputs: H[], op: string): Promise<H[]>;
  aotiRunStackedAsync(pkg: { readonly __kind: 'AOTIPackage' }, samples: H[], op: string): Promise<H[]>;
  aotiMetadata(pkg: { readonly __kind: 'AOTIPackage' }): Record<string, string>;
  aotiConstantNames(pkg: { readonly __kind: 'AOTIPackage' }): string[];
  aotiRelease(pkg: { readonly __kind: 'AOTIPackage' }): void;
}

/** The folder holding torchts' package.json, from lib/ (sources) or dist/lib/ (compiled). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'torchts') return dir;
    dir = dirname(dir);
  }
  throw new TorchError('torchts: cannot find its own package.json above ' + fileURLToPath(import.meta.url), 'ERR_LOAD');
}

/** The version of the libtorch now installed at a recorded location, or null if it cannot be read. */
export function installedLibtorchVersion(record: LibtorchRecord): string | null {
  for (const file of [join(record.root, 'version.py'), join(record.root, 'build-version')]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const m = text.match(/__version__\s*=\s*'([^']+)'/) ?? text.match(/^\s*(\S+)\s*$/);
    if (m) return m[1];
  }
  return null;
}

function loadError(detail: string, fixes: string[]): TorchError {
  return new TorchError(
    `torchts could not load its native addon: ${detail}\n` +
      fixes.map((f) => `  - ${f}`).join('\n') +
      '\nRun `npx torchts info` for what torchts finds on this machine.',
    'ERR_LOAD',
  );
}

/**
 * libtorch's CPU threads are libgomp's. By default they spin while they wait for work, which on a
 * machine whose cores are shared (a service beside other processes) holds the JS thread for up to
 * seconds per step: a spinning thread keeps the core its sleeping peer needs. A passive wait costs
 * little when the machine is idle (bench/contention.ts measures both; docs/architecture.md has the
 * numbers). libgomp reads OMP_WAIT_POLICY once, when it loads, so it is set here, before the addon
 * loads libtorch, and only when the user has not set it; `TORCHTS_OMP_DEFAULTS=0` leaves the
 * environment as it is.
 */
function applyOpenMpDefaults(): void {
  if (process.env.TORCHTS_OMP_DEFAULTS === '0') return;
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
}

function load(): { native: Native; record: LibtorchRecord | null; addonPath: string } {
  const root = packageRoot();
  const recordPath = join(root, 'build', 'libtorch.json');
  const record: LibtorchRecord | null = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : null;
  // Setup records which addon it chose: a prebuild made for this libtorch, or the one it built.
  const addonPath = join(root, record?.addon ?? join('build', 'Release', 'torchts.node'));
  if (!existsSync(addonPath)) {
    throw loadError(`${addonPath} does not exist.`, [
      'Build it: `npm run build:native` in the torchts folder (or `npm rebuild torchts` in your project).',
      'The build finds libtorch, or installs the pinned PyPI torch into ~/.cache/torchts; see its output.',
    ]);
  }
  if (record) {
    if (!existsSync(record.libDir)) {
      throw loadError(`the libtorch it was set up with (${record.version} in ${record.libDir}) is gone.`, [
        'Rebuild against the libtorch you have now: `npm run build:native` (or `npm rebuild torchts`).',
        'Or restore that libtorch (its virtual environment or folder).',
      ]);
    }
    const now = installedLibtorchVersion(record);
    if (now && now.split('+')[0] !== record.version.split('+')[0]) {
      throw loadError(`it was set up for libtorch ${record.version}, but ${record.root} now holds ${now}.`, [
        'Rebuild against the installed libtorch: `npm run build:native` (or `npm rebuild torchts`).',
        `Or reinstall torch ${record.version} there.`,
      ]);
    }
  }
  applyOpenMpDefaults();
  const require = createRequire(import.meta.url);
  let native: Native;
  try {
    native = require(addonPath) as Native;
  } catch (e) {
    const msg = (e as Error).message;
    const fixes = [];
    if (/libcudart|libcublas|libcudnn|libnv|libcuda/.test(msg)) {
      fixes.push("CUDA libraries are missing: reinstall PyPI torch with its nvidia-* packages, or use a CPU libtorch.");
    }
    if (/GLIBC|GLIBCXX|CXXABI/.test(msg)) {
      fixes.push('The C or C++ runtime is older than libtorch needs: use a newer OS, or a libtorch built for it.');
    }
    if (/libtorch|libc10/.test(msg)) {
      fixes.push('libtorch is missing or moved: rebuild with `npm run build:native` so the addon points at the one you have.');
    }
    if (/undefined symbol/.test(msg)) {
      fixes.push('The addon and libtorch do not match: rebuild with `npm run build:native`.');
    }
    if (fixes.length === 0) fixes.push('Rebuild with `npm run build:native` and read its output.');
    throw loadError(msg.split('\n')[0], fixes);
  }
  native.init(TorchError);
  return { native, record, addonPath };
}

const loaded = load();

/** The addon. */
export const native: Native = loaded.native;
let cudaDevices: number | undefined;
/**
 * How many CUDA devices libtorch can use, 0 without CUDA. Asked once: it does not change while the
 * process runs, and `info()` also gathers thread facts (about 15 µs), too slow for every autocast region.
 */
export function cudaDeviceCount(): number {
  if (cudaDevices === undefined) {
    const i = native.info();
    cudaDevices = i.cudaAvailable ? i.cudaDeviceCount : 0;
  }
  return cudaDevices;
}

/** Where the addon was loaded from and what it was built against. */
export const buildInfo = { addonPath: loaded.addonPath, libtorch: loaded.record };
