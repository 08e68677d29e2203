// The event model: the one shape every parser emits (DESIGN.md section 3).
// Changing anything here is a contract change: update DESIGN.md, docs/ and tests with it.

export const FORMAT_IDS = [
  'journalctl-short',
  'journalctl-short-full',
  'journalctl-short-iso',
  'journalctl-short-iso-precise',
  'journalctl-short-precise',
  'journalctl-short-monotonic',
  'journalctl-short-unix',
  'journalctl-cat',
  'journalctl-verbose',
  'journalctl-json',
  'journalctl-json-pretty',
  'journalctl-export',
  'syslog-rfc3164',
  'syslog-rfc5424',
  'dmesg-raw',
  'dmesg-level',
  'dmesg-decode',
  'dmesg-ctime',
  'dmesg-iso',
  'dmesg-reltime',
  'dmesg-delta',
  'dmesg-notime',
  'dmesg-json',
  'crictl-ps',
  'crictl-ps-json',
  'crictl-inspect',
  'crictl-pods',
  'crictl-inspectp',
  'ctr-tasks',
  'ctr-containers',
  'ctr-containers-info',
  'ctr-snapshots',
  'kubectl-describe-pod',
  'kubectl-get-events',
  'kubectl-get-pods',
  'containerd-logfmt',
  'klog',
  'cgroup-files',
  'ps',
  'systemctl-status',
  'docker-ps',
  'docker-inspect',
  'runc-list',
  'talosctl-dmesg',
  'text',
] as const;

export type FormatId = (typeof FORMAT_IDS)[number];

export function isFormatId(s: string): s is FormatId {
  return (FORMAT_IDS as readonly string[]).includes(s);
}

/** `${sourceId}:${line}` -> its parts (the source id may itself hold colons); null when malformed. */
export function splitEventId(eventId: string): { sourceId: string; line: number } | null {
  if (typeof eventId !== 'string') return null;
  const colon = eventId.lastIndexOf(':');
  if (colon <= 0) return null;
  const line = Number(eventId.slice(colon + 1));
  if (!Number.isInteger(line) || line < 1) return null;
  return { sourceId: eventId.slice(0, colon), line };
}

export type TimeQuality = 'exact' | 'inferred' | 'aligned' | 'relative' | 'none';

export const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type EntityKind =
  | 'container'
  | 'sandbox'
  | 'pod'
  | 'pid'
  | 'process'
  | 'cgroup'
  | 'image'
  | 'snapshot'
  | 'unit'
  | 'node';

export interface EntityRef {
  kind: EntityKind;
  id: string;
}

export type FieldValue = string | number | boolean;

export interface LogEvent {
  /** `${sourceId}:${line}`: stable across re-parses. */
  id: string;
  /** Source id: the file name or "paste-N". */
  source: string;
  format: FormatId;
  /** 1-based first line of the record in the source. */
  line: number;
  /** 1-based last line of the record (== line for one-line records). */
  lineEnd: number;
  /** Epoch microseconds UTC, or null when unknown. */
  time: number | null;
  timeQuality: TimeQuality;
  /** When only a range is known ("2 hours ago", a guessed year). */
  timeRange?: [number, number];
  /**
   * The lines this event is rebuilt from, when more than its own: the whole record it was cut
   * from (crictl inspect's created / started / exited events of one object), or an earlier block
   * of the same output that names it (a kubectl describe container block under its pod header).
   * See docs/adr/0003.
   */
  record?: [number, number];
  /** Seconds since boot, when the source gives it. */
  monotonic?: number;
  /** Boot id or boot ordinal. */
  boot?: string;
  host?: string;
  unit?: string;
  ident?: string;
  pid?: number;
  severity?: Severity;
  message: string;
  fields: Record<string, FieldValue>;
  entities: EntityRef[];
}

/** Structural lines that are neither events nor errors (DESIGN.md section 5). */
export type SkipKind = 'blank' | 'fence' | 'prompt' | 'header' | 'boot-marker' | 'comment';

export interface UnparsedLine {
  line: number;
  reason: string;
}

export interface SkippedLine {
  line: number;
  kind: SkipKind;
}

/** One contiguous run of lines of one format inside a source. */
export interface Segment {
  format: FormatId;
  /** 0..1: how sure the detector was. 1 for a hand override. */
  confidence: number;
  /** Inclusive 1-based line range. */
  lineStart: number;
  lineEnd: number;
  /** The command that introduced the segment (`$ dmesg -T`), when there was one. */
  command?: string;
  /**
   * When the output was taken, read from the paste itself (a `$ date` line above it), if so;
   * epoch µs. A capture time given for the whole source is not repeated here.
   */
  capturedAt?: number;
  /** The file name of the `==> f <==` header that introduced the segment, when there was one. */
  fileName?: string;
  /** True when the user chose the format by hand. */
  overridden?: boolean;
}
