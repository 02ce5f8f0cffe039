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
  autogradGrad(outputs: H[], inputs: H[], gradOutputs: (H | null)[] | null, retainGraph: boolean | null | undefined, createGraph: boolean, allowUnused: boolean): (H | null)[];
  // optim.cpp
  sgdStep(params: H[], momentumBuffers: H[], lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: boolean,
    maximize: boolean, isFirstStep: boolean, gradScale: OptH, foundInf: OptH): void;
  adamStep(params: H[], expAvgs: H[], expAvgSqs: H[], maxExpAvgSqs: H[], steps: H[], lr: number, beta1: number, beta2: number,
    weightDecay: number, eps: number, amsgrad: boolean, maximize: boolean, decoupledWeightDecay: boolean, gradScale: OptH, foundInf: OptH): void;
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
  // ops.cpp and nn.cpp: many functions with regular shapes, typed by name below.
  [op: string]: unknown;
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
