// Every parser, listed once. No side-effect registration, no if/else cascade: detection asks
// each parser for a score and takes the best (DESIGN.md section 6).
import { readMessage } from '../messages/index.ts';
import type { FormatId } from '../model/event.ts';
import { cgroupFilesParser } from './cgroup-files.ts';
import { containerdLogfmtParser } from './containerd-logfmt.ts';
import { crictlInspectParser } from './crictl-inspect.ts';
import { crictlInspectpParser } from './crictl-inspectp.ts';
import { crictlPodsParser } from './crictl-pods.ts';
import { crictlPsParser } from './crictl-ps.ts';
import { crictlPsJsonParser } from './crictl-ps-json.ts';
import { ctrContainersParser } from './ctr-containers.ts';
import { ctrContainersInfoParser } from './ctr-containers-info.ts';
import { ctrSnapshotsParser } from './ctr-snapshots.ts';
import { ctrTasksParser } from './ctr-tasks.ts';
import { dmesgCtimeParser } from './dmesg-ctime.ts';
import { dmesgDecodeParser } from './dmesg-decode.ts';
import { dmesgDeltaParser } from './dmesg-delta.ts';
import { dmesgIsoParser } from './dmesg-iso.ts';
import { dmesgJsonParser } from './dmesg-json.ts';
import { dmesgLevelParser } from './dmesg-level.ts';
import { dmesgNotimeParser } from './dmesg-notime.ts';
import { dmesgRawParser } from './dmesg-raw.ts';
import { dmesgReltimeParser } from './dmesg-reltime.ts';
import { dockerInspectParser } from './docker-inspect.ts';
import { dockerPsParser } from './docker-ps.ts';
import { journalctlCatParser } from './journalctl-cat.ts';
import { journalctlExportParser } from './journalctl-export.ts';
import { journalctlJsonParser } from './journalctl-json.ts';
import { journalctlJsonPrettyParser } from './journalctl-json-pretty.ts';
import { journalctlShortParser } from './journalctl-short.ts';
import { journalctlShortFullParser } from './journalctl-short-full.ts';
import { journalctlShortIsoParser } from './journalctl-short-iso.ts';
import { journalctlShortIsoPreciseParser } from './journalctl-short-iso-precise.ts';
import { journalctlShortMonotonicParser } from './journalctl-short-monotonic.ts';
import { journalctlShortPreciseParser } from './journalctl-short-precise.ts';
import { journalctlShortUnixParser } from './journalctl-short-unix.ts';
import { journalctlVerboseParser } from './journalctl-verbose.ts';
import { klogParser } from './klog.ts';
import { kubectlDescribePodParser } from './kubectl-describe-pod.ts';
import { kubectlGetEventsParser } from './kubectl-get-events.ts';
import { kubectlGetPodsParser } from './kubectl-get-pods.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';
import { psParser } from './ps.ts';
import { runcListParser } from './runc-list.ts';
import { syslogRfc3164Parser } from './syslog-rfc3164.ts';
import { syslogRfc5424Parser } from './syslog-rfc5424.ts';
import { systemctlStatusParser } from './systemctl-status.ts';
import { talosctlDmesgParser } from './talosctl-dmesg.ts';
import { textParser } from './text.ts';

export const PARSERS: readonly Parser[] = [
  // Before the journal: a syslog file scores as high as journalctl short only with a syslog cue
  // (space-padded day, PRI, imklog stamp, a file-name hint), and then a tie must go to syslog.
  syslogRfc3164Parser,
  syslogRfc5424Parser,
  journalctlShortParser,
  journalctlShortFullParser,
  journalctlShortIsoParser,
  journalctlShortIsoPreciseParser,
  journalctlShortPreciseParser,
  journalctlShortMonotonicParser,
  journalctlShortUnixParser,
  journalctlCatParser,
  journalctlJsonParser,
  dmesgRawParser,
  dmesgLevelParser,
  dmesgDecodeParser,
  dmesgCtimeParser,
  dmesgIsoParser,
  dmesgReltimeParser,
  dmesgDeltaParser,
  dmesgNotimeParser,
  crictlPsParser,
  crictlInspectParser,
  journalctlVerboseParser,
  journalctlJsonPrettyParser,
  journalctlExportParser,
  dmesgJsonParser,
  crictlPsJsonParser,
  crictlPodsParser,
  crictlInspectpParser,
  ctrTasksParser,
  ctrContainersParser,
  ctrContainersInfoParser,
  ctrSnapshotsParser,
  kubectlDescribePodParser,
  kubectlGetEventsParser,
  kubectlGetPodsParser,
  containerdLogfmtParser,
  klogParser,
  cgroupFilesParser,
  psParser,
  systemctlStatusParser,
  dockerPsParser,
  dockerInspectParser,
  runcListParser,
  talosctlDmesgParser,
  textParser,
];

const BY_ID = new Map<FormatId, Parser>(PARSERS.map((p) => [p.id, p]));

/** Formats a user can pick by hand (those with a parser). */
export const PARSEABLE_FORMATS: readonly FormatId[] = PARSERS.map((p) => p.id);

export function parserById(id: FormatId): Parser {
  return BY_ID.get(id) ?? textParser;
}

/** Part of every cache key: changes when any parser's output may change. */
export const PARSER_SET_VERSION = PARSERS.map((p) => `${p.id}@${p.version}`).join(',');

/** Below this, a segment is read as `text`. */
export const MIN_CONFIDENCE = 0.3;

export interface Detection {
  format: FormatId;
  confidence: number;
  /** Every candidate that scored above zero, best first (shown in the override menu). */
  candidates: { format: FormatId; confidence: number }[];
}

export function detectFormat(head: readonly string[], fileName?: string, command?: string): Detection {
  const candidates: { format: FormatId; confidence: number }[] = [];
  for (const p of PARSERS) {
    if (p === textParser) continue;
    let score = 0;
    try {
      score = p.detect(head, fileName, command);
    } catch {
      score = 0; // a detector must never take the ingest down
    }
    if (score > 0) candidates.push({ format: p.id, confidence: Math.min(1, score) });
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  const best = candidates[0];
  if (!best || best.confidence < MIN_CONFIDENCE) {
    const conf = head.length === 0 ? 1 : 1 - (best?.confidence ?? 0);
    return { format: 'text', confidence: Math.round(conf * 100) / 100, candidates };
  }
  return { format: best.format, confidence: best.confidence, candidates };
}

/**
 * The parser for `ctx.format`, writing to `sink`; for full events (not columns-only) every event
 * first goes through the second pass over its message (src/core/messages). The one way to open a
 * parser, so the ingest and the store's re-parse give the same events.
 */
export function openParser(ctx: ParseContext, sink: EventSink): LineParser {
  const p = parserById(ctx.format);
  if (ctx.columnsOnly) return p.create(ctx, sink);
  return p.create(ctx, {
    event(e) {
      readMessage(e);
      sink.event(e);
    },
    unparsed: (line, reason) => sink.unparsed(line, reason),
    skipped: (line, kind) => sink.skipped(line, kind),
  });
}
