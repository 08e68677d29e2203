// A whole incident as one file (issue 7 part 3): `bundle.json` (what the incident is, the
// analyst's state, each source's metadata and SHA-256) and the sources' bytes as given, in a zip.
// Reading one is reading untrusted bytes from another machine, so decodeBundle checks everything
// it keeps and rejects anything else with a BundleError whose message the user can act on: it
// never throws another error, never hangs (a bounded amount of work per input byte, with turns
// given back to the event loop), and never inflates more than a cap (zip bombs). Old bundles
// migrate: the state inside goes through migrateState from its own version. docs/bundles.md.
import { Inflate, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { Slicer } from '../util/yield.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleError,
  type IncidentBundle,
  type IncidentSignature,
  STATE_VERSION,
  type StoredSourceMeta,
} from './model.ts';
import { isKnownStateVersion, migrateState } from './state.ts';

/** What a bundle may unpack to, all entries together: more is refused as a zip bomb. */
export const MAX_UNPACKED_BYTES = 2 * 1024 ** 3;
/**
 * bundle.json is read as one string: V8 strings end a little below 2^29 characters, so a
 * .json.gz or plain JSON bundle (sources inline as base64) stops here; a .rca.zip has no such limit.
 */
const MAX_JSON_BYTES = 500 * 1024 ** 2;
/** Deflate's best ratio is 1032:1; a declared size beyond that (plus slack) cannot be true. */
const MAX_DEFLATE_RATIO = 1032;
/** Input fed to the inflater per step: bounds what one step can produce (64 KiB -> at most ~66 MB). */
const INFLATE_STEP = 64 * 1024;
/** Source bytes fed to the deflater per step when writing, between turns given to the event loop. */
const DEFLATE_STEP = 1024 * 1024;

export interface DecodeOptions {
  /** Refuse a bundle that unpacks to more than this (default MAX_UNPACKED_BYTES). */
  maxUnpackedBytes?: number;
}

/** One source in bundle.json: its metadata, where its bytes are, and their SHA-256. */
interface SourceEntry extends StoredSourceMeta {
  /** In a zip: the entry holding the bytes (`sources/1-dmesg.txt`). */
  file?: string;
  /** In a .json.gz or plain JSON bundle: the bytes in base64. */
  data?: string;
  /** Hex SHA-256 of the bytes (always written; checked when present). */
  sha256?: string;
}

/** bundle.json, version 1. */
interface BundleJson {
  format: typeof BUNDLE_FORMAT;
  version: number;
  generator: string;
  exportedAt: string;
  stateVersion: number;
  incident: IncidentBundle['incident'];
  state: unknown;
  sources: SourceEntry[];
}

// ---------------------------------------------------------------- writing

/** A title as a slug of at most `max` characters: `Worker 21: shim OOM` -> `worker-21-shim-oom` ('' when nothing is left). */
export function slugOf(title: string, max: number): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** A download name from a title: `<slug><extension>`, `fallback` standing in for an empty slug; never empty, no path. */
export function fileNameOf(title: string, fallback: string, extension: string): string {
  const slug = slugOf(title, 80);
  // Windows refuses these names with any extension.
  const base =
    slug === '' ? fallback : /^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug) ? `${fallback}-${slug}` : slug;
  return `${base}${extension}`;
}

/** A file name for an incident's bundle: `worker-21-shim-oom-killed.rca.zip`; never empty, no path. */
export function bundleFileName(title: string): string {
  return fileNameOf(title, 'incident', '.rca.zip');
}

/** A zip entry name for a source: `sources/<n>-<name>` with only safe characters (unique by n). */
function entryName(n: number, name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 80);
  return `sources/${n}-${safe || 'source'}`;
}

export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** A zip's entry time (DOS time, 1980-2099): the export time, so the same bundle writes the same bytes. */
function entryTime(exportedAt: string): Date {
  const d = new Date(exportedAt);
  const y = d.getFullYear();
  return Number.isFinite(d.getTime()) && y >= 1981 && y <= 2098 ? d : new Date(Date.UTC(1981, 0, 1));
}

/**
 * The bundle as a .rca.zip: bundle.json first, then each source's bytes as given under
 * sources/ (deflated; a gzip source is stored as it is, since deflating it again gains nothing).
 * Gives the event loop a turn between megabytes, so a big export does not freeze the page.
 */
export async function encodeBundle(b: IncidentBundle): Promise<Uint8Array> {
  return concat(await encodeBundleParts(b));
}

/**
 * The .rca.zip as the zip writer's chunks, in order, never joined: the app hands them to a Blob,
 * so an export near the size cap does not hold the whole zip twice (chunks and their join).
 */
export async function encodeBundleParts(b: IncidentBundle): Promise<Uint8Array[]> {
  const ids = new Set<string>();
  let total = 0;
  for (const s of b.sources) {
    if (ids.has(s.sourceId)) throw new Error(`encodeBundle: two sources have the id ${s.sourceId}`);
    ids.add(s.sourceId);
    total += s.data.length;
  }
  // A bundle that no import would read is not written (the reader's cap, for every reader).
  if (total > MAX_UNPACKED_BYTES)
    throw new Error(
      `This incident's sources add up to ${size(total)}, more than the ${size(MAX_UNPACKED_BYTES)} a bundle may hold.`,
    );
  const slicer = new Slicer();
  const sources: SourceEntry[] = [];
  for (const [i, s] of b.sources.entries()) {
    const { data, ...meta } = s;
    sources.push({
      ...meta,
      bytes: data.length,
      file: entryName(i + 1, s.name),
      sha256: await sha256Hex(data),
    });
  }
  const json: BundleJson = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    generator: b.generator,
    exportedAt: b.exportedAt,
    stateVersion: STATE_VERSION,
    incident: b.incident,
    state: b.state,
    sources,
  };

  const files: ZipFile[] = [
    { name: 'bundle.json', data: new TextEncoder().encode(JSON.stringify(json)) },
    ...b.sources.map((s, i) => ({ name: sources[i].file as string, data: s.data, store: isGzip(s.data) })),
  ];
  return writeZipParts(files, b.exportedAt, slicer);
}

/** One entry of a zip being written: deflated unless `store` (bytes that do not shrink, e.g. gzip). */
export interface ZipFile {
  name: string;
  data: Uint8Array;
  store?: boolean;
}

/**
 * A zip of `files`, in their order, every entry dated `exportedAt` (so the same content writes the
 * same bytes). Gives the event loop a turn between megabytes. Bundles and scenario files
 * (src/core/training/scenario-bundle.ts) are written with it.
 */
export async function writeZip(
  files: readonly ZipFile[],
  exportedAt: string,
  slicer: Slicer = new Slicer(),
): Promise<Uint8Array> {
  return concat(await writeZipParts(files, exportedAt, slicer));
}

/** writeZip's chunks, in order (their concatenation is the zip). */
export async function writeZipParts(
  files: readonly ZipFile[],
  exportedAt: string,
  slicer: Slicer = new Slicer(),
): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else parts.push(chunk);
  });
  const mtime = entryTime(exportedAt);
  for (const f of files) {
    const file = f.store ? new ZipPassThrough(f.name) : new ZipDeflate(f.name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    if (f.data.length === 0) file.push(new Uint8Array(0), true);
    for (let at = 0; at < f.data.length; at += DEFLATE_STEP) {
      file.push(f.data.subarray(at, at + DEFLATE_STEP), at + DEFLATE_STEP >= f.data.length);
      await slicer.maybeYield();
    }
  }
  zip.end();
  if (failure) throw failure;
  return parts;
}

// ---------------------------------------------------------------- reading

/**
 * A bundle from a file's bytes: a .rca.zip, a .json.gz (bundle.json gzip'd, sources inline as
 * base64 `data`) or plain bundle JSON. Rejects with a BundleError, and nothing else, when the
 * bytes are not one of ours, from a newer app, damaged, or too big to unpack.
 */
export async function decodeBundle(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<IncidentBundle> {
  const limits = new Limits(opts.maxUnpackedBytes ?? MAX_UNPACKED_BYTES);
  try {
    if (isZip(bytes)) return await fromZip(bytes, limits);
    if (isGzip(bytes)) return await fromJsonText(await gunzip(bytes, limits), 'gzip', null, limits);
    if (looksLikeJson(bytes)) {
      limits.take(bytes.length, 'bundle.json');
      return await fromJsonText(bytes, 'json', null, limits);
    }
    throw notABundle(bytes);
  } catch (e) {
    if (e instanceof BundleError) throw e;
    // A case no check above foresaw: still a message, never a stack trace for the user.
    throw new BundleError(`The bundle could not be read: ${oneLine(e)}.`, 'corrupt');
  }
}

/** "This is a PNG image, not an RCA Workbench bundle (.rca.zip)." */
function notABundle(bytes: Uint8Array): BundleError {
  const what = describeBytes(bytes);
  const hint = what.includes('text file') ? '; to read a log, add it as a source' : '';
  return new BundleError(`This is ${what}, not an RCA Workbench bundle (.rca.zip)${hint}.`, 'not-a-bundle');
}

const damaged = (what: string) => new BundleError(`The bundle is damaged: ${what}.`, 'corrupt');

/** Counts what is unpacked against the cap, all entries together. */
export class Limits {
  private used = 0;
  readonly slicer = new Slicer();
  constructor(readonly max: number) {}
  take(n: number, what: string): void {
    this.used += n;
    if (this.used > this.max) throw tooBig(this.max, what);
  }
}

function tooBig(max: number, what: string): BundleError {
  return new BundleError(
    `This bundle unpacks to more than ${size(max)} (at ${clean(what)}), so it was not read: a bundle that large is most likely a zip bomb.`,
    'corrupt',
  );
}

// ---- zip

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

export const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory (at the end of the file): every entry's name, sizes, CRC and place. */
export function centralDirectory(b: Uint8Array): ZipEntry[] {
  // The end record is 22 bytes plus a comment of up to 65535.
  let end = -1;
  for (let at = b.length - 22; at >= 0 && at >= b.length - 22 - 0xffff; at--)
    if (u32(b, at) === 0x06054b50) {
      end = at;
      break;
    }
  if (end < 0) throw damaged('the zip archive is cut off (its directory at the end is missing)');
  if (u16(b, end + 4) !== 0 || u16(b, end + 6) !== 0)
    throw damaged('it is a split (multi-part) zip archive, which a bundle never is');
  const count = u16(b, end + 10);
  const dirSize = u32(b, end + 12);
  const dirAt = u32(b, end + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirAt === 0xffffffff)
    throw damaged('it uses zip64 records, which a bundle never needs');
  if (dirAt + dirSize > end) throw damaged('the zip directory points past the end of the file');
  const names = new TextDecoder();
  const out: ZipEntry[] = [];
  let at = dirAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(b, at) !== 0x02014b50) throw damaged('the zip directory is broken');
    const flags = u16(b, at + 8);
    const nameLen = u16(b, at + 28);
    const next = at + 46 + nameLen + u16(b, at + 30) + u16(b, at + 32);
    if (next > end) throw damaged('the zip directory is broken');
    const name = names.decode(b.subarray(at + 46, at + 46 + nameLen));
    if (flags & 1) throw damaged(`${clean(name)} is encrypted`);
    out.push({
      name,
      method: u16(b, at + 10),
      crc: u32(b, at + 16),
      compressedSize: u32(b, at + 20),
      size: u32(b, at + 24),
      localOffset: u32(b, at + 42),
    });
    at = next;
  }
  return out;
}

/** An entry's bytes: inflated within its declared size and the cap, then checked by length and CRC. */
export async function readEntry(b: Uint8Array, e: ZipEntry, limits: Limits): Promise<Uint8Array> {
  const name = clean(e.name);
  const at = e.localOffset;
  if (at + 30 > b.length || u32(b, at) !== 0x04034b50)
    throw damaged(`the zip entry ${name} is missing its header`);
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  if (start + e.compressedSize > b.length) throw damaged(`${name} is cut off`);
  const packed = b.subarray(start, start + e.compressedSize);
  let data: Uint8Array;
  if (e.method === 0) {
    if (e.size !== e.compressedSize) throw damaged(`the sizes of ${name} disagree`);
    limits.take(e.size, e.name);
    data = packed;
  } else if (e.method === 8) {
    if (e.size > e.compressedSize * MAX_DEFLATE_RATIO + 1024)
      throw damaged(
        `${name} claims ${size(e.size)} from ${size(e.compressedSize)}, more than deflate can give`,
      );
    data = await inflateRaw(packed, e.size, e.name, limits);
  } else throw damaged(`${name} uses compression method ${e.method}, which a bundle never does`);
  if (data.length !== e.size)
    throw damaged(`${name} unpacks to ${data.length} bytes, not the ${e.size} it declares`);
  if (crc32(data) !== e.crc) throw damaged(`${name} fails its checksum (CRC-32)`);
  return data;
}

/** What a zip that is not ours holds, for the message: ` (it holds a, b, c, ...)` or ` (it is empty)`. */
export function whatItHolds(entries: readonly ZipEntry[]): string {
  const held = entries
    .slice(0, 3)
    .map((e) => clean(e.name))
    .join(', ');
  return held ? ` (it holds ${held}${entries.length > 3 ? ', ...' : ''})` : ' (it is empty)';
}

/** A source's meta from an untrusted value (a bundle), with only the fields the contract has. */
export function sourceMetaOf(s: StoredSourceMeta): StoredSourceMeta {
  const out: StoredSourceMeta = {
    sourceId: s.sourceId,
    name: s.name,
    kind: s.kind,
    bytes: s.bytes,
    contentHash: s.contentHash,
    order: s.order,
    addedAt: s.addedAt,
  };
  if (s.clock) out.clock = { year: s.clock.year, utcOffsetMinutes: s.clock.utcOffsetMinutes };
  return out;
}

async function fromZip(b: Uint8Array, limits: Limits): Promise<IncidentBundle> {
  const entries = centralDirectory(b);
  // The declared sizes, before anything is inflated: a bomb is refused without unpacking a byte.
  let declared = 0;
  for (const e of entries) declared += e.size;
  if (declared > limits.max) throw tooBig(limits.max, 'its directory');
  const byName = new Map(entries.map((e) => [e.name, e]));
  const main = byName.get('bundle.json');
  if (!main)
    throw new BundleError(
      `This zip archive holds no bundle.json, so it is not an RCA Workbench bundle${whatItHolds(entries)}.`,
      'foreign',
    );
  if (main.size > MAX_JSON_BYTES) throw tooBig(MAX_JSON_BYTES, 'bundle.json');
  const text = await readEntry(b, main, limits);
  return fromJsonText(text, 'zip', (file) => byName.get(file), limits, b);
}

// ---- gzip

/** A single-member gzip file's content, inflated within the cap and checked by its CRC and size. */
async function gunzip(b: Uint8Array, limits: Limits): Promise<Uint8Array> {
  // RFC 1952: magic, method 8, flags, mtime, xfl, os; then the optional fields the flags name.
  if (b.length < 18 || b[2] !== 8) throw damaged('the gzip header is broken');
  const flags = b[3];
  let at = 10;
  if (flags & 4) at += 2 + u16(b, at);
  const skipZ = () => {
    while (at < b.length && b[at] !== 0) at++;
    at++;
  };
  if (flags & 8) skipZ();
  if (flags & 16) skipZ();
  if (flags & 2) at += 2;
  if (at > b.length - 8) throw damaged('the gzip file is cut off');
  const max = Math.min(limits.max, MAX_JSON_BYTES);
  const data = await inflateRaw(b.subarray(at, b.length - 8), max, 'the gzip file', limits, () =>
    tooBig(max, 'the gzip file'),
  );
  if (crc32(data) !== u32(b, b.length - 8) || data.length % 2 ** 32 !== u32(b, b.length - 4))
    throw damaged('the gzip file fails its checksum (CRC-32)');
  return data;
}

// ---- inflate

/**
 * Raw deflate data, inflated step by step: each step's input is small, so its output is bounded,
 * and the total is checked against `max` (an entry's declared size) and the cap after each step.
 * The event loop gets a turn between steps.
 */
async function inflateRaw(
  packed: Uint8Array,
  max: number,
  what: string,
  limits: Limits,
  overflow: () => BundleError = () =>
    damaged(`${clean(what)} unpacks to more than the ${size(max)} it declares`),
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > max) throw overflow();
    limits.take(chunk.length, what);
    if (chunk.length > 0) parts.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; at < packed.length || at === 0; at += INFLATE_STEP) {
      inflater.push(packed.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= packed.length);
      await limits.slicer.maybeYield();
      if (done) break;
    }
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw damaged(`${clean(what)} does not inflate (${oneLine(e)})`);
  }
  if (!done) throw damaged(`${clean(what)} is cut off`);
  return concat(parts);
}

// ---- bundle.json

const looksLikeJson = (b: Uint8Array) => {
  let at = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (at < b.length && (b[at] === 0x20 || b[at] === 0x0a || b[at] === 0x0d || b[at] === 0x09)) at++;
  return b[at] === 0x7b; // {
};

/** bundle.json (from a zip, a gzip or as is) -> the bundle, with sources from `entry` or inline. */
async function fromJsonText(
  bytes: Uint8Array,
  container: 'zip' | 'gzip' | 'json',
  entry: ((file: string) => ZipEntry | undefined) | null,
  limits: Limits,
  zipBytes?: Uint8Array,
): Promise<IncidentBundle> {
  if (bytes.length > MAX_JSON_BYTES) throw tooBig(MAX_JSON_BYTES, 'bundle.json');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    if (container === 'gzip') throw foreignGzip();
    if (container === 'json') throw notABundle(bytes);
    throw damaged('bundle.json is not UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Ours but cut off or edited, or something else that starts like JSON (a JSON-lines log).
    const ours = text.slice(0, 200).includes(`"${BUNDLE_FORMAT}"`);
    if (ours || container === 'zip') throw damaged('bundle.json is not valid JSON (cut off or edited)');
    if (container === 'gzip') throw foreignGzip();
    const firstLine = text.split('\n', 1)[0];
    throw new BundleError(
      isJsonObject(firstLine)
        ? 'This is a JSON-lines file (one object a line), not an RCA Workbench bundle (.rca.zip); to read a log, add it as a source.'
        : 'This is a text file that is not valid JSON, not an RCA Workbench bundle (.rca.zip).',
      'not-a-bundle',
    );
  }
  const j = checkEnvelope(parsed, container);
  const state = migrateState(j.state, j.stateVersion);
  const sources: IncidentBundle['sources'] = [];
  for (const [i, s] of j.sources.entries()) {
    const label = `source ${clean(s.name)}`;
    let data: Uint8Array;
    if (typeof s.file === 'string') {
      const e = entry?.(s.file);
      if (!e || !zipBytes) throw damaged(`${label} is missing (no ${clean(s.file)} in the archive)`);
      data = await readEntry(zipBytes, e, limits);
    } else if (typeof s.data === 'string') {
      const d = base64Decode(s.data);
      if (!d) throw damaged(`${label} has data that is not base64`);
      data = d;
    } else throw damaged(`sources[${i}] has neither file nor data`);
    if (data.length !== s.bytes)
      throw damaged(`${label} has ${data.length} bytes, not the ${s.bytes} it declares`);
    if (s.sha256 !== undefined && (await sha256Hex(data)) !== s.sha256.toLowerCase())
      throw damaged(`the bytes of ${label} do not match their SHA-256`);
    await limits.slicer.maybeYield();
    sources.push({ ...sourceMetaOf(s), data });
  }
  return {
    generator: j.generator,
    exportedAt: j.exportedAt,
    incident: {
      title: j.incident.title,
      tags: [...j.incident.tags],
      createdAt: j.incident.createdAt,
      signature: copySignature(j.incident.signature ?? null),
    },
    sources,
    state,
  };
}

function foreignGzip(): BundleError {
  return new BundleError(
    'This gzip file holds no bundle JSON (a compressed log? to read it, add it as a source), so it is not an RCA Workbench bundle.',
    'foreign',
  );
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function isJsonObject(line: string): boolean {
  try {
    return isRecord(JSON.parse(line));
  } catch {
    return false;
  }
}

const SOURCE_KINDS: readonly string[] = ['file', 'paste', 'sample'];

/**
 * Format, then version, then every field: a foreign file is called foreign and a newer one newer
 * before its fields are judged by this version's rules.
 */
function checkEnvelope(x: unknown, container: 'zip' | 'gzip' | 'json'): BundleJson {
  const what =
    container === 'zip' ? 'This zip archive' : container === 'gzip' ? 'This gzip file' : 'This JSON file';
  if (!isRecord(x)) {
    if (container === 'zip') throw damaged('bundle.json is not a JSON object');
    throw new BundleError(`${what} is not an RCA Workbench bundle (it holds no bundle object).`, 'foreign');
  }
  if (x.format !== BUNDLE_FORMAT)
    throw new BundleError(
      typeof x.format === 'string'
        ? `${what} is a "${clean(x.format)}" file, not an RCA Workbench bundle.`
        : `${what} is not an RCA Workbench bundle (it has no "format": "${BUNDLE_FORMAT}").`,
      'foreign',
    );
  if (!Number.isInteger(x.version) || (x.version as number) < 1)
    throw damaged('its version is not a whole number');
  if ((x.version as number) > BUNDLE_VERSION)
    throw new BundleError(
      `This bundle was made by a newer RCA Workbench (bundle v${x.version}); this one reads up to v${BUNDLE_VERSION}.`,
      'newer-version',
    );
  if (!Number.isInteger(x.stateVersion) || (x.stateVersion as number) < 1)
    throw damaged('its stateVersion is not a whole number');
  if (!isKnownStateVersion(x.stateVersion))
    throw new BundleError(
      `This bundle was made by a newer RCA Workbench (saved state v${x.stateVersion}); this one reads up to v${STATE_VERSION}.`,
      'newer-version',
    );

  const problems: string[] = [];
  const want = (ok: boolean, problem: string) => {
    if (!ok && problems.length === 0) problems.push(problem);
  };
  want(typeof x.generator === 'string', 'generator is not text');
  want(typeof x.exportedAt === 'string', 'exportedAt is not text');
  const inc = x.incident;
  want(isRecord(inc), 'incident is not an object');
  if (isRecord(inc)) {
    want(typeof inc.title === 'string', 'incident.title is not text');
    want(isStrings(inc.tags), 'incident.tags is not a list of text');
    want(isFiniteNumber(inc.createdAt), 'incident.createdAt is not a number');
    const sig = signatureProblem(inc.signature);
    if (sig) want(false, `incident.signature ${sig}`);
  }
  want(isRecord(x.state), 'state is not an object');
  if (isRecord(x.state)) {
    const p = stateProblem(x.state, x.stateVersion as number);
    if (p) want(false, p);
  }
  want(Array.isArray(x.sources), 'sources is not a list');
  if (problems.length === 0 && Array.isArray(x.sources)) {
    const ids = new Set<string>();
    for (const [i, s] of x.sources.entries()) {
      const p = sourceProblem(s);
      if (p) {
        want(false, `sources[${i}] ${p}`);
        break;
      }
      const id = (s as SourceEntry).sourceId;
      want(!ids.has(id), `two sources have the id ${clean(id)}`);
      ids.add(id);
    }
  }
  if (problems.length > 0) throw damaged(problems[0]);
  return x as unknown as BundleJson;
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The state's top-level fields: since which version, and the type a value must have. */
const STATE_FIELDS: [string, number, string, (v: unknown) => boolean][] = [
  ['pins', 1, 'a list', Array.isArray],
  ['displayZone', 1, "'utc', 'local' or minutes", (v) => v === 'utc' || v === 'local' || isFiniteNumber(v)],
  ['decisions', 2, 'an object', isRecord],
  ['customHypotheses', 2, 'a list', Array.isArray],
  ['userSymptoms', 3, 'a list', Array.isArray],
  ['documentDrafts', 4, 'an object', isRecord],
  ['documentTemplateId', 4, 'text or null', (v) => v === null || typeof v === 'string'],
  ['userTemplates', 4, 'a list', Array.isArray],
  ['redactionDisabled', 4, 'a list', Array.isArray],
  ['redactPodNames', 4, 'true or false', (v) => typeof v === 'boolean'],
  ['formatOverrides', 5, 'a list', Array.isArray],
  ['clockDecisions', 5, 'an object', isRecord],
  ['training', 6, 'an object or null', (v) => v === null || isRecord(v)],
];

/**
 * A top-level state field of the wrong type, for the fields the state's version has ('' = none).
 * An absent field takes its default; what is wrong deeper down migrateState drops, as for a save.
 */
function stateProblem(state: Record<string, unknown>, version: number): string {
  for (const [name, since, type, ok] of STATE_FIELDS)
    if (version >= since && state[name] !== undefined && !ok(state[name]))
      return `state.${name} is not ${type}`;
  return '';
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** What is wrong with one source entry ('' = nothing), as the end of a sentence. */
function sourceProblem(s: unknown): string {
  if (!isRecord(s)) return 'is not an object';
  if (typeof s.sourceId !== 'string' || s.sourceId === '') return 'has no sourceId';
  if (typeof s.name !== 'string') return 'has no name';
  if (typeof s.kind !== 'string' || !SOURCE_KINDS.includes(s.kind)) return 'has an unknown kind';
  if (!Number.isSafeInteger(s.bytes) || (s.bytes as number) < 0)
    return 'has a byte count that is not a whole number';
  if (typeof s.contentHash !== 'string') return 'has no contentHash';
  if (!Number.isInteger(s.order)) return 'has an order that is not a whole number';
  if (!isFiniteNumber(s.addedAt)) return 'has an addedAt that is not a number';
  if (
    s.clock !== undefined &&
    !(isRecord(s.clock) && Number.isInteger(s.clock.year) && isFiniteNumber(s.clock.utcOffsetMinutes))
  )
    return 'has a clock that is not {year, utcOffsetMinutes}';
  if (s.file !== undefined && typeof s.file !== 'string') return 'has a file that is not text';
  if (s.data !== undefined && typeof s.data !== 'string') return 'has data that is not text';
  if (s.sha256 !== undefined && !(typeof s.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(s.sha256)))
    return 'has a sha256 that is not 64 hex digits';
  if (typeof s.file === 'string' && s.sha256 === undefined) return 'has no sha256';
  return '';
}

/** What is wrong with a signature ('' = nothing; absent counts as null). */
export function signatureProblem(x: unknown): string {
  if (x === null || x === undefined) return '';
  if (!isRecord(x)) return 'is not an object';
  if (!isStrings(x.rules)) return 'has rules that are not a list of text';
  if (!isStrings(x.facts)) return 'has facts that are not a list of text';
  const v = x.verdict;
  if (v === null) return '';
  if (
    !isRecord(v) ||
    typeof v.cause !== 'string' ||
    typeof v.label !== 'string' ||
    !isFiniteNumber(v.confidence) ||
    (v.by !== 'engine' && v.by !== 'analyst')
  )
    return 'has a verdict that is not {cause, label, confidence, by}';
  return '';
}

/** The signature as kept (copied: nothing of the parsed JSON's extra keys comes along). */
export function copySignature(s: IncidentSignature | null): IncidentSignature | null {
  if (!s) return null;
  return {
    rules: [...s.rules],
    facts: [...s.facts],
    verdict: s.verdict
      ? { cause: s.verdict.cause, label: s.verdict.label, confidence: s.verdict.confidence, by: s.verdict.by }
      : null,
  };
}

// ---------------------------------------------------------------- what a file is

/** What the first bytes say a file is, for "This is a PNG image, not a bundle". */
export function describeBytes(b: Uint8Array): string {
  if (b.length === 0) return 'an empty file';
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  const ascii = (at: number, s: string) => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (ascii(0, 'GIF8')) return 'a GIF image';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'a WebP image';
  if (ascii(0, '%PDF')) return 'a PDF document';
  if (starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) return 'a 7-Zip archive';
  if (ascii(0, 'Rar!')) return 'a RAR archive';
  if (ascii(0, 'BZh')) return 'a bzip2-compressed file';
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'an xz-compressed file';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'a zstd-compressed file';
  if (b.length > 262 && ascii(257, 'ustar')) return 'a tar archive';
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'an ELF program';
  if (ascii(0, 'MZ')) return 'a Windows program';
  if (ascii(0, 'SQLite format 3')) return 'an SQLite database';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'a UTF-16 text file';
  if (ascii(0, 'PK')) return 'a zip archive of a kind a bundle never is';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512));
  if (/^\s*<(!doctype html|html)/i.test(head)) return 'an HTML page';
  if (/^\s*<svg[\s>]/i.test(head) || /^\s*<\?xml/i.test(head)) return 'an XML or SVG file';
  // Text: almost no control characters other than tab and line ends, and no broken UTF-8.
  let odd = 0;
  for (const c of head) if (c === '\ufffd' || (c < ' ' && c !== '\t' && c !== '\n' && c !== '\r')) odd++;
  if (odd <= head.length / 50) return 'a text file';
  return 'a binary file of an unknown kind';
}

// ---------------------------------------------------------------- bytes

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A byte count for a message: `2 GiB`, `3.1 MiB`, `512 bytes`. */
function size(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Text from a file put in a message: no control or direction characters, at most 60 characters. */
export function clean(s: string): string {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}

export function oneLine(e: unknown): string {
  return clean((e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').replace(/\.$/, ''));
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (zip, gzip): fflate computes it when writing but does not check it when reading. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding), for sources inline in a .json.gz bundle. */
export function base64Encode(data: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < data.length; i += 3) {
    const n = (data[i] << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
    line +=
      B64[n >>> 18] +
      B64[(n >>> 12) & 63] +
      (i + 1 < data.length ? B64[(n >>> 6) & 63] : '=') +
      (i + 2 < data.length ? B64[n & 63] : '=');
    // Joined once at the end: no quadratic string growth for a big source.
    if (line.length >= 65536) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}

let b64Index: Int16Array | null = null;

/** Base64 (standard alphabet, padding optional, no other characters) -> bytes; null when invalid. */
export function base64Decode(s: string): Uint8Array | null {
  if (!b64Index) {
    b64Index = new Int16Array(128).fill(-1);
    for (let i = 0; i < 64; i++) b64Index[B64.charCodeAt(i)] = i;
  }
  const ix = b64Index;
  let end = s.length;
  if (end % 4 === 0 && end > 0) {
    if (s.charCodeAt(end - 1) === 61) end--;
    if (s.charCodeAt(end - 1) === 61) end--;
  }
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? ix[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Hex SHA-256 with WebCrypto where there is one (Node 20, browsers on https or localhost), else
 * a plain implementation: crypto.subtle is missing on a page served over plain http from another
 * host, and a bundle must still open there.
 */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      const digest = await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
      return hex(new Uint8Array(digest));
    } catch {
      // A realm mismatch (a typed array from another global) lands here: compute it by hand.
    }
  }
  return hex(sha256Plain(data));
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** FIPS 180-4 SHA-256, for where WebCrypto is missing. */
export function sha256Plain(data: Uint8Array): Uint8Array {
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const bitLen = data.length * 8;
  // The message, a 1 bit, zeros, and the length in bits (big-endian, 64 bits), in 64-byte blocks.
  const tailLen = ((data.length + 9 + 63) & ~63) - (data.length & ~63);
  const tail = new Uint8Array(tailLen);
  tail.set(data.subarray(data.length & ~63));
  tail[data.length & 63] = 0x80;
  const dv = new DataView(tail.buffer);
  dv.setUint32(tailLen - 8, Math.floor(bitLen / 2 ** 32));
  dv.setUint32(tailLen - 4, bitLen >>> 0);
  const block = (b: Uint8Array, at: number) => {
    for (let i = 0; i < 16; i++)
      w[i] = (b[at + 4 * i] << 24) | (b[at + 4 * i + 1] << 16) | (b[at + 4 * i + 2] << 8) | b[at + 4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const c = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((c >>> 17) | (c << 15)) ^ ((c >>> 19) | (c << 13)) ^ (c >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b2, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b2) ^ (a & c) ^ (b2 & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b2;
      b2 = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b2;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  };
  const whole = data.length & ~63;
  for (let at = 0; at < whole; at += 64) block(data, at);
  for (let at = 0; at < tailLen; at += 64) block(tail, at);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) new DataView(out.buffer).setUint32(4 * i, h[i]);
  return out;
}
