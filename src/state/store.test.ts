import { describe, expect, it } from 'vitest';
import { userSymptom } from '../core/analysis/symptoms.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import type { DocumentDraft } from '../core/report/document-model.ts';
import {
  applyIncidentState,
  incidentStateOf,
  resetWorkbenchStore,
  sameIncidentState,
  useWorkbenchStore,
} from './store.ts';

describe('workbench store', () => {
  it('toggles sources and severities in and out of the hidden lists', () => {
    const s = () => useWorkbenchStore.getState();
    s().toggleSource('a');
    s().toggleSource('b');
    s().toggleSource('a');
    expect(s().hiddenSources).toEqual(['b']);
    s().toggleSeverity('debug');
    expect(s().hiddenSeverities).toEqual(['debug']);
    s().showOnlySource('c', ['a', 'b', 'c']);
    expect(s().hiddenSources).toEqual(['a', 'b']);
  });

  it('clears every filter at once and resets to the first-load state', () => {
    const s = () => useWorkbenchStore.getState();
    s().setSearchText('oom');
    s().toggleSeverity('info');
    s().selectEvent('x:1');
    s().setActivePanel('analysis');
    s().toggleSourcesOpen();
    s().clearFilters();
    expect([s().searchText, s().hiddenSeverities, s().selectedEventId]).toEqual(['', [], 'x:1']);
    resetWorkbenchStore();
    expect(s().selectedEventId).toBeNull();
    expect(s().activePanel).toBe('timeline');
    expect(s().sourcesOpen).toBe(true);
    // Actions survive the reset.
    s().setSearchText('again');
    expect(s().searchText).toBe('again');
  });

  it('reveals an event: selects it, shows the timeline, and asks again for the same line', () => {
    const s = () => useWorkbenchStore.getState();
    s().setActivePanel('analysis');
    s().revealEvent('dmesg.txt:287');
    expect([s().selectedEventId, s().activePanel, s().revealRequest]).toEqual([
      'dmesg.txt:287',
      'timeline',
      { eventId: 'dmesg.txt:287', nonce: 1 },
    ]);
    s().revealEvent('dmesg.txt:287');
    expect(s().revealRequest?.nonce).toBe(2);
  });

  it('starts each test from the reset state (the setup file resets between tests)', () => {
    expect(useWorkbenchStore.getState().searchText).toBe('');
  });
});

describe('analysis decisions', () => {
  const s = () => useWorkbenchStore.getState();
  const custom = { id: 'custom:sidecar', title: 'the sidecar', for: ['dmesg.txt:287'], against: [] };

  it('records, replaces and withdraws a decision per hypothesis', () => {
    s().setDecision('oom-kill-host', { state: 'rejected', note: 'memcg constraint' });
    s().setDecision('oom-kill-cgroup', { state: 'accepted', note: '' });
    s().setDecision('oom-kill-host', { state: 'open', note: 'check free -m' });
    expect(s().decisions).toEqual({
      'oom-kill-host': { state: 'open', note: 'check free -m' },
      'oom-kill-cgroup': { state: 'accepted', note: '' },
    });
    s().setDecision('oom-kill-host', null);
    expect(Object.keys(s().decisions)).toEqual(['oom-kill-cgroup']);
  });

  it('adds custom hypotheses, moves an attached event between sides, removes them with their decision', () => {
    s().addCustomHypothesis(custom);
    s().attachToCustom('custom:sidecar', 'journal.txt:335', 'against');
    s().attachToCustom('custom:sidecar', 'dmesg.txt:287', 'against');
    expect(s().customHypotheses[0]).toMatchObject({ for: [], against: ['journal.txt:335', 'dmesg.txt:287'] });
    s().detachFromCustom('custom:sidecar', 'journal.txt:335');
    expect(s().customHypotheses[0].against).toEqual(['dmesg.txt:287']);
    s().setDecision('custom:sidecar', { state: 'accepted', note: '' });
    s().removeCustomHypothesis('custom:sidecar');
    expect([s().customHypotheses, s().decisions]).toEqual([[], {}]);
  });

  it('"Show in analysis" switches to the Analysis tab with the hypothesis to focus', () => {
    s().showHypothesis('oom-kill-cgroup/shim');
    expect([s().activePanel, s().focusedHypothesis]).toEqual(['analysis', 'oom-kill-cgroup/shim']);
    s().clearFocusedHypothesis();
    expect(s().focusedHypothesis).toBeNull();
  });

  it('keeps decisions and custom hypotheses in the incident state with the pins, and not the focus', () => {
    s().togglePin('dmesg.txt:287');
    s().setDecision('manual-or-automation-kill', { state: 'rejected', note: 'nobody ran kubectl' });
    s().addCustomHypothesis(custom);
    s().showHypothesis('oom-kill-cgroup');
    const saved = incidentStateOf(s());
    expect(Object.keys(saved).sort()).toEqual([
      'clockDecisions',
      'customHypotheses',
      'decisions',
      'displayZone',
      'documentDrafts',
      'documentTemplateId',
      'formatOverrides',
      'pins',
      'redactPodNames',
      'redactionDisabled',
      'training',
      'userSymptoms',
      'userTemplates',
    ]);
    expect(saved.decisions).toEqual({
      'manual-or-automation-kill': { state: 'rejected', note: 'nobody ran kubectl' },
    });
    expect(saved.customHypotheses).toEqual([custom]);
    expect(saved.pins.map((p) => p.eventId)).toEqual(['dmesg.txt:287']);
  });

  it('adds, replaces (same kind and title) and removes named symptoms; they are kept and applied again', () => {
    const hang = userSymptom('custom', 'checkout pod hangs', { pod: 'payments/checkout-tkv49ntw2-qc86p' });
    const died = userSymptom('exit-137', 'checkout exited 137', {
      container: '7fc23ca64dfc',
      time: Date.parse('2025-11-24T07:48:16Z') * 1000,
    });
    s().addUserSymptom(hang);
    s().addUserSymptom(died);
    const hangAgain = userSymptom('custom', 'checkout pod hangs', { pod: 'payments/other' });
    s().addUserSymptom(hangAgain);
    expect(s().userSymptoms).toEqual([died, hangAgain]);
    const saved = structuredClone(incidentStateOf(s()));
    expect(saved.userSymptoms).toEqual([died, hangAgain]);
    // An incident opened again: the store empties, then takes the saved state.
    resetWorkbenchStore();
    applyIncidentState(saved);
    expect(s().userSymptoms).toEqual([died, hangAgain]);
    s().removeUserSymptom(died.id);
    expect(s().userSymptoms.map((x) => x.id)).toEqual(['user:custom:checkout-pod-hangs']);
  });
});

describe('document drafts', () => {
  const s = () => useWorkbenchStore.getState();
  const draft = (templateId: string, title = 'RCA'): DocumentDraft => ({
    templateId,
    title,
    values: { summary: 'the shim was OOM-killed' },
    edited: ['summary'],
    sections: [{ id: 's1', title: 'Notes', markdown: '*kept*' }],
  });

  it('keeps one draft per template, the picked template, loaded template files and redaction choices', () => {
    s().setDocumentDraft(draft('shim-crash-rca'));
    s().setDocumentDraft(draft('code-review', 'Review'));
    s().setDocumentDraft(draft('shim-crash-rca', 'RCA 2'));
    expect(Object.keys(s().documentDrafts).sort()).toEqual(['code-review', 'shim-crash-rca']);
    expect(s().documentDrafts['shim-crash-rca'].title).toBe('RCA 2');
    s().removeDocumentDraft('code-review');
    expect(Object.keys(s().documentDrafts)).toEqual(['shim-crash-rca']);
    s().setDocumentTemplate('shim-crash-rca');
    s().addUserTemplate({ file: 'mine.md', text: 'one' });
    s().addUserTemplate({ file: 'mine.md', text: 'two' });
    expect(s().userTemplates).toEqual([{ file: 'mine.md', text: 'two' }]);
    s().removeUserTemplate('mine.md');
    expect(s().userTemplates).toEqual([]);
    s().toggleRedaction('hostname:k8s-worker-21');
    s().toggleRedaction('ipv4:10.1.2.3');
    s().toggleRedaction('hostname:k8s-worker-21');
    expect(s().redactionDisabled).toEqual(['ipv4:10.1.2.3']);
    s().setRedactPodNames(true);
    expect(s().redactPodNames).toBe(true);
  });

  it('keeps the document in the incident state and applies it back when the incident is opened', () => {
    s().setDocumentDraft(draft('shim-crash-rca'));
    s().setDocumentTemplate('shim-crash-rca');
    s().addUserTemplate({ file: 'mine.md', text: '---\nid: mine\n---\n' });
    s().toggleRedaction('hostname:k8s-worker-21');
    s().setRedactPodNames(true);
    const saved = structuredClone(incidentStateOf(s()));
    resetWorkbenchStore();
    expect(s().documentDrafts).toEqual({});
    applyIncidentState(saved);
    expect(s().documentDrafts).toEqual({ 'shim-crash-rca': draft('shim-crash-rca') });
    expect(s().documentTemplateId).toBe('shim-crash-rca');
    expect(s().userTemplates).toEqual([{ file: 'mine.md', text: '---\nid: mine\n---\n' }]);
    expect(s().redactionDisabled).toEqual(['hostname:k8s-worker-21']);
    expect(s().redactPodNames).toBe(true);
  });
});

describe('engine decisions and the incident state', () => {
  const s = () => useWorkbenchStore.getState();

  it('records one format override per segment, in the order made; format null takes it back', () => {
    s().recordFormatOverride({ sourceId: 'a.log', lineStart: 0, format: 'journalctl-short' });
    s().recordFormatOverride({ sourceId: 'a.log', lineStart: 40, format: 'dmesg-raw' });
    s().recordFormatOverride({ sourceId: 'a.log', lineStart: 0, format: 'text' });
    expect(s().formatOverrides).toEqual([
      { sourceId: 'a.log', lineStart: 40, format: 'dmesg-raw' },
      { sourceId: 'a.log', lineStart: 0, format: 'text' },
    ]);
    s().recordFormatOverride({ sourceId: 'a.log', lineStart: 40, format: null });
    expect(s().formatOverrides).toEqual([{ sourceId: 'a.log', lineStart: 0, format: 'text' }]);
  });

  it('records a clock decision per source, null takes it back; forgetSource drops both kinds, not pins', () => {
    s().recordClockDecision('a.log', { shiftUs: 2_000_000 });
    s().recordClockDecision('b.log', { year: 2025 });
    s().recordClockDecision('b.log', { year: 2024, accepted: true });
    expect(s().clockDecisions).toEqual({
      'a.log': { shiftUs: 2_000_000 },
      'b.log': { year: 2024, accepted: true },
    });
    s().recordClockDecision('a.log', null);
    expect(Object.keys(s().clockDecisions)).toEqual(['b.log']);
    s().recordFormatOverride({ sourceId: 'b.log', lineStart: 0, format: 'dmesg-raw' });
    s().recordFormatOverride({ sourceId: 'c.log', lineStart: 0, format: 'dmesg-raw' });
    s().togglePin('b.log:3');
    s().forgetSource('b.log');
    expect([s().clockDecisions, s().formatOverrides]).toEqual([
      {},
      [{ sourceId: 'c.log', lineStart: 0, format: 'dmesg-raw' }],
    ]);
    expect(s().pins.map((p) => p.eventId)).toEqual(['b.log:3']);
  });

  it('sees a change exactly when an action replaced a kept field (by reference)', () => {
    const before = incidentStateOf(s());
    expect(sameIncidentState(before, incidentStateOf(s()))).toBe(true);
    // Transient state is not the incident's.
    s().setSearchText('oom');
    s().selectEvent('a.log:1');
    expect(sameIncidentState(before, incidentStateOf(s()))).toBe(true);
    s().setDisplayZone(60);
    expect(sameIncidentState(before, incidentStateOf(s()))).toBe(false);
  });

  it('applying a saved state sets every kept field and starts the transient ones afresh', () => {
    s().setSearchText('oom');
    s().toggleSeverity('debug');
    s().toggleSource('a.log');
    s().selectEvent('a.log:1');
    s().setTimeWindow([1, 2]);
    s().setEntityFilter('container:abc');
    s().showHypothesis('oom-kill-cgroup');
    s().setSidebarTab('clocks');
    const state = {
      ...defaultIncidentState(),
      pins: [{ eventId: 'b.log:2', note: 'the kill', pinnedAt: 1 }],
      displayZone: -300,
      formatOverrides: [{ sourceId: 'b.log', lineStart: 0, format: 'dmesg-raw' as const }],
      clockDecisions: { 'b.log': { shiftUs: 1 } },
    };
    applyIncidentState(state);
    expect(incidentStateOf(s())).toEqual(state);
    expect([
      s().searchText,
      s().hiddenSeverities,
      s().hiddenSources,
      s().selectedEventId,
      s().timeWindow,
      s().entityFilter,
      s().focusedHypothesis,
    ]).toEqual(['', [], [], null, null, null, null]);
    // Layout is the analyst's desk, not the incident's.
    expect(s().sidebarTab).toBe('clocks');
  });
});
