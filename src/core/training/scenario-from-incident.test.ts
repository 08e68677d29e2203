// Drills from real incidents: the bundled sample, analysed by the Workbench as the app does it,
// with an analyst who accepted the shim branch, rejected the node-wide OOM and pinned two lines,
// saved as a scenario. What must hold: the manifest validates against its files and against the
// engine's analysis of those (redacted) files; the reference is the analyst's conclusion; the
// files carry nothing of the analyst's work and keep every line where it was; one pseudonym map
// runs through the files and the manifest; a scenario with nothing to grade is refused.
import { gzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleTexts, workbenchOf } from '../../../test/helpers/analysis.ts';
import { bundleOf, locatorOf } from '../../../test/helpers/incident-bundle.ts';
import type { AnalysisResult, AnalystDecision, CustomHypothesis } from '../analysis/model.ts';
import type { Workbench } from '../engine/workbench.ts';
import type { Pin } from '../persist/model.ts';
import { grade } from './grade.ts';
import { crossCheck, splitLines, validateManifest } from './manifest.ts';
import type { TraineeAnswer } from './model.ts';
import {
  mapManifest,
  type ScenarioDraft,
  ScenarioError,
  type ScenarioFromIncidentInput,
  safeFileName,
  scenarioFromIncident,
  scenarioIdOf,
  sourceText,
} from './scenario-from-incident.ts';

const SAVED_AT = '2026-01-02T03:04:05.000Z';
const ACCEPT_NOTE = 'The shim itself died on k8s-worker-21, charged to the pod';
const REJECT_NOTE = 'CONSTRAINT_MEMCG: the pod limit, not the node';
const PIN_NOTE = 'checkout started again after the kill';
const DECISIONS: Record<string, AnalystDecision> = {
  'oom-kill-cgroup/shim': { state: 'accepted', note: ACCEPT_NOTE },
  'oom-kill-host': { state: 'rejected', note: REJECT_NOTE },
  // The analyst's own hypothesis, rejected: not something a trainee is offered.
  'custom:bad-deploy': { state: 'rejected', note: 'no deploy that hour' },
};
const CUSTOM: CustomHypothesis[] = [{ id: 'custom:bad-deploy', title: 'A bad deploy', for: [], against: [] }];
const PINS: Pin[] = [
  { eventId: 'dmesg.txt:287', note: '', pinnedAt: 1 },
  { eventId: 'crictl-inspect.json:393', note: PIN_NOTE, pinnedAt: 2 },
  { eventId: 'gone.txt:12', note: 'a source removed since', pinnedAt: 3 },
];

const TEXTS = sampleTexts();
let wb: Workbench;
let analysis: AnalysisResult;
let input: ScenarioFromIncidentInput;
let draft: ScenarioDraft;

beforeAll(async () => {
  wb = await workbenchOf(TEXTS);
  analysis = wb.analysis({ decisions: DECISIONS, custom: CUSTOM });
  input = {
    bundle: bundleOf(TEXTS, { decisions: DECISIONS, customHypotheses: CUSTOM, pins: PINS }),
    analysis,
    locate: locatorOf(wb),
    title: 'The checkout shim on k8s-worker-21',
    difficulty: 'intermediate',
    savedAt: SAVED_AT,
  };
  draft = scenarioFromIncident(input);
}, 60_000);

describe('scenarioFromIncident: the sample, as the analyst concluded it', () => {
  it('validates against its own files, and the engine finds in them what the manifest asks', async () => {
    expect(validateManifest(draft.manifest, draft.files).errors).toEqual([]);
    expect(Object.keys(draft.files).sort()).toEqual(Object.keys(TEXTS).sort());
    // The redacted files, analysed afresh: the expected answer, the rulings and the steps are there.
    const replay = (await workbenchOf(draft.files)).analysis();
    expect(crossCheck(draft.manifest, replay)).toEqual([]);
  });

  it("expects what the analyst accepted, with the tree's evidence and the pins as key lines", () => {
    const m = draft.manifest;
    expect(m.expected).toEqual({ cause: 'oom-kill-cgroup', hypothesis: 'oom-kill-cgroup/shim' });
    expect(m.difficulty).toBe('intermediate');
    // The id is made from the redacted title: no host in it either.
    expect(m.id).toBe('the-checkout-shim-on-node-1');
    const kill = m.keyEvidence.find((k) => k.file === 'dmesg.txt' && k.line === 287);
    // The deciding line of the strongest evidence, required; the same kernel line in journalctl -k is `also`.
    expect(kill).toMatchObject({ required: true, also: ['journalctl-k.txt:287'] });
    expect(kill?.why).toMatch(/killed pid 2150 \(containerd-shim\)/);
    // The pinned crictl inspect record: its whole span counts, with the analyst's words.
    expect(m.keyEvidence.find((k) => k.file === 'crictl-inspect.json')).toEqual({
      file: 'crictl-inspect.json',
      line: 393,
      why: PIN_NOTE,
      record: [393, 405],
    });
    // dmesg.txt:287 was pinned too: one key line, not two.
    expect(m.keyEvidence.filter((k) => k.file === 'dmesg.txt' && k.line === 287)).toHaveLength(1);
    const refs = m.keyEvidence.map((k) => `${k.file}:${k.line}`);
    expect(new Set(refs).size).toBe(refs.length);
    expect(draft.notes).toContain('1 pinned line(s) could not be placed in the files and were left out.');
  });

  it('turns the rejections into rulings: the lines against the hypothesis are what a reason must show', () => {
    const r = draft.manifest.validRejections ?? {};
    expect(Object.keys(r)).toEqual(['oom-kill-host']);
    expect(r['oom-kill-host'].requires).toEqual(expect.arrayContaining(['dmesg.txt:286']));
    expect(draft.notes.join(' ')).toMatch(/A bad deploy.*not graded/);
    // The notes are the reason, for the trainer.
    expect(draft.manifest.trainerNotes).toContain(
      `Rejected **Node out of memory (global OOM killer)**: ${REJECT_NOTE}`,
    );
  });

  it("takes the analysis' verification steps, and hints from the gaps that settle the cause", () => {
    expect(draft.manifest.verification).toEqual(analysis.steps.verification.map((s) => s.id));
    expect(draft.manifest.hints.length).toBeGreaterThan(0);
    expect(draft.manifest.hints.length).toBeLessThanOrEqual(3);
    const first = analysis.gaps.find((g) => g.settles.includes('oom-kill-cgroup'));
    expect(draft.manifest.hints[0]).toEqual({ text: first?.ask, afterStep: 1 });
  });

  it('reveals the runtime state first, then the daemons, then the kernel, after the symptom alone', () => {
    const m = draft.manifest;
    expect(m.reveal.map((s) => s.files)).toEqual([
      [],
      ['crictl-ps-a.txt', 'crictl-inspect.json'],
      ['journalctl-containerd-kubelet.txt'],
      ['dmesg.txt', 'journalctl-k.txt'],
    ]);
    expect(m.sources.find((s) => s.file === 'journalctl-k.txt')?.command).toBe('journalctl -k');
    expect(m.sources.find((s) => s.file === 'crictl-ps-a.txt')?.command).toBe('crictl ps -a');
    // The symptom is what was seen, without the engine's comment on it.
    expect(m.symptom.title).toBe('shim afcf4efe9792 died');
    expect(m.symptom.text).toContain('container 7fc23ca64dfc exited with 137;');
    expect(m.symptom.text).not.toMatch(/dead-shim cleanup/);
  });

  it("keeps the analyst's conclusions out of the files: they are the sources as given, redacted", () => {
    const all = Object.values(draft.files).join('\n');
    for (const secret of [ACCEPT_NOTE, REJECT_NOTE, PIN_NOTE, 'A bad deploy', 'no deploy that hour'])
      expect(all).not.toContain(secret.replace('k8s-worker-21', 'node-1'));
    // ...and into the reference only.
    expect(draft.manifest.trainerNotes).toContain('The shim itself died on node-1, charged to the pod');
    expect(JSON.stringify({ ...draft.manifest, trainerNotes: '', keyEvidence: [] })).not.toContain(
      'The shim itself died',
    );
  });

  it('keeps every line where it was: same line count, and unredacted lines unchanged', () => {
    for (const [name, text] of Object.entries(TEXTS)) {
      const before = splitLines(text);
      const after = splitLines(draft.files[name]);
      expect(after.length, name).toBe(before.length);
      // A line changes only where a pseudonym went in.
      before.forEach((line, i) => {
        if (after[i] !== line) expect(after[i], `${name}:${i + 1}`).toMatch(/node-\d+|10\.0\.\d+\.\d+/);
      });
    }
    // The key line reads as it did, the host aside.
    expect(splitLines(draft.files['dmesg.txt'])[286]).toBe(splitLines(TEXTS['dmesg.txt'])[286]);
  });

  it('uses one pseudonym map for the files and the manifest; pods only when asked', () => {
    const everything = `${Object.values(draft.files).join('\n')}\n${JSON.stringify(draft.manifest)}`;
    expect(everything).not.toContain('k8s-worker-21');
    expect(everything).not.toContain('10.244.3.209');
    expect(everything).not.toContain('10.96.0.10');
    // The same host is node-1 in the journal, in the kernel log and in the notes and title.
    expect(draft.files['journalctl-containerd-kubelet.txt']).toMatch(/^Nov 24 \S+ node-1 /m);
    expect(draft.files['journalctl-k.txt']).toMatch(/^Nov 24 \S+ node-1 kernel:/m);
    expect(draft.manifest.title).toBe('The checkout shim on node-1');
    expect(draft.manifest.trainerNotes).toContain('("checkout Unknown on node-1")');
    expect(draft.manifest.trainerNotes).toContain('pseudonyms (node-1, 10.0.0.1, ...)');
    expect(draft.redactions.find((r) => r.kind === 'hostname')?.values).toBeGreaterThan(0);
    // Pod names kept: also where crictl inspect gives one as the pod's `"hostname"`.
    expect(draft.redactions.find((r) => r.kind === 'pod')).toBeUndefined();
    expect(draft.redactions.find((r) => r.kind === 'namespace')).toBeUndefined();
    expect(everything).toContain('payments/checkout-tkv49ntw2-qc86p');
    expect(draft.files['crictl-inspect.json']).toContain('"hostname": "checkout-tkv49ntw2-qc86p"');

    const pods = scenarioFromIncident({ ...input, redactPods: true });
    const withPods = `${Object.values(pods.files).join('\n')}\n${JSON.stringify(pods.manifest)}`;
    expect(withPods).not.toContain('checkout-tkv49ntw2-qc86p');
    expect(withPods).not.toContain('payments/');
    expect(withPods).toMatch(/ns-a\/pod-a/);
    expect(validateManifest(pods.manifest, pods.files).errors).toEqual([]);
  });

  it('carries the signature of the findings, redacted with the same map', () => {
    expect(draft.signature.verdict).toMatchObject({ cause: 'oom-kill-cgroup', by: 'analyst' });
    expect(draft.signature.rules).toContain('kernel.killed-process');
    expect(draft.signature.facts).toContain('oom-victim=containerd-shim');
  });

  it('grades: a trainee who pins every key line and names the branch gets the cause and the evidence in full', () => {
    const m = draft.manifest;
    const answer: TraineeAnswer = {
      cause: 'oom-kill-cgroup/shim',
      ranking: ['oom-kill-cgroup/shim'],
      pinned: m.keyEvidence.map((k) => ({ file: k.file, line: k.line })),
      rejected: [{ hypothesisId: 'oom-kill-host', reason: 'see dmesg.txt:286', cites: [] }],
      checks: [],
      verificationDone: [...m.verification],
      hintsUsed: 0,
      seconds: 300,
      revealedAll: false,
    };
    const r = grade({ manifest: m, answer, eventRef: () => null });
    expect(r.cause.verdict).toBe('right');
    expect(r.evidence.recall).toBe(1);
    expect(r.evidence.precision).toBe(1);
    expect(r.rejections[0]).toMatchObject({ hypothesisId: 'oom-kill-host', valid: true });
  });
});

describe('scenarioFromIncident: other incidents', () => {
  it("takes the engine's verdict when the analyst accepted nothing", async () => {
    const plain = wb.analysis();
    const d = scenarioFromIncident({ ...input, bundle: bundleOf(TEXTS), analysis: plain });
    expect(d.manifest.expected.cause).toBe(plain.verdict.cause);
    expect(d.manifest.expected.hypothesis).toBe(plain.verdict.hypothesis);
    expect(d.manifest.validRejections).toBeUndefined();
    expect(d.manifest.trainerNotes).toContain("the engine's verdict");
  });

  it('refuses an unknown verdict with nothing accepted, and says what to do', async () => {
    const files = { 'app.log': 'Nov 24 07:48:10 web-3 app[1]: hello world\n' };
    const w = await workbenchOf(files);
    const a = w.analysis();
    expect(a.verdict.cause).toBe('unknown');
    const make = () =>
      scenarioFromIncident({ ...input, bundle: bundleOf(files), analysis: a, locate: locatorOf(w) });
    expect(make).toThrow(ScenarioError);
    expect(make).toThrow(/no verdict .* accept the one you concluded on the Analysis tab/);

    // Accepted, but nothing to rest on: refused too, with what to pin.
    const decisions = { 'kernel-hang': { state: 'accepted' as const, note: '' } };
    const accepted = w.analysis({ decisions });
    const noLines = () =>
      scenarioFromIncident({
        ...input,
        bundle: bundleOf(files, { decisions }),
        analysis: accepted,
        locate: locatorOf(w),
      });
    expect(noLines).toThrow(/Nothing to grade the evidence against/);
    // With a pin, it is a scenario.
    const pinned = scenarioFromIncident({
      ...input,
      bundle: bundleOf(files, { decisions, pins: [{ eventId: 'app.log:1', note: '', pinnedAt: 1 }] }),
      analysis: accepted,
      locate: locatorOf(w),
    });
    expect(pinned.manifest.expected).toEqual({ cause: 'kernel-hang' });
    expect(pinned.manifest.keyEvidence).toEqual([
      { file: 'app.log', line: 1, why: 'The analyst pinned this line as a key event.' },
    ]);
  });

  it('expects the cause of an accepted custom hypothesis', async () => {
    const custom: CustomHypothesis[] = [
      {
        id: 'custom:leak',
        title: 'A memory leak in checkout',
        parent: 'oom-kill-cgroup',
        for: ['dmesg.txt:287'],
        against: [],
      },
    ];
    const decisions = { 'custom:leak': { state: 'accepted' as const, note: 'heap grew all morning' } };
    const a = wb.analysis({ custom, decisions });
    const d = scenarioFromIncident({
      ...input,
      bundle: bundleOf(TEXTS, { customHypotheses: custom, decisions }),
      analysis: a,
    });
    expect(d.manifest.expected).toEqual({ cause: 'oom-kill-cgroup' });
    expect(d.notes.join(' ')).toMatch(/A memory leak in checkout.*own hypothesis/);
    expect(validateManifest(d.manifest, d.files).errors).toEqual([]);
  });

  it('keeps line breaks inside a redacted multi-line secret, and reads gzip sources', async () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEAx1y2z3',
      'QWERTYUIOPasdfghjkl1234',
      '-----END RSA PRIVATE KEY-----',
    ];
    const leak = [
      'Nov 24 07:48:01 web-3 deployer[9]: writing key',
      ...key,
      'Nov 24 07:48:02 web-3 deployer[9]: done',
    ].join('\n');
    const files = { 'deploy.log': `${leak}\n`, 'dmesg.txt': TEXTS['dmesg.txt'] };
    const w = await workbenchOf(files);
    const a = w.analysis();
    const d = scenarioFromIncident({
      ...input,
      bundle: bundleOf({
        'deploy.log': gzipSync(new TextEncoder().encode(`${leak}\n`)),
        'dmesg.txt': TEXTS['dmesg.txt'],
      }),
      analysis: a,
      locate: locatorOf(w),
    });
    const out = splitLines(d.files['deploy.log']);
    expect(out).toHaveLength(6);
    expect(d.files['deploy.log']).not.toContain('MIIEpAIBAAKCAQEAx1y2z3');
    expect(out[5]).toBe('Nov 24 07:48:02 node-1 deployer[9]: done');
    expect(validateManifest(d.manifest, d.files).errors).toEqual([]);
  });
});

describe('helpers', () => {
  it('decodes sources as the engine reads them', () => {
    const text = 'a\nb\n';
    expect(sourceText(new TextEncoder().encode(text))).toBe(text);
    expect(sourceText(gzipSync(new TextEncoder().encode(text)))).toBe(text);
    const le = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0]);
    expect(sourceText(le)).toBe('a\n');
  });

  it('makes plain, manifest-safe file names and ids', () => {
    expect(safeFileName('/var/log/kern.log')).toBe('kern.log');
    expect(safeFileName('C:\\logs\\my dmesg (1).txt')).toBe('my_dmesg_1_.txt');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('...')).toBe('source.txt');
    expect(scenarioIdOf('Worker 21: shim OOM!')).toBe('worker-21-shim-oom');
    expect(scenarioIdOf('***')).toBe('incident-drill');
    expect(scenarioIdOf('x'.repeat(100))).toHaveLength(64);
  });

  it('maps every text and file reference of a manifest, and nothing else', () => {
    const m = draft.manifest;
    const upper = mapManifest(
      m,
      (s) => s.toUpperCase(),
      (f) => `x-${f}`,
    );
    expect(upper.expected).toEqual(m.expected);
    expect(upper.verification).toEqual(m.verification);
    expect(upper.keyEvidence[0].file).toBe(`x-${m.keyEvidence[0].file}`);
    expect(upper.keyEvidence[0].also?.[0]).toBe(`x-${m.keyEvidence[0].also?.[0]}`);
    expect(upper.validRejections?.['oom-kill-host'].requires?.[0]).toMatch(/^x-dmesg\.txt:\d+$/);
    expect(upper.title).toBe(m.title.toUpperCase());
    expect(upper.reveal[1].files.every((f) => f.startsWith('x-'))).toBe(true);
  });
});
