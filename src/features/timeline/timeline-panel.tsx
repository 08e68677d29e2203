import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Lane, ViewInfo, ViewQuery } from '../../core/engine/engine-api.ts';
import { SEVERITIES } from '../../core/model/event.ts';
import { useWorkbenchClient } from '../../state/client-context.tsx';
import { formatCount, formatCountOf, formatTimeIn } from '../../state/format.ts';
import { useSources, useView } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { DensityHistogram } from './density-histogram.tsx';
import { DetailPane } from './detail-pane.tsx';
import { FilterBar } from './filter-bar.tsx';
import { KeyboardHelp } from './keyboard-help.tsx';
import { SOURCE_HUES } from './labels.ts';
import { LanesToggle, LanesView } from './lanes-view.tsx';
import { NavigationBar } from './navigation-bar.tsx';
import { clampWindow, plotRange } from './time-axis.ts';
import { type TableHandle, TimelineTable } from './timeline-table.tsx';
import { useTimeNotes } from './use-time-notes.ts';

const SEARCH_DEBOUNCE_MS = 250;
// Short plots and folded lanes: at 1280x800 the navigation block takes about 100 px and leaves the
// table most of the height (with the lanes open as well it took 210 px, 16 rows were left).
const OVERVIEW_HEIGHT = 36;
const WINDOW_HEIGHT = 28;
/** Up to this many sources the lanes start open; with more they start folded (a click opens them). */
const LANES_OPEN_SOURCES = 3;
const TOAST_MS = 4000;

function isEditable(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

type Window = [number, number];

export function TimelinePanel({ emptyAction }: { emptyAction?: ReactNode }) {
  const client = useWorkbenchClient();
  const { data: sources } = useSources();
  const hiddenSources = useWorkbenchStore((s) => s.hiddenSources);
  const hiddenSeverities = useWorkbenchStore((s) => s.hiddenSeverities);
  const searchText = useWorkbenchStore((s) => s.searchText);
  const selectedEventId = useWorkbenchStore((s) => s.selectedEventId);
  const selectEvent = useWorkbenchStore((s) => s.selectEvent);
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const timeWindow = useWorkbenchStore((s) => s.timeWindow);
  const setTimeWindow = useWorkbenchStore((s) => s.setTimeWindow);
  const entityFilter = useWorkbenchStore((s) => s.entityFilter);
  const searchMode = useWorkbenchStore((s) => s.searchMode);
  const displayZone = useWorkbenchStore((s) => s.displayZone);
  const laneMode = useWorkbenchStore((s) => s.laneMode);
  const setLaneMode = useWorkbenchStore((s) => s.setLaneMode);
  const pins = useWorkbenchStore((s) => s.pins);
  const togglePin = useWorkbenchStore((s) => s.togglePin);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const gridRef = useRef<HTMLTableElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<TableHandle>(null);
  // A new object per message, so that the same message twice shows twice.
  const [status, setStatusState] = useState({ text: '' });
  const setStatus = (text: string) => setStatusState({ text });
  const [helpOpen, setHelpOpen] = useState(false);
  // The user's own choice wins over the default (open for a few sources); kept while the
  // timeline is shown, not persisted.
  const [lanesChoice, setLanesChoice] = useState<boolean | null>(null);
  const timeNote = useTimeNotes();

  const list = sources ?? [];
  const sourceHue = useMemo(() => new Map(list.map((s, i) => [s.sourceId, i % SOURCE_HUES])), [list]);
  const totalEvents = list.reduce((n, s) => n + s.events, 0);
  const pinned = useMemo(() => new Set(pins.map((p) => p.eventId)), [pins]);
  const finding = searchMode === 'find';

  // The engine reads an empty list as "all": a filter that hides everything is answered here.
  // The base query is everything but the zoom: the overview histogram shows its whole range.
  const baseQuery = useMemo((): ViewQuery | null => {
    const ids = list.map((s) => s.sourceId);
    const shownSources = ids.filter((id) => !hiddenSources.includes(id));
    const shownSeverities = SEVERITIES.filter((s) => !hiddenSeverities.includes(s));
    if (ids.length === 0 || shownSources.length === 0 || shownSeverities.length === 0) return null;
    const q: ViewQuery = {
      sources: shownSources.length === ids.length ? [] : shownSources,
      severities: shownSeverities.length === SEVERITIES.length ? [] : shownSeverities,
      // Find keeps every row and only highlights: the search is not a filter then.
      search: finding ? '' : search,
    };
    if (entityFilter !== null) q.entity = entityFilter;
    return q;
  }, [list, hiddenSources, hiddenSeverities, search, finding, entityFilter]);
  const query = useMemo(
    (): ViewQuery | null => (baseQuery && timeWindow ? { ...baseQuery, timeRange: timeWindow } : baseQuery),
    [baseQuery, timeWindow],
  );
  // Find mode counts its matches with the same query filtered by the text (the engine caches it).
  const matchQuery = useMemo(
    (): ViewQuery | null => (query && finding && search !== '' ? { ...query, search } : null),
    [query, finding, search],
  );

  // A removed source takes its events with it: close a detail that points into it.
  useEffect(() => {
    if (selectedEventId === null || sources === undefined) return;
    if (!sources.some((s) => selectedEventId.startsWith(`${s.sourceId}:`))) selectEvent(null);
  }, [sources, selectedEventId, selectEvent]);

  const baseView = useView(baseQuery);
  const view = useView(query);
  const matches = useView(matchQuery);
  const info = query ? view.data : undefined;
  const baseInfo = baseQuery ? baseView.data : undefined;
  const shown = info?.total ?? 0;
  const busy = (query !== null && view.isFetching) || search !== searchText.trim();
  const countText =
    query === null && list.length > 0
      ? `0 of ${formatCountOf(totalEvents, 'event')}`
      : shown === totalEvents
        ? formatCountOf(totalEvents, 'event')
        : `${formatCount(shown)} of ${formatCountOf(totalEvents, 'event')}`;
  const matchText = matchQuery && matches.data ? formatCountOf(matches.data.total, 'match', 'matches') : null;

  // The whole range of the unzoomed view, widened when it is one instant.
  const full = useMemo(
    (): Window | null =>
      baseInfo && baseInfo.first !== null && baseInfo.last !== null
        ? plotRange(baseInfo.first, baseInfo.last)
        : null,
    [baseInfo],
  );
  const timeRef = useMemo(
    () => ({ first: baseInfo?.first ?? null, last: baseInfo?.last ?? null }),
    [baseInfo],
  );

  const closeDetail = () => {
    selectEvent(null);
    gridRef.current?.focus({ preventScroll: true });
  };

  /** Moves the table's cursor to a row of `v` and, when asked, opens that row's detail. */
  const goToRow = async (v: ViewInfo, row: number, open: boolean) => {
    tableRef.current?.goTo(row);
    if (!open) return;
    const [r] = await client.rows(v.viewId, row, 1);
    if (r) selectEvent(r.eventId);
  };

  // A jump outside the zoomed window moves the window there first; the jump waits for that view.
  const pendingJump = useRef<number | null>(null);
  const jumpTo = async (t: number) => {
    const w = useWorkbenchStore.getState().timeWindow;
    // A time past either end of the whole range goes to that end (indexAt does the same).
    const at = full ? Math.min(full[1], Math.max(full[0], t)) : t;
    if (w && full && (at < w[0] || at > w[1])) {
      const half = (w[1] - w[0]) / 2;
      pendingJump.current = t;
      setTimeWindow(clampWindow(at - half, at + half, full[0], full[1]));
      return;
    }
    if (!info || view.isPlaceholderData) {
      pendingJump.current = t;
      return;
    }
    try {
      const row = await client.indexAt(info.viewId, t);
      // The cursor is there now: j / k and n go on from it.
      gridRef.current?.focus({ preventScroll: true });
      await goToRow(info, row, true);
      setStatus(`${formatTimeIn(t, displayZone).text.slice(11)}: row ${formatCount(row + 1)}`);
    } catch (err) {
      setStatus(`Could not jump: ${(err as Error).message}`);
    }
  };

  // A line asked for from another panel (an evidence link, a key event): scroll the table to its
  // row once the view is there, or say why it is not in it. Each request is served once.
  const revealRequest = useWorkbenchStore((s) => s.revealRequest);
  const revealed = useRef(0);
  useEffect(() => {
    if (!revealRequest || revealRequest.nonce === revealed.current || !info || view.isPlaceholderData) return;
    revealed.current = revealRequest.nonce;
    const { eventId } = revealRequest;
    client
      .rowOf(info.viewId, eventId)
      .then((row) => {
        if (row >= 0) tableRef.current?.goTo(row);
        else
          setStatusState({
            text: 'That line is not in the table: a filter, the search or the zoom hides it (Clear filters shows it).',
          });
      })
      .catch((err: Error) => setStatusState({ text: `Could not show the line: ${err.message}` }));
  }, [revealRequest, info, view.isPlaceholderData, client]);

  const findNext = async (dir: 1 | -1) => {
    const needle = useWorkbenchStore.getState().searchText.trim();
    if (needle === '') {
      setStatus('Nothing to find: type it in the search box (/)');
      return;
    }
    if (!info) return;
    const from = tableRef.current?.activeRow() ?? 0;
    try {
      const row = await client.find(info.viewId, needle, from, dir);
      if (row < 0) {
        setStatus(`No match for “${needle}”`);
        return;
      }
      await goToRow(info, row, useWorkbenchStore.getState().selectedEventId !== null);
      // The engine wraps around the view, as vi's n does: say so, or it looks like a jump back.
      const wrapped = dir > 0 ? row <= from : row >= from;
      setStatus(
        `Match: row ${formatCount(row + 1)}${wrapped ? (dir > 0 ? ', wrapped to the top' : ', wrapped to the bottom') : ''}`,
      );
    } catch (err) {
      setStatus(`Could not find: ${(err as Error).message}`);
    }
  };

  // Stable callbacks for the memoised children, reading the latest closures.
  const sourceIds = list.map((s) => s.sourceId);
  const latest = useRef({ jumpTo, findNext, closeDetail, sourceIds });
  latest.current = { jumpTo, findNext, closeDetail, sourceIds };
  const onJump = useCallback((t: number) => void latest.current.jumpTo(t), []);
  const onFind = useCallback((dir: 1 | -1) => void latest.current.findNext(dir), []);
  const onWindow = useCallback((w: Window | null) => setTimeWindow(w), [setTimeWindow]);
  const onTogglePin = useCallback((id: string) => togglePin(id), [togglePin]);
  const onViewGone = useCallback(() => void view.refetch(), [view.refetch]);
  const onBaseViewGone = useCallback(() => void baseView.refetch(), [baseView.refetch]);
  const showOnlySource = useWorkbenchStore((s) => s.showOnlySource);
  const setEntityFilter = useWorkbenchStore((s) => s.setEntityFilter);
  const onOnly = useCallback(
    (lane: Lane) => {
      if (useWorkbenchStore.getState().laneMode === 'entity') setEntityFilter(lane.key);
      else showOnlySource(lane.key, latest.current.sourceIds);
    },
    [setEntityFilter, showOnlySource],
  );
  const onHelp = useCallback(() => setHelpOpen((o) => !o), []);
  const lanesOpen = lanesChoice ?? list.length <= LANES_OPEN_SOURCES;
  const onLanes = useCallback(() => setLanesChoice(!lanesOpen), [lanesOpen]);
  // A stable element, so the memoised overview does not re-render for every status line.
  const lanesToggle = useMemo(
    () => <LanesToggle open={lanesOpen} count={list.length} onToggle={onLanes} />,
    [lanesOpen, list.length, onLanes],
  );
  const closeHelp = useCallback(() => setHelpOpen(false), []);

  // What a jump or find did shows for a few seconds over the table (the live region keeps it
  // for screen readers until the next one).
  const [toastShown, setToastShown] = useState(false);
  useEffect(() => {
    if (status.text === '') return;
    setToastShown(true);
    const t = setTimeout(() => setToastShown(false), TOAST_MS);
    return () => clearTimeout(t);
  }, [status]);

  // The new view after a zoom or pan has arrived: do the jump that waited for it.
  useEffect(() => {
    if (!info || view.isPlaceholderData || pendingJump.current === null) return;
    const t = pendingJump.current;
    pendingJump.current = null;
    void latest.current.jumpTo(t);
  }, [info, view.isPlaceholderData]);

  const helpOpenRef = useRef(helpOpen);
  helpOpenRef.current = helpOpen;
  // Window-wide keys while the timeline is shown, unless the user is typing: "/" jumps to the
  // search box (as in most log viewers), Escape closes the help, then the detail, then the zoom;
  // 0 resets the zoom; n / N find; ? shows the keys.
  useEffect(() => {
    if (activePanel !== 'timeline') return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      const s = useWorkbenchStore.getState();
      if (e.key === '/') {
        searchRef.current?.focus();
      } else if (e.key === '?') {
        setHelpOpen((o) => !o);
      } else if (e.key === 'Escape' && helpOpenRef.current) {
        setHelpOpen(false);
      } else if (e.key === 'Escape' && s.selectedEventId !== null) {
        latest.current.closeDetail();
      } else if ((e.key === 'Escape' || e.key === '0') && s.timeWindow !== null) {
        s.setTimeWindow(null);
      } else if (e.key === 'n' || e.key === 'N') {
        void latest.current.findNext(e.key === 'n' ? 1 : -1);
      } else {
        return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [activePanel]);
  if (list.length === 0) {
    return (
      <div className="timeline-empty">
        <h2>No events yet</h2>
        <p>
          Paste command output, drop log files or open them in the <strong>Sources</strong> panel. Each
          input's format is detected, parsed in a background worker in this tab, and merged into one timeline
          here.
        </p>
        {emptyAction && <div className="empty-actions">{emptyAction}</div>}
        <p className="muted">Nothing leaves your browser.</p>
      </div>
    );
  }

  // The lanes follow the zoom; the window histogram shows only when zoomed.
  const lanesRange = timeWindow ?? full;

  return (
    <div className="timeline">
      <h2 className="visually-hidden">Timeline</h2>
      <FilterBar
        sources={list}
        countText={countText}
        busy={busy}
        searchRef={searchRef}
        matchText={matchText}
        onFind={onFind}
      />
      <div className="nav-panel">
        <NavigationBar
          zone={displayZone}
          timeRef={timeRef}
          full={full}
          window={timeWindow}
          onJump={onJump}
          onWindow={onWindow}
          helpOpen={helpOpen}
          onHelp={onHelp}
        />
        {helpOpen && <KeyboardHelp onClose={closeHelp} />}
        {baseInfo && baseInfo.timed === 0 && baseInfo.total > 0 && (
          <p className="nav-note">
            No event here has a wall-clock time yet, so there is no time axis to plot: raw dmesg needs a
            source to align it with (a journal, dmesg -T) or a boot time in the Clocks tab.
          </p>
        )}
        {full && (
          <div className="nav-strips">
            <DensityHistogram
              viewId={baseInfo?.viewId ?? null}
              range={full}
              window={timeWindow}
              zone={displayZone}
              height={OVERVIEW_HEIGHT}
              title="Overview"
              onWindow={onWindow}
              onPick={onJump}
              onViewGone={onBaseViewGone}
              labelExtra={lanesToggle}
            />
            {timeWindow && info && (
              <DensityHistogram
                viewId={info.viewId}
                range={timeWindow}
                window={null}
                zone={displayZone}
                height={WINDOW_HEIGHT}
                title="Window"
                onWindow={onWindow}
                onPick={onJump}
                onViewGone={onViewGone}
              />
            )}
            {lanesOpen && (
              <LanesView
                viewId={info?.viewId ?? null}
                range={lanesRange}
                by={laneMode}
                onBy={setLaneMode}
                onPick={onJump}
                onOnly={onOnly}
                onViewGone={onViewGone}
              />
            )}
          </div>
        )}
        <p className="visually-hidden" aria-live="polite">
          {status.text}
        </p>
      </div>
      <div className={`timeline-body${selectedEventId ? ' has-detail' : ''}`}>
        <div className="timeline-table">
          {status.text && toastShown && (
            <div className="nav-toast" aria-hidden="true">
              {status.text}
            </div>
          )}
          {view.error && query && (
            <p className="job-error" role="alert">
              Could not compute the timeline: {view.error.message}
            </p>
          )}
          {query === null ? (
            <p className="timeline-note">Every source or every severity is switched off: nothing to show.</p>
          ) : info ? (
            info.total === 0 ? (
              <p className="timeline-note">
                No event matches{!finding && search ? ` “${search}”` : ''}
                {timeWindow ? ' in the zoomed window' : ''}.
              </p>
            ) : (
              <TimelineTable
                view={info}
                zone={displayZone}
                pinned={pinned}
                highlight={finding ? search : ''}
                timeNote={timeNote}
                handleRef={tableRef}
                onFind={onFind}
                onTogglePin={onTogglePin}
                sourceHue={sourceHue}
                selectedEventId={selectedEventId}
                onOpen={selectEvent}
                onViewGone={onViewGone}
                gridRef={gridRef}
              />
            )
          ) : (
            <p className="timeline-note">Computing the timeline…</p>
          )}
        </div>
        {selectedEventId && <DetailPane eventId={selectedEventId} onClose={closeDetail} />}
      </div>
    </div>
  );
}
