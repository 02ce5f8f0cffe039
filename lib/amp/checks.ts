/**
 * "Check which tensors are really half" (docs/architecture.md): dtype assertions, a dtype report of a model,
 * and `checkStep`, which runs one step and says in plain words what goes wrong in low precision.
 * @module
 */
import { noGrad } from '../autograd.js';
import { invalidArg } from '../errors.js';
import type { Module } from '../nn/module.js';
import { type DType, checkDtype } from '../tensor/dtype.js';
import { keep, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import { Precision, type PrecisionMode } from './precision.js';

/** float16's largest finite value. */
export const FLOAT16_MAX = 65504;

/** Throws a TypeError unless `t` has `dtype`, naming `name` and how to fix it. */
export function assertDtype(t: Tensor, dtype: DType, name = 'tensor'): void {
  if (typeof name !== 'string') invalidArg('assertDtype', 'name', 'a string', name);
  if (!(t instanceof Tensor)) invalidArg('assertDtype', name, 'a Tensor', t);
  const want = checkDtype('assertDtype', dtype);
  if (t.dtype !== want) throw new TypeError(`${name} is ${t.dtype}, expected ${want}: convert it with ${name}.to('${want}')`);
}

/** One row of a {@link dtypeReport}. */
export interface DtypeRow {
  /** What the tensors are: parameters, buffers, or the gradients of parameters. */
  kind: 'parameter' | 'buffer' | 'gradient';
  /** The dtype they share. */
  dtype: DType;
  /** The device they share, e.g. `'cpu'` or `'cuda:0'`. */
  device: string;
  /** The number of tensors in the group. */
  count: number;
  /** Their total number of elements. */
  numel: number;
  /** Their dotted names, as `namedParameters()` / `namedBuffers()` give them (a gradient by its parameter's name). */
  names: string[];
}

/** Parameters, buffers and gradients of a model grouped by dtype and device. */
export interface DtypeReport {
  /** One row per (kind, dtype, device) group, in order of first appearance. */
  rows: DtypeRow[];
  /** The rows as a table. */
  toString(): string;
}

/** Groups a model's parameters, buffers and gradients by dtype and device. */
export function dtypeReport(model: Module): DtypeReport {
  if (typeof (model as Partial<Module> | null)?.namedParameters !== 'function') invalidArg('dtypeReport', 'model', 'an nn.Module', model);
  const rows = new Map<string, DtypeRow>();
  const add = (kind: DtypeRow['kind'], name: string, t: Tensor) => {
    const key = `${kind}|${t.dtype}|${t.device}`;
    const row = rows.get(key) ?? { kind, dtype: t.dtype, device: t.device, count: 0, numel: 0, names: [] };
    row.count++;
    row.numel += t.numel();
    row.names.push(name);
    rows.set(key, row);
  };
  tidy(() => {
    for (const [name, p] of model.namedParameters()) {
      add('parameter', name, p);
      const g = p.grad;
      if (g !== null) add('gradient', name, g);
    }
    for (const [name, b] of model.namedBuffers()) add('buffer', name, b);
  });
  const list = [...rows.values()];
  return {
    rows: list,
    toString() {
      const header = ['kind', 'dtype', 'device', 'tensors', 'elements', 'names'];
      const body = list.map((r) => [r.kind, r.dtype, r.device, String(r.count), String(r.numel),
        r.names.slice(0, 3).join(', ') + (r.names.length > 3 ? `, … (${r.names.length - 3} more)` : '')]);
      const w = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
      return [header, ...body].map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n');
    },
  };
}

/** One finding of {@link checkStep}. */
export interface StepIssue {
  /**
   * What went wrong: float16 meeting float32 in an op, the loss or forward pass throwing, inf/NaN in
   * an activation, the loss or a gradient, activations beyond float16's range, or float16 gradients
   * or parameters that a GradScaler cannot unscale.
   */
  kind: 'dtype-mismatch' | 'loss-error' | 'non-finite-activation' | 'non-finite-loss' | 'non-finite-gradient' | 'fp16-overflow-risk' | 'half-gradients' | 'half-parameters';
  /** The finding in plain words, with a suggested fix. */
  message: string;
  /** The module it concerns, by its dotted name ('' for the model itself). */
  module?: string;
}

/** What {@link checkStep} found, plus per-module facts. */
export interface StepReport {
  /** True when no issue was found. */
  ok: boolean;
  /** The findings, in the order they were met. */
  issues: StepIssue[];
  /** One entry per module call with a floating-point output, in the order the forward hooks fired. */
  modules: {
    /** The module's dotted name ('' for the model itself). */
    name: string;
    /** The module's class name, e.g. `'Linear'`. */
    type: string;
    /** The dtype of its (first) output. */
    outputDtype: DType | null;
    /** The largest finite absolute value in that output (inf/NaN count as 0). */
    absMax: number | null;
    /** Whether every element of that output is finite. */
    finite: boolean;
  }[];
  /** The loss value, or null when the forward pass or the loss failed. */
  loss: number | null;
  /** A summary line and one line per issue. */
  toString(): string;
}

/** Options of {@link checkStep}. */
export interface CheckStepOptions {
  /** The model to check. Its state and gradients are restored afterwards. */
  model: Module;
  /** The model's input (passed to `forward`). */
  input: Tensor;
  /** The target passed to `loss`. */
  target: Tensor;
  /** The loss, `(output, target) => scalar`. */
  loss: (output: Tensor, target: Tensor) => Tensor;
  /** The precision mode to check, or a Precision. Default '32-true'. */
  precision?: PrecisionMode | Precision;
  /** The device type of the Precision built from a mode name. Default: the input's device type. */
  device?: 'cpu' | 'cuda';
}

/**
 * The dtype findings of {@link checkStep} that need no forward pass: parameters in float16 or
 * bfloat16 under a mixed mode (`'16-mixed'`, `'bf16-mixed'`), which keeps float32 master weights and
 * autocasts only the computation, so a model already in half precision trains without them (and
 * `'16-mixed'`'s GradScaler cannot unscale its float16 gradients). The Trainer runs these checks
 * before the first step of `fit`, `lrFind` and `overfitBatch`.
 */
export function parameterDtypeIssues(model: Module, precision: Precision): StepIssue[] {
  if (precision.autocastDtype === null) return [];
  const low = model.parameters().filter((p) => p.dtype === 'float16' || p.dtype === 'bfloat16');
  if (low.length === 0) return [];
  const dtypes = [...new Set(low.map((p) => p.dtype))].join(' and ');
  const why = precision.scaler ? ' and a GradScaler, which cannot unscale float16 gradients' : ', and small updates round away in low precision';
  const alternative = precision.autocastDtype === 'bfloat16' ? "; to train bfloat16 weights on purpose, use precision 'bf16-true'" : '';
  return [{ kind: 'half-parameters', message: `${low.length} parameters are ${dtypes} while ${precision.mode} keeps float32 master weights${why}: ` +
    `keep the model in float32 (do not call model.half() or model.bfloat16())${alternative}.` }];
}

/**
 * The gradient-dtype finding of {@link checkStep}, after a backward pass: float16 gradients outside
 * `'16-true'` and without a GradScaler in use, which a GradScaler could not unscale either.
 */
export function gradientDtypeIssues(model: Module, precision: Precision): StepIssue[] {
  if (precision.scaler !== null || precision.mode === '16-true') return [];
  const half = tidy(() => [...model.namedParameters()].filter(([, p]) => p.grad?.dtype === 'float16').map(([name]) => name));
  if (half.length === 0) return [];
  return [{ kind: 'half-gradients', message: `${half.length} gradients are float16 (${half.slice(0, 3).join(', ')}): a GradScaler ` +
    'cannot unscale them ("Attempting to unscale FP16 gradients"). Keep float32 parameters and use autocast.' }];
}

function outputTensors(out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return out.filter((o): o is Tensor => o instanceof Tensor);
  return [];
}

/**
 * Runs one forward and backward pass of `model` on one batch in a precision mode, without changing
 * the model (its state and gradients are restored), and reports in plain words: float16 meeting
 * float32 where an op needs one dtype, a loss whose target does not fit, parameters or gradients left
 * in float16 that a GradScaler cannot unscale, inf/NaN in activations (with the first module where
 * they appear), in the loss or in gradients, and activations above 65504 that overflow in float16.
 *
 * @example
 * ```ts
 * const report = amp.checkStep({ model, input: x, target: y, loss: F.crossEntropy, precision: '16-mixed' });
 * if (!report.ok) console.log(String(report));
 * ```
 */
export function checkStep(options: CheckStepOptions): StepReport {
  if (options === null || typeof options !== 'object') invalidArg('checkStep', 'options', 'an object { model, input, target, loss, ... }', options);
  const { model, input, target, loss } = options;
  if (typeof (model as Partial<Module> | undefined)?.forward !== 'function') invalidArg('checkStep', 'model', 'an nn.Module', model);
  if (!(input instanceof Tensor)) invalidArg('checkStep', 'input', 'a Tensor', input);
  if (!(target instanceof Tensor)) invalidArg('checkStep', 'target', 'a Tensor', target);
  if (typeof loss !== 'function') invalidArg('checkStep', 'loss', 'a function (output, target) => Tensor', loss);
  const precision = options.precision instanceof Precision ? options.precision
    : new Precision(options.precision ?? '32-true', { device: options.device ?? (input.device.startsWith('cuda') ? 'cuda' : 'cpu') });
  const issues: StepIssue[] = [];
  const modules: StepReport['modules'] = [];
  const names = new Map<Module, string>([...model.namedModules()].map(([n, m]) => [m, n]));
  const label = (n: string) => (n === '' ? 'the model' : `'${n}'`);
  const lowPrecision = precision.autocastDtype === 'float16' || precision.paramDtype === 'float16';
  let lossValue: number | null = null;

  issues.push(...parameterDtypeIssues(model, precision));

  const saved = tidy(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, keep(t.clone())])));
  const savedGrads = model.parameters().map((p) => p.grad);
  const stack: string[] = [];
  let firstNonFinite: string | null = null;
  // Whether the first inf was a float16 overflow (reported as such instead of as a non-finite activation).
  let firstIsOverflow = false;
  const hooks = [...names.keys()].flatMap((m) => [
    m.registerForwardPreHook(() => stack.push(names.get(m)!)),
    m.registerForwardHook((_m, inputs, out) => {
      const name = stack.pop() ?? names.get(m)!;
      const outs = outputTensors(out).filter((t) => t.isFloatingPoint());
      if (outs.length === 0) return;
      noGrad(() => tidy(() => {
        const o = outs[0];
        const finite = Boolean(o.isfinite().all().item());
        const absMax = o.numel() > 0 ? (o.abs().nanToNum(0, 0, 0).max().float().item() as number) : 0;
        modules.push({ name, type: m.constructor.name, outputDtype: o.dtype, absMax, finite });
        if (!finite && firstNonFinite === null) {
          firstNonFinite = name;
          // inf in a float16 output computed from finite inputs: the values overflowed float16's range
          // (under '16-mixed' a float32 model's activations above 65504 arrive here as inf).
          const ins = outputTensors(inputs).filter((t) => t.isFloatingPoint());
          if (o.dtype === 'float16' && Boolean(o.isinf().any().item()) && ins.every((t) => Boolean(t.isfinite().all().item()))) {
            firstIsOverflow = true;
            issues.push({ kind: 'fp16-overflow-risk', module: name, message: `activations of ${label(name)} (${m.constructor.name}) overflow ` +
              `float16: values above its maximum ${FLOAT16_MAX} became inf. Normalise earlier, scale the input, or use 'bf16-mixed'.` });
          }
        }
        if (finite && absMax > FLOAT16_MAX && (lowPrecision || o.dtype === 'float32')) {
          issues.push({ kind: 'fp16-overflow-risk', module: name, message: `activations of ${label(name)} (${m.constructor.name}) reach ` +
            `${absMax.toExponential(3)}, above float16's maximum ${FLOAT16_MAX}: in float16 they become inf. Normalise earlier, ` +
            "scale the input, or use 'bf16-mixed'." });
        }
      }));
    }),
  ]);
  try {
    tidy(() => {
      model.zeroGrad();
      let l: Tensor | null = null;
      try {
        l = precision.forward(() => {
          const out = model.forward(precision.convertInput(input)) as Tensor;
          try {
            return loss(out, target);
          } catch (e) {
            issues.push({ kind: 'loss-error', message: `the loss failed: ${(e as Error).message}` });
            return null;
          }
        });
      } catch (e) {
        const where = stack.length ? stack[stack.length - 1] : '';
        const msg = (e as Error).message;
        const mismatch = /dtype|Half|BFloat16|Float|Double/.test(msg);
        issues.push({ kind: mismatch ? 'dtype-mismatch' : 'loss-error', module: where,
          message: mismatch
            ? `float16 met float32 in ${label(where)}: ${msg}. Run the forward pass under autocast (precision '16-mixed'), ` +
              'or convert the input to the parameters\' dtype.'
            : `the forward pass failed in ${label(where)}: ${msg}` });
      }
      if (firstNonFinite !== null && !firstIsOverflow) {
        issues.push({ kind: 'non-finite-activation', module: firstNonFinite,
          message: `inf/NaN first appears in the output of ${label(firstNonFinite)}; check its input and weights` +
            (lowPrecision ? ', or use bfloat16, which has float32\'s range' : '') + '.' });
      }
      if (l === null) return;
      lossValue = l.float().item() as number;
      if (!Number.isFinite(lossValue)) {
        issues.push({ kind: 'non-finite-loss', message: `the loss is ${lossValue}` + (firstNonFinite === null ? ' although every activation is finite: check the target and the loss.' : '.') });
        return;
      }
      l.backward();
      const badGrads: string[] = [];
      for (const [name, p] of model.namedParameters()) {
        const g = p.grad;
        if (g !== null && !g.isfinite().all().item()) badGrads.push(name);
      }
      if (!issues.some((i) => i.kind === 'half-parameters')) issues.push(...gradientDtypeIssues(model, precision));
      if (badGrads.length) {
        issues.push({ kind: 'non-finite-gradient', message: `gradients of ${badGrads.slice(0, 3).join(', ')}${badGrads.length > 3 ? ` and ${badGrads.length - 3} more` : ''} ` +
          'hold inf/NaN' + (precision.scaler ? ' (a GradScaler would skip this step and lower its scale)' : '') + '.' });
      }
    });
  } finally {
    for (const h of hooks) h.remove();
    model.loadStateDict(saved, { strict: false });
    for (const t of Object.values(saved)) t.dispose();
    model.parameters().forEach((p, i) => { p.grad = savedGrads[i]; savedGrads[i]?.dispose(); });
  }
  const ok = issues.length === 0;
  return {
    ok, issues, modules, loss: lossValue,
    toString() {
      const head = `checkStep (${precision.mode}): ${ok ? 'no problems found' : `${issues.length} problem${issues.length > 1 ? 's' : ''}`}` +
        (lossValue !== null ? `, loss ${lossValue}` : '');
      return [head, ...issues.map((i) => `  - ${i.message}`)].join('\n');
    },
  };
}
