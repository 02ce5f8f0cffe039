// Finds a libtorch to build against, in the order docs/architecture.md gives:
//   1. LIBTORCH          an unpacked official libtorch
//   2. a Python `torch`  TORCHTS_PYTHON, then the project's cached venv, then python3 on PATH
//   3. a system install  (Debian's libtorch-dev)
// Used by scripts/setup.mjs at build time and by `torchts info`. No dependencies: it runs before
// `npm install` has finished.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The torch version setup installs when no libtorch is found; CUDA tests run on the same one. */
export const PINNED_TORCH = '2.11.0';
/** Oldest libtorch with the CPU GradScaler kernels torchts needs. */
export const MIN_TORCH = [2, 3];

/** Per-user cache shared by every checkout: ~/.cache/torchts, or TORCHTS_HOME. */
export function cacheDir() {
  return process.env.TORCHTS_HOME || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'torchts');
}

/** The virtual environment setup creates for the pinned torch. */
export function venvDir() {
  return join(cacheDir(), `torch-${PINNED_TORCH}`);
}

export function venvPython() {
  return join(venvDir(), 'bin', 'python');
}

const PY_PROBE = `
import json, os, torch
from torch.utils import cpp_extension as ce
root = os.path.dirname(torch.__file__)
inc = list(ce.include_paths())
print(json.dumps(dict(version=torch.__version__, includeDirs=inc, libDir=ce.library_paths()[0],
  cxx11Abi=bool(torch._C._GLIBCXX_USE_CXX11_ABI), cuda=torch.version.cuda, root=root)))
`;

function versionOk(v) {
  const [maj, min] = v.split(/[.+]/).map(Number);
  return maj > MIN_TORCH[0] || (maj === MIN_TORCH[0] && min >= MIN_TORCH[1]);
}

function fromPython(python, source, log) {
  let out;
  try {
    out = execFileSync(python, ['-c', PY_PROBE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const why = String(e.stderr || e.message).trim().split('\n').pop();
    log(`  ${source}: ${python}: no usable torch (${why})`);
    return null;
  }
  const info = JSON.parse(out.trim().split('\n').pop());
  if (!versionOk(info.version)) {
    log(`  ${source}: ${python}: torch ${info.version} is older than ${MIN_TORCH.join('.')}; skipped`);
    return null;
  }
  return { ...info, source, python };
}

function fromLibtorchDir(dir, source) {
  const inc = join(dir, 'include');
  if (!existsSync(join(inc, 'ATen', 'ATen.h'))) return null;
  const versionFile = join(dir, 'build-version');
  const version = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : readHeaderVersion(inc);
  const cfg = join(dir, 'share', 'cmake', 'Torch', 'TorchConfig.cmake');
  const abi = existsSync(cfg) ? !/_GLIBCXX_USE_CXX11_ABI=0/.test(readFileSync(cfg, 'utf8')) : true;
  const libDir = existsSync(join(dir, 'lib', 'libtorch.so')) ? join(dir, 'lib') : '/usr/lib/x86_64-linux-gnu';
  const cuda = existsSync(join(libDir, 'libtorch_cuda.so')) ? 'unknown' : null;
  return { version, includeDirs: [inc, join(inc, 'torch', 'csrc', 'api', 'include')], libDir, cxx11Abi: abi, cuda, root: dir, source };
}

function readHeaderVersion(inc) {
  const h = join(inc, 'torch', 'csrc', 'api', 'include', 'torch', 'version.h');
  if (!existsSync(h)) return 'unknown';
  const m = readFileSync(h, 'utf8').match(/TORCH_VERSION\s+"([^"]+)"/);
  return m ? m[1] : 'unknown';
}

/**
 * Returns `{ version, includeDirs, libDir, cxx11Abi, cuda, root, source, python? }` for the first
 * libtorch found, or null. `log` receives one line per place looked at.
 */
export function findLibtorch(log = () => {}) {
  if (process.env.LIBTORCH) {
    const found = fromLibtorchDir(process.env.LIBTORCH, 'LIBTORCH');
    if (found) return found;
    log(`  LIBTORCH=${process.env.LIBTORCH}: no include/ATen/ATen.h there; skipped`);
  }
  const pythons = [
    [process.env.TORCHTS_PYTHON, 'TORCHTS_PYTHON'],
    [venvPython(), 'torchts venv'],
    ['python3', 'python3 on PATH'],
  ];
  for (const [py, source] of pythons) {
    if (!py || (py.includes('/') && !existsSync(py))) continue;
    const found = fromPython(py, source, log);
    if (found) return found;
  }
  const system = fromLibtorchDir('/usr', 'system');
  if (system && versionOk(system.version)) return system;
  if (system) log(`  system: libtorch ${system.version} in /usr is older than ${MIN_TORCH.join('.')}; skipped`);
  return null;
}
