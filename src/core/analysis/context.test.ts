// The context the cause modules read, on the bundled sample: whom the symptoms name (focus),
// how a kernel kill joins it (pid 2150 is the shim of the checkout pod's sandbox), what the
// logs cover, and that an uncovered window gives no negative evidence.
import { describe, expect, it } from 'vitest';
import { sampleSources } from '../../../test/helpers/sample.ts';
import { EntityIndexBuilder } from '../timeline/entity-index.ts';
import { EntityLinks } from '../timeline/link.ts';
import { buildContext } from './context.ts';
import { coverageOf, producerOf } from './coverage.ts';
import { joinsFrom } from './joins.ts';
import { findFindings, loadRules } from './rules.ts';
import { detectSymptoms } from './symptoms.ts';

const CONTAINER = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';
const SANDBOX = 'afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96';

function sampleContext(drop: string[] = []) {
  const sources = sampleSources().filter((s) => !drop.includes(s.name));
  const events = sources.flatMap((s) => s.events);
  const findings = sources.flatMap((s) => findFindings(s.events, loadRules()));
  const links = new EntityLinks(
    sources.map((s) => {
      const b = new EntityIndexBuilder(
        Uint32Array.from(s.events, (e) => e.line),
        s.events.length,
      );
      for (const e of s.events) b.event(e);
      return b.finish(0);
    }),
  );
  return buildContext({
    findings,
    symptoms: detectSymptoms(findings, events),
    coverage: coverageOf(events),
    joins: joinsFrom(links),
  });
}

describe('analysis context on the sample', () => {
  const ctx = sampleContext();

  it('focuses on the Unknown container, its sandbox and pod, at the time its shim died', () => {
    expect(ctx.focus.containers).toEqual([CONTAINER]);
    expect(ctx.focus.sandboxes).toEqual([SANDBOX]);
    expect(ctx.focus.pods).toEqual([
      'payments/checkout-tkv49ntw2-qc86p',
      '4e6988f1-63e6-4d27-9e8d-ba45452fbf7a',
    ]);
    // 2025-11-24T07:48:16Z: `shim disconnected` (journal line 329), not crictl's createdAt.
    expect(ctx.focus.time).toBe(Date.UTC(2025, 10, 24, 7, 48, 16) * 1000);
    expect(ctx.focusPod()).toBe('payments/checkout-tkv49ntw2-qc86p');
    expect(ctx.focusPodUid()).toBe('4e6988f1-63e6-4d27-9e8d-ba45452fbf7a');
  });

  it('joins the killed pid to the shim of the focus sandbox', () => {
    const kill = ctx.byRule('kernel.killed-process').find((f) => f.eventIds[0] === 'journalctl-k.txt:287');
    expect(kill).toBeDefined();
    const j = kill && ctx.joinToFocus(kill);
    expect(j).toMatchObject({ target: SANDBOX, via: 'shim' });
    expect(j?.text).toBe('pid 2150 is the shim of sandbox afcf4efe9792');
    expect(ctx.ownersOfPid(2150)).toContainEqual({ id: SANDBOX, kind: 'sandbox', role: 'shim' });
  });

  it('joins the oom-kill line by its memcg, and leaves unrelated findings alone', () => {
    const line = ctx.byRule('kernel.oom-kill-line').find((f) => f.eventIds[0] === 'journalctl-k.txt:286');
    expect(line && ctx.joinToFocus(line)?.via).toMatch(/^(cgroup|shim|container|sandbox)$/);
    const segv = ctx.byRule('kernel.segfault')[0];
    expect(ctx.joinToFocus(segv)).toBeNull();
  });

  it('knows which producers cover the death second, and gives no absence where none does', () => {
    expect(ctx.covering('kernel', 60, 5).map((s) => s.name)).toEqual(['journalctl-k.txt']);
    expect(ctx.covering('containerd', 60, 5).map((s) => s.name)).toEqual([
      'journalctl-containerd-kubelet.txt',
    ]);
    const a = ctx.absence('x', 'kernel', 'a line', 60, 5, 0.7, 'no such line');
    expect(a?.coverage).toMatchObject({ producer: 'kernel', sources: ['journalctl-k.txt'] });
    expect(ctx.absence('y', 'systemd', 'a unit result', 60, 5, 0.7, 'none')).toBeNull();
  });

  it('without the kernel logs, covers no kernel time', () => {
    const c = sampleContext(['dmesg.txt', 'journalctl-k.txt']);
    expect(c.has('kernel')).toBe(false);
    expect(c.absence('x', 'kernel', 'oom', 60, 5, 0.7, 'none')).toBeNull();
  });
});

describe('producerOf', () => {
  it('reads the writer of journal lines and the family of tool outputs', () => {
    const byName = new Map(sampleSources().map((s) => [s.name, s.events]));
    const journal = byName.get('journalctl-containerd-kubelet.txt') ?? [];
    expect(producerOf(journal.find((e) => e.line === 329) ?? journal[0])).toBe('containerd');
    expect(producerOf(journal.find((e) => e.ident === 'kubelet') ?? journal[0])).toBe('kubelet');
    expect(producerOf((byName.get('dmesg.txt') ?? [])[0])).toBe('kernel');
    expect(producerOf((byName.get('journalctl-k.txt') ?? []).find((e) => e.line === 287) ?? journal[0])).toBe(
      'kernel',
    );
    expect(producerOf((byName.get('crictl-ps-a.txt') ?? [])[0])).toBe('runtime-state');
  });
});
