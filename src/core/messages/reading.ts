// What a second-pass reader writes into: the event's own `fields` and `entities`. The envelope
// (journal, syslog, dmesg) filled them first and wins: a reader never overwrites a key.
import type { EntityKind, EntityRef, FieldValue } from '../model/event.ts';

export interface Reading {
  fields: Record<string, FieldValue>;
  entities: EntityRef[];
}

/** Sets `fields[key]` unless the envelope or an earlier reader already did, or `v` is empty. */
export function setField(r: Reading, key: string, v: FieldValue | undefined | null): void {
  if (v === undefined || v === null || v === '') return;
  if (typeof v === 'number' && !Number.isFinite(v)) return;
  if (!(key in r.fields)) r.fields[key] = v;
}

/** Adds an entity once (same kind and id). */
export function addEntity(r: Reading, kind: EntityKind, id: string | undefined | null): void {
  if (!id) return;
  for (const e of r.entities) if (e.kind === kind && e.id === id) return;
  r.entities.push({ kind, id });
}

/** A decimal integer field, or undefined (never NaN). */
export function intOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}
