/**
 * `torch.jit`: TorchScript modules loaded from PyTorch (`load`) and torchts models recorded into
 * TorchScript (`trace`), run by libtorch's interpreter.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { TorchError, allItems, checkOptions, invalidArg } from '../errors.js';
import { native } from '../native.js';
import { Module } from '../nn/module.js';
import { type Device, checkDevice } from '../tensor/device.js';
import { Tensor, wrap as wrapHandle } from '../tensor/tensor.js';
import { tidy } from '../tensor/scope.js';
import { ScriptModule, checkSync } from './script-module.js';
import { whileTracing } from './tracing.js';

export { ScriptModule, type ScriptValue } from './script-module.js';

/**
 * Loads a TorchScript module: a file Python's `torch.jit.save` wrote (from `torch.jit.script` or
 * `torch.jit.trace`), or its bytes. `device` maps its tensors there, as `map_location` does.
 *
 * @throws TypeError for bad arguments; TorchError for a missing file (naming it) or one that is not a
 *   TorchScript archive (a safetensors file, an ONNX model, a checkpoint), in libtorch's words.
 */
export function load(source: string | Uint8Array, options: { device?: Device } = {}): ScriptModule {
  const op = 'jit.load';
  checkOptions(op, options, ['device']);
  const device = options.device === undefined ? null : checkDevice(op, options.device);
  if (source instanceof Uint8Array) return new ScriptModule(native.jitLoadBytes(source, device));
  if (typeof source !== 'string') invalidArg(op, 'source', 'a file path or a Uint8Array of its bytes', source);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new TorchError(`${op}(): no file at ${source}; save one in Python with torch.jit.save(torch.jit.script(model), path)`, 'ERR_TORCH');
  }
  return new ScriptModule(native.jitLoad(source, device));
}

/**
 * Records `module`'s forward on `exampleInputs` into a TorchScript module, as `torch.jit.trace`:
 * every libtorch operation the forward runs becomes a node of the graph, and the module's
 * parameters and buffers (the same tensors, under the same dotted names) become its attributes. The
 * result runs without JavaScript and `save()` writes a file Python's `torch.jit.load` runs.
 *
 * As in PyTorch, tracing records one run: control flow that depends on the data (an `if` on a
 * tensor's value, a loop over its size) is frozen to the path this input took; reading a value
 * (`item()`, `data()`, `toArray()`) during the trace emits a TracerWarning saying so. Trace in eval
 * mode for inference (dropout off, batch norm on running statistics).
 *
 * @throws TypeError for bad arguments; whatever the forward throws, with nothing left recording.
 */
export function trace(module: Module, exampleInputs: Tensor | Tensor[]): ScriptModule {
  const op = 'jit.trace';
  if (!(module instanceof Module)) invalidArg(op, 'module', 'an nn.Module', module);
  const inputs = exampleInputs instanceof Tensor ? [exampleInputs] : exampleInputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || !allItems(inputs, (t) => t instanceof Tensor)) {
    invalidArg(op, 'exampleInputs', 'a Tensor or a non-empty array of Tensors', exampleInputs);
  }
  const entries: [string, number, boolean][] = [
    ...[...module.namedParameters()].map(([k, p]): [string, number, boolean] => [k, p._h, false]),
    ...[...module.namedBuffers()].map(([k, b]): [string, number, boolean] => [k, b._h, true]),
  ];
  const ref = whileTracing(() => tidy(() => native.jitTrace(module.constructor.name || 'Module', entries, inputs.map((t) => t._h), (...handles: number[]) => {
    const out = module.forward(...handles.map((h) => wrapHandle(h)));
    checkSync(op, out);
    const outputs = out instanceof Tensor ? [out] : out;
    if (!Array.isArray(outputs) || !allItems(outputs, (t) => t instanceof Tensor)) {
      throw new TypeError(`${op}(): the forward must return a Tensor or an array of Tensors to be traced, but returned ${typeof out}`);
    }
    return outputs.map((t) => t._h);
  })));
  return new ScriptModule(ref);
}
