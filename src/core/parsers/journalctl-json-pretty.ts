// `journalctl -o json-pretty` (FORMATS.md 1.6): the entry JSON of `-o json`, pretty-printed by
// systemd's JSON writer (a TAB per level, ` : ` between key and value; older versions and pastes
// that turned TABs into spaces indent with spaces), one object after another with no commas and no
// array. `journalctl -o json | jq .` looks the same with 2 spaces and `": "`, and `jq -s` wraps the
// objects in an array: both are read too (lone `[`, `]`, `,` lines are skipped as 'header').
//
// One event per object, spanning its lines, mapped like every journal entry (journal-entry.ts).
// The objects are split by a string-aware bracket counter (json-lines.ts) and each is given to
// JSON.parse once. Between objects journalctl prints its special lines (`-- Boot <id> --`,
// `-- No entries --`; FORMATS.md 1.7).
//
// Cut-short objects (a paste or a pager that stopped mid-object): an object is cut when the input
// ends inside it, or when a line comes that cannot continue it: a `{` alone (journal entries hold
// no nested object, so that is the next entry), a journalctl special line, or a line starting with
// something that is no JSON (prose, a log line). The cut object is closed from its complete lines
// (closeCut) and gives an event with `truncated: true` and only the fields it shows; its last
// lines that may themselves be cut are reported as unparsed. An object that cannot be closed, or
// does not parse, is reported line by line as unparsed with the JSON error.
import type { LogEvent } from '../model/event.ts';
import { isBlank } from './event-builder.ts';
import { BootTracker, classifySpecial, handleSpecial, withModeHint } from './journal-common.ts';
import { isJournalEntry, type JournalObject, journalEntryEvent } from './journal-entry.ts';
import {
  firstNonSpace,
  indentOf,
  type OpenObject,
  OpenObjectParser,
  obj,
  onlyPunctuation,
} from './json-lines.ts';
import type { EventSink, ParseContext, Parser } from './parser-api.ts';

const ID = 'journalctl-json-pretty';

/** Characters a line inside a pretty-printed JSON object can start with (after its indentation). */
function continuesJson(c: number): boolean {
  return (
    c === 34 /* " */ ||
    c === 125 /* } */ ||
    c === 93 /* ] */ ||
    c === 91 /* [ */ ||
    c === 123 /* { */ ||
    c === 44 /* , */ ||
    c === 45 /* - */ ||
    (c >= 48 && c <= 57) /* 0-9 */ ||
    c === 110 /* n(ull) */ ||
    c === 116 /* t(rue) */ ||
    c === 102 /* f(alse) */
  );
}

class JsonPrettyLineParser extends OpenObjectParser {
  private readonly boot = new BootTracker();

  constructor(ctx: ParseContext, sink: EventSink) {
    super(ctx, sink, ID, 'journal', 'object');
  }

  protected outside(text: string, line: number): void {
    const i = indentOf(text);
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      this.open(text, line, i);
      return;
    }
    // `[` / `]` / `,` alone: the array `jq -s` wraps the objects in.
    if ((c === 91 /* [ */ || c === 93 || c === 44) && onlyPunctuation(text, i + 1)) {
      this.sink.skipped(line, 'header');
      return;
    }
    if (handleSpecial(text, line, this.boot, this.sink)) return;
    this.sink.unparsed(
      line,
      `${ID}: not part of a journal JSON object (no \`{\` opens one here) and not a journalctl special line`,
    );
  }

  protected breaks(o: OpenObject, text: string): boolean {
    if (o.counter.inString) {
      // The line before ended inside a string: wrapped (this line goes on with the string) or cut.
      // It was cut when this line starts something of its own.
      const t = text.trim();
      return t === '{' || t === '}' || KEY_LINE_RE.test(text) || classifySpecial(text) !== null;
    }
    const c = firstNonSpace(text);
    if (!continuesJson(c)) return true;
    if (c === 123 && text.trim() === '{') return true;
    return c === 45 /* - */ && classifySpecial(text) !== null;
  }

  protected toEvent(
    o: OpenObject,
    value: unknown,
    lineEnd: number,
    truncated: boolean,
    after: string,
  ): LogEvent | string {
    const v = obj(value);
    if (!v || !isJournalEntry(v as JournalObject)) {
      return 'is not a journal entry (no MESSAGE, __REALTIME_TIMESTAMP or __CURSOR)';
    }
    const extra: Record<string, string | boolean> = {};
    if (truncated) extra.truncated = true;
    // `}{"MESSAGE":...`: text after the closing brace that is not array punctuation is not read.
    if (!onlyPunctuation(after, 0)) extra.textAfterObject = after.trim().slice(0, 200);
    return journalEntryEvent(this.ctx, v as JournalObject, {
      line: o.line,
      lineEnd,
      markerBoot: this.boot.current,
      extra,
    });
  }
}

// `\t"__REALTIME_TIMESTAMP" : "1764147601187334",` (journalctl, TAB, ` : `) or
// `  "MESSAGE": "line one\nline two",` (jq): a key line of an entry, its name in journal field
// grammar (upper case, digits, `_`; FORMATS.md 1.5 "field names").
const KEY_LINE_RE = /^[ \t]{1,16}"([A-Z_][A-Z0-9_]{0,63})" ?: ?/;
// Keys every entry read from a journal file has (FORMATS.md 1.6 "Addressing keys").
const ADDRESSING = new Set(['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID']);
// The other lines of a pretty-printed entry, trimmed: `{`, `}`, `],`, and the elements of a byte
// array (`\t\t116,`) or of a repeated field (`\t\t"value-a",`, `null`) (examples/journalctl-json-pretty.synthetic.txt).
const STRUCTURE_LINE_RE = /^(?:[{}[\],]{1,2}|\d{1,3},?|"[^"]*",?|null,?)$/;

function detect(head: readonly string[]): number {
  let lines = 0;
  let shaped = 0;
  let addressing = 0;
  let message = 0;
  let first = '';
  for (const text of head) {
    if (isBlank(text) || classifySpecial(text)) continue;
    lines++;
    const t = text.trim();
    if (lines === 1) first = t;
    const m = KEY_LINE_RE.exec(text);
    if (m) {
      shaped++;
      if (ADDRESSING.has(m[1])) addressing++;
      if (m[1] === 'MESSAGE') message++;
      continue;
    }
    if (STRUCTURE_LINE_RE.test(t)) shaped++;
  }
  // A pretty-printed object starts with `{` alone (or `[` alone around jq -s output).
  if (lines === 0 || !(first === '{' || first === '[')) return 0;
  if (addressing === 0 && message === 0) return 0;
  const fit = shaped / lines;
  if (fit < 0.8) return 0;
  return addressing > 0 ? 0.95 * fit : 0.7 * fit;
}

export const journalctlJsonPrettyParser: Parser = {
  id: ID,
  title: 'journalctl -o json-pretty',
  version: 1,
  samples: [
    // examples/journalctl-json-pretty.synthetic.txt (second entry: multi-line MESSAGE, byte array,
    // null, repeated field)
    [
      '{',
      '\t"MESSAGE" : "line one\\nline two",',
      '\t"_PID" : "2211",',
      '\t"_COMM" : "myapp",',
      '\t"SYSLOG_IDENTIFIER" : "myapp",',
      '\t"_SYSTEMD_UNIT" : "myapp.service",',
      '\t"PRIORITY" : "6",',
      '\t"_SOURCE_REALTIME_TIMESTAMP" : "1764147603000987",',
      '\t"__REALTIME_TIMESTAMP" : "1764147603001002",',
      '\t"__MONOTONIC_TIMESTAMP" : "88415001050",',
      '\t"_BOOT_ID" : "5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21",',
      '\t"__CURSOR" : "s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1494b1f0a1;t=6446e3b1e2f3a;x=9e8d7c6b5a493827",',
      '\t"_HOSTNAME" : "node-1",',
      '\t"_TRANSPORT" : "stdout",',
      '\t"BINARY_EXAMPLE" : [',
      '\t\t116,',
      '\t\t101,',
      '\t\t115,',
      '\t\t116,',
      '\t\t7',
      '\t],',
      '\t"LARGE_FIELD" : null,',
      '\t"MULTI" : [',
      '\t\t"value-a",',
      '\t\t"value-b"',
      '\t]',
      '}',
      '',
    ].join('\n'),
    // The first entry of the same example, then a boot marker and a kernel entry as `jq .` prints
    // `journalctl -o json` (2 spaces, `": "`).
    [
      '{',
      '\t"__CURSOR" : "s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a2;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1493a0e8f2;t=6446e3b1c6e06;x=2d4e6f8a0b1c3d5e",',
      '\t"__REALTIME_TIMESTAMP" : "1764147601187334",',
      '\t"_BOOT_ID" : "5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21",',
      '\t"PRIORITY" : "3",',
      '\t"SYSLOG_IDENTIFIER" : "kernel",',
      '\t"MESSAGE" : "Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB, anon-rss:2097152kB, file-rss:1024kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:936"',
      '}',
      '-- Boot 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --',
      '{',
      '  "__REALTIME_TIMESTAMP": "1764151202001122",',
      '  "PRIORITY": "6",',
      '  "SYSLOG_IDENTIFIER": "kernel",',
      '  "MESSAGE": "Linux version 6.6.4-arch1-1"',
      '}',
      '',
    ].join('\n'),
  ],
  detect: (head, _fileName, command) => withModeHint(detect(head), command, 'json-pretty'),
  create(ctx, sink) {
    return new JsonPrettyLineParser(ctx, sink);
  },
};
