// Scenarios of cause `other` (issue 5 part 3: for, against, gap), through the whole analysis as
// the app runs it. `other` needs a line that states a cause outside the list (the node going
// down, systemd stopping the container runtime); a line that only fits one (containerd killing a
// logging shim, nerdctl#1039) leaves it open, and a boot banner before the death is not a reboot.
import { describe, expect, it } from 'vitest';
import {
  analyzeCase,
  analyzeLines,
  analyzeSample,
  expectBelowLikelyOnUnknownCases,
  hypothesis,
  treeSummary,
} from '../../../../test/helpers/analysis.ts';

const ID = 'other';

describe('other', () => {
  it('for, lines alone: containerd killing a logging shim (nerdctl#1039) fits a runtime restart but stays open', async () => {
    const r = await analyzeCase('nerdctl-1039');
    const summary = treeSummary(r);
    const h = hypothesis(r, `${ID}/runtime-restart`);
    expect(h.for, summary).toHaveLength(1);
    // The kill (line 1) and the shim that disconnected 13 ms later (line 2, cleaned up at 4): one item.
    expect(h.for[0].eventIds).toEqual([
      'journal-inline.txt:1',
      'journal-inline.txt:2',
      'journal-inline.txt:4',
    ]);
    expect(h.verdict).toBe('open');
    expect(h.score).toBeLessThan(0.5);
    expect(r.verdict.cause).toBe('unknown');
  });

  it('for: the kernel restarting the system is a node reboot', async () => {
    // node.reboot's example, a kernel console at `reboot -f` (canonical/snapd#9207).
    const r = await analyzeLines('console.txt', '[   10.581923] reboot: Restarting system');
    const h = hypothesis(r, `${ID}/node-reboot`);
    expect(['likely', 'supported'], treeSummary(r)).toContain(h.verdict);
    expect(h.for[0].eventIds).toEqual(['console.txt:1']);
  });

  it('for: systemd SIGKILLing a shim while stopping containerd.service is a runtime stop', async () => {
    // systemd.sigkill-sent's example line.
    const r = await analyzeLines(
      'systemd.txt',
      'containerd.service: Killing process 1041 (containerd-shim) with signal SIGKILL.',
    );
    const h = hypothesis(r, `${ID}/runtime-restart`);
    expect(['likely', 'supported'], treeSummary(r)).toContain(h.verdict);
    expect(h.for[0].text).toMatch(/containerd\.service/);
  });

  it('against: on the sample the OOM kill explains the death, and the boot banner before it is no reboot', async () => {
    const r = await analyzeSample();
    const h = hypothesis(r, ID);
    const summary = treeSummary(r);
    // dmesg.txt:1 `Linux version 6.1.0-27-amd64` is found (node.reboot) but lies before the death.
    expect(r.findings.some((f) => f.rule === 'node.reboot' && f.eventIds[0] === 'dmesg.txt:1')).toBe(true);
    expect(h.for, summary).toEqual([]);
    expect(h.against[0].kind).toBe('join');
    expect(['unlikely', 'refuted']).toContain(h.verdict);
  });

  it('gap: asks for the boots and the runtime restarts, and the whole journal around the death', async () => {
    const r = await analyzeSample();
    const byId = Object.fromEntries(hypothesis(r, ID).gaps.map((g) => [g.id, g.command]));
    expect(byId['boots-and-restarts']).toContain('journalctl --list-boots');
    // The first death symptom is at 07:48:16: five minutes before, one after.
    expect(byId['whole-journal']).toBe(
      "TZ=UTC journalctl -o short-iso-precise --since '2025-11-24 07:43:16' --until '2025-11-24 07:49:16'",
    );
  });

  it('keeps a low prior and no gaps when nothing hints at it and there is no death to look around', async () => {
    const r = await analyzeCase('k3s-1016');
    const h = hypothesis(r, ID);
    expect(h.verdict, treeSummary(r)).toBe('open');
    expect(h.score).toBe(0.05);
    expect(h.gaps).toEqual([]);
  });

  it('stays below likely on every corpus case the threads left unknown', async () => {
    await expectBelowLikelyOnUnknownCases(ID);
  });
});
