/**
 * Evaluates plain Python expressions with the reference Python (the same one the differential
 * harness uses), for results that are not tensors: `repr(t)`, `t.tolist()`, `t.item()`, dtypes.
 *
 * All expressions run in one process (one `import torch`), in order, in one namespace that already
 * holds `torch`, `F` (torch.nn.functional) and `math`; `setup` runs first. Each result is sent back
 * as JSON: numbers, strings, booleans, None and (nested) lists/tuples; non-finite floats come back as
 * the strings 'nan', 'inf' and '-inf'. An expression that raises gives `{ error: 'Type: message' }`.
 */
import { execFileSync } from 'node:child_process';
import { torch } from '../../lib/index.js';
import { referencePython } from './reference.js';

/** What one expression gives: its JSON value, or the exception it raised. */
export type PyValue = null | boolean | number | string | PyValue[] | { error: string };

const RUNNER = String.raw`
import json, math, sys
import torch
import torch.nn.functional as F

def enc(v):
    if isinstance(v, float) and not math.isfinite(v):
        return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, torch.dtype):
        return str(v)
    if isinstance(v, torch.Size):
        return list(v)
    return v

req = json.load(sys.stdin)
torch.set_num_threads(req['threads'])
env = {'torch': torch, 'F': F, 'math': math}
exec(req['setup'], env)
out = []
for e in req['exprs']:
    try:
        out.append(enc(eval(e, env)))
    except Exception as ex:
        out.append({'error': type(ex).__name__ + ': ' + (str(ex).splitlines()[0] if str(ex) else '')})
json.dump(out, sys.stdout)
`;

/** Evaluates each Python expression (after `setup`) and returns the results in order. */
export function pythonEval(exprs: string[], setup = ''): PyValue[] {
  const out = execFileSync(referencePython(), ['-c', RUNNER], {
    input: JSON.stringify({ exprs, setup, threads: torch.getNumThreads() }),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out) as PyValue[];
}

/** Python's `repr(...)` of each expression, which must give a tensor (or anything with a repr). */
export function pythonRepr(exprs: string[], setup = ''): string[] {
  return pythonEval(exprs.map((e) => `repr(${e})`), setup).map((r, i) => {
    if (typeof r !== 'string') throw new Error(`repr(${exprs[i]}) failed in Python: ${JSON.stringify(r)}`);
    return r;
  });
}
