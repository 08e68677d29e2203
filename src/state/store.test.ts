import { describe, expect, it } from 'vitest';
import { resetWorkbenchStore, useWorkbenchStore } from './store.ts';

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

  it('starts each test from the reset state (the setup file resets between tests)', () => {
    expect(useWorkbenchStore.getState().searchText).toBe('');
  });
});
