/**
 * What torchts runs on: `torch.info()` and `npx torchts info`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInfo, native, packageRoot } from './native.js';

/** What `torch.info()` reports. */
export interface Info {
  /** The torchts package version. */
  torchts: string;
  /** The Node.js version, as `process.version` (e.g. `'v20.19.0'`). */
  node: string;
  /** The libtorch the addon was built against. */
  libtorch: {
    /** libtorch's version, e.g. `'2.11.0+cu130'` (PyTorch `torch.__version__`). */
    version: string;
    /**
     * Where the build found it: `'LIBTORCH'`, `'TORCHTS_PYTHON'`, `'torchts venv'`, `'python3 on PATH'` or `'system'`;
     * null if unrecorded.
     */
    source: string | null;
    /** The folder holding libtorch's shared libraries; null if unrecorded. */
    location: string | null;
    /** The Python interpreter whose torch package supplied libtorch; null when it came from a plain libtorch folder. */
    python: string | null;
    /** Whether libtorch uses the C++11 ABI of libstdc++ (PyTorch `torch.compiled_with_cxx11_abi()`). */
    cxx11Abi: boolean;
  };
  /** CUDA support and devices. */
  cuda: {
    /** Whether the addon was built against a CUDA libtorch (and links its CUDA libraries). */
    compiledWith: boolean;
    /** Whether a usable CUDA device is present (`torch.cuda.is_available()`). */
    available: boolean;
    /** The CUDA runtime version libtorch uses, e.g. `'13.0'` (`torch.version.cuda`); null without CUDA. */
    version: string | null;
    /** The cuDNN version, e.g. `'9.19.0'` (`torch.backends.cudnn.version()`); null without cuDNN. */
    cudnn: string | null;
    /** One entry per visible CUDA device; empty without CUDA. */
    devices: {
      /** The device index, as in `'cuda:0'`. */
      index: number;
      /** The device's name, e.g. `'NVIDIA H100 80GB HBM3'`. */
      name: string;
      /** Compute capability as `'major.minor'`, e.g. `'9.0'`. */
      capability: string;
      /** Total device memory in GiB (2^30 bytes), to one decimal. */
      memoryGiB: number;
    }[];
  };
  /** libtorch's CPU thread pools. */
  threads: {
    /** Threads used within one op (`torch.get_num_threads()`; set with `torch.setNumThreads`). */
    intraOp: number;
    /** Threads used to run independent ops in parallel (`torch.get_num_interop_threads()`). */
    interOp: number;
  };
  /** The path of the loaded native addon (`torchts.node`). */
  addon: string;
}

function version(v: number, cudnn: boolean): string | null {
  if (!v) return null;
  // CUDA runtime as 12040 -> 12.4; cuDNN as 91900 -> 9.19.0
  return cudnn ? `${Math.floor(v / 10000)}.${Math.floor((v % 10000) / 100)}.${v % 100}` : `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

/** Versions, devices, threads and where libtorch was found. */
export function info(): Info {
  const n = native.info();
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const rec = buildInfo.libtorch;
  const devices = [];
  for (let i = 0; i < n.cudaDeviceCount; i++) {
    const p = native.cudaDevice(i);
    if (p) devices.push({ index: i, name: p.name, capability: `${p.major}.${p.minor}`, memoryGiB: +(p.totalMemory / 2 ** 30).toFixed(1) });
  }
  return {
    torchts: pkg.version,
    node: process.version,
    libtorch: { version: rec?.version ?? n.libtorchVersion, source: rec?.source ?? null, location: rec?.libDir ?? null,
      python: rec?.python ?? null, cxx11Abi: n.cxx11Abi },
    cuda: { compiledWith: n.compiledWithCuda, available: n.cudaAvailable, version: version(n.cudaVersion, false),
      cudnn: version(n.cudnnVersion, true), devices },
    threads: { intraOp: n.numThreads, interOp: n.numInteropThreads },
    addon: buildInfo.addonPath,
  };
}
