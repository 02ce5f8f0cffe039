// The C++ check of `npm run lint`: binding/ keeps the house layout that clang-format would need a
// toolchain for — lines of at most 140 columns, no tabs, no trailing whitespace, `#pragma once` in
// every header — and every native entry point goes through DEF/DEF_AS (so through `guard`, which
// turns every C++ exception into a JS error). Prints each problem as file:line: message; exits 1 on any.
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'binding');
const problems = [];
for (const name of readdirSync(dir).filter((f) => /\.(cpp|h)$/.test(f)).sort()) {
  const lines = readFileSync(join(dir, name), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const at = `binding/${name}:${i + 1}`;
    if (line.length > 140) problems.push(`${at}: line of ${line.length} columns (at most 140)`);
    if (line.includes('\t')) problems.push(`${at}: tab (indent with spaces)`);
    if (/\s+$/.test(line)) problems.push(`${at}: trailing whitespace`);
    // A raw Napi::Function::New would bypass guard(): exportAll() is the one place that makes them.
    if (/Napi::Function::New\(/.test(line) && !/exportAll/.test(lines.slice(Math.max(0, i - 3), i + 1).join('\n'))) {
      problems.push(`${at}: a native function made outside exportAll (use DEF/DEF_AS, which run the body in guard)`);
    }
  });
  if (name.endsWith('.h') && !lines.some((l) => l.trim() === '#pragma once')) problems.push(`binding/${name}: header without #pragma once`);
}
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`lint-cpp: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
