// Prebuilt addons: what `npm run prebuild` (scripts/prebuild.mjs) leaves in prebuilds/<platform>-<arch>/
// and how setup picks one. Each prebuild is a `.node` file with a `.json` manifest beside it naming the
// libtorch it was built against; it is usable only with that exact libtorch (libtorch has no stable
// C++ ABI across versions, and a CUDA build links the CUDA libraries), so setup compares the manifest
// with the libtorch it found, and builds from source when none matches.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** The folder of prebuilds for this platform, as prebuildify names it. */
export function prebuildsDir(root, platform = process.platform, arch = process.arch) {
  return join(root, 'prebuilds', `${platform}-${arch}`);
}

/** The file name a prebuild for `torch` gets (without `.node` / `.json`). */
export function prebuildName(torch) {
  return `torchts.libtorch-${torch.version}.${torch.cxx11Abi ? 'cxx11' : 'precxx11'}`;
}

/** What a manifest must say for the prebuild to fit `torch`. */
function fits(manifest, torch) {
  return manifest.libtorch === torch.version && manifest.cxx11Abi === torch.cxx11Abi &&
    manifest.napiVersion <= Number(process.versions.napi);
}

/**
 * The prebuild in `dir` built for `torch` ({ version, cxx11Abi }) from the sources whose
 * {@link sourcesDigest} is `sources` (not checked when left out): `{ file, manifest }`, or
 * `{ reason }` saying why there is none (no folder, the libtorch versions there, other sources).
 */
export function findPrebuild(dir, torch, sources) {
  if (!existsSync(dir)) return { reason: `no prebuilds for ${process.platform}-${process.arch}` };
  const seen = [];
  const stale = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue; // not a manifest of ours
    }
    const file = join(dir, name.replace(/\.json$/, '.node'));
    if (typeof manifest?.libtorch !== 'string' || !existsSync(file)) continue;
    if (fits(manifest, torch) && sources !== undefined && manifest.sources !== sources) stale.push(basename(file));
    else if (fits(manifest, torch)) return { file, manifest };
    else seen.push(`${manifest.libtorch} (${manifest.cxx11Abi ? 'C++11 ABI' : 'pre-C++11 ABI'})`);
  }
  if (stale.length) return { reason: `binding/ or CMakeLists.txt differ from the sources ${stale.join(', ')} was made from` };
  const want = `${torch.version} (${torch.cxx11Abi ? 'C++11 ABI' : 'pre-C++11 ABI'})`;
  return { reason: seen.length ? `the prebuilds are for libtorch ${seen.join(', ')}, not ${want}` : `no prebuild in ${dir}` };
}

/** Points the `libtorch` link beside an addon (its RUNPATH is $ORIGIN/libtorch) at `libDir`. */
export function linkLibtorch(addonDir, libDir) {
  const link = join(addonDir, 'libtorch');
  let stat = null;
  try {
    stat = lstatSync(link);
  } catch {
    // no link yet
  }
  if (stat) rmSync(link, { recursive: !stat.isSymbolicLink(), force: true });
  symlinkSync(libDir, link, 'dir');
}

/**
 * A digest of the addon's sources (binding/, CMakeLists.txt), recorded in each prebuild's manifest:
 * a working copy whose C++ was edited no longer matches its prebuilds. (Contents, not file times:
 * npm does not keep the times of a package's files.)
 */
export function sourcesDigest(root) {
  const h = createHash('sha256');
  const binding = join(root, 'binding');
  const files = [join(root, 'CMakeLists.txt'), ...(existsSync(binding) ? readdirSync(binding).sort().map((f) => join(binding, f)) : [])];
  for (const f of files) {
    if (!existsSync(f)) continue;
    h.update(`${relative(root, f)}\0`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}
