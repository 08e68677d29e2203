// One zustand store of slices for what the user sets: filters, search, selection, layout.
// Never event arrays: rows live in the worker and reach the UI through TanStack Query.
// Actions are one line each (jaeger-ui style); anything derived is computed where it is read.

import { create, type StateCreator } from 'zustand';
import type { Severity } from '../core/model/event.ts';

export type PanelId = 'timeline' | 'analysis' | 'document';

export interface FilterSlice {
  /** Source ids the user switched off. Stored as the exclusions so that a new source shows up. */
  hiddenSources: string[];
  hiddenSeverities: Severity[];
  /** What is in the search box now; the timeline debounces it before querying. */
  searchText: string;
  toggleSource: (sourceId: string) => void;
  showOnlySource: (sourceId: string, allSourceIds: readonly string[]) => void;
  toggleSeverity: (severity: Severity) => void;
  setSearchText: (text: string) => void;
  clearFilters: () => void;
}

export interface SelectionSlice {
  /** The event whose detail pane is open, or null. */
  selectedEventId: string | null;
  selectEvent: (eventId: string | null) => void;
}

export interface LayoutSlice {
  activePanel: PanelId;
  sourcesOpen: boolean;
  setActivePanel: (panel: PanelId) => void;
  toggleSourcesOpen: () => void;
}

export type WorkbenchState = FilterSlice & SelectionSlice & LayoutSlice;

const toggle = <T>(list: readonly T[], item: T): T[] =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

const createFilterSlice: StateCreator<WorkbenchState, [], [], FilterSlice> = (set) => ({
  hiddenSources: [],
  hiddenSeverities: [],
  searchText: '',
  toggleSource: (id) => set((s) => ({ hiddenSources: toggle(s.hiddenSources, id) })),
  showOnlySource: (id, all) => set({ hiddenSources: all.filter((x) => x !== id) }),
  toggleSeverity: (sev) => set((s) => ({ hiddenSeverities: toggle(s.hiddenSeverities, sev) })),
  setSearchText: (searchText) => set({ searchText }),
  clearFilters: () => set({ hiddenSources: [], hiddenSeverities: [], searchText: '' }),
});

const createSelectionSlice: StateCreator<WorkbenchState, [], [], SelectionSlice> = (set) => ({
  selectedEventId: null,
  selectEvent: (selectedEventId) => set({ selectedEventId }),
});

const createLayoutSlice: StateCreator<WorkbenchState, [], [], LayoutSlice> = (set) => ({
  activePanel: 'timeline',
  sourcesOpen: true,
  setActivePanel: (activePanel) => set({ activePanel }),
  toggleSourcesOpen: () => set((s) => ({ sourcesOpen: !s.sourcesOpen })),
});

export const useWorkbenchStore = create<WorkbenchState>()((...a) => ({
  ...createFilterSlice(...a),
  ...createSelectionSlice(...a),
  ...createLayoutSlice(...a),
}));

const initialState = useWorkbenchStore.getState();

/** Back to the first-load state (tests call it between cases; actions are kept). */
export function resetWorkbenchStore(): void {
  useWorkbenchStore.setState(initialState, true);
}
