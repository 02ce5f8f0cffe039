/**
 * Grad mode and `torch.autograd.grad`.
 * @module
 */
import { checkOptions, invalidArg } from './errors.js';
import { native } from './native.js';
import { type Tensor, h, hs, wrapOpt } from './tensor/tensor.js';

function withGradMode<T>(on: boolean, opName: string, fn: () => T): T {
  if (typeof fn !== 'function') invalidArg(opName, 'fn', 'a function', fn);
  const prev = native.isGradEnabled();
  native.setGradEnabled(on);
  try {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw new TypeError(`${opName}(): fn returned a Promise. Grad mode is per thread and synchronous: ` +
        `wrap each synchronous step in ${opName}() instead of an async function.`);
    }
    return result;
  } finally {
    native.setGradEnabled(prev);
  }
}

/**
 * Runs `fn` with gradient recording off (PyTorch's `torch.no_grad()`), restoring the previous mode
 * after, also when `fn` throws. `fn` must be synchronous.
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, 'noGrad', fn);
}

/** Runs `fn` with gradient recording on (inside a {@link noGrad} region, for example). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, 'enableGrad', fn);
}

/** Whether operations are recorded for autograd on this thread now. */
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}

/** Sets grad mode for this thread. Prefer {@link noGrad}, which restores it. */
export function setGradEnabled(on: boolean): void {
  if (typeof on !== 'boolean') invalidArg('setGradEnabled', 'on', 'a boolean', on);
  native.setGradEnabled(on);
}

/** Options of `torch.autograd.grad`. */
export interface GradOptions {
  /** Gradients of `outputs` (needed for non-scalar outputs). */
  gradOutputs?: (Tensor | null)[];
  /** Keep the graph for another backward pass. Default: `createGraph`. */
  retainGraph?: boolean;
  /** Build a graph of the gradient itself, for higher-order derivatives. Default false. */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. Default false. */
  allowUnused?: boolean;
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned instead of accumulated into
 * `.grad` (PyTorch's `torch.autograd.grad`).
 *
 * @example
 * ```ts
 * const x = torch.tensor([3.0], { requiresGrad: true });
 * const [dx] = torch.autograd.grad([x.pow(2).sum()], [x]); // tensor([6.])
 * ```
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const op = 'autograd.grad';
  checkOptions(op, options, ['gradOutputs', 'retainGraph', 'createGraph', 'allowUnused']);
  const outs = hs(Array.isArray(outputs) ? outputs : [outputs], op, 'outputs');
  const ins = hs(Array.isArray(inputs) ? inputs : [inputs], op, 'inputs');
  const go = options.gradOutputs;
  if (go !== undefined && go !== null && !Array.isArray(go)) invalidArg(op, 'gradOutputs', 'an array of Tensors or nulls', go);
  const gradOutputs = go ? go.map((g, i) => (g === null ? null : h(g, op, `gradOutputs[${i}]`))) : null;
  const retainGraph = options.retainGraph ?? null;
  if (retainGraph !== null && typeof retainGraph !== 'boolean') invalidArg(op, 'retainGraph', 'a boolean', retainGraph);
  const createGraph = options.createGraph ?? false;
  if (typeof createGraph !== 'boolean') invalidArg(op, 'createGraph', 'a boolean', createGraph);
  const allowUnused = options.allowUnused ?? false;
  if (typeof allowUnused !== 'boolean') invalidArg(op, 'allowUnused', 'a boolean', allowUnused);
  const result = native.autogradGrad(outs, ins, gradOutputs, retainGraph, createGraph, allowUnused);
  return result.map(wrapOpt);
}

/**
 * @internal Clears the gradients of `params`: to null (PyTorch's default, `set_to_none=True`), or
 * to zeros in place. The one implementation of `Module.zeroGrad` and `Optimizer.zeroGrad`.
 */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  for (const p of params) {
    if (setToNone) {
      native.setGrad(p._h, null);
      continue;
    }
    const g = native.grad(p._h);
    if (g !== null) {
      native.zero_(g);
      native.dispose(g);
    }
  }
}
