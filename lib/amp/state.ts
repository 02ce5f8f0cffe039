/**
 * Autocast state for code that must not import the autocast module (the losses' checks).
 * @module
 */
import { native } from '../native.js';

/** Whether autocast is on for the device type of `device` (`'cpu'`, `'cuda'`, `'cuda:0'`, ...) on this thread. */
export function isAutocastEnabled(device: string): boolean {
  return native.autocastState(device.startsWith('cuda') ? 'cuda' : 'cpu').enabled;
}
