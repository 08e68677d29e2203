// kernel-hang over the corpus, the sample, real fixtures (test/fixtures) and real lines from the
// rule examples (src/core/analysis/rules/*.json, each with its public source).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  analyzeTexts,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../../test/fixtures/${path}`, import.meta.url), 'utf8');

describe('kernel-hang', () => {
  it('systemd-23638: `INFO: task exe:1990875 blocked for more than 120 seconds` is a hung task', async () => {
    const r = await analyzeCase('systemd-23638-hung-task-pids-awk-mangled');
    expect(r.verdict.cause, treeSummary(r)).toBe('kernel-hang');
    expect(r.verdict.hypothesis).toBe('kernel-hang/hung-task');
    const h = hypothesis(r, 'kernel-hang/hung-task');
    expect(h.for[0].eventIds).toEqual(['dmesg.txt:2']);
    expect(h.for[0].text).toMatch(/exe \(pid 1990875\)/);
    expect(hypothesis(r, 'kernel-hang/panic').for).toEqual([]);
  });

  it('two hung tasks of one stall are one item (linux 4.19, sonic-buildimage#4822)', async () => {
    const r = await analyzeTexts({
      'dmesg.txt': fixture('dmesg-raw/util-linux-unknown/kernel-4.19-hung-task.txt'),
    });
    const h = hypothesis(r, 'kernel-hang/hung-task');
    expect(h.for, treeSummary(r)).toHaveLength(1);
    expect(h.for[0].eventIds.slice(0, 2)).toEqual(['dmesg.txt:1', 'dmesg.txt:4']);
  });

  it('soft and hard lockup wall messages (syslogd, ironfish#701) are the lockup child', async () => {
    const r = await analyzeTexts({
      'syslog.txt': fixture('syslog-rfc3164/rsyslog-unknown/soft-lockup-wall.txt'),
    });
    const l = hypothesis(r, 'kernel-hang/lockup');
    expect(l.verdict, treeSummary(r)).toBe('supported');
    expect(l.for).toHaveLength(2);
    expect(l.for.map((e) => e.text).join(' ')).toMatch(/soft lockup: CPU 0.*|hard lockup on CPU 3/);
    expect(r.verdict.cause).toBe('kernel-hang');
  });

  it('a kernel panic is the panic child', async () => {
    // Boot console paste in a public GitHub issue (rule kernel.panic example).
    const r = await analyzeLines(
      'console.txt',
      '[   11.427450] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
    );
    expect(r.verdict.hypothesis, treeSummary(r)).toBe('kernel-hang/panic');
  });

  it("a panic on OOM (panic_on_oom) is the host OOM's: it does not make the kernel hang likely", async () => {
    // vm.panic_on_oom=1 (rule kernel.panic example, layout checked against the kernel source).
    const r = await analyzeLines(
      'console.txt',
      '[ 9500.000001] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled',
    );
    const p = hypothesis(r, 'kernel-hang/panic');
    expect(p.for, treeSummary(r)).toHaveLength(1);
    expect(p.for[0].weight).toBeLessThanOrEqual(0.4);
    expect(['open', 'unlikely']).toContain(hypothesis(r, 'kernel-hang').verdict);
  });

  it('PLEG unhealthy alone is a hint, not a hang', async () => {
    // kubelet printf era (k3s), k3s-io/k3s#2370 (rule kubelet.pleg-unhealthy example).
    const r = await analyzeLines(
      'journal.txt',
      'Oct  8 16:29:51 node-09 k3s[1636]: E1008 16:23:14.139967    1636 kubelet.go:1846] skipping pod synchronization - PLEG is not healthy: pleg was last seen active 4m51.763621609s ago; threshold is 3m0s',
    );
    const h = hypothesis(r, 'kernel-hang');
    expect(h.for, treeSummary(r)).toHaveLength(1);
    expect(h.for[0].weight).toBeLessThanOrEqual(0.3);
    expect(h.verdict).toBe('open');
  });

  it('the sample: the kernel log covers the death and reports no stall', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, 'kernel-hang');
    expect(['unlikely', 'refuted'], treeSummary(r)).toContain(h.verdict);
    const a = h.against.find((e) => e.kind === 'absence');
    expect(a?.coverage?.producer).toBe('kernel');
    expect(a?.coverage?.sources).toEqual(expect.arrayContaining(['dmesg.txt', 'journalctl-k.txt']));
    // The boot banner of dmesg.txt:1 is 51 minutes before the death: no reboot evidence.
    expect(h.for).toEqual([]);
  });
});
