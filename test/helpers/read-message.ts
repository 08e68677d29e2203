// The harness the message readers' tests share (src/core/messages: readKernel, readSystemd,
// readKubelet, readContainerd): a reader run on one message, its rejection of foreign text, and
// its time on near-miss text.
import { expect } from 'vitest';
import type { Reading } from '../../src/core/messages/reading.ts';

/** A message reader: true when it took the message, writing into the reading. */
export type Reader = (message: string, r: Reading) => boolean;

/** The reader on one message (`fields`: what the envelope already set). */
export function readMessage(
  reader: Reader,
  message: string,
  fields: Reading['fields'] = {},
): Reading & { ok: boolean } {
  const r: Reading = { fields, entities: [] };
  const ok = reader(message, r);
  return { ...r, ok };
}

/** The entities of a reading as `kind:id`. */
export function entityIds(r: Reading): string[] {
  return r.entities.map((x) => `${x.kind}:${x.id}`);
}

/** The reader on one message, in short: whether it took it, its fields, its entities as `kind:id`. */
export function briefReader(
  reader: Reader,
): (message: string) => { ok: boolean; f: Reading['fields']; e: string[] } {
  return (message) => {
    const r = readMessage(reader, message);
    return { ok: r.ok, f: r.fields, e: entityIds(r) };
  };
}

/** Every message is rejected, and the reader wrote nothing. */
export function expectRejected(reader: Reader, messages: readonly string[]): void {
  for (const m of messages) {
    const r = readMessage(reader, m);
    expect(r.ok, m).toBe(false);
    expect(r.fields, m).toEqual({});
    expect(r.entities, m).toEqual([]);
  }
}

/**
 * Each seed followed by 5 000 or 20 000 characters of each filler: four times the text may take
 * at most 12 times as long (a regex that backtracks takes far more).
 */
export function expectLinearOnNearMisses(
  reader: Reader,
  seeds: readonly string[],
  fillers: readonly string[],
): void {
  const run = (len: number) => {
    const t = performance.now();
    for (const s of seeds)
      for (const f of fillers) reader(s + f.repeat(Math.ceil(len / f.length)), { fields: {}, entities: [] });
    return performance.now() - t;
  };
  run(2_000);
  const short = Math.max(run(5_000), 1);
  const long = run(20_000);
  expect(long / short).toBeLessThan(12);
}
