// Pieces the three kubectl parsers share (kubectl-describe-pod, kubectl-get-events,
// kubectl-get-pods): kubectl's humanised ages (`5m`, `2d3h`, `<unknown>`), its event intervals
// (`2m (x3 over 10m)`), restart cells (`3 (2m ago)`), RFC 1123 times (`Mon, 25 Nov 2025 10:00:00
// +0000`), the event rows of every `kubectl get events` / `kubectl describe` layout, the command
// echo and elision lines people paste around the output, and the ids named in event messages.
//
// References (pinned):
// - ages: k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration, ShortHumanDuration)
//   https://github.com/kubernetes/kubernetes/blob/008b3652959ca58af8be3fb5b6ecfe9ae7638282/staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go
// - describe: k8s.io/kubectl/pkg/describe/describe.go (describePod, describeStatus, DescribeEvents)
//   https://github.com/kubernetes/kubernetes/blob/0176276b223e95ba7b43b76f45fb6d535c4fe1ac/staging/src/k8s.io/kubectl/pkg/describe/describe.go
// - get events: pkg/printers/internalversion/printers.go (eventColumnDefinitions, printEvent);
//   older client-side printers: `LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE`.
import type { EntityRef, FieldValue, LogEvent, Severity, TimeQuality } from '../model/event.ts';
import { civilToMicros, microsToIso, monthFromName } from '../util/time.ts';
import { makeEvent } from './event-builder.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Ages

/** An age as kubectl prints it: the interval of seconds [min, max) the text stands for. */
export interface AgeRange {
  min: number;
  max: number;
}

// HumanDuration / ShortHumanDuration texts: `74s`, `5m`, `3m20s`, `2h15m`, `2d3h`, `49d`, `3y120d`.
// Each unit at most once, largest first; every part optional but one (checked in code).
// Linear: each group is a bounded digit run followed by one fixed letter.
const AGE_RE = /^(?:(\d{1,9})y)?(?:(\d{1,9})d)?(?:(\d{1,9})h)?(?:(\d{1,9})m)?(?:(\d{1,9})s)?$/;
const UNIT_SECONDS = [365 * 86400, 86400, 3600, 60, 1];

/**
 * `5m` -> [300, 360): the printers truncate (ShortHumanDuration `5m` is 5..6 minutes; HumanDuration
 * prints `5m` only for 5m0s but truncates `15m`), so the wider interval, one unit of the smallest
 * part printed, covers every kubectl version. Null for anything else (`<unknown>` included).
 */
export function parseAge(text: string): AgeRange | null {
  if (text.length === 0 || text.length > 40) return null;
  const m = AGE_RE.exec(text);
  if (!m) return null;
  let min = 0;
  let unit = 0;
  for (let i = 0; i < 5; i++) {
    const g = m[i + 1];
    if (g === undefined) continue;
    min += Number(g) * UNIT_SECONDS[i];
    unit = UNIT_SECONDS[i];
  }
  if (unit === 0) return null;
  return { min, max: min + unit };
}

/** What kubectl prints instead of an age: a zero timestamp, or one in the future (clock skew). */
export function isNoAge(text: string): boolean {
  return text === '<unknown>' || text === '<invalid>';
}

/** The columns of a relative time: the age becomes a range before `ctx.capturedAt`, if known. */
export interface TimeCols {
  time: number | null;
  timeQuality: TimeQuality;
  timeRange?: [number, number];
}

export function ageTime(ctx: ParseContext, age: AgeRange): TimeCols {
  const at = ctx.capturedAt;
  if (at === undefined) return { time: null, timeQuality: 'relative' };
  const lo = at - age.max * 1_000_000;
  const hi = at - age.min * 1_000_000;
  return { time: Math.round((lo + hi) / 2), timeQuality: 'relative', timeRange: [lo, hi] };
}

/** `age_seconds` / `age_max_seconds` style fields for an age (`prefix` = `age`, `first_seen_age`, ...). */
export function ageFields(fields: Record<string, FieldValue>, prefix: string, age: AgeRange | null): void {
  if (!age) return;
  fields[`${prefix}_seconds`] = age.min;
  fields[`${prefix}_max_seconds`] = age.max;
}

// `3 (2m ago)`: RESTARTS of `kubectl get pods` since 1.22 (count, then the last restart's age).
const RESTARTS_RE = /^(\d{1,10})(?: \((\S{1,40}) ago\))?$/;

export function parseRestarts(text: string): { count: number; last?: string } | null {
  const m = RESTARTS_RE.exec(text);
  if (!m) return null;
  return m[2] === undefined ? { count: Number(m[1]) } : { count: Number(m[1]), last: m[2] };
}

// ---------------------------------------------------------------------------------------------
// RFC 1123 times (`time.RFC1123Z`, describe's Start Time / Started / Finished, 2015 event columns)

// `Mon, 25 Nov 2025 10:00:00 +0000`, `Tue, 07 Jul 2015 12:54:41 -0700`, `Mon, 02 Jan 2006 15:04:05 MST`
const RFC1123_RE =
  /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}|[A-Z]{1,5})$/;

// Zone abbreviations Go prints with time.RFC1123 for the zones a cluster is likely set to; any
// other name falls back to the user's offset (quality 'inferred').
const ZONE_NAMES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
};

export interface ExactTime {
  micros: number;
  quality: 'exact' | 'inferred';
}

/**
 * An RFC 1123 time -> epoch µs. Null for other text and for Go's zero time
 * (`Mon, 01 Jan 0001 00:00:00 +0000`, printed for a container that never ran).
 */
export function parseRfc1123(text: string, ctx: Pick<ParseContext, 'utcOffsetMinutes'>): ExactTime | null {
  if (text.length > 60) return null;
  const m = RFC1123_RE.exec(text);
  if (!m) return null;
  const mo = monthFromName(m[2]);
  const y = Number(m[3]);
  if (mo === null || y < 1970) return null;
  let off: number;
  let quality: 'exact' | 'inferred' = 'exact';
  const z = m[7];
  if (z.charCodeAt(0) === 43 || z.charCodeAt(0) === 45) {
    const v = Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5));
    off = z.charCodeAt(0) === 45 ? -v : v;
  } else if (z in ZONE_NAMES) {
    off = ZONE_NAMES[z];
  } else {
    off = ctx.utcOffsetMinutes;
    quality = 'inferred';
  }
  const micros = civilToMicros(y, mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0, off);
  return micros === null ? null : { micros, quality };
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface Token {
  s: string;
  start: number;
  end: number;
}

/** Whitespace-separated tokens (spaces and TABs) with their offsets; linear. */
export function tokenize(text: string, max = 4096): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && out.length < max) {
    let c = text.charCodeAt(i);
    while (i < n && (c === 32 || c === 9)) c = text.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    while (i < n && c !== 32 && c !== 9) c = text.charCodeAt(++i);
    out.push({ s: text.slice(start, i), start, end: i });
  }
  return out;
}

/** Leading spaces and TABs. */
export function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Time cells of event rows

/** One time cell of an event row: an age, an age with its series, an RFC 1123 date, or `<unknown>`. */
export interface TimeCell {
  raw: string;
  /** Tokens the cell spans. */
  n: number;
  age?: AgeRange;
  exact?: ExactTime;
  /** `(x6975 over 49d)`: how often the event was seen and the age of the first time. */
  count?: number;
  firstRaw?: string;
  first?: AgeRange;
}

// `(x6975` `over` `49d)`: the series suffix DescribeEvents (and `kubectl events`) append.
const SERIES_COUNT_RE = /^\(x(\d{1,10})$/;
const SERIES_FIRST_RE = /^(\S{1,40})\)$/;
// `Tue,` in `Tue, 07 Jul 2015 12:53:51 -0700`
const WEEKDAY_RE = /^[A-Z][a-z]{2},$/;

/** Reads a time cell at token `i`; null when the tokens there are not one. */
export function timeCellAt(
  text: string,
  t: readonly Token[],
  i: number,
  ctx: Pick<ParseContext, 'utcOffsetMinutes'>,
): TimeCell | null {
  const tok = t[i];
  if (!tok) return null;
  if (isNoAge(tok.s)) return { raw: tok.s, n: 1 };
  const age = parseAge(tok.s);
  if (age) {
    const c = t[i + 1];
    const o = t[i + 2];
    const f = t[i + 3];
    if (c && o && f && o.s === 'over') {
      const cm = SERIES_COUNT_RE.exec(c.s);
      const fm = SERIES_FIRST_RE.exec(f.s);
      if (cm && fm && (parseAge(fm[1]) || isNoAge(fm[1]))) {
        const first = parseAge(fm[1]);
        const cell: TimeCell = {
          raw: text.slice(tok.start, f.end),
          n: 4,
          age,
          count: Number(cm[1]),
          firstRaw: fm[1],
        };
        if (first) cell.first = first;
        return cell;
      }
    }
    return { raw: tok.s, n: 1, age };
  }
  if (WEEKDAY_RE.test(tok.s) && i + 5 < t.length) {
    const raw = text.slice(tok.start, t[i + 5].end);
    // The 2015 layout may hold TABs between the date's words: one space each, as RFC1123_RE expects.
    const exact = parseRfc1123(raw.replace(/\s+/g, ' '), ctx);
    if (exact) return { raw, n: 6, exact };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Event rows

export type EventLayout = 'get' | 'get-legacy' | 'describe' | 'describe-legacy';

/** One row of an events table, in any layout kubectl printed. */
export interface EventRow {
  layout: EventLayout;
  namespace?: string;
  /** LAST SEEN (get) or Age (describe): the time the event is placed at. */
  last: TimeCell;
  first?: TimeCell;
  count?: number;
  type?: string;
  reason: string;
  /** OBJECT cell (`pod/api-0`), or the legacy NAME + KIND cells. */
  objectKind?: string;
  objectName?: string;
  subobject?: string;
  source?: string;
  message: string;
  /** The Event object's own name (`api-0.17f3a...`), `-o wide` only. */
  eventName?: string;
}

const EVENT_TYPES = new Set(['Normal', 'Warning']);
// `Pod`, `ReplicaSet`, `Node`: the KIND column of the legacy layout (and of kubectl 1.11-1.13).
const KIND_RE = /^[A-Z][A-Za-z]{1,40}$/;
// `pod/api-0`, `deployment.apps/web`, `node/ip-10-0-0-1.ec2.internal`: the OBJECT column of
// `kubectl get events` (kind lower-cased); `Pod/api-0` in `kubectl events` (event_printer.go, kind as is).
const OBJECT_RE = /^([A-Za-z][A-Za-z0-9.-]{0,80})\/(\S{1,300})$/;
// `spec.containers{nginx}`, `spec.initContainers{init}`: SUBOBJECT / SubObjectPath.
const SUBOBJECT_RE = /^spec\.[A-Za-z]{1,30}\{[^}\s]{0,253}\}$/;
// `api-0.17f3a2b1c4d5e6f7`: an Event's name is `<involvedObject.name>.<UnixNano as hex>`.
const EVENT_NAME_RE = /^\S{1,300}\.[0-9a-f]{12,16}$/;
// REASON: one CamelCase or lower-case word (`Unhealthy`, `FailedCreatePodSandBox`, `scheduled`).
const REASON_RE = /^[A-Za-z][\w.:-]{0,127}$/;
const DIGITS_RE = /^\d{1,10}$/;

type Result<T> = { ok: T } | { why: string };

/** Reads a SOURCE / From cell at `i`: `kubelet`, `kubelet, node-1`, `{kubelet node-1}`, `{default-scheduler }`. */
function sourceAt(text: string, t: readonly Token[], i: number): { s: string; n: number } | null {
  const tok = t[i];
  if (!tok) return null;
  if (tok.s.startsWith('{')) {
    // Braces hold a space (`{kubelet node-1}`, `{scheduler }`): up to the token that closes them.
    for (let j = i; j < t.length && j < i + 4; j++) {
      if (t[j].s.endsWith('}')) return { s: text.slice(tok.start, t[j].end), n: j - i + 1 };
    }
    return null;
  }
  if (tok.s.endsWith(',') && t[i + 1]) return { s: text.slice(tok.start, t[i + 1].end), n: 2 };
  return { s: tok.s, n: 1 };
}

/** A SUBOBJECT cell at `i`: `spec.containers{x}`, or the old `implicitly required container POD`. */
function subobjectAt(t: readonly Token[], i: number): { s: string; n: number } | null {
  const tok = t[i];
  if (!tok) return null;
  if (SUBOBJECT_RE.test(tok.s)) return { s: tok.s, n: 1 };
  if (tok.s === 'implicitly' && t[i + 1]?.s === 'required' && t[i + 2]?.s === 'container' && t[i + 3]) {
    return { s: `implicitly required container ${t[i + 3].s}`, n: 4 };
  }
  return null;
}

function restOf(text: string, t: readonly Token[], i: number, end?: number): string {
  if (i >= t.length) return '';
  return text.slice(t[i].start, end ?? text.length).trim();
}

/**
 * Reads one events-table row, whatever layout it comes from, by the shape of its cells (never
 * by a header: rows must read the same with and without one, see docs/parsers.md):
 * - get:             `[NAMESPACE] LAST-SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST-SEEN COUNT NAME]`
 * - get-legacy:      `[NAMESPACE] LASTSEEN FIRSTSEEN COUNT NAME KIND [SUBOBJECT] [TYPE] REASON SOURCE MESSAGE`
 * - describe:        `TYPE REASON AGE FROM MESSAGE` (AGE may carry `(xN over AGE)`)
 * - describe-legacy: `FIRSTSEEN LASTSEEN COUNT FROM [SUBOBJECTPATH] [TYPE] REASON MESSAGE`
 * `layouts` limits which are tried (a describe only holds describe rows).
 */
export function parseEventRow(
  text: string,
  ctx: Pick<ParseContext, 'utcOffsetMinutes'>,
  layouts: ReadonlySet<EventLayout>,
  wideTailElsewhere = false,
): Result<EventRow> {
  if (text.length > 65536) return { why: 'line too long for an event row' };
  const t = tokenize(text);
  if (t.length < 3) return { why: 'too few cells for an event row' };
  if (EVENT_TYPES.has(t[0].s)) {
    if (!layouts.has('describe')) return { why: 'a describe Events row where a get events row was expected' };
    return describeRow(text, t, ctx);
  }
  let i = 0;
  let namespace: string | undefined;
  let last = timeCellAt(text, t, 0, ctx);
  if (!last) {
    // `-A` puts NAMESPACE first (get layouts only).
    last = timeCellAt(text, t, 1, ctx);
    if (!last) return { why: 'no age, date or event type where a row starts' };
    namespace = t[0].s;
    i = 1;
  }
  i += last.n;
  const next = t[i];
  if (!next) return { why: 'row ends after its first time' };
  if (EVENT_TYPES.has(next.s)) {
    if (!layouts.has('get')) return { why: 'a get events row where a describe row was expected' };
    return getRow(text, t, i, last, namespace, wideTailElsewhere);
  }
  const second = timeCellAt(text, t, i, ctx);
  if (!second) return { why: 'neither an event type nor a second time after the first time' };
  i += second.n;
  const countTok = t[i];
  if (!countTok || !DIGITS_RE.test(countTok.s)) return { why: 'no COUNT after the two times' };
  i++;
  // Which of the two is the older one: 2015 printed FIRSTSEEN first, later versions LASTSEEN.
  const [older, newer] = olderFirst(last, second);
  const count = Number(countTok.s);
  const a = t[i];
  const b = t[i + 1];
  if (!a || !b) return { why: 'row ends after COUNT' };
  const describeLike =
    a.s.startsWith('{') ||
    a.s.endsWith(',') ||
    EVENT_TYPES.has(b.s) ||
    subobjectAt(t, i + 1) !== null ||
    !KIND_RE.test(b.s);
  if (describeLike && namespace === undefined && layouts.has('describe-legacy')) {
    return legacyDescribeRow(text, t, i, newer, older, count);
  }
  if (!layouts.has('get-legacy')) return { why: 'a get events row where a describe row was expected' };
  if (!KIND_RE.test(b.s)) return { why: 'no KIND after NAME' };
  return legacyGetRow(text, t, i, newer, older, count, namespace);
}

function olderFirst(a: TimeCell, b: TimeCell): [TimeCell, TimeCell] {
  if (a.age && b.age) return a.age.min >= b.age.min ? [a, b] : [b, a];
  if (a.exact && b.exact) return a.exact.micros <= b.exact.micros ? [a, b] : [b, a];
  return [a, b];
}

function describeRow(
  text: string,
  t: readonly Token[],
  ctx: Pick<ParseContext, 'utcOffsetMinutes'>,
): Result<EventRow> {
  const type = t[0].s;
  const reason = t[1].s;
  if (!REASON_RE.test(reason)) return { why: 'REASON is not one word' };
  const last = timeCellAt(text, t, 2, ctx);
  if (!last) return { why: 'no Age after REASON' };
  const i = 2 + last.n;
  const row: EventRow = { layout: 'describe', last, type, reason, message: '' };
  if (last.count !== undefined) row.count = last.count;
  return sourceThenMessage(text, t, i, row);
}

function getRow(
  text: string,
  t: readonly Token[],
  i: number,
  last: TimeCell,
  namespace: string | undefined,
  wideTailElsewhere: boolean,
): Result<EventRow> {
  const type = t[i].s;
  const reasonTok = t[i + 1];
  const objTok = t[i + 2];
  if (!reasonTok || !REASON_RE.test(reasonTok.s)) return { why: 'REASON is not one word' };
  if (!objTok) return { why: 'no OBJECT after REASON' };
  const row: EventRow = { layout: 'get', last, type, reason: reasonTok.s, message: '' };
  if (namespace !== undefined) row.namespace = namespace;
  if (last.count !== undefined) row.count = last.count;
  const obj = OBJECT_RE.exec(objTok.s);
  if (obj) {
    row.objectKind = obj[1].toLowerCase();
    row.objectName = obj[2];
  } else if (KIND_RE.test(objTok.s) || /^[a-z][a-z0-9.-]{0,80}$/.test(objTok.s)) {
    // kubectl 1.11-1.13 printed KIND alone; an object without a name prints its kind alone.
    row.objectKind = objTok.s.toLowerCase();
  } else {
    return { why: 'OBJECT is not kind/name' };
  }
  let j = i + 3;
  // `-o wide`: ... MESSAGE FIRST-SEEN COUNT NAME. The event name's `.hex` suffix marks it.
  let end = t.length;
  const tail = wideTailElsewhere ? null : wideTail(t, j);
  if (tail || wideTailElsewhere) {
    if (tail) {
      Object.assign(row, tail);
      end = t.length - 3;
    }
    const sub = subobjectAt(t, j);
    if (sub && j + sub.n < end) {
      row.subobject = sub.s;
      j += sub.n;
    }
    const src = j < end ? sourceAt(text, t, j) : null;
    if (src && j + src.n <= end) {
      row.source = src.s;
      j += src.n;
    }
  }
  row.message = j < end ? restOf(text, t, j, t[end - 1].end) : '';
  return { ok: row };
}

/** The `-o wide` tail `FIRST-SEEN COUNT NAME` ending a row's tokens at or after `from`, or null. */
function wideTail(t: readonly Token[], from: number): Pick<EventRow, 'first' | 'count' | 'eventName'> | null {
  const n = t.length;
  if (n - from < 3 || !EVENT_NAME_RE.test(t[n - 1].s) || !DIGITS_RE.test(t[n - 2].s)) return null;
  const firstTok = t[n - 3];
  const firstAge = parseAge(firstTok.s);
  if (!firstAge && !isNoAge(firstTok.s)) return null;
  return {
    eventName: t[n - 1].s,
    count: Number(t[n - 2].s),
    first: firstAge ? { raw: firstTok.s, n: 1, age: firstAge } : { raw: firstTok.s, n: 1 },
  };
}

/**
 * A `-o wide` row whose message held a newline: tabwriter put FIRST SEEN, COUNT and NAME on the
 * message's last line. Re-reads the row's first line as wide (SUBOBJECT / SOURCE split off the
 * message) and takes the tail off the last continuation line. Null when the record is not that.
 */
export function wideRowAcrossLines(
  first: string,
  cont: string[],
  ctx: Pick<ParseContext, 'utcOffsetMinutes'>,
): { row: EventRow; cont: string[] } | null {
  if (cont.length === 0) return null;
  const lastLine = cont[cont.length - 1];
  const t = tokenize(lastLine);
  const tail = wideTail(t, 0);
  if (!tail || t.length < 4) return null;
  const r = parseEventRow(first, ctx, new Set<EventLayout>(['get']), true);
  if (!('ok' in r)) return null;
  const row: EventRow = { ...r.ok, ...tail };
  const rest = lastLine.slice(0, t[t.length - 3].start).trimEnd();
  return { row, cont: [...cont.slice(0, -1), rest] };
}

/** The `[SOURCE] MESSAGE` end of a row from token `j`: the row, done. */
function sourceThenMessage(text: string, t: readonly Token[], j: number, row: EventRow): Result<EventRow> {
  const src = sourceAt(text, t, j);
  if (src) {
    row.source = src.s;
    j += src.n;
  }
  row.message = restOf(text, t, j);
  return { ok: row };
}

/**
 * The `[SUBOBJECT] [TYPE] REASON` cells of a legacy row from token `j` into `row`: the index after
 * REASON, or -1 when no REASON word is there.
 */
function subobjectTypeReason(t: readonly Token[], j: number, row: EventRow): number {
  const sub = subobjectAt(t, j);
  if (sub) {
    row.subobject = sub.s;
    j += sub.n;
  }
  if (t[j] && EVENT_TYPES.has(t[j].s)) {
    row.type = t[j].s;
    j++;
  }
  const reason = t[j];
  if (!reason || !REASON_RE.test(reason.s)) return -1;
  row.reason = reason.s;
  return j + 1;
}

function legacyDescribeRow(
  text: string,
  t: readonly Token[],
  i: number,
  last: TimeCell,
  first: TimeCell,
  count: number,
): Result<EventRow> {
  const src = sourceAt(text, t, i);
  if (!src) return { why: 'no From after COUNT' };
  let j = i + src.n;
  const row: EventRow = {
    layout: 'describe-legacy',
    last,
    first,
    count,
    reason: '',
    message: '',
    source: src.s,
  };
  j = subobjectTypeReason(t, j, row);
  if (j < 0) return { why: 'no REASON word in a legacy describe row' };
  row.message = restOf(text, t, j);
  return { ok: row };
}

function legacyGetRow(
  text: string,
  t: readonly Token[],
  i: number,
  last: TimeCell,
  first: TimeCell,
  count: number,
  namespace?: string,
): Result<EventRow> {
  const row: EventRow = {
    layout: 'get-legacy',
    last,
    first,
    count,
    objectName: t[i].s,
    objectKind: t[i + 1].s.toLowerCase(),
    reason: '',
    message: '',
  };
  if (namespace !== undefined) row.namespace = namespace;
  let j = i + 2;
  j = subobjectTypeReason(t, j, row);
  if (j < 0) return { why: 'no REASON word in a legacy get events row' };
  return sourceThenMessage(text, t, j, row);
}

// ---------------------------------------------------------------------------------------------
// Event from a row

// `spec.containers{api}` -> `api`
const SUBOBJECT_NAME_RE = /\{([^}]+)\}$/;
// SOURCE `kubelet, node-1` (1.6+) / `{kubelet node-1}` (before): the node the kubelet runs on.
const KUBELET_SOURCE_RE = /^\{?kubelet[, ] ?([^\s}]+)\}?$/;

/** `default/api-0`, or the name alone when the namespace is unknown. */
export function podId(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The time columns of a time cell: exact for a date, relative for an age, none for `<unknown>`. */
export function timeCellCols(ctx: ParseContext, c: TimeCell): TimeCols {
  if (c.exact) return { time: c.exact.micros, timeQuality: c.exact.quality };
  if (c.age) return ageTime(ctx, c.age);
  return { time: null, timeQuality: 'none' };
}

/**
 * The `k8s-event` event of one row plus its continuation lines (a message with newlines goes on
 * unindented). Time: the row's last-seen time; the first-seen age stays in fields.
 */
export function eventRowEvent(
  ctx: ParseContext,
  line: number,
  lineEnd: number,
  row: EventRow,
  continuation: readonly string[],
): LogEvent {
  const cols = timeCellCols(ctx, row.last);
  const message = continuation.length ? [row.message, ...continuation].join('\n') : row.message;
  const fields: Record<string, FieldValue> = { what: 'k8s-event', layout: row.layout };
  if (row.namespace !== undefined) fields.namespace = row.namespace;
  // describe's Age cell as printed (`74s (x6975 over 49d)`); LAST SEEN of `kubectl events` has the same form.
  if (row.layout === 'describe' || row.last.count !== undefined) fields.age = row.last.raw;
  fields.lastSeen = row.last.n === 4 ? row.last.raw.slice(0, row.last.raw.indexOf(' ')) : row.last.raw;
  ageFields(fields, 'age', row.last.age ?? null);
  const firstRaw = row.first?.raw ?? row.last.firstRaw;
  if (firstRaw !== undefined) fields.firstSeen = firstRaw;
  ageFields(fields, 'first_seen_age', row.first?.age ?? row.last.first ?? null);
  if (row.first?.exact) fields.firstSeenTime = microsToIso(row.first.exact.micros);
  fields.count = row.count ?? 1;
  if (row.type !== undefined) fields.type = row.type;
  fields.reason = row.reason;
  if (row.objectKind !== undefined) fields.objectKind = row.objectKind;
  if (row.objectName !== undefined) fields.objectName = row.objectName;
  if (row.subobject !== undefined) fields.subobject = row.subobject;
  if (row.source !== undefined) fields.source = row.source;
  if (row.eventName !== undefined) fields.eventName = row.eventName;
  if (message) fields.message = message;
  const entities: EntityRef[] = [];
  const named: EntityRef[] = [];
  idsInMessage(message, named);
  if (row.objectName !== undefined) {
    if (row.objectKind === 'pod') {
      // Without `-A` the row names no namespace; the message often does (`Successfully assigned
      // shop/api-0 to node-1`, kubelet's `api-0_shop(uid)`): the same pod, so one entity.
      const name = row.objectName;
      const qualified = named.find((x) => x.kind === 'pod' && x.id.endsWith(`/${name}`));
      const pod = row.namespace === undefined && qualified ? qualified.id : podId(name, row.namespace);
      fields.pod = pod;
      entities.push({ kind: 'pod', id: pod });
    } else if (row.objectKind === 'node') {
      entities.push({ kind: 'node', id: row.objectName });
    }
  }
  const container = row.subobject ? SUBOBJECT_NAME_RE.exec(row.subobject) : null;
  if (container) fields.container = container[1];
  const host = row.source ? KUBELET_SOURCE_RE.exec(row.source) : null;
  if (host) named.unshift({ kind: 'node', id: host[1] });
  for (const x of named) if (!entities.some((y) => y.kind === x.kind && y.id === x.id)) entities.push(x);
  const object =
    row.objectName !== undefined ? `${row.objectKind}/${row.objectName}` : (row.objectKind ?? undefined);
  const head = [row.type, row.reason, object].filter((x) => x).join(' ');
  const times = (row.count ?? 1) > 1 ? ` (x${row.count})` : '';
  const e = makeEvent(ctx, {
    line,
    lineEnd,
    time: cols.time,
    timeQuality: cols.timeQuality,
    timeRange: cols.timeRange,
    severity: eventSeverity(row.type),
    message: message ? `${head}${times}: ${message}` : `${head}${times}`,
    fields,
    entities,
  });
  return e;
}

function eventSeverity(type: string | undefined): Severity | undefined {
  if (type === 'Warning') return 'warning';
  if (type === 'Normal') return 'info';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Ids named in event messages

// `failed to find container "deffea9e43b6496ef5769ab3dc97b7c470ffc5c7df1a40899b9288fcb9023b4b" in store`,
// `failed to setup network for sandbox "4f2c...": ...` (a 64-hex id after a word, quoted or not).
const MSG_ID_RE = /(sandbox|container|task|id)?[ :=]{0,3}"?\b([0-9a-f]{64})\b/g;
// `write /proc/797/oom_score_adj: invalid argument`
const MSG_PROC_RE = /\/proc\/(\d{1,10})\//g;

// kubelet's pod spelling `api-0_shop(5f1c6d2e-9b1a-4c3e-8d7f-0a1b2c3d4e5f)` (format.Pod: name_namespace(uid)),
// as in `Back-off restarting failed container api in pod api-0_shop(5f1c6d2e-...)`.
const MSG_KUBELET_POD_RE =
  /\b([a-z0-9][-a-z0-9.]{0,252})_([a-z0-9][-a-z0-9]{0,62})\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/g;
// The scheduler's `Successfully assigned shop/api-0 to node-1` (namespace/ since 1.12).
const MSG_ASSIGNED_RE = /^Successfully assigned (\S{1,320}) to (\S{1,253})$/;

/** Adds the container / sandbox ids, pids, pods and nodes an event message names. */
export function idsInMessage(message: string, entities: EntityRef[]): void {
  if (message.length === 0 || message.length > 65536) return;
  const add = (kind: EntityRef['kind'], id: string) => {
    if (!entities.some((x) => x.kind === kind && x.id === id)) entities.push({ kind, id });
  };
  for (const m of message.matchAll(MSG_ID_RE)) add(m[1] === 'sandbox' ? 'sandbox' : 'container', m[2]);
  for (const m of message.matchAll(MSG_PROC_RE)) add('pid', m[1]);
  for (const m of message.matchAll(MSG_KUBELET_POD_RE)) {
    add('pod', `${m[2]}/${m[1]}`);
    add('pod', m[3]);
  }
  const a = MSG_ASSIGNED_RE.exec(message);
  if (a) {
    add('pod', a[1]);
    add('node', a[2]);
  }
}

// ---------------------------------------------------------------------------------------------
// Lines around the output

// Prompt prefixes seen in pastes: `[12:54:41] $ `, `$ `, `# `, `> `, `% `.
const ECHO_PREFIX_RE = /^(?:\[[0-9:]{5,8}\] )?(?:[$#>%] )?/;
const KUBECTL_VERBS = new Set(['get', 'describe', 'events', 'logs', 'top', 'explain']);
// `kubectl`, `./cluster/kubectl.sh`, `/usr/local/bin/kubectl`, `oc`, the `k` alias.
const KUBECTL_BIN_RE = /^(?:\S{0,200}\/)?(?:kubectl(?:\.sh)?|oc|k)$/;

/**
 * The kubectl verb of an echoed command pasted above its output (`k describe po POD`,
 * `[12:54:41] $ ./cluster/kubectl.sh describe pod x`, `kubectl -n ns get ev`), or null.
 * Token checks, no regex over the whole line, so it stays linear.
 */
export function kubectlVerb(text: string): string | null {
  if (text.length > 2000) return null;
  const pre = ECHO_PREFIX_RE.exec(text);
  const rest = text.slice(pre ? pre[0].length : 0);
  const w = rest.trim().split(/\s+/);
  let i = 0;
  if (w[i] === 'sudo') i++;
  if ((w[i] === 'microk8s' || w[i] === 'k3s' || w[i] === 'rke2') && w[i + 1] === 'kubectl') i++;
  if (!KUBECTL_BIN_RE.test(w[i] ?? '')) return null;
  i++;
  while (i < w.length) {
    const x = w[i];
    if (x.startsWith('-')) {
      // `-n ns`, `--namespace ns`; `--namespace=ns` is one token.
      i += (x === '-n' || x === '--namespace' || x === '--context' || x === '-l') && !x.includes('=') ? 2 : 1;
      continue;
    }
    return KUBECTL_VERBS.has(x) ? x : null;
  }
  return null;
}

// Author elisions: `// SNIP`, `...`, `[...]`, `<snip>`, `(snip)`, `…`.
const ELISION_RE = /^\s*(?:\/\/.{0,80}|\.{3,}|\[\.{3}\]|\[snip\]|<snip>|\(snip\)|…)\s*$/i;

export function isElision(text: string): boolean {
  return text.length <= 200 && ELISION_RE.test(text);
}

// `No resources found in default namespace.` / `No resources found.` (kubectl's empty answer).
export const NO_RESOURCES_RE = /^No resources found(?: in \S{1,253} namespace)?\.\s*$/;

// kubectl's own errors on stderr, pasted with the output:
// `Error from server (NotFound): pods "api-0" not found`, `error: the server doesn't have a resource type "po"`
const KUBECTL_ERROR_RE = /^(?:Error from server(?: \((\w{1,60})\))?|error): (.{1,4000})$/;

/**
 * An event for kubectl's own answer without a table (an error, `No resources found`), or null.
 * Shared so the three parsers read these lines alike.
 */
export function kubectlMessageEvent(ctx: ParseContext, text: string, line: number): LogEvent | null {
  const t = text.trim();
  if (NO_RESOURCES_RE.test(t)) {
    return makeEvent(ctx, { line, message: t, fields: { what: 'no-resources' } });
  }
  const m = KUBECTL_ERROR_RE.exec(t);
  if (!m) return null;
  const fields: Record<string, FieldValue> = { what: 'kubectl-error', error: m[2] };
  if (m[1]) fields.status = m[1];
  return makeEvent(ctx, { line, severity: 'err', message: t, fields });
}

// `NAME   READY   STATUS   RESTARTS   AGE`, `CONTAINER   IMAGE   CREATED`: the header of some table
// (three or more upper-case words), which no event message line is taken for.
const UPPER_HEADER_RE = /^[A-Z][A-Z-]{0,30}(?: [A-Z][A-Z-]{0,30}){2,30}$/;

export function isTableHeaderLine(text: string): boolean {
  return text.length <= 400 && UPPER_HEADER_RE.test(collapse(text));
}

/** Collapses runs of spaces and TABs (headers are matched in this form). */
export function collapse(text: string): string {
  return text.trim().replace(/[ \t]+/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// The line loop of the parsers that gather records of adjacent lines (describe pod, get events)

/**
 * A line parser whose records are runs of adjacent lines. A line the ingest kept back (over-long)
 * leaves a gap in the line numbers, which closes the open record: a record cannot span it.
 */
export abstract class RecordLineParser<R> implements LineParser {
  /** The open record, if any. */
  protected rec: R | null = null;
  private lastLine = 0;

  constructor(
    protected readonly ctx: ParseContext,
    protected readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    if (this.rec && line !== this.lastLine + 1) this.flush();
    this.lastLine = line;
    this.read(text, line);
  }

  end(): void {
    this.flush();
  }

  /** One line, after a gap closed the record before it: continues the open record or not. */
  protected abstract read(text: string, line: number): void;

  /** Emits the open record, if any, and closes it. */
  protected abstract flush(): void;
}
