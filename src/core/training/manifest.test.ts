import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hintsAt,
  namedSymptomOf,
  revealedFiles,
  revealStepOf,
  splitLines,
  VERIFICATION_STEP_IDS,
  validateManifest,
} from './manifest.ts';
import type { ScenarioManifest } from './model.ts';
import { SAMPLE_SCENARIO } from './sample-scenario.ts';

const FILES: Record<string, string> = Object.fromEntries(
  SAMPLE_SCENARIO.sources.map((s) => [
    s.file,
    readFileSync(new URL(`../../../public/sample/${s.file}`, import.meta.url), 'utf8'),
  ]),
);

/** The sample manifest as JSON would give it, changed by `edit` (a deep copy: the constant stays intact). */
function variant(edit: (m: Loose) => void): unknown {
  const m = structuredClone(SAMPLE_SCENARIO) as unknown as Loose;
  edit(m);
  return m;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests write values the schema forbids, anywhere in it.
type Loose = Record<string, any>;

const errorsOf = (x: unknown, files: Record<string, string> | undefined = FILES) =>
  validateManifest(x, files).errors;

describe('validateManifest: a valid manifest', () => {
  it('accepts the sample scenario against its files, and returns it unchanged', () => {
    const r = validateManifest(JSON.parse(JSON.stringify(SAMPLE_SCENARIO)), FILES);
    expect(r.errors).toEqual([]);
    expect(r.manifest).toEqual(SAMPLE_SCENARIO);
  });

  it('accepts it without the files too (the line checks need them)', () => {
    expect(validateManifest(SAMPLE_SCENARIO).errors).toEqual([]);
  });

  it('keeps only the schema: a $schema key for editors is allowed and dropped', () => {
    const r = validateManifest(
      variant((m) => (m.$schema = './scenario.schema.json')),
      FILES,
    );
    expect(r.errors).toEqual([]);
    expect(r.manifest).not.toHaveProperty('$schema');
    expect(r.manifest).toEqual(SAMPLE_SCENARIO);
  });

  it('accepts the end of a day as 24:00:00, as Date.parse does', () => {
    const r = validateManifest(variant((m) => (m.symptom.named.time = '2025-11-23T24:00:00.000Z')));
    expect(r.errors).toEqual([]);
    expect(namedSymptomOf(r.manifest!)?.facts.time).toBe(Date.UTC(2025, 10, 24) * 1000);
  });

  it("accepts an unknown verdict's gap step and optional parts left out", () => {
    const r = validateManifest(
      variant((m) => {
        m.verification = ['gap:memory-events'];
        delete m.validRejections;
        delete m.expected.partial;
        delete m.expected.hypothesis;
        delete m.symptom.named;
        m.hints = [];
        m.trainerNotes = '';
      }),
      FILES,
    );
    expect(r.errors).toEqual([]);
    expect(r.manifest?.expected).toEqual({ cause: 'oom-kill-cgroup' });
  });
});

describe('validateManifest: each error, by its path', () => {
  it('refuses what is not an object', () => {
    expect(errorsOf(null)).toEqual(['(manifest): must be a JSON object, not null']);
    expect(errorsOf([])).toEqual(['(manifest): must be a JSON object, not []']);
  });

  it.each<[string, (m: Loose) => void, string]>([
    [
      'schema version',
      (m) => (m.schemaVersion = 2),
      'schemaVersion: 2 is not supported (this build reads 1)',
    ],
    ['missing schema version', (m) => delete m.schemaVersion, 'schemaVersion: missing (1)'],
    ['unknown key (a typo)', (m) => (m.keyEvidences = []), 'keyEvidences: unknown key'],
    ['id not a slug', (m) => (m.id = 'Shim OOM'), 'id: "Shim OOM" must be a slug'],
    [
      'difficulty',
      (m) => (m.difficulty = 'hard'),
      'difficulty: "hard" is not one of intro, intermediate, advanced',
    ],
    ['empty title', (m) => (m.title = ' '), 'title: must not be empty'],
    ['learning goals empty', (m) => (m.learningGoals = []), 'learningGoals: must not be empty'],
    [
      'learning goal not text',
      (m) => (m.learningGoals = ['ok', 3]),
      'learningGoals[1]: must be a non-empty string, not 3',
    ],
    ['symptom missing', (m) => delete m.symptom, 'symptom: missing (an object)'],
    [
      'named symptom kind',
      (m) => (m.symptom.named.kind = 'crash'),
      'symptom.named.kind: "crash" is not a symptom kind',
    ],
    [
      'named symptom time',
      (m) => (m.symptom.named.time = '07:48'),
      'symptom.named.time: "07:48" is not an ISO-8601 time',
    ],
    [
      'source with a path',
      (m) => (m.sources[0].file = '../etc/passwd'),
      'sources[0].file: "../etc/passwd" must be a plain file name',
    ],
    [
      'source twice',
      (m) => (m.sources[1].file = 'crictl-ps-a.txt'),
      'sources[1].file: crictl-ps-a.txt is already sources[0]',
    ],
    ['source without command', (m) => delete m.sources[2].command, 'sources[2].command: missing (a string)'],
    [
      'reveal file not a source',
      (m) => m.reveal[1].files.push('ps.txt'),
      'reveal[1].files[2]: ps.txt is not a source',
    ],
    [
      'file revealed twice',
      (m) => m.reveal[3].files.push('crictl-ps-a.txt'),
      'reveal[3].files[2]: crictl-ps-a.txt is already revealed at step 1',
    ],
    [
      'source never revealed',
      (m) => (m.reveal[3].files = ['dmesg.txt']),
      'sources[3].file: journalctl-k.txt is revealed by no step',
    ],
    ['no reveal step', (m) => (m.reveal = []), 'reveal: must not be empty'],
    ['hint after no step', (m) => (m.hints[0].afterStep = 4), 'hints[0].afterStep: 4 is not a step (0..3)'],
    [
      'hint before step 0',
      (m) => (m.hints[0].afterStep = -1),
      'hints[0].afterStep: must be a step index (an integer from 0), not -1',
    ],
    [
      '$schema not a string',
      (m) => (m.$schema = 1),
      "$schema: must be a string (the schema's path or URL), not 1",
    ],
    [
      'named symptom time out of range',
      (m) => (m.symptom.named.time = '2025-11-24T07:60:16Z'),
      'symptom.named.time: "2025-11-24T07:60:16Z" is not an ISO-8601 time',
    ],
    [
      'expected cause not a cause',
      (m) => (m.expected.cause = 'oom'),
      'expected.cause: "oom" is not a cause id',
    ],
    [
      'expected hypothesis of another cause',
      (m) => (m.expected.hypothesis = 'oom-kill-host/shim'),
      'expected.hypothesis: oom-kill-host/shim is not a child of expected.cause oom-kill-cgroup',
    ],
    [
      'hypothesis id malformed',
      (m) => (m.expected.hypothesis = 'oom-kill-cgroup/Shim!'),
      'expected.hypothesis: "oom-kill-cgroup/Shim!" is not a hypothesis id',
    ],
    [
      'partial with both',
      (m) => (m.expected.partial[0].hypothesis = 'oom-kill-host/shim'),
      'expected.partial[0]: gives both cause and hypothesis',
    ],
    [
      'partial with neither',
      (m) => delete m.expected.partial[0].cause,
      'expected.partial[0]: needs one of cause and hypothesis',
    ],
    [
      'partial is the answer',
      (m) => (m.expected.partial[1].hypothesis = 'oom-kill-cgroup/shim'),
      'expected.partial[1].hypothesis: oom-kill-cgroup/shim is the expected answer',
    ],
    [
      'partial of an unknown cause',
      (m) => (m.expected.partial[1].hypothesis = 'oom-killer/shim'),
      'expected.partial[1].hypothesis: "oom-killer/shim" does not start with a cause id',
    ],
    [
      'key file not a source',
      (m) => (m.keyEvidence[0].file = 'syslog'),
      'keyEvidence[0].file: syslog is not a source',
    ],
    [
      'key line past the end',
      (m) => (m.keyEvidence[2].line = 812),
      'keyEvidence[2].line: 812 is past the end of journalctl-containerd-kubelet.txt (421 lines)',
    ],
    [
      'key line not a number',
      (m) => (m.keyEvidence[0].line = '287'),
      'keyEvidence[0].line: must be a 1-based line number, not "287"',
    ],
    [
      'key line twice',
      (m) => (m.keyEvidence[1].line = 287),
      'keyEvidence[1].line: dmesg.txt:287 is already keyEvidence[0]',
    ],
    [
      'record not holding the line',
      (m) => (m.keyEvidence[5].record = [313, 390]),
      'keyEvidence[5].record: [313, 390] does not hold line 394',
    ],
    [
      'record backwards',
      (m) => (m.keyEvidence[5].record = [404, 313]),
      'keyEvidence[5].record: [404, 313] ends before it starts',
    ],
    [
      'also in another file that is not a source',
      (m) => (m.keyEvidence[0].also = ['kern.log:287']),
      'keyEvidence[0].also[0]: kern.log is not a source',
    ],
    [
      'also in the same file',
      (m) => (m.keyEvidence[0].also = ['dmesg.txt:288']),
      "keyEvidence[0].also[0]: dmesg.txt:288 is in the key line's own file",
    ],
    [
      'also on line 0',
      (m) => (m.keyEvidence[0].also = ['journalctl-k.txt:0']),
      'keyEvidence[0].also[0]: "journalctl-k.txt:0" is not a file:line reference (a line from 1)',
    ],
    [
      'also past the end',
      (m) => (m.keyEvidence[0].also = ['crictl-ps-a.txt:12']),
      'keyEvidence[0].also[0]: 12 is past the end of crictl-ps-a.txt (11 lines)',
    ],
    ['no key evidence', (m) => (m.keyEvidence = []), 'keyEvidence: must not be empty'],
    [
      'rejection of the expected cause',
      (m) => (m.validRejections['oom-kill-cgroup'] = {}),
      'validRejections.oom-kill-cgroup: oom-kill-cgroup is the expected answer',
    ],
    [
      'rejection of the expected branch',
      (m) => (m.validRejections['oom-kill-cgroup/shim'] = {}),
      'validRejections.oom-kill-cgroup/shim: oom-kill-cgroup/shim is the expected answer',
    ],
    [
      'rejection of an unknown cause',
      (m) => (m.validRejections['host-oom'] = {}),
      'validRejections.host-oom: "host-oom" does not start with a cause id',
    ],
    [
      'requires a line of a missing file',
      (m) => (m.validRejections['kernel-hang'] = { requires: ['dmsg.txt:286'] }),
      'validRejections.kernel-hang.requires[0]: dmsg.txt is not a source',
    ],
    [
      'requires a line past the end',
      (m) => (m.validRejections['kernel-hang'] = { requires: ['dmesg.txt:999'] }),
      'validRejections.kernel-hang.requires[0]: 999 is past the end of dmesg.txt (375 lines)',
    ],
    [
      'unknown verification step',
      (m) => m.verification.push('verify-everything'),
      'verification[4]: "verify-everything" is not a verification step id',
    ],
    [
      'verification step twice',
      (m) => m.verification.push('verify-kernel-log'),
      'verification[4]: verify-kernel-log is listed twice',
    ],
    ['trainer notes not text', (m) => (m.trainerNotes = 5), 'trainerNotes: must be a string, not 5'],
  ])('%s', (_name, edit, message) => {
    const errors = errorsOf(variant(edit));
    expect(
      errors.some((e) => e.startsWith(message)),
      `${message}\nin ${JSON.stringify(errors, null, 1)}`,
    ).toBe(true);
    // Nothing comes back when anything is wrong.
    expect(validateManifest(variant(edit), FILES).manifest).toBeUndefined();
  });

  it('a source missing from the folder, once the files are given', () => {
    const { 'dmesg.txt': _gone, ...rest } = FILES;
    expect(errorsOf(SAMPLE_SCENARIO, rest)).toEqual([
      'sources[4].file: dmesg.txt is not in the scenario folder',
    ]);
  });

  it('a key line or a required line that is blank', () => {
    const files = { ...FILES, 'crictl-ps-a.txt': `${FILES['crictl-ps-a.txt']}\n   \nlast\n` };
    const m = variant((x) => {
      x.keyEvidence.push({ file: 'crictl-ps-a.txt', line: 12, why: 'x' });
      x.validRejections['kernel-hang'] = { requires: ['crictl-ps-a.txt:12'] };
    });
    expect(errorsOf(m, files)).toEqual([
      'keyEvidence[6].line: crictl-ps-a.txt:12 is a blank line',
      'validRejections.kernel-hang.requires[0]: crictl-ps-a.txt:12 is a blank line',
    ]);
  });

  it('a source named like an Object property is looked up as a file, not found on the prototype', () => {
    const m = variant((x) => {
      x.sources[0].file = 'constructor';
      x.reveal[1].files[0] = 'constructor';
      x.keyEvidence.push({ file: 'constructor', line: 1, why: 'x' });
    });
    expect(errorsOf(m)).toEqual(['sources[0].file: constructor is not in the scenario folder']);
  });

  it('reports every problem at once, not the first only', () => {
    const errors = errorsOf(
      variant((m) => {
        m.id = 'X';
        m.difficulty = 'easy';
        m.keyEvidence[0].line = 0;
        m.verification = ['nope'];
      }),
    );
    expect(errors).toHaveLength(4);
  });

  it('a rejection of the expected answer still has its rule read', () => {
    const m = variant((x) => (x.validRejections['oom-kill-cgroup'] = { requires: 'CONSTRAINT_MEMCG' }));
    expect(errorsOf(m)).toEqual([
      'validRejections.oom-kill-cgroup: oom-kill-cgroup is the expected answer: rejecting it is never valid',
      'validRejections.oom-kill-cgroup.requires: must be a list, not "CONSTRAINT_MEMCG"',
    ]);
  });

  it('a keyword in requires is not taken for a line', () => {
    const m = variant((x) => (x.validRejections['kernel-hang'] = { requires: ['hung_task:120', 'panic'] }));
    expect(errorsOf(m)).toEqual([]);
  });
});

describe('the verification step ids', () => {
  it('are the ids src/core/analysis/steps.ts gives', () => {
    const text = readFileSync(new URL('../analysis/steps.ts', import.meta.url), 'utf8');
    const ids = new Set([...text.matchAll(/id: '(verify-[a-z-]+)'/g)].map((m) => m[1]));
    expect([...ids].sort()).toEqual([...VERIFICATION_STEP_IDS].sort());
  });
});

describe('the replay helpers', () => {
  const m: ScenarioManifest = SAMPLE_SCENARIO;

  it('reveal sources step by step, step 0 showing none', () => {
    expect(revealedFiles(m, 0)).toEqual([]);
    expect(revealedFiles(m, 1)).toEqual(['crictl-ps-a.txt', 'crictl-inspect.json']);
    expect(revealedFiles(m, 3)).toHaveLength(5);
    expect(revealStepOf(m, 'dmesg.txt')).toBe(3);
    expect(revealStepOf(m, 'nope.txt')).toBe(-1);
  });

  it('offer hints from their step on', () => {
    expect(hintsAt(m, 1)).toEqual([]);
    expect(hintsAt(m, 2).map((h) => h.afterStep)).toEqual([2]);
    expect(hintsAt(m, 3)).toHaveLength(2);
  });

  it('turn the named symptom into a user symptom with its time in µs', () => {
    const s = namedSymptomOf(m);
    expect(s).toMatchObject({
      kind: 'container-unknown',
      title: 'checkout container Unknown',
      pod: 'payments/checkout-tkv49ntw2-qc86p',
      time: Date.UTC(2025, 10, 24, 7, 48, 16) * 1000,
      source: 'user',
    });
    expect(namedSymptomOf({ ...m, symptom: { title: 't', text: 't' } })).toBeUndefined();
  });

  it('number lines as the workbench does', () => {
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('\uFEFFa\n\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines(FILES['dmesg.txt'])).toHaveLength(375);
  });
});

describe('validateManifest on anything', () => {
  it('never throws, and returns a manifest exactly when there is no error', () => {
    // The sample with one part replaced by any JSON value, at any depth the paths below reach.
    const paths = [
      [],
      ['symptom'],
      ['symptom', 'named'],
      ['sources', 0],
      ['reveal', 1, 'files'],
      ['hints', 0],
      ['expected'],
      ['expected', 'partial', 0],
      ['keyEvidence', 0],
      ['keyEvidence', 5, 'record'],
      ['keyEvidence', 0, 'also'],
      ['validRejections'],
      ['validRejections', 'oom-kill-host', 'requires'],
      ['verification'],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.string(),
        fc.jsonValue(),
        fc.boolean(),
        (path, key, value, withFiles) => {
          const x = variant((m) => {
            let at: Loose = m;
            for (const p of path) at = at[p];
            // JSON cannot give an array a `length` member (and JS throws on a non-integer one).
            fc.pre(!(Array.isArray(at) && key === 'length'));
            at[key] = value;
          });
          const r = validateManifest(x, withFiles ? FILES : undefined);
          expect(r.manifest === undefined).toBe(r.errors.length > 0);
        },
      ),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        expect(validateManifest(x, FILES).errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
