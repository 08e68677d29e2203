// Scenarios of the other-cgroup-limit cause (issue 5 part 3): ENOSPC while creating a cgroup is
// the kernel's cgroup count limit, not a full disk (moby-29638); ENOSPC from inotify is not this
// cause; an OOM kill of the focus argues against it; the gap asks for the cgroup count.
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

describe('cgroup-limit-other', () => {
  it('is the verdict for `mkdir /sys/fs/cgroup/...: no space left on device` (moby-29638)', async () => {
    const r = await analyzeCase('moby-29638-memcg-count-limit-enospc');
    const summary = treeSummary(r);
    expect(r.verdict.cause, summary).toBe('cgroup-limit-other');
    const h = hypothesis(r, 'cgroup-limit-other');
    expect(h.verdict).toBe('supported');
    expect(h.for[0].eventIds).toEqual(['docker-error-inline.txt:1']);
    expect(h.for[0].text).toMatch(/not a disk/);
    expect(h.for[0].text).toMatch(/\/sys\/fs\/cgroup\/memory\/docker\/9f70e4294eb6/);
  });

  it('does not take ENOSPC from inotify for a cgroup limit', async () => {
    // The node.inotify-limit rule example (emcrisostomo/fswatch#232).
    const r = await analyzeLines('error.txt', 'inotify_add_watch: No space left on device');
    const h = hypothesis(r, 'cgroup-limit-other');
    expect(h.for).toHaveLength(0);
    expect(r.verdict.cause, treeSummary(r)).not.toBe('cgroup-limit-other');
  });

  it('is unlikely on the sample, where an OOM kill explains the death', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, 'cgroup-limit-other');
    expect(['unlikely', 'refuted'], treeSummary(r)).toContain(h.verdict);
    expect(h.against[0].text).toMatch(/an OOM kill explains the death/);
  });

  it('stays open without evidence and asks for the cgroup count and the pod cgroup counters', async () => {
    const files = sampleWithout('dmesg.txt', 'journalctl-k.txt');
    const r = await analyzeTexts(files);
    const h = hypothesis(r, 'cgroup-limit-other');
    expect(h.verdict, treeSummary(r)).toBe('open');
    expect(h.gaps.find((g) => g.id === 'cgroup-count')?.command).toContain('/proc/cgroups');
    expect(h.gaps.find((g) => g.id === 'cgroup-events')?.command).toContain(
      '4e6988f1?63e6?4d27?9e8d?ba45452fbf7a',
    );
  });
});
