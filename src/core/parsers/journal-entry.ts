// One journal entry -> one LogEvent, for every structured journalctl mode: `-o json` (and
// json-seq / json-sse), `-o json-pretty`, `-o export` and `-o verbose` all print the same entry
// fields (FORMATS.md 1.4-1.6, 1.10); only the framing differs. Each parser turns its framing into
// a JSON-shaped object (what `-o json` prints: a string per field, an array of byte numbers for a
// value that is not printable UTF-8, an array of values for a field that occurs more than once,
// `null` for a value journalctl left out) and this module maps it, so one entry gives the same
// event whichever mode printed it.
//
// The mapping: `__REALTIME_TIMESTAMP` (else `_SOURCE_REALTIME_TIMESTAMP`) -> time (µs, exact),
// `__MONOTONIC_TIMESTAMP` -> monotonic (seconds), `_BOOT_ID` -> boot (else the last `-- Boot --`
// marker), `PRIORITY` -> severity, `SYSLOG_IDENTIFIER` (else `_COMM`) -> ident, `_PID` (else
// `SYSLOG_PID`) -> pid, `_SYSTEMD_UNIT` -> unit, `_HOSTNAME` -> host, `MESSAGE` -> message. Every
// other field stays in `fields` under its own name, as the journal's own string. Container and pod
// ids the entry's fields name become entities (the message itself is read by the second pass).

import { addCgroupEntities, addContainerEntity, namesInCgroup, normalizePodUid } from '../messages/ids.ts';
import { addEntity, type Reading } from '../messages/reading.ts';
import type { EntityRef, FieldValue, LogEvent } from '../model/event.ts';
import { severityFromPriority } from '../util/time.ts';
import { makeEvent } from './event-builder.ts';
import type { ParseContext } from './parser-api.ts';

/** An entry as `-o json` prints it: field name -> string, byte array, array of values, or null. */
export type JournalObject = Record<string, unknown>;

/** True when the object holds a key only a journal entry has (what `-o json` always prints). */
export function isJournalEntry(o: JournalObject): boolean {
  return 'MESSAGE' in o || '__REALTIME_TIMESTAMP' in o || '__CURSOR' in o;
}

function isByteArray(v: unknown[]): v is number[] {
  return v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);
}

const UTF8 = new TextDecoder('utf-8');

/** A journal JSON value as text: a string, decoded bytes, or a repeated field's values one per line. */
export function valueText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return undefined; // null: over the data threshold (no --all)
  if (isByteArray(v)) return UTF8.decode(Uint8Array.from(v));
  const parts: string[] = [];
  for (const el of v) {
    if (typeof el === 'string') parts.push(el);
    else if (Array.isArray(el) && isByteArray(el)) parts.push(UTF8.decode(Uint8Array.from(el)));
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

// `"__REALTIME_TIMESTAMP":"1764147601187334"`, `"_PID":"2211"`: decimal strings (FORMATS.md 1.6).
const DIGITS_RE = /^\d{1,17}$/;
// `"PRIORITY":"3"` (FORMATS.md 1.10: `0`..`7`)
const PRIORITY_RE = /^[0-7]$/;

function digits(v: unknown): number | undefined {
  return typeof v === 'string' && DIGITS_RE.test(v) ? Number(v) : undefined;
}

// Mapped onto the event itself, or opaque (the cursor repeats boot, realtime and monotonic).
const NOT_FIELDS = ['MESSAGE', '__CURSOR', '__SEQNUM_ID'];

// `CONTAINER_NAME=k8s_api_api-0_default_5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f_3`: the name docker
// (dockershim, cri-dockerd) gives a pod's container, `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`
// (kubernetes pkg/kubelet/dockershim/naming.go); the journald log driver logs it as CONTAINER_NAME.
const K8S_DOCKER_NAME_RE = /^k8s_[^_]{1,253}_([^_]{1,253})_([^_]{1,253})_([0-9a-f-]{36})_\d{1,10}$/;

/**
 * Entities the entry's own fields name (never its message): the container of the docker / podman
 * journald log driver (`CONTAINER_ID` as printed, 12 hex, and `CONTAINER_ID_FULL`, 64 hex), its
 * image (`IMAGE_NAME`) and pod (a `k8s_...` `CONTAINER_NAME`), and the pod / container that
 * `_SYSTEMD_CGROUP`, `_SYSTEMD_UNIT` (`cri-containerd-<id>.scope`) or `_SYSTEMD_SLICE`
 * (`kubepods-burstable-pod<uid>.slice`) name. A cgroup that names neither (every service's
 * `/system.slice/x.service`) adds nothing: it links no container to anything.
 */
function entryEntities(o: JournalObject): EntityRef[] {
  const r: Reading = { fields: {}, entities: [] };
  addContainerEntity(r, valueText(o.CONTAINER_ID_FULL));
  addContainerEntity(r, valueText(o.CONTAINER_ID));
  const name = valueText(o.CONTAINER_NAME);
  const k8s = name === undefined ? null : K8S_DOCKER_NAME_RE.exec(name);
  if (k8s) {
    addEntity(r, 'pod', `${k8s[2]}/${k8s[1]}`);
    addEntity(r, 'pod', normalizePodUid(k8s[3]));
  }
  addEntity(r, 'image', valueText(o.IMAGE_NAME));
  const cgroup = valueText(o._SYSTEMD_CGROUP);
  if (cgroup !== undefined) {
    const n = namesInCgroup(cgroup);
    if (n.podUid !== undefined || n.containerId !== undefined) addCgroupEntities(r, cgroup);
  }
  for (const key of ['_SYSTEMD_UNIT', '_SYSTEMD_SLICE']) {
    const v = valueText(o[key]);
    if (v === undefined) continue;
    const n = namesInCgroup(v);
    if (n.podUid !== undefined) addEntity(r, 'pod', n.podUid);
    if (n.containerId !== undefined) addEntity(r, 'container', n.containerId);
  }
  return r.entities;
}

export interface EntryRange {
  line: number;
  lineEnd: number;
  /** The boot of the `-- Boot <id> --` marker before the entry, for entries without `_BOOT_ID`. */
  markerBoot: string | undefined;
  /** Fields the framing adds (a cut-short object, blob placeholders); set after the entry's own. */
  extra?: Record<string, FieldValue>;
}

/** The event of one journal entry (see the file comment); in columnsOnly mode without message and fields. */
export function journalEntryEvent(ctx: ParseContext, o: JournalObject, at: EntryRange): LogEvent {
  const { line, lineEnd, markerBoot } = at;
  if (ctx.columnsOnly) {
    // Columns only: the same values as below, without the `used` set and the fields.
    const time = digits(o.__REALTIME_TIMESTAMP) ?? digits(o._SOURCE_REALTIME_TIMESTAMP);
    const mono = digits(o.__MONOTONIC_TIMESTAMP);
    const p = o.PRIORITY;
    const pri = typeof p === 'string' && PRIORITY_RE.test(p) ? Number(p) : undefined;
    return makeEvent(ctx, {
      line,
      lineEnd,
      time: time ?? null,
      timeQuality: time === undefined ? 'none' : 'exact',
      monotonic: mono === undefined ? undefined : mono / 1_000_000,
      boot: valueText(o._BOOT_ID) ?? markerBoot,
      host: valueText(o._HOSTNAME),
      unit: valueText(o._SYSTEMD_UNIT),
      ident: valueText(o.SYSLOG_IDENTIFIER) ?? valueText(o._COMM),
      pid: digits(o._PID) ?? digits(o.SYSLOG_PID),
      severity: pri === undefined ? undefined : severityFromPriority(pri),
      message: '',
      fields: {},
    });
  }
  const used = new Set(NOT_FIELDS);
  const take = (key: string): string | undefined => {
    const v = valueText(o[key]);
    if (v !== undefined) used.add(key);
    return v;
  };
  const num = (key: string): number | undefined => {
    const v = digits(o[key]);
    if (v !== undefined) used.add(key);
    return v;
  };
  // `__REALTIME_TIMESTAMP`: when journald received it, µs since the epoch (exact).
  const time = num('__REALTIME_TIMESTAMP') ?? num('_SOURCE_REALTIME_TIMESTAMP');
  const mono = num('__MONOTONIC_TIMESTAMP');
  const pri =
    typeof o.PRIORITY === 'string' && PRIORITY_RE.test(o.PRIORITY) ? Number(take('PRIORITY')) : undefined;
  const message = valueText(o.MESSAGE);
  const ident = take('SYSLOG_IDENTIFIER') ?? take('_COMM');
  const fields: Record<string, FieldValue> = {};
  const parts = {
    line,
    lineEnd,
    time: time ?? null,
    timeQuality: time === undefined ? ('none' as const) : ('exact' as const),
    monotonic: mono === undefined ? undefined : mono / 1_000_000,
    boot: take('_BOOT_ID') ?? markerBoot,
    host: take('_HOSTNAME'),
    unit: take('_SYSTEMD_UNIT'),
    ident,
    pid: num('_PID') ?? num('SYSLOG_PID'),
    severity: pri === undefined ? undefined : severityFromPriority(pri),
    message: message ?? '',
    fields,
    entities: entryEntities(o),
  };
  // A MESSAGE over the data threshold is `null` unless journalctl ran with --all.
  if ('MESSAGE' in o && message === undefined) fields.messageOmitted = true;
  for (const key of Object.keys(o)) {
    if (used.has(key)) continue;
    const v = o[key];
    if (typeof v === 'number' || typeof v === 'boolean') fields[key] = v;
    else {
      const t = valueText(v);
      if (t !== undefined) fields[key] = t;
    }
  }
  if (at.extra) for (const [k, v] of Object.entries(at.extra)) fields[k] = v;
  return makeEvent(ctx, parts);
}

/**
 * Collects `NAME=value` pairs (export, verbose) into the JSON shape: a field seen twice becomes an
 * array of its values, as `-o json` prints a repeated field; `null` marks a value not shown.
 */
export class EntryBuilder {
  readonly o: JournalObject = {};

  add(name: string, value: string | null): void {
    const o = this.o;
    if (!(name in o)) {
      o[name] = value;
      return;
    }
    const prev = o[name];
    if (Array.isArray(prev) && !isByteArray(prev)) prev.push(value);
    else o[name] = [prev, value];
  }

  get size(): number {
    return Object.keys(this.o).length;
  }
}
