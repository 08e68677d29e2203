// Scenarios of cause `runtime-error` (issue 5 part 3: for, against, gap), through the whole
// analysis as the app runs it: a runtime that refused to create the sandbox (k3s#1016) is one;
// a failure that names an exhausted resource (containerd-cri-448) or a death a kill explains (the
// sample) is not; runtime state that drifted (containerd#10636) says what, not why, and stays open.
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeSample,
  expectBelowLikelyOnUnknownCases,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

const ID = 'runtime-error';

describe('runtime-error', () => {
  it('for: a sandbox the runtime failed to create (k3s#1016, oom_score_adj refused) makes runc the verdict', async () => {
    const r = await analyzeCase('k3s-1016');
    const summary = treeSummary(r);
    expect(r.verdict.cause, summary).toBe(ID);
    expect(r.verdict.hypothesis).toBe(`${ID}/runc`);
    const runc = hypothesis(r, `${ID}/runc`);
    expect(runc.score).toBeGreaterThanOrEqual(0.5);
    // kubectl-events.txt:5 is `Warning FailedCreatePodSandBox ... write /proc/797/oom_score_adj: invalid argument`.
    expect(runc.for[0].eventIds[0]).toBe('kubectl-events.txt:5');
    expect(hypothesis(r, `${ID}/state-mismatch`).verdict).toBe('open');
  });

  it('against: a shim that could not start because files ran out (containerd-cri-448) is not a runtime fault', async () => {
    const r = await analyzeCase('containerd-cri-448');
    const h = hypothesis(r, ID);
    const summary = treeSummary(r);
    expect(h.for, summary).toEqual([]);
    // Three `failed to start shim: open /dev/null: too many open files` lines are one item.
    expect(h.against).toHaveLength(1);
    expect(h.against[0].id).toBe('findings:resource-exhausted');
    expect(h.against[0].eventIds).toEqual(['errors.txt:1', 'errors.txt:2', 'errors.txt:3']);
    expect(h.verdict).toBe('unlikely');
  });

  it('against: on the sample the OOM kill of the shim explains the death', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, ID);
    expect(['unlikely', 'refuted'], treeSummary(r)).toContain(h.verdict);
    expect(h.against[0].kind).toBe('join');
    expect(h.against[0].text).toMatch(/pid 2150/);
  });

  it('for, lines alone: an exec refused in a stopped container (containerd#10636) is one state-mismatch item, open', async () => {
    const r = await analyzeCase('containerd-10636');
    const summary = treeSummary(r);
    const m = hypothesis(r, `${ID}/state-mismatch`);
    // The line is both `OCI runtime exec failed` and `cannot exec in a stopped container`: one item.
    expect(
      m.for.map((e) => e.eventIds),
      summary,
    ).toEqual([['journalctl-containerd.txt:1']]);
    expect(hypothesis(r, `${ID}/runc`).for).toEqual([]);
    expect(m.verdict).toBe('open');
    expect(m.score).toBeLessThan(0.5);
  });

  it('gap: a task ctr lists UNKNOWN (containerd#3938) asks for crictl inspect, ctr tasks and runc list', async () => {
    const r = await analyzeCase('containerd-3938');
    const h = hypothesis(r, ID);
    const summary = treeSummary(r);
    expect(h.verdict, summary).toBe('open');
    const byId = Object.fromEntries(h.gaps.map((g) => [g.id, g.command]));
    expect(byId['crictl-inspect']).toBe(
      'crictl inspect bbb425b0807133b5db7f01ff1e4ff1b21f16a0c90ae4033f76d055a438a033eb',
    );
    expect(byId['ctr-tasks']).toBe('ctr -n k8s.io tasks ls');
    expect(byId['runc-list']).toBe('runc --root /run/containerd/runc/k8s.io list');
    expect(hypothesis(r, `${ID}/state-mismatch`).gaps[0].id).toBe('ctr-tasks');
  });

  it('stays below likely on every corpus case the threads left unknown', async () => {
    await expectBelowLikelyOnUnknownCases(ID);
  });
});
