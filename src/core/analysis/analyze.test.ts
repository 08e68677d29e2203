// analyze(): the tree around the cause modules - ordering, the overall verdict, the analyst's
// decisions and own hypotheses, gap merging - with hand-made modules so each rule is seen alone.
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import type { HypothesisModule } from './hypotheses/module.ts';
import type { CauseId, Evidence } from './model.ts';

const ev = (weight: number, text: string): Evidence => ({
  id: text,
  kind: 'finding',
  weight,
  text,
  eventIds: ['k.txt:1'],
});

function mod(
  cause: CauseId,
  forW: number[],
  againstW: number[] = [],
  gapIds: string[] = [],
): HypothesisModule {
  return {
    cause,
    title: cause,
    evaluate: () => ({
      title: cause,
      for: forW.map((w, k) => ev(w, `${cause} for ${k}`)),
      against: againstW.map((w, k) => ev(w, `${cause} against ${k}`)),
      gaps: gapIds.map((id) => ({ id, ask: `collect ${id}`, command: `cat ${id}`, settles: [cause] })),
      children:
        cause === 'oom-kill-cgroup'
          ? [
              {
                id: 'oom-kill-cgroup/shim',
                title: 'the shim',
                for: forW.map((w, k) => ev(w, `shim ${k}`)),
                against: [],
                gaps: [],
              },
            ]
          : [],
    }),
  };
}

const base = { findings: [], symptoms: [], coverage: [] };

describe('analyze', () => {
  it('puts the best first and names a likely child as the winning hypothesis', () => {
    const r = analyze({
      ...base,
      modules: [mod('manual-or-automation-kill', [0.3]), mod('oom-kill-cgroup', [0.9])],
    });
    expect(r.hypotheses.map((h) => h.id)).toEqual(['oom-kill-cgroup', 'manual-or-automation-kill']);
    expect(r.verdict).toMatchObject({
      cause: 'oom-kill-cgroup',
      hypothesis: 'oom-kill-cgroup/shim',
      by: 'engine',
    });
    expect(r.verdict.confidence).toBeCloseTo(0.91);
  });

  it('says unknown, with the best candidate, when nothing is at least likely', () => {
    const r = analyze({ ...base, modules: [mod('disk-full', [0.2]), mod('other', [])] });
    expect(r.verdict.cause).toBe('unknown');
    expect(r.verdict.reason).toMatch(/^No cause has enough evidence: the best, disk-full, is open/);
  });

  it('lets an accepted hypothesis decide, and keeps the engine verdict beside it', () => {
    const r = analyze({
      ...base,
      modules: [mod('oom-kill-cgroup', [0.9]), mod('manual-or-automation-kill', [0.2])],
      decisions: { 'manual-or-automation-kill': { state: 'accepted', note: 'the operator ran kill -9' } },
    });
    expect(r.verdict).toMatchObject({ cause: 'manual-or-automation-kill', by: 'analyst' });
    expect(r.verdict.reason).toContain('the operator ran kill -9');
    const h = r.hypotheses.find((x) => x.id === 'manual-or-automation-kill');
    expect(h?.decision).toEqual({ state: 'accepted', note: 'the operator ran kill -9' });
    expect(h?.verdict).toBe('open');
  });

  it('passes over a rejected winner to the next likely cause', () => {
    const r = analyze({
      ...base,
      modules: [mod('oom-kill-cgroup', [0.9]), mod('kernel-hang', [0.6])],
      decisions: { 'oom-kill-cgroup': { state: 'rejected', note: 'the memcg was someone else' } },
    });
    expect(r.verdict.cause).toBe('kernel-hang');
    expect(r.hypotheses[0].decision?.state).toBe('rejected');
  });

  it('scores a custom hypothesis from the attached events and hangs it under its parent', () => {
    const r = analyze({
      ...base,
      modules: [mod('oom-kill-cgroup', [0.9]), mod('other', [])],
      custom: [
        { id: 'custom:cron-job', title: 'A cron job', for: ['j.txt:3', 'j.txt:9'], against: [] },
        {
          id: 'custom:leak',
          title: 'A leak in the shim',
          parent: 'oom-kill-cgroup',
          for: ['d.txt:2'],
          against: ['d.txt:5'],
        },
      ],
    });
    const top = r.hypotheses.find((h) => h.id === 'custom:cron-job');
    expect(top).toMatchObject({ cause: 'other', custom: true, verdict: 'supported' });
    expect(top?.for.map((e) => e.eventIds[0])).toEqual(['j.txt:3', 'j.txt:9']);
    const child = r.hypotheses
      .find((h) => h.id === 'oom-kill-cgroup')
      ?.children.find((c) => c.id === 'custom:leak');
    expect(child).toMatchObject({ custom: true, cause: 'oom-kill-cgroup' });
    expect(child?.against[0].kind).toBe('analyst');
  });

  it('merges the gaps of open hypotheses by id and drops those of settled ones', () => {
    const r = analyze({
      ...base,
      modules: [
        mod('oom-kill-cgroup', [0.2], [], ['kernel-log']),
        mod('oom-kill-host', [], [], ['kernel-log', 'meminfo']),
        mod('disk-full', [0.95], [], ['df']),
      ],
    });
    expect(r.gaps.map((g) => g.id)).toEqual(['kernel-log', 'meminfo']);
    expect(r.gaps[0].settles).toEqual(['oom-kill-cgroup', 'oom-kill-host']);
  });
});
