// The incident session: which incident this tab has open, and the glue that keeps it saved.
// - The store's incident fields are saved (debounced, at most a second after the first unsaved
//   change) with the revision they were read at, so two tabs never overwrite each other silently.
// - Sources are stored when the engine accepted them (persisting-client.ts) and read back, with
//   their ids, when the incident is opened; format overrides and clock decisions are replayed.
// - A tab lock says who may write: a second tab on the same incident shows it read-only and
//   follows the owner's saves, until it takes the incident over ("Open here"), or the owner lets
//   go of it (closes, crashes, opens another incident): then the lock, which the follower was
//   queued for, is its own, and it reads what the owner left and writes from then on.
// - A page going away starts its last save, which Chromium sometimes drops with the page: the
//   owning tab also leaves its unsaved state in localStorage (unsaved-note.ts), synchronously,
//   and the next owner to read the incident (a reload, a new tab, the follower at the hand-over)
//   saves it when the stored revision is still the one it was built on.
// Every repository write (and every open) runs on one queue: a save never races an open, a
// source write or another save (two saves with the same revision would conflict with each other).
import type { QueryClient } from '@tanstack/react-query';
import type { AnalysisResult, Hypothesis } from '../core/analysis/model.ts';
import type { AddSourceInput, WorkbenchClient } from '../core/engine/client-api.ts';
import type { ClockDecision, SourceSummary } from '../core/engine/engine-api.ts';
import { bundleFileName, decodeBundle, encodeBundleParts } from '../core/persist/bundle.ts';
import type { FormatOverride, IncidentMeta, IncidentState } from '../core/persist/model.ts';
import { matchesIncident, similarity } from '../core/persist/search.ts';
import { signatureOf } from '../core/persist/signature.ts';
import { defaultIncidentState } from '../core/persist/state.ts';
import { decodeScenario, encodeScenario, scenarioFileName } from '../core/training/scenario-bundle.ts';
import { type IncidentLine, scenarioFromIncident } from '../core/training/scenario-from-incident.ts';
import { invalidateSourceDerived } from '../state/queries.ts';
import {
  applyIncidentState,
  incidentStateOf,
  sameIncidentState,
  type useWorkbenchStore,
} from '../state/store.ts';
import { blobStream } from '../worker/blob-stream.ts';
import { type IncidentRepo, StorageProblem, type StorageUse } from './api.ts';
import { type LegacyStorage, readLegacyState, removeLegacyRecord } from './legacy.ts';
import { browserLocalStorage } from './local-storage.ts';
import { withPersistence } from './persisting-client.ts';
import type { IncidentSessionApi, SaveStatus, SessionSnapshot, SimilarItem } from './session-api.ts';
import {
  type NoteStorage,
  removeUnsavedNote,
  sweepUnsavedNotes,
  takeUnsavedNote,
  writeUnsavedNote,
} from './unsaved-note.ts';

/** What the session needs of the tab lock (tabs.ts): one incident at a time per tab. */
export interface SessionLock {
  /** 'owner': this tab may write it; 'elsewhere': another tab has it. */
  acquire(id: string): Promise<'owner' | 'elsewhere'>;
  /** Lets go of the incident held (if any). */
  release(): Promise<void> | void;
  /** Takes the incident from the tab that has it (that tab runs its beforeRelease first). */
  takeOver(id: string): Promise<unknown>;
  /**
   * Queues for the incident held elsewhere: true once the holder let go and this tab has it;
   * false when `signal` aborted or this tab acquired, took over or released meanwhile.
   */
  wait(id: string, signal: AbortSignal): Promise<boolean>;
  /** Another tab took the incident: this tab must stop writing. */
  onLost(cb: (id: string) => void): unknown;
  /** Runs before this tab gives the incident to another (a last save). */
  setBeforeRelease(fn: () => Promise<void>): void;
  /** Tells the other tabs a revision was written. */
  announceSaved(id: string, rev: number): void;
  onSaved(cb: (id: string, rev: number) => void): unknown;
  dispose(): void;
}

export interface SessionLocation {
  readonly search: string;
  /** Replaces the page's URL without a navigation: `?incident=<id>`, or '' for the page without a query. */
  replace(url: string): void;
}

export interface SessionDeps {
  /**
   * null: the browser gives no storage; the app works and `storageUnavailable` says why. A promise
   * (the database being opened) lets the page render at once: a rejection is the reason there is
   * no storage. Everything the session does waits for it.
   */
  repo: IncidentRepo | null | Promise<IncidentRepo>;
  /** Why there is no repo (shown as it is). */
  storageUnavailable?: string;
  lock: SessionLock;
  /** The engine's own client: restoring reads sources back through it without storing them again. */
  client: WorkbenchClient;
  queryClient: QueryClient;
  store: typeof useWorkbenchStore;
  /** The app's name and version, written into bundles. */
  generator: string;
  location?: SessionLocation;
  now?: () => number;
  /** Debounce of the autosave (default 300 ms); a write never waits more than a second for it. */
  saveDelayMs?: number;
  /** Where the pre-incident localStorage record may be (default: the browser's localStorage). */
  legacyStorage?: LegacyStorage | null;
  /**
   * Where a page going away backs up its unsaved state (unsaved-note.ts; default: the browser's
   * localStorage; null: no backup).
   */
  noteStorage?: NoteStorage | null;
  /** Where pagehide / visibilitychange are heard (default: window when there is one). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  /** document.visibilityState, for visibilitychange (default: the document's). */
  visibility?: () => DocumentVisibilityState;
}

export interface IncidentSession extends IncidentSessionApi {
  /** Purges, migrates the legacy record, and opens what the URL or the last session says. */
  start(): Promise<void>;
  /** The client to give the UI: the engine's, storing each source it accepts. */
  persistingClient: WorkbenchClient;
  dispose(): void;
}

/** Below this, two incidents share too little to be worth showing as similar (a lone `exit=137`). */
export const MIN_SIMILARITY = 0.2;
export const SIMILAR_LIMIT = 5;

/** Every event id an analysis cites, and the pins': the lines a scenario may refer to. */
function citedEventIds(result: AnalysisResult, pins: readonly { eventId: string }[]): string[] {
  const ids = new Set<string>(pins.map((p) => p.eventId));
  const walk = (hs: readonly Hypothesis[]) => {
    for (const h of hs) {
      for (const e of [...h.for, ...h.against]) for (const id of e.eventIds) ids.add(id);
      walk(h.children);
    }
  };
  walk(result.hypotheses);
  return [...ids];
}

/** The longest a change waits for its write, however often the analyst keeps changing things. */
const MAX_SAVE_WAIT_MS = 1000;
/** Analyses come in bursts (every decision weighs the tree again): the signature waits for quiet. */
const SIGNATURE_DELAY_MS = 1000;
const LAST_INCIDENT = 'lastIncidentId';
const LEGACY_DONE = 'legacyMigratedAt';
export const MIGRATED_TITLE = 'Decisions saved before incidents (migrated)';
export const SAMPLE_TITLE = 'Sample incident';

const ELSEWHERE_MESSAGE =
  'Not saved: this incident is open in another tab, which keeps it. Choose “Open here” to edit it in this tab.';
const CONFLICT_MESSAGE =
  'Another tab saved this incident after this tab last did: this tab stopped saving so as not to overwrite it, ' +
  'and its last change is not saved. Choose “Open here” to load the saved incident and go on here.';
const LOST_MESSAGE = 'Another tab took this incident over: this tab shows it but no longer saves it.';
const DELETED_ELSEWHERE_MESSAGE =
  'The other tab deleted this incident: this tab still shows it but saves nothing. Undo the deletion there, or export this tab’s copy as a bundle.';

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function statusOf(e: unknown): SaveStatus {
  if (e instanceof StorageProblem) {
    const kind =
      e.kind === 'quota' || e.kind === 'conflict' || e.kind === 'unavailable' ? e.kind : ('other' as const);
    return { state: 'error', message: e.message, kind };
  }
  return { state: 'error', message: errorMessage(e), kind: 'other' };
}

/** `Incident 2025-11-24 07:48 UTC`: the moment it was started, when nothing better names it. */
export function defaultTitle(at: number): string {
  return `Incident ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const keyOf = (o: FormatOverride) => `${o.sourceId}\u0000${o.lineStart}`;

export function createIncidentSession(deps: SessionDeps): IncidentSession {
  const { lock, client, queryClient, store } = deps;
  let repo: IncidentRepo | null = deps.repo instanceof Promise ? null : deps.repo;
  const noStorage = (why: string | undefined) => why ?? 'The browser gives this page no storage.';
  const now = deps.now ?? (() => Date.now());
  const saveDelay = Math.min(deps.saveDelayMs ?? 300, MAX_SAVE_WAIT_MS);
  const pageLoadedAt = now();
  /** Deleted incidents stay restorable this long, across tabs; then the next page load drops them. */
  const PURGE_AFTER_MS = 10 * 60_000;

  let snapshot: SessionSnapshot = {
    phase: 'starting',
    restoring: null,
    active: null,
    access: 'owner',
    handover: null,
    save: { state: 'idle' },
    listVersion: 0,
    storageUnavailable: deps.repo === null ? noStorage(deps.storageUnavailable) : null,
  };
  const listeners = new Set<() => void>();
  const patch = (p: Partial<SessionSnapshot>) => {
    snapshot = { ...snapshot, ...p };
    for (const l of listeners) l();
  };
  const bumpList = () => patch({ listVersion: snapshot.listVersion + 1 });

  /** Settles once the database is open (or known not to open). */
  const repoReady: Promise<void> =
    deps.repo instanceof Promise
      ? deps.repo.then(
          (r) => {
            repo = r;
          },
          (e) => patch({ storageUnavailable: noStorage(e instanceof Error ? e.message : String(e)) }),
        )
      : Promise.resolve();

  // ---- the queue: one repository operation at a time ----
  let queue: Promise<unknown> = repoReady;
  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op, op);
    queue = run.catch(() => undefined);
    return run;
  };

  // ---- what is saved ----
  /** The open incident's revision as this tab last read or wrote it. */
  let rev = 0;
  /** The store's incident fields as last saved or applied: a change is a field that is not this. */
  let baseline: IncidentState = incidentStateOf(store.getState());
  let dirty = false;
  let firstUnsavedAt: number | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while the session itself writes the store (open, follow): not the analyst's change. */
  let applying = false;
  let disposed = false;
  /**
   * A source that could not be stored or read back: the incident is not whole, so the status keeps
   * saying so (through later saves) until a source is stored again or another incident is opened.
   */
  let sourceProblem: SaveStatus | null = null;

  const clearSaveTimer = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
  };

  // ---- the backup a page going away leaves in localStorage (unsaved-note.ts) ----
  const notes = deps.noteStorage === undefined ? browserLocalStorage() : deps.noteStorage;
  /** The incident whose note this page left (or took) and has not seen saved since. */
  let noteOf: string | null = null;
  /**
   * On pagehide / hidden: the owner's state not yet stored (unsaved, or its write still under
   * way), with the revision it was built on. A read-only tab leaves none: it writes nothing.
   */
  const leaveNote = () => {
    const active = snapshot.active;
    if (!notes || !repo || disposed || !active || snapshot.access !== 'owner') return;
    const state = incidentStateOf(store.getState());
    if (sameIncidentState(state, baseline)) return;
    if (writeUnsavedNote(notes, { incidentId: active.id, baseRevision: rev, savedAt: now(), state }))
      noteOf = active.id;
  };
  /**
   * A save of `id` landed (revision `rev` now): the note is used up. Unless the store changed
   * again meanwhile (an older write that was under way as the page went): then the note keeps
   * the newer state, on top of this revision, for the write of it that may be dropped.
   */
  const settleNote = (id: string, saved: IncidentState) => {
    if (noteOf !== id) return;
    const state = incidentStateOf(store.getState());
    if (!sameIncidentState(state, saved)) {
      writeUnsavedNote(notes, { incidentId: id, baseRevision: rev, savedAt: now(), state });
      return;
    }
    removeUnsavedNote(notes, id);
    noteOf = null;
  };
  /**
   * Read as the owner at stored revision `storedRev`: the state a closing page left when its
   * write did not land, made the tab's unsaved change over `stored` (saved at once by the
   * caller); null when there is none to take (a stale one is removed).
   */
  const takeNote = (id: string, stored: IncidentState, storedRev: number): IncidentState | null => {
    const noted = takeUnsavedNote(notes, id, storedRev);
    if (!noted || sameIncidentState(noted, stored)) {
      if (noted) removeUnsavedNote(notes, id);
      return null;
    }
    noteOf = id;
    return noted;
  };
  /** After apply(noted): what is stored is the baseline, the note's state the change to save. */
  const markNoted = (stored: IncidentState) => {
    baseline = stored;
    dirty = true;
  };

  // ---- following another tab (the lock parts are under "the tab lock" below) ----
  /** The wait for the owner to let go of the incident this tab follows; aborted when moving on. */
  let following: AbortController | null = null;
  /** A change was refused since this tab became read only: a hand-over says it was not kept. */
  let refused = false;
  const refuse = () => {
    refused = true;
    patch({ save: { state: 'error', message: ELSEWHERE_MESSAGE, kind: 'conflict' } });
  };
  const stopFollowing = () => {
    const f = following;
    following = null;
    f?.abort();
  };

  const apply = (state: IncidentState) => {
    applying = true;
    try {
      applyIncidentState(state, store);
    } finally {
      applying = false;
    }
    baseline = incidentStateOf(store.getState());
    dirty = false;
    firstUnsavedAt = null;
    clearSaveTimer();
  };

  const setUrl = (id: string | null) => {
    const loc = deps.location;
    if (!loc) return;
    const params = new URLSearchParams(loc.search);
    // Once an incident exists a reload reopens it: the sample is never loaded twice.
    params.delete('sample');
    if (id) params.set('incident', id);
    else params.delete('incident');
    const qs = params.toString();
    loc.replace(qs ? `?${qs}` : '');
  };

  /** The incident to write to, made now if there is none yet. */
  const ensureIncident = async (title: string): Promise<IncidentMeta> => {
    if (snapshot.active) return snapshot.active;
    if (!repo) throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
    const meta = await repo.create({ title });
    const access = await lock.acquire(meta.id);
    rev = meta.rev;
    patch({ active: meta, access });
    if (access === 'elsewhere') follow(meta.id);
    setUrl(meta.id);
    await repo.setSetting(LAST_INCIDENT, meta.id).catch(() => undefined);
    bumpList();
    return meta;
  };

  /** Writes the store's incident fields if they changed (queued callers only). */
  const saveNow = async (): Promise<void> => {
    clearSaveTimer();
    if (!repo || !dirty || disposed) return;
    if (snapshot.active && snapshot.access !== 'owner') {
      refuse();
      return;
    }
    const state = incidentStateOf(store.getState());
    dirty = false;
    firstUnsavedAt = null;
    patch({ save: { state: 'saving' } });
    try {
      const meta = await ensureIncident(defaultTitle(now()));
      rev = await repo.saveState(meta.id, state, rev);
      baseline = state;
      settleNote(meta.id, state);
      lock.announceSaved(meta.id, rev);
      const at = now();
      patch({
        active:
          snapshot.active?.id === meta.id ? { ...snapshot.active, rev, updatedAt: at } : snapshot.active,
        // "Saved" only when nothing changed meanwhile (that change has its own write coming).
        save: sourceProblem ?? (dirty ? { state: 'saving' } : { state: 'saved', at }),
      });
      bumpList();
    } catch (e) {
      // Kept in memory: the next change tries again (quota: after the analyst made room).
      dirty = true;
      if (e instanceof StorageProblem && e.kind === 'conflict') {
        patch({ access: 'elsewhere', save: { state: 'error', message: CONFLICT_MESSAGE, kind: 'conflict' } });
        return;
      }
      patch({ save: statusOf(e) });
    }
  };

  const scheduleSave = () => {
    // The database may still be opening: the write waits for it in the queue.
    if (snapshot.storageUnavailable !== null || disposed) return;
    const t = now();
    firstUnsavedAt ??= t;
    const wait = Math.max(0, Math.min(saveDelay, firstUnsavedAt + MAX_SAVE_WAIT_MS - t));
    clearSaveTimer();
    if (snapshot.active && snapshot.access !== 'owner') {
      refuse();
      return;
    }
    if (snapshot.save.state !== 'saving' && snapshot.save.state !== 'error')
      patch({ save: { state: 'saving' } });
    saveTimer = setTimeout(() => {
      saveTimer = null;
      // saveNow reports its own failures in the save status.
      void enqueue(saveNow).catch(() => undefined);
    }, wait);
  };

  const unsubscribeStore = store.subscribe((s) => {
    if (applying || disposed) return;
    const next = incidentStateOf(s);
    if (sameIncidentState(next, baseline)) return;
    dirty = true;
    scheduleSave();
  });

  // ---- sources ----
  const sourceTitle = (input: AddSourceInput, summary: SourceSummary): string =>
    input.kind === 'sample' ? SAMPLE_TITLE : input.kind === 'file' ? summary.name : defaultTitle(now());

  const hooks = {
    sourceAdded: (input: AddSourceInput, summary: SourceSummary) =>
      enqueue(async () => {
        if (!repo || disposed) return;
        if (snapshot.active && snapshot.access !== 'owner') {
          refuse();
          return;
        }
        patch({ save: { state: 'saving' } });
        try {
          const meta = await ensureIncident(sourceTitle(input, summary));
          const updated = await repo.addSource(meta.id, {
            meta: {
              sourceId: summary.sourceId,
              name: summary.name,
              kind: input.kind,
              bytes: input.blob.size,
              contentHash: summary.contentHash,
              ...(input.clock ? { clock: input.clock } : {}),
            },
            blob: input.blob,
          });
          sourceProblem = null;
          patch({ active: updated, save: dirty ? { state: 'saving' } : { state: 'saved', at: now() } });
          bumpList();
        } catch (e) {
          sourceProblem = statusOf(
            e instanceof StorageProblem
              ? new StorageProblem(`${summary.name} was not stored with the incident. ${e.message}`, e.kind)
              : new Error(`${summary.name} was not stored with the incident: ${errorMessage(e)}`),
          );
          patch({ save: sourceProblem });
        }
      }),
    sourceRemoved: (sourceId: string) =>
      enqueue(async () => {
        // The source's overrides and clock decision go with it (a change of the store: saved).
        store.getState().forgetSource(sourceId);
        const active = snapshot.active;
        if (!repo || !active || disposed) return;
        if (snapshot.access !== 'owner') {
          refuse();
          return;
        }
        if (!active.sources.some((s) => s.sourceId === sourceId)) return;
        try {
          const updated = await repo.removeSource(active.id, sourceId);
          patch({ active: updated });
          bumpList();
        } catch (e) {
          patch({ save: statusOf(e) });
        }
      }),
  };

  const persistingClient = withPersistence(client, hooks);

  // ---- reading an incident into the engine ----
  /**
   * Makes the engine hold exactly the incident's sources and decisions. `prev` is the state the
   * engine was last given (overrides and clock decisions no longer there are taken back); `fresh`
   * drops every source first (another incident is opened: nothing of the last one may stay).
   */
  const syncEngine = async (
    repo: IncidentRepo,
    meta: IncidentMeta,
    prev: IncidentState,
    next: IncidentState,
    fresh: boolean,
  ) => {
    const problems: string[] = [];
    const inEngine = await client.listSources();
    const wanted = new Map(meta.sources.map((s) => [s.sourceId, s]));
    const kept = new Set<string>();
    for (const s of inEngine) {
      const w = wanted.get(s.sourceId);
      if (!fresh && w && w.contentHash === s.contentHash) kept.add(s.sourceId);
      else await client.removeSource(s.sourceId);
    }
    const toRead = [...meta.sources].sort((a, b) => a.order - b.order).filter((s) => !kept.has(s.sourceId));
    // Following another tab's save that added a source: 'restoring' while it is read, then back.
    const backToReady = snapshot.phase === 'ready' && toRead.length > 0;
    if (toRead.length > 0) patch({ phase: 'restoring', restoring: { done: 0, total: toRead.length } });
    for (const [i, s] of toRead.entries()) {
      try {
        const blob = await asGiven(await repo.readSource(meta.id, s.sourceId), s.bytes);
        const summary = await client.addSource({
          name: s.name,
          kind: s.kind,
          blob,
          sourceId: s.sourceId,
          ...(s.clock ? { clock: s.clock } : {}),
        });
        if (summary.sourceId !== s.sourceId)
          problems.push(`${s.name} came back as ${summary.sourceId}: pins on it may not be found`);
        else if (s.contentHash && summary.contentHash !== s.contentHash)
          problems.push(`${s.name} reads back different from what was saved`);
      } catch (e) {
        problems.push(`${s.name} could not be read back (${errorMessage(e)})`);
      }
      patch({ restoring: { done: i + 1, total: toRead.length } });
    }
    // Decisions of sources read again are new to the engine; the others only where they changed.
    const reread = new Set(toRead.map((s) => s.sourceId));
    const before = new Map(
      prev.formatOverrides.filter((o) => !reread.has(o.sourceId)).map((o) => [keyOf(o), o]),
    );
    const after = new Map(next.formatOverrides.map((o) => [keyOf(o), o]));
    for (const [k, o] of before)
      if (!after.has(k)) await client.setFormat(o.sourceId, o.lineStart, null).catch(() => undefined);
    for (const o of next.formatOverrides) {
      if (before.get(keyOf(o))?.format === o.format) continue;
      await client.setFormat(o.sourceId, o.lineStart, o.format).catch((e) => {
        problems.push(`the format override of ${o.sourceId} at line ${o.lineStart} (${errorMessage(e)})`);
      });
    }
    const clocksBefore: Record<string, ClockDecision> = {};
    for (const [id, d] of Object.entries(prev.clockDecisions)) if (!reread.has(id)) clocksBefore[id] = d;
    for (const id of Object.keys(clocksBefore))
      if (!(id in next.clockDecisions)) await client.setClock(id, null).catch(() => undefined);
    for (const [id, d] of Object.entries(next.clockDecisions)) {
      if (JSON.stringify(clocksBefore[id]) === JSON.stringify(d)) continue;
      await client.setClock(id, d).catch((e) => {
        problems.push(`the clock decision of ${id} (${errorMessage(e)})`);
      });
    }
    await invalidateSourceDerived(queryClient);
    sourceProblem = problems.length
      ? {
          state: 'error',
          kind: 'other',
          message: `Part of this incident could not be restored: ${problems.join('; ')}. It is still saved with the incident; export it as a bundle before changing it.`,
        }
      : null;
    patch({
      restoring: null,
      save: sourceProblem ?? { state: 'idle' },
      ...(backToReady ? { phase: 'ready' as const } : {}),
    });
  };

  /**
   * Stops holding the open incident, its last change saved first (queued callers only). With no
   * incident open, a change not yet written is dropped rather than made into an incident nobody
   * asked for: the workbench it was made in is being replaced.
   */
  const leave = async () => {
    if (!snapshot.active) return;
    await saveNow();
    // The findings' signature waits for the analysis to settle: an incident left within that
    // second still gets it (recall and search need it), and the timer cannot write it onto the next.
    await flushSignature();
    await lock.release();
  };

  /**
   * The analysis seen so far was the incident being left's: the next incident's comes with its
   * own events, even when it is the same object (the same files read again). A pending write of
   * it is dropped (leave() flushed it already; a deleted incident needs none).
   */
  const forgetAnalysis = () => {
    if (signatureTimer) clearTimeout(signatureTimer);
    signatureTimer = null;
    latestAnalysis = null;
  };

  const openNow = async (id: string) => {
    if (!repo) throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
    stopFollowing();
    await leave();
    forgetAnalysis();
    const meta = await repo.get(id);
    if (!meta || meta.deletedAt !== null) {
      removeUnsavedNote(notes, id);
      throw new StorageProblem(
        'That incident is not stored in this browser (deleted, or saved elsewhere).',
        'not-found',
      );
    }
    const access = await lock.acquire(id);
    const { state, rev: r } = await repo.loadState(id);
    // Only the owner takes a closing page's note: a read-only tab writes nothing.
    const noted = access === 'owner' ? takeNote(id, state, r) : null;
    rev = r;
    sourceProblem = null;
    refused = false;
    patch({ active: meta, access, handover: null, phase: 'restoring', save: { state: 'idle' } });
    // Queued now: should the owner go while the sources are read, the hand-over runs after.
    if (access === 'elsewhere') follow(id);
    apply(noted ?? state);
    if (noted) markNoted(state);
    setUrl(id);
    await syncEngine(repo, meta, defaultIncidentState(), noted ?? state, true);
    // The note's state, written now (revision checked); the note goes once it is stored.
    if (noted) await saveNow();
    await repo.setSetting(LAST_INCIDENT, id).catch(() => undefined);
    patch({ phase: 'ready' });
  };

  /** An empty workbench: no incident until something is added or changed (queued callers only). */
  const emptyNow = async () => {
    stopFollowing();
    clearSaveTimer();
    forgetAnalysis();
    dirty = false;
    firstUnsavedAt = null;
    sourceProblem = null;
    refused = false;
    patch({ active: null, access: 'owner', handover: null, save: { state: 'idle' } });
    apply(defaultIncidentState());
    for (const s of await client.listSources()) await client.removeSource(s.sourceId);
    await invalidateSourceDerived(queryClient);
    setUrl(null);
    await repo?.setSetting(LAST_INCIDENT, null).catch(() => undefined);
  };

  /** Reads the open incident again from storage (a save by the owning tab, or a take-over). */
  const reloadNow = async () => {
    const active = snapshot.active;
    if (!repo || !active) return;
    const meta = await repo.get(active.id);
    if (!meta) return;
    const { state, rev: r } = await repo.loadState(active.id);
    const prev = incidentStateOf(store.getState());
    rev = r;
    patch({ active: meta });
    apply(state);
    await syncEngine(repo, meta, prev, state, false);
  };

  /**
   * The owner let go and the lock is this tab's (queued callers only). The owner's last write
   * came before: it saves before it releases (leave(), yieldTo), and a closing page's pagehide
   * write is in IndexedDB's queue before the browser releases its lock, so this read waits for
   * it. Chromium may drop that write with the page: then the note the page left (its revision
   * still the stored one) is what it changed last, and is saved here. What this tab changed while
   * read only is not written over that save: it was refused (and said so) when it was made; the
   * notice says it was not kept.
   */
  const handOverNow = async (id: string, by: AbortController) => {
    if (following !== by) return; // called off (another incident, "Open here", dispose)
    following = null;
    if (!repo || disposed || snapshot.active?.id !== id || snapshot.access === 'owner') return;
    const meta = await repo.get(id);
    if (!meta || meta.deletedAt !== null) {
      // Nothing to own: the incident went to the bin. Let the other followers find out too.
      removeUnsavedNote(notes, id);
      await lock.release();
      patch({ save: { state: 'error', message: DELETED_ELSEWHERE_MESSAGE, kind: 'other' } });
      return;
    }
    const { state, rev: r } = await repo.loadState(id);
    const dropped = refused || dirty;
    const prev = incidentStateOf(store.getState());
    // The owner's last change, when its closing page's write did not land.
    const noted = takeNote(id, state, r);
    rev = r;
    refused = false;
    sourceProblem = null;
    apply(noted ?? state);
    if (noted) markNoted(state);
    // Writable from here: a change made while the sources are synced is saved on this state.
    patch({ active: meta, access: 'owner', handover: { at: now(), dropped }, save: { state: 'idle' } });
    await syncEngine(repo, meta, prev, noted ?? state, false);
    if (noted) await saveNow();
  };

  /** Queues for the lock of the incident this tab follows; the hand-over runs when granted. */
  function follow(id: string): void {
    stopFollowing();
    if (disposed) return;
    const by = new AbortController();
    following = by;
    void lock.wait(id, by.signal).then((granted) => {
      if (!granted || by.signal.aborted || disposed) return;
      void enqueue(() => handOverNow(id, by)).catch((e) => patch({ save: statusOf(e) }));
    });
  }

  // ---- the tab lock ----
  lock.setBeforeRelease(() => enqueue(saveNow));
  lock.onLost((id) => {
    if (snapshot.active?.id !== id) return;
    clearSaveTimer();
    refused = false;
    patch({
      access: 'elsewhere',
      handover: null,
      save: { state: 'error', message: LOST_MESSAGE, kind: 'conflict' },
    });
    // The taker may close in turn: this tab queues for the incident like any follower.
    follow(id);
  });
  lock.onSaved((id, savedRev) => {
    if (disposed || snapshot.active?.id !== id || snapshot.access !== 'elsewhere' || savedRev <= rev) return;
    void enqueue(async () => {
      // Owner by now (a hand-over queued first): this tab's own state is the one to keep.
      if (snapshot.active?.id !== id || snapshot.access !== 'elsewhere') return;
      await reloadNow();
    }).catch((e) => patch({ save: statusOf(e) }));
  });

  // ---- the signature of the findings, for search ----
  let signatureTimer: ReturnType<typeof setTimeout> | null = null;
  let latestAnalysis: AnalysisResult | null = null;
  const writeSignature = async () => {
    const active = snapshot.active;
    if (!repo || !active || snapshot.access !== 'owner' || !latestAnalysis || disposed) return;
    try {
      const signature = signatureOf(latestAnalysis);
      if (JSON.stringify(signature) === JSON.stringify(active.signature)) return;
      await repo.setSignature(active.id, signature);
      if (snapshot.active?.id === active.id) patch({ active: { ...snapshot.active, signature } });
      bumpList();
    } catch (e) {
      // Search misses one incident's findings until the next analysis: only a full disk is worth saying.
      if (e instanceof StorageProblem && e.kind === 'quota') patch({ save: statusOf(e) });
    }
  };
  /** A signature write still waiting for quiet, done now (queued callers only). */
  const flushSignature = async () => {
    if (!signatureTimer) return;
    clearTimeout(signatureTimer);
    signatureTimer = null;
    await writeSignature();
  };
  const unsubscribeCache = queryClient.getQueryCache().subscribe((event) => {
    // A fresh result ('updated'), or the Analysis tab moving to a result already cached
    // ('observerAdded'): the same files read again (a second incident from them, an incident
    // reopened) give the same key, which is never fetched again, so no 'updated' comes.
    if (event.type !== 'updated' && event.type !== 'observerAdded') return;
    if (event.query.queryKey[0] !== 'analysis') return;
    const { status, data } = event.query.state;
    if (status !== 'success' || !data) return;
    if (event.type === 'observerAdded' && data === latestAnalysis) return;
    latestAnalysis = data as AnalysisResult;
    if (signatureTimer) clearTimeout(signatureTimer);
    signatureTimer = setTimeout(() => {
      signatureTimer = null;
      void enqueue(writeSignature).catch(() => undefined);
    }, SIGNATURE_DELAY_MS);
  });

  // ---- leaving the page: a last save, best effort ----
  const events = deps.events === undefined ? (typeof window === 'undefined' ? null : window) : deps.events;
  const visibility =
    deps.visibility ?? (() => (typeof document === 'undefined' ? 'visible' : document.visibilityState));
  const onPageHide = () => {
    // Synchronous, before the write that the browser may drop with the page.
    leaveNote();
    if (dirty) void enqueue(saveNow).catch(() => undefined);
  };
  const onVisibility = () => {
    if (visibility() === 'hidden') onPageHide();
  };
  events?.addEventListener('pagehide', onPageHide);
  events?.addEventListener('visibilitychange', onVisibility);

  // ---- start ----
  const migrateLegacy = async () => {
    const storage = deps.legacyStorage === undefined ? browserLocalStorage() : deps.legacyStorage;
    if (!repo || !storage) return;
    if ((await repo.getSetting(LEGACY_DONE)) !== undefined) {
      removeLegacyRecord(storage);
      return;
    }
    const state = readLegacyState(storage);
    if (state) {
      const meta = await repo.create({ title: MIGRATED_TITLE });
      await repo.saveState(meta.id, state, meta.rev);
      if ((await repo.getSetting(LAST_INCIDENT)) == null) await repo.setSetting(LAST_INCIDENT, meta.id);
    }
    await repo.setSetting(LEGACY_DONE, now());
    removeLegacyRecord(storage);
  };

  const startNow = async () => {
    if (!repo) {
      patch({ phase: 'ready' });
      return;
    }
    try {
      // Only what was deleted a while ago: another tab's Undo (its notice lasts seconds) must
      // still find the incident when this tab opens.
      await repo.purge(pageLoadedAt - PURGE_AFTER_MS);
      await migrateLegacy();
      const r = repo;
      await sweepUnsavedNotes(notes, now(), async (id) => {
        const m = await r.get(id);
        return !m || m.deletedAt !== null;
      });
    } catch (e) {
      // The incidents are still there; only housekeeping failed. Said, not fatal.
      patch({ save: statusOf(e) });
    }
    const params = new URLSearchParams(deps.location?.search ?? '');
    const wanted = params.get('incident');
    try {
      if (wanted) {
        await openNow(wanted);
      } else if (params.get('sample') === '1') {
        // A fresh workbench: the ingest panel loads the sample, its first source makes the incident.
      } else {
        const last = await repo.getSetting<string | null>(LAST_INCIDENT);
        const meta = last ? await repo.get(last) : null;
        if (meta && meta.deletedAt === null) await openNow(meta.id);
      }
    } catch (e) {
      if (wanted) setUrl(null);
      patch({ active: null, access: 'owner', save: statusOf(e) });
    }
    patch({ phase: 'ready', restoring: null });
  };

  let started: Promise<void> | null = null;

  const session: IncidentSession = {
    persistingClient,
    getSnapshot: () => snapshot,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    start: () => {
      started ??= enqueue(startNow);
      return started;
    },
    list: async (query) => {
      await repoReady;
      if (!repo) return [];
      const all = await repo.list();
      const q = query?.trim() ?? '';
      return q ? all.filter((m) => matchesIncident(m, q)) : all;
    },
    open: (id) => {
      // No hand-over of the incident being left while this one is opened.
      stopFollowing();
      return enqueue(async () => {
        try {
          await openNow(id);
        } finally {
          patch({ phase: 'ready', restoring: null });
          // It could not be opened: the tab still shows the one it followed, and follows it again.
          const still = snapshot.active;
          if (still && snapshot.access === 'elsewhere' && !following && !disposed) follow(still.id);
        }
      });
    },
    newIncident: () => {
      stopFollowing();
      return enqueue(async () => {
        await leave();
        await emptyNow();
      });
    },
    takeOver: () => {
      // The wait is withdrawn first: the lock goes to this tab by the take-over, not by the queue.
      stopFollowing();
      return enqueue(async () => {
        const active = snapshot.active;
        if (!repo || !active || snapshot.access === 'owner') return;
        try {
          await lock.takeOver(active.id);
        } catch (e) {
          follow(active.id);
          throw e;
        }
        refused = false;
        patch({ access: 'owner', handover: null, save: { state: 'idle' } });
        // The other tab saved before letting go: read what it left.
        await reloadNow();
        patch({ phase: 'ready', restoring: null });
      });
    },
    rename: (id, title) =>
      enqueue(async () => {
        if (!repo) return;
        const meta = await repo.rename(id, title);
        if (snapshot.active?.id === id) patch({ active: meta });
        bumpList();
      }),
    setTags: (id, tags) =>
      enqueue(async () => {
        if (!repo) return;
        const meta = await repo.setTags(id, tags);
        if (snapshot.active?.id === id) patch({ active: meta });
        bumpList();
      }),
    duplicate: (id) =>
      enqueue(async () => {
        if (!repo)
          throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
        // The copy has what is on screen, not what was last written.
        if (snapshot.active?.id === id) await saveNow();
        const meta = await repo.duplicate(id);
        bumpList();
        return meta;
      }),
    remove: (id) =>
      enqueue(async () => {
        if (!repo)
          throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
        if (snapshot.active?.id === id) {
          // Not saved first: it is being deleted. The workbench empties.
          dirty = false;
          clearSaveTimer();
          await repo.remove(id);
          await lock.release();
          await emptyNow();
        } else {
          await repo.remove(id);
        }
        bumpList();
        const r = repo;
        return {
          undo: () =>
            enqueue(async () => {
              await r.restore(id);
              bumpList();
            }),
        };
      }),
    exportBundle: (id) =>
      enqueue(async () => {
        if (!repo)
          throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
        if (snapshot.active?.id === id) await saveNow();
        const bundle = await repo.exportBundle(id, deps.generator);
        const parts = await encodeBundleParts(bundle);
        return {
          blob: new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }),
          fileName: bundleFileName(bundle.incident.title),
        };
      }),
    importBundle: async (file) => {
      await repoReady;
      if (!repo) throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
      const bytes = new Uint8Array(await readBlob(file));
      // A BundleError (not ours, corrupt, newer) or a StorageProblem is shown as it is.
      const bundle = await decodeBundle(bytes);
      const r = repo;
      return enqueue(async () => {
        const meta = await r.importBundle(bundle);
        bumpList();
        return meta;
      });
    },
    saveAsScenario: (incidentId, opts) =>
      enqueue(async () => {
        if (!repo)
          throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
        // The engine holds the open incident's sources only: a scenario is made from what is on screen.
        if (snapshot.active?.id !== incidentId)
          throw new StorageProblem(
            'Only the open incident can be saved as a scenario: open it first (Incidents), then save.',
            'other',
          );
        await saveNow();
        const bundle = await repo.exportBundle(incidentId, deps.generator);
        const state = bundle.state;
        const analysis = await client.analysis({
          decisions: state.decisions,
          custom: state.customHypotheses,
          userSymptoms: state.userSymptoms,
        });
        const rows = await client.eventRows(citedEventIds(analysis, state.pins));
        const lines = new Map<string, IncidentLine>(
          rows.map((r) => [r.eventId, { file: r.sourceId, line: r.line, lineEnd: r.lineEnd }]),
        );
        const exportedAt = new Date(now()).toISOString();
        // A ScenarioError says what to do (accept a hypothesis, pin a line): shown as it is.
        const draft = scenarioFromIncident({
          bundle,
          analysis,
          locate: (id) => lines.get(id) ?? null,
          title: opts.title,
          difficulty: opts.difficulty,
          redactPods: opts.redactPods,
          savedAt: exportedAt,
        });
        const bytes = await encodeScenario({
          manifest: draft.manifest,
          files: draft.files,
          signature: draft.signature,
          generator: deps.generator,
          exportedAt,
        });
        const scenario = await repo.putScenario({
          manifest: draft.manifest,
          files: draft.files,
          signature: draft.signature,
          origin: 'saved',
          fromIncident: incidentId,
        });
        bumpList();
        return {
          scenario,
          blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
          fileName: scenarioFileName(draft.manifest.title),
          redactions: draft.redactions,
          notes: draft.notes,
        };
      }),
    importScenario: async (file) => {
      await repoReady;
      if (!repo) throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
      // A BundleError (not a scenario, damaged, newer) is shown as it is.
      const pkg = await decodeScenario(new Uint8Array(await readBlob(file)));
      const r = repo;
      return enqueue(async () => {
        const meta = await r.putScenario({
          manifest: pkg.manifest,
          files: pkg.files,
          signature: pkg.signature,
          origin: 'imported',
          fromIncident: null,
        });
        bumpList();
        return meta;
      });
    },
    listScenarios: async () => {
      await repoReady;
      return repo ? repo.listScenarios() : [];
    },
    getScenario: async (id) => {
      await repoReady;
      return repo ? repo.getScenario(id) : null;
    },
    removeScenario: (id) =>
      enqueue(async () => {
        if (!repo)
          throw new StorageProblem(noStorage(snapshot.storageUnavailable ?? undefined), 'unavailable');
        try {
          await repo.removeScenario(id);
        } finally {
          // Also when it was gone already (deleted in another tab): the list on screen was stale.
          bumpList();
        }
      }),
    similar: async (signature, limit = SIMILAR_LIMIT) => {
      await repoReady;
      if (!repo) return [];
      const [incidents, scenarios] = await Promise.all([repo.list(), repo.listScenarios()]);
      const open = snapshot.active?.id ?? null;
      const verdictOf = (s: typeof signature | null): SimilarItem['verdict'] =>
        s?.verdict ? { cause: s.verdict.cause, label: s.verdict.label, by: s.verdict.by } : null;
      const items: SimilarItem[] = [];
      for (const m of incidents)
        if (m.id !== open && m.signature)
          items.push({
            kind: 'incident',
            id: m.id,
            title: m.title,
            verdict: verdictOf(m.signature),
            similarity: similarity(signature, m.signature),
            updatedAt: m.updatedAt,
          });
      for (const sc of scenarios)
        if (sc.signature && (open === null || sc.fromIncident !== open))
          items.push({
            kind: 'scenario',
            id: sc.id,
            title: sc.manifest.title,
            verdict: verdictOf(sc.signature),
            similarity: similarity(signature, sc.signature),
            updatedAt: sc.savedAt,
          });
      return items
        .filter((i) => i.similarity >= MIN_SIMILARITY)
        .sort((a, b) => b.similarity - a.similarity || b.updatedAt - a.updatedAt)
        .slice(0, Math.max(0, limit));
    },
    storageUse: async (): Promise<StorageUse> => {
      await repoReady;
      return repo ? repo.storageUse() : { incidentsBytes: 0 };
    },
    requestPersistence: async () => {
      const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
      if (!storage?.persist) return false;
      try {
        return await storage.persist();
      } catch {
        return false;
      }
    },
    flush: () => {
      clearSaveTimer();
      return enqueue(saveNow);
    },
    dispose: () => {
      disposed = true;
      stopFollowing();
      clearSaveTimer();
      if (signatureTimer) clearTimeout(signatureTimer);
      unsubscribeStore();
      unsubscribeCache();
      events?.removeEventListener('pagehide', onPageHide);
      events?.removeEventListener('visibilitychange', onVisibility);
      lock.dispose();
      listeners.clear();
    },
  };
  return session;
}

/** A Blob's bytes (jsdom's Blob has arrayBuffer in recent versions; Response reads any Blob). */
function readBlob(blob: Blob): Promise<ArrayBuffer> {
  return typeof blob.arrayBuffer === 'function' ? blob.arrayBuffer() : new Response(blob).arrayBuffer();
}

/**
 * A stored source as the user gave it. The repository hands back the bytes as stored: gzip that
 * we made (smaller than the input) is inflated here, streamed, so that the source reads back with
 * the same size and encoding as when it was added; gzip the user gave (as many bytes as the
 * input) stays gzip, as it was. Should inflating fail, the engine reads the gzip itself.
 */
async function asGiven(blob: Blob, inputBytes: number): Promise<Blob> {
  if (blob.size === inputBytes || typeof DecompressionStream === 'undefined') return blob;
  try {
    const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
    if (head[0] !== 0x1f || head[1] !== 0x8b) return blob;
    const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    const inflated = await new Response(blobStream(blob).pipeThrough(gunzip)).blob();
    return inflated.size === inputBytes ? inflated : blob;
  } catch {
    return blob;
  }
}
