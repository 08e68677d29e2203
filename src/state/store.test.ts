import { describe, expect, it } from 'vitest';
import { userSymptom } from '../core/analysis/symptoms.ts';
import type { DocumentDraft } from '../core/report/document-model.ts';
import { migratePersisted, PERSIST_KEY, resetWorkbenchStore, useWorkbenchStore } from './store.ts';

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

  it('persists decisions and custom hypotheses with the pins, and not the focus', () => {
    s().togglePin('dmesg.txt:287');
    s().setDecision('manual-or-automation-kill', { state: 'rejected', note: 'nobody ran kubectl' });
    s().addCustomHypothesis(custom);
    s().showHypothesis('oom-kill-cgroup');
    const saved = JSON.parse(localStorage.getItem(PERSIST_KEY) ?? '{}');
    expect(saved.version).toBe(4);
    expect(Object.keys(saved.state).sort()).toEqual([
      'customHypotheses',
      'decisions',
      'displayZone',
      'documentDrafts',
      'documentTemplateId',
      'pins',
      'redactPodNames',
      'redactionDisabled',
      'userSymptoms',
      'userTemplates',
    ]);
    expect(saved.state.decisions).toEqual({
      'manual-or-automation-kill': { state: 'rejected', note: 'nobody ran kubectl' },
    });
    expect(saved.state.customHypotheses).toEqual([custom]);
  });

  it('still loads a version 1 save (pins and zone, before the analysis existed)', async () => {
    const pin = { eventId: 'dmesg.txt:287', note: 'the kill', pinnedAt: 1 };
    localStorage.setItem(
      PERSIST_KEY,
      JSON.stringify({ state: { pins: [pin], displayZone: 60 }, version: 1 }),
    );
    await useWorkbenchStore.persist.rehydrate();
    expect(s().pins).toEqual([pin]);
    expect(s().displayZone).toBe(60);
    expect(s().decisions).toEqual({});
    expect(s().customHypotheses).toEqual([]);
    expect(s().userSymptoms).toEqual([]);
  });

  it('loads a decision saved before a reload, from a version 2 save (before the analyst could name a symptom)', async () => {
    localStorage.setItem(
      PERSIST_KEY,
      JSON.stringify({
        state: {
          pins: [],
          displayZone: 'utc',
          decisions: { 'oom-kill-host': { state: 'rejected', note: 'kept' } },
          customHypotheses: [custom],
        },
        version: 2,
      }),
    );
    await useWorkbenchStore.persist.rehydrate();
    expect(s().decisions).toEqual({ 'oom-kill-host': { state: 'rejected', note: 'kept' } });
    expect(s().customHypotheses).toEqual([custom]);
    expect(s().userSymptoms).toEqual([]);
  });

  it('migrates an unreadable save to the empty default instead of failing', () => {
    const empty = {
      pins: [],
      displayZone: 'utc',
      decisions: {},
      customHypotheses: [],
      userSymptoms: [],
      documentDrafts: {},
      documentTemplateId: null,
      userTemplates: [],
      redactionDisabled: [],
      redactPodNames: false,
    };
    expect(migratePersisted(null, 1)).toEqual(empty);
    expect(
      migratePersisted(
        {
          pins: 'x',
          displayZone: {},
          decisions: [],
          customHypotheses: {},
          userSymptoms: 'x',
          documentDrafts: {
            a: { templateId: 'b', title: 't', values: {}, edited: [], sections: [] },
            c: 'x',
          },
          documentTemplateId: 3,
          userTemplates: [{ file: 'a.md' }],
          redactionDisabled: [1],
          redactPodNames: 'yes',
        },
        4,
      ),
    ).toEqual(empty);
  });

  it('adds, replaces (same kind and title) and removes named symptoms; they persist and load again', async () => {
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
    const saved = JSON.parse(localStorage.getItem(PERSIST_KEY) ?? '{}');
    expect(saved.state.userSymptoms).toEqual([died, hangAgain]);
    // A reload: the store empties, then reads the save back.
    useWorkbenchStore.setState({ userSymptoms: [] });
    localStorage.setItem(PERSIST_KEY, JSON.stringify(saved));
    await useWorkbenchStore.persist.rehydrate();
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

  it('persists the document with the decisions and loads it back after a reload', async () => {
    s().setDocumentDraft(draft('shim-crash-rca'));
    s().setDocumentTemplate('shim-crash-rca');
    s().addUserTemplate({ file: 'mine.md', text: '---\nid: mine\n---\n' });
    s().toggleRedaction('hostname:k8s-worker-21');
    s().setRedactPodNames(true);
    const saved = JSON.parse(localStorage.getItem(PERSIST_KEY) ?? '{}');
    resetWorkbenchStore();
    expect(s().documentDrafts).toEqual({});
    localStorage.setItem(PERSIST_KEY, JSON.stringify(saved));
    await useWorkbenchStore.persist.rehydrate();
    expect(s().documentDrafts).toEqual({ 'shim-crash-rca': draft('shim-crash-rca') });
    expect(s().documentTemplateId).toBe('shim-crash-rca');
    expect(s().userTemplates).toEqual([{ file: 'mine.md', text: '---\nid: mine\n---\n' }]);
    expect(s().redactionDisabled).toEqual(['hostname:k8s-worker-21']);
    expect(s().redactPodNames).toBe(true);
  });

  it('loads a version 3 save (before documents) with an empty document state', async () => {
    localStorage.setItem(
      PERSIST_KEY,
      JSON.stringify({
        state: {
          pins: [],
          displayZone: 'utc',
          decisions: { 'oom-kill-host': { state: 'rejected', note: 'kept' } },
          customHypotheses: [],
          userSymptoms: [],
          // A version 3 save never had these: whatever is there is not read.
          documentDrafts: { x: draft('x') },
        },
        version: 3,
      }),
    );
    await useWorkbenchStore.persist.rehydrate();
    expect(s().decisions).toEqual({ 'oom-kill-host': { state: 'rejected', note: 'kept' } });
    expect([s().documentDrafts, s().documentTemplateId, s().userTemplates, s().redactionDisabled]).toEqual([
      {},
      null,
      [],
      [],
    ]);
    expect(s().redactPodNames).toBe(false);
  });
});
