// The outputs of scripts/op-table.mjs (binding/ops.generated.h, lib/tensor/generated-methods.ts)
// must be what scripts/gen-ops.mjs writes from the table now: an edit to the table without
// `npm run gen:ops`, or a hand edit to an output, fails here.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { torch } from '../lib/index.js';
import { root } from './helpers/dist.js';
import { BINARY, NULLARY, TENSOR_BINARY, UNARY } from '../lib/tensor/generated-methods.js';

describe('generated op tables', () => {
  it('are up to date with scripts/op-table.mjs', () => {
    expect(() => execFileSync(process.execPath, [join(root, 'scripts', 'gen-ops.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('give every table entry a method on Tensor', () => {
    const t = torch.ones([2, 2]);
    for (const name of [...Object.keys(UNARY), ...Object.keys(UNARY).map((n) => `${n}_`), ...Object.keys(BINARY),
      ...Object.keys(BINARY).map((n) => `${n}_`), ...Object.keys(TENSOR_BINARY), ...Object.keys(NULLARY)]) {
      expect(typeof (t as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
