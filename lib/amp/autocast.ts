/**
 * `amp.autocast`: runs a function with libtorch's autocast on, entering and leaving it exactly as
 * Python's `torch.autocast` does (nesting, cache clearing, restore), also when the function throws.
 * @module
 */
import { checkOptions, invalidArg } from '../errors.js';
import { cudaDeviceCount, native } from '../native.js';
import { isAutocastEnabled as autocastOn } from './state.js';
import { type DType, dtypeCode, dtypeName } from '../tensor/dtype.js';
import { isThenable } from '../util.js';

/** Device types autocast knows. A device such as `'cuda:1'` selects its type. */
export type AutocastDevice = 'cpu' | 'cuda' | `cuda:${number}`;

/** Options of {@link autocast}. */
export interface AutocastOptions {
  /** The device type to autocast on, `'cpu'` or `'cuda'` (PyTorch `device_type`); `'cuda:1'` counts as `'cuda'`. Required. */
  device: AutocastDevice;
  /** The low-precision dtype. Default: libtorch's current one for the device (float16 on CUDA, bfloat16 on CPU). */
  dtype?: 'float16' | 'bfloat16';
  /** Default true; false runs `fn` with autocast off (inside an enabled region, too). */
  enabled?: boolean;
  /** Cache the low-precision casts of weights within the region. Default: the current setting (true). */
  cacheEnabled?: boolean;
}

function deviceType(op: string, device: unknown): 'cpu' | 'cuda' {
  if (typeof device === 'string' && /^(cpu|cuda(:\d+)?)$/.test(device)) return device.startsWith('cuda') ? 'cuda' : 'cpu';
  return invalidArg(op, 'device', "'cpu' or 'cuda'", device);
}

let warnedCpuFloat16 = false;

// CPU kernels have few float16 paths (most ops upcast and round back element by element): a model
// under float16 autocast on the CPU ran about 80× slower than in float32 (an external audit's measurement),
// while bfloat16 has fast CPU kernels. Once per process, with a code so it can be filtered.
function warnCpuFloat16(): void {
  if (warnedCpuFloat16) return;
  warnedCpuFloat16 = true;
  process.emitWarning("autocast(): float16 on the CPU is far slower than float32 (most CPU kernels have no fast float16 path). Use bfloat16: " +
    "autocast({ device: 'cpu', dtype: 'bfloat16' }), or precision: 'bf16-mixed' in a Trainer. float16 pays off on CUDA.",
  { type: 'TorchtsWarning', code: 'TORCHTS_CPU_FLOAT16_AUTOCAST' });
}

const ASYNC_MESSAGE = 'autocast(): fn must be synchronous. Autocast state belongs to the thread, so after an await it ' +
  'would leak into whatever runs next. Wrap each synchronous forward pass (and loss) in autocast() instead.';

/**
 * Runs `fn` under autocast: matmuls and convolutions run in `dtype`, precision-sensitive ops (softmax
 * and losses on CUDA, for example) in float32, following libtorch's per-device policies. Returns
 * `fn`'s result. Regions nest; the previous state is restored on exit, also when `fn` throws.
 *
 * float16 on the CPU is far slower than float32; entering it warns once per process (a
 * `TorchtsWarning` with code `TORCHTS_CPU_FLOAT16_AUTOCAST`): use bfloat16 on the CPU.
 *
 * @example
 * ```ts
 * const loss = amp.autocast({ device: 'cuda', dtype: 'float16' }, () =>
 *   nn.functional.crossEntropy(model.forward(x), y));
 * ```
 * @throws TypeError if `fn` is async or returns a promise (autocast state is per thread).
 */
export function autocast<T>(options: AutocastOptions, fn: () => T): T {
  checkOptions('autocast', options, ['device', 'dtype', 'enabled', 'cacheEnabled']);
  const dt = deviceType('autocast', options?.device);
  if (typeof fn !== 'function') invalidArg('autocast', 'fn', 'a function', fn);
  if (fn.constructor?.name === 'AsyncFunction') throw new TypeError(ASYNC_MESSAGE);
  if (options.dtype !== undefined && options.dtype !== 'float16' && options.dtype !== 'bfloat16') {
    invalidArg('autocast', 'dtype', "'float16' or 'bfloat16'", options.dtype);
  }
  let enabled = options.enabled ?? true;
  if (typeof enabled !== 'boolean') invalidArg('autocast', 'enabled', 'a boolean', enabled);
  // Checked here, before entering: the native enter sets enabled, dtype and nesting before it reads
  // this argument, so a bad value would otherwise leave autocast on (and the nesting count raised).
  if (options.cacheEnabled !== undefined && typeof options.cacheEnabled !== 'boolean') {
    invalidArg('autocast', 'cacheEnabled', 'a boolean', options.cacheEnabled);
  }
  if (dt === 'cuda' && enabled && cudaDeviceCount() === 0) {
    // PyTorch warns and runs without autocast; so does torchts.
    process.emitWarning('User provided device_type of \'cuda\', but CUDA is not available. Disabling', 'UserWarning');
    enabled = false;
  }
  const prev = native.autocastState(dt);
  const dtype = options.dtype === undefined ? prev.dtype : dtypeCode('autocast', options.dtype)!;
  if (dt === 'cpu' && enabled && dtypeName(dtype) === 'float16') warnCpuFloat16();
  const cache = options.cacheEnabled ?? prev.cacheEnabled;
  native.autocastEnter(dt, enabled, dtype, cache);
  let result: T;
  try {
    result = fn();
  } finally {
    native.autocastExit(dt, prev.enabled, prev.dtype, prev.cacheEnabled);
  }
  if (isThenable(result)) throw new TypeError(ASYNC_MESSAGE);
  return result;
}

/** Whether autocast is on for a device type on this thread. */
export function isAutocastEnabled(device: AutocastDevice): boolean {
  return autocastOn(deviceType('isAutocastEnabled', device));
}

/** The dtype autocast uses for a device type on this thread. */
export function getAutocastDtype(device: AutocastDevice): DType {
  return dtypeName(native.autocastState(deviceType('getAutocastDtype', device)).dtype);
}
