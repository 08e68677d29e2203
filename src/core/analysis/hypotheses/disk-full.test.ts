// disk-full over the corpus, the sample and real lines from the rule examples
// (src/core/analysis/rules/*.json, each with its public source): the kubelet's disk pressure,
// ENOSPC on a filesystem, and the ENOSPC that is not a disk (a cgroup mkdir, an inotify watch).
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

describe('disk-full', () => {
  it('minikube-4084: the eviction manager reclaiming ephemeral-storage is disk pressure', async () => {
    const r = await analyzeCase('minikube-4084-ephemeral-storage-eviction');
    expect(r.verdict.cause, treeSummary(r)).toBe('disk-full');
    expect(r.verdict.hypothesis).toBe('disk-full/eviction');
    const e = hypothesis(r, 'disk-full/eviction');
    expect(['supported', 'likely']).toContain(e.verdict);
    expect(e.for[0].eventIds).toEqual(['minikube-logs-kubelet.txt:3', 'minikube-logs-kubelet.txt:6']);
    expect(e.for[0].text).toMatch(/ephemeral-storage/);
  });

  it('k3d-130: image GC could not free the wanted bytes (FreeDiskSpaceFailed, ImageGCFailed)', async () => {
    const r = await analyzeCase('k3d-130-image-gc-failed-disk-space');
    expect(r.verdict.cause, treeSummary(r)).toBe('disk-full');
    expect(r.verdict.hypothesis).toBe('disk-full/image-gc');
    const g = hypothesis(r, 'disk-full/image-gc');
    // Two events of one condition: one item.
    expect(g.for).toHaveLength(1);
    expect(g.for[0].eventIds).toEqual(['kubectl-events.txt:5', 'kubectl-events.txt:6']);
    expect(r.gaps.find((x) => x.id === 'disk-usage')?.command).toBe('df -h; df -i');
  });

  it('moby-29638: ENOSPC on a cgroup mkdir is the cgroup count limit and argues against a full disk', async () => {
    const r = await analyzeCase('moby-29638-memcg-count-limit-enospc');
    const h = hypothesis(r, 'disk-full');
    expect(h.for, treeSummary(r)).toEqual([]);
    expect(h.against).toHaveLength(1);
    expect(h.against[0].eventIds).toEqual(['docker-error-inline.txt:1']);
    expect(h.against[0].text).toMatch(/\/sys\/fs\/cgroup\/memory\/docker/);
    expect(h.verdict).toBe('unlikely');
    expect(r.verdict.cause).not.toBe('disk-full');
  });

  it('an inotify `No space left on device` is no disk evidence', async () => {
    // systemctl on Raspbian stretch with plenty of disk free, Duet3D/DuetSoftwareFramework#33.
    const r = await analyzeLines(
      'systemctl.txt',
      'Failed to add /run/systemd/ask-password to directory watch: No space left on device',
    );
    expect(hypothesis(r, 'disk-full').for, treeSummary(r)).toEqual([]);
    expect(hypothesis(r, 'fd-exhaustion/inotify').for).toHaveLength(1);
  });

  it("ext4's `index full, reach max htree level` is ENOSPC on a filesystem", async () => {
    // ext4 htree limit, dmesg pasted in a public GitHub issue (rule kernel.no-space example).
    const r = await analyzeLines(
      'dmesg.txt',
      '[9047896.714567] EXT4-fs warning (device sdb1): ext4_dx_add_entry:2545: Directory (ino: 143955220) index full, reach max htree level :2',
    );
    const f = hypothesis(r, 'disk-full/filesystem');
    expect(f.verdict, treeSummary(r)).toBe('supported');
    expect(f.for[0].eventIds).toEqual(['dmesg.txt:1']);
  });

  it('a failed filesystem (ext4 error, read-only remount) is a related child that alone does not decide', async () => {
    // k3s node journal (Longhorn volume after a node OOM), public incident write-up: rule
    // kernel.ext4-error and kernel.fs-readonly examples, the same second of the same node.
    const r = await analyzeLines('journal.txt', [
      'Apr 17 08:41:24 nl-k8s-02 kernel: EXT4-fs error (device dm-17): ext4_journal_check_start:87: comm mosquitto: Detected aborted journal',
      'Apr 17 08:41:24 nl-k8s-02 kernel: EXT4-fs (dm-17): Remounting filesystem read-only',
    ]);
    const e = hypothesis(r, 'disk-full/fs-error');
    expect(e.for, treeSummary(r)).toHaveLength(1);
    expect(e.for[0].eventIds).toEqual(['journal.txt:2', 'journal.txt:1']);
    expect(hypothesis(r, 'disk-full').verdict).toBe('open');
  });

  it('the sample: the kubelet log covers the death with no disk pressure', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, 'disk-full');
    expect(h.verdict, treeSummary(r)).toBe('unlikely');
    expect(h.for).toEqual([]);
    expect(h.against.some((e) => e.kind === 'absence' && e.coverage?.producer === 'kubelet')).toBe(true);
  });
});
