/**
 * Device names: `'cpu'`, `'cuda'`, `'cuda:N'`.
 * @module
 */
import { invalidArg } from '../errors.js';

/** A device as PyTorch writes it. */
export type Device = 'cpu' | 'cuda' | `cuda:${number}`;

const DEVICE = /^(cpu|cuda)(:\d+)?$/;

/** Validates a device argument. */
export function checkDevice(op: string, value: unknown, name = 'device'): Device {
  if (typeof value === 'string' && DEVICE.test(value) && !value.startsWith('cpu:')) return value as Device;
  return invalidArg(op, name, "'cpu', 'cuda' or 'cuda:N'", value);
}

/** The device argument for the addon, or null for "not given". */
export function deviceArg(op: string, value: unknown): string | null {
  return value === undefined || value === null ? null : checkDevice(op, value);
}
