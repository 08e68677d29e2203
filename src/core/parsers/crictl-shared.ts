// Pieces the crictl parsers (crictl-ps, -pods, -ps-json, -inspect, -inspectp) share: the cell
// shapes of crictl's tables, its humanised ages and how they become relative times, the command
// echo people paste above the output, crictl's own log lines on stderr, the `Key: value` blocks of
// `ps -v` / `pods -v` / `inspect -o table` / `inspectp -o table`, and the time spellings crictl
// prints (Go's time.Time String(), nanoseconds since the epoch).
// Reference: /work/shared/formats/FORMATS.md section 4 (cri-tools cmd/crictl/{container.go,
// sandbox.go,util.go,display.go}@ba03eabc, github.com/docker/go-units duration.go).
import type { EntityKind, EntityRef, FieldValue, LogEvent, Severity, TimeQuality } from '../model/event.ts';
import { parseIso } from '../util/time.ts';
import { isBlank, makeEvent } from './event-builder.ts';
import { GO_ZERO_TIME_RE, JsonObjectStream } from './json-lines.ts';
import type { EventSink, LineParser, ParseContext } from './parser-api.ts';

// ---------------------------------------------------------------------------------------------
// Cell shapes

/**
 * An id as crictl prints it: the 13-char prefix (`truncatedIDLen = 13`) or the full 64 hex
 * chars with `--no-trunc`. 12 is accepted for ids copied from docker-style tools.
 */
// `4f2c9b7e1d0a3`, `4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`
export const HEX_ID_RE = /^[0-9a-f]{12,64}$/;

/** The full 64-hex id crictl prints in `-q`, `-v`, `inspect`. */
// `4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`
export const FULL_ID_RE = /^[0-9a-f]{64}$/;

/** The STATE cell: `convertContainerState()` words, or the enum name (early crictl printed it). */
// `Running`, `Exited`, `CONTAINER_EXITED`
export const PS_STATE_RE =
  /^(?:Created|Running|Exited|Unknown|CONTAINER_(?:CREATED|RUNNING|EXITED|UNKNOWN))$/;

// `137`, `0`
export const DIGITS_RE = /^\d{1,10}$/;

/**
 * `HEX_ID_RE.test(s)` without a regex call (rows test two ids each): 12..64 chars of `0-9a-f`.
 * `4f2c9b7e1d0a3`, `4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`
 */
export function isHexId(s: string): boolean {
  const n = s.length;
  if (n < 12 || n > 64) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** `DIGITS_RE.test(s)` without a regex call: 1..10 ASCII digits (`137`, `0`). */
export function isDigits(s: string): boolean {
  const n = s.length;
  if (n < 1 || n > 10) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The words `PS_STATE_RE` accepts, for a lookup instead of a regex call (`Running`, `CONTAINER_EXITED`). */
const PS_STATES = new Set([
  'Created',
  'Running',
  'Exited',
  'Unknown',
  'CONTAINER_CREATED',
  'CONTAINER_RUNNING',
  'CONTAINER_EXITED',
  'CONTAINER_UNKNOWN',
]);

/** `PS_STATE_RE.test(s)`. */
export function isPsState(s: string): boolean {
  return PS_STATES.has(s);
}

// CREATED is `units.HumanDuration(now - createdAt) + " ago"` (FORMATS.md 4.2). Built from parts:
const AGO_UNIT = '(second|minute|hour|day|week|month|year)s?';
const AGO_LESS = '(Less than a second)';
const AGO_ABOUT = 'About an? (minute|hour)';
const AGO_COUNT = `(\\d{1,9}) ${AGO_UNIT}`;
// `About a minute ago`, `2 hours ago`, `Less than a second ago`, `1 second ago`, `3 weeks ago`
/** CREATED_RE without its anchors, to build a whole-row pattern from (crictl-ps `rowPattern`). */
export const CREATED_SOURCE = `(?:${AGO_LESS}|${AGO_ABOUT}|${AGO_COUNT}) ago`;
export const CREATED_RE = new RegExp(`^${CREATED_SOURCE}$`);

const H = 3600;
const D = 24 * H;

/**
 * The interval of ages (seconds, [min, max)) that a HumanDuration text stands for, following
 * go-units' rounding: minutes truncate, hours round half up, days/weeks/months divide the
 * rounded hours, years truncate. The command's run time is not in the paste, so this is all a
 * parser can say; a later stage that knows when `crictl ps` ran can turn it into a time range.
 */
export function agoRange(text: string): [number, number] | null {
  const r = agoInterval(text);
  return r ? [r[0], r[1]] : null;
}

// A table repeats a handful of ages (`17 minutes ago`) over thousands of rows: the interval of
// each text is computed once. Bounded: cleared when full (the values are pure functions of the key).
const AGO_CACHE = new Map<string, readonly [number, number] | null>();
const AGO_CACHE_MAX = 4096;

/** `agoRange`, shared and read-only (cached): null when the text is not a CREATED age. */
export function agoInterval(text: string): readonly [number, number] | null {
  let r = AGO_CACHE.get(text);
  if (r === undefined) {
    r = computeAgoRange(text);
    if (AGO_CACHE.size >= AGO_CACHE_MAX) AGO_CACHE.clear();
    AGO_CACHE.set(text, r);
  }
  return r;
}

function computeAgoRange(text: string): [number, number] | null {
  const m = CREATED_RE.exec(text);
  if (!m) return null;
  if (m[1]) return [0, 1];
  if (m[2] === 'minute') return [60, 120];
  if (m[2] === 'hour') return [H, 1.5 * H];
  const n = Number(m[3]);
  switch (m[4]) {
    case 'second':
      return [n, n + 1];
    case 'minute':
      return [n * 60, (n + 1) * 60];
    case 'hour':
      return [n * H - H / 2, n * H + H / 2];
    case 'day':
      return [n * D - H / 2, (n + 1) * D - H / 2];
    case 'week':
      return [n * 7 * D - H / 2, (n + 1) * 7 * D - H / 2];
    case 'month':
      return [n * 30 * D - H / 2, (n + 1) * 30 * D - H / 2];
    default:
      return [n * 365 * D, (n + 1) * 365 * D];
  }
}

/**
 * Finds a CREATED phrase (3 to 5 words) starting at `words[at]`; returns its word count or 0.
 * Longest first, so `Less than a second ago` is not read as something shorter.
 */
export function createdPhraseAt(words: readonly string[], at: number): number {
  for (const n of [5, 4, 3]) {
    if (at + n > words.length || words[at + n - 1] !== 'ago') continue;
    if (CREATED_RE.test(words.slice(at, at + n).join(' '))) return n;
  }
  return 0;
}

/** The columns of a relative time: `time`, `timeQuality`, `timeRange` (when known). */
export interface TimeParts {
  time: number | null;
  timeQuality: TimeQuality;
  timeRange?: [number, number];
}

const NO_TIME: TimeParts = { time: null, timeQuality: 'none' };

/**
 * An age interval (seconds, [min, max)) as an event time (DESIGN.md section 4, "relative"):
 * with `ctx.capturedAt` the range [capturedAt - max, capturedAt - min] and its middle as the
 * time; without it no time, quality 'relative' (the age stays in `fields`). No interval: no time.
 */
export function relativeTime(ctx: ParseContext, ago: readonly [number, number] | null): TimeParts {
  if (ago === null) return NO_TIME;
  const at = ctx.capturedAt;
  if (at === undefined) return { time: null, timeQuality: 'relative' };
  const lo = at - ago[1] * 1e6;
  const hi = at - ago[0] * 1e6;
  return { time: (lo + hi) / 2, timeQuality: 'relative', timeRange: [lo, hi] };
}

/** Field values for a CREATED/Started/Finished age: the raw text plus the age interval. */
export function ageFields(prefix: string, text: string, into: Record<string, FieldValue>): void {
  into[prefix] = text;
  const r = agoInterval(text);
  if (r) {
    into[`${prefix}_ago_seconds`] = r[0];
    into[`${prefix}_ago_max_seconds`] = r[1];
  }
}

// ---------------------------------------------------------------------------------------------
// Absolute times

// Go's time.Time String() (`crictl pods -v`, `crictl inspectp -o table`: `Created: %v` of
// `time.Unix(0, ns)`): `2025-11-24 08:12:00.5 +0000 UTC`, `2021-03-29 18:24:53.308212031 +0100 BST`.
// Reference: FORMATS.md 4.4; Go src/time/format.go (String = "2006-01-02 15:04:05.999999999 -0700 MST").
const GO_TIME_RE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?) ([+-]\d{4})(?: [A-Za-z0-9+-]{1,8})?$/;

/** Epoch microseconds of a Go time.Time String() text, or null. */
export function goTimeMicros(text: string): number | null {
  const m = GO_TIME_RE.exec(text.trim());
  if (!m) return null;
  return parseIso(`${m[1]}${m[2]}`)?.micros ?? null;
}

// `"createdAt": "1764151121912345678"`: protojson prints int64 nanoseconds as a decimal string
// (FORMATS.md 4.5); containerd's CRI status file as a number (`"CreatedAt":1721705447203688248`).
const NANOS_RE = /^\d{4,20}$/;

/** Epoch microseconds of a nanoseconds-since-epoch decimal text; null for 0 / not a count. */
export function nanosToMicros(ns: string): number | null {
  if (!NANOS_RE.test(ns)) return null;
  const micros = Number(ns.slice(0, -3));
  return micros > 0 ? micros : null;
}

/** An RFC 3339 time as epoch microseconds, or null (Go's zero time included: it means "not yet"). */
export function rfc3339Micros(text: string | undefined): number | null {
  if (!text || GO_ZERO_TIME_RE.test(text)) return null;
  return parseIso(text)?.micros ?? null;
}

// ---------------------------------------------------------------------------------------------
// Lines around the output

// Flags of crictl itself that take a separate value (`-r unix:///run/containerd/containerd.sock ps`).
const VALUE_FLAGS = new Set([
  '-r',
  '--runtime-endpoint',
  '-i',
  '--image-endpoint',
  '-c',
  '--config',
  '-t',
  '--timeout',
]);
// Wrappers that run crictl as a subcommand: `k3s crictl ps`, `rke2 crictl`, `microk8s crictl`.
const WRAPPERS = new Set(['k3s', 'rke2', 'microk8s', 'minikube']);

function baseName(t: string): string {
  const i = t.lastIndexOf('/');
  return i >= 0 ? t.slice(i + 1) : t;
}

/**
 * The crictl subcommand of a command echo line pasted without a prompt, or null:
 * `crictl ps -a|grep drone-k3x8w2p0qzv7mn5b4tyc` -> `ps`, `sudo crictl inspect 40e09c5d0328d` ->
 * `inspect`, `/usr/local/bin/crictl -r unix:///run/containerd/containerd.sock ps` -> `ps`.
 * Plain token checks, no regex, so it stays linear on any line.
 */
export function crictlSubcommand(text: string): string | null {
  if (text.length > 2000) return null;
  const pipe = text.indexOf('|');
  const tokens = (pipe >= 0 ? text.slice(0, pipe) : text).trim().split(/\s+/);
  let i = 0;
  if (tokens[i] === 'sudo') {
    i++;
    while (i < tokens.length && tokens[i].startsWith('-')) i++;
  }
  if (WRAPPERS.has(tokens[i] ?? '') && tokens[i + 1] === 'crictl') i++;
  if (baseName(tokens[i] ?? '') !== 'crictl') return null;
  i++;
  while (i < tokens.length) {
    const t = tokens[i];
    // The subcommand is one lower-case word: `ps`, `inspect`, `inspectp`, `pods`.
    if (!t.startsWith('-')) return /^[a-z]{2,12}$/.test(t) ? t : null;
    i += VALUE_FLAGS.has(t) ? 2 : 1;
  }
  return null;
}

// crictl logs through logrus on stderr, which people paste together with the output.
// TTY form: `FATA[0000] getting the status of the container "x": rpc error: code = NotFound`
// `WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock ...]`
const CLI_TTY_RE = /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[(\d{4,10})\] ?(.*)$/;
// Text form (stderr not a terminal):
// `time="2024-10-01T10:00:00Z" level=fatal msg="connect: connect endpoint 'unix:///run/crio/crio.sock'"`
const CLI_TEXT_RE = /^time="([^"]{1,60})" level=([a-z]{1,8}) msg="((?:[^"\\]|\\.)*)"/;

const CLI_LEVELS: Record<string, Severity> = {
  trac: 'debug',
  trace: 'debug',
  debu: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  erro: 'err',
  error: 'err',
  fata: 'crit',
  fatal: 'crit',
  pani: 'emerg',
  panic: 'emerg',
};

export interface CliLine {
  message: string;
  severity: Severity;
  level: string;
  time: number | null;
}

/** One of crictl's own log lines, or null. */
export function parseCliLine(text: string): CliLine | null {
  const c = text.charCodeAt(0);
  if (c >= 65 && c <= 90) {
    const m = CLI_TTY_RE.exec(text);
    if (m) return { message: m[3].trim(), severity: CLI_LEVELS[m[1].toLowerCase()], level: m[1], time: null };
  } else if (c === 116 /* t */) {
    const m = CLI_TEXT_RE.exec(text);
    const sev = m ? CLI_LEVELS[m[2]] : undefined;
    if (m && sev) {
      const t = parseIso(m[1]);
      return { message: m[3].replace(/\\(.)/g, '$1'), severity: sev, level: m[2], time: t ? t.micros : null };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Table rows cut at the header's offsets

// One header cell: words joined by single spaces (`POD ID`), cells apart by 2+ spaces (tabwriter
// padding 3). Linear: each repetition must consume a space, then at least one non-space.
export const HEADER_CELL_RE = /\S+(?: \S+)*/g;

/** A row's cells by column key (`container_id`, `created`, ...). */
export type Cells = Record<string, string>;

/** A row read by the shape of its cells, or why it is not a row. */
export type RowResult = { cells: Cells } | { reason: string };

/**
 * Cuts a row at the header's column offsets (`columns`: each title's key and start); null when the
 * row does not line up with them (text before the first column, a cell running over a column
 * start, a run of spaces inside a cell).
 */
export function cutCells(text: string, columns: readonly { key: string; start: number }[]): Cells | null {
  const cells: Cells = {};
  const len = text.length;
  if (columns[0].start > 0 && text.slice(0, columns[0].start).trim() !== '') return null;
  for (let i = 0; i < columns.length; i++) {
    const start = columns[i].start;
    if (start >= len) break;
    // A cell that runs over a column start means this row was not laid out with this header.
    if (start > 0 && text.charCodeAt(start - 1) !== 32) return null;
    const end = i + 1 < columns.length ? columns[i + 1].start : len;
    const v = text.slice(start, end).trim();
    // Cells hold at most single spaces; a run of spaces inside means more columns than the header.
    if (v.includes('  ') || v.includes('\t')) return null;
    if (v !== '') cells[columns[i].key] = v;
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// `Key: value` blocks: `crictl ps -v` and `crictl inspect -o table`

// `ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`, `Exit Code: 137`,
// `Labels:`, `Created: About a minute ago`, `IP Addresses: 10.244.1.23`, `Additional IP: fd00::17`
const KV_RE = /^([A-Z][A-Za-z]{1,15}(?: [A-Z][A-Za-z]{1,10})?):(?: (.*))?$/;
// `\tio.kubernetes.pod.name -> api-0` (the TAB may have become spaces in a paste)
const MAP_ENTRY_RE = /^[\t ]+(\S+) -> (.*)$/;
// `ID: 4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6`: opens a block
export const KV_BLOCK_START_RE = /^ID: [0-9a-f]{12,64}\s*$/;

export interface KvBlock {
  line: number;
  lineEnd: number;
  values: Map<string, string>;
  /** The line each key was printed on (lifecycle events cut a block at its time keys). */
  keyLines: Map<string, number>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  section: 'labels' | 'annotations' | null;
}

function startKvBlock(line: number): KvBlock {
  return {
    line,
    lineEnd: line,
    values: new Map(),
    keyLines: new Map(),
    labels: {},
    annotations: {},
    section: null,
  };
}

/**
 * Adds a line to a block when it belongs there (`Key: value`, `Labels:`, a `k -> v` entry);
 * false when the block is over. `keys` are the keys this command prints.
 */
function addKvLine(b: KvBlock, text: string, line: number, keys: ReadonlySet<string>): boolean {
  if (b.section) {
    const e = MAP_ENTRY_RE.exec(text);
    if (e) {
      (b.section === 'labels' ? b.labels : b.annotations)[e[1]] = e[2];
      b.lineEnd = line;
      return true;
    }
  }
  const m = KV_RE.exec(text);
  if (!m || !keys.has(m[1]) || (m[1] === 'ID' && b.values.has('ID'))) return false;
  b.section = m[1] === 'Labels' ? 'labels' : m[1] === 'Annotations' ? 'annotations' : null;
  if (!b.section) b.values.set(m[1], (m[2] ?? '').trim());
  b.keyLines.set(m[1], line);
  b.lineEnd = line;
  return true;
}

/**
 * The `Key: value` blocks of one command (`keys`: the keys it prints), one open at a time; a
 * finished block goes to `onBlock`. A block starts at `ID: <hex>` and ends at the first line that
 * is not one of its keys or map entries (or at another `ID:` line).
 */
export class KvBlockReader {
  private block: KvBlock | null = null;

  constructor(
    private readonly keys: ReadonlySet<string>,
    private readonly onBlock: (b: KvBlock) => void,
  ) {}

  /** The open block takes the line: true; false when none is open or the line ends it (flushed). */
  add(text: string, line: number): boolean {
    if (!this.block) return false;
    if (!KV_BLOCK_START_RE.test(text) && addKvLine(this.block, text, line, this.keys)) return true;
    this.flush();
    return false;
  }

  /** Opens a block when the line starts one (`ID: <hex>`). */
  start(text: string, line: number): boolean {
    if (!KV_BLOCK_START_RE.test(text)) return false;
    this.block = startKvBlock(line);
    addKvLine(this.block, text, line, this.keys);
    return true;
  }

  /** Ends the open block, if any (a gap in the lines, the end of the segment). */
  flush(): void {
    const b = this.block;
    this.block = null;
    if (b) this.onBlock(b);
  }
}

/** A setter of `fields` that keeps a value only when there is one (not undefined, not ''). */
export function fieldPutter(
  fields: Record<string, FieldValue>,
): (key: string, v: FieldValue | undefined) => void {
  return (key, v) => {
    if (v !== undefined && v !== '') fields[key] = v;
  };
}

/** The pod a sandbox block names: its `Name` / `Namespace` / `UID`, else the pod labels. */
export function blockPod(b: KvBlock): { name?: string; namespace?: string; uid?: string } {
  const v = b.values;
  return {
    name: v.get('Name') || b.labels['io.kubernetes.pod.name'],
    namespace: v.get('Namespace') || b.labels['io.kubernetes.pod.namespace'],
    uid: v.get('UID') || b.labels['io.kubernetes.pod.uid'],
  };
}

/**
 * The details of an inspect message, those that are set: `id 4f2c9b7e1d0a3, attempt 3, pod
 * default/api-0, pid 41211` (inspect), `sandbox 9e8d7c6b5a493, attempt 1, ip 10.244.1.23, pid
 * 41211` (inspectp). The id as crictl shortens it (13 characters); pid 0 is no process.
 */
export function statusDetails(
  idLabel: string,
  id: string | undefined,
  attempt: number | string | undefined,
  third: readonly [label: string, value: string | undefined],
  pid: number | undefined,
): string {
  const d: string[] = [];
  if (id) d.push(`${idLabel} ${id.slice(0, 13)}`);
  if (attempt !== undefined && attempt !== '') d.push(`attempt ${attempt}`);
  if (third[1]) d.push(`${third[0]} ${third[1]}`);
  if (pid) d.push(`pid ${pid}`);
  return d.join(', ');
}

/** Adds labels and annotations as `label.<key>` / `annotation.<key>` fields. */
export function mapFields(b: KvBlock, into: Record<string, FieldValue>): void {
  for (const [k, v] of Object.entries(b.labels)) into[`label.${k}`] = v;
  for (const [k, v] of Object.entries(b.annotations)) into[`annotation.${k}`] = v;
}

/** Pod label values that name no pod (`getFromLabels` prints `unknown` when the label is missing). */
export function isRealName(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== 'unknown' && v !== '<none>';
}

/** `default/api-0`, or the name alone when the namespace is unknown. */
export function podLabel(name: string | undefined, namespace: string | undefined): string | undefined {
  if (!isRealName(name)) return undefined;
  return isRealName(namespace) ? `${namespace}/${name}` : name;
}

// ---------------------------------------------------------------------------------------------
// Container and pod rows (crictl ps / pods tables, -v blocks, -o json|yaml items)

/** The state word or its enum name (`CONTAINER_EXITED`, as early crictl and `-o json` print it). */
export function containerSeverity(state: string): 'notice' | 'warning' | undefined {
  if (state === 'Exited' || state === 'CONTAINER_EXITED') return 'notice';
  if (state === 'Unknown' || state === 'CONTAINER_UNKNOWN') return 'warning';
  return undefined;
}

/** Container, sandbox and pod (`namespace/name`, the spelling kubelet's `pod="ns/name"` uses). */
export function containerEntities(
  id: string | undefined,
  podId: string | undefined,
  pod: string | undefined,
  namespace: string | undefined,
): EntityRef[] {
  const out: EntityRef[] = [];
  if (id) out.push({ kind: 'container', id });
  if (podId) out.push({ kind: 'sandbox', id: podId });
  const p = podLabel(pod, namespace);
  if (p) out.push({ kind: 'pod', id: p });
  return out;
}

/** `container api Exited (attempt 3, id 4f2c9b7e1d0a3, pod default/api-0, image ..., created ...)` */
export function containerSummary(
  name: string | undefined,
  id: string | undefined,
  state: string | undefined,
  attempt: string | number | undefined,
  pod: string | undefined,
  namespace: string | undefined,
  image: string | undefined,
  created: string | undefined,
): string {
  // Concatenation, not an array and join: this runs once per row.
  let parts = attempt !== undefined ? `attempt ${attempt}` : '';
  // The 13-char form crictl prints by default; `fields` keep the id as printed.
  if (id) parts += `${parts ? ', ' : ''}id ${id.slice(0, 13)}`;
  const podText = podLabel(pod, namespace);
  if (podText) parts += `${parts ? ', ' : ''}pod ${podText}`;
  if (image) parts += `${parts ? ', ' : ''}image ${image}`;
  if (created) parts += `${parts ? ', ' : ''}created ${created}`;
  const head = `container ${name || '(no name)'}${state ? ` ${state}` : ''}`;
  return parts ? `${head} (${parts})` : head;
}

/** `NotReady` / `SANDBOX_NOTREADY`: routine for a finished pod, worth a look when it should run. */
export function sandboxSeverity(state: string): 'notice' | undefined {
  return state === 'NotReady' || state === 'SANDBOX_NOTREADY' ? 'notice' : undefined;
}

/** Sandbox, pod (`namespace/name`) and pod UID. */
export function sandboxEntities(
  id: string | undefined,
  name: string | undefined,
  namespace: string | undefined,
  uid: string | undefined,
): EntityRef[] {
  const out: EntityRef[] = [];
  if (id) out.push({ kind: 'sandbox', id });
  const p = podLabel(name, namespace);
  if (p) out.push({ kind: 'pod', id: p });
  if (uid && isRealName(uid)) out.push({ kind: 'pod', id: uid });
  return out;
}

/** `pod default/api-0 Ready (attempt 1, id 9e8d7c6b5a493, runtime runsc, created 2 days ago)` */
export function sandboxSummary(
  name: string | undefined,
  namespace: string | undefined,
  id: string | undefined,
  state: string | undefined,
  attempt: string | number | undefined,
  runtime: string | undefined,
  created: string | undefined,
): string {
  let parts = attempt !== undefined ? `attempt ${attempt}` : '';
  if (id) parts += `${parts ? ', ' : ''}id ${id.slice(0, 13)}`;
  if (runtime) parts += `${parts ? ', ' : ''}runtime ${runtime}`;
  if (created) parts += `${parts ? ', ' : ''}created ${created}`;
  const head = `pod ${podLabel(name, namespace) ?? '(no name)'}${state ? ` ${state}` : ''}`;
  return parts ? `${head} (${parts})` : head;
}

/** A detection head without the lines crictl prints around its output (the echo, its log lines). */
export function afterCrictlEcho(head: readonly string[]): readonly string[] {
  let i = 0;
  while (i < head.length && (crictlSubcommand(head[i]) !== null || parseCliLine(head[i]) !== null)) i++;
  return head.slice(i);
}

// `  "info": {` / `  "status": {`: the two top-level keys crictl inspect and inspectp print
const STATUS_TOP_KEY_RE = /^\s*"(?:info|status)":\s{1,2}\{/;

/** True when a JSON head shows the `info` / `status` keys of `crictl inspect` / `inspectp`. */
export function hasStatusKeys(rest: readonly string[]): boolean {
  const first = rest[0] ?? '';
  return (
    rest.some((l) => STATUS_TOP_KEY_RE.test(l)) || first.includes('"status":') || first.includes('"info":')
  );
}

/**
 * Lines every crictl parser accepts around its own output: an echoed `crictl ...` command
 * (skipped as a prompt) and crictl's own `WARN[0000]` / `FATA[0000]` messages (events).
 * Returns false when the line is neither.
 */
export function handleCrictlCliLine(ctx: ParseContext, sink: EventSink, text: string, line: number): boolean {
  if (crictlSubcommand(text)) {
    sink.skipped(line, 'prompt');
    return true;
  }
  const cli = parseCliLine(text);
  if (!cli) return false;
  sink.event(
    makeEvent(ctx, {
      line,
      time: cli.time,
      severity: cli.severity,
      message: cli.message,
      fields: { crictl_level: cli.level },
    }),
  );
  return true;
}

/**
 * `crictl inspect` / `crictl inspectp`: JSON objects (JsonObjectStream) and the `-o table` blocks
 * (`tableKeys`: the keys the table prints; each block goes to `onBlock`), with crictl's echo and
 * log lines around them.
 */
export abstract class CrictlInspectStream extends JsonObjectStream {
  private readonly blocks: KvBlockReader;

  constructor(ctx: ParseContext, sink: EventSink, label: string, tableKeys: ReadonlySet<string>) {
    super(ctx, sink, label);
    this.blocks = new KvBlockReader(tableKeys, (b) => this.onBlock(b));
  }

  /** Emits the event(s) of one `-o table` block. */
  protected abstract onBlock(b: KvBlock): void;

  protected override blockPush(text: string, line: number): boolean {
    return this.blocks.add(text, line);
  }

  protected override blockEnd(): void {
    this.blocks.flush();
  }

  /** Lines outside JSON: a `-o table` block, a command echo, crictl's own log lines. */
  protected override other(text: string, line: number): void {
    if (this.blocks.start(text, line)) return;
    if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
    this.sink.unparsed(line, `not part of a ${this.label} JSON object or -o table block`);
  }
}

/** What a crictl table lists: `ps` containers or `pods` sandboxes. */
export interface CrictlTableKind {
  /** `ps`, `pods`: names the table in unparsed reasons. */
  command: string;
  /** The keys of its `-v` blocks. */
  blockKeys: ReadonlySet<string>;
  /** `-q` prints the full ids alone: `container`, `pod sandbox`; the id's field and entity kind. */
  noun: string;
  idField: string;
  idKind: EntityKind;
}

/**
 * `crictl ps` / `crictl pods`: table rows under a header (a header again mid-segment, two outputs
 * glued, becomes the active one; rows read the same under either, so record-locality holds), `-v`
 * blocks, `-q` ids and crictl's own lines around them.
 */
export abstract class CrictlTableParser implements LineParser {
  private readonly blocks: KvBlockReader;
  private lastLine = 0;

  constructor(
    protected readonly ctx: ParseContext,
    protected readonly sink: EventSink,
    private readonly kind: CrictlTableKind,
  ) {
    this.blocks = new KvBlockReader(kind.blockKeys, (b) => this.sink.event(this.blockEvent(b)));
  }

  /** Takes the line as the table's header (and keeps its columns): true, else false. */
  protected abstract header(text: string): boolean;

  /** The event of a row, or why the line is not one. */
  protected abstract row(text: string, line: number): LogEvent | string;

  /** The event of a `-v` block. */
  protected abstract blockEvent(b: KvBlock): LogEvent;

  push(text: string, line: number): void {
    // A line the ingest kept back (over-long) leaves a gap: a block cannot span it.
    if (line !== this.lastLine + 1) this.blocks.flush();
    this.lastLine = line;
    if (this.blocks.add(text, line)) return;
    // A row starts with its hex id: no header, `ID:` block start or blank line does; those three
    // checks are skipped for it.
    const c0 = text.charCodeAt(0);
    if (!((c0 >= 48 && c0 <= 57) || (c0 >= 97 && c0 <= 102))) {
      if (isBlank(text)) {
        this.sink.skipped(line, 'blank');
        return;
      }
      if (this.header(text)) {
        this.sink.skipped(line, 'header');
        return;
      }
      if (this.blocks.start(text, line)) return;
    }
    const e = this.row(text, line);
    if (typeof e !== 'string') this.sink.event(e);
    else this.other(text, line, e);
  }

  /** Lines that are not rows: ids of `-q`, a command echo, crictl's own log lines. */
  private other(text: string, line: number, reason: string): void {
    const t = text.trim();
    if (FULL_ID_RE.test(t)) {
      const k = this.kind;
      this.sink.event(
        makeEvent(this.ctx, {
          line,
          message: `${k.noun} ${t} (listed by id only)`,
          fields: { [k.idField]: t },
          entities: [{ kind: k.idKind, id: t }],
        }),
      );
      return;
    }
    if (handleCrictlCliLine(this.ctx, this.sink, text, line)) return;
    this.sink.unparsed(line, `not a crictl ${this.kind.command} row: ${reason}`);
  }

  end(): void {
    this.blocks.flush();
  }
}
