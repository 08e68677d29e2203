// One zustand store of slices for what the user sets: filters, search, selection, layout.
// Never event arrays: rows live in the worker and reach the UI through TanStack Query.
// Actions are one line each (jaeger-ui style); anything derived is computed where it is read.

import { create, type StateCreator } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Severity } from '../core/model/event.ts';

export type PanelId = 'timeline' | 'analysis' | 'document';
/** The sidebar's tabs: the inputs, their clocks, the entities they name, the pinned key events. */
export type SidebarTab = 'sources' | 'clocks' | 'entities' | 'key-events';
/** How times are shown: UTC, the browser's zone, or a fixed offset in minutes east of UTC. */
export type DisplayZone = 'utc' | 'local' | number;

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
  sidebarTab: SidebarTab;
  setActivePanel: (panel: PanelId) => void;
  toggleSourcesOpen: () => void;
  setSidebarTab: (tab: SidebarTab) => void;
}

/** How the timeline is navigated: the zoomed window, the entity filter, lanes, zone, find. */
export interface NavigationSlice {
  /** The histogram brush: only events in [from, to] (epoch µs); null = the whole range. */
  timeWindow: [number, number] | null;
  /** Only events linked to this entity (EntitySummary.key); null = all. */
  entityFilter: string | null;
  laneMode: 'source' | 'entity';
  displayZone: DisplayZone;
  /** The search box filters the rows, or finds matches (n / N) without hiding the rest. */
  searchMode: 'filter' | 'find';
  setTimeWindow: (w: [number, number] | null) => void;
  setEntityFilter: (key: string | null) => void;
  setLaneMode: (mode: 'source' | 'entity') => void;
  setDisplayZone: (zone: DisplayZone) => void;
  setSearchMode: (mode: 'filter' | 'find') => void;
}

export interface Pin {
  eventId: string;
  /** The analyst's words for it (the label in the key-events diagram); '' = the event's message. */
  note: string;
  /** Epoch ms when pinned. */
  pinnedAt: number;
}

/** The analyst's key events: kept across reloads, they feed the key-events diagram and the document. */
export interface PinSlice {
  pins: Pin[];
  togglePin: (eventId: string) => void;
  setPinNote: (eventId: string, note: string) => void;
  clearPins: () => void;
}

export type WorkbenchState = FilterSlice & SelectionSlice & LayoutSlice & NavigationSlice & PinSlice;

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
  clearFilters: () =>
    set({ hiddenSources: [], hiddenSeverities: [], searchText: '', timeWindow: null, entityFilter: null }),
});

const createSelectionSlice: StateCreator<WorkbenchState, [], [], SelectionSlice> = (set) => ({
  selectedEventId: null,
  selectEvent: (selectedEventId) => set({ selectedEventId }),
});

const createLayoutSlice: StateCreator<WorkbenchState, [], [], LayoutSlice> = (set) => ({
  activePanel: 'timeline',
  sourcesOpen: true,
  sidebarTab: 'sources',
  setActivePanel: (activePanel) => set({ activePanel }),
  toggleSourcesOpen: () => set((s) => ({ sourcesOpen: !s.sourcesOpen })),
  setSidebarTab: (sidebarTab) => set({ sidebarTab }),
});

const createNavigationSlice: StateCreator<WorkbenchState, [], [], NavigationSlice> = (set) => ({
  timeWindow: null,
  entityFilter: null,
  laneMode: 'source',
  displayZone: 'utc',
  searchMode: 'filter',
  setTimeWindow: (timeWindow) => set({ timeWindow }),
  setEntityFilter: (entityFilter) => set({ entityFilter }),
  setLaneMode: (laneMode) => set({ laneMode }),
  setDisplayZone: (displayZone) => set({ displayZone }),
  setSearchMode: (searchMode) => set({ searchMode }),
});

const createPinSlice: StateCreator<WorkbenchState, [], [], PinSlice> = (set) => ({
  pins: [],
  togglePin: (eventId) =>
    set((s) => ({
      pins: s.pins.some((p) => p.eventId === eventId)
        ? s.pins.filter((p) => p.eventId !== eventId)
        : [...s.pins, { eventId, note: '', pinnedAt: Date.now() }],
    })),
  setPinNote: (eventId, note) =>
    set((s) => ({ pins: s.pins.map((p) => (p.eventId === eventId ? { ...p, note } : p)) })),
  clearPins: () => set({ pins: [] }),
});

/** localStorage key of what survives a reload (pins, display zone) until incidents persist (issue 7). */
export const PERSIST_KEY = 'rca-workbench:decisions';

export const useWorkbenchStore = create<WorkbenchState>()(
  persist(
    (...a) => ({
      ...createFilterSlice(...a),
      ...createSelectionSlice(...a),
      ...createLayoutSlice(...a),
      ...createNavigationSlice(...a),
      ...createPinSlice(...a),
    }),
    {
      name: PERSIST_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // The analyst's decisions only; filters and selection start fresh.
      partialize: (s) => ({ pins: s.pins, displayZone: s.displayZone }),
    },
  ),
);

const initialState = useWorkbenchStore.getState();

/** Back to the first-load state (tests call it between cases; actions are kept). */
export function resetWorkbenchStore(): void {
  useWorkbenchStore.setState(initialState, true);
}
