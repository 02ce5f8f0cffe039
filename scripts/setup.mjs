#!/usr/bin/env node
// Sets torchts up on this machine: finds libtorch (or installs the pinned PyPI torch into a per-user
// cache), then builds the addon against it with cmake-js. Runs as npm's `install` script.
//   node scripts/setup.mjs            find/install libtorch, build incrementally
//   node scripts/setup.mjs --rebuild  the same, from a clean build folder
//   node scripts/setup.mjs --plain-cmake   build with cmake alone (no npm packages; see below)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED_TORCH, findLibtorch, venvDir, venvPython } from './find-libtorch.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (line) => console.log(`torchts setup: ${line}`);

function fail(message) {
  console.error(`torchts setup failed: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  try {
    execFileSync(cmd, args, { stdio: 'inherit', ...opts });
  } catch {
    return false;
  }
  return true;
}

// The venv's Python is also the reference of the differential tests and the peer of the benchmarks,
// which use these too.
const REFERENCE_PACKAGES = ['numpy', 'safetensors'];

function ensureReferencePackages(python) {
  try {
    execFileSync(python, ['-c', `import ${REFERENCE_PACKAGES.join(', ')}`], { stdio: 'ignore' });
  } catch {
    say(`adding ${REFERENCE_PACKAGES.join(', ')} to ${venvDir()}`);
    run(python, ['-m', 'pip', 'install', '--progress-bar', 'off', ...REFERENCE_PACKAGES]);
  }
}

function installPinnedTorch() {
  const dir = venvDir();
  say(`no libtorch found; installing PyPI torch==${PINNED_TORCH} into ${dir} (a few GB, once per machine; TORCHTS_HOME moves it)`);
  mkdirSync(dirname(dir), { recursive: true });
  if (!existsSync(venvPython()) && !run('python3', ['-m', 'venv', dir])) {
    fail('could not create a Python virtual environment. Install Python 3.10+ with venv ' +
      '(Debian/Ubuntu: apt-get install python3-venv), or set LIBTORCH to an unpacked libtorch.');
  }
  if (!run(venvPython(), ['-m', 'pip', 'install', '--progress-bar', 'off', `torch==${PINNED_TORCH}`, ...REFERENCE_PACKAGES])) {
    fail(`pip could not install torch==${PINNED_TORCH}. Check network access to PyPI, or set LIBTORCH ` +
      'to an unpacked libtorch, or TORCHTS_PYTHON to a Python that has torch.');
  }
}

say('looking for libtorch');
let torch = findLibtorch((line) => say(line));
if (!torch) {
  installPinnedTorch();
  torch = findLibtorch((line) => say(line));
  if (!torch) fail(`torch==${PINNED_TORCH} was installed into ${venvDir()} but cannot be imported; see the messages above.`);
}
if (torch.source === 'torchts venv') ensureReferencePackages(torch.python);
say(`found libtorch ${torch.version} (${torch.source}${torch.python ? `: ${torch.python}` : ''}) in ${torch.libDir}`);
say(`C++11 ABI: ${torch.cxx11Abi ? 'yes' : 'no'}; CUDA: ${torch.cuda ?? 'none'}`);

const list = (xs) => xs.join(';');
const defs = {
  TORCH_INCLUDE_DIRS: list(torch.includeDirs),
  TORCH_LIB_DIR: torch.libDir,
  TORCH_CXX11_ABI: torch.cxx11Abi ? '1' : '0',
  TORCH_WITH_CUDA: torch.cuda ? 'ON' : 'OFF',
  CMAKE_BUILD_TYPE: 'Release',
};
const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || '2';
const env = { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs };
// A build configured for another libtorch (moved, upgraded, another ABI) must be configured afresh:
// an incremental build would keep the old include paths and RPATH.
const recordPath = join(root, 'build', 'libtorch.json');
const previous = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : null;
const changed = previous !== null && (previous.libDir !== torch.libDir || previous.version !== torch.version || previous.cxx11Abi !== torch.cxx11Abi);
if (changed) say(`libtorch changed since the last build (${previous.version} in ${previous.libDir}): rebuilding from scratch`);
const fresh = process.argv.includes('--rebuild') || changed;
const buildFailed = 'the native build failed; see the compiler output above. A C++17 compiler and cmake 3.18+ are ' +
  'needed (Debian/Ubuntu: apt-get install g++ cmake).';

// Plain cmake (--plain-cmake): for machines without npm packages, such as the GPU machine of
// scripts/gpu-check. Node's headers come from NODE_INCLUDE_DIR (default: next to this node binary)
// and node-addon-api's from NODE_ADDON_API_DIR (default: node_modules/node-addon-api).
if (process.argv.includes('--plain-cmake')) {
  const nodeInclude = process.env.NODE_INCLUDE_DIR || join(dirname(dirname(process.execPath)), 'include', 'node');
  const addonApi = process.env.NODE_ADDON_API_DIR || join(root, 'node_modules', 'node-addon-api');
  const buildDir = join(root, 'build');
  if (!existsSync(join(nodeInclude, 'node_api.h'))) fail(`Node's headers are not in ${nodeInclude}; set NODE_INCLUDE_DIR.`);
  if (!existsSync(join(addonApi, 'napi.h'))) fail(`node-addon-api's headers are not in ${addonApi}; set NODE_ADDON_API_DIR.`);
  const configure = ['-S', root, '-B', buildDir, ...Object.entries(defs).map(([k, v]) => `-D${k}=${v}`),
    `-DNODE_INCLUDE_DIR=${nodeInclude}`, `-DNODE_ADDON_API_DIR=${addonApi}`];
  if (fresh) rmSync(buildDir, { recursive: true, force: true });
  if (!run('cmake', configure, { env }) || !run('cmake', ['--build', buildDir, '--parallel', jobs], { env })) fail(buildFailed);
} else {
  const require = createRequire(import.meta.url);
  let cmakeJs;
  try {
    cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  } catch {
    fail('cmake-js is not installed; run `npm install` first (or build with --plain-cmake).');
  }
  const args = [cmakeJs, fresh ? 'rebuild' : 'compile', '--directory', root, ...Object.entries(defs).map(([k, v]) => `--CD${k}=${v}`)];
  if (!run(process.execPath, args, { env, cwd: root })) fail(buildFailed);
}
// The loader compares this record with the libtorch it finds at run time.
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(recordPath, JSON.stringify({
  version: torch.version, libDir: torch.libDir, root: torch.root, source: torch.source, python: torch.python ?? null,
  cuda: torch.cuda ?? null, cxx11Abi: torch.cxx11Abi,
}, null, 2) + '\n');
say('built build/Release/torchts.node');
