// Loading the addon: the load-time check that the libtorch found is the one the addon was built
// against, and the single actionable error when the addon or libtorch is missing. Each case runs the
// compiled library from a copy of the package in a temporary folder, in a child process.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from './helpers/dist.js';

// A package folder with dist/lib, package.json, the real addon and a libtorch record edited by `edit`.
function fakePackage(edit: (record: Record<string, unknown>) => void, withAddon = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'torchts-load-'));
  cpSync(join(root, 'dist', 'lib'), join(dir, 'dist', 'lib'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  if (withAddon) symlinkSync(join(root, 'build', 'Release', 'torchts.node'), join(dir, 'build', 'Release', 'torchts.node'));
  const record = JSON.parse(readFileSync(join(root, 'build', 'libtorch.json'), 'utf8'));
  edit(record);
  writeFileSync(join(dir, 'build', 'libtorch.json'), JSON.stringify(record));
  return dir;
}

function load(dir: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e',
      `import(${JSON.stringify(join(dir, 'dist', 'lib', 'index.js'))}).then((m) => console.log('loaded', m.torch.ones([2]).sum().item()))`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: string }).stderr) };
  }
}

describe('loading the addon', () => {
  beforeAll(() => ensureDist(), 120_000);

  it('loads from an intact package', () => {
    expect(load(fakePackage(() => {}))).toEqual({ ok: true, out: 'loaded 2\n' });
  });

  it('refuses a libtorch of another version than the one it was built against, saying how to fix it', () => {
    const r = load(fakePackage((rec) => { rec.version = '2.99.0'; }));
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/torchts could not load its native addon: it was set up for libtorch 2\.99\.0, but .* now holds 2\.11\.0/);
    expect(r.out).toMatch(/Rebuild against the installed libtorch: `npm run build:native`/);
  });

  it('says so when the libtorch it was built against is gone', () => {
    const r = load(fakePackage((rec) => { rec.libDir = '/nonexistent/torch/lib'; }));
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/the libtorch it was set up with \(2\.11\.0.* in \/nonexistent\/torch\/lib\) is gone/);
  });

  it('says how to build when the addon is missing', () => {
    const r = load(fakePackage(() => {}, false));
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/torchts\.node does not exist\.\n\s+- Build it: `npm run build:native`/);
    expect(r.out).toMatch(/npx torchts info/);
  });
});
