// One zustand store of slices for what the user sets: filters, search, selection, layout.
// Never event arrays: rows live in the worker and reach the UI through TanStack Query.
// Actions are one line each (jaeger-ui style); anything derived is computed where it is read.

import { create, type StateCreator } from 'zustand';
import type { AnalystDecision, CustomHypothesis } from '../core/analysis/model.ts';
import type { Symptom } from '../core/analysis/symptoms.ts';
import type { ClockDecision } from '../core/engine/engine-api.ts';
import type { FormatId, Severity } from '../core/model/event.ts';
import type {
  DisplayZone,
  FormatOverride,
  IncidentState,
  Pin,
  UserTemplateFile,
} from '../core/persist/model.ts';
import type { DocumentDraft } from '../core/report/document-model.ts';
import type { TrainingAttempt } from '../core/training/model.ts';

// The saved shapes are defined with the incident state (src/core/persist/model.ts); re-exported
// so the features keep importing them from the store.
export type { DisplayZone, FormatOverride, Pin, UserTemplateFile };

export type PanelId = 'timeline' | 'analysis' | 'document' | 'training';
/** The sidebar's tabs: the inputs, their clocks, the entities they name, the pinned key events. */
export type SidebarTab = 'sources' | 'clocks' | 'entities' | 'key-events';
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
  /**
   * A line asked for from outside the timeline (an evidence link, a key event): the timeline
   * scrolls its table to it. The nonce makes the same line asked twice scroll twice.
   */
  revealRequest: { eventId: string; nonce: number } | null;
  /** Selects the event, shows the Timeline tab and asks it to scroll to the event's row. */
  revealEvent: (eventId: string) => void;
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

/** The analyst's key events: kept with the incident, they feed the key-events diagram and the document. */
export interface PinSlice {
  pins: Pin[];
  togglePin: (eventId: string) => void;
  setPinNote: (eventId: string, note: string) => void;
  clearPins: () => void;
}

/**
 * The analyst's word on the cause-hypothesis tree: a decision (with a note) per hypothesis id,
 * their own hypotheses and the symptoms they name. All go to the engine's analysis
 * (AnalysisOptions) and survive a reload.
 */
export interface AnalysisSlice {
  /** By hypothesis id (`oom-kill-cgroup`, `oom-kill-cgroup/shim`, `custom:<slug>`). */
  decisions: Record<string, AnalystDecision>;
  customHypotheses: CustomHypothesis[];
  /** What the analyst saw go wrong (`userSymptom`, source 'user'): it sets the focus like a detected one. */
  userSymptoms: Symptom[];
  /**
   * A hypothesis the Analysis tab should bring into view (expand its branch, scroll, focus): set by
   * "Show in analysis" in the timeline's detail pane, cleared by the tab once it has done so.
   */
  focusedHypothesis: string | null;
  /** null takes the decision back: only the engine's verdict remains. */
  setDecision: (hypothesisId: string, decision: AnalystDecision | null) => void;
  addCustomHypothesis: (h: CustomHypothesis) => void;
  /** Removes it and the decision on it. */
  removeCustomHypothesis: (id: string) => void;
  /** Attaches an event for or against a custom hypothesis (moving it if it was on the other side). */
  attachToCustom: (id: string, eventId: string, stance: 'for' | 'against') => void;
  detachFromCustom: (id: string, eventId: string) => void;
  /** Adds a named symptom; one with the same id (same kind and title) is replaced. */
  addUserSymptom: (s: Symptom) => void;
  removeUserSymptom: (id: string) => void;
  /** Switches to the Analysis tab and asks it to bring this hypothesis into view. */
  showHypothesis: (id: string) => void;
  clearFocusedHypothesis: () => void;
}

/**
 * The Document tab: the analyst's draft per template, the template on screen, the templates they
 * loaded from files and what they chose to keep out of redaction. All of it is kept with the incident.
 * Redaction choices only shape the export: the draft itself is never redacted.
 */
export interface DocumentSlice {
  /** By template id: switching templates keeps each one's draft. */
  documentDrafts: Record<string, DocumentDraft>;
  documentTemplateId: string | null;
  userTemplates: UserTemplateFile[];
  /** Redaction item ids (RedactionItem.id) the analyst unticked: those values are exported as they are. */
  redactionDisabled: string[];
  /** Also pseudonymise pod and namespace names (off: they usually help the reader). */
  redactPodNames: boolean;
  setDocumentTemplate: (templateId: string | null) => void;
  /** Stores the draft under its own templateId. */
  setDocumentDraft: (draft: DocumentDraft) => void;
  removeDocumentDraft: (templateId: string) => void;
  /** Adds a template file; one with the same file name is replaced. */
  addUserTemplate: (t: UserTemplateFile) => void;
  removeUserTemplate: (file: string) => void;
  toggleRedaction: (itemId: string) => void;
  setRedactPodNames: (on: boolean) => void;
}

/**
 * What the analyst decided in the engine (Sources and Clocks tabs): the engine holds the effect,
 * the store keeps the decision so that the incident can replay it after its sources are read back.
 * Written by useSetFormat / useSetClock once the engine accepted the change.
 */
export interface EngineDecisionSlice {
  /** In the order they were made; one per segment (a later one replaces the earlier). */
  formatOverrides: FormatOverride[];
  /** By source id. */
  clockDecisions: Record<string, ClockDecision>;
  /** format null = the segment is back to detection (its override is dropped). */
  recordFormatOverride: (o: { sourceId: string; lineStart: number; format: FormatId | null }) => void;
  /** null = the source's clock is back to inference. */
  recordClockDecision: (sourceId: string, decision: ClockDecision | null) => void;
  /**
   * A removed source takes its overrides and clock decision with it (its pins and evidence stay:
   * the panels show an id no source has as such).
   */
  forgetSource: (sourceId: string) => void;
}

/**
 * The training attempt played in this incident (Training tab, issue 8): kept with the incident, so
 * a reload resumes it. While it is not committed the Analysis and Document tabs are locked.
 */
export interface TrainingSlice {
  training: TrainingAttempt | null;
  setTraining: (attempt: TrainingAttempt | null) => void;
  /** Changes the open attempt (nothing when there is none). */
  updateTraining: (change: (attempt: TrainingAttempt) => TrainingAttempt) => void;
}

export type WorkbenchState = FilterSlice &
  SelectionSlice &
  LayoutSlice &
  NavigationSlice &
  PinSlice &
  AnalysisSlice &
  DocumentSlice &
  EngineDecisionSlice &
  TrainingSlice;

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
  revealRequest: null,
  revealEvent: (eventId) =>
    set((s) => ({
      selectedEventId: eventId,
      activePanel: 'timeline',
      revealRequest: { eventId, nonce: (s.revealRequest?.nonce ?? 0) + 1 },
    })),
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

const withoutKey = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

const mapCustom = (list: CustomHypothesis[], id: string, f: (h: CustomHypothesis) => CustomHypothesis) =>
  list.map((h) => (h.id === id ? f(h) : h));

const createAnalysisSlice: StateCreator<WorkbenchState, [], [], AnalysisSlice> = (set) => ({
  decisions: {},
  customHypotheses: [],
  userSymptoms: [],
  focusedHypothesis: null,
  setDecision: (id, decision) =>
    set((s) => ({ decisions: decision ? { ...s.decisions, [id]: decision } : withoutKey(s.decisions, id) })),
  addCustomHypothesis: (h) =>
    set((s) => ({ customHypotheses: [...s.customHypotheses.filter((x) => x.id !== h.id), h] })),
  removeCustomHypothesis: (id) =>
    set((s) => ({
      customHypotheses: s.customHypotheses.filter((h) => h.id !== id),
      decisions: withoutKey(s.decisions, id),
    })),
  attachToCustom: (id, eventId, stance) =>
    set((s) => ({
      customHypotheses: mapCustom(s.customHypotheses, id, (h) => ({
        ...h,
        for:
          stance === 'for'
            ? [...h.for.filter((e) => e !== eventId), eventId]
            : h.for.filter((e) => e !== eventId),
        against:
          stance === 'against'
            ? [...h.against.filter((e) => e !== eventId), eventId]
            : h.against.filter((e) => e !== eventId),
      })),
    })),
  detachFromCustom: (id, eventId) =>
    set((s) => ({
      customHypotheses: mapCustom(s.customHypotheses, id, (h) => ({
        ...h,
        for: h.for.filter((e) => e !== eventId),
        against: h.against.filter((e) => e !== eventId),
      })),
    })),
  addUserSymptom: (sym) =>
    set((s) => ({ userSymptoms: [...s.userSymptoms.filter((x) => x.id !== sym.id), sym] })),
  removeUserSymptom: (id) => set((s) => ({ userSymptoms: s.userSymptoms.filter((x) => x.id !== id) })),
  showHypothesis: (id) => set({ focusedHypothesis: id, activePanel: 'analysis' }),
  clearFocusedHypothesis: () => set({ focusedHypothesis: null }),
});

const createDocumentSlice: StateCreator<WorkbenchState, [], [], DocumentSlice> = (set) => ({
  documentDrafts: {},
  documentTemplateId: null,
  userTemplates: [],
  redactionDisabled: [],
  redactPodNames: false,
  setDocumentTemplate: (documentTemplateId) => set({ documentTemplateId }),
  setDocumentDraft: (draft) =>
    set((s) => ({ documentDrafts: { ...s.documentDrafts, [draft.templateId]: draft } })),
  removeDocumentDraft: (id) => set((s) => ({ documentDrafts: withoutKey(s.documentDrafts, id) })),
  addUserTemplate: (t) =>
    set((s) => ({ userTemplates: [...s.userTemplates.filter((x) => x.file !== t.file), t] })),
  removeUserTemplate: (file) =>
    set((s) => ({ userTemplates: s.userTemplates.filter((x) => x.file !== file) })),
  toggleRedaction: (id) => set((s) => ({ redactionDisabled: toggle(s.redactionDisabled, id) })),
  setRedactPodNames: (redactPodNames) => set({ redactPodNames }),
});

const createEngineDecisionSlice: StateCreator<WorkbenchState, [], [], EngineDecisionSlice> = (set) => ({
  formatOverrides: [],
  clockDecisions: {},
  recordFormatOverride: ({ sourceId, lineStart, format }) =>
    set((s) => {
      const others = s.formatOverrides.filter((o) => o.sourceId !== sourceId || o.lineStart !== lineStart);
      return { formatOverrides: format === null ? others : [...others, { sourceId, lineStart, format }] };
    }),
  recordClockDecision: (sourceId, decision) =>
    set((s) => ({
      clockDecisions: decision
        ? { ...s.clockDecisions, [sourceId]: decision }
        : withoutKey(s.clockDecisions, sourceId),
    })),
  forgetSource: (sourceId) =>
    set((s) => ({
      formatOverrides: s.formatOverrides.filter((o) => o.sourceId !== sourceId),
      clockDecisions: withoutKey(s.clockDecisions, sourceId),
    })),
});

const createTrainingSlice: StateCreator<WorkbenchState, [], [], TrainingSlice> = (set) => ({
  training: null,
  setTraining: (training) => set({ training }),
  updateTraining: (change) => set((s) => (s.training ? { training: change(s.training) } : {})),
});

/** A store of its own: the app has one (below); a session test plays two tabs with two. */
export function createWorkbenchStore() {
  return create<WorkbenchState>()((...a) => ({
    ...createFilterSlice(...a),
    ...createSelectionSlice(...a),
    ...createLayoutSlice(...a),
    ...createNavigationSlice(...a),
    ...createPinSlice(...a),
    ...createAnalysisSlice(...a),
    ...createDocumentSlice(...a),
    ...createEngineDecisionSlice(...a),
    ...createTrainingSlice(...a),
  }));
}

export const useWorkbenchStore = createWorkbenchStore();

/**
 * What an incident keeps of the store: the analyst's decisions, nothing that an open should
 * reset. Each field is the store's own value (no copy), so two calls compare by reference and
 * the autosave sees a change exactly when an action replaced one of them.
 */
export function incidentStateOf(s: WorkbenchState): IncidentState {
  return {
    pins: s.pins,
    displayZone: s.displayZone,
    decisions: s.decisions,
    customHypotheses: s.customHypotheses,
    userSymptoms: s.userSymptoms,
    documentDrafts: s.documentDrafts,
    documentTemplateId: s.documentTemplateId,
    userTemplates: s.userTemplates,
    redactionDisabled: s.redactionDisabled,
    redactPodNames: s.redactPodNames,
    formatOverrides: s.formatOverrides,
    clockDecisions: s.clockDecisions,
    training: s.training,
  };
}

/** The keys of IncidentState, for comparing two of them field by field. */
export const INCIDENT_STATE_KEYS = Object.keys(
  incidentStateOf(useWorkbenchStore.getState()),
) as (keyof IncidentState)[];

/** Same fields, same references: nothing the incident keeps has changed. */
export function sameIncidentState(a: IncidentState, b: IncidentState): boolean {
  return INCIDENT_STATE_KEYS.every((k) => a[k] === b[k]);
}

/**
 * Puts an incident's saved state in the store (an incident opened, a bundle read back) and starts
 * what is transient afresh: the selection, filters, search, time window, entity filter and the
 * hypothesis to focus would point into the previous incident's events.
 */
export function applyIncidentState(state: IncidentState, store = useWorkbenchStore): void {
  store.setState({
    ...state,
    hiddenSources: [],
    hiddenSeverities: [],
    searchText: '',
    selectedEventId: null,
    revealRequest: null,
    timeWindow: null,
    entityFilter: null,
    focusedHypothesis: null,
  });
}

const initialState = useWorkbenchStore.getState();

/** Back to the first-load state (tests call it between cases, the session for an empty workbench; actions are kept). */
export function resetWorkbenchStore(): void {
  useWorkbenchStore.setState(initialState, true);
}
