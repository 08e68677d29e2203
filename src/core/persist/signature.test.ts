// Signatures of real analyses: the bundled sample incident and corpus cases, run through the
// Workbench as the app runs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeTexts, corpusTexts } from '../../../test/helpers/analysis.ts';
import { corpusCases } from '../../../test/helpers/corpus.ts';
import { SAMPLE_FILES } from '../../../test/helpers/sample.ts';
import type { AnalysisResult } from '../analysis/model.ts';
import type { Finding } from '../analysis/rule-schema.ts';
import { MAX_FACTS, signatureOf } from './signature.ts';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', '..', 'public', 'sample');
const sampleTexts = () =>
  Object.fromEntries(SAMPLE_FILES.map((f) => [f, readFileSync(join(SAMPLE_DIR, f), 'utf8')]));

const caseResult = (id: string) => {
  const c = corpusCases().find((x) => x.id === id);
  if (!c) throw new Error(`no corpus case ${id}`);
  return analyzeTexts(corpusTexts(c));
};

const isSortedUnique = (xs: readonly string[]) => xs.every((x, i) => i === 0 || xs[i - 1] < x);

describe('signatureOf: the sample incident (shim OOM-killed in its pod cgroup)', () => {
  let r: AnalysisResult;
  beforeAll(async () => {
    r = await analyzeTexts(sampleTexts());
  });

  it('lists the rules that fired, sorted and unique', () => {
    const s = signatureOf(r);
    expect(s.rules).toEqual([...new Set(r.findings.map((f) => f.rule))].sort());
    expect(isSortedUnique(s.rules)).toBe(true);
    expect(s.rules).toEqual(
      expect.arrayContaining(['kernel.killed-process', 'kernel.oom-invoked', 'containerd.shim-disconnected']),
    );
  });

  it('keeps the facts that tell this kind of incident: causes, symptoms, the OOM, exit codes', () => {
    const s = signatureOf(r);
    expect(s.facts).toEqual(
      expect.arrayContaining([
        'cause=oom-kill-cgroup',
        'cause=oom-kill-cgroup/shim',
        'oom=memcg',
        'oom-victim=containerd-shim',
        'exit=137',
        'symptom=exit-137',
        'symptom=shim-died',
        'symptom=container-unknown',
      ]),
    );
    expect(isSortedUnique(s.facts)).toBe(true);
    expect(s.facts.length).toBeLessThanOrEqual(MAX_FACTS);
    // Only supported or likely causes: the refuted and unlikely ones are not this incident.
    expect(s.facts).not.toContain('cause=kernel-hang');
    expect(s.facts).not.toContain('cause=oom-kill-host');
    // Nothing that is new in every incident: pids, container ids, addresses.
    expect(s.facts.join(' ')).not.toMatch(/2150|7fc23ca64dfc|afcf4efe9792|d517e8fc8c3f/);
    for (const f of s.facts) expect(f).toMatch(/^[a-z-]+=\S+$/);
  });

  it('carries the verdict: cause, the tree title as label, confidence, by', () => {
    const s = signatureOf(r);
    expect(s.verdict).toEqual({
      cause: 'oom-kill-cgroup',
      label: r.hypotheses.find((h) => h.id === 'oom-kill-cgroup')?.title,
      confidence: r.verdict.confidence,
      by: 'engine',
    });
    expect(s.verdict?.label).toMatch(/OOM killer/);
    expect(signatureOf(r, (id) => `label of ${id}`).verdict?.label).toBe('label of oom-kill-cgroup');
  });

  it("follows the analyst: an accepted hypothesis is the verdict, by 'analyst', and a fact", async () => {
    const decided = await analyzeTexts(sampleTexts(), {
      decisions: { 'oom-kill-host': { state: 'accepted', note: 'the node was full' } },
    });
    const s = signatureOf(decided);
    expect(s.verdict).toMatchObject({ cause: 'oom-kill-host', by: 'analyst' });
    expect(s.facts).toContain('accepted=oom-kill-host');
  });

  it('is the same for the same analysis (stable for search and recall)', () => {
    expect(signatureOf(r)).toEqual(signatureOf(structuredClone(r)));
  });
});

describe('signatureOf: corpus cases', () => {
  it('no verdict when the cause is unknown', async () => {
    const r = await caseResult('containerd-10636-lost-control-of-shim');
    expect(r.verdict.cause).toBe('unknown');
    const s = signatureOf(r);
    expect(s.verdict).toBeNull();
    expect(s.rules.length).toBeGreaterThan(0);
  });

  it('a host OOM: global scope and the victim', async () => {
    const s = signatureOf(await caseResult('moby-33728-host-oom-influxd-still-up'));
    expect(s.facts).toEqual(
      expect.arrayContaining(['cause=oom-kill-host', 'oom=global', 'oom-victim=influxd']),
    );
    expect(s.verdict?.cause).toBe('oom-kill-host');
  });

  it('an eviction: the resource; a userspace OOM killer: oom=userspace; image GC: its reasons', async () => {
    expect(signatureOf(await caseResult('minikube-4084-ephemeral-storage-eviction')).facts).toContain(
      'eviction=ephemeral-storage',
    );
    expect(signatureOf(await caseResult('talos-12526-userspace-oom-controller-kill')).facts).toContain(
      'oom=userspace',
    );
    expect(signatureOf(await caseResult('k3d-130-image-gc-failed-disk-space')).facts).toEqual(
      expect.arrayContaining(['reason=FreeDiskSpaceFailed', 'cause=disk-full/image-gc']),
    );
  });
});

describe('signatureOf: limits and spelling', () => {
  let r: AnalysisResult;
  beforeAll(async () => {
    r = await analyzeTexts(sampleTexts());
  });

  const finding = (rule: string, facts: Finding['facts'], i: number): Finding => ({
    id: `${rule}@x:${i}`,
    rule,
    title: rule,
    severity: 'high',
    time: null,
    eventIds: [`x:${i}`],
    facts,
  });

  it(`keeps at most ${MAX_FACTS} facts, the causes and symptoms first`, () => {
    const many = {
      ...r,
      findings: [
        ...r.findings,
        ...Array.from({ length: 100 }, (_, i) =>
          finding('containerd.task-exit', { exitStatus: 1000 + i }, i),
        ),
      ],
    };
    const s = signatureOf(many);
    expect(s.facts.length).toBe(MAX_FACTS);
    expect(isSortedUnique(s.facts)).toBe(true);
    expect(s.facts).toEqual(
      expect.arrayContaining(['cause=oom-kill-cgroup', 'symptom=shim-died', 'oom=memcg']),
    );
  });

  it("one spelling for a signal (systemd's KILL is SIGKILL); long or spaced values are left out", () => {
    const s = signatureOf({
      ...r,
      findings: [
        finding(
          'systemd.main-process-killed',
          { unit: 'containerd.service', code: 'killed', signal: 'KILL' },
          1,
        ),
        finding('node.userspace-oom-killer', { signal: 'SIGTERM', comm: 'x' }, 2),
        finding(
          'kernel.killed-process',
          { scope: 'memcg', reason: 'Memory cgroup out of memory', comm: 'java' },
          3,
        ),
        finding('runtime.exit-code', { exitCode: 137, reason: 'OOMKilled' }, 4),
      ],
    });
    expect(s.facts).toEqual(
      expect.arrayContaining([
        'signal=SIGKILL',
        'signal=SIGTERM',
        'oom-victim=java',
        'reason=OOMKilled',
        'exit=137',
      ]),
    );
    expect(s.facts.some((f) => f.startsWith('reason=Memory'))).toBe(false);
    // systemd's `code=killed` is how the process ended, not an exit code.
    expect(s.facts).not.toContain('exit=killed');
  });
});
