/**
 * Python-style indexing (`x[0, 1:, None, ..., mask]`) reduced to select/slice/unsqueeze views and
 * one advanced `index` call, the order PyTorch itself applies them in.
 * @module
 */
import { invalidArg, isInt, outOfRange } from '../errors.js';
import { MAX_DIMS } from './args.js';
import { type Handle, native } from '../native.js';
import type { Scalar, Tensor } from './tensor.js';
import { live, wrap } from './tensor.js';
import { tensor as makeTensor } from './create.js';

/**
 * One item of an index: a number (select), a slice string such as `':'`, `'1:'`, `'::2'` or
 * `'-3:-1'`, `null` (new dimension), `'...'` (ellipsis), or an integer/boolean tensor or an
 * array of integers (advanced indexing).
 */
export type IndexItem = number | string | null | Tensor | number[];

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function parseSlice(s: string): [number | null, number | null, number] | null {
  const m = SLICE.exec(s);
  if (!m) return null;
  const step = m[3] === undefined ? 1 : Number(m[3]);
  return [m[1] === undefined ? null : Number(m[1]), m[2] === undefined ? null : Number(m[2]), step];
}

interface Resolved {
  view: Handle; // after basic indexing
  advanced: (Handle | null)[] | null; // per remaining dimension, when any tensor index is present
  temps: Tensor[]; // tensors made here that must be released
}

// Walks the items: basic ones become views, tensor ones are collected for one at::index call.
function resolve(self: Tensor, items: IndexItem[], opName: string): Resolved {
  const temps: Tensor[] = [];
  let cur = self;
  let dim = 0;
  const advanced: (Handle | null)[] = [];
  let hasAdvanced = false;
  // Each item but null and '...' takes at least one dimension, and null adds one: more items than
  // this cannot index a tensor, and a huge sparse array must not be walked (filter() visits every hole).
  if (items.length > 2 * MAX_DIMS + 1) outOfRange(opName, 'items', `at most ${2 * MAX_DIMS + 1} index items`, items);
  const ellipses = items.filter((i) => i === '...').length;
  if (ellipses > 1) throw new TypeError(`${opName}(): an index can only have a single ellipsis ('...')`);
  const consumed = (i: IndexItem, k: number): number => {
    if (i === null || i === '...') return 0;
    if (i === undefined || typeof i !== 'object' || Array.isArray(i) || !('_h' in i)) return 1;
    live(i, opName, k + 2); // before i.dtype, which would name 'dtype'
    return i.dtype === 'bool' ? i.ndim : 1;
  };
  const step = (next: Tensor) => {
    if (cur !== self) temps.push(cur);
    cur = next;
  };
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (isInt(item)) {
      step(cur.select(dim, item));
    } else if (item === null) {
      step(cur.unsqueeze(dim));
      advanced.push(null);
      dim++;
    } else if (item === '...') {
      const rest = items.slice(k + 1).reduce((n: number, i, j) => n + consumed(i, k + 1 + j), 0);
      const skip = cur.ndim - dim - rest;
      for (let s = 0; s < skip; s++) advanced.push(null);
      dim += Math.max(skip, 0);
    } else if (typeof item === 'string') {
      const sl = parseSlice(item);
      if (!sl) invalidArg(opName, `index item ${k}`, "a slice such as ':', '1:', '::2' or '-3:-1', or '...'", item);
      step(cur.slice(dim, sl[0], sl[1], sl[2]));
      advanced.push(null);
      dim++;
    } else if (Array.isArray(item)) {
      // A loop, not every(): every() skips the holes of a sparse array and would walk all of them.
      for (let i = 0; i < item.length; i++) if (!isInt(item[i])) invalidArg(opName, `index item ${k}`, 'an array of integers', item);
      const t = makeTensor(item, { dtype: 'int64' });
      temps.push(t);
      advanced.push(t._h);
      hasAdvanced = true;
      dim++;
    } else if (item !== undefined && typeof item === 'object' && '_h' in item) {
      live(item, opName, k + 2); // before item.dtype, which would name 'dtype'
      advanced.push(item._h);
      hasAdvanced = true;
      dim += item.dtype === 'bool' ? item.ndim : 1;
    } else {
      invalidArg(opName, `index item ${k}`, "a number, a slice string, null, '...', a Tensor or an array of integers", item);
    }
  }
  return { view: cur._h, advanced: hasAdvanced ? advanced : null, temps: cur === self ? temps : [...temps, cur] };
}

/** `x[items]`. */
export function applyIndex(self: Tensor, items: IndexItem[]): Tensor {
  const r = resolve(self, items, 'index');
  try {
    // A view of the input, or the gathered result: either way a new handle the caller owns.
    return wrap((r.advanced ? native.index(r.view, r.advanced) : native.alias(r.view)));
  } finally {
    for (const t of r.temps) t.dispose();
  }
}

/** `x[items] = value`, in place. */
export function applyIndexPut(self: Tensor, items: IndexItem[], value: Tensor | Scalar): void {
  if (!Array.isArray(items)) invalidArg('indexPut_', 'items', 'an array of index items', items);
  const r = resolve(self, items, 'indexPut_');
  const temps = r.temps;
  try {
    let v: Tensor;
    if (typeof value === 'number' || typeof value === 'boolean') {
      v = makeTensor(value, { dtype: self.dtype, device: self.device });
      temps.push(v);
    } else if (value !== null && typeof value === 'object' && '_h' in value) {
      live(value, 'indexPut_', 3); // the addon would name its own op (copy_ or index_put_)
      v = value;
    } else {
      return invalidArg('indexPut_', 'value', 'a Tensor or a number', value);
    }
    if (r.advanced) native.indexPut_(r.view, r.advanced, v._h, false);
    else native.copy_(r.view, v._h);
  } finally {
    for (const t of temps) t.dispose();
  }
}
