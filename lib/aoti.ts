/**
 * `torch.aoti`: AOTInductor packages. Python's `torch._inductor.aoti_compile_and_package` compiles an
 * exported model into fused C++ (or CUDA) kernels in a shared library inside a `.pt2` file; libtorch's
 * own loader runs it here, with no Python and no interpreter: PyTorch's fastest inference path.
 * @module
 */
import { existsSync } from 'node:fs';
import { TorchError, checkOptions, invalidArg } from './errors.js';
import { native } from './native.js';
import { type Device, checkDevice } from './tensor/device.js';
import { Tensor, hs, wrap } from './tensor/tensor.js';

/** Options of {@link loadPackage}. */
export interface LoadPackageOptions {
  /** For a package compiled for CUDA, the GPU to run on (`'cuda:1'`). Default: the package's device. */
  device?: Device;
  /** The model's name inside the package. Default `'model'`, as `aoti_compile_and_package` names it. */
  modelName?: string;
}

/** The addon's package (opaque). */
type Ref = ReturnType<typeof native.aotiLoad>;

/**
 * A compiled model: `run(inputs)` gives its outputs. Inputs must have the shapes, dtypes and device
 * it was compiled for (dynamic dimensions excepted); they are checked before the kernels run.
 * `runAsync` runs on the inference thread (the call holds the inputs' tensors meanwhile). Runs of one
 * package happen one at a time.
 *
 * @example
 * ```ts
 * // Python: torch._inductor.aoti_compile_and_package(torch.export.export(model, (x,)), package_path="model.pt2")
 * const model = torch.aoti.loadPackage('model.pt2');
 * const [logits] = await model.runAsync([images]);
 * ```
 */
export class AOTIModel {
  #ref: Ref | null;

  /** @internal Made by loadPackage. */
  constructor(ref: Ref) {
    this.#ref = ref;
  }

  #live(op: string): Ref {
    if (!this.#ref) throw new TorchError(`AOTIModel.${op}: the package was disposed`, 'ERR_DISPOSED');
    return this.#ref;
  }

  /** Runs the model on this thread: the inputs (one Tensor per input of the exported forward) give its flat list of outputs. */
  run(inputs: Tensor | Tensor[]): Tensor[] {
    const list = inputs instanceof Tensor ? [inputs] : inputs;
    return native.aotiRun(this.#live('run'), hs(list, 'AOTIModel.run', 'inputs'), 'AOTIModel.run').map(wrap);
  }

  /** {@link run} on the inference thread. */
  async runAsync(inputs: Tensor | Tensor[]): Promise<Tensor[]> {
    const list = inputs instanceof Tensor ? [inputs] : inputs;
    const handles = await native.aotiRunAsync(this.#live('runAsync'), hs(list, 'AOTIModel.runAsync', 'inputs'), 'AOTIModel.runAsync');
    return handles.map(wrap);
  }

  /** @internal {@link runAsync} on `samples` stacked into one batch, stacked on the inference thread too (serve.BatchQueue). */
  async _runStackedAsync(samples: Tensor[], op: string): Promise<Tensor[]> {
    return (await native.aotiRunStackedAsync(this.#live(op), samples.map((t) => t._h), op)).map(wrap);
  }

  /** What the package records about itself: the platform, the CPU instruction set or CUDA capability it was compiled for, ... */
  metadata(): Record<string, string> {
    return native.aotiMetadata(this.#live('metadata'));
  }

  /** The names of the weights compiled in (the exported module's parameters and buffers). */
  constantNames(): string[] {
    return native.aotiConstantNames(this.#live('constantNames'));
  }

  /** Unloads the package; runs already started finish. Later calls throw ERR_DISPOSED. */
  dispose(): void {
    if (this.#ref) native.aotiRelease(this.#ref);
    this.#ref = null;
  }

  /** `using model = torch.aoti.loadPackage(...)` disposes it at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Loads an AOTInductor package (`.pt2`), as Python's `torch._inductor.aoti_load_package`.
 *
 * The generated code checks each run's inputs against what it was compiled for only when
 * `AOTI_RUNTIME_CHECK_INPUTS` is set, and reads out of bounds otherwise: torchts sets it (to 1) unless
 * the environment already has it, so a wrong input is an error, not a crash.
 *
 * @throws TypeError for bad options; TorchError for a missing file, or one that is not a package
 *   compiled for this machine (another CPU architecture, a CUDA package without a GPU).
 */
export function loadPackage(path: string, options: LoadPackageOptions = {}): AOTIModel {
  const op = 'aoti.loadPackage';
  if (typeof path !== 'string') invalidArg(op, 'path', 'the path of a .pt2 package', path);
  checkOptions(op, options, ['device', 'modelName']);
  const modelName = options.modelName ?? 'model';
  if (typeof modelName !== 'string') invalidArg(op, 'modelName', 'a string', modelName);
  const device = options.device === undefined ? null : checkDevice(op, options.device);
  const index = device === null || device === 'cpu' ? -1 : Number(device.split(':')[1] ?? 0);
  if (!existsSync(path)) {
    throw new TorchError(`${op}(): no file at ${path}; make one in Python with torch._inductor.aoti_compile_and_package`, 'ERR_TORCH');
  }
  process.env.AOTI_RUNTIME_CHECK_INPUTS ??= '1';
  return new AOTIModel(native.aotiLoad(path, modelName, index));
}
