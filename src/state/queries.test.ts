import { readFileSync } from 'node:fs';
import { useQueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisResult, Hypothesis } from '../core/analysis/model.ts';
import { userSymptom } from '../core/analysis/symptoms.ts';
import type { ClockReport, SourceClock, SourceSummary } from '../core/engine/engine-api.ts';
import { Workbench } from '../core/engine/workbench.ts';
import { PARSER_SET_VERSION } from '../core/parsers/registry.ts';
import { createInProcessClient } from '../worker/client.ts';
import {
  clockKeyOf,
  hypothesesCiting,
  queryKeys,
  sourcesKeyOf,
  useAddSource,
  useAnalysis,
  useAnalysisOptions,
  useRemoveSource,
  useSetClock,
} from './queries.ts';
import { useWorkbenchStore } from './store.ts';
// The analysis tab's fixture builder: a hypothesis with empty lists (test-only, core types only).
import { hyp } from './testing/hypothesis.ts';
import { createTestWrapper } from './testing/test-providers.tsx';

const summary = (over: Partial<SourceSummary> = {}): SourceSummary => ({
  sourceId: 'a',
  name: 'a',
  kind: 'file',
  bytes: 10,
  contentHash: 'h1',
  encoding: 'utf-8',
  warnings: [],
  lines: 1,
  events: 1,
  unparsedCount: 0,
  skippedCount: 0,
  unparsed: [],
  segments: [{ format: 'text', confidence: 1, lineStart: 1, lineEnd: 1, candidates: [] }],
  parseMillis: 1,
  ...over,
});

describe('query keys', () => {
  it('key views by what their events depend on: content hash, segment formats, parser set', () => {
    const base = sourcesKeyOf([summary()]);
    expect(base).toContain(PARSER_SET_VERSION);
    expect(base).toContain('h1');
    expect(sourcesKeyOf([summary({ contentHash: 'h2' })])).not.toBe(base);
    const overridden = summary({
      segments: [
        { format: 'dmesg-raw', confidence: 1, lineStart: 1, lineEnd: 1, overridden: true, candidates: [] },
      ],
    });
    expect(sourcesKeyOf([overridden])).not.toBe(base);
    // Counts and timings are results, not inputs: they do not change the key.
    expect(sourcesKeyOf([summary({ parseMillis: 99, events: 5 })])).toBe(base);
  });

  it('name each kind first', () => {
    const q = { sources: [], severities: [], search: 'x' };
    expect(queryKeys.view('k', q)).toEqual(['view', 'k', q]);
    expect(queryKeys.rows('v1', 3)).toEqual(['rows', 'v1', 3]);
    expect(queryKeys.detail('k', 'a:1')).toEqual(['detail', 'k', 'a:1']);
  });
});

const clock = (over: Partial<SourceClock> = {}): SourceClock => ({
  sourceId: 'dmesg.txt',
  name: 'dmesg.txt',
  year: null,
  zone: null,
  shiftUs: 0,
  boots: [],
  accepted: false,
  qualities: { aligned: 10 },
  ...over,
});
const report = (...sources: SourceClock[]): ClockReport => ({ sources, defaultUtcOffsetMinutes: 0 });

describe('analysis query key', () => {
  it('names the kind first, then sources, clocks and options', () => {
    const opts = { decisions: { 'oom-kill-host': { state: 'rejected' as const, note: '' } } };
    expect(queryKeys.analysis('k', 'c', opts)).toEqual(['analysis', 'k', 'c', opts]);
  });

  it('changes with what moves times, not with counts or reasons', () => {
    const base = clockKeyOf(report(clock()));
    expect(clockKeyOf(report(clock({ shiftUs: 2_000_000 })))).not.toBe(base);
    expect(clockKeyOf(report(clock({ pinned: { eventId: 'dmesg.txt:287', wallUs: 1 } })))).not.toBe(base);
    const boot = {
      boot: '#0',
      events: 10,
      bootTimeUs: 1_763_967_408_000_000,
      anchors: 3,
      residualUs: 10,
      uncertaintyUs: 20,
      evidence: 'matched-text' as const,
      anchorSources: [],
      examples: [],
      decidedBy: 'evidence' as const,
    };
    const withBoot = clockKeyOf(report(clock({ boots: [boot] })));
    expect(withBoot).not.toBe(base);
    expect(clockKeyOf(report(clock({ boots: [{ ...boot, bootTimeUs: boot.bootTimeUs + 1 }] })))).not.toBe(
      withBoot,
    );
    expect(clockKeyOf(report(clock({ qualities: { aligned: 3 }, accepted: true })))).toBe(base);
    expect(clockKeyOf(undefined)).toBe('');
  });
});

describe('hypothesesCiting', () => {
  const h = (id: string, over: Partial<Hypothesis> = {}): Hypothesis =>
    hyp({ id, cause: 'oom-kill-cgroup', title: id, score: 0.5, verdict: 'likely', ...over });
  const ev = (eventIds: string[]) => ({ id: 'e', kind: 'finding' as const, weight: 0.9, text: '', eventIds });

  it('lists every hypothesis, children too, whose evidence rests on the event, with its side', () => {
    const result = {
      hypotheses: [
        h('oom-kill-cgroup', {
          for: [ev(['dmesg.txt:287', 'dmesg.txt:286'])],
          children: [h('oom-kill-cgroup/shim', { for: [ev(['dmesg.txt:287'])] })],
        }),
        h('manual-or-automation-kill', { verdict: 'unlikely', against: [ev(['dmesg.txt:287'])] }),
        h('oom-kill-host', { for: [ev(['dmesg.txt:2870'])] }),
      ],
    } as unknown as AnalysisResult;
    expect(hypothesesCiting(result, 'dmesg.txt:287').map((c) => [c.id, c.stance])).toEqual([
      ['oom-kill-cgroup', 'for'],
      ['oom-kill-cgroup/shim', 'for'],
      ['manual-or-automation-kill', 'against'],
    ]);
    expect(hypothesesCiting(undefined, 'dmesg.txt:287')).toEqual([]);
  });
});

describe('useAnalysis', () => {
  const sample = (name: string) => new Blob([readFileSync(`public/sample/${name}`, 'utf8')]);

  it('is weighed again after a source is added or removed, a clock moves, a decision or a named symptom', async () => {
    const client = createInProcessClient(
      new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
    );
    await client.addSource({ name: 'dmesg.txt', kind: 'file', blob: sample('dmesg.txt') });
    const spy = vi.spyOn(client, 'analysis');
    const { result } = renderHook(
      () => ({
        analysis: useAnalysis(useAnalysisOptions()),
        add: useAddSource(),
        remove: useRemoveSource(),
        setClock: useSetClock(),
      }),
      { wrapper: createTestWrapper(client) },
    );
    await waitFor(() => expect(result.current.analysis.data).toBeDefined());
    expect(spy).toHaveBeenCalledTimes(1);
    const calls = () => spy.mock.calls.length;

    await act(() =>
      result.current.add.mutateAsync({
        input: { name: 'journalctl-k.txt', kind: 'file', blob: sample('journalctl-k.txt') },
      }),
    );
    await waitFor(() => expect(result.current.analysis.data?.coverage).toHaveLength(2));
    // Once per change: not under the old clocks and then again under the new.
    expect(calls()).toBe(2);

    await act(() =>
      result.current.setClock.mutateAsync({ sourceId: 'dmesg.txt', decision: { shiftUs: 5_000_000 } }),
    );
    await waitFor(() => expect(calls()).toBe(3));
    await waitFor(() => expect(result.current.analysis.isFetching).toBe(false));

    act(() =>
      useWorkbenchStore.getState().setDecision('oom-kill-host', { state: 'rejected', note: 'memcg' }),
    );
    await waitFor(() => expect(calls()).toBe(4));
    expect(spy).toHaveBeenLastCalledWith({
      decisions: { 'oom-kill-host': { state: 'rejected', note: 'memcg' } },
      custom: [],
      userSymptoms: [],
    });

    // A symptom the analyst names reaches the engine, which lists it with the detected ones.
    const named = userSymptom('custom', 'checkout pod hangs', { pod: 'payments/checkout-tkv49ntw2-qc86p' });
    act(() => useWorkbenchStore.getState().addUserSymptom(named));
    await waitFor(() => expect(calls()).toBe(5));
    expect(spy.mock.lastCall?.[0]?.userSymptoms).toEqual([named]);
    await waitFor(() =>
      expect(result.current.analysis.data?.symptoms.map((x) => x.id)).toContain(
        'user:custom:checkout-pod-hangs',
      ),
    );

    await act(() => result.current.remove.mutateAsync('journalctl-k.txt'));
    await waitFor(() => expect(result.current.analysis.data?.coverage).toHaveLength(1));
    expect(calls()).toBe(6);
  });

  it('is not weighed again when the clocks are only asked again', async () => {
    const client = createInProcessClient(new Workbench());
    await client.addSource({ name: 'dmesg.txt', kind: 'file', blob: sample('dmesg.txt') });
    const spy = vi.spyOn(client, 'analysis');
    // As slow as a worker's round trip: long enough for a render to see the clocks being asked.
    const report = client.clocks.bind(client);
    const clocks = vi.spyOn(client, 'clocks').mockImplementation(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return report();
    });
    const { result } = renderHook(() => ({ analysis: useAnalysis({}), qc: useQueryClient() }), {
      wrapper: createTestWrapper(client),
    });
    await waitFor(() => expect(result.current.analysis.data).toBeDefined());
    const asked = clocks.mock.calls.length;
    await act(() => result.current.qc.invalidateQueries({ queryKey: ['clocks'] }));
    await waitFor(() => expect(clocks.mock.calls.length).toBeGreaterThan(asked));
    await waitFor(() => expect(result.current.analysis.isFetching).toBe(false));
    await new Promise((r) => setTimeout(r, 50));
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('with enabled: false only reads the cache', async () => {
    const client = createInProcessClient(new Workbench());
    await client.addSource({ name: 'dmesg.txt', kind: 'file', blob: sample('dmesg.txt') });
    const spy = vi.spyOn(client, 'analysis');
    const { result } = renderHook(() => useAnalysis({}, { enabled: false }), {
      wrapper: createTestWrapper(client),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(spy).not.toHaveBeenCalled();
    expect(result.current.data).toBeUndefined();
  });
});
