// Scenarios of the PID cause (issue 5 part 3): the pids controller's fork rejection decides a
// cgroup's pids.max, a program's EAGAIN from fork only suggests a task limit (which one it does
// not say), an OOM kill of the focus argues against, and the gaps ask for the pod's pids files.
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  analyzeTexts,
  hypothesis,
  sampleWithout,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

describe('pid-exhaustion', () => {
  it("is the verdict for the pids controller's fork rejection (minikube-19820), a cgroup's limit", async () => {
    const r = await analyzeCase('minikube-19820-podman-pids-limit-fork-rejected');
    const summary = treeSummary(r);
    expect(r.verdict.cause, summary).toBe('pid-exhaustion');
    expect(r.verdict.hypothesis, summary).toBe('pid-exhaustion/cgroup');
    const c = hypothesis(r, 'pid-exhaustion/cgroup');
    expect(c.for[0].eventIds).toEqual(['dmesg.txt:1']);
    expect(c.for[0].text).toMatch(/libpod-76c59b6210f0/);
    // A cgroup's pids.max was hit, not the node's pid_max.
    expect(['unlikely', 'refuted'], summary).toContain(hypothesis(r, 'pid-exhaustion/host').verdict);
  });

  it('takes EAGAIN from fork as a suggestion that does not say which limit', async () => {
    // The node.pid-limit rule example (bash in a podman container at PidsLimit 2048, containers/podman#17647).
    const r = await analyzeLines('shell.txt', 'bash: fork: retry: Resource temporarily unavailable');
    const summary = treeSummary(r);
    const h = hypothesis(r, 'pid-exhaustion');
    expect(h.for).toHaveLength(1);
    expect(h.for[0].text).toMatch(/fork failed with EAGAIN/);
    expect(h.verdict, summary).toBe('likely');
    // Neither child is decided by it.
    expect(hypothesis(r, 'pid-exhaustion/cgroup').for).toHaveLength(0);
    expect(hypothesis(r, 'pid-exhaustion/host').for).toHaveLength(0);
  });

  it('is unlikely on the sample, where the OOM kill of the shim explains the death, and asks for the pods files', async () => {
    const r = await analyzeSample();
    const summary = treeSummary(r);
    const h = hypothesis(r, 'pid-exhaustion');
    expect(['unlikely', 'refuted'], summary).toContain(h.verdict);
    expect(h.against[0].eventIds).toContain('dmesg.txt:287');
    const g = h.gaps.find((x) => x.id === 'pids-limits');
    expect(g?.command).toContain('4e6988f1?63e6?4d27?9e8d?ba45452fbf7a');
    expect(g?.command).toContain('pids.events');
  });

  it('stays open with nothing for or against it, asking for the node limits too', async () => {
    const files = sampleWithout('dmesg.txt', 'journalctl-k.txt');
    const r = await analyzeTexts(files);
    const h = hypothesis(r, 'pid-exhaustion');
    expect(h.verdict, treeSummary(r)).toBe('open');
    expect(h.gaps.find((g) => g.id === 'pid-max')?.command).toContain('/proc/sys/kernel/pid_max');
  });
});
