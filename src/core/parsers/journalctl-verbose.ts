// `journalctl -o verbose` (FORMATS.md 1.4; systemd src/shared/logs-show.c output_verbose()):
//
//   Wed 2025-11-26 10:00:01.187734 CET [s=8a5b...;i=1f3a2;b=5c1f...;m=1493a0e8f2;t=6446e3b1c6e06;x=2d4e...]
//       _TRANSPORT=kernel
//       PRIORITY=3
//       MESSAGE=first line of a multi-line MESSAGE
//               second line (indented by 4 + len("MESSAGE") + 1 = 12 columns)
//       BLOB=[12.0K blob data]
//
// One event per entry, from its header line to its last field line; the fields are mapped like
// every journal entry (journal-entry.ts). No blank line between entries; with `-x` catalog lines
// (`-- ...` / `░░ ...`) may follow an entry, and `-- Boot <id> --` markers stand between boots
// (FORMATS.md 1.7).
//
// Time: the header shows the display time in the zone of the machine that ran journalctl, often
// as an abbreviation (`CET`) that does not say its offset. The cursor is exact and zone-free:
// `t=` is __REALTIME_TIMESTAMP and `m=` __MONOTONIC_TIMESTAMP in hex µs, `b=` the boot id
// (FORMATS.md 1.4 "Cursor syntax"); they are used first. Without them (a cursor cut by the paste)
// the header gives the time: exact with `UTC` / `GMT` or a numeric offset, else read in the
// context's offset and marked 'inferred'.
//
// Rules chosen where a paste leaves room:
// - A field line is `NAME=value` (journal field grammar: upper case, digits, `_`) indented by at
//   most 4 (pastes sometimes strip the indentation); a deeper-indented line continues the value
//   before it (its indentation, up to 4 + len(NAME) + 1, is removed).
// - `NAME=[<size> blob data]` (a value that is not printable UTF-8, or over 300 bytes without
//   --all) is not the value: the field is left out like `-o json`'s `null` (`messageOmitted` for
//   MESSAGE) and `blobFields` lists the placeholders.
// - Blank lines inside an entry belong to it (an empty line of a multi-line value, trimmed by the
//   paste) when the entry goes on after them; else they are skipped as 'blank'.
// - A line at the left edge that is neither a header, a field nor a journalctl special line ends
//   the entry and is unparsed; so is an indented line with no field before it to continue.
import type { TimeQuality } from '../model/event.ts';
import { civilGroupsToMicros, fractionToMicros, parseZoneOffset } from '../util/time.ts';
import { isBlank } from './event-builder.ts';
import {
  BootTracker,
  classifySpecial,
  handleSpecial,
  isIndented,
  stripIndent,
  withModeHint,
} from './journal-common.ts';
import { EntryBuilder, journalEntryEvent } from './journal-entry.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

const ID = 'journalctl-verbose';

// The header: format_timestamp_style(TIMESTAMP_US[_UTC]) = `%a %Y-%m-%d %H:%M:%S.%06llu <zone>`
// (the weekday follows LC_TIME), then the cursor in brackets; `(no timestamp)` when there is none.
//   `Wed 2025-11-26 10:00:01.187734 CET [s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a2;b=5c1f...;m=1493a0e8f2;t=6446e3b1c6e06;x=2d4e6f8a0b1c3d5e]`
//   `Tue 2025-11-25 10:00:00.123456 UTC [s=...]` (--utc)
const WDAY = String.raw`(?<wday>[^\s\d[\]]{1,16})`;
const DATE = String.raw`(?<y>\d{4})-(?<mo>\d\d)-(?<d>\d\d)`;
const CLOCK = String.raw`(?<h>\d\d):(?<mi>\d\d):(?<s>\d\d)(?:\.(?<frac>\d{1,6}))?`;
const ZONE = String.raw`(?: (?<zone>[^\s[\]]{1,64}))?`;
const CURSOR = String.raw`\[(?<cursor>[^\]]{1,4096})\]`;
const HEADER_RE = new RegExp(`^(?:${WDAY} ${DATE} ${CLOCK}${ZONE}|\\(no timestamp\\)) ${CURSOR}\\s*$`);
// `    _TRANSPORT=kernel`, `    MESSAGE=Memory cgroup out of memory: ...`: 4 spaces, a field name
// (journal_field_valid: upper case, digits, `_`, not starting with a digit, at most 64), `=`.
const FIELD_RE = /^(?:[ \t]{0,4})([A-Z_][A-Z0-9_]{0,63})=/;
// `    BLOB=[12.0K blob data]`, `    MESSAGE=[300B blob data]`: FORMAT_BYTES of the value's size.
const BLOB_RE = /^\[(\d{1,20}(?:\.\d{1,3})? ?[A-Za-z]{0,5}) blob data\]$/;
// Cursor parts: `b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21`, `m=1493a0e8f2`, `t=6446e3b1c6e06` (hex).
const HEX_RE = /^[0-9a-f]{1,16}$/;
const BOOT_ID_RE = /^[0-9a-f]{32}$/;
// Zones that are UTC whatever the machine: `UTC` (--utc), `GMT`, `UCT`, `Z`.
const UTC_ZONES = new Set(['UTC', 'GMT', 'UCT', 'Z', 'UT']);

interface Field {
  name: string;
  /** The value's lines; null for a `[<size> blob data]` placeholder. */
  lines: string[] | null;
  blob?: string;
  /** Columns removed from a continuation line: 4 + len(NAME) + 1. */
  indent: number;
}

interface Header {
  time: number | null;
  timeQuality: TimeQuality;
  cursor: string;
}

function readHeader(ctx: ParseContext, m: RegExpExecArray): Header {
  const g = m.groups ?? {};
  const out: Header = { time: null, timeQuality: 'none', cursor: g.cursor };
  if (g.y === undefined) return out; // `(no timestamp)`
  const zone = g.zone;
  let off: number | null = null;
  let quality: TimeQuality = 'exact';
  if (zone === undefined) {
    off = ctx.utcOffsetMinutes;
    quality = 'inferred';
  } else if (UTC_ZONES.has(zone)) off = 0;
  else if (zone[0] === '+' || zone[0] === '-') {
    // `-03`, `+0530`: zones with no abbreviation print their offset (tzdata, e.g. America/Sao_Paulo).
    off = parseZoneOffset(zone);
  } else {
    // `CET`, `EST`, `IST`: an abbreviation that does not say its offset (several mean two zones).
    off = ctx.utcOffsetMinutes;
    quality = 'inferred';
  }
  if (off === null) return out;
  const t = civilGroupsToMicros(g, fractionToMicros(g.frac), off);
  if (t !== null) {
    out.time = t;
    out.timeQuality = quality;
  }
  return out;
}

/** `b=`, `m=`, `t=` of a cursor (opaque otherwise). */
function cursorParts(cursor: string): { boot?: string; mono?: number; realtime?: number } {
  const out: { boot?: string; mono?: number; realtime?: number } = {};
  for (const part of cursor.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== 1) continue;
    const k = part[0];
    const v = part.slice(2);
    if (k === 'b' && BOOT_ID_RE.test(v)) out.boot = v;
    else if (k === 'm' && HEX_RE.test(v)) out.mono = Number.parseInt(v, 16);
    else if (k === 't' && HEX_RE.test(v)) out.realtime = Number.parseInt(v, 16);
  }
  return out;
}

/** Leading spaces/TABs, counted up to `max`. */
function indentOf(text: string, max: number): number {
  let i = 0;
  while (i < max && i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

class VerboseLineParser implements LineParser {
  private open = false;
  private line = 0;
  private lineEnd = 0;
  private header: Header = { time: null, timeQuality: 'none', cursor: '' };
  private fields: Field[] = [];
  private blanks: number[] = [];
  private readonly boot = new BootTracker();

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    const h = text.length > 20 ? HEADER_RE.exec(text) : null;
    if (h) {
      this.flush();
      this.open = true;
      this.line = line;
      this.lineEnd = line;
      this.header = readHeader(this.ctx, h);
      this.fields = [];
      return;
    }
    if (isBlank(text)) {
      if (this.open) this.blanks.push(line);
      else this.sink.skipped(line, 'blank');
      return;
    }
    if (this.open) {
      if (indentOf(text, 5) <= 4) {
        const f = FIELD_RE.exec(text);
        if (f) {
          const name = f[1];
          const value = text.slice(f[0].length);
          const blob = BLOB_RE.exec(value);
          this.fields.push({
            name,
            lines: blob ? null : [value],
            blob: blob ? blob[1] : undefined,
            indent: 4 + name.length + 1,
          });
          this.take(line);
          return;
        }
      }
      const last = this.fields[this.fields.length - 1];
      if (isIndented(text) && last !== undefined) {
        // A continuation line of a multi-line value (print_multiline, indent 4 + len(NAME) + 1).
        if (last.lines === null) last.lines = [];
        for (let i = 0; i < this.blanks.length; i++) last.lines.push('');
        last.lines.push(stripIndent(text, last.indent));
        this.take(line);
        return;
      }
    }
    const was = this.open;
    this.flush();
    if (handleSpecial(text, line, this.boot, this.sink)) return;
    let why: string;
    if (isIndented(text)) why = 'indented line with no entry header or field before it';
    else if (FIELD_RE.test(text))
      why = 'a field line with no entry header (`Www YYYY-MM-DD ... [cursor]`) before it';
    else
      why = was
        ? 'not a field line (`    NAME=value`), an entry header or a journalctl special line'
        : 'not an entry header (`Www YYYY-MM-DD HH:MM:SS.uuuuuu ZONE [cursor]`) or a journalctl special line';
    this.sink.unparsed(line, `${ID}: ${why}`);
  }

  end(): void {
    this.flush();
  }

  /** The line belongs to the open entry, and so do the blank lines before it. */
  private take(line: number): void {
    this.blanks.length = 0;
    this.lineEnd = line;
  }

  private flush(): void {
    if (this.open) {
      this.open = false;
      const b = new EntryBuilder();
      const blobs: string[] = [];
      for (const f of this.fields) {
        if (f.lines === null) {
          b.add(f.name, null);
          blobs.push(`${f.name} (${f.blob})`);
        } else {
          b.add(f.name, f.lines.join('\n'));
        }
      }
      const o = b.o;
      const hd = this.header;
      const c = cursorParts(hd.cursor);
      // The cursor's addressing values, unless the entry's own fields already give them.
      o.__CURSOR = hd.cursor;
      if (c.realtime !== undefined && !('__REALTIME_TIMESTAMP' in o))
        o.__REALTIME_TIMESTAMP = String(c.realtime);
      if (c.mono !== undefined && !('__MONOTONIC_TIMESTAMP' in o)) o.__MONOTONIC_TIMESTAMP = String(c.mono);
      if (c.boot !== undefined && !('_BOOT_ID' in o)) o._BOOT_ID = c.boot;
      const extra: Record<string, string> = {};
      if (blobs.length > 0) extra.blobFields = blobs.join(', ');
      const e = journalEntryEvent(this.ctx, o, {
        line: this.line,
        lineEnd: this.lineEnd,
        markerBoot: this.boot.current,
        extra,
      });
      if (e.time === null && hd.time !== null) {
        // No realtime in the cursor or the fields: the header's time.
        e.time = hd.time;
        e.timeQuality = hd.timeQuality;
      }
      this.sink.event(e);
    }
    for (const l of this.blanks) this.sink.skipped(l, 'blank');
    this.blanks.length = 0;
  }
}

// `    _TRANSPORT=kernel` (4 spaces exactly: what journalctl prints; used by detection only)
const DETECT_FIELD_RE = /^ {4}[A-Z_][A-Z0-9_]{0,63}=/;

function detect(head: readonly string[]): number {
  let lines = 0;
  let headers = 0;
  let shaped = 0;
  for (const text of head) {
    if (isBlank(text)) continue;
    if (classifySpecial(text)) continue;
    lines++;
    if (text.length > 20 && HEADER_RE.test(text)) {
      headers++;
      shaped++;
    } else if (DETECT_FIELD_RE.test(text)) shaped++;
    else if (headers > 0 && indentOf(text, 5) === 5) shaped += 0.5; // a continuation line
  }
  if (lines === 0 || headers === 0) return 0;
  const fit = shaped / lines;
  return fit >= 0.7 ? 0.95 * fit : 0;
}

export const journalctlVerboseParser: Parser = {
  id: ID,
  title: 'journalctl -o verbose',
  version: 1,
  samples: [
    // examples/journalctl-verbose.synthetic.txt
    [
      'Wed 2025-11-26 10:00:01.187734 CET [s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a2;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1493a0e8f2;t=6446e3b1c6e06;x=2d4e6f8a0b1c3d5e]',
      '    _BOOT_ID=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      '    _MACHINE_ID=0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      '    _HOSTNAME=node-1',
      '    _SOURCE_MONOTONIC_TIMESTAMP=88413187520',
      '    _TRANSPORT=kernel',
      '    PRIORITY=3',
      '    SYSLOG_FACILITY=0',
      '    SYSLOG_IDENTIFIER=kernel',
      '    MESSAGE=Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936',
      '    _RUNTIME_SCOPE=system',
      'Wed 2025-11-26 10:00:03.001002 CET [s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1494b1f0a1;t=6446e3b1e2f3a;x=9e8d7c6b5a493827]',
      '    _BOOT_ID=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      '    _TRANSPORT=stdout',
      '    PRIORITY=6',
      '    SYSLOG_IDENTIFIER=myapp',
      '    _PID=2211',
      '    _COMM=myapp',
      '    _SYSTEMD_UNIT=myapp.service',
      '    MESSAGE=first line of a multi-line MESSAGE',
      '            second line (indented by 4 + len("MESSAGE") + 1 = 12 columns)',
      '    BLOB=[12.0K blob data]',
      '',
    ].join('\n'),
  ],
  detect: (head, _fileName, command) => withModeHint(detect(head), command, 'verbose'),
  create(ctx, sink) {
    return new VerboseLineParser(ctx, sink);
  },
};
