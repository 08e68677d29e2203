// The merged timeline: one virtualized grid over a view computed in the worker. The table holds
// no rows of its own: it asks for the pages under the visible window, so a million-row view
// costs the same to render as a hundred-row one. Rows with no wall-clock time come after the
// timed ones under their own header, never at a made-up time.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  type RefObject,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import type { Row, ViewInfo } from '../../core/engine/engine-api.ts';
import {
  formatCount,
  formatMonotonic,
  formatOffset,
  formatTimeFull,
  formatTimeIn,
  zoneOffsetMinutes,
} from '../../state/format.ts';
import { useRowWindow } from '../../state/queries.ts';
import type { DisplayZone } from '../../state/store.ts';
import { TIME_QUALITY_LABEL } from './labels.ts';
import type { TimeNote } from './use-time-notes.ts';

export const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;

/** What the panel may ask of the table: where the cursor is, and to move it (jump, find, lanes). */
export interface TableHandle {
  activeRow(): number;
  /** Moves the cursor to a view row and scrolls it into view (centred when it was far). */
  goTo(row: number): void;
}

interface TimelineTableProps {
  view: ViewInfo;
  zone: DisplayZone;
  /** Event ids pinned as key events: marked in the table. */
  pinned: ReadonlySet<string>;
  /** Find mode's text (already trimmed): its occurrences in the messages are highlighted. */
  highlight: string;
  timeNote: TimeNote;
  handleRef: RefObject<TableHandle | null>;
  /** n / N: the next or previous match after the cursor. */
  onFind: (dir: 1 | -1) => void;
  /** p: pin or unpin the row under the cursor. */
  onTogglePin: (eventId: string) => void;
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

/** "UTC", "+01:00", "local, +01:00": the zone of the Time column, said once in its header. */
export function zoneLabel(zone: DisplayZone, at: number | null): string {
  if (zone === 'utc') return 'UTC';
  const off = formatOffset(zoneOffsetMinutes(zone, at ?? 0));
  return zone === 'local' ? `local, ${off === 'Z' ? '+00:00' : off}` : off === 'Z' ? '+00:00' : off;
}

/** The message with every case-insensitive occurrence of `needle` marked. */
function Highlighted({ text, needle }: { text: string; needle: string }) {
  if (needle === '') return <>{text}</>;
  const lower = text.toLowerCase();
  const n = needle.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0 && parts.length < 200; i = lower.indexOf(n, i + n.length)) {
    if (i > at) parts.push(text.slice(at, i));
    parts.push(<mark key={i}>{text.slice(i, i + n.length)}</mark>);
    at = i + n.length;
  }
  if (parts.length === 0) return <>{text}</>;
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Characters of lead-in kept before the first match when the cell cannot show the whole message. */
const MATCH_LEAD = 16;

/**
 * Where the part of the message that must stay visible starts: a few characters (from a word's
 * start when there is one) before the first match of `needle`; 0 when the match is near the start
 * anyway or there is none. Exported for the tests.
 */
export function matchLeadStart(text: string, needle: string): number {
  if (needle === '') return 0;
  const lower = text.toLowerCase();
  // Lower-casing may change the length ("İ" becomes two code units): indices would not fit the text.
  if (lower.length !== text.length) return 0;
  const i = lower.indexOf(needle.toLowerCase());
  if (i <= MATCH_LEAD) return 0;
  const from = i - MATCH_LEAD;
  // `level=info msg="shim disconnected"` keeps `msg="shim disconnected"`, not `o msg="shim…`.
  const space = text.slice(from, i).search(/\s/);
  return space < 0 ? from : from + space + 1;
}

/**
 * The Message cell. A match far into a long message would sit past the cut-off end of the cell
 * (a narrow table, the detail pane open): the message is split before the match, and the CSS
 * (.msg-split in navigation.css) shrinks the head first, down to an ellipsis, so the match stays
 * in sight; when the cell is wide enough both parts show side by side, as one text.
 */
function MessageCell({ message, needle, pinned }: { message: string; needle: string; pinned: boolean }) {
  const split = matchLeadStart(message, needle);
  return (
    <td
      className={`cell col-msg${split > 0 ? ' msg-split' : ''}`}
      title={message.length > 120 ? message : undefined}
    >
      {pinned && (
        <svg viewBox="0 0 16 16" className="pin-mark" role="img" aria-label="Pinned key event">
          <title>Pinned key event</title>
          <path d="M6 2h4l-.6 4.2L12 8.5V10H8.7L8 14.5 7.3 10H4V8.5l2.6-2.3z" />
        </svg>
      )}
      {split > 0 ? (
        <>
          <span className="msg-head">{message.slice(0, split)}</span>
          <span className="msg-tail">
            <Highlighted text={message.slice(split)} needle={needle} />
          </span>
        </>
      ) : (
        <Highlighted text={message} needle={needle} />
      )}
    </td>
  );
}

function TimeCell({ row, zone, timeNote }: { row: Row; zone: DisplayZone; timeNote: TimeNote }) {
  let text: ReactNode;
  let title: string;
  if (row.time !== null) {
    const [date, clock] = formatTimeIn(row.time, zone).text.split(' ');
    // The date hides when the table is narrow (the incident is usually within a day); the title keeps it.
    text = (
      <>
        <span className="t-date">{date} </span>
        {clock}
      </>
    );
    // Whatever the display zone, the exact UTC instant is one hover away.
    title = `${formatTimeFull(row.time)} (UTC)`;
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
          title={timeNote(row.sourceId, row.timeQuality)}
          data-short={TIME_QUALITY_LABEL[row.timeQuality][0].toUpperCase()}
        >
          {TIME_QUALITY_LABEL[row.timeQuality]}
        </span>
      </td>
    </>
  );
}

/**
 * Memoised: the panel re-renders for the histogram's brush, the status line or the help popover,
 * and none of that may re-render a screenful of rows.
 */
export const TimelineTable = memo(function TimelineTable({
  view,
  zone,
  pinned,
  highlight,
  timeNote,
  handleRef,
  onFind,
  onTogglePin,
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

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  // A new view (new filter, search, zoom window or source) starts the cursor and the scroll at
  // the top again: the table follows the brush to the window's first row.
  useEffect(() => {
    if (lastViewId.current !== view.viewId) {
      lastViewId.current = view.viewId;
      setActive(0);
      virtualizer.scrollToOffset(0);
    }
  }, [view.viewId, virtualizer]);

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

  const moveTo = (row: number, align: 'auto' | 'center' = 'auto') => {
    if (view.total === 0) return;
    const next = Math.max(0, Math.min(view.total - 1, row));
    setActive(next);
    virtualizer.scrollToIndex(toVirtual(next), { align });
  };

  const activeRef = useRef(activeRow);
  activeRef.current = activeRow;
  const moveRef = useRef(moveTo);
  moveRef.current = moveTo;
  useImperativeHandle(
    handleRef,
    () => ({
      activeRow: () => activeRef.current,
      goTo: (row: number) => moveRef.current(row, 'center'),
    }),
    [],
  );

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
      case 'p': {
        const row = getRow(activeRow);
        if (row) onTogglePin(row.eventId);
        break;
      }
      case 'n':
        onFind(1);
        break;
      case 'N':
        onFind(-1);
        break;
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
              Time ({zoneLabel(zone, view.first)})
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
            const isPinned = pinned.has(row.eventId);
            return (
              <tr
                key={it.key}
                id={`tl-row-${rowIndex}`}
                aria-rowindex={rowIndex + 2}
                aria-selected={selected}
                data-event-id={row.eventId}
                className={`grid-row sev-row-${row.severity ?? 'none'}${isActive ? ' is-active' : ''}${selected ? ' is-selected' : ''}${isPinned ? ' is-pinned' : ''}`}
                style={style}
                // Focus stays on the grid (aria-activedescendant); its key handler opens the active row.
                onClick={() => {
                  setActive(rowIndex);
                  onOpen(row.eventId);
                  gridRef.current?.focus({ preventScroll: true });
                }}
              >
                <TimeCell row={row} zone={zone} timeNote={timeNote} />
                <td className="cell col-source" title={`${row.sourceName}:${row.line}`}>
                  <span className="src-dot" style={{ background: `var(--src-${hue})` }} aria-hidden="true" />
                  <span className="src-name">{row.sourceName}</span>
                </td>
                <td className={`cell col-sev sev-${row.severity ?? 'none'}`}>{row.severity ?? ''}</td>
                <td className="cell col-unit" title={row.ident}>
                  {row.ident ?? ''}
                  {row.pid !== undefined && <span className="pid">[{row.pid}]</span>}
                </td>
                <MessageCell message={row.message} needle={highlight} pinned={isPinned} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
