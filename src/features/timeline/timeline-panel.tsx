import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import type { ViewQuery } from '../../core/engine/engine-api.ts';
import { SEVERITIES } from '../../core/model/event.ts';
import { formatCount, formatCountOf } from '../../state/format.ts';
import { useSources, useView } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { DetailPane } from './detail-pane.tsx';
import { FilterBar } from './filter-bar.tsx';
import { SOURCE_HUES } from './labels.ts';
import { TimelineTable } from './timeline-table.tsx';
import { useDebouncedValue } from './use-debounced-value.ts';

const SEARCH_DEBOUNCE_MS = 250;

function isEditable(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

export function TimelinePanel({ emptyAction }: { emptyAction?: ReactNode }) {
  const { data: sources } = useSources();
  const hiddenSources = useWorkbenchStore((s) => s.hiddenSources);
  const hiddenSeverities = useWorkbenchStore((s) => s.hiddenSeverities);
  const searchText = useWorkbenchStore((s) => s.searchText);
  const selectedEventId = useWorkbenchStore((s) => s.selectedEventId);
  const selectEvent = useWorkbenchStore((s) => s.selectEvent);
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const gridRef = useRef<HTMLTableElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const list = sources ?? [];
  const sourceHue = useMemo(() => new Map(list.map((s, i) => [s.sourceId, i % SOURCE_HUES])), [list]);
  const totalEvents = list.reduce((n, s) => n + s.events, 0);

  // The engine reads an empty list as "all": a filter that hides everything is answered here.
  const query = useMemo((): ViewQuery | null => {
    const ids = list.map((s) => s.sourceId);
    const shownSources = ids.filter((id) => !hiddenSources.includes(id));
    const shownSeverities = SEVERITIES.filter((s) => !hiddenSeverities.includes(s));
    if (ids.length === 0 || shownSources.length === 0 || shownSeverities.length === 0) return null;
    return {
      sources: shownSources.length === ids.length ? [] : shownSources,
      severities: shownSeverities.length === SEVERITIES.length ? [] : shownSeverities,
      search,
    };
  }, [list, hiddenSources, hiddenSeverities, search]);

  // A removed source takes its events with it: close a detail that points into it.
  useEffect(() => {
    if (selectedEventId === null || sources === undefined) return;
    if (!sources.some((s) => selectedEventId.startsWith(`${s.sourceId}:`))) selectEvent(null);
  }, [sources, selectedEventId, selectEvent]);

  const view = useView(query);
  const info = query ? view.data : undefined;
  const shown = info?.total ?? 0;
  const busy = (query !== null && view.isFetching) || search !== searchText.trim();
  const countText =
    query === null && list.length > 0
      ? `0 of ${formatCountOf(totalEvents, 'event')}`
      : shown === totalEvents
        ? formatCountOf(totalEvents, 'event')
        : `${formatCount(shown)} of ${formatCountOf(totalEvents, 'event')}`;

  const closeDetail = () => {
    selectEvent(null);
    gridRef.current?.focus({ preventScroll: true });
  };
  const closeRef = useRef(closeDetail);
  closeRef.current = closeDetail;

  // Window-wide keys while the timeline is shown: "/" jumps to the search box (as in most log
  // viewers) and Escape closes the detail, wherever the focus is, unless the user is typing.
  useEffect(() => {
    if (activePanel !== 'timeline') return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape' && useWorkbenchStore.getState().selectedEventId !== null) {
        e.preventDefault();
        closeRef.current();
      }
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

  return (
    <div className="timeline">
      <h2 className="visually-hidden">Timeline</h2>
      <FilterBar sources={list} countText={countText} busy={busy} searchRef={searchRef} />
      <div className={`timeline-body${selectedEventId ? ' has-detail' : ''}`}>
        <div className="timeline-table">
          {view.error && query && (
            <p className="job-error" role="alert">
              Could not compute the timeline: {view.error.message}
            </p>
          )}
          {query === null ? (
            <p className="timeline-note">Every source or every severity is switched off: nothing to show.</p>
          ) : info ? (
            info.total === 0 ? (
              <p className="timeline-note">No event matches{search ? ` “${search}”` : ''}.</p>
            ) : (
              <TimelineTable
                view={info}
                sourceHue={sourceHue}
                selectedEventId={selectedEventId}
                onOpen={selectEvent}
                onViewGone={() => void view.refetch()}
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
