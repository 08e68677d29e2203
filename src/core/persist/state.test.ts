// The saved state's migration: one test per version the app has written (a realistic save of
// that version comes back as the current IncidentState, later fields at their default), garbage
// field by field, and a property: migrateState never throws and always returns a sound state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../analysis/model.ts';
import { FORMAT_IDS } from '../model/event.ts';
import { answerOf, newAttempt } from '../training/attempt.ts';
import { grade } from '../training/grade.ts';
import type { TrainingAttempt } from '../training/model.ts';
import { SAMPLE_SCENARIO } from '../training/sample-scenario.ts';
import { type IncidentState, STATE_VERSION } from './model.ts';
import { defaultIncidentState, isKnownStateVersion, migrateState } from './state.ts';

const PIN = { eventId: 'journalctl-k.txt:287', note: 'shim OOM-killed', pinnedAt: 1764143000000 };
const PIN2 = { eventId: 'dmesg.txt:512', note: '', pinnedAt: 1764143005000 };
const DECISIONS = {
  'oom-kill-cgroup/shim': { state: 'accepted', note: 'shim in the pod cgroup, as on worker-12' },
  'kernel-hang': { state: 'rejected', note: '' },
} as const;
const CUSTOM = {
  id: 'custom:bad-node-image',
  title: 'A bad node image',
  parent: 'other',
  note: 'same AMI as last week',
  for: ['journalctl-containerd-kubelet.txt:120'],
  against: [],
};
const SYMPTOM = {
  id: 'user:custom:checkout-hangs',
  kind: 'custom',
  title: 'checkout pod hangs',
  pod: 'payments/checkout-tkv49ntw2-qc86p',
  time: null,
  eventIds: [],
  findingIds: [],
  facts: {},
  source: 'user',
};
const DRAFT = {
  templateId: 'shim-crash-rca',
  title: 'Worker 21: shim OOM-killed',
  values: { summary: 'The shim was killed by the memcg OOM killer.', impact: ['checkout down 4 min'] },
  edited: ['summary'],
  sections: [{ id: 's1', title: 'Timeline notes', markdown: '- 07:48 kill' }],
};
const TEMPLATE = { file: 'my-rca.md', text: '---\nid: my-rca\n---\n# {{ title }}\n' };
const OVERRIDE = { sourceId: 'node.log', lineStart: 1, format: 'journalctl-short' };
const CLOCK = { year: 2025, utcOffsetMinutes: 60, bootTimes: { b0: 1764140000000000 }, accepted: true };

/** What the app wrote at each version (store.ts partialize of that version; v5 is the incident's). */
const SAVED: Record<number, Record<string, unknown>> = {
  1: { pins: [PIN, PIN2], displayZone: 'local' },
  2: { pins: [PIN], displayZone: 330, decisions: DECISIONS, customHypotheses: [CUSTOM] },
  3: {
    pins: [PIN],
    displayZone: 'utc',
    decisions: DECISIONS,
    customHypotheses: [CUSTOM],
    userSymptoms: [SYMPTOM],
  },
  4: {
    pins: [PIN],
    displayZone: 'utc',
    decisions: DECISIONS,
    customHypotheses: [CUSTOM],
    userSymptoms: [SYMPTOM],
    documentDrafts: { 'shim-crash-rca': DRAFT },
    documentTemplateId: 'shim-crash-rca',
    userTemplates: [TEMPLATE],
    redactionDisabled: ['host:k8s-worker-21'],
    redactPodNames: true,
  },
};
SAVED[5] = {
  ...SAVED[4],
  formatOverrides: [OVERRIDE],
  clockDecisions: { 'dmesg.txt': CLOCK },
};

/** A graded attempt at the sample scenario, as the Training tab saves it after a commit. */
function gradedAttempt(): TrainingAttempt {
  const open: TrainingAttempt = {
    ...newAttempt(SAMPLE_SCENARIO, 1764143000000),
    step: 3,
    hintsUsed: 1,
    checks: [{ gapId: 'kernel-log', command: 'journalctl -k', atStep: 1 }],
    ranking: ['oom-kill-cgroup', 'oom-kill-host'],
    rejected: [
      { hypothesisId: 'oom-kill-host', reason: 'CONSTRAINT_MEMCG', cites: [{ eventId: 'dmesg.txt:286' }] },
    ],
  };
  const answer = answerOf(open, {
    cause: 'oom-kill-cgroup/shim',
    pinnedEventIds: ['dmesg.txt:287'],
    verificationDone: ['verify-kernel-log'],
    at: 1764143600000,
  });
  const eventRef = (id: string) => {
    const [file, line] = id.split(':');
    return { file, line: Number(line) };
  };
  const result = grade({ manifest: SAMPLE_SCENARIO, answer, eventRef });
  // Through JSON, as it is stored.
  return JSON.parse(JSON.stringify({ ...open, committedAt: 1764143600000, answer, result }));
}
const ATTEMPT = gradedAttempt();
SAVED[6] = { ...SAVED[5], training: ATTEMPT };

describe('migrateState: one test per saved version', () => {
  it('v1 (pins and display zone): everything later at its default', () => {
    expect(migrateState(SAVED[1], 1)).toEqual({
      ...defaultIncidentState(),
      pins: [PIN, PIN2],
      displayZone: 'local',
    });
  });

  it('v2 adds decisions and custom hypotheses', () => {
    expect(migrateState(SAVED[2], 2)).toEqual({
      ...defaultIncidentState(),
      pins: [PIN],
      displayZone: 330,
      decisions: DECISIONS,
      customHypotheses: [CUSTOM],
    });
  });

  it('v3 adds named symptoms', () => {
    const s = migrateState(SAVED[3], 3);
    expect(s.userSymptoms).toEqual([SYMPTOM]);
    expect(s.decisions).toEqual(DECISIONS);
    expect(s.documentDrafts).toEqual({});
    expect(s.formatOverrides).toEqual([]);
  });

  it('v4 adds the Document tab (drafts, template on screen, loaded templates, redaction choices)', () => {
    expect(migrateState(SAVED[4], 4)).toEqual({
      ...defaultIncidentState(),
      ...SAVED[4],
    });
  });

  it('v5 adds format overrides and clock decisions; it has no training attempt', () => {
    const s = migrateState(SAVED[5], 5);
    expect(s).toEqual({ ...SAVED[5], training: null });
    // A v5 save that somehow carries an attempt (a stray key) does not get it.
    expect(migrateState({ ...SAVED[5], training: ATTEMPT }, 5).training).toBeNull();
  });

  it('v6 (current) adds the training attempt and comes back unchanged', () => {
    expect(STATE_VERSION).toBe(6);
    const s = migrateState(SAVED[6], 6);
    expect(s).toEqual(SAVED[6]);
    expect(s.training?.result?.cause.verdict).toBe('right');
    // Saved again and read back: the same state (migration is idempotent on current saves).
    expect(migrateState(JSON.parse(JSON.stringify(s)), 6)).toEqual(s);
    // An attempt still open (no answer, no grade) reads back as it was too.
    const open = { ...ATTEMPT, committedAt: null, answer: null, result: null };
    expect(migrateState({ ...SAVED[5], training: open }, 6).training).toEqual(open);
  });

  it('v6: a bad attempt is repaired part by part, or dropped when its manifest is not valid', () => {
    const read = (training: unknown) => migrateState({ ...SAVED[5], training }, 6).training;
    // No valid manifest: nothing could be replayed or graded.
    expect(read({ ...ATTEMPT, manifest: { ...SAMPLE_SCENARIO, keyEvidences: [] } })).toBeNull();
    expect(read({ ...ATTEMPT, manifest: undefined })).toBeNull();
    expect(read('attempt')).toBeNull();
    // A grade that does not read back is dropped (the app grades the kept answer again).
    const noGrade = read({ ...ATTEMPT, result: { ...ATTEMPT.result, score: '100' } });
    expect([noGrade?.answer, noGrade?.result, noGrade?.committedAt]).toEqual([
      ATTEMPT.answer,
      null,
      1764143600000,
    ]);
    // A key-evidence index past the manifest's list is not a grade of this scenario.
    const ev = ATTEMPT.result?.evidence;
    expect(
      read({ ...ATTEMPT, result: { ...ATTEMPT.result, evidence: { ...ev, found: [99] } } })?.result,
    ).toBeNull();
    // An answer that does not read back undoes the commit: the trainee commits again.
    const undone = read({ ...ATTEMPT, answer: { ...ATTEMPT.answer, cause: 7 } });
    expect([undone?.committedAt, undone?.answer, undone?.result]).toEqual([null, null, null]);
    // Bad elements cost only themselves; a step past the last is the last.
    const fixed = read({
      ...ATTEMPT,
      step: 99,
      hintsUsed: -1,
      checks: [{ command: 'dmesg', atStep: 1 }, { command: 5, atStep: 1 }, { command: 'x' }],
      ranking: ['a', 'a', 3, 'b'],
      rejected: [
        {
          hypothesisId: 'kernel-hang',
          reason: 'no lockup',
          cites: [{ eventId: '' }, { file: 'dmesg.txt', line: 3 }],
        },
        { hypothesisId: '', reason: 'x', cites: [] },
      ],
    });
    expect(fixed?.step).toBe(SAMPLE_SCENARIO.reveal.length - 1);
    expect(fixed?.hintsUsed).toBe(0);
    expect(fixed?.checks).toEqual([{ command: 'dmesg', atStep: 1 }]);
    expect(fixed?.ranking).toEqual(['a', 'b']);
    expect(fixed?.localScenarioId).toBeNull();
    expect(read({ ...ATTEMPT, localScenarioId: 'scn-0123456789abcdef' })?.localScenarioId).toBe(
      'scn-0123456789abcdef',
    );
    expect(read({ ...ATTEMPT, localScenarioId: 5 })?.localScenarioId).toBeNull();
    expect(fixed?.rejected).toEqual([
      { hypothesisId: 'kernel-hang', reason: 'no lockup', cites: [{ file: 'dmesg.txt', line: 3 }] },
    ]);
  });

  it('an older save does not get a later field even when it carries one (a stray key is ignored)', () => {
    const s = migrateState({ ...SAVED[1], decisions: DECISIONS, formatOverrides: [OVERRIDE] }, 1);
    expect(s.decisions).toEqual({});
    expect(s.formatOverrides).toEqual([]);
    const s4 = migrateState(SAVED[6], 4);
    expect(s4.clockDecisions).toEqual({});
    expect(s4.documentDrafts).toEqual(SAVED[4].documentDrafts);
  });

  it('knows versions 1..6 only', () => {
    expect([0, 1, 6, 7, 1.5, '5', null].map(isKnownStateVersion)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('migrateState: garbage', () => {
  it('null, arrays, strings and numbers give the default', () => {
    for (const g of [null, undefined, [], [PIN], 'pins', 42, true])
      for (let v = 1; v <= STATE_VERSION; v++) expect(migrateState(g, v)).toEqual(defaultIncidentState());
  });

  it('a field of the wrong type costs only itself', () => {
    const fields: (keyof IncidentState)[] = Object.keys(defaultIncidentState()) as (keyof IncidentState)[];
    for (const field of fields) {
      // Values of another type than the field's (7 is a valid zone, 'x' a valid template id).
      const valid: Partial<Record<keyof IncidentState, unknown>> = {
        displayZone: 7,
        documentTemplateId: 'x',
      };
      for (const bad of [null, 'x', 7, [1], { a: 1 }].filter((b) => b !== valid[field])) {
        const saved = { ...SAVED[6], [field]: bad };
        const s = migrateState(saved, 6);
        // The broken field is at its default, every other field is as saved.
        expect(s[field], `${field} = ${JSON.stringify(bad)}`).toEqual(defaultIncidentState()[field]);
        for (const other of fields) if (other !== field) expect(s[other]).toEqual(SAVED[6][other]);
      }
    }
  });

  it('a bad element costs only itself; missing parts of a good one are repaired', () => {
    const s = migrateState(
      {
        pins: [null, { note: 'no id' }, { eventId: 'a:1' }, PIN, { ...PIN, note: 'again' }, 3],
        displayZone: 99999,
        decisions: { a: { state: 'maybe', note: '' }, b: { state: 'open' }, c: 'x', ...DECISIONS },
        customHypotheses: [{ id: 'custom:x' }, { ...CUSTOM, parent: 'aliens', for: ['a:1', 2] }],
        userSymptoms: [
          { ...SYMPTOM, kind: 'sad' },
          { ...SYMPTOM, facts: { n: 1, o: {} }, eventIds: 'x' },
        ],
        documentDrafts: {
          other: DRAFT,
          'shim-crash-rca': { ...DRAFT, values: { ...DRAFT.values, bad: 5 }, sections: [null] },
        },
        documentTemplateId: 'shim-crash-rca',
        userTemplates: [{ file: 'a.md' }, TEMPLATE],
        redactionDisabled: ['a', 1, null],
        redactPodNames: 'yes',
        formatOverrides: [
          { ...OVERRIDE, format: 'future-format' },
          { ...OVERRIDE, lineStart: -1 },
          { ...OVERRIDE, lineStart: '1' },
          OVERRIDE,
        ],
        clockDecisions: {
          a: { year: '2025' },
          b: { year: 2025, shiftUs: 'x', pin: { eventId: 'b:1' } },
          c: null,
        },
      },
      5,
    );
    expect(s.pins).toEqual([{ eventId: 'a:1', note: '', pinnedAt: 0 }, PIN]);
    expect(s.displayZone).toBe('utc');
    expect(s.decisions).toEqual({ b: { state: 'open', note: '' }, ...DECISIONS });
    // The unknown parent is dropped (the hypothesis hangs at the top), the non-string event id too.
    expect(s.customHypotheses).toEqual([
      { id: CUSTOM.id, title: CUSTOM.title, note: CUSTOM.note, for: ['a:1'], against: [] },
    ]);
    expect(s.userSymptoms).toEqual([{ ...SYMPTOM, facts: { n: 1 }, eventIds: [] }]);
    expect(s.documentDrafts).toEqual({ 'shim-crash-rca': { ...DRAFT, sections: [] } });
    expect(s.userTemplates).toEqual([TEMPLATE]);
    expect(s.redactionDisabled).toEqual(['a']);
    expect(s.redactPodNames).toBe(false);
    expect(s.formatOverrides).toEqual([OVERRIDE]);
    expect(s.clockDecisions).toEqual({ b: { year: 2025 } });
  });

  it('a __proto__ key in a record is dropped, not turned into a prototype', () => {
    const saved = JSON.parse(
      '{"decisions":{"__proto__":{"state":"accepted","note":"x"},"a":{"state":"open","note":""}},"clockDecisions":{"__proto__":{"year":2025}}}',
    );
    const s = migrateState(saved, 5);
    expect(Object.getPrototypeOf(s.decisions)).toBe(Object.prototype);
    expect(Object.keys(s.decisions)).toEqual(['a']);
    expect((s.decisions as Record<string, unknown>).state).toBeUndefined();
    expect(Object.keys(s.clockDecisions)).toEqual([]);
  });
});

// ---------------------------------------------------------------- the property

const isRec = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown) => typeof x === 'string';
const isStrs = (x: unknown) => Array.isArray(x) && x.every(isStr);
const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/** Every field and element of a state has the type IncidentState says (written apart from state.ts). */
function shapeProblems(s: IncidentState): string[] {
  const p: string[] = [];
  const want = (ok: boolean, what: string) => {
    if (!ok) p.push(what);
  };
  want(
    Object.keys(s).sort().join() === Object.keys(defaultIncidentState()).sort().join(),
    `keys ${Object.keys(s)}`,
  );
  want(
    Array.isArray(s.pins) &&
      s.pins.every((x) => isRec(x) && isStr(x.eventId) && isStr(x.note) && isNum(x.pinnedAt)),
    'pins',
  );
  want(s.displayZone === 'utc' || s.displayZone === 'local' || isNum(s.displayZone), 'displayZone');
  want(
    isRec(s.decisions) &&
      Object.values(s.decisions).every(
        (d) => isRec(d) && ['accepted', 'rejected', 'open'].includes(d.state as string) && isStr(d.note),
      ),
    'decisions',
  );
  want(
    Array.isArray(s.customHypotheses) &&
      s.customHypotheses.every(
        (h) =>
          isStr(h.id) &&
          isStr(h.title) &&
          isStrs(h.for) &&
          isStrs(h.against) &&
          (h.parent === undefined || (CAUSE_IDS as readonly string[]).includes(h.parent)) &&
          (h.note === undefined || isStr(h.note)),
      ),
    'customHypotheses',
  );
  want(
    Array.isArray(s.userSymptoms) &&
      s.userSymptoms.every(
        (x) =>
          isStr(x.id) &&
          isStr(x.kind) &&
          isStr(x.title) &&
          (x.time === null || isNum(x.time)) &&
          isStrs(x.eventIds) &&
          isStrs(x.findingIds) &&
          isRec(x.facts) &&
          Object.values(x.facts).every((v) => isStr(v) || isNum(v)),
      ),
    'userSymptoms',
  );
  want(
    isRec(s.documentDrafts) &&
      Object.entries(s.documentDrafts).every(
        ([id, d]) =>
          d.templateId === id &&
          isStr(d.title) &&
          isRec(d.values) &&
          isStrs(d.edited) &&
          Array.isArray(d.sections) &&
          d.sections.every((x) => isStr(x.id) && isStr(x.title) && isStr(x.markdown)),
      ),
    'documentDrafts',
  );
  want(s.documentTemplateId === null || isStr(s.documentTemplateId), 'documentTemplateId');
  want(
    Array.isArray(s.userTemplates) && s.userTemplates.every((t) => isStr(t.file) && isStr(t.text)),
    'userTemplates',
  );
  want(isStrs(s.redactionDisabled), 'redactionDisabled');
  want(typeof s.redactPodNames === 'boolean', 'redactPodNames');
  want(
    Array.isArray(s.formatOverrides) &&
      s.formatOverrides.every(
        (o) =>
          isStr(o.sourceId) &&
          Number.isInteger(o.lineStart) &&
          (FORMAT_IDS as readonly string[]).includes(o.format),
      ),
    'formatOverrides',
  );
  want(
    isRec(s.clockDecisions) &&
      Object.values(s.clockDecisions).every(
        (d) =>
          isRec(d) &&
          (d.year === undefined || Number.isInteger(d.year)) &&
          (d.utcOffsetMinutes === undefined || isNum(d.utcOffsetMinutes)) &&
          (d.shiftUs === undefined || isNum(d.shiftUs)) &&
          (d.accepted === undefined || typeof d.accepted === 'boolean') &&
          (d.bootTimes === undefined || (isRec(d.bootTimes) && Object.values(d.bootTimes).every(isNum))) &&
          (d.pin === undefined || (isRec(d.pin) && isStr(d.pin.eventId) && isNum(d.pin.wallUs))),
      ),
    'clockDecisions',
  );
  want(
    s.training === null ||
      (isRec(s.training) &&
        isRec(s.training.manifest) &&
        Number.isInteger(s.training.step) &&
        isStrs(s.training.ranking) &&
        Array.isArray(s.training.checks) &&
        Array.isArray(s.training.rejected) &&
        (s.training.committedAt === null) === (s.training.answer === null) &&
        (s.training.result === null || s.training.answer !== null)),
    'training',
  );
  return p;
}

describe('migrateState: property', () => {
  it('the shape check catches a bad state (it can fail)', () => {
    const bad = { ...defaultIncidentState(), pins: [{ eventId: 1 }] } as unknown as IncidentState;
    expect(shapeProblems(bad)).toEqual(['pins']);
  });

  it('a display offset of -0 reads as 0, as JSON would write it', () => {
    expect(Object.is(migrateState({ displayZone: -0 }, STATE_VERSION).displayZone, 0)).toBe(true);
  });

  it('never throws on any JSON value and always returns a sound state', () => {
    // Arbitrary JSON, and JSON shaped like a save (the real keys with arbitrary values, and
    // real-looking elements mixed with arbitrary ones), for every version and some that are not.
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const element = fc.oneof(
      anyJson,
      fc.constantFrom<unknown>(PIN, DECISIONS, CUSTOM, SYMPTOM, DRAFT, TEMPLATE, OVERRIDE, CLOCK, ATTEMPT),
      fc.record({ eventId: anyJson, note: anyJson, pinnedAt: anyJson, state: anyJson, templateId: anyJson }),
    );
    const field = fc.oneof(anyJson, fc.array(element, { maxLength: 4 }), fc.dictionary(fc.string(), element));
    const saveLike = fc.record(
      Object.fromEntries(Object.keys(defaultIncidentState()).map((k) => [k, field])) as Record<
        string,
        typeof field
      >,
      { requiredKeys: [] },
    );
    const version = fc.oneof(fc.integer({ min: -1, max: 7 }), fc.double());
    fc.assert(
      fc.property(fc.oneof(anyJson, saveLike), version, (saved, v) => {
        const s = migrateState(saved, v);
        expect(shapeProblems(s)).toEqual([]);
        // What comes out survives JSON and reads back the same (it is a save of the current version).
        expect(migrateState(JSON.parse(JSON.stringify(s)), STATE_VERSION)).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });
});
