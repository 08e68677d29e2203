// The tab's input limit (issue 7 part 7): a Workbench reads at most maxInputBytes in all (the
// sources it holds plus the new one; a gzip's decompressed bytes), refuses a source over it at
// once with a message that says what to do, and is left as it was.
import { describe, expect, it } from 'vitest';
import { InputError } from '../ingest/decode.ts';
import { type Clock, TAB_INPUT_LIMIT, Workbench, type WorkbenchSourceInput } from './workbench.ts';

const CLOCK: Clock = { year: 2025, utcOffsetMinutes: 0 };
const LINE =
  'Nov 26 10:00:01 node-1 kubelet[812]: E1126 10:00:01.000000 812 pod_workers.go:1301] "Error syncing pod"\n';

function text(bytes: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(LINE.repeat(Math.ceil(bytes / LINE.length)).slice(0, bytes));
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(cs)).arrayBuffer());
}

/** A source streamed in `chunk`-byte pieces that counts what was pulled from it. */
function source(name: string, bytes: Uint8Array, chunk = 1024) {
  const read = { bytes: 0, cancelled: false };
  let pos = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pos >= bytes.length) {
        c.close();
        return;
      }
      const piece = bytes.slice(pos, pos + chunk);
      pos += piece.length;
      read.bytes += piece.length;
      c.enqueue(piece);
    },
    cancel() {
      read.cancelled = true;
    },
  });
  const input: WorkbenchSourceInput = { name, kind: 'file', stream, totalBytes: bytes.length, clock: CLOCK };
  return { input, read };
}

/** A source of `size` declared bytes that must not be read at all. */
function unreadable(name: string, size: number) {
  const read = { pulled: false, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull() {
      read.pulled = true;
      throw new Error('read after all');
    },
    cancel() {
      read.cancelled = true;
    },
  });
  const input: WorkbenchSourceInput = { name, kind: 'file', stream, totalBytes: size, clock: CLOCK };
  return { input, read };
}

async function refusal(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

/** What every refusal says: the limit, why, and the two ways out. */
function expectAdvice(message: string, limit: string): void {
  expect(message).toContain(`at most ${limit} of input in all`);
  expect(message).toContain("fit in one tab's memory");
  expect(message).toContain('journalctl --since');
  expect(message).toContain('grep -F <container id>');
  expect(message).toContain('npm run rca -- analyze FILE');
  expect(message).not.toContain('\n');
}

describe('the input limit', () => {
  it('is 512 MiB by default: a 1 GB file is refused before a byte is read', async () => {
    const wb = new Workbench({ defaultClock: () => CLOCK });
    expect(wb.maxInputBytes).toBe(TAB_INPUT_LIMIT);
    expect(TAB_INPUT_LIMIT).toBe(512 * 1024 * 1024);
    const { input, read } = unreadable('journal-1g.log', 1_000_000_000);
    const t0 = performance.now();
    const e = await refusal(wb.addSource(input));
    expect(performance.now() - t0).toBeLessThan(500); // no read: at once, even on a busy machine
    expect(e.message).toMatch(/^journal-1g\.log is 953\.7 MiB; /);
    expectAdvice(e.message, '512.0 MiB');
    expect(read.pulled).toBe(false);
    expect(read.cancelled).toBe(true);
    expect(wb.listSources()).toEqual([]);
  });

  it('refuses a gzip while reading it, as soon as its text is over, and keeps nothing', async () => {
    // 16 MiB of text in a gzip of a few KB, against a 1 MiB limit: the size known up front is
    // under the limit, only the text read tells.
    const gz = await gzip(text(16 * 1024 * 1024));
    expect(gz.length).toBeLessThan(256 * 1024);
    const wb = new Workbench({ defaultClock: () => CLOCK, maxInputBytes: 1024 * 1024 });
    const { input } = source('kubelet.log.gz', gz, 4096);
    const e = await refusal(wb.addSource(input));
    // Stopped at the first 64 KB chunk of text over the limit (1.0x MiB), not at the end (16 MiB).
    // (How much of the gzip itself was read ahead is up to DecompressionStream: Node's reads its
    // whole input at once, Chromium's waits for its reader.)
    expect(e.message).toMatch(/^kubelet\.log\.gz decompresses to more than 1\.[01] MiB; /);
    expectAdvice(e.message, '1.0 MiB');
    expect(wb.listSources()).toEqual([]);
    // Nothing of it stays counted: a source under the limit is read afterwards.
    const ok = await wb.addSource(source('small.log', text(900 * 1024), 1 << 16).input);
    expect(ok.lines).toBeGreaterThan(1000);
  });

  it('counts the sum over the sources held, gzip by its text, and frees what is removed', async () => {
    const wb = new Workbench({ defaultClock: () => CLOCK, maxInputBytes: 10_000 });
    const a = await wb.addSource(source('a.log', text(6_000)).input);
    const b = await refusal(wb.addSource(source('b.log', text(5_000)).input));
    expect(b.message).toMatch(
      /^b\.log is 4\.9 KiB; this tab reads at most 9\.8 KiB of input in all \(5\.9 KiB of it already loaded\), so that /,
    );
    expectAdvice(b.message, '9.8 KiB');
    await wb.addSource(source('c.log', text(4_000)).input);
    expect(wb.listSources().map((s) => s.name)).toEqual(['a.log', 'c.log']);

    await wb.removeSource(a.sourceId);
    // A gzip of 5,000 bytes of text: 4,000 + 5,000 fit, although the gzip itself is small.
    const gz = await gzip(text(5_000));
    expect(gz.length).toBeLessThan(1_000);
    await wb.addSource(source('d.log.gz', gz).input);
    // Now 9,000 are held: another 1,500 bytes are over, though the files on disk are ~5 KB.
    const e = await refusal(wb.addSource(source('e.log', text(1_500)).input));
    expect(e.message).toContain('(8.8 KiB of it already loaded)');
  });

  it('counts adds that are still running', async () => {
    const wb = new Workbench({ defaultClock: () => CLOCK, maxInputBytes: 10_000 });
    const first = wb.addSource(source('a.log', text(6_000)).input);
    const second = refusal(wb.addSource(source('b.log', text(6_000)).input));
    await first;
    expect((await second).message).toContain('(5.9 KiB of it already loaded)');
    expect(wb.listSources().map((s) => s.name)).toEqual(['a.log']);
  });

  it('has none when the option is Infinity (the CLI): a source declared at 1 GB is read', async () => {
    const wb = new Workbench({ defaultClock: () => CLOCK, maxInputBytes: Number.POSITIVE_INFINITY });
    const { input } = source('big.log', text(4_000));
    const s = await wb.addSource({ ...input, totalBytes: 1_000_000_000 });
    expect(s.bytes).toBe(1_000_000_000);
    expect(s.events).toBeGreaterThan(0);
  });
});
