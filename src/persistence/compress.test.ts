// Sources as stored: plain input gzip-compressed, gzip or incompressible input kept as given,
// and the bytes as given always recoverable, byte for byte.
import { gunzipSync, gzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compressForStorage, inflateToOriginal, readBack, startsWithGzipMagic } from './compress.ts';

// This realm's Uint8Array (jsdom's globals are not those of Node's TextEncoder).
const utf8 = (s: string) => new Uint8Array(new TextEncoder().encode(s));
const blobOf = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>]);
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

/** Where two byte arrays first differ (-1: equal). toEqual walks typed arrays slowly. */
function firstDifference(a: Uint8Array | ArrayBuffer, b: Uint8Array): number {
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const n = Math.min(x.length, b.length);
  for (let i = 0; i < n; i++) if (x[i] !== b[i]) return i;
  return x.length === b.length ? -1 : n;
}

const LOG = utf8(
  Array.from(
    { length: 2000 },
    (_, i) => `2025-11-26T09:00:${String(i % 60).padStart(2, '0')}Z kubelet[812]: sync pod ${i}\n`,
  ).join(''),
);

/** Deterministic bytes that do not compress (xorshift). */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('compressForStorage', () => {
  it('gzips plain text, and the stored bytes inflate back to the input exactly', async () => {
    const stored = await compressForStorage(blobOf(LOG));
    expect(stored.gzip).toBe(true);
    const data = new Uint8Array(stored.data);
    expect(startsWithGzipMagic(data)).toBe(true);
    expect(data.length).toBeLessThan(LOG.length / 8);
    // A standard gzip stream: another implementation reads it too.
    expect(firstDifference(gunzipSync(data), LOG)).toBe(-1);
    expect(firstDifference(await inflateToOriginal(stored), LOG)).toBe(-1);
    expect(firstDifference(await bytesOf(readBack(stored)), data)).toBe(-1);
  });

  it('keeps gzip input as given', async () => {
    const gz = new Uint8Array(gzipSync(LOG));
    const stored = await compressForStorage(blobOf(gz));
    expect(stored.gzip).toBe(false);
    expect(firstDifference(stored.data, gz)).toBe(-1);
    expect(firstDifference(await inflateToOriginal(stored), gz)).toBe(-1);
    expect(firstDifference(await bytesOf(readBack(stored)), gz)).toBe(-1);
  });

  it('keeps input that would not shrink as given, and the empty input', async () => {
    const random = noise(50_000);
    const stored = await compressForStorage(blobOf(random));
    expect(stored).toMatchObject({ gzip: false });
    expect(firstDifference(stored.data, random)).toBe(-1);
    const empty = await compressForStorage(new Blob([]));
    expect(empty.gzip).toBe(false);
    expect(empty.data.byteLength).toBe(0);
    expect(await inflateToOriginal(empty)).toEqual(new Uint8Array(0));
  });

  it('round-trips a multi-megabyte input of many stream chunks', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let off = 0; off < big.length; off += LOG.length)
      big.set(LOG.subarray(0, Math.min(LOG.length, big.length - off)), off);
    big.set(noise(4096), 1_000_000);
    const stored = await compressForStorage(blobOf(big));
    expect(stored.gzip).toBe(true);
    expect(firstDifference(await inflateToOriginal(stored), big)).toBe(-1);
  });

  it('stores the bytes as given when the browser has no CompressionStream', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    const stored = await compressForStorage(blobOf(LOG));
    expect(stored.gzip).toBe(false);
    expect(firstDifference(stored.data, LOG)).toBe(-1);
  });

  it('does not mistake one byte 0x1f for gzip', () => {
    expect(startsWithGzipMagic(new Uint8Array([0x1f]))).toBe(false);
    expect(startsWithGzipMagic(new Uint8Array([0x1f, 0x8c]))).toBe(false);
    expect(startsWithGzipMagic(new Uint8Array([0x1f, 0x8b, 8]))).toBe(true);
  });
});
