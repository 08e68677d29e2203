// Second pass over messages written by kubelet (stub: being written).
import type { Reading } from './reading.ts';

/** Reads one kubelet message into typed fields and entities; false when it is not one of kubelet's. */
export function readKubelet(_message: string, _r: Reading): boolean {
  return false;
}
