// Bundles (issue 7 part 3): a whole incident written as one file and read back to the same
// value, in every form we read (.rca.zip, .json.gz, plain JSON); everything else rejected with a
// BundleError that says why, whatever the bytes. Files built by hand here use other tools than
// bundle.ts (fflate's zipSync, node:zlib, node:crypto), so a shared mistake cannot hide.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  bundleFileName,
  crc32,
  decodeBundle,
  encodeBundle,
  encodeBundleParts,
  MAX_UNPACKED_BYTES,
  sha256Hex,
  sha256Plain,
} from './bundle.ts';
import {
  BUNDLE_FORMAT,
  BundleError,
  type IncidentBundle,
  type IncidentState,
  STATE_VERSION,
} from './model.ts';
import { defaultIncidentState } from './state.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const KERNEL = `Nov 24 07:48:16 k8s-worker-21 kernel: Memory cgroup out of memory: Killed process 2150 (containerd-shim) total-vm:891460kB, anon-rss:812911kB, file-rss:6973kB, shmem-rss:0kB, UID:0 pgtables:1800kB oom_score_adj:-998
Nov 24 07:48:16 k8s-worker-21 kernel: oom_reaper: reaped process 2150 (containerd-shim), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
`;
const CRICTL = `CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD
7fc23ca64dfcf       3b1c7f0a9c8d2       2 hours ago         Unknown             checkout            1                   afcf4efe97924       checkout-tkv49ntw2-qc86p
`;
/** UTF-16LE with a BOM, as PowerShell writes a redirected log. */
const UTF16 = new Uint8Array([
  0xff,
  0xfe,
  ...[...'kubelet: Killing container\r\n'].flatMap((c) => [c.charCodeAt(0), 0]),
]);
/** Every byte value, twice: nothing in the path may treat sources as text. */
const BINARY = new Uint8Array(512).map((_, i) => (i * 7 + 3) & 0xff);

function state(): IncidentState {
  return {
    ...defaultIncidentState(),
    pins: [{ eventId: 'kern.log:1', note: 'the kill', pinnedAt: 1764143000000 }],
    displayZone: 60,
    decisions: { 'oom-kill-cgroup/shim': { state: 'accepted', note: 'as on worker-12' } },
    customHypotheses: [
      { id: 'custom:node-image', title: 'A bad node image', for: ['kern.log:2'], against: [] },
    ],
    userSymptoms: [
      {
        id: 'user:custom:slow',
        kind: 'custom',
        title: 'checkout slow',
        time: null,
        eventIds: [],
        findingIds: [],
        facts: { p99: '4s' },
        source: 'user',
      },
    ],
    documentDrafts: {
      postmortem: {
        templateId: 'postmortem',
        title: 'PM',
        values: { summary: 'x' },
        edited: ['summary'],
        sections: [],
      },
    },
    documentTemplateId: 'postmortem',
    userTemplates: [{ file: 'mine.md', text: '# {{ title }}' }],
    redactionDisabled: ['host:k8s-worker-21'],
    redactPodNames: true,
    formatOverrides: [{ sourceId: 'kern.log', lineStart: 1, format: 'syslog-rfc3164' }],
    clockDecisions: { 'kern.log': { year: 2025, utcOffsetMinutes: 0 } },
  };
}

function source(sourceId: string, data: Uint8Array, order: number, extra: object = {}) {
  return {
    sourceId,
    name: sourceId.replace(/ \(\d+\)$/, ''),
    kind: 'file' as const,
    bytes: data.length,
    contentHash: `hash-${order}`,
    order,
    addedAt: 1764143000000 + order,
    // A plain Uint8Array (node:zlib gives Buffers, which compare unequal to the decoded bytes).
    data: new Uint8Array(data),
    ...extra,
  };
}

function sampleBundle(): IncidentBundle {
  return {
    generator: 'rca-workbench@0.1.0',
    exportedAt: '2025-11-26T10:00:00.000Z',
    incident: {
      title: 'Worker 21: shim OOM-killed',
      tags: ['payments', 'oom'],
      createdAt: 1764142000000,
      signature: {
        rules: ['kernel.killed-process', 'kernel.oom-reaper'],
        facts: ['cause=oom-kill-cgroup', 'oom=memcg'],
        verdict: { cause: 'oom-kill-cgroup', label: 'Kernel OOM killer', confidence: 0.92, by: 'engine' },
      },
    },
    sources: [
      source('kern.log', enc(KERNEL), 0, { clock: { year: 2025, utcOffsetMinutes: 0 } }),
      source('crictl ps.txt', enc(CRICTL), 1),
      source('crictl ps.txt (2)', gzipSync(enc(CRICTL)), 2),
      source('kubelet-utf16.log', UTF16, 3),
      source('../../etc/passwd\u202e.bin', BINARY, 4, { kind: 'paste' as const }),
      source('empty.txt', new Uint8Array(0), 5),
    ],
    state: state(),
  };
}

/** bundle.json of a .rca.zip and its other entries, read with fflate (not bundle.ts). */
function open(zip: Uint8Array): { json: Json; files: Record<string, Uint8Array> } {
  const files = unzipSync(zip);
  const json = JSON.parse(strFromU8(files['bundle.json'])) as Json;
  delete files['bundle.json'];
  return { json, files };
}

const rezip = (json: unknown, files: Record<string, Uint8Array> = {}) =>
  zipSync({ 'bundle.json': strToU8(JSON.stringify(json)), ...files });

type Json = Record<string, unknown> & {
  sources: Record<string, unknown>[];
  incident: Record<string, unknown>;
};

/** The bundle as a JSON value with sources inline (the .json.gz form), built by hand. */
function inlineJson(b: IncidentBundle): Json {
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    generator: b.generator,
    exportedAt: b.exportedAt,
    stateVersion: STATE_VERSION,
    incident: b.incident,
    state: b.state,
    sources: b.sources.map(({ data, ...m }) => ({
      ...m,
      data: Buffer.from(data).toString('base64'),
      sha256: sha(data),
    })),
  };
}

async function rejection(bytes: Uint8Array, opts = {}): Promise<BundleError> {
  try {
    await decodeBundle(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return e as BundleError;
  }
  throw new Error('decodeBundle accepted it');
}

async function expectRejected(bytes: Uint8Array, reason: BundleError['reason'], message: RegExp, opts = {}) {
  const e = await rejection(bytes, opts);
  expect(e.reason, e.message).toBe(reason);
  expect(e.message).toMatch(message);
  // One sentence for the user: no line breaks, ends with a full stop.
  expect(e.message).not.toMatch(/\n/);
  expect(e.message).toMatch(/\.$/);
}

// ---------------------------------------------------------------- round trips

describe('encodeBundle / decodeBundle round trip', () => {
  it('gives back the same bundle, every source byte for byte (text, gzip, UTF-16, binary, empty)', async () => {
    const b = sampleBundle();
    const back = await decodeBundle(await encodeBundle(b));
    expect(back).toEqual(b);
    for (const [i, s] of back.sources.entries()) expect(sha(s.data)).toBe(sha(b.sources[i].data));
  });

  it('the export chunks (given to a Blob unjoined) are the zip, in order', async () => {
    const b = sampleBundle();
    const parts = await encodeBundleParts(b);
    expect(parts.length).toBeGreaterThan(1);
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(await encodeBundle(b));
  });

  it('writes bundle.json and each source as given under sources/, with its SHA-256', async () => {
    const b = sampleBundle();
    const { json, files } = open(await encodeBundle(b));
    expect(json).toMatchObject({
      format: 'rca-workbench.bundle',
      version: 1,
      generator: 'rca-workbench@0.1.0',
      exportedAt: '2025-11-26T10:00:00.000Z',
      stateVersion: STATE_VERSION,
      incident: b.incident,
      state: b.state,
    });
    const sources = json.sources as { file: string; sha256: string; sourceId: string; data?: string }[];
    expect(sources.map((s) => s.file)).toEqual([
      'sources/1-kern.log',
      'sources/2-crictl_ps.txt',
      'sources/3-crictl_ps.txt',
      'sources/4-kubelet-utf16.log',
      'sources/5-passwd_.bin',
      'sources/6-empty.txt',
    ]);
    expect(Object.keys(files).sort()).toEqual(sources.map((s) => s.file).sort());
    for (const [i, s] of sources.entries()) {
      expect(files[s.file]).toEqual(b.sources[i].data);
      expect(s.sha256).toBe(sha(b.sources[i].data));
      expect(s.data).toBeUndefined();
    }
  });

  it('stores a gzip source as it is and deflates text', async () => {
    // A 200 KB log deflates to a few KB; the gzip source is not deflated again.
    const big = enc(KERNEL.repeat(600));
    const b = {
      ...sampleBundle(),
      sources: [source('big.log', big, 0), source('big.log.gz', gzipSync(big), 1)],
    };
    const zip = await encodeBundle(b);
    expect(zip.length).toBeLessThan(big.length / 10);
    expect((await decodeBundle(zip)).sources[1].data).toEqual(b.sources[1].data);
  });

  it('refuses to write what no import would read: duplicate ids, over 2 GiB of sources', async () => {
    const b = sampleBundle();
    await expect(encodeBundle({ ...b, sources: [b.sources[0], b.sources[0]] })).rejects.toThrow(
      /two sources have the id kern\.log/,
    );
    // Only the length is read before refusing (no 3 GiB buffer needed to test it).
    const huge = { ...b.sources[0], data: { length: 3 * 1024 ** 3 } as Uint8Array };
    await expect(encodeBundle({ ...b, sources: [huge] })).rejects.toThrow(
      /sources add up to 3 GiB, more than the 2 GiB a bundle may hold/,
    );
  });

  it('writes the same bytes for the same bundle (entry times come from exportedAt)', async () => {
    const b = sampleBundle();
    expect(await encodeBundle(b)).toEqual(await encodeBundle(b));
  });

  it('reads the .json.gz form (bundle.json gzipped, sources inline as base64)', async () => {
    const b = sampleBundle();
    expect(await decodeBundle(gzipSync(enc(JSON.stringify(inlineJson(b)))))).toEqual(b);
  });

  it('reads plain bundle JSON (with a BOM and leading white space too), sha256 optional there', async () => {
    const b = sampleBundle();
    expect(await decodeBundle(enc(JSON.stringify(inlineJson(b), null, 2)))).toEqual(b);
    const j = inlineJson(b);
    for (const s of j.sources) delete s.sha256;
    expect(await decodeBundle(enc(`\ufeff\n  ${JSON.stringify(j)}`))).toEqual(b);
  });

  it('migrates an old saved state inside a bundle (stateVersion 1: pins and zone only)', async () => {
    // A field a v1 state did not have is ignored, whatever its type (it is not judged by v5 rules).
    const b = sampleBundle();
    const { json, files } = open(await encodeBundle(b));
    json.stateVersion = 1;
    json.state = {
      pins: [{ eventId: 'kern.log:1', note: 'kill', pinnedAt: 5 }],
      displayZone: 'local',
      decisions: { x: { state: 'accepted', note: '' } },
      formatOverrides: 'not a list',
    };
    const back = await decodeBundle(rezip(json, files));
    expect(back.state).toEqual({
      ...defaultIncidentState(),
      pins: [{ eventId: 'kern.log:1', note: 'kill', pinnedAt: 5 }],
      displayZone: 'local',
    });
    expect(back.sources).toEqual(b.sources);
  });

  it('drops what the state has of the wrong shape deep inside, like a save read from storage', async () => {
    const { json, files } = open(await encodeBundle(sampleBundle()));
    (json.state as Record<string, unknown>).pins = [null, { eventId: 'a:1', note: 'n', pinnedAt: 1 }];
    const back = await decodeBundle(rezip(json, files));
    expect(back.state.pins).toEqual([{ eventId: 'a:1', note: 'n', pinnedAt: 1 }]);
  });

  it('keeps an absent signature as null and leaves extra keys of the file behind', async () => {
    const { json, files } = open(await encodeBundle(sampleBundle()));
    delete (json.incident as Record<string, unknown>).signature;
    json.sources[0].extra = 'x';
    json.future = { field: 1 };
    const back = await decodeBundle(rezip(json, files));
    expect(back.incident.signature).toBeNull();
    expect(back.sources[0]).not.toHaveProperty('extra');
    expect(back.sources[0]).not.toHaveProperty('file');
    expect(back.sources[0]).not.toHaveProperty('sha256');
  });
});

// ---------------------------------------------------------------- rejections

describe('decodeBundle rejects, saying why', () => {
  it('not a bundle at all: says what the file looks like', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expectRejected(
      png,
      'not-a-bundle',
      /^This is a PNG image, not an RCA Workbench bundle \(\.rca\.zip\)\.$/,
    );
    await expectRejected(enc('%PDF-1.7\n...'), 'not-a-bundle', /^This is a PDF document, not/);
    await expectRejected(new Uint8Array(0), 'not-a-bundle', /^This is an empty file, not/);
    await expectRejected(
      enc(KERNEL),
      'not-a-bundle',
      /^This is a text file, not .*; to read a log, add it as a source\.$/,
    );
    await expectRejected(new Uint8Array([0, 1, 2, 3, 200, 201, 0, 0, 7]), 'not-a-bundle', /binary file/);
    await expectRejected(enc('{"MESSAGE":"a"}\n{"MESSAGE":"b"}\n'), 'not-a-bundle', /JSON-lines file/);
    await expectRejected(enc('{ this is not json'), 'not-a-bundle', /not valid JSON/);
  });

  it('foreign: a zip without bundle.json, JSON of another format, a gzip of a log', async () => {
    const docx = zipSync({ '[Content_Types].xml': enc('<Types/>'), 'word/document.xml': enc('<w/>') });
    await expectRejected(
      docx,
      'foreign',
      /^This zip archive holds no bundle\.json, so it is not an RCA Workbench bundle \(it holds \[Content_Types\]\.xml, word\/document\.xml\)\.$/,
    );
    await expectRejected(zipSync({}), 'foreign', /holds no bundle\.json.*\(it is empty\)/);
    await expectRejected(
      enc('{"format":"acme.export","version":1}'),
      'foreign',
      /^This JSON file is a "acme\.export" file, not/,
    );
    await expectRejected(enc('{"title":"x"}'), 'foreign', /has no "format": "rca-workbench\.bundle"/);
    await expectRejected(gzipSync(enc(KERNEL)), 'foreign', /^This gzip file holds no bundle JSON/);
    await expectRejected(rezip({ format: 'other' }), 'foreign', /^This zip archive is a "other" file/);
  });

  it('newer-version: a newer bundle or saved state version', async () => {
    const { json, files } = open(await encodeBundle(sampleBundle()));
    // A newer bundle may change anything: its version is judged before its fields.
    await expectRejected(
      rezip({ ...json, version: 3, sources: 'elsewhere' }, files),
      'newer-version',
      /^This bundle was made by a newer RCA Workbench \(bundle v3\); this one reads up to v1\.$/,
    );
    await expectRejected(
      rezip({ ...json, stateVersion: STATE_VERSION + 1 }, files),
      'newer-version',
      new RegExp(`\\(saved state v${STATE_VERSION + 1}\\); this one reads up to v${STATE_VERSION}\\.$`),
    );
    await expectRejected(
      gzipSync(enc(JSON.stringify({ ...inlineJson(sampleBundle()), version: 2 }))),
      'newer-version',
      /bundle v2/,
    );
  });

  it('corrupt: a truncated zip, a broken checksum, a missing source, a wrong SHA-256', async () => {
    const zip = await encodeBundle(sampleBundle());
    for (const cut of [10, 100, zip.length / 2, zip.length - 30, zip.length - 1])
      await expectRejected(zip.subarray(0, Math.floor(cut)), 'corrupt', /^The bundle is damaged: /);

    // One byte of a stored source changed: the entry's CRC-32 tells.
    const { json, files } = open(zip);
    const gz = files['sources/3-crictl_ps.txt'];
    const at = indexOf(zip, gz) + 20;
    const flipped = zip.slice();
    flipped[at] ^= 0x40;
    await expectRejected(flipped, 'corrupt', /sources\/3-crictl_ps\.txt fails its checksum \(CRC-32\)/);

    const missing = { ...files };
    delete missing['sources/2-crictl_ps.txt'];
    await expectRejected(
      rezip(json, missing),
      'corrupt',
      /^The bundle is damaged: source crictl ps\.txt is missing \(no sources\/2-crictl_ps\.txt in the archive\)\.$/,
    );

    // Right length, other bytes (the zip itself is sound: fflate wrote its CRC).
    const swapped = { ...files, 'sources/1-kern.log': enc(KERNEL.replace('2150', '2151')) };
    await expectRejected(
      rezip(json, swapped),
      'corrupt',
      /the bytes of source kern\.log do not match their SHA-256/,
    );
    const shorter = { ...files, 'sources/1-kern.log': enc(KERNEL.slice(1)) };
    await expectRejected(
      rezip(json, shorter),
      'corrupt',
      /source kern\.log has \d+ bytes, not the \d+ it declares/,
    );
    await expectRejected(
      zipSync({ 'bundle.json': enc('{"format":"rca-workbench.bundle","vers') }),
      'corrupt',
      /bundle\.json is not valid JSON/,
    );
    // A plain JSON bundle cut short is ours, damaged (not "not a bundle").
    const text = JSON.stringify(inlineJson(sampleBundle()));
    await expectRejected(
      enc(text.slice(0, text.length / 2)),
      'corrupt',
      /not valid JSON \(cut off or edited\)/,
    );
    // A .json.gz cut short or changed.
    const gzBundle = gzipSync(enc(text));
    await expectRejected(gzBundle.subarray(0, gzBundle.length - 20), 'corrupt', /^The bundle is damaged: /);
  });

  it('corrupt: fields of the wrong type, named', async () => {
    const { json, files } = open(await encodeBundle(sampleBundle()));
    const cases: [(j: Json) => void, RegExp][] = [
      [(j) => (j.generator = 7), /generator is not text/],
      [(j) => (j.exportedAt = null), /exportedAt is not text/],
      [(j) => Object.assign(j, { incident: [] }), /incident is not an object/],
      [(j) => (j.incident.title = 42), /incident\.title is not text/],
      [(j) => (j.incident.tags = 'oom'), /incident\.tags is not a list of text/],
      [(j) => (j.incident.createdAt = '2025'), /incident\.createdAt is not a number/],
      [(j) => (j.incident.signature = { rules: 'x', facts: [] }), /incident\.signature has rules/],
      [(j) => ((j.incident.signature as Json).verdict = { cause: 'x' }), /incident\.signature has a verdict/],
      [(j) => (j.state = []), /state is not an object/],
      [(j) => Object.assign(j, { sources: {} }), /sources is not a list/],
      [(j) => ((j.state as Json).pins = 'x'), /state\.pins is not a list/],
      [
        (j) => ((j.state as Json).displayZone = 'mars'),
        /state\.displayZone is not 'utc', 'local' or minutes/,
      ],
      [(j) => ((j.state as Json).clockDecisions = []), /state\.clockDecisions is not an object/],
      [(j) => ((j.state as Json).redactPodNames = 'yes'), /state\.redactPodNames is not true or false/],
      [(j) => (j.sources[1].bytes = '12'), /sources\[1\] has a byte count that is not a whole number/],
      [(j) => (j.sources[0].kind = 'url'), /sources\[0\] has an unknown kind/],
      [(j) => (j.sources[0].sourceId = ''), /sources\[0\] has no sourceId/],
      [(j) => (j.sources[0].clock = { year: '2025' }), /sources\[0\] has a clock/],
      [(j) => (j.sources[0].sha256 = 'abc'), /sources\[0\] has a sha256 that is not 64 hex digits/],
      [(j) => delete j.sources[0].sha256, /sources\[0\] has no sha256/],
      [(j) => (j.sources[1].sourceId = 'kern.log'), /two sources have the id kern\.log/],
      [(j) => (j.version = '1'), /its version is not a whole number/],
      [(j) => (j.stateVersion = 0), /its stateVersion is not a whole number/],
      [
        (j) => {
          delete j.sources[0].file;
        },
        /sources\[0\] has neither file nor data/,
      ],
      [
        (j) => {
          delete j.sources[0].file;
          j.sources[0].data = 'not base64!';
        },
        /source kern\.log has data that is not base64/,
      ],
    ];
    for (const [edit, message] of cases) {
      const j = structuredClone(json) as Json;
      edit(j);
      await expectRejected(rezip(j, files), 'corrupt', message);
    }
    await expectRejected(
      zipSync({ 'bundle.json': enc('[1,2]') }),
      'corrupt',
      /bundle\.json is not a JSON object/,
    );
  });

  it('a name from the file is shown without control or direction characters', async () => {
    const { json, files } = open(await encodeBundle(sampleBundle()));
    const j = structuredClone(json) as Json;
    j.sources[1].sourceId = j.sources[0].sourceId;
    j.sources[0].sourceId = 'evil\u202e\ngpj.exe';
    j.sources[1].sourceId = 'evil\u202e\ngpj.exe';
    const e = await rejection(rezip(j, files));
    expect(e.message).toContain('evil??gpj.exe');
  });
});

// ---------------------------------------------------------------- zip bombs

/** Local header offsets are not needed: the central directory's fields by entry name. */
function centralEntry(zip: Uint8Array, name: string): number {
  const n = enc(name);
  for (let at = zip.length - 22; at >= 0; at--)
    if (zip[at] === 0x50 && zip[at + 1] === 0x4b && zip[at + 2] === 1 && zip[at + 3] === 2) {
      const len = zip[at + 28] | (zip[at + 29] << 8);
      if (len === n.length && n.every((c, i) => zip[at + 46 + i] === c)) return at;
    }
  throw new Error(`no central entry ${name}`);
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

const setU32 = (b: Uint8Array, at: number, v: number) =>
  new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);

describe('decodeBundle refuses zip bombs', () => {
  it('declared sizes over 2 GiB: refused before anything is inflated', async () => {
    expect(MAX_UNPACKED_BYTES).toBe(2 * 1024 ** 3);
    const zip = (await encodeBundle(sampleBundle())).slice();
    setU32(zip, centralEntry(zip, 'sources/1-kern.log') + 24, 0xfff00000);
    const t = performance.now();
    await expectRejected(
      zip,
      'corrupt',
      /^This bundle unpacks to more than 2 GiB \(at its directory\), so it was not read: .*zip bomb\.$/,
    );
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('real data over the cap: stops inflating at the cap', async () => {
    const zeros = new Uint8Array(8 * 1024 ** 2);
    const b = { ...sampleBundle(), sources: [source('zeros.bin', zeros, 0)] };
    const zip = await encodeBundle(b);
    expect(zip.length).toBeLessThan(100_000);
    await expectRejected(zip, 'corrupt', /unpacks to more than 1 MiB/, { maxUnpackedBytes: 1024 ** 2 });
    // The same bundle within the cap reads.
    expect((await decodeBundle(zip, { maxUnpackedBytes: 9 * 1024 ** 2 })).sources[0].data.length).toBe(
      zeros.length,
    );
    // A .json.gz of the same size: the same cap.
    const gz = gzipSync(enc(JSON.stringify(inlineJson(b))));
    await expectRejected(gz, 'corrupt', /unpacks to more than 1 MiB/, { maxUnpackedBytes: 1024 ** 2 });
  });

  it('an entry that inflates past its declared size, or claims more than deflate can give', async () => {
    const b = { ...sampleBundle(), sources: [source('big.log', enc(KERNEL.repeat(200)), 0)] };
    const zip = (await encodeBundle(b)).slice();
    const at = centralEntry(zip, 'sources/1-big.log');
    const lie = zip.slice();
    setU32(lie, at + 24, 1000);
    await expectRejected(
      lie,
      'corrupt',
      /sources\/1-big\.log unpacks to more than the 1000 bytes it declares/,
    );
    const claim = zip.slice();
    setU32(claim, at + 24, 1024 ** 3);
    await expectRejected(
      claim,
      'corrupt',
      /sources\/1-big\.log claims 1 GiB from .*, more than deflate can give/,
    );
  });
});

// ---------------------------------------------------------------- any bytes

describe('decodeBundle on any bytes', () => {
  it('random bytes end in a BundleError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          // Starts like a zip, a gzip or JSON, so the deeper paths are reached too.
          fc.uint8Array({ maxLength: 500 }).map((b) => new Uint8Array([0x50, 0x4b, 3, 4, ...b])),
          fc.uint8Array({ maxLength: 500 }).map((b) => new Uint8Array([0x1f, 0x8b, 8, 0, ...b])),
          fc.jsonValue().map((v) => enc(JSON.stringify(v))),
          fc.string().map((s) => enc(`{"format":"rca-workbench.bundle",${s}`)),
        ),
        async (bytes) => {
          await expect(decodeBundle(bytes)).rejects.toBeInstanceOf(BundleError);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a valid bundle with one byte changed or cut short: the same bundle or a BundleError', async () => {
    const b = sampleBundle();
    const forms = {
      zip: await encodeBundle(b),
      gz: new Uint8Array(gzipSync(enc(JSON.stringify(inlineJson(b))))),
    };
    let same = 0;
    let rejected = 0;
    for (const [form, bytes] of Object.entries(forms)) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({ at: fc.nat(bytes.length - 1), xor: fc.integer({ min: 1, max: 255 }) }),
            fc.record({ cut: fc.nat(bytes.length - 1) }),
          ),
          async (change) => {
            const changed = 'cut' in change ? bytes.slice(0, change.cut) : bytes.slice();
            if ('at' in change) changed[change.at] ^= change.xor;
            let back: IncidentBundle;
            try {
              back = await decodeBundle(changed);
            } catch (e) {
              expect(e, `${form}: ${String(e)}`).toBeInstanceOf(BundleError);
              rejected++;
              return;
            }
            expect(back, form).toEqual(b);
            same++;
          },
        ),
        { numRuns: 400 },
      );
    }
    // Both outcomes happen (a changed entry time or comment is harmless; a changed byte of data is not).
    expect(rejected).toBeGreaterThan(100);
    expect(same).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- the committed fixture

const FIXTURE_DIR = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'bundles');
const FIXTURE = join(FIXTURE_DIR, 'v1-sample.rca.zip');

describe('test/fixtures/bundles/v1-sample.rca.zip (a bundle v1 as written by the first version)', () => {
  // UPDATE_BUNDLE_FIXTURE=1 writes it again; it is committed, and every later version must read it.
  if (process.env.UPDATE_BUNDLE_FIXTURE === '1' || !existsSync(FIXTURE)) {
    it('is written (UPDATE_BUNDLE_FIXTURE=1)', async () => {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      writeFileSync(FIXTURE, await encodeBundle(sampleBundle()));
      expect(existsSync(FIXTURE)).toBe(true);
    });
  }

  it('keeps decoding to the incident it holds', async () => {
    const bytes = new Uint8Array(readFileSync(FIXTURE));
    expect(bytes.length).toBeLessThan(10_000);
    const b = await decodeBundle(bytes);
    expect(b.generator).toBe('rca-workbench@0.1.0');
    expect(b.incident.title).toBe('Worker 21: shim OOM-killed');
    expect(b.incident.tags).toEqual(['payments', 'oom']);
    expect(b.incident.signature?.verdict?.cause).toBe('oom-kill-cgroup');
    expect(b.sources.map((s) => [s.sourceId, s.kind, s.bytes])).toEqual([
      ['kern.log', 'file', KERNEL.length],
      ['crictl ps.txt', 'file', CRICTL.length],
      ['crictl ps.txt (2)', 'file', b.sources[2].data.length],
      ['kubelet-utf16.log', 'file', UTF16.length],
      ['../../etc/passwd\u202e.bin', 'paste', 512],
      ['empty.txt', 'file', 0],
    ]);
    expect(strFromU8(b.sources[0].data)).toBe(KERNEL);
    expect(b.sources[1].data).toEqual(enc(CRICTL));
    expect(strFromU8(unzipGz(b.sources[2].data))).toBe(CRICTL);
    expect(b.sources[3].data).toEqual(UTF16);
    expect(b.sources[4].data).toEqual(BINARY);
    expect(b.sources[0].clock).toEqual({ year: 2025, utcOffsetMinutes: 0 });
    // The whole state, as the current version reads a v5 state.
    expect(b.state).toEqual(state());
  });
});

const unzipGz = (b: Uint8Array) => new Uint8Array(gunzipSync(b));

// ---------------------------------------------------------------- helpers of the format

describe('bundleFileName', () => {
  it('is a safe slug ending in .rca.zip, never empty, never a path', () => {
    expect(bundleFileName('Worker 21: shim OOM-killed')).toBe('worker-21-shim-oom-killed.rca.zip');
    expect(bundleFileName('Café crème / déjà vu')).toBe('cafe-creme-deja-vu.rca.zip');
    expect(bundleFileName('')).toBe('incident.rca.zip');
    expect(bundleFileName('日本語')).toBe('incident.rca.zip');
    expect(bundleFileName('../../etc/passwd')).toBe('etc-passwd.rca.zip');
    expect(bundleFileName('CON')).toBe('incident-con.rca.zip');
    expect(bundleFileName('x'.repeat(500))).toBe(`${'x'.repeat(80)}.rca.zip`);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (t) => {
        const n = bundleFileName(t);
        expect(n).toMatch(/^[a-z0-9][a-z0-9-]{0,88}\.rca\.zip$/);
      }),
    );
  });
});

describe('checksums and base64', () => {
  it('sha256Hex and the plain SHA-256 agree with node:crypto at every padding boundary', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const b = new Uint8Array(n).map((_, i) => (i * 31) & 0xff);
      expect(Buffer.from(sha256Plain(b)).toString('hex')).toBe(sha(b));
      expect(await sha256Hex(b)).toBe(sha(b));
    }
  });

  it('crc32 agrees with the one in zip files fflate writes', () => {
    const data = enc(KERNEL);
    const zip = zipSync({ a: data });
    const at = centralEntry(zip, 'a');
    expect(crc32(data)).toBe(new DataView(zip.buffer).getUint32(at + 16, true));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('base64 round-trips any bytes and agrees with Buffer; junk is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base64Encode(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(base64Decode(s)).toEqual(b);
        expect(base64Decode(s.replace(/=+$/, ''))).toEqual(b);
      }),
    );
    for (const bad of ['a', 'ab$d', 'abcd\n', 'ab=d', 'é'.repeat(4)]) expect(base64Decode(bad)).toBeNull();
  });
});
