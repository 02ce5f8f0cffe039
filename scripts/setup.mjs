#!/usr/bin/env node
// Sets torchts up on this machine: finds libtorch (or installs the pinned PyPI torch into a per-user
// cache), then uses the prebuilt addon made for exactly that libtorch if the package has one
// (prebuilds/, see scripts/prebuild.mjs), else builds the addon against it with cmake-js. Runs as
// npm's `install` script.
//   node scripts/setup.mjs                find/install libtorch; a matching prebuild, or an incremental build
//   node scripts/setup.mjs --from-source  ignore prebuilds (also TORCHTS_FROM_SOURCE=1)
//   node scripts/setup.mjs --rebuild      build from source, from a clean build folder
//   node scripts/setup.mjs --plain-cmake  build with cmake alone (no npm packages; see below)
//   node scripts/setup.mjs --dry-run      say which libtorch and which addon (prebuilt or built), change nothing
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED_TORCH, findLibtorch, venvDir, venvPython } from './find-libtorch.mjs';
import { buildAddon, runLogged } from './build-addon.mjs';
import { findPrebuild, linkLibtorch, prebuildsDir, sourcesDigest } from './prebuilds.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (line) => console.log(`torchts setup: ${line}`);

function fail(message) {
  console.error(`torchts setup failed: ${message}`);
  process.exit(1);
}

const run = (cmd, args) => runLogged(cmd, args, { say });

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

const flag = (name) => process.argv.includes(name);
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

// A prebuilt addon, when one was made for exactly this libtorch and loads here.
const recordPath = join(root, 'build', 'libtorch.json');
const fromSource = flag('--from-source') || flag('--rebuild') || flag('--plain-cmake') || process.env.TORCHTS_FROM_SOURCE === '1';
const prebuild = fromSource ? { reason: 'building from source was asked for' } : findPrebuild(prebuildsDir(root), torch, sourcesDigest(root));
if (flag('--dry-run')) {
  say(prebuild.file ? `would use the prebuilt addon ${relative(root, prebuild.file)}` : `would build from source: ${prebuild.reason}`);
  process.exit(0);
}
if (prebuild.file) {
  linkLibtorch(dirname(prebuild.file), torch.libDir);
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(prebuild.file)})`], { encoding: 'utf8' });
  if (probe.status === 0) {
    writeRecord(prebuild.file);
    say(`using the prebuilt addon ${relative(root, prebuild.file)} (made for libtorch ${prebuild.manifest.libtorch}); no build needed`);
    process.exit(0);
  }
  say(`the prebuilt addon ${relative(root, prebuild.file)} does not load here (${(probe.stderr.split('\n').find((l) => /Error/.test(l)) ?? '').trim()}); building from source`);
} else {
  say(`building from source: ${prebuild.reason}`);
}

function writeRecord(addon) {
  // The loader loads `addon` and compares the rest with the libtorch it finds at run time.
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(recordPath, JSON.stringify({
    version: torch.version, libDir: torch.libDir, root: torch.root, source: torch.source, python: torch.python ?? null,
    cuda: torch.cuda ?? null, cxx11Abi: torch.cxx11Abi, addon: relative(root, addon),
  }, null, 2) + '\n');
}

let built;
try {
  built = buildAddon(torch, { root, fresh: flag('--rebuild'), plainCmake: flag('--plain-cmake'), say });
} catch (e) {
  fail(e.message);
}
linkLibtorch(dirname(built), torch.libDir);
writeRecord(built);
say('built build/Release/torchts.node');
