// Second pass over messages written by systemd (stub: being written).
import type { Reading } from './reading.ts';

/** Reads one systemd message into typed fields and entities; false when it is not one of systemd's. */
export function readSystemd(_message: string, _r: Reading): boolean {
  return false;
}
