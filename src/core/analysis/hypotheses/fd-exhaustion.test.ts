// fd-exhaustion over the corpus, the sample and real lines from the rule examples
// (src/core/analysis/rules/*.json, each with its public source): a process at its own fd limit,
// the host at file-max, the inotify limits whose messages lie (`no space left on device`).
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

describe('fd-exhaustion', () => {
  it('containerd-cri-448: containerd at its fd limit could not start shims (EMFILE): the process child', async () => {
    const r = await analyzeCase('containerd-cri-448-too-many-open-files');
    expect(r.verdict.cause, treeSummary(r)).toBe('fd-exhaustion');
    expect(r.verdict.hypothesis).toBe('fd-exhaustion/process');
    const p = hypothesis(r, 'fd-exhaustion/process');
    expect(p.verdict).toBe('supported');
    // The three retries are one piece of evidence, resting on all three lines.
    expect(p.for).toHaveLength(1);
    expect(p.for[0].eventIds).toEqual(['errors.txt:1', 'errors.txt:2', 'errors.txt:3']);
    expect(p.for[0].text).toMatch(/containerd/);
    expect(hypothesis(r, 'fd-exhaustion/host').for).toEqual([]);
    expect(hypothesis(r, 'fd-exhaustion/inotify').for).toEqual([]);
    // What would confirm it: containerd's fd count next to its own limit.
    expect(p.gaps.find((g) => g.id === 'fd-counts')?.command).toMatch(
      /pgrep containerd.*\/proc\/\$p\/limits/,
    );
  });

  it('the sample: containerd logs no fd error over the death, and the kernel killed the shim', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, 'fd-exhaustion');
    expect(h.verdict, treeSummary(r)).toBe('unlikely');
    expect(h.for).toEqual([]);
    const absence = h.against.find((e) => e.kind === 'absence');
    expect(absence?.coverage?.producer).toBe('containerd');
    expect(absence?.coverage?.sources).toContain('journalctl-containerd-kubelet.txt');
    expect(h.against.some((e) => e.eventIds.includes('dmesg.txt:287'))).toBe(true);
    // Decided against by what we have: no commands for it in the gap list.
    expect(r.gaps.map((g) => g.id)).not.toContain('fd-counts');
  });

  it('`inotify_init: too many open files` is the inotify instance limit, not a process fd limit', async () => {
    // kubelet (1.9-era glog) with 59 pods, kubernetes/kubernetes#58081 (rule node.inotify-limit example).
    const r = await analyzeLines(
      'kubelet.log',
      'F0110 21:30:25.764493   42304 kubelet.go:1230] Failed to start cAdvisor inotify_init: too many open files',
    );
    const i = hypothesis(r, 'fd-exhaustion/inotify');
    expect(i.for, treeSummary(r)).toHaveLength(1);
    expect(i.for[0].text).toMatch(/max_user_instances/);
    expect(hypothesis(r, 'fd-exhaustion/process').for).toEqual([]);
    expect(r.verdict.cause).toBe('fd-exhaustion');
  });

  it('`inotify_add_watch: No space left on device` is the watch limit: fd-exhaustion, not disk-full', async () => {
    // fswatch on Ubuntu MATE 19.04 (max_user_watches 8192), emcrisostomo/fswatch#232.
    const r = await analyzeLines('fswatch.txt', 'inotify_add_watch: No space left on device');
    const i = hypothesis(r, 'fd-exhaustion/inotify');
    expect(i.for, treeSummary(r)).toHaveLength(1);
    expect(i.for[0].text).toMatch(/max_user_watches/);
    expect(hypothesis(r, 'disk-full').for).toEqual([]);
    expect(r.verdict.cause).toBe('fd-exhaustion');
  });

  it('`VFS: file-max limit N reached` is the host child', async () => {
    // FORMATS.md kernel-misc-messages (rule kernel.file-max example).
    const r = await analyzeLines('dmesg.txt', '[ 3100.000001] VFS: file-max limit 1048576 reached');
    const host = hypothesis(r, 'fd-exhaustion/host');
    expect(host.verdict, treeSummary(r)).toBe('supported');
    expect(host.for[0].text).toMatch(/1048576/);
    expect(hypothesis(r, 'fd-exhaustion/process').for).toEqual([]);
    expect(host.gaps.map((g) => g.command)).toContain(
      'cat /proc/sys/fs/file-nr /proc/sys/fs/file-max /proc/sys/fs/inotify/max_user_instances /proc/sys/fs/inotify/max_user_watches',
    );
  });
});
