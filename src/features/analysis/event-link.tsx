// A line an evidence item, a symptom or a finding rests on, as a link to it in the timeline: the
// event is selected (its detail pane opens there), the Timeline tab is shown and its table scrolls
// to the row (store.revealEvent), as the key-events panel does. The label is the event id itself, `dmesg.txt:287`: source and line, as grep says it.
import { useState } from 'react';
import { useWorkbenchStore } from '../../state/store.ts';

export function EventLink({ eventId }: { eventId: string }) {
  const revealEvent = useWorkbenchStore((s) => s.revealEvent);
  const show = () => revealEvent(eventId);
  return (
    <button type="button" className="an-line" onClick={show} title="Show this line in the timeline">
      {eventId}
    </button>
  );
}

/** How many lines are listed before a "more" button: a whole OOM report rests on dozens. */
export const LINES_SHOWN = 6;

export function EventLinks({ eventIds, label }: { eventIds: readonly string[]; label: string }) {
  const [all, setAll] = useState(false);
  if (eventIds.length === 0) return null;
  const shown = all ? eventIds : eventIds.slice(0, LINES_SHOWN);
  const more = eventIds.length - shown.length;
  return (
    <ul className="an-lines" aria-label={label}>
      {shown.map((id) => (
        <li key={id}>
          <EventLink eventId={id} />
        </li>
      ))}
      {more > 0 && (
        <li>
          <button type="button" className="an-more" onClick={() => setAll(true)}>
            {more} more
          </button>
        </li>
      )}
    </ul>
  );
}
