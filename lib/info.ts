/**
 * What torchts runs on: `torch.info()` and `npx torchts info`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInfo, native, packageRoot } from './native.js';

/** What `torch.info()` reports. */
export interface Info {
  torchts: string;
  node: string;
  libtorch: { version: string; source: string | null; location: string | null; python: string | null; cxx11Abi: boolean };
  cuda: {
    compiledWith: boolean;
    available: boolean;
    version: string | null;
    cudnn: string | null;
    devices: { index: number; name: string; capability: string; memoryGiB: number }[];
  };
  threads: { intraOp: number; interOp: number };
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
    libtorch: { version: rec?.version ?? n.libtorchVersion, source: rec?.source ?? null, location: rec?.libDir ?? null, python: rec?.python ?? null, cxx11Abi: n.cxx11Abi },
    cuda: { compiledWith: n.compiledWithCuda, available: n.cudaAvailable, version: version(n.cudaVersion, false), cudnn: version(n.cudnnVersion, true), devices },
    threads: { intraOp: n.numThreads, interOp: n.numInteropThreads },
    addon: buildInfo.addonPath,
  };
}
