/**
 * `torch.memory()` and the CUDA memory figures.
 * @module
 */
import { cudaDeviceCount, native } from './native.js';

/** What `torch.memory()` reports. */
export interface MemoryInfo {
  /** Tensors alive in the addon's table (not yet disposed or collected). */
  liveTensors: number;
  /** Bytes those tensors view (numel × itemsize; views of one storage are each counted). */
  liveBytes: number;
  /** CUDA caching-allocator figures of device 0, when CUDA is available. */
  cuda?: {
    /** Bytes now held by live CUDA tensors (PyTorch `torch.cuda.memory_allocated()`). */
    allocatedBytes: number;
    /** Most bytes held by tensors since start or `torch.cuda.resetPeakMemoryStats()` (`max_memory_allocated()`). */
    peakAllocatedBytes: number;
    /** Bytes the caching allocator holds from the driver, used or cached (`memory_reserved()`). */
    reservedBytes: number;
    /** Most bytes reserved since start or `torch.cuda.resetPeakMemoryStats()` (`max_memory_reserved()`). */
    peakReservedBytes: number;
  };
}

/** Live tensors and bytes, and CUDA allocator figures where a GPU is present. */
export function memory(): MemoryInfo {
  const m: MemoryInfo = native.memory();
  if (cudaDeviceCount() > 0) m.cuda = native.cudaMemory(0) as MemoryInfo['cuda'];
  return m;
}
