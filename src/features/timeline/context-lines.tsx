// "Context" in the detail pane: the event's neighbours in its own source, like grep -C, with the
// event itself marked. A click on a neighbour opens it, so one can walk a source line by line.
import { useState } from 'react';
import { formatTimeFull, formatTimeIn } from '../../state/format.ts';
import { useEventContext } from '../../state/queries.ts';
import type { DisplayZone } from '../../state/store.ts';

export const CONTEXT_SIZES = [3, 10, 25] as const;

export function ContextLines({
  eventId,
  zone,
  onSelect,
}: {
  eventId: string;
  zone: DisplayZone;
  onSelect: (eventId: string) => void;
}) {
  const [n, setN] = useState<number>(CONTEXT_SIZES[0]);
  const { data: rows, error, isPending } = useEventContext(eventId, n, n);
  return (
    <>
      <div className="detail-h context-head">
        <h3 id="detail-context">Context</h3>
        <label className="context-size">
          <span className="visually-hidden">Events before and after</span>
          <select value={n} onChange={(e) => setN(Number(e.target.value))}>
            {CONTEXT_SIZES.map((k) => (
              <option key={k} value={k}>
                ±{k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="muted">Context unavailable: {error.message}</p>}
      {isPending && !error && <p className="muted">Reading the neighbours…</p>}
      {rows && (
        <ol className="context-lines" aria-labelledby="detail-context">
          {rows.map((r) => {
            const current = r.eventId === eventId;
            return (
              <li key={r.eventId}>
                <button
                  type="button"
                  className={`context-line sev-${r.severity ?? 'none'}${current ? ' is-current' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  onClick={() => onSelect(r.eventId)}
                  title={`${r.sourceName}:${r.line}${r.time !== null ? ` · ${formatTimeFull(r.time)} (UTC)` : ''}`}
                >
                  <span className="context-line-no">{r.line}</span>
                  <span className="context-time">
                    {r.time !== null ? formatTimeIn(r.time, zone).text.slice(11) : ''}
                  </span>
                  <span className="context-msg">{r.message}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
