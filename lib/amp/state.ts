/**
 * Autocast state as libtorch holds it (per thread).
 * @module
 */
import { native } from '../native.js';

/** Whether autocast is on for the device type of `device` (`'cpu'`, `'cuda'`, `'cuda:0'`, ...) on this thread. */
export function isAutocastEnabled(device: string): boolean {
  return native.isAutocastEnabled(device.startsWith('cuda') ? 'cuda' : 'cpu');
}
