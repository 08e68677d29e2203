// containerd-logfmt: a bare containerd (or dockerd, CRI-O, shim) log, one logrus record per line
// (FORMATS.md 6.1), e.g. RKE2's agent/containerd/containerd.log or a journal paste whose date and
// host were cut off (`containerd[2742376]: time=...`, corpus nerdctl-1039). Three forms:
//   text: `time="2021-09-14T21:10:50.627108951Z" level=info msg="shim disconnected" id=6439...`
//         (also `time=2025-...` unquoted)
//   TTY:  `INFO[2019-04-11T10:39:37.413880563-07:00] shim disconnected                             id=8007...`
//   JSON: `{"id":"4f2c...","level":"info","msg":"shim disconnected","namespace":"k8s.io","time":"2025-..."}`
// The time carries its zone (exact); a zone-less one gets ctx.utcOffsetMinutes (inferred).
// message = msg followed by the other keys as printed (`shim disconnected id=6439...`, as the TTY
// form shows it); those keys also become fields through the containerd reader, the same one that
// reads containerd lines inside journal entries.
//
// Multi-line records: a quoted value that does not close on its line (old logrus printed
// newlines raw: `msg="=== BEGIN goroutine stack dump ===` then the dump, corpus containerd-2744)
// takes the following lines until it closes; Go runtime output right after a record (a panic,
// `goroutine N [running]:`, frames, TAB-indented file lines, blank lines between goroutines) is
// folded into that record. Any other line is unparsed.
import {
  type ContainerdHead,
  containerdTime,
  parseContainerdHead,
  parseContainerdLine,
  readContainerdLine,
} from '../messages/containerd.ts';
import { isGoStackLine, type LinePrefix, linePrefix, openAfterLine } from '../messages/logfmt.ts';
import type { Reading } from '../messages/reading.ts';
import type { LogEvent, Severity } from '../model/event.ts';
import { severityFromWord } from '../util/time.ts';
import { isBlank } from './event-builder.ts';
import { foldRecords, type RecordHead, recordEvent, recordHeadScore } from './multiline-records.ts';
import type { Parser } from './parser-api.ts';

/** A record's first line: the whole line lexed (full parse) or only its head (columns-only). */
interface Start<L extends ContainerdHead> {
  line: L;
  prefix: LinePrefix | null;
}

/** startOf with `parse` (the line or its head): the record a line starts, with its `ident[pid]: ` prefix if any. */
function startWith<L extends ContainerdHead>(parse: (s: string, from: number) => L | null) {
  return (text: string): Start<L> | null => {
    const line = parse(text, 0);
    if (line) return { line, prefix: null };
    const prefix = linePrefix(text);
    if (!prefix) return null;
    const inner = parse(text, prefix.start);
    return inner ? { line: inner, prefix } : null;
  };
}

// Both read the same lines as record starts (parseContainerdHead is parseContainerdLine reduced to
// form, time, level and `open`), so the two modes cut the same records.
const startOfLine = startWith(parseContainerdLine);
const startOfHead = startWith(parseContainerdHead);

/** Detection weight of a record's first line: the TTY's `[0000]` (crictl's own stderr) is weak. */
function weightOf(s: Start<ContainerdHead>): number {
  return s.line.form === 'tty' && (s.line.time ?? '').length < 19 ? 0.3 : 1;
}

interface Rec<L extends ContainerdHead> {
  start: Start<L>;
  line: number;
  lineEnd: number;
  /** Lines of the lexed part: the first, plus those an open quoted value spans (null: columns-only). */
  lexed: string[] | null;
  /** Go runtime lines folded in after the record closed (null: columns-only). */
  trailer: string[] | null;
  open: boolean;
}

/** A record's first line, and the lines a record spans: an open quoted value, a stack dump. */
const HEAD: RecordHead<Start<ContainerdHead>> = {
  startOf: startOfHead,
  weight: weightOf,
  opens: (s) => s.line.open,
  spans: (text, open) => (open ? openAfterLine(text, true) : isGoStackLine(text) ? false : null),
};

const NOT_A_RECORD =
  'not a containerd log line (expected `time="..." level=... msg=...`, `INFO[<time>] msg` or JSON)';

export const containerdLogfmtParser: Parser = {
  id: 'containerd-logfmt',
  title: 'containerd / logrus log',
  version: 1,
  samples: [
    // corpus rke2-1815 containerd.log (first lines)
    `time="2021-09-14T21:10:50.627108951Z" level=info msg="shim disconnected" id=643930a656c39788949cbf4d955cbc7cc9a975376809aa2ee7de2d94d70f7f55
time="2021-09-14T21:10:50.627190669Z" level=error msg="copy shim log" error="read /proc/self/fd/40: file already closed"
time="2021-09-14T21:10:50.659214316Z" level=info msg="RemoveContainer for \\"d886c4760a3ebbdfaa20049f5471e7796b4848af33a3b61618a2533bc1a51bf9\\""
`,
    // examples/containerd-tty-format.derived.txt (containerd PR #3206)
    `INFO[2019-04-11T10:39:37.413880563-07:00] shim disconnected                             id=8007d9037578e0afb63a5c1254f998db917d1653a333ef71fb68c13aab064e61
WARN[2019-04-11T10:39:37.414006366-07:00] cleaning up after shim disconnected           id=8007d9037578e0afb63a5c1254f998db917d1653a333ef71fb68c13aab064e61 namespace=k8s.io
`,
    // examples/containerd-log-lines.synthetic.txt (log format = json)
    `{"id":"4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6","level":"info","msg":"shim disconnected","namespace":"k8s.io","time":"2025-11-26T10:00:01.230001000Z"}
`,
  ],
  // Below journalctl-cat's 0.9 for a paste echoing `journalctl -o cat`: the same lines, and the
  // echo says they came from the journal.
  detect: (head) => recordHeadScore(head, HEAD, 85),
  create(ctx, sink) {
    /** The columns every event has: time and severity from the first line, the prefix's host / ident / pid. */
    // The last level's severity: runs of lines share their level.
    let lastLevel: string | undefined;
    let lastSeverity: Severity | undefined;
    const event = (r: Rec<ContainerdHead>, message: string, reading: Reading): LogEvent => {
      const first = r.start.line;
      const t = containerdTime(first, ctx.utcOffsetMinutes);
      if (first.level !== lastLevel) {
        lastLevel = first.level;
        lastSeverity = first.level ? severityFromWord(first.level) : undefined;
      }
      const severity = lastSeverity;
      return recordEvent(ctx, r, r.start.prefix, reading, {
        time: t?.micros ?? null,
        timeQuality: t?.quality ?? 'none',
        severity,
        message,
      });
    };

    const fold = <L extends ContainerdHead>(
      startOf: (text: string) => Start<L> | null,
      keep: boolean,
      finish: (r: Rec<L>) => LogEvent,
    ) =>
      foldRecords<Start<L>, Rec<L>>(sink, {
        startOf,
        begin: (start, text, line) => ({
          start,
          line,
          lineEnd: line,
          lexed: keep ? [text] : null,
          trailer: keep ? [] : null,
          open: start.line.open,
        }),
        take(rec, text, line, blanks) {
          if (rec.open) {
            // Inside a quoted value: every line (blank ones too) is part of it until it closes.
            rec.lexed?.push(text);
            rec.lineEnd = line;
            rec.open = openAfterLine(text, true);
            return true;
          }
          // Blank lines are kept only if more of a stack dump follows (Go prints a blank line
          // between goroutines).
          if (isBlank(text) || !isGoStackLine(text)) return false;
          if (rec.trailer) {
            for (let i = 0; i < blanks; i++) rec.trailer.push('');
            rec.trailer.push(text);
          }
          rec.lineEnd = line;
          return true;
        },
        event: finish,
        notARecord: NOT_A_RECORD,
      });

    // Columns only: each record start is read up to its time and level (and whether a quoted
    // value stays open), nothing is sliced or unescaped for a message the store does not keep.
    if (ctx.columnsOnly) return fold(startOfHead, false, (r) => event(r, '', { fields: {}, entities: [] }));

    return fold(startOfLine, true, (r) => {
      const { start } = r;
      const first = start.line;
      const lexed = r.lexed ?? [];
      const trailer = r.trailer ?? [];
      const reading: Reading = { fields: {}, entities: [] };
      // A record spanning lines is lexed whole (its pairs follow the closing quote).
      let line = first;
      if (lexed.length > 1) {
        const from = start.prefix?.start ?? 0;
        line = parseContainerdLine(lexed.join('\n'), from) ?? first;
      }
      // The message as the line says it: msg, then the fields as printed (`id=... namespace=...`).
      let message = line.rest ? `${line.msg} ${line.rest}` : line.msg;
      if (trailer.length) message = `${message}\n${trailer.join('\n')}`;
      // `WARN[0000]`: seconds since the process started, not a time.
      if (first.form === 'tty' && first.time && containerdTime(first, ctx.utcOffsetMinutes) === null)
        reading.fields.elapsedSeconds = Number(first.time);
      if (trailer.length) reading.fields.stackLines = trailer.length;
      readContainerdLine(line, reading, false);
      return event(r, message, reading);
    });
  },
};
