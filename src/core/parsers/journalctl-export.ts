// `journalctl -o export` (FORMATS.md 1.5; systemd docs/JOURNAL_EXPORT_FORMATS.md, logs-show.c
// output_export()): one entry per block, each field on its own line, a blank line after each entry.
//
//   __CURSOR=s=55cf1f963803305941502438abae04e2;i=4ece7;b=d5716516ba4c55925d600f9771159324;...
//   __REALTIME_TIMESTAMP=1342540861416409
//   __MONOTONIC_TIMESTAMP=21415215982
//   _BOOT_ID=d5716516ba4c55925d600f9771159324
//   MESSAGE=AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' ...
//   <blank>
//
// A text field is `NAME=value`. A value that is not printable UTF-8, or holds a newline, is
// written binary-safe: `NAME` alone on its line, then its length as an unsigned 64-bit
// little-endian integer (8 raw bytes), then the raw bytes, then `\n`. So `MESSAGE` with
// "line one\nline two" arrives as the lines `MESSAGE`, `\x11\0\0\0\0\0\0\0line one`, `line two`.
// One event per entry, from its first field line to its last; the fields are mapped like every
// journal entry (journal-entry.ts); a field that repeats becomes the list of its values.
//
// Binary fields in text. This parser is given lines of decoded text, not bytes: the line splitter
// has already cut at every LF and CR (also those inside the length or the value), and bytes that
// are not UTF-8 became U+FFFD. A binary field is read exactly when the text still holds it whole:
// the 8 length bytes are ASCII characters (a line break among them is taken as the byte 0x0a),
// and counting the UTF-8 bytes of the following text (a line break as one byte) reaches the length
// exactly at a line end. A paste that went through a browser text area or a chat usually lost the
// NUL bytes or more; then the length reads as nonsense (or more than 1 MiB, which a pasted
// diagnostic never holds) or the count misses a line end, and the field is read by the text
// instead: its value is the lines after the name up to the next `NAME=value` line, name-only line
// or blank line, with leftover length bytes (control characters, U+FFFD) removed from the start,
// and `binaryGuessed` names the field. Every line still belongs to the entry; none is lost. What
// this cannot tell apart: a value line that itself looks like `NAME=value` ends the guessed value.
//
// Other lines: `__CURSOR=` when the open entry already has one starts a new entry (a paste that
// lost the blank line); journalctl's special lines (FORMATS.md 1.7) are skipped; anything else
// ends the entry and is unparsed. An entry with none of MESSAGE, __REALTIME_TIMESTAMP and
// __CURSOR (the tail of an entry cut at the top of a paste, say) is unparsed, as in `-o json`.
import { isBlank } from './event-builder.ts';
import { BootTracker, classifySpecial, handleSpecial, withModeHint } from './journal-common.ts';
import { EntryBuilder, isJournalEntry, journalEntryEvent } from './journal-entry.ts';
import type { EventSink, LineParser, ParseContext, Parser } from './parser-api.ts';

const ID = 'journalctl-export';

// `_TRANSPORT=syslog`, `SYSLOG_IDENTIFIER=gdm-password]`: a text field; the name in journal field
// grammar (journal_field_valid: upper case, digits, `_`, not starting with a digit, at most 64).
const FIELD_RE = /^([A-Z_][A-Z0-9_]{0,63})=/;
// `MESSAGE`: the name line of a binary field (examples/journalctl-export-binary-field.synthetic.txt).
const NAME_ONLY_RE = /^[A-Z_][A-Z0-9_]{0,63}$/;
/** A binary value longer than this is taken as a mangled length (see the file comment). */
const MAX_BINARY = 1 << 20;

/** UTF-8 byte length of `s` from `from` (what the value had before decoding, when it was valid UTF-8). */
function utf8Length(s: string, from: number): number {
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** A binary field being read (see the file comment). */
interface Binary {
  name: string;
  /** The lines after the name line while read exactly, kept for the fallback. */
  lines: { text: string; line: number }[];
  /** `guess`: read by the text (the fallback), up to the next field, name or blank line. */
  phase: 'length' | 'value' | 'terminator' | 'guess';
  lengthBytes: number[];
  length: number;
  consumed: number;
  pieces: string[];
}

type Step = 'more' | 'done' | 'mismatch';

/** The exact reading of one more line of a binary field. */
function stepBinary(b: Binary, text: string): Step {
  if (b.phase === 'terminator') {
    // The value ended in a newline: the next line break is the field's terminator, so this line is empty.
    if (text.length !== 0) return 'mismatch';
    b.pieces.push('');
    return 'done';
  }
  let pos = 0;
  if (b.phase === 'length') {
    while (pos < text.length && b.lengthBytes.length < 8) {
      const c = text.charCodeAt(pos++);
      if (c >= 0x80) return 'mismatch'; // a byte >= 0x80 did not survive decoding
      b.lengthBytes.push(c);
    }
    if (b.lengthBytes.length < 8) {
      // The line break was one of the length bytes. As the 8th (the highest) it would make the
      // length at least 2^56: no real value.
      b.lengthBytes.push(0x0a);
      return b.lengthBytes.length < 8 ? 'more' : 'mismatch';
    }
    const lb = b.lengthBytes;
    if (lb[5] !== 0 || lb[6] !== 0 || lb[7] !== 0) return 'mismatch';
    const length = lb[0] + lb[1] * 0x100 + lb[2] * 0x10000 + lb[3] * 0x1000000 + lb[4] * 0x100000000;
    if (length > MAX_BINARY) return 'mismatch';
    b.length = length;
    b.phase = 'value';
    b.pieces.push(text.slice(pos));
    b.consumed = utf8Length(text, pos);
  } else {
    b.pieces.push(text);
    b.consumed += utf8Length(text, 0);
  }
  if (b.consumed === b.length) return 'done';
  if (b.consumed > b.length) return 'mismatch';
  b.consumed += 1; // the line break is a byte of the value
  if (b.consumed === b.length) b.phase = 'terminator';
  return 'more';
}

/** Leftover length bytes at the start of a guessed value: control characters and U+FFFD, at most 8. */
function stripLengthBytes(s: string): string {
  let i = 0;
  while (i < 8 && i < s.length) {
    const c = s.charCodeAt(i);
    if (!(c < 0x20 || c === 0x7f || c === 0xfffd)) break;
    i++;
  }
  return s.slice(i);
}

function endsGuessedValue(text: string): boolean {
  return isBlank(text) || FIELD_RE.test(text) || NAME_ONLY_RE.test(text);
}

class ExportLineParser implements LineParser {
  private open = false;
  private line = 0;
  private lineEnd = 0;
  private entry = new EntryBuilder();
  private guessed: string[] = [];
  private bin: Binary | null = null;
  /** Lines waiting to be read (see drain). */
  private pending: { text: string; line: number }[] = [];
  private draining = false;
  private readonly boot = new BootTracker();

  constructor(
    private readonly ctx: ParseContext,
    private readonly sink: EventSink,
  ) {}

  push(text: string, line: number): void {
    this.pending.push({ text, line });
    this.drain();
  }

  end(): void {
    for (;;) {
      this.drain();
      const b = this.bin;
      if (b === null) break;
      if (b.phase === 'guess') this.finishGuess(b);
      else this.fallback(b);
    }
    this.flush();
  }

  /**
   * Reads the pending lines in order. A fallback puts the lines after a guessed value back in
   * front of the queue, so they are read again as ordinary lines (a loop, not recursion: a long
   * mangled paste must not grow the stack).
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    while (this.pending.length > 0) {
      const x = this.pending.shift()!;
      this.step(x.text, x.line);
    }
    this.draining = false;
  }

  private step(text: string, line: number): void {
    const b = this.bin;
    if (b === null) {
      this.normal(text, line);
      return;
    }
    if (b.phase === 'guess') {
      if (endsGuessedValue(text)) {
        this.finishGuess(b);
        this.normal(text, line);
      } else {
        b.pieces.push(text);
        this.lineEnd = line;
      }
      return;
    }
    b.lines.push({ text, line });
    const step = stepBinary(b, text);
    if (step === 'more') return;
    if (step === 'done') {
      this.bin = null;
      this.entry.add(b.name, b.pieces.join('\n'));
      this.lineEnd = line;
      return;
    }
    this.fallback(b);
  }

  /** A line outside a binary value. */
  private normal(text: string, line: number): void {
    if (isBlank(text)) {
      this.flush();
      this.sink.skipped(line, 'blank');
      return;
    }
    const f = FIELD_RE.exec(text);
    if (f) {
      const name = f[1];
      if (this.open && name === '__CURSOR' && '__CURSOR' in this.entry.o) this.flush();
      this.take(line);
      this.entry.add(name, text.slice(f[0].length));
      return;
    }
    if (NAME_ONLY_RE.test(text)) {
      this.take(line);
      this.bin = {
        name: text,
        lines: [],
        phase: 'length',
        lengthBytes: [],
        length: 0,
        consumed: 0,
        pieces: [],
      };
      return;
    }
    const was = this.open;
    this.flush();
    if (handleSpecial(text, line, this.boot, this.sink)) return;
    this.sink.unparsed(
      line,
      was
        ? `${ID}: not a field line (\`NAME=value\`, or a binary field's \`NAME\`) inside an entry`
        : `${ID}: not a field line (\`NAME=value\`) and not a journalctl special line`,
    );
  }

  /**
   * The binary field cannot be read exactly: its value is read by the text from its first line on
   * (see the file comment). The lines after the end of that value are read again as ordinary lines.
   */
  private fallback(b: Binary): void {
    b.phase = 'guess';
    b.pieces = [];
    const lines = b.lines;
    b.lines = [];
    let k = 0;
    for (; k < lines.length; k++) {
      const l = lines[k];
      if (endsGuessedValue(l.text)) break;
      b.pieces.push(k === 0 ? stripLengthBytes(l.text) : l.text);
      this.lineEnd = l.line;
    }
    if (k < lines.length) {
      this.finishGuess(b);
      this.pending = lines.slice(k).concat(this.pending);
    }
  }

  private finishGuess(b: Binary): void {
    this.bin = null;
    this.entry.add(b.name, b.pieces.join('\n'));
    this.guessed.push(b.name);
  }

  /** Opens an entry if none is, and makes `line` its last line. */
  private take(line: number): void {
    if (!this.open) {
      this.open = true;
      this.line = line;
    }
    this.lineEnd = line;
  }

  private flush(): void {
    if (!this.open) return;
    this.open = false;
    const o = this.entry.o;
    const guessed = this.guessed;
    this.entry = new EntryBuilder();
    this.guessed = [];
    if (!isJournalEntry(o)) {
      for (let l = this.line; l <= this.lineEnd; l++)
        this.sink.unparsed(
          l,
          `${ID}: entry at lines ${this.line}-${this.lineEnd} has no MESSAGE, __REALTIME_TIMESTAMP or __CURSOR`,
        );
      return;
    }
    this.sink.event(
      journalEntryEvent(this.ctx, o, {
        line: this.line,
        lineEnd: this.lineEnd,
        markerBoot: this.boot.current,
        extra: guessed.length > 0 ? { binaryGuessed: guessed.join(',') } : undefined,
      }),
    );
  }
}

// The addressing fields every exported entry starts with (FORMATS.md 1.5).
const ADDRESSING_RE = /^(?:__CURSOR|__REALTIME_TIMESTAMP|__MONOTONIC_TIMESTAMP|__SEQNUM|_BOOT_ID)=/;
// Fields most entries carry, for a paste that starts below the addressing fields:
// `_TRANSPORT=syslog`, `PRIORITY=4`, `SYSLOG_IDENTIFIER=gdm-password]` (examples/journalctl-export.derived.txt).
const COMMON_RE = /^(?:MESSAGE|PRIORITY|SYSLOG_IDENTIFIER|_PID|_COMM|_HOSTNAME|_TRANSPORT|_SYSTEMD_UNIT)=/;

function detect(head: readonly string[]): number {
  let lines = 0;
  let fields = 0;
  let addressing = 0;
  let common = 0;
  for (const text of head) {
    if (isBlank(text) || classifySpecial(text)) continue;
    lines++;
    if (FIELD_RE.test(text)) {
      fields++;
      if (ADDRESSING_RE.test(text)) addressing++;
      else if (COMMON_RE.test(text)) common++;
    } else if (NAME_ONLY_RE.test(text)) fields++;
  }
  if (lines === 0) return 0;
  const fit = fields / lines;
  if (fit < 0.75) return 0;
  if (addressing >= 2) return 0.95 * fit;
  if (addressing + common >= 3) return 0.6 * fit;
  return 0;
}

export const journalctlExportParser: Parser = {
  id: ID,
  title: 'journalctl -o export',
  version: 1,
  samples: [
    // examples/journalctl-export.derived.txt (JOURNAL_EXPORT_FORMATS.md, first entry)
    [
      '__CURSOR=s=55cf1f963803305941502438abae04e2;i=4ece7;b=d5716516ba4c55925d600f9771159324;m=4fc72436e;t=4c508a72423d9;x=d3e5610681098c10;p=system.journal',
      '__REALTIME_TIMESTAMP=1342540861416409',
      '__MONOTONIC_TIMESTAMP=21415215982',
      '_BOOT_ID=d5716516ba4c55925d600f9771159324',
      '_TRANSPORT=syslog',
      'PRIORITY=4',
      'SYSLOG_FACILITY=3',
      'SYSLOG_IDENTIFIER=gdm-password]',
      'SYSLOG_PID=587',
      "MESSAGE=AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' since it's not graphical: Success",
      '_PID=587',
      '_COMM=gdm-session-wor',
      '_HOSTNAME=host-01',
      '',
    ].join('\n'),
    // examples/journalctl-export-binary-field.synthetic.txt (second entry: MESSAGE binary-safe)
    [
      '__CURSOR=s=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9;i=1f3a5;b=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21;m=1494b1f0a1;t=6446e3b1e2f3a;x=9e8d7c6b5a493827',
      '__REALTIME_TIMESTAMP=1764147603001002',
      '__MONOTONIC_TIMESTAMP=88415001050',
      '__SEQNUM=127909',
      '__SEQNUM_ID=8a5b2c1d3e4f40a1b2c3d4e5f6a7b8c9',
      '_BOOT_ID=5c1f0d6e2b4a4d8f9e3a7b6c5d4e3f21',
      '_PID=2211',
      'SYSLOG_IDENTIFIER=myapp',
      'MESSAGE',
      '\x11\x00\x00\x00\x00\x00\x00\x00line one',
      'line two',
      '_SYSTEMD_UNIT=myapp.service',
      '',
    ].join('\n'),
  ],
  detect: (head, _fileName, command) => withModeHint(detect(head), command, 'export'),
  create(ctx, sink) {
    return new ExportLineParser(ctx, sink);
  },
};
