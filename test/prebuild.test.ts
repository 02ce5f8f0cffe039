// Prebuilt addons (scripts/prebuild.mjs, scripts/prebuilds.mjs, setup.mjs): a prebuild is chosen only
// for exactly the libtorch it was made for, loads through the `libtorch` link beside it (its RUNPATH is
// $ORIGIN/libtorch, so the same binary works wherever that libtorch lives), and anything else builds
// from source. The integration tests set up a copy of the package in a temporary folder whose prebuild
// is this checkout's addon (built the same way, RUNPATH $ORIGIN/libtorch).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from './helpers/dist.js';

interface Torch { version: string; cxx11Abi: boolean }
interface Prebuilds {
  findPrebuild(dir: string, torch: Torch, sources?: string): { file?: string; manifest?: { libtorch: string }; reason?: string };
  prebuildName(torch: Torch): string;
  sourcesDigest(root: string): string;
}
const { findPrebuild, prebuildName, sourcesDigest } = await import(pathToFileURL(join(root, 'scripts', 'prebuilds.mjs')).href) as Prebuilds;
const record = JSON.parse(readFileSync(join(root, 'build', 'libtorch.json'), 'utf8')) as Torch & { addon: string };
const torch: Torch = { version: record.version, cxx11Abi: record.cxx11Abi };

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'torchts-prebuilds-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const manifest = (libtorch: string, cxx11Abi = true) => JSON.stringify({ libtorch, cxx11Abi, cuda: null, napiVersion: 8 });

describe('findPrebuild chooses only the prebuild made for exactly this libtorch', () => {
  it('finds the one whose manifest names this version and ABI', () => {
    const dir = folder({ 'a.json': manifest('2.10.0'), 'a.node': '', 'b.json': manifest('2.11.0+cu130'), 'b.node': '' });
    const found = findPrebuild(dir, { version: '2.11.0+cu130', cxx11Abi: true });
    expect(found.file).toBe(join(dir, 'b.node'));
    expect(found.manifest!.libtorch).toBe('2.11.0+cu130');
  });

  it('says why there is none: other versions (even +cpu for +cu130), another ABI, no folder', () => {
    const dir = folder({ 'a.json': manifest('2.11.0+cpu'), 'a.node': '', 'b.json': manifest('2.11.0+cu130', false), 'b.node': '' });
    expect(findPrebuild(dir, { version: '2.11.0+cu130', cxx11Abi: true })).toEqual({
      reason: 'the prebuilds are for libtorch 2.11.0+cpu (C++11 ABI), 2.11.0+cu130 (pre-C++11 ABI), not 2.11.0+cu130 (C++11 ABI)',
    });
    expect(findPrebuild(join(dir, 'nope'), torch).reason).toMatch(/^no prebuilds for /);
  });

  it('with a digest of the sources, only a prebuild made from those sources', () => {
    const dir = folder({ 'a.json': JSON.stringify({ ...JSON.parse(manifest('2.11.0')), sources: 'abc' }), 'a.node': '' });
    expect(findPrebuild(dir, { version: '2.11.0', cxx11Abi: true }, 'abc').file).toBe(join(dir, 'a.node'));
    expect(findPrebuild(dir, { version: '2.11.0', cxx11Abi: true }, 'def')).toEqual({
      reason: 'binding/ or CMakeLists.txt differ from the sources a.node was made from' });
  });

  it('ignores files that are not manifests, and manifests without their .node', () => {
    const dir = folder({ 'junk.json': '{not json', 'lonely.json': manifest(torch.version), 'x.node': '' });
    expect(findPrebuild(dir, torch)).toEqual({ reason: `no prebuild in ${dir}` });
  });
});

describe('setup with prebuilds, in a copy of the package', () => {
  let pkg = '';
  let prebuilt = '';
  const setup = (...args: string[]) => spawnSync(process.execPath, [join(pkg, 'scripts', 'setup.mjs'), ...args], { cwd: pkg, encoding: 'utf8' });
  const useTorchts = () => spawnSync(process.execPath, ['--input-type=module', '-e',
    `const { torch } = await import(${JSON.stringify(pathToFileURL(join(pkg, 'dist', 'lib', 'index.js')).href)});
     console.log(JSON.stringify({ sum: torch.ones([2, 3]).sum().item(), addon: torch.info().addon }));`], { encoding: 'utf8' });

  // The manifest `npm run prebuild` writes for these sources.
  const packageManifest = (libtorch: string) =>
    JSON.stringify({ ...JSON.parse(manifest(libtorch, torch.cxx11Abi)), sources: sourcesDigest(pkg) });

  beforeAll(() => {
    ensureDist();
    pkg = mkdtempSync(join(tmpdir(), 'torchts-pkg-'));
    for (const p of ['package.json', 'CMakeLists.txt', 'binding', 'scripts', join('dist', 'lib')]) cpSync(join(root, p), join(pkg, p), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const dir = join(pkg, 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    prebuilt = join(dir, `${prebuildName(torch)}.node`);
    cpSync(join(root, record.addon), prebuilt, { dereference: true });
    writeFileSync(prebuilt.replace(/\.node$/, '.json'), packageManifest(torch.version));
  }, 120_000);

  it('uses the matching prebuild without compiling, and torchts runs on it', () => {
    const r = setup();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`using the prebuilt addon prebuilds/${process.platform}-${process.arch}/${prebuildName(torch)}.node (made for libtorch ${torch.version}); no build needed`);
    expect(r.stdout).not.toMatch(/cmake/);
    expect(JSON.parse(readFileSync(join(pkg, 'build', 'libtorch.json'), 'utf8')).addon).toBe(`prebuilds/${process.platform}-${process.arch}/${prebuildName(torch)}.node`);
    const run = useTorchts();
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ sum: 6, addon: prebuilt });
  }, 60_000);

  it('the prebuild finds libtorch only through the link setup made beside it', () => {
    const link = join(pkg, 'prebuilds', `${process.platform}-${process.arch}`, 'libtorch');
    rmSync(link);
    try {
      const run = useTorchts();
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/torchts could not load its native addon: .*lib(c10|torch)[\w.]*\.so: cannot open shared object file/);
    } finally {
      expect(setup().status).toBe(0); // puts the link back
    }
  }, 60_000);

  it('builds from source when asked, when no prebuild fits, or when the C++ sources changed after the prebuild', () => {
    expect(setup('--dry-run').stdout).toContain(`would use the prebuilt addon prebuilds/${process.platform}-${process.arch}/${prebuildName(torch)}.node`);
    expect(setup('--dry-run', '--from-source').stdout).toContain('would build from source: building from source was asked for');
    const json = prebuilt.replace(/\.node$/, '.json');
    const saved = readFileSync(json, 'utf8');
    writeFileSync(json, packageManifest('2.10.0'));
    try {
      expect(setup('--dry-run').stdout).toContain(`would build from source: the prebuilds are for libtorch 2.10.0 (C++11 ABI), not ${torch.version} (C++11 ABI)`);
    } finally {
      writeFileSync(json, saved);
    }
    writeFileSync(join(pkg, 'binding', 'ops.cpp'), `${readFileSync(join(pkg, 'binding', 'ops.cpp'), 'utf8')}// edited\n`);
    expect(setup('--dry-run').stdout).toContain(`would build from source: binding/ or CMakeLists.txt differ from the sources ${prebuildName(torch)}.node was made from`);
  }, 60_000);
});
