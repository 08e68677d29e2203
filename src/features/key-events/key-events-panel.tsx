// The key-events panel: the events the analyst pinned, in time order, each with a note (its label
// in the diagram and later in the document); then the same events as a Mermaid timeline and the
// lifecycles of their containers as a Mermaid Gantt. A click on an event shows it in the timeline.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { LifecycleStep, Row } from '../../core/engine/engine-api.ts';
import { keyEventsTimeline, lifecycleGantt } from '../../core/report/mermaid.ts';
import { formatCountOf, formatTimeFull, formatTimeIn, zoneOffsetMinutes } from '../../state/format.ts';
import { useEntities, useEventRows, useLifecycle } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { MermaidDiagram } from '../../ui/mermaid-diagram.tsx';
import {
  chooseGanttLanes,
  containersOf,
  keyEventsOf,
  orderPins,
  type PinnedItem,
} from './key-events-model.ts';

/** Fetches one container's lifecycle and hands it up (the Gantt needs several at once). */
function LifecycleFetch({
  entityKey,
  onSteps,
}: {
  entityKey: string;
  onSteps: (key: string, steps: LifecycleStep[]) => void;
}) {
  const { data } = useLifecycle(entityKey);
  useEffect(() => {
    if (data) onSteps(entityKey, data);
  }, [data, entityKey, onSteps]);
  return null;
}

function KeyEventItem({ item, reading }: { item: PinnedItem; reading: boolean }) {
  const { pin, row } = item;
  const zone = useWorkbenchStore((s) => s.displayZone);
  const togglePin = useWorkbenchStore((s) => s.togglePin);
  const setPinNote = useWorkbenchStore((s) => s.setPinNote);
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const selected = useWorkbenchStore((s) => s.selectedEventId === pin.eventId);
  const noteId = useId();

  const show = () => revealEvent(pin.eventId);
  const time = row?.time != null ? formatTimeIn(row.time, zone) : null;

  return (
    <li className={`kev-item${selected ? ' is-selected' : ''}`}>
      <div className="kev-head">
        {row === null ? (
          <span className="kev-gone">
            {reading ? `Reading event ${pin.eventId}…` : `Event ${pin.eventId} is not in the current sources`}
          </span>
        ) : (
          <button
            type="button"
            className="kev-show"
            onClick={show}
            title={
              row.time != null
                ? `${formatTimeFull(row.time)} (UTC): show in the timeline`
                : 'Show in the timeline'
            }
          >
            <span className="kev-time">
              {time ? (
                <>
                  {time.text}
                  <span className="kev-zone">{time.suffix}</span>
                </>
              ) : (
                'no wall-clock time'
              )}
            </span>
            {row.timeQuality !== 'exact' && <span className="kev-quality">{row.timeQuality}</span>}
            <span className="kev-source">{row.sourceName}</span>
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-ghost kev-unpin"
          onClick={() => togglePin(pin.eventId)}
          aria-label={`Unpin ${row ? row.message.slice(0, 60) : pin.eventId}`}
          title="Unpin: no longer a key event"
        >
          Unpin
        </button>
      </div>
      {row !== null && <p className="kev-message">{row.message}</p>}
      <label htmlFor={noteId} className="kev-note-label">
        Note
      </label>
      <input
        id={noteId}
        className="kev-note"
        type="text"
        value={pin.note}
        placeholder="Your words for it (the label in the diagram)"
        onChange={(e) => setPinNote(pin.eventId, e.target.value)}
      />
    </li>
  );
}

function EmptyState() {
  return (
    <div className="kev-empty">
      <p>No key events yet.</p>
      <p>
        Pin the events that tell the story: in the timeline, press <kbd>p</kbd> on a row, or select an event
        and press <strong>Key event</strong> in its detail pane. Pinned events are listed here in time order,
        with a note of your own, and drawn as a Mermaid timeline.
      </p>
    </div>
  );
}

export function KeyEventsPanel() {
  const pins = useWorkbenchStore((s) => s.pins);
  const displayZone = useWorkbenchStore((s) => s.displayZone);
  const ids = useMemo(() => pins.map((p) => p.eventId), [pins]);
  const rowsQuery = useEventRows(ids);
  const entitiesQuery = useEntities();
  // Pinning or unpinning asks for the rows again: meanwhile the rows already read stay listed.
  const [lastRows, setLastRows] = useState<Row[]>([]);
  useEffect(() => {
    if (rowsQuery.data) setLastRows(rowsQuery.data);
  }, [rowsQuery.data]);
  const rows = rowsQuery.data ?? lastRows;
  const reading = pins.length > 0 && rowsQuery.isFetching;

  const items = useMemo(() => orderPins(pins, rows), [pins, rows]);
  const keyEvents = useMemo(() => keyEventsOf(items), [items]);

  // The zone's offset where the events are (a 'local' zone can change with daylight saving).
  const firstTime = keyEvents.find((e) => e.time !== null)?.time ?? Date.now() * 1000;
  const zone = zoneOffsetMinutes(displayZone, firstTime);

  const containers = useMemo(() => containersOf(entitiesQuery.data ?? []), [entitiesQuery.data]);
  const [lifecycles, setLifecycles] = useState<ReadonlyMap<string, LifecycleStep[]>>(new Map());
  const onSteps = useCallback((key: string, steps: LifecycleStep[]) => {
    setLifecycles((prev) => (prev.get(key) === steps ? prev : new Map(prev).set(key, steps)));
  }, []);
  const current = useMemo(
    () =>
      new Map(
        containers.flatMap((c) => (lifecycles.has(c.key) ? [[c.key, lifecycles.get(c.key) ?? []]] : [])),
      ),
    [containers, lifecycles],
  );
  const pinnedRows = useMemo(() => items.flatMap((i) => (i.row ? [i.row] : [])), [items]);
  const gantt = useMemo(
    () => chooseGanttLanes(containers, current, pinnedRows),
    [containers, current, pinnedRows],
  );

  const timelineCode = useMemo(() => keyEventsTimeline(keyEvents, { zone }), [keyEvents, zone]);
  const ganttCode = useMemo(() => lifecycleGantt(gantt.lanes, { zone }), [gantt.lanes, zone]);
  const loadingRows = pins.length > 0 && rowsQuery.isPending && lastRows.length === 0;

  return (
    <section className="key-events" aria-labelledby="key-events-title" aria-busy={loadingRows}>
      {containers.map((c) => (
        <LifecycleFetch key={c.key} entityKey={c.key} onSteps={onSteps} />
      ))}
      <div className="kev-top">
        <h2 id="key-events-title">Key events</h2>
        {pins.length > 0 && <span className="kev-count">{formatCountOf(pins.length, 'pinned event')}</span>}
      </div>
      {rowsQuery.error && (
        <p className="kev-error" role="alert">
          Could not read the pinned events: {rowsQuery.error.message}
        </p>
      )}
      {pins.length === 0 ? (
        <EmptyState />
      ) : loadingRows ? (
        <p className="kev-pending">Reading the pinned events…</p>
      ) : (
        <ol className="kev-list" aria-label="Pinned key events in time order">
          {items.map((item) => (
            <KeyEventItem key={item.pin.eventId} item={item} reading={reading} />
          ))}
        </ol>
      )}
      {keyEvents.length > 0 && <MermaidDiagram code={timelineCode} title="Key events timeline" />}
      {gantt.lanes.length > 0 && (
        <>
          <MermaidDiagram code={ganttCode} title="Container lifecycles" />
          <p className="kev-gantt-note">
            {gantt.basis === 'pinned'
              ? 'Containers named by the pinned events.'
              : 'Every container with a lifecycle (none is named by a pinned event).'}
            {gantt.omitted > 0 && ` ${formatCountOf(gantt.omitted, 'more container')} not drawn.`}
          </p>
        </>
      )}
    </section>
  );
}
