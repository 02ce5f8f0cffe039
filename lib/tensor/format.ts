/**
 * `Tensor.toString()`: PyTorch's `repr` rules (torch/_tensor_str.py) with its default print options
 * (precision 4, threshold 1000, edgeitems 3, linewidth 80), so output reads the same in both.
 * @module
 */
import type { IndexItem } from './indexing.js';
import { tidy } from './scope.js';
import type { Tensor } from './tensor.js';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;

/** One element as read back: a number, or a BigInt for int64. */
type Value = number | bigint;

// Python rounds an exact decimal tie to even ('{:.4f}'.format(1.03125) is '1.0312'); JS's toFixed and
// toExponential round it away from zero. A double can be an exact tie at `digits` only if it is exact
// at `digits + 1` with a final 5, so that is the one case corrected here.
function halfEven(rounded: string, exact: string): string {
  const [mantissa, exp] = exact.split('e');
  if (!mantissa.endsWith('5')) return rounded;
  let truncated = mantissa.slice(0, -1);
  if (truncated.endsWith('.')) truncated = truncated.slice(0, -1);
  if (Number(truncated[truncated.length - 1]) % 2 === 1) return rounded; // rounding up gave the even digit
  return exp === undefined ? truncated : `${truncated}e${exp}`;
}

/** Python's `'{:.4f}'`/`'{:.0f}'` for a double, including nan/inf, -0 and ties to even. */
function fixed(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const exact = v.toFixed(digits + 1);
  let s = Number(exact) === v ? halfEven(v.toFixed(digits), exact) : v.toFixed(digits);
  if (Object.is(v, -0) || (v < 0 && !s.startsWith('-'))) s = `-${s}`;
  return s;
}

/** Python's `'{:.4e}'`: ties to even, and a two-digit exponent (JS writes e+5, Python e+05). */
function exponential(v: number, digits: number): string {
  if (!Number.isFinite(v)) return fixed(v, digits);
  const exact = v.toExponential(digits + 1);
  let s = Number(exact) === v ? halfEven(v.toExponential(digits), exact) : v.toExponential(digits);
  if (Object.is(v, -0)) s = `-${s}`; // JS drops the sign of -0 here; Python writes -0.0000e+00
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

class Formatter {
  floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  bool: boolean;

  constructor(values: Value[], floating: boolean, bool: boolean) {
    this.floating = floating;
    this.bool = bool;
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length);
      return;
    }
    const finite = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) return;
    const abs = finite.map(Math.abs);
    const min = Math.min(...abs);
    const max = Math.max(...abs);
    this.intMode = finite.every((v) => v === Math.ceil(v));
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, exponential(v, PRECISION).length);
      } else {
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, fixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, exponential(v, PRECISION).length);
    } else {
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, fixed(v, PRECISION).length);
    }
  }

  private plain(v: Value): string {
    return this.bool ? (v ? 'True' : 'False') : String(v);
  }

  format(value: Value): string {
    let s: string;
    const v = Number(value);
    if (!this.floating) s = this.plain(value);
    else if (this.sciMode) s = exponential(v, PRECISION);
    else if (this.intMode) s = fixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = fixed(v, PRECISION);
    return s.padStart(this.maxWidth);
  }
}

// A strided view over the flat, row-major values. When summarizing, the values are only the edges
// of each long dimension (see edgeValues), so an index along a dimension maps to a position there.
interface View {
  offset: number;
  shape: number[];
  strides: number[];
  summarize: boolean;
}

function position(v: View, i: number): number {
  const n = v.shape[0];
  return v.summarize && n > 2 * EDGE && i >= EDGE ? i - (n - 2 * EDGE) : i;
}

function sub(v: View, i: number): View {
  return { offset: v.offset + position(v, i) * v.strides[0], shape: v.shape.slice(1), strides: v.strides.slice(1), summarize: v.summarize };
}

function edgeIndices(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

// The values PyTorch's formatter sees when summarizing: only the edges.
function summarized(vals: Value[], v: View, out: Value[]): void {
  if (v.shape.length === 0) {
    out.push(vals[v.offset]);
    return;
  }
  for (const i of edgeIndices(v.shape[0], v.summarize)) if (i !== null) summarized(vals, sub(v, i), out);
}

function vectorStr(vals: Value[], v: View, indent: number, f: Formatter): string {
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (f.maxWidth + 2)));
  const data = edgeIndices(v.shape[0], v.summarize).map((i) => (i === null ? ' ...' : f.format(vals[v.offset + position(v, i) * v.strides[0]])));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(vals: Value[], v: View, indent: number, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(vals[v.offset]);
  if (dim === 1) return vectorStr(vals, v, indent, f);
  const slices = edgeIndices(v.shape[0], v.summarize).map((i) => (i === null ? '...' : tensorStr(vals, sub(v, i), indent + 1, f)));
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

// The values to print, read from the tensor: all of them, or, when summarizing, only the first and
// last EDGE entries of each long dimension, gathered natively as PyTorch's get_summarized_data does,
// so printing a 1e8-element tensor reads a few hundred values rather than copying all of them.
function edgeValues(t: Tensor, summarize: boolean): { raw: ArrayLike<Value>; shape: number[] } {
  if (!summarize) return { raw: t.data(), shape: t.shape };
  return tidy(() => {
    let x = t;
    t.shape.forEach((n, d) => {
      if (n <= 2 * EDGE) return;
      const keep = [...Array.from({ length: EDGE }, (_, i) => i), ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
      x = x.index(...Array<IndexItem>(d).fill(':'), keep);
    });
    return { raw: x.data(), shape: x.shape };
  });
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      parts.push(',\n' + ' '.repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(', ' + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** PyTorch's repr of a tensor. */
export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const shape = t.shape;
  const dtype = t.dtype;
  const numel = shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  const device = t.device;
  if (device !== 'cpu') suffixes.push(`device='${device}'`);
  let body: string;
  if (numel === 0) {
    body = '[]';
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  } else {
    const summarize = numel > THRESHOLD;
    const read = edgeValues(t, summarize);
    const floating = dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
    // int64 stays BigInt: beyond 2^53 a number would print other digits.
    const vals: Value[] = floating ? Array.from(read.raw, Number) : Array.from(read.raw);
    const strides = read.shape.map((_, i) => read.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const view: View = { offset: 0, shape, strides, summarize };
    const seen: Value[] = [];
    summarized(vals, view, seen);
    const f = new Formatter(seen, floating, dtype === 'bool');
    body = tensorStr(vals, view, indent, f);
  }
  // An empty tensor shows every dtype but float32: there are no values to tell int64 or bool by.
  if (dtype !== 'float32' && (numel === 0 || (dtype !== 'int64' && dtype !== 'bool'))) suffixes.push(`dtype=torch.${dtype}`);
  const gradFn = t.gradFn;
  if (gradFn !== null) suffixes.push(`grad_fn=<${gradFn}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
