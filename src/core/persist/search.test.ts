// The incidents list's search and the similarity of two incidents' signatures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentMeta, IncidentSignature } from './model.ts';
import { matchesIncident, similarity } from './search.ts';

const OOM_SIG: IncidentSignature = {
  rules: ['containerd.shim-disconnected', 'kernel.killed-process', 'kernel.oom-invoked'],
  facts: [
    'cause=oom-kill-cgroup',
    'exit=137',
    'oom-victim=containerd-shim',
    'oom=memcg',
    'symptom=shim-died',
  ],
  verdict: {
    cause: 'oom-kill-cgroup',
    label: 'Kernel OOM killer at a memory cgroup limit',
    confidence: 0.92,
    by: 'engine',
  },
};

function meta(title: string, tags: string[], signature: IncidentSignature | null): IncidentMeta {
  return {
    id: 'inc-0123456789abcdef',
    title,
    tags,
    createdAt: 0,
    updatedAt: 0,
    sources: [],
    inputBytes: 0,
    storedBytes: 0,
    signature,
    rev: 1,
    deletedAt: null,
  };
}

const worker21 = meta('Worker 21: checkout Unknown', ['payments', 'Sev-2'], OOM_SIG);
const plain = meta('Disk filled on node 7', ['storage'], null);

describe('matchesIncident', () => {
  it('matches the title, a tag, a rule, a fact or the verdict, case-insensitively', () => {
    for (const q of [
      'worker',
      'CHECKOUT unknown',
      'payments',
      'sev-2',
      'kernel.oom',
      'exit=137',
      'memcg',
      'cgroup limit',
    ])
      expect(matchesIncident(worker21, q), q).toBe(true);
    for (const q of ['disk', 'storage', 'node 7']) expect(matchesIncident(plain, q), q).toBe(true);
  });

  it('ANDs the words', () => {
    expect(matchesIncident(worker21, 'worker payments oom')).toBe(true);
    expect(matchesIncident(worker21, 'worker storage')).toBe(false);
    expect(matchesIncident(plain, 'disk oom')).toBe(false);
  });

  it('tag: looks only at tags, rule: (and sig:) only at the signature, title: only at the title', () => {
    expect(matchesIncident(worker21, 'tag:payments')).toBe(true);
    expect(matchesIncident(worker21, 'tag:worker')).toBe(false);
    expect(matchesIncident(worker21, 'tag:sev')).toBe(true);
    expect(matchesIncident(worker21, 'rule:kernel.oom')).toBe(true);
    expect(matchesIncident(worker21, 'rule:payments')).toBe(false);
    expect(matchesIncident(worker21, 'sig:exit=137')).toBe(true);
    expect(matchesIncident(worker21, 'rule:oom-kill-cgroup')).toBe(true);
    expect(matchesIncident(worker21, 'title:checkout')).toBe(true);
    expect(matchesIncident(worker21, 'title:memcg')).toBe(false);
    // No signature: nothing to match in it.
    expect(matchesIncident(plain, 'rule:disk')).toBe(false);
  });

  it('keeps a "quoted phrase" together, with or without a prefix', () => {
    expect(matchesIncident(worker21, '"checkout unknown"')).toBe(true);
    expect(matchesIncident(worker21, '"unknown checkout"')).toBe(false);
    expect(matchesIncident(meta('x', ['team payments'], null), 'tag:"team payments"')).toBe(true);
    expect(matchesIncident(meta('x', ['team', 'payments'], null), 'tag:"team payments"')).toBe(false);
  });

  it('an empty or blank query matches everything; odd input never throws', () => {
    expect(matchesIncident(plain, '')).toBe(true);
    expect(matchesIncident(plain, '   ')).toBe(true);
    fc.assert(
      fc.property(fc.string(), (q) => {
        expect(typeof matchesIncident(worker21, q)).toBe('boolean');
      }),
    );
  });
});

describe('similarity', () => {
  const sameCauseOtherNode: IncidentSignature = {
    rules: ['kernel.killed-process', 'kernel.oom-invoked', 'kubelet.container-died'],
    facts: ['cause=oom-kill-cgroup', 'exit=137', 'oom-victim=java', 'oom=memcg'],
    verdict: { cause: 'oom-kill-cgroup', label: 'x', confidence: 0.8, by: 'engine' },
  };
  const diskFull: IncidentSignature = {
    rules: ['kubelet.eviction'],
    facts: ['cause=disk-full', 'eviction=ephemeral-storage'],
    verdict: { cause: 'disk-full', label: 'y', confidence: 0.9, by: 'engine' },
  };
  const empty: IncidentSignature = { rules: [], facts: [], verdict: null };

  it('is 1 for the same signature and 0 for nothing in common', () => {
    expect(similarity(OOM_SIG, OOM_SIG)).toBe(1);
    expect(similarity(OOM_SIG, diskFull)).toBe(0);
    expect(similarity(empty, empty)).toBe(0);
    expect(similarity(OOM_SIG, empty)).toBe(0);
  });

  it('ranks an incident of the same cause above one of another cause', () => {
    const same = similarity(OOM_SIG, sameCauseOtherNode);
    expect(same).toBeGreaterThan(0.5);
    expect(same).toBeLessThan(1);
    expect(same).toBeGreaterThan(similarity(OOM_SIG, diskFull));
    // The verdict counts: the same rules and facts with another cause are less alike.
    const otherCause = { ...sameCauseOtherNode, verdict: { ...diskFull.verdict! } };
    expect(similarity(OOM_SIG, otherCause)).toBeCloseTo(same - 0.25, 10);
  });

  it('is symmetric and within 0..1 for any signatures', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const sig = fc.record({
      rules: fc.uniqueArray(word, { maxLength: 5 }),
      facts: fc.uniqueArray(word, { maxLength: 5 }),
      verdict: fc.option(
        fc.record({
          cause: fc.constantFrom('x', 'y'),
          label: fc.string(),
          confidence: fc.double({ min: 0, max: 1, noNaN: true }),
          by: fc.constantFrom('engine' as const, 'analyst' as const),
        }),
      ),
    });
    fc.assert(
      fc.property(sig, sig, (a, b) => {
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(b, a)).toBe(s);
        if (a.rules.length + a.facts.length > 0 || a.verdict) expect(similarity(a, a)).toBe(1);
      }),
    );
  });
});
