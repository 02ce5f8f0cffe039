/**
 * The charts of the tuning tools (`lrFind`, `overfitBatch`) and of the benchmarks: a small
 * self-contained SVG line chart and a terminal line chart drawn with asciichart (both take the same
 * {@link ChartSpec}), and an SVG bar chart of side-by-side panels ({@link svgBarChart}).
 * @module
 */
import { createRequire } from 'node:module';
import { checkOptions, invalidArg, isInt } from '../errors.js';

/** One line of a chart. Points whose x or y is not finite are left out (the line breaks there). */
export interface ChartSeries {
  /** The series' name (an SVG tooltip). */
  name: string;
  /** The x values (learning rates, steps, ...). */
  x: number[];
  /** The y values, one per x. */
  y: number[];
  /** `'main'` (the default) is drawn bold and is the one the terminal chart shows; `'faint'` is drawn thin and grey in SVG only. */
  style?: 'main' | 'faint';
}

/** A labelled vertical marker at `x` (e.g. a suggested learning rate), with a dot at `y` when given. */
export interface ChartMarker {
  /** Where the marker stands on the x axis. */
  x: number;
  /** Where the dot goes; no dot when left out. */
  y?: number;
  /** The marker's text. */
  label: string;
}

/** What {@link svgChart} and {@link terminalChart} draw. */
export interface ChartSpec {
  /** Drawn above the chart. */
  title: string;
  /** The x axis's label. */
  xLabel: string;
  /** The y axis's label. */
  yLabel: string;
  /** Logarithmic x axis (ticks at powers of ten). */
  logX?: boolean;
  /** The lines, drawn in order. */
  series: ChartSeries[];
  /** Vertical markers, e.g. suggested learning rates. */
  markers?: ChartMarker[];
  /** Labelled horizontal lines (e.g. a target loss). */
  hlines?: {
    /** The line's height. */
    y: number;
    /** Its text. */
    label: string;
  }[];
  /** Values above this are drawn at it, so that a final blow-up does not flatten the rest of the curve. */
  yClip?: number;
}

interface Point { x: number; y: number }

const isNumbers = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number');

// The spec and size of svgChart and terminalChart, checked before anything is drawn from them.
function checkChart(op: string, spec: ChartSpec, size: { width?: number; height?: number }): void {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) invalidArg(op, 'spec', 'a chart spec { title, xLabel, yLabel, series }', spec);
  checkOptions(op, spec, ['title', 'xLabel', 'yLabel', 'logX', 'series', 'markers', 'hlines', 'yClip']);
  for (const k of ['title', 'xLabel', 'yLabel'] as const) if (typeof spec[k] !== 'string') invalidArg(op, `spec.${k}`, 'a string', spec[k]);
  if (!Array.isArray(spec.series)) invalidArg(op, 'spec.series', 'an array of { name, x, y }', spec.series);
  spec.series.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string' || !isNumbers(s.x) || !isNumbers(s.y)) {
      invalidArg(op, `spec.series[${i}]`, '{ name: string, x: number[], y: number[] }', s);
    }
  });
  if (spec.markers !== undefined && (!Array.isArray(spec.markers) || !spec.markers.every((mk) => mk !== null && typeof mk === 'object' &&
    typeof mk.x === 'number' && typeof mk.label === 'string'))) {
    invalidArg(op, 'spec.markers', 'an array of { x: number, y?: number, label: string }', spec.markers);
  }
  if (spec.hlines !== undefined && (!Array.isArray(spec.hlines) || !spec.hlines.every((h) => h !== null && typeof h === 'object' &&
    typeof h.y === 'number' && typeof h.label === 'string'))) {
    invalidArg(op, 'spec.hlines', 'an array of { y: number, label: string }', spec.hlines);
  }
  if (spec.yClip !== undefined && typeof spec.yClip !== 'number') invalidArg(op, 'spec.yClip', 'a number', spec.yClip);
  checkOptions(op, size, ['width', 'height']);
  for (const k of ['width', 'height'] as const) {
    const v = size[k];
    if (v !== undefined && (!isInt(v) || v < 1 || v > 100_000)) invalidArg(op, `size.${k}`, 'a positive integer (at most 100000)', v);
  }
}

function points(s: ChartSeries, spec: ChartSpec): Point[] {
  const out: Point[] = [];
  const n = Math.min(s.x.length, s.y.length);
  for (let i = 0; i < n; i++) {
    const x = spec.logX ? Math.log10(s.x[i]) : s.x[i];
    let y = s.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (spec.yClip !== undefined && y > spec.yClip) y = spec.yClip;
    out.push({ x, y });
  }
  return out;
}

/** About `count` round tick values (1, 2 or 5 × a power of ten apart) covering [lo, hi]. */
function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

/** A short label for a number: `0.25`, `1.5e-3`, `120`. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) return String(+v.toPrecision(3));
  return v.toExponential(1).replace('e+', 'e');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function bounds(spec: ChartSpec): { x0: number; x1: number; y0: number; y1: number } | null {
  const all = spec.series.flatMap((s) => points(s, spec));
  if (all.length === 0) return null;
  let x0 = Math.min(...all.map((p) => p.x));
  let x1 = Math.max(...all.map((p) => p.x));
  const ys = [...all.map((p) => p.y), ...(spec.hlines ?? []).map((h) => h.y).filter(Number.isFinite)];
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (x1 === x0) [x0, x1] = [x0 - 0.5, x1 + 0.5];
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  return { x0, x1, y0: y0 - pad, y1: y1 + pad };
}

// The opening of every chart: the document, a white background and the title. Close with '</svg>'.
function svgOpen(W: number, H: number, title: string): string[] {
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
    'font-family="system-ui, sans-serif" font-size="11">',
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W / 2}" y="20" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`];
}

/**
 * Renders a chart as a standalone SVG document: axes with ticks (powers of ten on a log x axis),
 * light grid lines, one path per series, dashed labelled markers and horizontal lines, a title and
 * axis labels. The string starts with `<svg` and ends with `</svg>`; write it to a `.svg` file or
 * inline it in HTML.
 */
export function svgChart(spec: ChartSpec, size: { width?: number; height?: number } = {}): string {
  checkChart('svgChart', spec, size);
  const W = size.width ?? 640;
  const H = size.height ?? 400;
  const m = { left: 64, right: 24, top: 36, bottom: 48 };
  const out = svgOpen(W, H, spec.title);
  const b = bounds(spec);
  if (b === null) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no finite values to plot</text>`, '</svg>');
    return out.join('\n');
  }
  const px = (x: number) => m.left + ((x - b.x0) / (b.x1 - b.x0)) * (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - b.y0) / (b.y1 - b.y0)) * (H - m.top - m.bottom);
  const f = (v: number) => v.toFixed(1);
  const [left, right, top, bottom] = [m.left, W - m.right, m.top, H - m.bottom];

  const xTicks = spec.logX
    ? Array.from({ length: Math.floor(b.x1) - Math.ceil(b.x0) + 1 }, (_, i) => Math.ceil(b.x0) + i)
    : niceTicks(b.x0, b.x1, 6);
  const grid: string[] = [];
  const labels: string[] = [];
  for (const t of xTicks) {
    grid.push(`M${f(px(t))},${top}V${bottom}`);
    labels.push(`<line x1="${f(px(t))}" y1="${bottom}" x2="${f(px(t))}" y2="${bottom + 4}" stroke="#333"/>`,
      `<text x="${f(px(t))}" y="${bottom + 16}" text-anchor="middle">${spec.logX ? `1e${t}` : formatNumber(t)}</text>`);
  }
  for (const t of niceTicks(b.y0, b.y1, 5)) {
    grid.push(`M${left},${f(py(t))}H${right}`);
    labels.push(`<line x1="${left - 4}" y1="${f(py(t))}" x2="${left}" y2="${f(py(t))}" stroke="#333"/>`,
      `<text x="${left - 7}" y="${f(py(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`);
  }
  out.push(`<path d="${grid.join('')}" stroke="#eee" fill="none"/>`,
    `<path d="M${left},${top}V${bottom}H${right}" stroke="#333" fill="none"/>`, ...labels,
    `<text x="${(left + right) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text x="14" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(top + bottom) / 2})">${escapeXml(spec.yLabel)}</text>`);

  for (const s of spec.series) {
    const pts = points(s, spec);
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(px(p.x))},${f(py(p.y))}`).join('');
    const faint = s.style === 'faint';
    out.push(`<path d="${d}" fill="none" stroke="${faint ? '#bbb' : '#1f77b4'}" stroke-width="${faint ? 1 : 2}" ` +
      `stroke-linejoin="round"><title>${escapeXml(s.name)}</title></path>`);
  }
  for (const h of spec.hlines ?? []) {
    if (!Number.isFinite(h.y)) continue;
    out.push(`<path d="M${left},${f(py(h.y))}H${right}" stroke="#2ca02c" stroke-dasharray="5,4" fill="none"/>`,
      `<text x="${right - 4}" y="${f(py(h.y) - 4)}" text-anchor="end" fill="#2ca02c">${escapeXml(h.label)}</text>`);
  }
  (spec.markers ?? []).forEach((mk, i) => {
    const x = spec.logX ? Math.log10(mk.x) : mk.x;
    if (!Number.isFinite(x) || x < b.x0 || x > b.x1) return;
    const X = f(px(x));
    out.push(`<path d="M${X},${top}V${bottom}" stroke="#d62728" stroke-dasharray="4,3" fill="none"/>`,
      `<text x="${f(px(x) + 4)}" y="${top + 12 + 13 * i}" fill="#d62728">${escapeXml(mk.label)}</text>`);
    if (mk.y !== undefined && Number.isFinite(mk.y)) {
      const y = spec.yClip !== undefined ? Math.min(mk.y, spec.yClip) : mk.y;
      out.push(`<circle cx="${X}" cy="${f(py(y))}" r="4" fill="#d62728"/>`);
    }
  });
  out.push('</svg>');
  return out.join('\n');
}

/** One bar of a {@link BarPanel}. */
export interface Bar {
  /** The category under the bar, e.g. a precision mode. */
  label: string;
  /** The bar's height; a value that is not finite draws no bar. */
  value: number;
  /** Text above the bar. Default: the value, formatted. */
  note?: string;
}

/** One panel of {@link svgBarChart}: its own y axis from 0, one bar per category. */
export interface BarPanel {
  /** Drawn above the panel. */
  title: string;
  /** The panel's y axis label. */
  yLabel: string;
  /** The bars, left to right. */
  bars: Bar[];
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/**
 * Renders bar-chart panels side by side in one standalone SVG document, under a common title and
 * with an optional footnote (e.g. a caveat about the measurement). A category keeps its colour across
 * panels, so that the same mode reads the same everywhere.
 */
export function svgBarChart(title: string, panels: BarPanel[],
  options: { footnote?: string; panelWidth?: number; height?: number } = {}): string {
  const PW = options.panelWidth ?? 300;
  const H = options.height ?? 340;
  const W = PW * Math.max(1, panels.length);
  const foot = options.footnote ? 18 : 0;
  const m = { left: 62, right: 16, top: 72, bottom: 40 + foot };
  const f = (v: number) => v.toFixed(1);
  const categories = [...new Set(panels.flatMap((p) => p.bars.map((b) => b.label)))];
  const out = svgOpen(W, H, title);
  panels.forEach((panel, k) => {
    const [left, right, top, bottom] = [k * PW + m.left, (k + 1) * PW - m.right, m.top, H - m.bottom];
    const finite = panel.bars.map((b) => b.value).filter(Number.isFinite);
    const top0 = Math.max(0, ...finite) * 1.12 || 1; // headroom for the notes above the bars
    const ticks = niceTicks(0, top0, 5);
    const yMax = Math.max(top0, ticks[ticks.length - 1]);
    const py = (y: number) => bottom - (Math.max(0, y) / yMax) * (bottom - top);
    out.push(`<text x="${(left + right) / 2}" y="44" text-anchor="middle" font-size="12">${escapeXml(panel.title)}</text>`,
      `<path d="${ticks.map((t) => `M${left},${f(py(t))}H${right}`).join('')}" stroke="#eee" fill="none"/>`,
      `<path d="M${left},${top}V${bottom}H${right}" stroke="#333" fill="none"/>`,
      ...ticks.map((t) => `<text x="${left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`),
      `<text x="${k * PW + 14}" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 ${k * PW + 14} ${(top + bottom) / 2})">${escapeXml(panel.yLabel)}</text>`);
    const slot = (right - left) / Math.max(1, panel.bars.length);
    panel.bars.forEach((b, i) => {
      const cx = left + slot * (i + 0.5);
      out.push(`<text x="${f(cx)}" y="${bottom + 15}" text-anchor="middle">${escapeXml(b.label)}</text>`);
      if (!Number.isFinite(b.value)) return;
      const bw = Math.min(56, slot * 0.7);
      out.push(`<rect x="${f(cx - bw / 2)}" y="${f(py(b.value))}" width="${f(bw)}" height="${f(bottom - py(b.value))}" ` +
        `fill="${PALETTE[categories.indexOf(b.label) % PALETTE.length]}"><title>${escapeXml(`${b.label}: ${b.value}`)}</title></rect>`,
      `<text x="${f(cx)}" y="${f(py(b.value) - 5)}" text-anchor="middle">${escapeXml(b.note ?? formatNumber(b.value))}</text>`);
    });
  });
  if (options.footnote) out.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle" fill="#555">${escapeXml(options.footnote)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

interface AsciiChart {
  plot(series: number[] | number[][], config?: { height?: number; format?: (v: number) => string; offset?: number }): string;
}
// asciichart is CommonJS without type declarations: load it through require, typed by the part used.
const asciichart = createRequire(import.meta.url)('asciichart') as AsciiChart;

/**
 * Renders the first `'main'` series of a chart for a terminal: an asciichart line chart resampled to
 * `width` columns (x is log10 on a log axis), an x axis with tick labels, and a row of markers
 * (`A`, `B`, ...) explained in a legend below.
 */
export function terminalChart(spec: ChartSpec, size: { width?: number; height?: number } = {}): string {
  checkChart('terminalChart', spec, size);
  const width = size.width ?? 60;
  const height = size.height ?? 12;
  const main = spec.series.find((s) => (s.style ?? 'main') === 'main') ?? spec.series[0];
  const pts = main ? points(main, spec).sort((a, b) => a.x - b.x) : [];
  if (pts.length < 2) return `${spec.title}\n(not enough finite values to plot)`;
  const x0 = pts[0].x;
  const x1 = pts[pts.length - 1].x;
  // Resample to width + 1 points: asciichart draws one column between consecutive points.
  const ys: number[] = [];
  let j = 0;
  for (let c = 0; c <= width; c++) {
    const x = x0 + ((x1 - x0) * c) / width;
    while (j < pts.length - 2 && pts[j + 1].x < x) j++;
    const [p, q] = [pts[j], pts[j + 1]];
    const t = q.x === p.x ? 0 : Math.min(1, Math.max(0, (x - p.x) / (q.x - p.x)));
    ys.push(p.y + t * (q.y - p.y));
  }
  const labelWidth = 9;
  const offset = 3;
  const flat = (spec.hlines ?? []).filter((h) => Number.isFinite(h.y)).map((h) => Array<number>(width + 1).fill(h.y));
  const chart = asciichart.plot([ys, ...flat], { height, offset, format: (v) => formatNumber(v).padStart(labelWidth).slice(-labelWidth) });
  const prefix = labelWidth + offset - 1; // label, spaces and the axis character come before column 0
  const col = (x: number) => Math.min(width - 1, Math.max(0, Math.round(((x - x0) / (x1 - x0)) * (width - 1))));

  const axis = Array<string>(width).fill('─');
  const tickRow = Array<string>(width + 8).fill(' ');
  const ticks = spec.logX
    ? Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, i) => Math.ceil(x0) + i)
    : niceTicks(x0, x1, 5);
  let free = 0; // first column where the next tick label may start
  for (const t of ticks) {
    const c = col(t);
    const label = spec.logX ? `1e${t}` : formatNumber(t);
    axis[c] = '┬';
    const start = Math.max(0, c - Math.floor(label.length / 2));
    if (start < free) continue;
    for (let k = 0; k < label.length; k++) tickRow[start + k] = label[k];
    free = start + label.length + 1;
  }
  const out = [spec.title, chart, `${' '.repeat(prefix - 1)}└${axis.join('')}`, `${' '.repeat(prefix)}${tickRow.join('').trimEnd()}`];
  const markers = (spec.markers ?? []).filter((mk) => Number.isFinite(spec.logX ? Math.log10(mk.x) : mk.x));
  if (markers.length) {
    const row = Array<string>(width).fill(' ');
    markers.forEach((mk, i) => {
      row[col(spec.logX ? Math.log10(mk.x) : mk.x)] = String.fromCharCode(65 + i);
    });
    out.push(`${' '.repeat(prefix)}${row.join('').trimEnd()}`);
    out.push(...markers.map((mk, i) => `${' '.repeat(prefix)}${String.fromCharCode(65 + i)}: ${mk.label}`));
  }
  for (const h of spec.hlines ?? []) out.push(`${' '.repeat(prefix)}flat line: ${h.label}`);
  out.push(`${' '.repeat(prefix)}x: ${spec.xLabel}${spec.logX ? ' (log scale)' : ''}; y: ${spec.yLabel}`);
  return out.join('\n');
}
