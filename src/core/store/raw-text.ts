// The raw lines of one source, kept by line number outside the JS heap: lines are grouped in
// blocks of 1,024, each block stored as UTF-8 (lines joined with '\n') in a few large "slab"
// ArrayBuffers that many blocks share. A block costs no JS object of its own (its place is three
// numbers in typed arrays), so a source whose records are hundreds of lines tall does not pay a
// block's object headers per record. A block is decoded again only when one of its lines is read;
// a small LRU keeps the last few decoded, with their line offsets (found from the '\n's: a line
// never holds one, so the offsets need not be stored).
import { TextHasher } from '../ingest/decode.ts';

export const BLOCK_SHIFT = 10;
export const BLOCK_LINES = 1 << BLOCK_SHIFT;
/** Decoded blocks kept: a detail pane, a page of rows and a search scan touch few blocks at a time. */
const LRU_BLOCKS = 8;
/**
 * Slab sizes: the first is small (a paste of ten lines must not take megabytes), each next one
 * twice the last up to the maximum. A block that does not fit in the rest of a slab starts the
 * next one, so at most about one block's bytes per slab are left unused.
 */
const SLAB_MIN = 1 << 16;
const SLAB_MAX = 1 << 22;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

interface Decoded {
  text: string;
  /** Char offset of each line in `text`, plus the end + 1 (see blockOffsets). Built on demand. */
  offs: Uint32Array | null;
}

/** Where each line of `text` (lines joined with '\n') starts, plus text.length + 1. */
function lineOffsets(text: string, lines: number): Uint32Array {
  const offs = new Uint32Array(lines + 1);
  let pos = 0;
  for (let k = 1; k < lines; k++) {
    pos = text.indexOf('\n', pos) + 1;
    offs[k] = pos;
  }
  offs[lines] = text.length + 1;
  return offs;
}

export class RawText {
  private readonly slabs: Uint8Array[] = [];
  private slab: Uint8Array = EMPTY;
  private slabUsed = 0;
  /** Per sealed block: its slab, and its bytes [start, end) in it (without the last '\n'). */
  private blockSlab = new Uint32Array(16);
  private blockStart = new Uint32Array(16);
  private blockEnd = new Uint32Array(16);
  private sealedBlocks = 0;
  private cur: string[] = [];
  private count = 0;
  private sealed = false;
  private bytes = 0;
  /** Bytes given to the hasher so far (where the next block starts in the hashed stream). */
  private hashed = 0;
  private readonly lru = new Map<number, Decoded>();
  /** The last block decoded without caching (a scan asks for its text, then its offsets). */
  private scanBlock = -1;
  private scan: Decoded | null = null;
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
    // The last slab is usually part-filled: keep a copy of what it holds, not its free space.
    this.trimSlab(0);
    const n = this.sealedBlocks;
    this.blockSlab = this.blockSlab.slice(0, n);
    this.blockStart = this.blockStart.slice(0, n);
    this.blockEnd = this.blockEnd.slice(0, n);
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

  /** UTF-8 bytes of the lines held (in the slabs, which add up to a block's worth of slack each). */
  get byteSize(): number {
    return this.bytes;
  }

  get blockCount(): number {
    return this.sealedBlocks + (this.cur.length > 0 ? 1 : 0);
  }

  private seal(): void {
    // One join and one encodeInto per block, into the slab (no fresh buffer per block, as
    // encode() makes): per-line encodeInto calls cost more than the copy they save.
    const text = this.cur.join('\n');
    let at = this.alignedStart();
    // One byte more for the block's last '\n', which the hash covers (every line + '\n').
    let r = encoder.encodeInto(text, this.slab.subarray(at, this.slab.length - 1));
    if (r.read < text.length || at >= this.slab.length) {
      this.newSlab(text.length * 3 + 4);
      at = this.alignedStart();
      r = encoder.encodeInto(text, this.slab.subarray(at, this.slab.length - 1));
    }
    this.slab[at + r.written] = 10;
    const written = r.written + 1;
    // The block starts at the same offset modulo 4 as in the hashed stream, so the hasher reads
    // whole 32-bit words in place instead of copying a misaligned block.
    this.hasher.updateUtf8(this.slab.subarray(at, at + written));
    this.hashed += written;
    const b = this.sealedBlocks++;
    if (b === this.blockStart.length) this.growBlocks();
    this.blockSlab[b] = this.slabs.length - 1;
    this.blockStart[b] = at;
    this.blockEnd[b] = at + written - 1;
    this.slabUsed = at + written;
    this.bytes += written - 1;
    this.cur = [];
  }

  /** The first offset >= slabUsed that is congruent (mod 4) with the hashed stream's position. */
  private alignedStart(): number {
    return this.slabUsed + ((this.hashed - this.slabUsed) & 3);
  }

  /** Replaces the current slab by a copy of its used part when more than `slack` of it is free. */
  private trimSlab(slack: number): void {
    if (this.slabs.length === 0 || this.slab.length - this.slabUsed <= slack) return;
    const trimmed = this.slab.slice(0, this.slabUsed);
    this.slabs[this.slabs.length - 1] = trimmed;
    this.slab = trimmed;
  }

  private newSlab(need: number): void {
    // Usually less than a block is left free; a slab sized for one huge block (3 bytes a char
    // reserved) or a small first slab may leave much more.
    this.trimSlab(this.slab.length >> 2);
    const size = Math.max(need, Math.min(SLAB_MAX, Math.max(SLAB_MIN, this.slab.length * 2)));
    this.slab = new Uint8Array(size);
    this.slabUsed = 0;
    this.slabs.push(this.slab);
  }

  private growBlocks(): void {
    const grow = (a: Uint32Array) => {
      const b = new Uint32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.blockSlab = grow(this.blockSlab);
    this.blockStart = grow(this.blockStart);
    this.blockEnd = grow(this.blockEnd);
  }

  private decode(b: number): string {
    if (b < 0 || b >= this.sealedBlocks) throw new RangeError(`RawText: no block ${b}`);
    const slab = this.slabs[this.blockSlab[b]];
    return decoder.decode(slab.subarray(this.blockStart[b], this.blockEnd[b]));
  }

  /** Block `b` decoded, from the LRU or the scan memo, or decoded now (and cached if `cache`). */
  private decoded(b: number, cache: boolean): Decoded {
    const hit = this.lru.get(b);
    if (hit !== undefined) {
      this.lru.delete(b);
      this.lru.set(b, hit);
      return hit;
    }
    if (b === this.scanBlock && this.scan) return this.scan;
    const d: Decoded = { text: this.decode(b), offs: null };
    if (!cache) {
      this.scanBlock = b;
      this.scan = d;
      return d;
    }
    this.lru.set(b, d);
    if (this.lru.size > LRU_BLOCKS) {
      const oldest = this.lru.keys().next().value;
      if (oldest !== undefined) this.lru.delete(oldest);
    }
    return d;
  }

  /**
   * The decoded text of block `b` (its lines joined with '\n'). `cache: false` for a scan over
   * every block (a search), which would only push the useful blocks out of the LRU.
   */
  blockText(b: number, cache = true): string {
    if (b === this.sealedBlocks && this.cur.length > 0) return this.cur.join('\n');
    return this.decoded(b, cache).text;
  }

  /** Char offsets of the lines of block `b` in blockText(b); entry k+1 - 1 is where line k ends. */
  blockOffsets(b: number): Uint32Array {
    if (b === this.sealedBlocks && this.cur.length > 0) {
      const offs = new Uint32Array(this.cur.length + 1);
      let pos = 0;
      for (let k = 0; k < this.cur.length; k++) {
        offs[k] = pos;
        pos += this.cur[k].length + 1;
      }
      offs[this.cur.length] = pos;
      return offs;
    }
    // Asked right after blockText(b, false) by a scan: the memo answers without a second decode.
    const d = this.decoded(b, b !== this.scanBlock);
    if (d.offs === null) d.offs = lineOffsets(d.text, this.linesOf(b));
    return d.offs;
  }

  private linesOf(b: number): number {
    return Math.min(BLOCK_LINES, this.count - b * BLOCK_LINES);
  }

  /** The text of line `n` (1-based), without its terminator. */
  line(n: number): string {
    if (n < 1 || n > this.count) throw new RangeError(`RawText: no line ${n} (have ${this.count})`);
    const b = (n - 1) >> BLOCK_SHIFT;
    const k = (n - 1) & (BLOCK_LINES - 1);
    if (b === this.sealedBlocks) return this.cur[k];
    const offs = this.blockOffsets(b);
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
