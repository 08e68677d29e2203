import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTexts, sampleTexts } from '../../test/helpers/analysis.ts';
import { SAMPLE_FILES } from '../../test/helpers/sample.ts';
import { VERDICTS } from '../core/analysis/model.ts';
import { rca, SAMPLE, scratchDir } from './test-io.ts';

const CONTAINER = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const tmp = scratchDir('rca-analyze-');

interface HypothesisJson {
  id: string;
  title: string;
  score: number;
  verdict: string;
  reason: string;
  for: { text: string; eventIds: string[]; weight: number }[];
  against: { text: string; eventIds: string[]; weight: number }[];
  gaps: { ask: string; command: string }[];
  children: HypothesisJson[];
}

interface AnalyzeJson {
  symptoms: { id: string; kind: string; time: string | null }[];
  findings: {
    id: string;
    rule: string;
    title: string;
    severity: string;
    time: string | null;
    eventIds: string[];
    facts: Record<string, string | number>;
  }[];
  hypotheses: HypothesisJson[];
  verdict: { cause: string; confidence: number; reason: string; hypothesis?: string };
  gaps: { ask: string; command: string }[];
  steps: { verification: { commands: string[] }[]; remediation: { branch?: string; commands: string[] }[] };
  focus: { containers: string[]; time: string | null };
}

const sample = () => SAMPLE_FILES.map((f) => join(SAMPLE, f));

describe('rca analyze --json', () => {
  it("prints DESIGN.md section 5's shape, best first, with the same verdict as the app", async () => {
    const r = await rca('analyze', '--json', '--year', '2025', ...sample());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as AnalyzeJson;
    expect(Object.keys(doc).slice(0, 4)).toEqual(['symptoms', 'findings', 'hypotheses', 'verdict']);

    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(['id', 'rule', 'title', 'severity', 'time', 'eventIds', 'facts']);
      expect(f.time === null || ISO.test(f.time), f.id).toBe(true);
    }
    // The kernel's kill line (dmesg.txt:287) with its facts and its time to the microsecond.
    const kill = doc.findings.find((f) => f.id === 'kernel.killed-process@dmesg.txt:287');
    expect(kill?.facts).toMatchObject({ pid: 2150, comm: 'containerd-shim' });
    expect(kill?.time).toBe('2025-11-24T07:48:16.532855Z');

    const walk = (hs: HypothesisJson[]): HypothesisJson[] => hs.flatMap((h) => [h, ...walk(h.children)]);
    for (const h of walk(doc.hypotheses)) {
      expect(Object.keys(h).slice(0, 9)).toEqual([
        'id',
        'title',
        'score',
        'verdict',
        'reason',
        'for',
        'against',
        'gaps',
        'children',
      ]);
      expect(VERDICTS).toContain(h.verdict);
      expect(h.score).toBeGreaterThanOrEqual(0);
      expect(h.score).toBeLessThanOrEqual(1);
      for (const g of h.gaps) expect(typeof g.ask === 'string' && typeof g.command === 'string').toBe(true);
      // Best first, at every level.
      const scores = h.children.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const top = doc.hypotheses.map((h) => h.score);
    expect(top).toEqual([...top].sort((a, b) => b - a));
    expect(doc.hypotheses).toHaveLength(11);

    // The CLI reads the files as the app does: the same verdict and tree.
    const app = await analyzeTexts(sampleTexts(), {}, { year: 2025, utcOffsetMinutes: 0 });
    expect(doc.verdict).toMatchObject({
      cause: app.verdict.cause,
      confidence: app.verdict.confidence,
      reason: app.verdict.reason,
    });
    expect(doc.hypotheses.map((h) => [h.id, h.verdict, h.score])).toEqual(
      app.hypotheses.map((h) => [h.id, h.verdict, h.score]),
    );

    // Extra: focus, steps with the incident's ids, both remediation branches; times as ISO.
    expect(doc.focus.containers).toContain(CONTAINER);
    expect(doc.focus.time === null || ISO.test(doc.focus.time)).toBe(true);
    for (const s of doc.symptoms) expect(s.time === null || ISO.test(s.time), s.id).toBe(true);
    expect(doc.steps.verification.flatMap((s) => s.commands)).toContain(`crictl inspect ${CONTAINER}`);
    expect(new Set(doc.steps.remediation.map((s) => s.branch))).toEqual(
      new Set(['metadata intact', 'metadata lost', undefined]),
    );
  });

  it('an input with no symptom still prints every hypothesis, and the verdict unknown', async () => {
    const f = join(tmp(), 'notes.txt');
    writeFileSync(f, 'nothing happened here\nall quiet on the node\n');
    const r = await rca('analyze', '--json', f);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as AnalyzeJson;
    expect(doc.symptoms).toEqual([]);
    expect(doc.verdict.cause).toBe('unknown');
    expect(doc.hypotheses).toHaveLength(11);
  });
});

describe('rca analyze (human)', () => {
  it('prints symptoms, the verdict, the tree with evidence lines, gaps and steps', async () => {
    const r = await rca('analyze', '--year', '2025', ...sample());
    expect(r.code).toBe(0);
    const doc = JSON.parse(
      (await rca('analyze', '--json', '--year', '2025', ...sample())).out,
    ) as AnalyzeJson;
    expect(r.out).toMatch(/^symptoms: 4$/m);
    expect(r.out).toMatch(/^ {2}shim-died +shim afcf4efe9792 died at 2025-11-24T07:48:16\.000000Z \[/m);
    expect(r.out).toContain(`\nverdict: ${doc.verdict.cause}`);
    expect(r.out).toContain(doc.verdict.reason);
    // Each top-level hypothesis on its own line, in the JSON's order, with verdict and score.
    const rows = [...r.out.matchAll(/^ {2}(\S+) {2}(supported|likely|open|unlikely|refuted) (\d\.\d\d) /gm)];
    expect(rows.map((m) => m[1])).toEqual(doc.hypotheses.map((h) => h.id));
    expect(rows.map((m) => Number(m[3]))).toEqual(doc.hypotheses.map((h) => Number(h.score.toFixed(2))));
    // Evidence items name their lines (file:line).
    const firstFor = doc.hypotheses.flatMap((h) => h.for).find((e) => e.eventIds.length > 0);
    if (firstFor) expect(r.out).toContain(`[${firstFor.eventIds.join(', ')}]`);
    expect(r.out).toMatch(/^gaps: \d+$/m);
    expect(r.out).toMatch(/^verification:$/m);
    expect(r.out).toContain(`     $ crictl inspect ${CONTAINER}\n`);
    expect(r.out).toMatch(/^remediation:$/m);
    expect(r.out).toMatch(/^ {2}\d+\. \[metadata intact\] /m);
    expect(r.out).toMatch(/^ {2}\d+\. \[metadata lost\] /m);
  });

  it('--utc-offset +HH:MM moves zone-less lines, as for timeline', async () => {
    const f = join(tmp(), 'journal.txt');
    writeFileSync(f, readFileSync(join(SAMPLE, 'journalctl-containerd-kubelet.txt')));
    const utc = JSON.parse((await rca('analyze', '--json', '--year', '2025', f)).out) as AnalyzeJson;
    const r = await rca('analyze', '--json', '--year', '2025', '--utc-offset', '+05:30', f);
    expect(r.code).toBe(0);
    const shifted = JSON.parse(r.out) as AnalyzeJson;
    const at = (d: AnalyzeJson) => Date.parse(d.findings.find((x) => x.time)?.time ?? '');
    expect(at(utc) - at(shifted)).toBe(330 * 60 * 1000);
  });
});

describe('rca analyze errors', () => {
  it.each([
    [['analyze']],
    [['analyze', '--json']],
    [['analyze', '--bogus', 'x.log']],
    [['analyze', '--utc-offset', 'CET', 'x.log']],
    [['analyze', '--year', 'soon', 'x.log']],
    [['analyze', '--limit', '5', 'x.log']],
  ])('usage error %j exits 2 with one line', async (argv) => {
    const r = await rca(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: [^\n]+\n$/);
  });

  it('an unreadable file exits 1 with one line and no output', async () => {
    const r = await rca('analyze', '--json', join(SAMPLE, 'dmesg.txt'), join(tmp(), 'nope.log'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^rca: .*no such file\n$/);
  });

  it('--help lists the command', async () => {
    const r = await rca('analyze', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('analyze [--json]');
  });
});
