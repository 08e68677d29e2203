// Streaming line splitter: string chunks in, whole lines out. Handles CRLF, lone CR and a
// CRLF pair split across two chunks, so any chunking of the same text yields the same lines.

export type LineHandler = (text: string, line: number) => void;

export class LineSplitter {
  private carry = '';
  private lineNo = 0;
  private pendingCR = false;
  private started = false;

  constructor(private readonly onLine: LineHandler) {}

  push(chunk: string): void {
    if (chunk.length === 0) return;
    let s = chunk;
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1); // UTF-8/16 BOM decoded as U+FEFF
    }
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === 10) start = 1; // the LF of a CRLF split across chunks
    }
    const n = s.length;
    // indexOf scans natively; a charCodeAt loop over every character cost more than decoding.
    let nextLF = s.indexOf('\n', start);
    let nextCR = s.indexOf('\r', start);
    while (nextLF !== -1 || nextCR !== -1) {
      let i = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      const piece = s.slice(start, i);
      this.emit(this.carry.length ? this.carry + piece : piece);
      this.carry = '';
      if (i === nextCR) {
        if (i + 1 < n) {
          if (s.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      if (nextLF !== -1 && nextLF < start) nextLF = s.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = s.indexOf('\r', start);
    }
    if (start < n) this.carry += s.slice(start);
  }

  /** Flushes the last line when the input does not end with a newline. */
  end(): void {
    if (this.carry.length) {
      this.emit(this.carry);
      this.carry = '';
    }
  }

  get lines(): number {
    return this.lineNo;
  }

  private emit(text: string): void {
    this.lineNo++;
    this.onLine(text, this.lineNo);
  }
}

// ANSI CSI sequences such as `\x1b[31m` (dmesg --color=always, journalctl piped with colours)
// and OSC sequences (`\x1b]8;;url\x07`, terminal hyperlinks).
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.indexOf('\x1b') === -1 ? text : text.replace(ANSI_RE, '');
}

/** Splits a whole string into lines with the same rules as the streaming splitter. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  const sp = new LineSplitter((t) => out.push(t));
  sp.push(text);
  sp.end();
  return out;
}
