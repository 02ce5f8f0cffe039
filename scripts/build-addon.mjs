// Compiles the addon against a libtorch that find-libtorch.mjs found: with cmake-js (the normal way),
// or with plain cmake for machines without npm packages (the GPU machine of scripts/gpu-check, where
// Node's headers come from NODE_INCLUDE_DIR, default next to this node binary, and node-addon-api's
// from NODE_ADDON_API_DIR, default node_modules/node-addon-api). Used by setup.mjs and prebuild.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const BUILD_FAILED = 'the native build failed; see the compiler output above. A C++17 compiler and cmake 3.18+ are ' +
  'needed (Debian/Ubuntu: apt-get install g++ cmake).';

/** Runs a command with its output on this terminal, after `say`ing it. Returns whether it succeeded. */
export function runLogged(cmd, args, { say = console.log, ...options } = {}) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  try {
    execFileSync(cmd, args, { stdio: 'inherit', ...options });
  } catch {
    return false;
  }
  return true;
}

/**
 * Builds `<buildDir>/Release/torchts.node` from the sources in `root` and returns its path. `fresh`
 * starts from an empty build folder, as does a folder configured for another libtorch (moved,
 * upgraded, another ABI): an incremental build would keep the old include paths. Throws an Error
 * with a message for the user when it fails.
 */
export function buildAddon(torch, { root, buildDir = join(root, 'build'), fresh = false, plainCmake = false, say = console.log }) {
  const stampPath = join(buildDir, 'torchts-libtorch.json');
  const stamp = { version: torch.version, libDir: torch.libDir, cxx11Abi: torch.cxx11Abi };
  const previous = existsSync(stampPath) ? JSON.parse(readFileSync(stampPath, 'utf8')) : null;
  if (previous && JSON.stringify(previous) !== JSON.stringify(stamp)) {
    say(`the build folder was configured for libtorch ${previous.version} in ${previous.libDir}: building from scratch`);
    fresh = true;
  }
  const defs = {
    TORCH_INCLUDE_DIRS: torch.includeDirs.join(';'),
    TORCH_LIB_DIR: torch.libDir,
    TORCH_CXX11_ABI: torch.cxx11Abi ? '1' : '0',
    TORCH_WITH_CUDA: torch.cuda ? 'ON' : 'OFF',
    CMAKE_BUILD_TYPE: 'Release',
  };
  const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || '2';
  const env = { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs };
  const run = (cmd, args) => {
    if (!runLogged(cmd, args, { say, env, cwd: root })) throw new Error(BUILD_FAILED);
  };
  if (plainCmake) {
    const nodeInclude = process.env.NODE_INCLUDE_DIR || join(dirname(dirname(process.execPath)), 'include', 'node');
    const addonApi = process.env.NODE_ADDON_API_DIR || join(root, 'node_modules', 'node-addon-api');
    if (!existsSync(join(nodeInclude, 'node_api.h'))) throw new Error(`Node's headers are not in ${nodeInclude}; set NODE_INCLUDE_DIR.`);
    if (!existsSync(join(addonApi, 'napi.h'))) throw new Error(`node-addon-api's headers are not in ${addonApi}; set NODE_ADDON_API_DIR.`);
    if (fresh) rmSync(buildDir, { recursive: true, force: true });
    run('cmake', ['-S', root, '-B', buildDir, ...Object.entries(defs).map(([k, v]) => `-D${k}=${v}`),
      `-DNODE_INCLUDE_DIR=${nodeInclude}`, `-DNODE_ADDON_API_DIR=${addonApi}`]);
    run('cmake', ['--build', buildDir, '--parallel', jobs]);
  } else {
    let cmakeJs;
    try {
      cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');
    } catch {
      throw new Error('cmake-js is not installed; run `npm install` first (or build with --plain-cmake).');
    }
    run(process.execPath, [cmakeJs, fresh ? 'rebuild' : 'compile', '--directory', root, '--out', buildDir,
      ...Object.entries(defs).map(([k, v]) => `--CD${k}=${v}`)]);
  }
  writeFileSync(stampPath, JSON.stringify(stamp) + '\n');
  return join(buildDir, 'Release', 'torchts.node');
}
