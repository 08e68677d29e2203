// A source's bytes as kept in IndexedDB: gzip-compressed by the browser's CompressionStream
// (logs shrink 5-20x), streamed from the Blob so a large file is never held twice as text. Input
// that is already gzip is kept as given: compressing it again gains nothing, and the engine
// reads gzip itself, so the stored bytes can be handed back to it unchanged either way.
import { blobStream } from '../worker/blob-stream.ts';

/** The bytes as stored, and whether we compressed them (false: the bytes as given). */
export interface StoredBytes {
  data: ArrayBuffer;
  gzip: boolean;
}

export function startsWithGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** The DOM typings give (De)CompressionStream a BufferSource input; a byte stream is one. */
const gzipStream = (s: CompressionStream | DecompressionStream) =>
  s as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

async function asIs(blob: Blob): Promise<StoredBytes> {
  return { data: await blob.arrayBuffer(), gzip: false };
}

/**
 * The bytes to store for a source given as `blob`. Compressed unless the input is gzip already,
 * the browser has no CompressionStream (kept as given: bigger, never lost), or compressing would
 * not make it smaller (random or already-packed data).
 */
export async function compressForStorage(blob: Blob): Promise<StoredBytes> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (startsWithGzipMagic(head) || typeof CompressionStream === 'undefined' || blob.size === 0)
    return asIs(blob);
  const data = await collect(blobStream(blob).pipeThrough(gzipStream(new CompressionStream('gzip'))));
  return data.byteLength < blob.size ? { data, gzip: true } : asIs(blob);
}

/** A stored source for the engine: the stored bytes as they are (it reads gzip as gzip). */
export function readBack(stored: StoredBytes): Blob {
  return new Blob([stored.data]);
}

/** The bytes as the user gave them (for a bundle): inflated when we compressed them. */
export async function inflateToOriginal(stored: StoredBytes): Promise<Uint8Array> {
  if (!stored.gzip) return new Uint8Array(stored.data.slice(0));
  const input = new Blob([stored.data]);
  return new Uint8Array(
    await collect(blobStream(input).pipeThrough(gzipStream(new DecompressionStream('gzip')))),
  );
}
