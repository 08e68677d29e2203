// The scenario file: a round trip keeps the manifest, the files and the signature; the bytes are
// the same for the same scenario; and whatever else is given (an incident bundle, a foreign zip,
// an image, a manifest on its own, a newer file, a damaged one, a zip bomb, any corruption of a
// real one) is refused with a BundleError whose message says what it is, never another error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBundle, sha256Hex, writeZip } from '../persist/bundle.ts';
import { BundleError, type IncidentSignature } from '../persist/model.ts';
import { defaultIncidentState } from '../persist/state.ts';
import type { ScenarioManifest } from './model.ts';
import { SAMPLE_SCENARIO } from './sample-scenario.ts';
import {
  decodeScenario,
  encodeScenario,
  SCENARIO_FORMAT,
  type ScenarioPackage,
  scenarioFileName,
} from './scenario-bundle.ts';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', '..', 'public', 'sample');
const SIGNATURE: IncidentSignature = {
  rules: ['kernel.killed-process'],
  facts: ['cause=oom-kill-cgroup', 'exit=137'],
  verdict: {
    cause: 'oom-kill-cgroup',
    label: 'Kernel OOM killer at a memory cgroup limit',
    confidence: 0.9,
    by: 'analyst',
  },
};

const sample = (): ScenarioPackage => ({
  manifest: SAMPLE_SCENARIO,
  files: Object.fromEntries(
    SAMPLE_SCENARIO.sources.map((s) => [s.file, readFileSync(join(SAMPLE_DIR, s.file), 'utf8')]),
  ),
  signature: SIGNATURE,
  generator: 'rca-workbench@test',
  exportedAt: '2026-01-02T03:04:05.000Z',
});

/** A scenario small enough to corrupt a few hundred times. */
const TINY_MANIFEST: ScenarioManifest = {
  schemaVersion: 1,
  id: 'tiny',
  title: 'Tiny',
  difficulty: 'intro',
  summary: 'A tiny drill.',
  learningGoals: ['Read a line'],
  symptom: { title: 'app died', text: 'The app died.' },
  sources: [{ file: 'app.log', title: 'App log', command: 'journalctl -u app' }],
  reveal: [{ title: 'The log', narrative: 'You read it.', files: ['app.log'] }],
  hints: [],
  expected: { cause: 'manual-or-automation-kill' },
  keyEvidence: [{ file: 'app.log', line: 2, why: 'killed', required: true }],
  verification: [],
  trainerNotes: '',
};
const tiny = (): ScenarioPackage => ({
  manifest: TINY_MANIFEST,
  files: { 'app.log': 'started\nkilled by SIGKILL from pid 1\nstopped\n' },
  signature: null,
  generator: 'rca-workbench@test',
  exportedAt: '2026-01-02T03:04:05.000Z',
});

const enc = new TextEncoder();
const json = (x: unknown) => enc.encode(JSON.stringify(x));

async function refusal(bytes: Uint8Array, opts?: { maxUnpackedBytes?: number }): Promise<BundleError> {
  try {
    await decodeScenario(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return e as BundleError;
  }
  throw new Error('expected a refusal, but it was read');
}

/** A scenario zip written by hand: scenario.json, manifest.json and files as given. */
async function handZip(
  envelope: Record<string, unknown>,
  manifest: unknown,
  files: Record<string, string>,
): Promise<Uint8Array> {
  return writeZip(
    [
      { name: 'scenario.json', data: json(envelope) },
      { name: 'manifest.json', data: json(manifest) },
      ...Object.entries(files).map(([n, t]) => ({ name: `files/${n}`, data: enc.encode(t) })),
    ],
    '2026-01-02T03:04:05.000Z',
  );
}

async function envelopeOf(p: ScenarioPackage): Promise<Record<string, unknown>> {
  return {
    format: SCENARIO_FORMAT,
    version: 1,
    generator: p.generator,
    exportedAt: p.exportedAt,
    signature: p.signature,
    files: await Promise.all(
      Object.entries(p.files).map(async ([name, t]) => ({
        name,
        bytes: enc.encode(t).length,
        sha256: await sha256Hex(enc.encode(t)),
      })),
    ),
  };
}

describe('encodeScenario / decodeScenario', () => {
  it('round-trips the sample scenario: manifest, files, signature, generator', async () => {
    const p = sample();
    const bytes = await encodeScenario(p);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const back = await decodeScenario(bytes);
    expect(back.manifest).toEqual(p.manifest);
    expect(back.files).toEqual(p.files);
    expect(back.signature).toEqual(SIGNATURE);
    expect(back.generator).toBe('rca-workbench@test');
    expect(back.exportedAt).toBe(p.exportedAt);
  });

  it('writes the same bytes for the same scenario', async () => {
    const a = await encodeScenario(sample());
    const b = await encodeScenario(sample());
    expect(a).toEqual(b);
  });

  it('refuses to write a scenario whose manifest does not hold against its files', async () => {
    const p = tiny();
    await expect(encodeScenario({ ...p, files: { 'app.log': 'one line\n' } })).rejects.toThrow(
      /keyEvidence\[0\]\.line: 2 is past the end of app\.log/,
    );
  });

  it('keeps only the manifest sources', async () => {
    const p = tiny();
    const env = await envelopeOf({ ...p, files: { ...p.files, 'extra.txt': 'not in the manifest\n' } });
    const back = await decodeScenario(
      await handZip(env, p.manifest, { ...p.files, 'extra.txt': 'not in the manifest\n' }),
    );
    expect(Object.keys(back.files)).toEqual(['app.log']);
  });
});

describe('what is not a scenario', () => {
  it('an incident bundle: says so, and where it goes', async () => {
    const bundle = await encodeBundle({
      generator: 'x',
      exportedAt: '2026-01-02T03:04:05.000Z',
      incident: { title: 't', tags: [], createdAt: 1, signature: null },
      sources: [],
      state: defaultIncidentState(),
    });
    const e = await refusal(bundle);
    expect(e.reason).toBe('foreign');
    expect(e.message).toBe(
      'This is an incident bundle (.rca.zip), not a scenario: import it with “Import bundle…” in the Incidents dialog.',
    );
  });

  it('another zip: names what it holds', async () => {
    const zip = await writeZip([{ name: 'notes.txt', data: enc.encode('hi') }], '2026-01-02T03:04:05.000Z');
    const e = await refusal(zip);
    expect(e.reason).toBe('foreign');
    expect(e.message).toBe(
      'This zip archive holds no scenario.json, so it is not an RCA Workbench scenario (it holds notes.txt).',
    );
  });

  it('a zip whose scenario.json is of another format', async () => {
    const e = await refusal(await handZip({ format: 'acme.drill', version: 1 }, TINY_MANIFEST, {}));
    expect(e.reason).toBe('foreign');
    expect(e.message).toBe('This zip archive is a "acme.drill" file, not an RCA Workbench scenario.');
  });

  it('an image, an empty file, a manifest on its own, a log', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect((await refusal(png)).message).toBe(
      'This is a PNG image, not an RCA Workbench scenario (.scenario.zip).',
    );
    expect((await refusal(new Uint8Array())).message).toBe(
      'This is an empty file, not an RCA Workbench scenario (.scenario.zip).',
    );
    const alone = await refusal(json(TINY_MANIFEST));
    expect(alone.reason).toBe('not-a-bundle');
    expect(alone.message).toMatch(/^This is a scenario manifest on its own, not an RCA Workbench scenario/);
    expect((await refusal(enc.encode('Nov 24 07:48:16 node-1 kernel: hello\n'))).message).toBe(
      'This is a text file, not an RCA Workbench scenario (.scenario.zip); to read a log, add it as a source.',
    );
  });

  it('a newer scenario file, or a manifest of a newer schema', async () => {
    const p = tiny();
    const env = await envelopeOf(p);
    const newer = await refusal(await handZip({ ...env, version: 2 }, p.manifest, p.files));
    expect(newer.reason).toBe('newer-version');
    expect(newer.message).toBe(
      'This scenario was made by a newer RCA Workbench (scenario file v2); this one reads up to v1.',
    );
    const schema = await refusal(await handZip(env, { ...p.manifest, schemaVersion: 2 }, p.files));
    expect(schema.reason).toBe('newer-version');
    expect(schema.message).toMatch(/manifest schema v2\); this one reads v1\.$/);
  });
});

describe('a damaged scenario', () => {
  it('a file that is not what its entry in scenario.json says', async () => {
    const p = tiny();
    const env = await envelopeOf(p);
    const e = await refusal(
      await handZip(env, p.manifest, { 'app.log': 'started\nkilled by SIGKILL from pid 2\nstopped\n' }),
    );
    expect(e.reason).toBe('corrupt');
    expect(e.message).toBe('The scenario file is damaged: the bytes of app.log do not match their SHA-256.');
    const missing = await refusal(await handZip(env, p.manifest, {}));
    expect(missing.message).toBe(
      'The scenario file is damaged: app.log is missing (no files/app.log in the archive).',
    );
  });

  it('a manifest that does not hold against its files: every problem by path, at most three', async () => {
    const p = tiny();
    const m = {
      ...p.manifest,
      keyEvidence: [{ file: 'app.log', line: 9, why: 'x' }],
      difficulty: 'expert',
      keyEvidences: [],
      verification: ['verify-nothing'],
    };
    const e = await refusal(await handZip(await envelopeOf(p), m, p.files));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/^The scenario's manifest is not valid: /);
    expect(e.message).toContain('keyEvidences: unknown key');
    expect(e.message).toMatch(/\(and 1 more\)\.$/);
  });

  it('a cut-off file, and the zip reader speaking of scenarios, not bundles', async () => {
    const bytes = await encodeScenario(tiny());
    const e = await refusal(bytes.subarray(0, bytes.length - 30));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/^The scenario file is damaged: /);
    expect(e.message).not.toMatch(/bundle/);
  });

  it('more than the cap, refused before inflating (a zip bomb)', async () => {
    const e = await refusal(await encodeScenario(sample()), { maxUnpackedBytes: 64 * 1024 });
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/^This scenario file unpacks to more than .* most likely a zip bomb\.$/);
  });

  it('any corruption: the same scenario or a BundleError, never another error', async () => {
    const good = await encodeScenario(tiny());
    const original = await decodeScenario(good);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat({ max: good.length - 1 }),
            bits: fc.integer({ min: 1, max: 255 }),
          }),
          fc.record({
            kind: fc.constant('cut' as const),
            at: fc.nat({ max: good.length - 1 }),
            bits: fc.constant(0),
          }),
        ),
        async ({ kind, at, bits }) => {
          const bad = kind === 'cut' ? good.slice(0, at) : good.slice();
          if (kind === 'flip') bad[at] ^= bits;
          try {
            const back = await decodeScenario(bad);
            // A flip the format does not read (an entry's date, a comment): the scenario is intact.
            expect(back.manifest).toEqual(original.manifest);
            expect(back.files).toEqual(original.files);
          } catch (e) {
            expect(e).toBeInstanceOf(BundleError);
            expect((e as Error).message.length).toBeGreaterThan(20);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

it('names the file for the scenario', () => {
  expect(scenarioFileName('The checkout shim on node-1')).toBe('the-checkout-shim-on-node-1.scenario.zip');
  expect(scenarioFileName('***')).toBe('scenario.scenario.zip');
  expect(scenarioFileName('CON')).toBe('scenario-con.scenario.zip');
});
