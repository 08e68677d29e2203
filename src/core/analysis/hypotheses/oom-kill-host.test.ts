// Scenarios of the node-wide OOM cause (issue 5 part 3): a global kill (old and new wording) is
// for it, a memory-cgroup kill of the same death is against it, a memory-pressure eviction
// suggests it, a kernel log over the death without an OOM line argues against, and without a
// kernel log it stays open with the commands to run.
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  analyzeTexts,
  hypothesis,
  sampleTexts,
  sampleWithout,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

describe('oom-kill-host', () => {
  it('is unlikely on the sample: the kill of the focus shim was at a memory cgroup limit', async () => {
    const r = await analyzeSample();
    const summary = treeSummary(r);
    const h = hypothesis(r, 'oom-kill-host');
    expect(['unlikely', 'refuted'], summary).toContain(h.verdict);
    const memcg = h.against.find((e) => e.eventIds.includes('dmesg.txt:287'));
    expect(memcg?.text).toMatch(/pid 2150 is the shim of sandbox afcf4efe9792/);
    expect(memcg?.text).toMatch(/not the node/);
    expect(h.for.filter((e) => e.weight > 0.2)).toHaveLength(0);
  });

  it('is the verdict for a global kill with the old wording (moby-33728), one kill from two lines', async () => {
    const r = await analyzeCase('moby-33728-host-oom-influxd-still-up');
    const summary = treeSummary(r);
    expect(r.verdict.cause, summary).toBe('oom-kill-host');
    const h = hypothesis(r, 'oom-kill-host');
    expect(h.verdict).toBe('supported');
    // `Out of memory: Kill process 1877 (influxd) score 760 or sacrifice child` gives the scope to
    // the bare `Killed process 1877` line after it: one kill.
    expect(h.for).toHaveLength(1);
    expect(h.for[0].eventIds).toEqual(['dmesg.txt:2', 'dmesg.txt:1']);
    expect(h.for[0].text).toMatch(/node-wide OOM killer killed pid 1877 \(influxd\)/);
    // And the cgroup cause is argued against by it.
    const cg = hypothesis(r, 'oom-kill-cgroup');
    expect(['unlikely', 'refuted'], summary).toContain(cg.verdict);
    expect(cg.against[0].text).toMatch(/node-wide/);
  });

  it('reads the 6.1 global report example (CONSTRAINT_NONE, global_oom) as a host kill', async () => {
    // kernel.oom-kill-line and kernel.killed-process rule examples (src/core/analysis/rules/kernel.json).
    const r = await analyzeLines('dmesg.txt', [
      '[  315.100115] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/postgresql.service,task=postgres,pid=2201,uid=105',
      '[  315.100120] Out of memory: Killed process 2201 (postgres) total-vm:3102440kB, anon-rss:1670644kB, file-rss:0kB, shmem-rss:1852kB, UID:105 pgtables:3336kB oom_score_adj:0',
    ]);
    const summary = treeSummary(r);
    expect(r.verdict.cause, summary).toBe('oom-kill-host');
    const h = hypothesis(r, 'oom-kill-host');
    expect(h.for).toHaveLength(1);
    expect(h.for[0].eventIds).toEqual(['dmesg.txt:2', 'dmesg.txt:1']);
    // postgres in system.slice is no container's: neither child can claim it.
    expect(hypothesis(r, 'oom-kill-host/container').for).toHaveLength(0);
    expect(hypothesis(r, 'oom-kill-host/shim').for, summary).toHaveLength(0);
  });

  it('takes a memory-pressure eviction as a suggestion of a node short of memory', async () => {
    // The kubelet.eviction rule example: an Evicted pod's status message.
    const r = await analyzeLines(
      'pod-status.txt',
      'The node was low on resource: memory. Container prometheus-server was using 3885112Ki, which exceeds its request of 0. Container prometheus-server-configmap-reload was using 2100Ki, which exceeds its request of 0.',
    );
    const h = hypothesis(r, 'oom-kill-host');
    const e = h.for.find((x) => x.findingId?.startsWith('kubelet.eviction@'));
    expect(e?.weight).toBe(0.5);
    expect(e?.text).toMatch(/short of memory/);
    expect(h.verdict, treeSummary(r)).not.toBe('supported');
  });

  it('is argued against by a kernel log that covers the death and has no OOM line', async () => {
    const files = sampleTexts();
    const k = files['journalctl-k.txt'].split('\n');
    delete files['dmesg.txt'];
    // The kernel journal up to 07:47:35 (line 198) and a real later line (312, 07:59:14): it spans the death.
    files['journalctl-k.txt'] = [...k.slice(0, 198), k[311], ''].join('\n');
    const r = await analyzeTexts(files);
    const h = hypothesis(r, 'oom-kill-host');
    const absence = h.against.find((e) => e.kind === 'absence');
    expect(absence?.coverage?.sources).toEqual(['journalctl-k.txt']);
    expect(absence?.weight).toBeGreaterThanOrEqual(0.6);
    expect(['unlikely', 'refuted'], treeSummary(r)).toContain(h.verdict);
  });

  it('stays open without a kernel log and asks for it and for the node memory', async () => {
    const files = sampleWithout('dmesg.txt', 'journalctl-k.txt');
    const r = await analyzeTexts(files);
    const h = hypothesis(r, 'oom-kill-host');
    expect(h.verdict, treeSummary(r)).toBe('open');
    expect(h.gaps.map((g) => g.id)).toEqual(
      expect.arrayContaining(['kernel-log', 'dmesg-oom', 'host-memory']),
    );
    expect(h.gaps.find((g) => g.id === 'kernel-log')?.command).toContain("--since '2025-11-24 07:47:16'");
  });
});
