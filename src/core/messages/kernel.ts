// Second pass over messages written by kernel (stub: being written).
import type { Reading } from './reading.ts';

/** Reads one kernel message into typed fields and entities; false when it is not one of kernel's. */
export function readKernel(_message: string, _r: Reading): boolean {
  return false;
}
