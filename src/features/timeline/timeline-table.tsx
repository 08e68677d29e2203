// The merged timeline: one virtualized grid over a view computed in the worker. The table holds
// no rows of its own: it asks for the pages under the visible window, so a million-row view
// costs the same to render as a hundred-row one. Rows with no wall-clock time come after the
// timed ones under their own header, never at a made-up time.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import type { Row, ViewInfo } from '../../core/engine/engine-api.ts';
import { formatCount, formatMonotonic, formatTimeFull, formatTimeShort } from '../../state/format.ts';
import { useRowWindow } from '../../state/queries.ts';
import { TIME_QUALITY_HELP, TIME_QUALITY_LABEL } from './labels.ts';

export const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;

interface TimelineTableProps {
  view: ViewInfo;
  /** Palette slot of each source id, so a source keeps its colour in the table and the filters. */
  sourceHue: ReadonlyMap<string, number>;
  selectedEventId: string | null;
  onOpen: (eventId: string) => void;
  /** The engine no longer holds this view (it keeps only its latest ones): compute it again. */
  onViewGone: () => void;
  /** The focusable grid (the panel focuses it back after the detail closes). */
  gridRef: RefObject<HTMLTableElement | null>;
}

/** Virtual item index -> view row index, or -1 for the "no wall-clock time" group header. */
function layout(view: ViewInfo) {
  const hasGroup = view.untimed > 0;
  const count = view.total + (hasGroup ? 1 : 0);
  const toRow = (vi: number) => (!hasGroup || vi < view.timed ? vi : vi === view.timed ? -1 : vi - 1);
  const toVirtual = (row: number) => (!hasGroup || row < view.timed ? row : row + 1);
  return { hasGroup, count, toRow, toVirtual };
}

function TimeCell({ row }: { row: Row }) {
  let text: ReactNode;
  let title: string;
  if (row.time !== null) {
    const [date, clock] = formatTimeShort(row.time).split(' ');
    // The date hides when the table is narrow (the incident is usually within a day); the title keeps it.
    text = (
      <>
        <span className="t-date">{date} </span>
        {clock}
      </>
    );
    title = formatTimeFull(row.time);
  } else if (row.monotonic !== undefined) {
    text = `+${formatMonotonic(row.monotonic)} s`;
    title = `${formatMonotonic(row.monotonic)} s since boot`;
  } else {
    text = '—';
    title = 'No time';
  }
  return (
    <>
      <td className="cell col-time" title={title}>
        {text}
      </td>
      <td className="cell col-quality">
        <span
          className={`tq tq-${row.timeQuality}`}
          title={`${TIME_QUALITY_LABEL[row.timeQuality]}: ${TIME_QUALITY_HELP[row.timeQuality]}`}
          data-short={TIME_QUALITY_LABEL[row.timeQuality][0].toUpperCase()}
        >
          {TIME_QUALITY_LABEL[row.timeQuality]}
        </span>
      </td>
    </>
  );
}

export function TimelineTable({
  view,
  sourceHue,
  selectedEventId,
  onOpen,
  onViewGone,
  gridRef,
}: TimelineTableProps) {
  const { count, toRow, toVirtual } = layout(view);
  const [active, setActive] = useState(0);
  const lastViewId = useRef(view.viewId);
  const scrollRef = useRef<HTMLDivElement>(null);

  // A new view (new filter, search or source) starts the cursor at the top again.
  useEffect(() => {
    if (lastViewId.current !== view.viewId) {
      lastViewId.current = view.viewId;
      setActive(0);
    }
  }, [view.viewId]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const rowIndexes = items.map((it) => toRow(it.index)).filter((r) => r >= 0);
  const firstRow = rowIndexes.length > 0 ? Math.min(...rowIndexes) : 0;
  const lastRow = rowIndexes.length > 0 ? Math.max(...rowIndexes) : -1;
  const { getRow, failed } = useRowWindow(view.viewId, firstRow, lastRow);
  const viewGone = useRef(onViewGone);
  viewGone.current = onViewGone;
  useEffect(() => {
    if (failed) viewGone.current();
  }, [failed]);
  const activeRow = Math.min(active, Math.max(0, view.total - 1));

  const moveTo = (row: number) => {
    if (view.total === 0) return;
    const next = Math.max(0, Math.min(view.total - 1, row));
    setActive(next);
    virtualizer.scrollToIndex(toVirtual(next), { align: 'auto' });
  };

  const pageRows = () =>
    Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        moveTo(activeRow + 1);
        break;
      case 'ArrowUp':
      case 'k':
        moveTo(activeRow - 1);
        break;
      case 'PageDown':
        moveTo(activeRow + pageRows());
        break;
      case 'PageUp':
        moveTo(activeRow - pageRows());
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(view.total - 1);
        break;
      case 'Enter':
      case ' ': {
        const row = getRow(activeRow);
        if (row) onOpen(row.eventId);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div ref={scrollRef} className="grid-scroll">
      <table
        ref={gridRef}
        className="grid"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the APG data grid pattern: a table navigated as one focusable grid
        role="grid"
        aria-label="Merged timeline"
        aria-rowcount={view.total + 1}
        aria-colcount={6}
        aria-activedescendant={view.total > 0 ? `tl-row-${activeRow}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={{ height: virtualizer.getTotalSize() }}
      >
        <thead>
          <tr className="grid-header" aria-rowindex={1}>
            <th scope="col" className="cell col-time">
              Time (UTC)
            </th>
            <th scope="col" className="cell col-quality">
              <abbr title="Time quality" data-short="Q">
                Quality
              </abbr>
            </th>
            <th scope="col" className="cell col-source">
              Source
            </th>
            <th scope="col" className="cell col-sev">
              Severity
            </th>
            <th scope="col" className="cell col-unit">
              Unit / ident
            </th>
            <th scope="col" className="cell col-msg">
              Message
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => {
            const rowIndex = toRow(it.index);
            const style = { transform: `translateY(${it.start}px)` };
            if (rowIndex === -1) {
              return (
                <tr key="untimed-header" className="group-header" style={style}>
                  <td colSpan={6} className="cell">
                    <strong>No wall-clock time yet (raw dmesg, tables, free text)</strong>
                    <span className="group-count">
                      {formatCount(view.untimed)} {view.untimed === 1 ? 'event' : 'events'}, listed by source
                      and line
                    </span>
                  </td>
                </tr>
              );
            }
            const row = getRow(rowIndex);
            const isActive = rowIndex === activeRow;
            if (!row) {
              return (
                <tr
                  key={it.key}
                  id={`tl-row-${rowIndex}`}
                  aria-rowindex={rowIndex + 2}
                  aria-busy="true"
                  className={`grid-row is-loading${isActive ? ' is-active' : ''}`}
                  style={style}
                >
                  <td colSpan={6} className="cell col-loading">
                    …
                  </td>
                </tr>
              );
            }
            const hue = sourceHue.get(row.sourceId) ?? 0;
            const selected = row.eventId === selectedEventId;
            return (
              <tr
                key={it.key}
                id={`tl-row-${rowIndex}`}
                aria-rowindex={rowIndex + 2}
                aria-selected={selected}
                data-event-id={row.eventId}
                className={`grid-row sev-row-${row.severity ?? 'none'}${isActive ? ' is-active' : ''}${selected ? ' is-selected' : ''}`}
                style={style}
                // Focus stays on the grid (aria-activedescendant); its key handler opens the active row.
                onClick={() => {
                  setActive(rowIndex);
                  onOpen(row.eventId);
                  gridRef.current?.focus({ preventScroll: true });
                }}
              >
                <TimeCell row={row} />
                <td className="cell col-source" title={`${row.sourceName}:${row.line}`}>
                  <span className="src-dot" style={{ background: `var(--src-${hue})` }} aria-hidden="true" />
                  <span className="src-name">{row.sourceName}</span>
                </td>
                <td className={`cell col-sev sev-${row.severity ?? 'none'}`}>{row.severity ?? ''}</td>
                <td className="cell col-unit" title={row.ident}>
                  {row.ident ?? ''}
                  {row.pid !== undefined && <span className="pid">[{row.pid}]</span>}
                </td>
                <td className="cell col-msg" title={row.message.length > 120 ? row.message : undefined}>
                  {row.message}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
