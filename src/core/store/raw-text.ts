// The raw lines of one source, kept by line number outside the JS heap: lines are grouped in
// blocks of 1,024, each block stored as one UTF-8 Uint8Array (an ArrayBuffer, not JS strings)
// plus the char offset of every line inside the block's decoded string. A block is decoded
// again only when one of its lines is read; a small LRU keeps the last few decoded.
import { TextHasher } from '../ingest/decode.ts';

export const BLOCK_SHIFT = 10;
export const BLOCK_LINES = 1 << BLOCK_SHIFT;
/** Decoded blocks kept: a detail pane, a page of rows and a search scan touch few blocks at a time. */
const LRU_BLOCKS = 8;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NL = new Uint8Array([10]);

export class RawText {
  private readonly blocks: Uint8Array[] = [];
  /** Per block: char offset of each line in the decoded block (lines joined with '\n'), plus the end + 1. */
  private readonly offsets: Uint32Array[] = [];
  private cur: string[] = [];
  private count = 0;
  private sealed = false;
  private bytes = 0;
  private readonly lru = new Map<number, string>();
  private readonly hasher = new TextHasher();

  /** Appends line `line`; lines must come in order 1, 2, 3... */
  add(text: string, line: number): void {
    if (this.sealed) throw new Error('RawText: add() after finish()');
    if (line !== this.count + 1) throw new Error(`RawText: expected line ${this.count + 1}, got ${line}`);
    this.cur.push(text);
    this.count++;
    if (this.cur.length === BLOCK_LINES) this.seal();
  }

  /** No more lines: stores the last, partial block. */
  finish(): void {
    if (this.sealed) return;
    if (this.cur.length > 0) this.seal();
    this.sealed = true;
  }

  get lines(): number {
    return this.count;
  }

  /**
   * Content hash of the lines (TextHasher over every line followed by '\n'): the same for the
   * same lines whatever the encoding, BOM or line ends they were read with. After finish().
   */
  contentHash(): string {
    if (!this.sealed) throw new Error('RawText: contentHash() before finish()');
    return this.hasher.digest();
  }

  get finished(): boolean {
    return this.sealed;
  }

  /** UTF-8 bytes held (the ArrayBuffers; per-line offsets add 4 bytes a line). */
  get byteSize(): number {
    return this.bytes;
  }

  get blockCount(): number {
    return this.blocks.length + (this.cur.length > 0 ? 1 : 0);
  }

  private seal(): void {
    const lines = this.cur;
    const offs = new Uint32Array(lines.length + 1);
    let pos = 0;
    for (let k = 0; k < lines.length; k++) {
      offs[k] = pos;
      pos += lines[k].length + 1;
    }
    offs[lines.length] = pos;
    // One encode call per block: per-line encodeInto calls cost more than the copy they save.
    const bytes = encoder.encode(lines.join('\n'));
    // The hash comes almost free here: the bytes are at hand and hashed a word at a time.
    this.hasher.updateUtf8(bytes);
    this.hasher.updateUtf8(NL);
    this.blocks.push(bytes);
    this.offsets.push(offs);
    this.bytes += bytes.byteLength;
    this.cur = [];
  }

  /**
   * The decoded text of block `b` (its lines joined with '\n'). `cache: false` for a scan over
   * every block (a search), which would only push the useful blocks out of the LRU.
   */
  blockText(b: number, cache = true): string {
    if (b === this.blocks.length && this.cur.length > 0) return this.cur.join('\n');
    const hit = this.lru.get(b);
    if (hit !== undefined) {
      this.lru.delete(b);
      this.lru.set(b, hit);
      return hit;
    }
    const bytes = this.blocks[b];
    if (!bytes) throw new RangeError(`RawText: no block ${b}`);
    const s = decoder.decode(bytes);
    if (!cache) return s;
    this.lru.set(b, s);
    if (this.lru.size > LRU_BLOCKS) {
      const oldest = this.lru.keys().next().value;
      if (oldest !== undefined) this.lru.delete(oldest);
    }
    return s;
  }

  /** Char offsets of the lines of block `b` in blockText(b); entry k+1 - 1 is where line k ends. */
  blockOffsets(b: number): Uint32Array {
    if (b === this.blocks.length && this.cur.length > 0) {
      const offs = new Uint32Array(this.cur.length + 1);
      let pos = 0;
      for (let k = 0; k < this.cur.length; k++) {
        offs[k] = pos;
        pos += this.cur[k].length + 1;
      }
      offs[this.cur.length] = pos;
      return offs;
    }
    return this.offsets[b];
  }

  /** The text of line `n` (1-based), without its terminator. */
  line(n: number): string {
    if (n < 1 || n > this.count) throw new RangeError(`RawText: no line ${n} (have ${this.count})`);
    const b = (n - 1) >> BLOCK_SHIFT;
    const k = (n - 1) & (BLOCK_LINES - 1);
    if (b === this.blocks.length) return this.cur[k];
    const offs = this.offsets[b];
    return this.blockText(b).slice(offs[k], offs[k + 1] - 1);
  }

  /** Lines from..to (inclusive, clamped to the text). */
  range(from: number, to: number): string[] {
    const out: string[] = [];
    const a = Math.max(1, from);
    const z = Math.min(this.count, to);
    for (let n = a; n <= z; n++) out.push(this.line(n));
    return out;
  }
}
