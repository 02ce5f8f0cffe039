/**
 * Whether a trace is being recorded on this thread, and the warning PyTorch's tracer gives when the
 * traced code reads a tensor's value: the value enters the graph as a constant, so any control flow
 * that depends on it is frozen to the example input's path. Kept free of imports: Tensor's read-back
 * methods check it.
 * @module
 */

let depth = 0;
let warned = new Set<string>();

/** @internal Runs `fn` as the body of a trace. */
export function whileTracing<T>(fn: () => T): T {
  if (depth === 0) warned = new Set();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** @internal Called by item(), data() and toArray(): warns, once per method and trace, when a trace is being recorded. */
export function valueRead(method: string): void {
  if (depth === 0 || warned.has(method)) return;
  warned.add(method);
  process.emitWarning(`jit.trace(): ${method}() read a tensor's value while tracing. The trace records that value as a constant, so control ` +
    'flow that depends on it is frozen to the example input\'s path, and the traced module may be wrong for other inputs. Keep the ' +
    'computation in tensor operations (torch.where, masks), or export a scripted model from Python.', { type: 'TracerWarning', code: 'TORCHTS_TRACER_VALUE_READ' });
}
