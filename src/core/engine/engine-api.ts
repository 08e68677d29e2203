// The engine's public shapes: what the worker exposes to the UI (and what Node tests call
// directly). Plain data only: everything here crosses postMessage.
import type {
  EntityKind,
  FormatId,
  LogEvent,
  Segment,
  Severity,
  TimeQuality,
  UnparsedLine,
} from '../model/event.ts';

export interface SourceSummary {
  sourceId: string;
  /** File name, or "paste-N". */
  name: string;
  kind: 'file' | 'paste' | 'sample';
  /** Bytes of the input as given (compressed size for .gz). */
  bytes: number;
  /** Streaming content hash of the decoded text (hex). Cache key with PARSER_SET_VERSION. */
  contentHash: string;
  /** What the decoder found: 'utf-8', 'utf-8 (BOM)', 'utf-16le', 'utf-16be', plus ' + gzip'. */
  encoding: string;
  /** Warnings that did not stop the parse: invalid UTF-8 replaced, control characters... */
  warnings: string[];
  lines: number;
  events: number;
  unparsedCount: number;
  skippedCount: number;
  /** First 200 unparsed lines with their reasons (the rest are counted). */
  unparsed: UnparsedLine[];
  segments: (Segment & { candidates: { format: FormatId; confidence: number }[] })[];
  parseMillis: number;
}

export interface ViewQuery {
  /** Source ids to show; empty = all. */
  sources: string[];
  /** Severities to show; empty = all. Events without a severity count as 'info'. */
  severities: Severity[];
  /** Case-insensitive substring over the record's raw text; '' = no search. */
  search: string;
  /** Only timed events in [from, to] (epoch µs, inclusive); untimed events are left out. */
  timeRange?: [number, number];
  /** Only events linked to this entity (EntitySummary.key), directly or through its related processes and cgroups. */
  entity?: string;
}

export interface ViewInfo {
  /** Opaque id of the computed view, to fetch its rows. */
  viewId: string;
  /** Rows with a wall-clock time, in time order (ties: source order, then line). */
  timed: number;
  /** Rows with no wall-clock time (e.g. raw dmesg before alignment): listed after the timed ones, by source and line. */
  untimed: number;
  total: number;
  /** Earliest and latest time among timed rows (epoch µs), or null. */
  first: number | null;
  last: number | null;
}

export interface Row {
  /** Position in the view. */
  index: number;
  eventId: string;
  sourceId: string;
  sourceName: string;
  format: FormatId;
  line: number;
  lineEnd: number;
  time: number | null;
  timeQuality: TimeQuality;
  monotonic?: number;
  severity?: Severity;
  /** `unit` if set, else `ident`. */
  ident?: string;
  pid?: number;
  host?: string;
  /** First line of the message, cut to 2,000 characters for display. */
  message: string;
}

export interface EventDetail {
  event: LogEvent;
  sourceName: string;
  /** The record's raw lines, read back from the stored source by line range. */
  raw: { line: number; text: string }[];
}

export interface Progress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
  events: number;
}

// ---- Time window, histogram, lanes, navigation (issue 4) ----

/** Severity classes of the histogram and lanes, most severe first. */
export const DENSITY_CLASSES = ['error', 'warning', 'info', 'debug'] as const;
export type DensityClass = (typeof DENSITY_CLASSES)[number];

export interface HistogramQuery {
  viewId: string;
  /** Epoch µs; the range the bins cover (usually the view's first..last, or the zoomed window). */
  from: number;
  to: number;
  bins: number;
}

export interface Histogram {
  from: number;
  to: number;
  /** Width of one bin, µs. */
  binUs: number;
  /** counts[class][bin], classes in DENSITY_CLASSES order (emerg..err = error, notice/info/none = info). */
  counts: number[][];
  /** Largest total of one bin (for scaling). */
  max: number;
}

export interface LanesQuery extends HistogramQuery {
  by: 'source' | 'entity';
  /** Lanes listed at most (the busiest first); the rest are summed in an "other" lane. */
  maxLanes?: number;
}

export interface Lane {
  /** Source id, or an entity key. */
  key: string;
  label: string;
  /** Timed events per bin. */
  counts: number[];
  /** Worst DENSITY_CLASSES index per bin (-1 = empty), to colour the lane. */
  worst: number[];
  total: number;
}

// ---- Clocks (issue 4): what src/core/time decided, per source ----

/** What a boot's offset was fitted from, strongest first. */
export type ClockEvidence =
  | 'journal-monotonic'
  | 'short-monotonic'
  | 'matched-text'
  | 'user-boot-time'
  | 'pinned-line'
  | 'none';

export interface BootAlignment {
  /** Clock domain: boot id, `boot-N`, or `#N` for the N-th restart of a dmesg clock. */
  boot: string;
  /** Events of the source in this domain with a monotonic time. */
  events: number;
  /** wall (epoch µs) = bootTimeUs + monotonic seconds * 1e6; null = no evidence, times stay relative. */
  bootTimeUs: number | null;
  /** Anchor pairs the fit used. */
  anchors: number;
  /** RMS distance of the anchors from the fitted offset, µs (null without anchors). */
  residualUs: number | null;
  /** ± how far the true offset may be from the fitted one, µs (stamp precision, spread). */
  uncertaintyUs: number | null;
  evidence: ClockEvidence;
  /** Sources the anchors came from (ids). */
  anchorSources: string[];
  /** A few anchor pairs, to show and jump to. */
  examples: { monoEventId: string; wallEventId: string; deltaUs: number }[];
  decidedBy: 'evidence' | 'user' | 'none';
  /** One sentence: what the offset rests on (or why there is none), to show next to it. */
  reason?: string;
}

export interface SourceClock {
  sourceId: string;
  name: string;
  /** Year used for year-less stamps; null when the source has none. */
  year: { value: number; how: 'other-sources' | 'capture-time' | 'user' | 'default'; reason: string } | null;
  /** Zone used for zone-less stamps; null when the source has none. */
  zone: { utcOffsetMinutes: number; how: 'learned' | 'user' | 'default'; reason: string } | null;
  /** Shift added to every wall time of the source, µs (a pinned line or a typed correction). */
  shiftUs: number;
  pinned?: { eventId: string; wallUs: number };
  /** Monotonic clock domains (dmesg raw, short-monotonic...); empty for wall-clock-only sources. */
  boots: BootAlignment[];
  /** The user looked at it and accepted it: later inference does not change it. */
  accepted: boolean;
  /** Events per time quality after alignment. */
  qualities: Partial<Record<TimeQuality, number>>;
}

export interface ClockReport {
  sources: SourceClock[];
  /** The zone assumed for zone-less stamps when nothing better is known (the browser's), minutes east of UTC. */
  defaultUtcOffsetMinutes: number;
}

/** What the user decided for one source's clock; every field optional (absent = inferred). */
export interface ClockDecision {
  year?: number;
  utcOffsetMinutes?: number;
  /** Boot time per clock domain, typed by the user (epoch µs). */
  bootTimes?: Record<string, number>;
  /** One event pinned to a wall time: its boot domain (monotonic) or the whole source (wall) follows. */
  pin?: { eventId: string; wallUs: number };
  /** A typed shift of the whole source, µs. */
  shiftUs?: number;
  accepted?: boolean;
}

// ---- Entities (issue 4): one per container, pod, process, cgroup ----

export interface EntitySummary {
  /** `${kind}:${id}`; stable for a set of sources. */
  key: string;
  kind: EntityKind;
  /** Canonical id: the full 64-hex id when any source gives it; `boot/pid` for processes. */
  id: string;
  /** What a person calls it: `payments/checkout-…`, `app (7fc23ca64dfc)`, `pid 2150 containerd-shim`. */
  label: string;
  /** Other spellings seen for it (12/13-char prefixes, underscored UIDs, cgroup paths...). */
  aliases: string[];
  events: number;
  first: number | null;
  last: number | null;
  /** Keys of linked entities (a container's pod and sandbox, a shim pid's sandbox, a cgroup's container). */
  related: string[];
  /** What the sources say about it: name, image, state, exitCode, podUid... */
  facts: Record<string, string | number>;
}

export type LifecycleStepKind =
  | 'created'
  | 'started'
  | 'oom-killed'
  | 'killed'
  | 'shim-disconnected'
  | 'shim-cleaned'
  | 'exited'
  | 'stopped'
  | 'removed'
  | 'unknown'
  | 'state';

export interface LifecycleStep {
  step: LifecycleStepKind;
  eventId: string;
  sourceName: string;
  time: number | null;
  timeQuality: TimeQuality;
  /** One line for the lane: `exited 137 (synthetic, after dead-shim cleanup)`. */
  label: string;
}
