import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Evidence } from './model.ts';
import { compareHypotheses, finishDraft, noisyOr, reasonOf, scoreOf, verdictOf } from './score.ts';

const ev = (weight: number, text = `w${weight}`): Evidence => ({
  id: text,
  kind: 'finding',
  weight,
  text,
  eventIds: [],
});
const weights = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

describe('noisyOr', () => {
  it('is 0 for nothing and combines independent items', () => {
    expect(noisyOr([])).toBe(0);
    expect(noisyOr([ev(0.5), ev(0.5)])).toBeCloseTo(0.75);
    expect(noisyOr([ev(0.9)])).toBeCloseTo(0.9);
  });
  it('clamps weights outside 0..1', () => {
    expect(noisyOr([ev(2)])).toBe(1);
    expect(noisyOr([ev(-1)])).toBe(0);
  });
});

describe('scoreOf (properties)', () => {
  it('stays in 0..1', () => {
    fc.assert(
      fc.property(weights, weights, (f, a) => {
        const { score } = scoreOf({ for: f.map((w) => ev(w)), against: a.map((w) => ev(w)) });
        return score >= 0 && score <= 1;
      }),
    );
  });
  it('never drops when evidence for is added, never rises when evidence against is added', () => {
    fc.assert(
      fc.property(weights, weights, fc.double({ min: 0, max: 1, noNaN: true }), (f, a, w) => {
        const base = scoreOf({ for: f.map((x) => ev(x)), against: a.map((x) => ev(x)) }).score;
        const more = scoreOf({ for: [...f.map((x) => ev(x)), ev(w)], against: a.map((x) => ev(x)) }).score;
        const less = scoreOf({ for: f.map((x) => ev(x)), against: [...a.map((x) => ev(x)), ev(w)] }).score;
        return more >= base - 1e-9 && less <= base + 1e-9;
      }),
    );
  });
  it('does not depend on the order of the items', () => {
    fc.assert(
      fc.property(weights, (f) => {
        const a = scoreOf({ for: f.map((x) => ev(x)), against: [] }).score;
        const b = scoreOf({ for: [...f].reverse().map((x) => ev(x)), against: [] }).score;
        return Math.abs(a - b) < 1e-9;
      }),
    );
  });
});

describe('verdictOf', () => {
  it('keeps a cause with no evidence open, at its prior', () => {
    expect(verdictOf({ for: [], against: [] })).toEqual({ score: 0.1, verdict: 'open' });
  });
  it('calls one stating line supported and one suggesting line likely', () => {
    expect(verdictOf({ for: [ev(0.9)], against: [] }).verdict).toBe('supported');
    expect(verdictOf({ for: [ev(0.5)], against: [] }).verdict).toBe('likely');
    expect(verdictOf({ for: [ev(0.2)], against: [] }).verdict).toBe('open');
  });
  it('refutes on strong evidence against when little speaks for it', () => {
    expect(verdictOf({ for: [], against: [ev(0.9)] }).verdict).toBe('refuted');
    expect(verdictOf({ for: [ev(0.1)], against: [ev(0.7)] }).verdict).toBe('unlikely');
    // Strong both ways: not refuted, and not supported either.
    expect(verdictOf({ for: [ev(0.9)], against: [ev(0.9)] }).verdict).toBe('open');
  });
});

describe('reasonOf', () => {
  it('gives the strongest item for a supported cause and the strongest against for a refuted one', () => {
    const d = {
      title: 't',
      for: [ev(0.3, 'weak'), ev(0.9, 'strong line')],
      against: [ev(0.2, 'doubt')],
      gaps: [],
    };
    expect(reasonOf('supported', d)).toBe('strong line.');
    expect(reasonOf('refuted', d)).toBe('doubt.');
  });
  it('says nothing speaks either way, and what to collect, for an open cause without evidence', () => {
    const d = {
      title: 't',
      for: [],
      against: [],
      gaps: [{ id: 'k', ask: 'Collect the kernel log.', command: 'dmesg -T', settles: [] }],
    };
    expect(reasonOf('open', d)).toBe(
      'Nothing in the inputs speaks for or against it; to decide: Collect the kernel log.',
    );
  });
});

describe('finishDraft', () => {
  it('sorts evidence and children, and keeps ids', () => {
    const h = finishDraft(
      'oom-kill-cgroup',
      {
        title: 'OOM',
        for: [ev(0.2, 'a'), ev(0.8, 'b')],
        against: [],
        gaps: [],
        children: [
          { id: 'oom-kill-cgroup/container', title: 'c', for: [], against: [ev(0.9)], gaps: [] },
          { id: 'oom-kill-cgroup/shim', title: 's', for: [ev(0.9)], against: [], gaps: [] },
        ],
      },
      ['oom-kill-cgroup'],
    );
    expect(h.id).toBe('oom-kill-cgroup');
    expect(h.for.map((e) => e.text)).toEqual(['b', 'a']);
    expect(h.children.map((c) => c.id)).toEqual(['oom-kill-cgroup/shim', 'oom-kill-cgroup/container']);
    expect(h.children[1].verdict).toBe('refuted');
  });
  it('orders equal scores by the cause order', () => {
    const order = ['a-cause', 'b-cause'];
    const mk = (cause: string) =>
      finishDraft(cause as 'other', { title: cause, for: [], against: [], gaps: [] }, order);
    const list = [mk('b-cause'), mk('a-cause')].sort(compareHypotheses(order));
    expect(list.map((h) => h.id)).toEqual(['a-cause', 'b-cause']);
  });
});
