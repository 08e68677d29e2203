// Scenarios of cause `shim-bug-or-deadlock` (issue 5 part 3: for, against, negative evidence,
// gap), through the whole analysis as the app runs it. The sample's shim was OOM-killed, so a
// dead shim there is no shim fault; the same dead shim with the OOM report cut out of the kernel
// log is one, weakly; lines that only say something timed out leave it open.
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  analyzeTexts,
  expectBelowLikelyOnUnknownCases,
  hypothesis,
  sampleTexts,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';
import { loadRules } from '../rules.ts';

const ID = 'shim-bug-or-deadlock';
const J = 'journalctl-containerd-kubelet.txt';
const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';

/** Lines `from..to` (1-based, inclusive) removed: real lines, none edited. */
function without(text: string, from: number, to: number): string {
  return text
    .split('\n')
    .filter((_, i) => i + 1 < from || i + 1 > to)
    .join('\n');
}

describe('shim-bug-or-deadlock', () => {
  it('against: on the sample the shim was OOM-killed, so it did not die by itself', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, ID);
    const summary = treeSummary(r);
    expect(['unlikely', 'refuted'], summary).toContain(h.verdict);
    expect(h.for, summary).toEqual([]);
    const kill = h.against[0];
    expect(kill.kind).toBe('join');
    expect(kill.weight).toBeGreaterThanOrEqual(0.6);
    expect(kill.text).toMatch(/pid 2150 .*shim of sandbox afcf4efe9792/);
    // The deciding line is the kernel's `Killed process 2150 (containerd-shim)`.
    expect(kill.eventIds[0]).toMatch(/^(dmesg|journalctl-k)\.txt:287$/);
    expect(h.reason).toMatch(/did not die on its own/);
    for (const child of ['crash', 'deadlock'])
      expect(['unlikely', 'refuted']).toContain(hypothesis(r, `${ID}/${child}`).verdict);
  });

  it('negative evidence: the same dead shim with no kill in a kernel log covering it counts for a crash, weakly', async () => {
    const files = sampleTexts();
    // journalctl-k.txt:199-288 is the OOM report (invoked ... Killed process 2150 ... oom_reaper).
    const kernel = without(files['journalctl-k.txt'], 199, 288);
    const r = await analyzeTexts({ [J]: files[J], 'journalctl-k.txt': kernel });
    const crash = hypothesis(r, `${ID}/crash`);
    const summary = treeSummary(r);
    const absence = crash.for.find((e) => e.kind === 'absence');
    expect(absence, summary).toBeDefined();
    expect(absence?.coverage?.producer).toBe('kernel');
    expect(absence?.coverage?.sources).toContain('journalctl-k.txt');
    expect(crash.for.some((e) => e.symptomId === `shim-died:${SANDBOX}`)).toBe(true);
    // A kill -9 or a userspace killer leaves no kernel line either: not enough to decide.
    expect(crash.verdict, summary).toBe('open');
    expect(crash.score).toBeGreaterThan(0.3);
    expect(crash.score).toBeLessThan(0.5);
    expect(hypothesis(r, ID).against).toEqual([]);
  });

  it('gap: with no kernel log the shim death asks for one, and for the shim process, ids and times filled', async () => {
    const r = await analyzeTexts({ [J]: sampleTexts()[J] });
    const h = hypothesis(r, ID);
    const summary = treeSummary(r);
    expect(h.verdict, summary).toBe('open');
    const kernel = h.gaps.find((g) => g.id === 'kernel-log');
    // The shim died at 07:48:16 (journal line 329): two minutes before, thirty seconds after.
    expect(kernel?.command).toBe(
      "TZ=UTC journalctl -k -o short-iso-precise --since '2025-11-24 07:46:16' --until '2025-11-24 07:48:46'",
    );
    expect(h.gaps.find((g) => g.id === 'shim-process')?.command).toContain('afcf4efe9792');
    expect(h.gaps.find((g) => g.id === 'task-dir')?.command).toContain(SANDBOX);
    expect(r.gaps.map((g) => g.id)).toEqual(
      expect.arrayContaining(['kernel-log', 'shim-process', 'ctr-tasks']),
    );
  });

  it('for, lines alone: a stop that hit its deadline (containerd#10755) leaves the deadlock open', async () => {
    const r = await analyzeCase('containerd-10755');
    const d = hypothesis(r, `${ID}/deadlock`);
    const summary = treeSummary(r);
    expect(d.for, summary).toHaveLength(1);
    // StopContainer and DeadlineExceeded are one line: one item, not two.
    expect(d.for[0].eventIds).toEqual(['journalctl-containerd.txt:1']);
    expect(d.verdict).toBe('open');
    expect(d.score).toBeGreaterThan(0.3);
    expect(d.score).toBeLessThan(0.5);
    expect(d.gaps.map((g) => g.id)).toContain('containerd-stacks');
  });

  // The stack dump is found by rule containerd.stack-dump (proposed with this module).
  it.runIf(loadRules().some((r) => r.spec.id === 'containerd.stack-dump'))(
    'for: a shim stack dump beside a kill that never completed (containerd#2744) makes the deadlock likely',
    async () => {
      const r = await analyzeCase('containerd-2744');
      const summary = treeSummary(r);
      expect(r.verdict.cause, summary).toBe(ID);
      expect(r.verdict.hypothesis).toBe(`${ID}/deadlock`);
      const d = hypothesis(r, `${ID}/deadlock`);
      expect(['likely', 'supported']).toContain(d.verdict);
      expect(d.for.map((e) => e.eventIds[0])).toEqual(
        expect.arrayContaining([
          'journalctl-containerd-shim-stackdump.txt:7',
          'journalctl-kubelet-grep.txt:2',
        ]),
      );
      expect(hypothesis(r, `${ID}/crash`).verdict).toBe('open');
    },
  );

  it("for: a Go panic printed under containerd (a shim's stderr, containerd#8884) counts for a crash, and alone stays open", async () => {
    const r = await analyzeLines('panic.txt', [
      'containerd[6072]: panic: runtime error: invalid memory address or nil pointer dereference',
      'containerd[6072]: [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x459367]',
    ]);
    const crash = hypothesis(r, `${ID}/crash`);
    const item = crash.for.find((e) => e.id.includes('go-panic'));
    expect(item?.eventIds, treeSummary(r)).toEqual(['panic.txt:1']);
    expect(item?.text).toMatch(/invalid memory address/);
    // With no death to tie it to, the line cannot tell a shim from containerd: not enough to decide.
    expect(crash.verdict).toBe('open');
    expect(r.verdict.cause).toBe('unknown');
  });

  it('stays below likely on every corpus case the threads left unknown', async () => {
    await expectBelowLikelyOnUnknownCases(ID);
  });
});
