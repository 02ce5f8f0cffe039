#!/usr/bin/env node
// `npm run prebuild`: makes a prebuilt addon for this platform with prebuildify, for the libtorch
// that setup finds (the pinned PyPI torch by default), in prebuilds/<platform>-<arch>/ with a
// manifest naming that libtorch. Setup uses it on machines with exactly that libtorch, and builds
// from source elsewhere (see scripts/prebuilds.mjs).
//
// prebuildify drives the build by spawning a node-gyp; this script is that node-gyp too (argument
// `rebuild`), and builds with cmake-js in build/prebuild/, leaving the development build alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAddon } from './build-addon.mjs';
import { findLibtorch } from './find-libtorch.mjs';
import { prebuildName, prebuildsDir, sourcesDigest } from './prebuilds.mjs';

const self = fileURLToPath(import.meta.url);
const root = dirname(dirname(self));
const staging = join(root, 'build', 'prebuild');
const say = (line) => console.log(`torchts prebuild: ${line}`);

const torch = findLibtorch();
if (!torch) {
  console.error('torchts prebuild: no libtorch found; run `npm install` (or `node scripts/setup.mjs`) first, which installs one.');
  process.exit(1);
}

if (process.argv[2] === 'rebuild') {
  // Called by prebuildify as its node-gyp, in `staging`: it takes the addon from staging/build/Release.
  try {
    buildAddon(torch, { root, buildDir: join(staging, 'build'), say });
  } catch (e) {
    console.error(`torchts prebuild: ${e.message}`);
    process.exit(1);
  }
} else {
  mkdirSync(staging, { recursive: true });
  const name = prebuildName(torch);
  say(`building ${name} for ${process.platform}-${process.arch} against libtorch ${torch.version} in ${torch.libDir}`);
  const prebuildify = createRequire(import.meta.url)('prebuildify');
  prebuildify({ cwd: staging, out: root, napi: true, strip: true, name, nodeGyp: self }, (err) => {
    if (err) {
      console.error(`torchts prebuild: ${err.message}`);
      process.exit(1);
    }
    const manifest = {
      libtorch: torch.version, cxx11Abi: torch.cxx11Abi, cuda: torch.cuda ?? null,
      napiVersion: 8, sources: sourcesDigest(root), builtWith: { node: process.version, platform: process.platform, arch: process.arch },
    };
    writeFileSync(join(prebuildsDir(root), `${name}.json`), JSON.stringify(manifest, null, 2) + '\n');
    say(`wrote ${join('prebuilds', `${process.platform}-${process.arch}`, name)}.node and .json`);
  });
}
