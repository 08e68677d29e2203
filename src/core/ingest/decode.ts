// Bytes -> text, before any line is split: gzip, BOMs, UTF-16 with or without a BOM, and a
// refusal of binary files with a message a user can act on. Runs in browsers and in Node 20
// (web streams, TextDecoder and DecompressionStream are globals in both).

/** An input problem whose message is shown to the user as is (one line). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Inputs above this are refused up front: a browser tab cannot hold the raw text of more. */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;
/** Decompressed bytes above this are refused too (a gzip bomb must not take the tab down). */
export const MAX_DECODED_BYTES = 2 * 1024 ** 3;
/** How much of the start of the input the binary check looks at. */
const SNIFF_BYTES = 64 * 1024;
/** How much the UTF-16-without-BOM check looks at. */
const UTF16_SNIFF_BYTES = 1024;
/**
 * Bytes handed to the decoder at once. Blob.stream() in Node gives an in-memory Blob as one
 * chunk; decoding a 1 GB chunk would exceed V8's maximum string length, and big chunks also
 * make progress and cancellation coarse. Small enough that a chunk's string is an ordinary
 * young-generation object (not a large object, which only a full GC frees) and stays in the
 * CPU cache while its lines are split, parsed and stored: 64 KB parsed about 15% faster than
 * 1 MB chunks (the per-chunk stream overhead is a few microseconds).
 */
const MAX_CHUNK_BYTES = 1 << 16;

export interface OpenedText {
  text: ReadableStream<string>;
  /** 'utf-8', 'utf-8 (BOM)', 'utf-16le', 'utf-16be', plus ' + gzip'. */
  encoding: string;
  /**
   * Problems that did not stop the decoding. Filled as `text` is read: complete only once the
   * text stream has ended (the replacement and control character counts need the whole input).
   */
  warnings: string[];
}

// Magic numbers of files people pick by mistake instead of a command's output. The hint says
// what to do instead, because "binary" alone does not help anyone.
interface Magic {
  bytes: number[];
  offset?: number;
  what: string;
  hint?: string;
}
const MAGICS: Magic[] = [
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'ELF executable or core dump' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'GIF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'zip archive', hint: 'unpack it and add the files inside' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'zip archive', hint: 'unpack it and add the files inside' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'PDF document' },
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2 data', hint: 'decompress it first (only gzip is read directly)' },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'xz data',
    hint: 'decompress it first (only gzip is read directly)',
  },
  {
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    what: 'zstd data',
    hint: 'decompress it first (only gzip is read directly)',
  },
  {
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: '7z archive',
    hint: 'unpack it and add the files inside',
  },
  {
    bytes: [0x75, 0x73, 0x74, 0x61, 0x72],
    offset: 257,
    what: 'tar archive',
    hint: 'unpack it and add the files inside',
  },
  {
    // "LPKSHHRH": a systemd journal file copied from /var/log/journal.
    bytes: [0x4c, 0x50, 0x4b, 0x53, 0x48, 0x48, 0x52, 0x48],
    what: 'systemd journal file',
    hint: 'export it as text with `journalctl --file FILE -o short-iso-precise` and add that',
  },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'SQLite database' },
];

function startsWith(head: Uint8Array, m: Magic): boolean {
  const off = m.offset ?? 0;
  if (head.length < off + m.bytes.length) return false;
  for (let i = 0; i < m.bytes.length; i++) if (head[off + i] !== m.bytes[i]) return false;
  return true;
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

type Utf16 = 'utf-16le' | 'utf-16be';

/** UTF-16 without a BOM: ASCII-heavy text leaves a NUL in every other byte. */
function sniffUtf16(head: Uint8Array): Utf16 | null {
  const n = Math.min(head.length, UTF16_SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // Thresholds leave room for non-ASCII characters (no NUL byte) and a few NUL characters.
  if (oddNul >= pairs * 0.6 && evenNul <= pairs * 0.1) return 'utf-16le';
  if (evenNul >= pairs * 0.6 && oddNul <= pairs * 0.1) return 'utf-16be';
  return null;
}

/** Control characters other than tab, LF, CR, FF, VT, backspace and ESC (ANSI colours are stripped later). */
function isOddControl(b: number): boolean {
  return (
    (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 8 && b !== 27) || b === 0x7f
  );
}

/** Why the head looks binary, or null for text. */
function binaryReason(head: Uint8Array): string | null {
  for (const m of MAGICS) {
    if (startsWith(head, m)) return m.hint ? `${m.what}; ${m.hint}` : m.what;
  }
  const n = Math.min(head.length, SNIFF_BYTES);
  if (n === 0) return null;
  // A crash can leave a run of NUL bytes in a text log (preallocated blocks that were never
  // written): one long run is text with damage, NULs scattered everywhere are binary.
  let nulRuns = 0;
  let ctrl = 0;
  let prevNul = false;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (!prevNul) nulRuns++;
      prevNul = true;
    } else {
      prevNul = false;
      if (isOddControl(b)) ctrl++;
    }
  }
  if (nulRuns > 0 && (nulRuns + ctrl) / n > 0.01) return `${nulRuns} runs of NUL bytes in the first ${kb(n)}`;
  if (ctrl / n > 0.1) return `${ctrl} control characters in the first ${kb(n)}`;
  // Mostly bytes that are not UTF-8: compressed or encrypted data without a known magic number.
  const sample = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, n));
  let bad = 0;
  for (let i = sample.indexOf('\uFFFD'); i !== -1; i = sample.indexOf('\uFFFD', i + 1)) bad++;
  if (sample.length > 64 && bad / sample.length > 0.3)
    return `mostly bytes that are not UTF-8 text in the first ${kb(n)}`;
  return null;
}

function kb(n: number): string {
  return n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Reads from `reader` until at least `want` bytes (or the end); returns them joined. */
async function readHead(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  want: number,
): Promise<{ head: Uint8Array; done: boolean }> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < want) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    parts.push(r.value);
    total += r.value.length;
  }
  if (parts.length === 1) return { head: parts[0], done };
  const head = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    head.set(p, off);
    off += p.length;
  }
  return { head, done };
}

/** `head` then the rest of `reader`, as one stream (what the sniffing consumed is put back). */
function rejoin(
  head: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: boolean,
): ReadableStream<Uint8Array> {
  let first: Uint8Array | null = head.length > 0 ? head : null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        controller.enqueue(first);
        first = null;
        if (done) controller.close();
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function gzipError(name: string | undefined, e: unknown): InputError {
  const detail = e instanceof Error ? e.message : String(e);
  return new InputError(
    `The gzip data of ${name ?? 'the input'} is truncated or corrupt (${detail}); add the complete file or the uncompressed text`,
  );
}

export interface OpenTextOptions {
  /**
   * Called with the running total of bytes handed to the decoder (after gunzip) before each
   * chunk is decoded. Throwing refuses the input: the text stream fails with that error (the
   * Workbench's input limit for a gzip whose size is unknown until it is read).
   */
  onDecodedBytes?: (total: number) => void;
}

/**
 * Opens a byte stream as text. Throws InputError for inputs that are not text (binary, too
 * big); later problems (a truncated gzip, a refusal by `opts.onDecodedBytes`) surface as an
 * error from the text stream.
 */
export async function openText(
  stream: ReadableStream<Uint8Array>,
  totalBytes: number,
  name?: string,
  opts: OpenTextOptions = {},
): Promise<OpenedText> {
  const label = name ?? 'input';
  if (totalBytes > MAX_INPUT_BYTES) {
    stream.cancel().catch(() => {});
    throw new InputError(
      `${label} is ${formatBytes(totalBytes)}, more than the ${formatBytes(MAX_INPUT_BYTES)} this tool can read: cut it to the time around the incident (e.g. journalctl --since/--until) and add that`,
    );
  }
  const warnings: string[] = [];
  let reader = stream.getReader();
  let { head, done } = await readHead(reader, SNIFF_BYTES);
  let gzip = false;
  if (isGzip(head)) {
    gzip = true;
    // lib.dom types the writable side as BufferSource, which Uint8Array chunks are.
    const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    const inflated = rejoin(head, reader, done).pipeThrough(gunzip);
    reader = inflated.getReader();
    try {
      ({ head, done } = await readHead(reader, SNIFF_BYTES));
    } catch (e) {
      throw gzipError(name, e);
    }
  }

  let encoding: string;
  let decoderLabel: 'utf-8' | Utf16;
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    decoderLabel = 'utf-16le';
    encoding = 'utf-16le';
  } else if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    decoderLabel = 'utf-16be';
    encoding = 'utf-16be';
  } else if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    decoderLabel = 'utf-8';
    encoding = 'utf-8 (BOM)';
  } else {
    const utf16 = sniffUtf16(head);
    if (utf16) {
      decoderLabel = utf16;
      encoding = utf16;
    } else {
      const why = binaryReason(head);
      if (why) {
        reader.cancel().catch(() => {});
        throw new InputError(
          `This looks like a binary file (${why}), not text output: ${label}. Add the text a command printed (a .txt, .log or .gz of it)`,
        );
      }
      decoderLabel = 'utf-8';
      encoding = 'utf-8';
    }
  }
  if (gzip) encoding += ' + gzip';

  const decoder = new TextDecoder(decoderLabel, { fatal: false });
  const counter = new TextStats(decoderLabel === 'utf-8');
  let pending: Uint8Array | null = head.length > 0 ? head : null;
  let ended = done;
  let decodedBytes = 0;
  const finish = () => {
    if (decodedBytes === 0) warnings.push('empty input');
    warnings.push(...counter.warnings());
  };

  const text = new ReadableStream<string>({
    async pull(controller) {
      for (;;) {
        if (!pending) {
          if (ended) {
            const tail = decoder.decode();
            if (tail.length > 0) {
              counter.chunk(NO_BYTES, tail);
              controller.enqueue(tail);
            }
            finish();
            controller.close();
            return;
          }
          let r: ReadableStreamReadResult<Uint8Array>;
          try {
            r = await reader.read();
          } catch (e) {
            throw gzip ? gzipError(name, e) : e;
          }
          if (r.done) {
            ended = true;
            continue;
          }
          pending = r.value;
        }
        const chunk: Uint8Array =
          pending.length > MAX_CHUNK_BYTES ? pending.subarray(0, MAX_CHUNK_BYTES) : pending;
        pending = pending.length > MAX_CHUNK_BYTES ? pending.subarray(MAX_CHUNK_BYTES) : null;
        if (chunk.length === 0) continue;
        decodedBytes += chunk.length;
        if (decodedBytes > MAX_DECODED_BYTES) {
          reader.cancel().catch(() => {});
          throw new InputError(
            `${label} decompresses to more than ${formatBytes(MAX_DECODED_BYTES)}, more than this tool can read: cut it to the time around the incident and add that`,
          );
        }
        if (opts.onDecodedBytes) {
          try {
            opts.onDecodedBytes(decodedBytes);
          } catch (e) {
            reader.cancel().catch(() => {});
            throw e;
          }
        }
        const s = decoder.decode(chunk, { stream: true });
        counter.chunk(chunk, s);
        if (s.length === 0) continue; // a chunk that ended inside a multi-byte character
        controller.enqueue(s);
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { text, encoding, warnings };
}

// C0 controls a terminal would not print as text: everything below 0x20 except tab, LF, CR,
// and ESC (ANSI colour codes, stripped by the line splitter), plus DEL.
/** The decoder's flush at the end has text (replacement characters) but no bytes of its own. */
const NO_BYTES = new Uint8Array(0);
const ODD_CONTROL_G = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
/** 1 for the same characters as bytes. In UTF-8 they are single bytes that nothing else uses
 * (the WHATWG decoder never folds an ASCII byte into a replaced sequence), so counting bytes
 * counts characters. */
const ODD_CONTROL_BYTE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) if (c !== 9 && c !== 10 && c !== 13 && c !== 27) ODD_CONTROL_BYTE[c] = 1;
ODD_CONTROL_BYTE[0x7f] = 1;

/**
 * Odd control bytes in UTF-8 `b`, eight bytes (two 32-bit words) at a time. Each byte becomes
 * ((b & 0x7f) + 1) & 0x7f, which is below 0x21 exactly for the bytes below 0x20, 0x7f, and
 * (false positives, checked byte by byte) 0x80-0x9f and 0xff; the classic "has a byte below n"
 * test then finds such a byte in a word without false negatives. A pair of words holding no
 * candidate (the usual: only a line's LF trips the test) costs a few integer operations; the
 * class regex over the decoded string cost more than decoding it.
 */
function countOddControlBytes(b: Uint8Array): number {
  const odd = ODD_CONTROL_BYTE;
  const len = b.length;
  let n = 0;
  let i = 0;
  const lead = Math.min(len, (4 - (b.byteOffset & 3)) & 3);
  for (; i < lead; i++) n += odd[b[i]];
  const pairs = (len - i) >>> 3;
  if (pairs > 0) {
    const w32 = new Int32Array(b.buffer, b.byteOffset + i, pairs * 2);
    for (let k = 0; k < w32.length; k += 2) {
      const t = ((w32[k] & 0x7f7f7f7f) + 0x01010101) & 0x7f7f7f7f;
      const u = ((w32[k + 1] & 0x7f7f7f7f) + 0x01010101) & 0x7f7f7f7f;
      if ((((t - 0x21212121) & ~t) | ((u - 0x21212121) & ~u)) & 0x80808080) {
        const j = i + (k << 2);
        for (let q = j; q < j + 8; q++) n += odd[b[q]];
      }
    }
    i += pairs << 3;
  }
  for (; i < len; i++) n += odd[b[i]];
  return n;
}

/**
 * Counts what the warnings report, cheaply per chunk: U+FFFD with a native indexOf (and the
 * bytes only when there is one), odd controls a word pair at a time.
 */
class TextStats {
  private replaced = 0;
  private controls = 0;
  /** U+FFFD that was in the input as the valid UTF-8 bytes EF BF BD: not a decoding error. */
  private literalFffd = 0;
  /** The last two bytes of the previous chunk, for an EF BF BD split across chunks. */
  private tail0 = -1;
  private tail1 = -1;

  constructor(private readonly utf8: boolean) {}

  /** One input chunk and what the (streaming) decoder made of it. */
  chunk(b: Uint8Array, s: string): void {
    const fffd = s.indexOf('\uFFFD');
    if (fffd !== -1) {
      for (let i = fffd; i !== -1; i = s.indexOf('\uFFFD', i + 1)) this.replaced++;
      // A literal EF BF BD decodes to U+FFFD, so the bytes are scanned only when the text has
      // one (the decoder emits a character split across chunks with the chunk that ends it,
      // whose bytes are checked together with the previous chunk's last two).
      if (this.utf8) this.literals(b);
    }
    if (this.utf8 && b.length > 0) {
      this.tail0 = b.length >= 2 ? b[b.length - 2] : this.tail1;
      this.tail1 = b[b.length - 1];
    }
    if (this.utf8) {
      this.controls += countOddControlBytes(b);
    } else if (ODD_CONTROL_G.test(s)) {
      ODD_CONTROL_G.lastIndex = 0;
      while (ODD_CONTROL_G.exec(s) !== null) this.controls++;
    }
  }

  /** Counts the EF BF BD sequences of `b`, including one that starts in the previous chunk. */
  private literals(b: Uint8Array): void {
    if (this.tail0 === 0xef && this.tail1 === 0xbf && b[0] === 0xbd) this.literalFffd++;
    if (this.tail1 === 0xef && b.length >= 2 && b[0] === 0xbf && b[1] === 0xbd) this.literalFffd++;
    for (let i = b.indexOf(0xef); i !== -1 && i + 2 < b.length; i = b.indexOf(0xef, i + 1)) {
      if (b[i + 1] === 0xbf && b[i + 2] === 0xbd) this.literalFffd++;
    }
  }

  warnings(): string[] {
    const out: string[] = [];
    const bad = this.replaced - this.literalFffd;
    if (bad > 0) {
      out.push(
        `${bad} ${bad === 1 ? 'byte sequence was' : 'byte sequences were'} not valid ${this.utf8 ? 'UTF-8' : 'UTF-16'} and ${bad === 1 ? 'was' : 'were'} replaced with U+FFFD (�)`,
      );
    }
    if (this.controls > 0) {
      out.push(
        `${this.controls} control ${this.controls === 1 ? 'character' : 'characters'} (other than tab) in the text; kept as they are`,
      );
    }
    return out;
  }
}

const utf8Encoder = new TextEncoder();
/** Little-endian platforms read a Uint32Array word as b0 | b1<<8 | b2<<16 | b3<<24 (all browsers are). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Streaming content hash of text: two 32-bit multiplicative lanes (cyrb53's mixing) over the
 * text's UTF-8 bytes, taken four at a time, so any chunking of the same text gives the same
 * digest. Not cryptographic: it keys a cache of our own parses, nothing an attacker gains from.
 * Words rather than characters: per-character hashing cost as much as decoding the input.
 */
export class TextHasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  private length = 0;
  /** Bytes of an unfinished word carried to the next update (0..3 of them). */
  private pending = 0;
  private pendingBytes = 0;

  update(s: string): void {
    if (s.length > 0) this.updateUtf8(utf8Encoder.encode(s));
  }

  /** The same as update() for text already encoded as UTF-8. */
  updateUtf8(b: Uint8Array): void {
    const n = b.length;
    this.length += n;
    let i = 0;
    while (this.pendingBytes > 0 && i < n) {
      this.pending |= b[i++] << (8 * this.pendingBytes);
      if (++this.pendingBytes === 4) {
        this.mix(this.pending);
        this.pending = 0;
        this.pendingBytes = 0;
      }
    }
    let h1 = this.h1;
    let h2 = this.h2;
    const words = (n - i) >>> 2;
    if (LITTLE_ENDIAN && words > 0) {
      // A misaligned start (after carried bytes) is copied once, natively, rather than
      // assembling every word from four bytes in JS.
      const aligned = ((b.byteOffset + i) & 3) === 0;
      const w32 = aligned
        ? new Uint32Array(b.buffer, b.byteOffset + i, words)
        : new Uint32Array(b.slice(i, i + words * 4).buffer);
      for (let k = 0; k < words; k++) {
        const w = w32[k];
        h1 = Math.imul(h1 ^ w, 2654435761);
        h2 = Math.imul(h2 ^ w, 1597334677);
      }
    } else {
      for (let k = 0; k < words; k++) {
        const j = i + 4 * k;
        const w = b[j] | (b[j + 1] << 8) | (b[j + 2] << 16) | (b[j + 3] << 24);
        h1 = Math.imul(h1 ^ w, 2654435761);
        h2 = Math.imul(h2 ^ w, 1597334677);
      }
    }
    this.h1 = h1;
    this.h2 = h2;
    for (i += words * 4; i < n; i++) this.pending |= b[i] << (8 * this.pendingBytes++);
  }

  private mix(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 2654435761);
    this.h2 = Math.imul(this.h2 ^ w, 1597334677);
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    if (this.pendingBytes > 0) {
      // The last partial word, tagged with its length so "a" and "a\0" differ.
      h1 = Math.imul(h1 ^ this.pending ^ (this.pendingBytes << 29), 2654435761);
      h2 = Math.imul(h2 ^ this.pending ^ (this.pendingBytes << 29), 1597334677);
    }
    // Final avalanche (cyrb53), with the length mixed in.
    h1 ^= this.length;
    h2 ^= Math.floor(this.length / 0x100000000);
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
    return `${hex(h2)}${hex(h1)}`;
  }
}
