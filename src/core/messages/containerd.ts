// Second pass over messages written by containerd (stub: being written).
import type { Reading } from './reading.ts';

/** Reads one containerd message into typed fields and entities; false when it is not one of containerd's. */
export function readContainerd(_message: string, _r: Reading): boolean {
  return false;
}
