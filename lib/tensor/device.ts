/**
 * Device names: `'cpu'`, `'cuda'`, `'cuda:N'`.
 * @module
 */
import { TorchError, invalidArg } from '../errors.js';
import { cudaDeviceCount, native } from '../native.js';

/** A device as PyTorch writes it. */
export type Device = 'cpu' | 'cuda' | `cuda:${number}`;

const DEVICE = /^(cpu|cuda)(:\d+)?$/;

/** Validates a device argument. */
export function checkDevice(op: string, value: unknown, name = 'device'): Device {
  if (typeof value === 'string' && DEVICE.test(value) && !value.startsWith('cpu:')) return value as Device;
  return invalidArg(op, name, "'cpu', 'cuda' or 'cuda:N'", value);
}

/**
 * Throws one clear TorchError when `device` names a CUDA device this process cannot use. Without it,
 * each libtorch path words the failure its own way ("Found no NVIDIA driver", "CUDA driver version
 * is insufficient", ...), depending on which call met CUDA first.
 */
export function checkDeviceAvailable(op: string, device: Device): void {
  if (!device.startsWith('cuda')) return;
  const count = cudaDeviceCount();
  const index = device === 'cuda' ? 0 : Number(device.slice(5));
  if (index < count) return;
  const why = count > 0 ? `this machine has ${count} CUDA device${count === 1 ? '' : 's'} (cuda:0${count > 1 ? ` to cuda:${count - 1}` : ''})`
    : !native.info().compiledWithCuda ? 'the libtorch torchts was built against has no CUDA support'
      : 'libtorch found no usable NVIDIA GPU and driver on this machine';
  throw new TorchError(`${op}(): device '${device}' is not available: ${why}. Use device 'cpu', or check the GPU with ` +
    '`npx torchts info`.', 'ERR_TORCH');
}

/** The device argument for the addon, or null for "not given"; a CUDA device must be available. */
export function deviceArg(op: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const device = checkDevice(op, value);
  checkDeviceAvailable(op, device);
  return device;
}
