import { describe, expect, it } from 'vitest';
import { InputError, MAX_INPUT_BYTES, openText, TextHasher } from './decode.ts';
import { splitLines } from './line-splitter.ts';

/** `bytes` as a stream of `chunk`-sized pieces (1 = the worst case for multi-byte characters). */
function streamOf(bytes: Uint8Array, chunk = 1 << 16): ReadableStream<Uint8Array> {
  let pos = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (pos >= bytes.length) {
        c.close();
        return;
      }
      c.enqueue(bytes.slice(pos, pos + chunk));
      pos += chunk;
    },
  });
}

async function readAll(s: ReadableStream<string>): Promise<string> {
  let out = '';
  const r = s.getReader();
  for (;;) {
    const { done, value } = await r.read();
    if (done) return out;
    out += value;
  }
}

async function decode(bytes: Uint8Array, chunk?: number, name = 'test.log') {
  const o = await openText(streamOf(bytes, chunk), bytes.length, name);
  const text = await readAll(o.text);
  return { text, encoding: o.encoding, warnings: o.warnings };
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const out = streamOf(bytes).pipeThrough(cs);
  const parts: Uint8Array[] = [];
  const r = out.getReader();
  for (;;) {
    const { done, value } = await r.read();
    if (done) break;
    parts.push(value);
  }
  return concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const dv = new DataView(out.buffer);
  let off = 0;
  if (bom) {
    dv.setUint16(0, 0xfeff, le);
    off = 2;
  }
  for (let i = 0; i < s.length; i++) dv.setUint16(off + 2 * i, s.charCodeAt(i), le);
  return out;
}

const SAMPLE =
  'Nov 26 10:00:01 node-1 kubelet[812]: Stärted pod “web-0” ✓\nNov 26 10:00:02 node-1 containerd[700]: 日本語 line\n';

describe('openText', () => {
  it('reads plain UTF-8 in any chunking', async () => {
    for (const chunk of [1, 3, 7, 1 << 16]) {
      const r = await decode(utf8(SAMPLE), chunk);
      expect(r.text).toBe(SAMPLE);
      expect(r.encoding).toBe('utf-8');
      expect(r.warnings).toEqual([]);
    }
  });

  it('drops a UTF-8 BOM and says it was there', async () => {
    const r = await decode(concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(SAMPLE)));
    expect(r.text).toBe(SAMPLE);
    expect(r.encoding).toBe('utf-8 (BOM)');
  });

  for (const le of [true, false]) {
    for (const bom of [true, false]) {
      const enc = le ? 'utf-16le' : 'utf-16be';
      it(`reads ${enc} ${bom ? 'with' : 'without'} a BOM, split mid-character`, async () => {
        const r = await decode(utf16(SAMPLE, le, bom), 3);
        expect(r.text).toBe(SAMPLE);
        expect(r.encoding).toBe(enc);
      });
    }
  }

  it('inflates gzip and sniffs what is inside', async () => {
    const r = await decode(await gzip(utf8(SAMPLE)), 5);
    expect(r.text).toBe(SAMPLE);
    expect(r.encoding).toBe('utf-8 + gzip');
    const r16 = await decode(await gzip(utf16(SAMPLE, true, true)));
    expect(r16.text).toBe(SAMPLE);
    expect(r16.encoding).toBe('utf-16le + gzip');
  });

  it('refuses a truncated gzip with a message instead of hanging', async () => {
    const small = await gzip(utf8(SAMPLE));
    await expect(decode(small.subarray(0, small.length - 6))).rejects.toThrow(
      /gzip data of test.log is truncated or corrupt/,
    );
    // Big enough that the cut is found while streaming, after openText returned.
    const lines = Array.from({ length: 30000 }, (_, i) => `line ${i} ${(i * 2654435761) % 1000003}`).join(
      '\n',
    );
    const big = await gzip(utf8(lines));
    const err = await decode(big.subarray(0, Math.floor(big.length * 0.8))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/truncated or corrupt/);
  });

  it('keeps CRLF for the line splitter, which removes it', async () => {
    const r = await decode(utf8('a\r\nb\r\n\r\nc'), 2);
    expect(r.text).toBe('a\r\nb\r\n\r\nc');
    expect(splitLines(r.text)).toEqual(['a', 'b', '', 'c']);
  });

  it('reads 0 bytes as no text, with a warning', async () => {
    const r = await decode(new Uint8Array(0));
    expect(r.text).toBe('');
    expect(r.warnings).toEqual(['empty input']);
  });

  it('refuses an input over the size limit before reading it', async () => {
    const err = await openText(streamOf(utf8('x')), MAX_INPUT_BYTES + 1, 'huge.log').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^huge\.log is 2\.0 GiB, more than the 2\.0 GiB/);
  });

  it.each([
    ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0], /ELF executable/],
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG image/],
    ['a zip archive', [0x50, 0x4b, 0x03, 0x04, 20, 0], /zip archive; unpack it/],
    ['a journal file', [...utf8('LPKSHHRH'), 0, 0, 0, 0], /systemd journal file; export it as text/],
  ])('refuses %s by its magic number', async (_what, head, why) => {
    const bytes = concat(new Uint8Array(head), utf8('some text after the header\n'));
    const err = await decode(bytes, undefined, 'thing.bin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^This looks like a binary file \(/);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain('not text output: thing.bin');
  });

  it('refuses bytes with scattered NULs and control characters', async () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[i] = (x >>> 16) & 0xff;
    }
    bytes[0] = 0x41; // no magic number: the content alone must tell
    await expect(decode(bytes)).rejects.toThrow(/binary file \(\d+ runs of NUL bytes/);
  });

  it('accepts a text log with one run of NULs (crash damage) and warns about it', async () => {
    const text = concat(utf8('line one\n'), new Uint8Array(512), utf8('\nline two\n'));
    const r = await decode(text);
    expect(r.text).toBe(`line one\n${'\0'.repeat(512)}\nline two\n`);
    expect(r.warnings).toEqual(['512 control characters (other than tab) in the text; kept as they are']);
  });

  it('replaces invalid UTF-8 and counts it, but not a real U+FFFD', async () => {
    // 0xff and a lone continuation byte are invalid; EF BF BD is a valid, literal U+FFFD.
    const bytes = concat(
      utf8('ok \uFFFD '),
      new Uint8Array([0xff]),
      utf8(' and '),
      new Uint8Array([0x80]),
      utf8('\n'),
    );
    for (const chunk of [1, 2, 1 << 16]) {
      const r = await decode(bytes, chunk);
      expect(r.text).toBe('ok \uFFFD \uFFFD and \uFFFD\n');
      expect(r.warnings).toEqual(['2 byte sequences were not valid UTF-8 and were replaced with U+FFFD (�)']);
    }
  });

  it('counts control characters other than tab, CR, LF and ESC', async () => {
    const r = await decode(utf8('a\tb\x1b[31mred\x1b[0m\r\nbell\x07 and \x01\n'));
    expect(r.warnings).toEqual(['2 control characters (other than tab) in the text; kept as they are']);
  });
});

describe('TextHasher', () => {
  const digest = (...chunks: string[]) => {
    const h = new TextHasher();
    for (const c of chunks) h.update(c);
    return h.digest();
  };

  it('does not depend on chunking', () => {
    expect(digest('hello ', 'world')).toBe(digest('hello world'));
    expect(digest('', 'a', '', 'bc')).toBe(digest('abc'));
  });

  it('gives the same digest for bytes at any alignment', () => {
    const text = 'journalctl ✓ 日本語 line\n'.repeat(50);
    const bytes = new TextEncoder().encode(text);
    for (const off of [0, 1, 2, 3]) {
      const buf = new Uint8Array(bytes.length + off);
      buf.set(bytes, off);
      const h = new TextHasher();
      for (let i = off; i < buf.length; i += 5 + off)
        h.updateUtf8(buf.subarray(i, Math.min(buf.length, i + 5 + off)));
      expect(h.digest()).toBe(digest(text));
    }
  });

  it('tells different texts apart', () => {
    const texts = [
      '',
      '\0',
      'a',
      'b',
      'ab',
      'ba',
      'a\n',
      'abcd',
      'abcd\0',
      'abcde',
      'bacd',
      'x'.repeat(4096),
    ];
    expect(new Set(texts.map((t) => digest(t))).size).toBe(texts.length);
    expect(digest('abc')).toMatch(/^[0-9a-f]{16,}$/);
  });
});
