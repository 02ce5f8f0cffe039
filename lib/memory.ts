/**
 * `torch.memory()` and the CUDA memory figures.
 * @module
 */
import { native } from './native.js';

/** What `torch.memory()` reports. */
export interface MemoryInfo {
  /** Tensors alive in the addon's table (not yet disposed or collected). */
  liveTensors: number;
  /** Bytes those tensors view (numel × itemsize; views of one storage are each counted). */
  liveBytes: number;
  /** CUDA caching-allocator figures of device 0, when CUDA is available. */
  cuda?: { allocatedBytes: number; peakAllocatedBytes: number; reservedBytes: number; peakReservedBytes: number };
}

/** Live tensors and bytes, and CUDA allocator figures where a GPU is present. */
export function memory(): MemoryInfo {
  const m: MemoryInfo = native.memory();
  if (native.info().cudaAvailable) m.cuda = native.cudaMemory(0) as MemoryInfo['cuda'];
  return m;
}
