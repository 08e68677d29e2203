import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Gap, Hypothesis } from '../../core/analysis/model.ts';
import { VERIFICATION_STEP_IDS } from '../../core/training/manifest.ts';
import { SAMPLE_SCENARIO as M } from '../../core/training/sample-scenario.ts';
import {
  choicesOf,
  formatDuration,
  gapsOf,
  missingFiles,
  rankedChoices,
  verificationChoices,
} from './training-model.ts';
import { hintsOffered } from './use-training.ts';

const hyp = (id: string, score: number, children: Hypothesis[] = []): Hypothesis => ({
  id,
  cause: id.split('/')[0] as Hypothesis['cause'],
  title: `title of ${id}`,
  score,
  verdict: score > 0.5 ? 'supported' : 'open',
  reason: 'why',
  for: [],
  against: [],
  gaps: [],
  children,
  explains: [],
});
const gap = (id: string, ask: string): Gap => ({ id, ask, command: `cmd ${id}`, settles: [] });

/** An analysis as the engine sorts it: the best first, so its order gives the winner away. */
const ANALYSIS = {
  hypotheses: [
    hyp('shim-bug-or-deadlock', 0.9, [
      hyp('shim-bug-or-deadlock/deadlock', 0.9),
      hyp('shim-bug-or-deadlock/crash', 0.1),
    ]),
    hyp('disk-full', 0.3),
    hyp('oom-kill-cgroup', 0.1, [hyp('oom-kill-cgroup/shim', 0.1), hyp('oom-kill-cgroup/container', 0.05)]),
  ],
  gaps: [gap('b', 'Zebra first by score'), gap('a', 'Apple last by score')],
  steps: {
    verification: [
      { id: 'verify-shim-bug', title: 'Record the versions of the winner', detail: '', commands: [] },
      { id: 'gap:kernel-log', title: 'Collect the kernel log', detail: '', commands: [] },
    ],
    remediation: [],
  },
} as unknown as AnalysisResult;

describe('what the exercise shows of the analysis', () => {
  it('lists hypotheses in the fixed cause order with their children by id, titles only', () => {
    const choices = choicesOf(ANALYSIS);
    expect(choices.map((c) => c.id)).toEqual(['oom-kill-cgroup', 'disk-full', 'shim-bug-or-deadlock']);
    expect(choices[2].children.map((c) => c.id)).toEqual([
      'shim-bug-or-deadlock/crash',
      'shim-bug-or-deadlock/deadlock',
    ]);
    // Nothing but ids and titles: no verdict, score or reason to read the answer from.
    expect(Object.keys(choices[0]).sort()).toEqual(['children', 'id', 'title']);
    expect(Object.keys(choices[0].children[0]).sort()).toEqual(['id', 'title']);
  });

  it('puts the trainee ranking first, then the rest in the fixed order; unknown ids are dropped', () => {
    const ranked = rankedChoices(choicesOf(ANALYSIS), ['shim-bug-or-deadlock', 'gone']);
    expect(ranked.map((c) => c.id)).toEqual(['shim-bug-or-deadlock', 'oom-kill-cgroup', 'disk-full']);
  });

  it('sorts gaps by their wording, not by score', () => {
    expect(gapsOf(ANALYSIS).map((g) => g.id)).toEqual(['a', 'b']);
    expect(gapsOf(undefined)).toEqual([]);
  });

  it('offers every verification step in one fixed list, whatever won, and the open questions after', () => {
    const list = verificationChoices(ANALYSIS);
    expect(list.slice(0, VERIFICATION_STEP_IDS.length).map((v) => v.id)).toEqual([...VERIFICATION_STEP_IDS]);
    // The generic title, not the analysis' own (which names the winning branch's ids).
    expect(list.find((v) => v.id === 'verify-shim-bug')?.title).toBe(
      'Record the runtime versions and containerd stacks',
    );
    expect(list.slice(VERIFICATION_STEP_IDS.length)).toEqual([
      { id: 'gap:kernel-log', title: 'Collect the kernel log' },
    ]);
    expect(verificationChoices(undefined)).toHaveLength(VERIFICATION_STEP_IDS.length);
    // Every id a manifest may expect can be ticked.
    for (const id of M.verification) expect(list.map((v) => v.id)).toContain(id);
  });

  it('keeps a shown hint the same as steps go by (earliest step first)', () => {
    const m = {
      ...M,
      hints: [{ text: 'late', afterStep: 3 }, { text: 'early', afterStep: 1 }, { text: 'always' }],
    };
    expect(hintsOffered(m, 0).map((h) => h.text)).toEqual(['always']);
    expect(hintsOffered(m, 1).map((h) => h.text)).toEqual(['always', 'early']);
    expect(hintsOffered(m, 3).map((h) => h.text)).toEqual(['always', 'early', 'late']);
  });

  it('formats time spent and finds the files still to add', () => {
    expect([0, 59, 61, 600, 3725].map(formatDuration)).toEqual([
      '0 s',
      '59 s',
      '1 min 01 s',
      '10 min 00 s',
      '1 h 02 min',
    ]);
    expect(missingFiles(['a', 'b', 'c'], ['b'])).toEqual(['a', 'c']);
  });
});
