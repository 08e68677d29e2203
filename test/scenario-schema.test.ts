// The scenario manifest's JSON Schema (public/scenarios/scenario.schema.json) is the published
// contract; validateManifest is what the app runs. This file keeps the two in agreement, with ajv
// (tests only: it compiles schemas with `new Function`, which the app's CSP and src/ never allow):
// the schema compiles in strict mode and is what the generator writes; every manifest the project
// ships or makes validates against it; a table of broken manifests is refused by both; random
// breakages of valid manifests are refused by the schema exactly when validateManifest finds a
// problem the schema can express; and the rules it cannot express are named, each shown to be
// validateManifest's alone. docs/training.md, "The manifest".
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../src/core/analysis/model.ts';
import { SYMPTOM_KINDS } from '../src/core/analysis/symptoms.ts';
import { buildScenario, scenarioIds } from '../src/core/generate/scenarios.ts';
import { sha256Hex, writeZip } from '../src/core/persist/bundle.ts';
import { ISO_TIME, VERIFICATION_STEP_IDS, validateManifest } from '../src/core/training/manifest.ts';
import {
  MANIFEST_SCHEMA_FILE,
  MANIFEST_SCHEMA_ID,
  MANIFEST_SCHEMA_REF,
  manifestSchemaFile,
} from '../src/core/training/manifest-schema.ts';
import { DIFFICULTIES, type ScenarioManifest } from '../src/core/training/model.ts';
import { SAMPLE_SCENARIO } from '../src/core/training/sample-scenario.ts';
import { decodeScenario, encodeScenario, SCENARIO_FORMAT } from '../src/core/training/scenario-bundle.ts';
import { type ScenarioDraft, scenarioFromIncident } from '../src/core/training/scenario-from-incident.ts';
import { sampleTexts, workbenchOf } from './helpers/analysis.ts';
import { bundleOf, locatorOf } from './helpers/incident-bundle.ts';

const DIR = join(import.meta.dirname, '..', 'public', 'scenarios');
const SCHEMA_PATH = join(DIR, MANIFEST_SCHEMA_FILE);
const SCHEMA_TEXT = readFileSync(SCHEMA_PATH, 'utf8');
const SCHEMA = JSON.parse(SCHEMA_TEXT);
const FOLDERS = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const SAMPLE_FILES = sampleTexts();

// biome-ignore lint/suspicious/noExplicitAny: the tests write values the schema forbids, anywhere in a manifest.
type Loose = Record<string, any>;
const isObj = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The committed schema, compiled as strictly as ajv can (unknown keywords, types, tuples, required). */
function compile(): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return ajv.compile(SCHEMA);
}
const validate = compile();

function ajvErrors(x: unknown): ErrorObject[] {
  return validate(x) ? [] : [...(validate.errors ?? [])];
}
const ajvSays = (x: unknown) => ajvErrors(x).map((e) => `${e.instancePath || '(root)'} ${e.message}`);

/** A deep copy of the sample, as JSON gives it, changed by `edit`. */
function variant(edit: (m: Loose) => void, base: unknown = SAMPLE_SCENARIO): unknown {
  const m = JSON.parse(JSON.stringify(base)) as Loose;
  edit(m);
  return JSON.parse(JSON.stringify(m));
}

function committed(id: string): Loose {
  return JSON.parse(readFileSync(join(DIR, id, 'manifest.json'), 'utf8'));
}

describe('the schema file', () => {
  it('is what the generator writes, and compiles as draft 2020-12 in strict mode', () => {
    expect(SCHEMA_TEXT).toBe(manifestSchemaFile());
    expect(SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(SCHEMA.$id).toBe(MANIFEST_SCHEMA_ID);
    expect(SCHEMA.title).toMatch(/scenario manifest \(schemaVersion 1\)/);
    expect(typeof validate).toBe('function');
    // Strict mode is on: a keyword ajv does not know is refused, not ignored, and so is a
    // required property no `properties` defines.
    const strictly = (change: Loose) => () =>
      new Ajv2020({ strict: true }).compile({ ...SCHEMA, $id: 'urn:rca-workbench:strict-check', ...change });
    expect(strictly({ properties: { ...SCHEMA.properties, a: { typo: 1 } } })).toThrow(
      /strict mode: unknown keyword: "typo"/,
    );
    expect(strictly({ required: [...SCHEMA.required, 'nowhere'] })).toThrow(/strictRequired/);
    expect(strictly({})).not.toThrow();
  });

  it('describes every property, for the trainer reading it in an editor', () => {
    const defs: Loose = SCHEMA.$defs;
    const described = (s: unknown): boolean =>
      isObj(s) &&
      (typeof s.description === 'string' ||
        (typeof s.$ref === 'string' && described(defs[s.$ref.replace('#/$defs/', '')])));
    const missing: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (Array.isArray(s))
        s.forEach((x, i) => {
          walk(x, `${at}/${i}`);
        });
      if (!isObj(s)) return;
      for (const [k, v] of Object.entries(s)) {
        // allOf and oneOf restate rules on properties described where they are defined.
        if (k === 'allOf' || k === 'oneOf') continue;
        if (k === 'properties' && isObj(v))
          for (const [p, ps] of Object.entries(v))
            if (ps !== true && !described(ps)) missing.push(`${at}/${p}`);
        walk(v, `${at}/${k}`);
      }
    };
    walk(SCHEMA, '#');
    expect(missing).toEqual([]);
    // Every top-level key of the validator is a property of the schema, and no other.
    expect(Object.keys(SCHEMA.properties).sort()).toEqual(
      Object.keys({ $schema: 1, ...SAMPLE_SCENARIO }).sort(),
    );
  });

  it('uses only keywords draft-07 knows too, besides $defs: an editor with partial 2020-12 support checks it all', () => {
    // VS Code's JSON service long read 2020-12 schemas with its draft-07 rules: a prefixItems
    // tuple, $dynamicRef or unevaluatedProperties would be skipped there, or worse misread.
    const DRAFT_07 = new Set(
      '$schema $id $ref $comment title description examples default type enum const pattern maxLength minLength minimum maximum exclusiveMinimum exclusiveMaximum multipleOf items additionalItems minItems maxItems uniqueItems contains properties patternProperties additionalProperties required propertyNames minProperties maxProperties dependencies allOf anyOf oneOf not if then else'.split(
        ' ',
      ),
    );
    const used = new Set<string>();
    const walk = (x: unknown): void => {
      if (typeof x === 'boolean') return;
      for (const [k, v] of Object.entries(x as Loose)) {
        used.add(k);
        if (k === 'properties' || k === '$defs') Object.values(v as Loose).forEach(walk);
        else if (['allOf', 'anyOf', 'oneOf'].includes(k)) (v as unknown[]).forEach(walk);
        else if (['items', 'additionalProperties', 'propertyNames', 'if', 'then', 'not'].includes(k)) walk(v);
      }
    };
    walk(SCHEMA);
    expect([...used].filter((k) => !DRAFT_07.has(k))).toEqual(['$defs']);
  });

  it('sits next to the scenario folders, and nothing that lists them takes it for one', () => {
    // The app reads index.json, never the directory; the generator's tests list folders only.
    const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { id: string }[];
    expect(index.map((e) => e.id).sort()).toEqual(FOLDERS);
    expect(readdirSync(DIR).sort()).toEqual([...FOLDERS, 'index.json', MANIFEST_SCHEMA_FILE].sort());
  });
});

describe('ajv stays in the tests', () => {
  it('no file under src/ imports it (it compiles with new Function, which the app never runs)', () => {
    const SRC = join(import.meta.dirname, '..', 'src');
    const offenders = (readdirSync(SRC, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((d) => d.isFile() && /\.(ts|tsx|js|mjs)$/.test(d.name))
      .map((d) => join(d.parentPath, d.name))
      .filter((f) => /from ['"]ajv|import\(['"]ajv|require\(['"]ajv/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('the lists in the schema are the code’s', () => {
  it('the cause enum is CAUSE_IDS, which is the top of the engine’s hypothesis tree', async () => {
    expect(SCHEMA.$defs.cause.enum).toEqual([...CAUSE_IDS]);
    const analysis = (await workbenchOf(SAMPLE_FILES)).analysis();
    expect(analysis.hypotheses.map((h) => h.id).sort()).toEqual([...CAUSE_IDS].sort());
  }, 60_000);

  it('difficulties, symptom kinds and verification steps too', () => {
    expect(SCHEMA.properties.difficulty.enum).toEqual([...DIFFICULTIES]);
    expect(SCHEMA.$defs.symptom.properties.named.properties.kind.enum).toEqual([...SYMPTOM_KINDS]);
    expect(SCHEMA.properties.verification.items.anyOf[0].enum).toEqual([...VERIFICATION_STEP_IDS]);
  });

  it('each cause id is accepted where a cause goes, by both, and a made-up one by neither', () => {
    const withCause = (cause: string, branch?: string) =>
      variant((m) => {
        m.expected = branch ? { cause, hypothesis: `${cause}/${branch}` } : { cause };
        m.validRejections = {};
      });
    for (const cause of CAUSE_IDS) {
      for (const x of [withCause(cause), withCause(cause, 'some-branch')]) {
        expect(ajvSays(x), cause).toEqual([]);
        expect(validateManifest(x).errors, cause).toEqual([]);
      }
      // Another cause's id, or the branch of another cause, as a rejection: fine for both.
      const other = CAUSE_IDS.find((c) => c !== cause)!;
      const rej = variant((m) => {
        m.expected = { cause };
        m.validRejections = { [other]: {}, [`${other}/x-1`]: { requires: ['word'] } };
      });
      expect(ajvSays(rej)).toEqual([]);
      expect(validateManifest(rej).errors).toEqual([]);
    }
    for (const x of [withCause('oom'), withCause('oom-kill'), withCause('OOM-KILL-HOST')]) {
      expect(ajvErrors(x)).not.toEqual([]);
      expect(validateManifest(x).errors).not.toEqual([]);
    }
  });

  it('a time the pattern takes is always one Date.parse reads (the validator checks both)', () => {
    fc.assert(
      fc.property(fc.stringMatching(ISO_TIME), (t) => {
        expect(Number.isNaN(Date.parse(t)), t).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('every manifest the project has validates against the schema', () => {
  it.each(FOLDERS)('public/scenarios/%s/manifest.json, whose $schema leads to the file', (id) => {
    const m = committed(id);
    expect(Object.keys(m)[0]).toBe('$schema');
    expect(m.$schema).toBe(MANIFEST_SCHEMA_REF);
    expect(resolve(join(DIR, id), m.$schema)).toBe(SCHEMA_PATH);
    expect(ajvSays(m)).toEqual([]);
    expect(validateManifest(m).errors).toEqual([]);
    // The app reads it the same with or without the key.
    const { $schema: _, ...bare } = m;
    expect(ajvSays(bare)).toEqual([]);
    expect(validateManifest(bare).manifest).toEqual(validateManifest(m).manifest);
  });

  it('the generator’s, for other seeds too', () => {
    for (const id of scenarioIds())
      for (const seed of [1, 2, 3, 77, 2 ** 31 - 1]) {
        const built = JSON.parse(JSON.stringify(buildScenario(id, seed).manifest));
        expect(ajvSays(built), `${id} seed ${seed}`).toEqual([]);
      }
  });

  it('the sample scenario, with and without $schema', () => {
    expect(ajvSays(variant(() => {}))).toEqual([]);
    expect(ajvSays(variant((m) => (m.$schema = MANIFEST_SCHEMA_REF)))).toEqual([]);
  });

  describe('a scenario made from an incident, and its .scenario.zip', () => {
    let draft: ScenarioDraft;
    beforeAll(async () => {
      const wb = await workbenchOf(SAMPLE_FILES);
      draft = scenarioFromIncident({
        bundle: bundleOf(
          SAMPLE_FILES,
          { pins: [{ eventId: 'dmesg.txt:287', note: 'the kill', pinnedAt: 1 }] },
          'checkout Unknown',
        ),
        analysis: wb.analysis(),
        locate: locatorOf(wb),
        title: 'The checkout shim',
        difficulty: 'intermediate',
        savedAt: '2026-01-02T03:04:05.000Z',
      });
    }, 60_000);

    it('validates against the schema and its files', () => {
      const m = JSON.parse(JSON.stringify(draft.manifest));
      expect(validateManifest(m, draft.files).errors).toEqual([]);
      expect(ajvSays(m)).toEqual([]);
    });

    it('travels in a .scenario.zip with or without $schema; the zip holds what the schema takes', async () => {
      const pkg = {
        files: draft.files,
        signature: null,
        generator: 'rca-workbench@test',
        exportedAt: '2026-01-02T03:04:05.000Z',
      };
      // Given with $schema, written without it: the zip has no schema file for it to point at.
      const zip = await encodeScenario({
        ...pkg,
        manifest: { $schema: MANIFEST_SCHEMA_REF, ...draft.manifest } as ScenarioManifest,
      });
      const back = await decodeScenario(zip);
      expect(back.manifest).toEqual(draft.manifest);
      expect(back.manifest).not.toHaveProperty('$schema');
      expect(ajvSays(JSON.parse(JSON.stringify(back.manifest)))).toEqual([]);

      // A zip written by hand (another tool) whose manifest.json names the schema: read the same.
      const enc = new TextEncoder();
      const names = draft.manifest.sources.map((s) => s.file);
      const entries = names.map((n) => ({ name: `files/${n}`, data: enc.encode(draft.files[n]) }));
      const listed = await Promise.all(
        entries.map(async (e, i) => ({
          name: names[i],
          bytes: e.data.length,
          sha256: await sha256Hex(e.data),
        })),
      );
      const head = {
        format: SCENARIO_FORMAT,
        version: 1,
        generator: 'other-tool',
        exportedAt: pkg.exportedAt,
      };
      const manifestText = JSON.stringify({ $schema: MANIFEST_SCHEMA_REF, ...draft.manifest }, null, 2);
      const byHand = await writeZip(
        [
          {
            name: 'scenario.json',
            data: enc.encode(JSON.stringify({ ...head, signature: null, files: listed })),
          },
          { name: 'manifest.json', data: enc.encode(manifestText) },
          ...entries,
        ],
        pkg.exportedAt,
      );
      expect(ajvSays(JSON.parse(manifestText))).toEqual([]);
      expect((await decodeScenario(byHand)).manifest).toEqual(draft.manifest);
    });
  });
});

/**
 * Broken manifests: each refused by validateManifest with `error` (the start of one of its
 * messages) and by the schema at `at` (an instancePath of one of ajv's errors). `edit` changes
 * the sample; `make` gives the whole value instead.
 */
const BROKEN: [
  name: string,
  edit: ((m: Loose) => void) | { make: () => unknown },
  error: string,
  at: string,
][] = [
  ['not an object', { make: () => [SAMPLE_SCENARIO] }, '(manifest): must be a JSON object', ''],
  ['missing required field', (m) => delete m.summary, 'summary: missing', ''],
  ['missing nested field', (m) => delete m.sources[1].command, 'sources[1].command: missing', '/sources/1'],
  [
    'wrong schemaVersion',
    (m) => (m.schemaVersion = 2),
    'schemaVersion: 2 is not supported',
    '/schemaVersion',
  ],
  [
    'schemaVersion as text',
    (m) => (m.schemaVersion = '1'),
    'schemaVersion: "1" is not supported',
    '/schemaVersion',
  ],
  ['wrong difficulty', (m) => (m.difficulty = 'hard'), 'difficulty: "hard" is not one of', '/difficulty'],
  [
    'wrong cause',
    (m) => (m.expected.cause = 'oom'),
    'expected.cause: "oom" is not a cause id',
    '/expected/cause',
  ],
  [
    'hypothesis of another cause',
    (m) => (m.expected.hypothesis = 'oom-kill-host/shim'),
    'expected.hypothesis: oom-kill-host/shim is not a child of expected.cause',
    '/expected/hypothesis',
  ],
  ['extra property at the top', (m) => (m.keyEvidences = []), 'keyEvidences: unknown key', ''],
  [
    'extra property in a source',
    (m) => (m.sources[0].path = '/var/log'),
    'sources[0].path: unknown key',
    '/sources/0',
  ],
  [
    'extra property in a rule',
    (m) => (m.validRejections['kernel-hang'].require = ['x']),
    'validRejections.kernel-hang.require: unknown key',
    '/validRejections/kernel-hang',
  ],
  [
    'negative line',
    (m) => (m.keyEvidence[0].line = -3),
    'keyEvidence[0].line: must be a 1-based line number',
    '/keyEvidence/0/line',
  ],
  [
    'line 0',
    (m) => (m.keyEvidence[0].line = 0),
    'keyEvidence[0].line: must be a 1-based line number',
    '/keyEvidence/0/line',
  ],
  [
    'fractional line',
    (m) => (m.keyEvidence[1].line = 286.5),
    'keyEvidence[1].line: must be a 1-based line number',
    '/keyEvidence/1/line',
  ],
  [
    'line as text',
    (m) => (m.keyEvidence[0].line = '287'),
    'keyEvidence[0].line: must be a 1-based line number',
    '/keyEvidence/0/line',
  ],
  [
    'record of three',
    (m) => (m.keyEvidence[5].record = [313, 394, 404]),
    'keyEvidence[5].record: must be [first line, last line]',
    '/keyEvidence/5/record',
  ],
  [
    'record from line 0',
    (m) => (m.keyEvidence[5].record = [0, 404]),
    'keyEvidence[5].record[0]: must be a 1-based line number',
    '/keyEvidence/5/record/0',
  ],
  [
    'also on line 0',
    (m) => (m.keyEvidence[0].also = ['journalctl-k.txt:0']),
    'keyEvidence[0].also[0]: "journalctl-k.txt:0" is not a file:line reference',
    '/keyEvidence/0/also/0',
  ],
  [
    'required as text',
    (m) => (m.keyEvidence[0].required = 'yes'),
    'keyEvidence[0].required: must be true or false',
    '/keyEvidence/0/required',
  ],
  ['no key evidence', (m) => (m.keyEvidence = []), 'keyEvidence: must not be empty', '/keyEvidence'],
  ['id not a slug', (m) => (m.id = 'Shim OOM'), 'id: "Shim OOM" must be a slug', '/id'],
  ['id too long', (m) => (m.id = 'a'.repeat(65)), 'id: ', '/id'],
  ['blank title', (m) => (m.title = ' \u00a0\n'), 'title: must not be empty', '/title'],
  ['no learning goal', (m) => (m.learningGoals = []), 'learningGoals: must not be empty', '/learningGoals'],
  [
    'named symptom of no kind',
    (m) => (m.symptom.named.kind = 'crash'),
    'symptom.named.kind: "crash" is not a symptom kind',
    '/symptom/named/kind',
  ],
  [
    'time in month 13',
    (m) => (m.symptom.named.time = '2025-13-01T00:00:00Z'),
    'symptom.named.time: "2025-13-01T00:00:00Z" is not an ISO-8601 time',
    '/symptom/named/time',
  ],
  [
    'time without a zone',
    (m) => (m.symptom.named.time = '2025-11-24T07:48:16'),
    'symptom.named.time: ',
    '/symptom/named/time',
  ],
  [
    'source with a path',
    (m) => (m.sources[0].file = '../etc/passwd'),
    'sources[0].file: "../etc/passwd" must be a plain file name',
    '/sources/0/file',
  ],
  [
    'hidden source',
    (m) => (m.sources[0].file = '.env'),
    'sources[0].file: ".env" must be a plain file name',
    '/sources/0/file',
  ],
  ['no reveal step', (m) => (m.reveal = []), 'reveal: must not be empty', '/reveal'],
  [
    'hint before step 0',
    (m) => (m.hints[0].afterStep = -1),
    'hints[0].afterStep: must be a step index',
    '/hints/0/afterStep',
  ],
  [
    'hint at step 1.5',
    (m) => (m.hints[0].afterStep = 1.5),
    'hints[0].afterStep: must be a step index',
    '/hints/0/afterStep',
  ],
  ['hints left out', (m) => delete m.hints, 'hints: missing', ''],
  [
    'partial with both',
    (m) => (m.expected.partial[0].hypothesis = 'oom-kill-host/shim'),
    'expected.partial[0]: gives both cause and hypothesis',
    '/expected/partial/0',
  ],
  [
    'partial with neither',
    (m) => delete m.expected.partial[0].cause,
    'expected.partial[0]: needs one of cause and hypothesis',
    '/expected/partial/0',
  ],
  [
    'rejection of an unknown cause',
    (m) => (m.validRejections['host-oom'] = {}),
    'validRejections.host-oom: "host-oom" does not start with a cause id',
    '/validRejections',
  ],
  [
    'rejection rule not an object',
    (m) => (m.validRejections['kernel-hang'] = []),
    'validRejections.kernel-hang: must be an object',
    '/validRejections/kernel-hang',
  ],
  [
    'blank requirement',
    (m) => (m.validRejections['kernel-hang'] = { requires: [' '] }),
    'validRejections.kernel-hang.requires[0]: must be a non-empty string',
    '/validRejections/kernel-hang/requires/0',
  ],
  [
    'unknown verification step',
    (m) => m.verification.push('verify-everything'),
    'verification[4]: "verify-everything" is not a verification step id',
    '/verification/4',
  ],
  [
    'verification step twice',
    (m) => m.verification.push('verify-kernel-log'),
    'verification[4]: verify-kernel-log is listed twice',
    '/verification',
  ],
  ['trainer notes not text', (m) => (m.trainerNotes = 5), 'trainerNotes: must be a string', '/trainerNotes'],
  ['$schema not text', (m) => (m.$schema = 5), '$schema: must be a string', '/$schema'],
];

describe('broken manifests are refused by both the schema and validateManifest', () => {
  it('the table is long enough to matter', () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(15);
  });

  it.each(BROKEN)('%s', (_name, edit, error, at) => {
    const x = typeof edit === 'function' ? variant(edit) : edit.make();
    const ts = validateManifest(x).errors;
    const ajv = ajvErrors(x);
    expect(
      ts.some((e) => e.startsWith(error)),
      `validateManifest: ${JSON.stringify(ts)}`,
    ).toBe(true);
    expect(validateManifest(x).manifest).toBeUndefined();
    expect(
      ajv.some((e) => e.instancePath === at),
      `ajv: ${JSON.stringify(ajvSays(x))}`,
    ).toBe(true);
  });
});

/**
 * What validateManifest checks and the schema cannot say: a schema checks each value against
 * constants, so a rule comparing two parts of the manifest, or a reference with the files, is
 * not in it. `error` matches the validator's message for it; `example` breaks that rule alone
 * (with the sample's files when `files` is set): the schema takes it, validateManifest does not.
 * docs/training.md lists the same rules.
 */
const BEYOND_SCHEMA: {
  rule: string;
  error: RegExp;
  example: (m: Loose) => void;
  files?: Record<string, string>;
}[] = [
  {
    rule: 'a source file is listed once',
    error: /^sources\[\d+\]\.file: .+ is already sources\[\d+\]$/,
    example: (m) => {
      m.sources.push({ ...m.sources[0] });
    },
  },
  {
    rule: 'every source is revealed by a step',
    error: /^sources\[\d+\]\.file: .+ is revealed by no step \(reveal\[\]\.files\)$/,
    example: (m) => m.reveal[3].files.pop(),
  },
  {
    rule: 'a step reveals sources only',
    error: /^reveal\[\d+\]\.files\[\d+\]: .+ is not a source \(sources\[\]\.file\)$/,
    example: (m) => m.reveal[3].files.push('syslog.txt'),
  },
  {
    rule: 'a source is revealed once',
    error: /^reveal\[\d+\]\.files\[\d+\]: .+ is already revealed at step \d+$/,
    example: (m) => m.reveal[3].files.push('crictl-ps-a.txt'),
  },
  {
    rule: "a hint's afterStep is one of the steps",
    error: /^hints\[\d+\]\.afterStep: .+ is not a step \(0\.\.\d+\)$/,
    example: (m) => (m.hints[1].afterStep = 4),
  },
  {
    rule: 'a partial answer is not the expected one',
    error:
      /^expected\.partial\[\d+\]\.(cause|hypothesis): .+ is the expected answer: it cannot be partly right$/,
    example: (m) => (m.expected.partial[1].hypothesis = 'oom-kill-cgroup/shim'),
  },
  {
    rule: 'a partial answer is listed once',
    error: /^expected\.partial\[\d+\]\.(cause|hypothesis): .+ is listed twice$/,
    example: (m) => m.expected.partial.push({ ...m.expected.partial[0] }),
  },
  {
    rule: "a key line's file is a source",
    error: /^keyEvidence\[\d+\]\.file: .+ is not a source \(sources\[\]\.file\)$/,
    example: (m) => (m.keyEvidence[2].file = 'kern.log'),
  },
  {
    rule: 'a file:line is one key line',
    error: /^keyEvidence\[\d+\]\.line: .+ is already keyEvidence\[\d+\]$/,
    example: (m) => (m.keyEvidence[1].line = 287),
  },
  {
    rule: 'a record starts before it ends',
    error: /^keyEvidence\[\d+\]\.record: \[.+, .+\] ends before it starts$/,
    example: (m) => (m.keyEvidence[5].record = [404, 313]),
  },
  {
    rule: 'a record holds its key line',
    error: /^keyEvidence\[\d+\]\.record: \[.+, .+\] does not hold line .+$/,
    example: (m) => (m.keyEvidence[5].record = [313, 390]),
  },
  {
    rule: '`also` names a source',
    error: /^keyEvidence\[\d+\]\.also\[\d+\]: .+ is not a source \(sources\[\]\.file\)$/,
    example: (m) => (m.keyEvidence[0].also = ['kern.log:287']),
  },
  {
    rule: "`also` is in another file than the key line's",
    error: /^keyEvidence\[\d+\]\.also\[\d+\]: .+ is in the key line's own file: use record for a span$/,
    example: (m) => (m.keyEvidence[0].also = ['dmesg.txt:288']),
  },
  {
    rule: 'the expected answer is never a valid rejection',
    error: /^validRejections\.[a-z0-9/-]+: .+ is the expected answer: rejecting it is never valid$/,
    example: (m) => (m.validRejections['oom-kill-cgroup/shim'] = {}),
  },
  {
    rule: 'a file:line in `requires` names a source, from line 1',
    error:
      /^validRejections\.[a-z0-9/-]+\.requires\[\d+\]: (.+ is not a source \(sources\[\]\.file\)|must be a 1-based line number, not 0)$/,
    example: (m) => (m.validRejections['kernel-hang'] = { requires: ['dmsg.txt:286', 'dmesg.txt:0'] }),
  },
  {
    rule: 'with the files: every source is in the folder',
    error: /^sources\[\d+\]\.file: .+ is not in the scenario folder$/,
    // No key line is in crictl-ps-a.txt: only its absence is wrong.
    example: () => {},
    files: Object.fromEntries(Object.entries(SAMPLE_FILES).filter(([name]) => name !== 'crictl-ps-a.txt')),
  },
  {
    rule: 'with the files: every line reference is inside its file and not blank',
    error:
      /^(keyEvidence\[\d+\]\.(line|record\[\d\]|also\[\d+\])|validRejections\.[a-z0-9/-]+\.requires\[\d+\]): (.+ is past the end of .+ \(\d+ lines\)|.+:.+ is a blank line)$/,
    example: (m) => (m.keyEvidence[2].line = 812),
    files: SAMPLE_FILES,
  },
];

const beyondSchema = (error: string) => BEYOND_SCHEMA.some((r) => r.error.test(error));

describe('what the schema cannot say is validateManifest’s alone', () => {
  it.each(BEYOND_SCHEMA.map((r) => [r.rule, r] as const))('%s', (_rule, r) => {
    const x = variant((m) => {
      r.example(m);
    });
    const errors = validateManifest(x, r.files).errors;
    expect(errors.length, JSON.stringify(errors)).toBeGreaterThan(0);
    expect(
      errors.every((e) => r.error.test(e)),
      JSON.stringify(errors),
    ).toBe(true);
    expect(ajvSays(x)).toEqual([]);
  });
});

// ---------------------------------------------------------------- random breakages

type Path = (string | number)[];

/** Every value in `x` with its path, the root first. */
function nodes(x: unknown, at: Path = []): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = [{ path: at, value: x }];
  if (Array.isArray(x))
    x.forEach((v, i) => {
      out.push(...nodes(v, [...at, i]));
    });
  else if (isObj(x)) for (const [k, v] of Object.entries(x)) out.push(...nodes(v, [...at, k]));
  return out;
}

/** The value at `path`, or undefined when the path leaves the manifest's shape. */
const get = (x: unknown, path: Path): unknown =>
  path.reduce<unknown>((at, p) => (isObj(at) || Array.isArray(at) ? (at as Loose)[p] : undefined), x);

/** Sets own data property `key` (a key such as `__proto__` too, as JSON.parse would). */
function put(parent: unknown, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

// Keys the schema knows (at some level), causes, and oddities: an added key is a typo, a known
// key at the wrong level, or a key that means something elsewhere.
const KNOWN_KEYS = [
  ...new Set(
    nodes(SCHEMA)
      .filter((n) => n.path.at(-2) === 'properties')
      .map((n) => String(n.path.at(-1))),
  ),
];
const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2028',
  '\u2029',
  '\u3000',
  '\ufeff',
];
const arbText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({
    unit: fc.constantFrom(...WHITESPACE, '\u180e', '\u200b', 'a', '-', '/', ':', '.', '0', '1'),
    maxLength: 6,
  }),
  fc.constantFrom(
    ...CAUSE_IDS,
    'oom-kill-cgroup/shim',
    'oom-kill-host/container',
    'oom-kill-cgroup/Shim',
    'verify-pids',
    'gap:memory-events',
    'gap:',
    'dmesg.txt:1',
    'dmesg.txt:0',
    'journalctl-k.txt:287',
    'dmesg.txt',
    '.hidden',
    'a b',
    '2025-11-24T07:48:16Z',
    '2025-11-24T24:00:00Z',
    '2025-02-30T07:48:16+01:00',
    '2025-11-24T07:48:16+24:00',
    'intro',
    'advanced',
    'container-unknown',
    'a'.repeat(64),
    'a'.repeat(65),
  ),
);
const arbNumber = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, 1, 2, 3, 4, 1.5, 2 ** 31, 2 ** 53, 1e21, 1e308, -1e-7),
  fc.integer({ min: -3, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const arbValue = fc.oneof(
  arbText,
  arbNumber,
  fc.constantFrom(
    null,
    true,
    false,
    [],
    {},
    [1, 2],
    [2, 1],
    [1, 2, 3],
    ['x'],
    [''],
    { requires: [] },
    { requires: 'x' },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const arbKey = fc.oneof(
  fc.constantFrom(
    ...KNOWN_KEYS,
    ...CAUSE_IDS,
    'oom-kill-cgroup/shim',
    'runtime-error/x',
    '__proto__',
    'constructor',
    '',
  ),
  fc.string({ maxLength: 6 }),
);
/** Edits of a string that keep it nearly right: the mistakes a hand-written manifest has. */
const STRING_EDITS: ((s: string) => string)[] = [
  (s) => ` ${s}`,
  (s) => `${s}X`,
  (s) => s.toUpperCase(),
  (s) => s.slice(1),
  (s) => s.slice(0, -1),
  (s) => `${s}/x`,
  (s) => `${s}-`,
  (s) => `${s}:0`,
  (s) => s.replace(/[0-9]/, '9'),
  (s) => s.replace(':', ''),
  (s) => s.padEnd(64, 'a'),
  (s) => s.padEnd(65, 'a'),
  () => '\u00a0',
];

/**
 * The fields whose values the schema constrains most (enums, patterns, ranges), each with values
 * on both sides of its rule: a breakage aimed at one of them, since a pick among all of a
 * manifest's few hundred values rarely lands there, and a random value rarely near the edge.
 */
const TIMES = [
  '2025-11-24T07:48:16Z',
  '2025-11-24T07:48:16.123456789+01:00',
  '2025-11-24T07:48:16.1234567890Z',
  '2025-02-30T00:00:00-00:00',
  '2025-12-31T24:00:00Z',
  '2025-12-31T24:00:00.000Z',
  '2025-12-31T24:00:01Z',
  '2025-11-24T23:60:00Z',
  '2025-11-24T07:48:60Z',
  '2025-11-24T07:48:16+23:59',
  '2025-11-24T07:48:16+24:00',
  '2025-13-01T00:00:00Z',
  '2025-11-00T00:00:00Z',
  '2025-11-24T07:48:16',
  '2025-11-24t07:48:16z',
  '2025-11-24 07:48:16Z',
];
const BRANCHES = CAUSE_IDS.flatMap((c) => [c, `${c}/shim`, `${c}/a-b-1`]);
const FIELDS: { path: Path; values: unknown[] }[] = [
  { path: ['$schema'], values: [MANIFEST_SCHEMA_REF, '', 5, null] },
  { path: ['schemaVersion'], values: [1, 2, 0, '1', null] },
  { path: ['id'], values: ['a', 'a-b', 'a'.repeat(64), 'a'.repeat(65), 'A', 'a--b', '-a', 'a-', 'a_b', ''] },
  { path: ['title'], values: ['x', '', ...WHITESPACE, ' x '] },
  { path: ['difficulty'], values: [...DIFFICULTIES, 'hard', 'Intro', ''] },
  { path: ['learningGoals', 0], values: ['x', '', '\u3000', 3] },
  { path: ['symptom', 'named', 'kind'], values: [...SYMPTOM_KINDS, 'crash', 'Exit-137'] },
  { path: ['symptom', 'named', 'time'], values: TIMES },
  { path: ['sources', 0, 'file'], values: ['a.txt', '_a', '.a', '-a', 'a/b', 'a b', 'a:b', ''] },
  { path: ['reveal', 1, 'files', 0], values: ['a.txt', '.a', 'a/b', ''] },
  { path: ['hints', 0, 'afterStep'], values: [0, 1, 2, 3, 4, 9, -1, 0.5, '1', null] },
  { path: ['expected', 'cause'], values: [...CAUSE_IDS, 'oom', ''] },
  {
    path: ['expected', 'hypothesis'],
    values: [...BRANCHES, 'oom-kill-cgroup/Shim', 'oom/shim', 'oom-kill-cgroup/'],
  },
  { path: ['expected', 'partial', 0, 'cause'], values: [...CAUSE_IDS, 'oom-kill-host/shim', 'oom'] },
  { path: ['expected', 'partial', 0, 'hypothesis'], values: [...BRANCHES, 'oom/x'] },
  { path: ['keyEvidence', 0, 'line'], values: [1, 2, 0, -1, 1.5, 1e21, '1', null] },
  { path: ['keyEvidence', 0, 'required'], values: [true, false, 'true', 1, null] },
  {
    path: ['keyEvidence', 0, 'record'],
    values: [[1, 2], [1, 1], [2, 1], [0, 1], [1], [1, 2, 3], [1, '2'], [1.5, 2], 'x'],
  },
  {
    path: ['keyEvidence', 0, 'also', 0],
    values: [
      'journalctl-k.txt:287',
      'x.txt:1',
      'x.txt:007',
      'x.txt:0',
      'x.txt:00',
      'x.txt:-1',
      'x.txt:1.5',
      'a b:1',
      ':1',
      'x.txt',
    ],
  },
  {
    path: ['validRejections', 'oom-kill-host'],
    values: [
      {},
      { requires: [] },
      { requires: ['x', 'dmesg.txt:1'] },
      { requires: '' },
      { requires: [''] },
      [],
      { require: [] },
    ],
  },
  {
    path: ['verification', 0],
    values: [...VERIFICATION_STEP_IDS, 'gap:x', 'gap:a.b:c-d', 'gap:', 'gap:X', 'verify-x'],
  },
  { path: ['trainerNotes'], values: ['', ' ', 'x', 5, null] },
];

type Mutation =
  | { kind: 'field'; pick: number; how: 'list' | 'any' | 'edit'; choice: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'edit-string'; pick: number; edit: number }
  | { kind: 'set-number'; pick: number; value: number }
  | { kind: 'add-key'; pick: number; key: string; value: unknown }
  | { kind: 'push'; pick: number; value: unknown; copy: boolean };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('field' as const),
    pick: fc.nat(FIELDS.length - 1),
    // Mostly one of the field's own values; else anything, or the present value edited.
    how: fc.constantFrom('list' as const, 'list' as const, 'any' as const, 'edit' as const),
    choice: fc.nat(),
    value: arbValue,
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: arbValue }),
  fc.record({
    kind: fc.constant('edit-string' as const),
    pick: fc.nat(),
    edit: fc.nat(STRING_EDITS.length - 1),
  }),
  fc.record({ kind: fc.constant('set-number' as const), pick: fc.nat(), value: arbNumber }),
  fc.record({ kind: fc.constant('add-key' as const), pick: fc.nat(), key: arbKey, value: arbValue }),
  fc.record({ kind: fc.constant('push' as const), pick: fc.nat(), value: arbValue, copy: fc.boolean() }),
);

/** Applies `mu` to `m` in place (the kinds that need a node of some type skip when there is none). */
function mutate(m: Loose, mu: Mutation): void {
  const all = nodes(m).slice(1);
  const of = <T>(list: T[]): T | undefined => (list.length ? list[mu.pick % list.length] : undefined);
  const setAt = (path: Path, value: unknown) => put(get(m, path.slice(0, -1)), path.at(-1)!, value);
  switch (mu.kind) {
    case 'field': {
      // The field, when this manifest has it (or its parent, to add it): set, or a string edited.
      const { path, values } = FIELDS[mu.pick];
      const parent = get(m, path.slice(0, -1));
      if (!isObj(parent) && !Array.isArray(parent)) return;
      const now = (parent as Loose)[path.at(-1)!];
      const value =
        mu.how === 'edit' && typeof now === 'string'
          ? STRING_EDITS[mu.choice % STRING_EDITS.length](now)
          : mu.how === 'any'
            ? mu.value
            : values[mu.choice % values.length];
      setAt(path, structuredClone(value));
      return;
    }
    case 'delete': {
      const n = of(all);
      if (!n) return;
      const parent = get(m, n.path.slice(0, -1));
      if (Array.isArray(parent)) parent.splice(n.path.at(-1) as number, 1);
      else delete (parent as Loose)[n.path.at(-1)!];
      return;
    }
    case 'replace': {
      const n = of(all);
      if (n) setAt(n.path, structuredClone(mu.value));
      return;
    }
    case 'edit-string': {
      const n = of(all.filter((x) => typeof x.value === 'string'));
      if (n) setAt(n.path, STRING_EDITS[mu.edit](n.value as string));
      return;
    }
    case 'set-number': {
      const n = of(all.filter((x) => typeof x.value === 'number'));
      if (n) setAt(n.path, mu.value);
      return;
    }
    case 'add-key': {
      const n = of(nodes(m).filter((x) => isObj(x.value)));
      if (n) put(n.value, mu.key, structuredClone(mu.value));
      return;
    }
    case 'push': {
      const n = of(all.filter((x) => Array.isArray(x.value)));
      if (!n) return;
      const arr = n.value as unknown[];
      arr.push(
        mu.copy && arr.length > 0 ? structuredClone(arr[mu.pick % arr.length]) : structuredClone(mu.value),
      );
      return;
    }
  }
}

describe('random breakages of valid manifests', () => {
  const BASES = [SAMPLE_SCENARIO, ...FOLDERS.map(committed)];

  it('the schema refuses one exactly when validateManifest finds a problem the schema can express', () => {
    let refused = 0;
    let accepted = 0;
    let beyond = 0;
    const runs = 1000;
    fc.assert(
      fc.property(
        fc.nat(BASES.length - 1),
        fc.array(arbMutation, { minLength: 1, maxLength: 3 }),
        (base, mutations) => {
          const m = structuredClone(BASES[base]) as Loose;
          for (const mu of mutations) mutate(m, mu);
          // As a manifest arrives: JSON text, parsed (no undefined, no NaN, own `__proto__` keys).
          const x = JSON.parse(JSON.stringify(m));
          const ts = validateManifest(x).errors;
          const ok = validate(x);
          const why = `validateManifest: ${JSON.stringify(ts)}\najv: ${JSON.stringify(ajvSays(x))}`;
          // Whatever the schema refuses, the app refuses: it never stands in a valid manifest's way.
          if (!ok) expect(ts.length, why).toBeGreaterThan(0);
          // Whatever the app refuses for a reason the schema can express, the schema refuses.
          if (ts.some((e) => !beyondSchema(e))) expect(ok, why).toBe(false);
          // So with no cross-reference problem, the two agree exactly.
          if (!ts.some(beyondSchema)) expect(ok, why).toBe(ts.length === 0);
          if (ok) accepted++;
          else refused++;
          if (ts.length > 0 && ts.every(beyondSchema)) beyond++;
        },
      ),
      { numRuns: runs },
    );
    // Not vacuous: the breakages reach both outcomes, and the cross-reference rules.
    expect(refused).toBeGreaterThan(runs / 4);
    expect(accepted).toBeGreaterThan(runs / 20);
    expect(beyond).toBeGreaterThan(runs / 100);
  });
});
