import type { ReactNode } from 'react';
import type { EventDetail } from '../../core/engine/engine-api.ts';
import { showBidi } from '../../core/util/bidi.ts';
import { formatMonotonic, formatTimeFull, formatTimeIn } from '../../state/format.ts';
import { useDetail, useHypothesesCiting } from '../../state/queries.ts';
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { ContextLines } from './context-lines.tsx';
import { TIME_QUALITY_LABEL } from './labels.ts';
import { formatPlusMinus } from './time-axis.ts';
import { type TimeNote, useTimeNotes } from './use-time-notes.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The hypotheses of the current analysis that rest on this event, each with a way to it on the
 * Analysis tab (through the store: features do not import each other). Nothing when the analysis
 * has not been run or does not cite the event.
 */
function InTheAnalysis({ eventId }: { eventId: string }) {
  const citing = useHypothesesCiting(eventId);
  const showHypothesis = useWorkbenchStore((s) => s.showHypothesis);
  if (citing.length === 0) return null;
  return (
    <>
      <h3 className="detail-h" id="detail-analysis">
        In the analysis
      </h3>
      <ul className="detail-analysis" aria-labelledby="detail-analysis">
        {citing.map((h) => (
          <li key={h.id}>
            <span>
              Evidence {h.stance} <strong>{h.title}</strong> <span className="muted">({h.verdict})</span>
            </span>{' '}
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Show in analysis: ${h.title}`}
              onClick={() => showHypothesis(h.id)}
            >
              Show in analysis
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function DetailBody({
  detail,
  zone,
  timeNote,
}: {
  detail: EventDetail;
  zone: DisplayZone;
  timeNote: TimeNote;
}) {
  const e = detail.event;
  const selectEvent = useWorkbenchStore((s) => s.selectEvent);
  const fields = Object.entries(e.fields);
  const shown = e.time !== null ? formatTimeIn(e.time, zone) : null;
  // How far the time may be off: half its range (an aligned dmesg line's fit, a year guess).
  const plusMinus =
    e.timeRange && (e.timeQuality === 'aligned' || e.timeQuality === 'inferred')
      ? formatPlusMinus((e.timeRange[1] - e.timeRange[0]) / 2)
      : null;
  const note = timeNote(e.source, e.timeQuality);
  return (
    <>
      <dl className="detail-summary">
        <Field label="Time">
          {e.time !== null && shown ? (
            <code title={`${formatTimeFull(e.time)} (UTC)`}>
              {shown.text} {shown.suffix}
            </code>
          ) : (
            <span className="muted">no wall-clock time</span>
          )}{' '}
          <span className={`tq tq-${e.timeQuality}`} title={note}>
            {TIME_QUALITY_LABEL[e.timeQuality]}
          </span>
          {plusMinus && <span className="time-uncertainty"> {plusMinus}</span>}
          {(e.timeQuality === 'aligned' || e.timeQuality === 'inferred') && (
            <span className="time-note">
              {note}
              {plusMinus && !note.includes('±') ? `, ${plusMinus}` : ''}
            </span>
          )}
        </Field>
        {e.time !== null && zone !== 'utc' && (
          <Field label="UTC">
            <code>{formatTimeFull(e.time)}</code>
          </Field>
        )}
        {e.timeRange && (
          <Field label="Between">
            <code>{formatTimeFull(e.timeRange[0])}</code> and <code>{formatTimeFull(e.timeRange[1])}</code>
          </Field>
        )}
        {e.monotonic !== undefined && (
          <Field label="Since boot">
            <code>{formatMonotonic(e.monotonic)} s</code>
            {e.boot !== undefined && <span className="muted"> · boot {e.boot}</span>}
          </Field>
        )}
        <Field label="Source">
          {detail.sourceName}, {e.line === e.lineEnd ? `line ${e.line}` : `lines ${e.line}–${e.lineEnd}`}
        </Field>
        <Field label="Format">
          <code>{e.format}</code>
        </Field>
        {e.severity && (
          <Field label="Severity">
            <span className={`sev-${e.severity}`}>{e.severity}</span>
          </Field>
        )}
        {(e.unit || e.ident) && (
          <Field label="Unit / ident">
            {[e.unit, e.ident].filter(Boolean).join(' / ')}
            {e.pid !== undefined && <span className="muted"> · pid {e.pid}</span>}
          </Field>
        )}
        {e.host && <Field label="Host">{e.host}</Field>}
      </dl>

      <InTheAnalysis eventId={e.id} />

      <h3 className="detail-h">Raw lines</h3>
      {/* Focusable so that keyboard users can scroll long raw records. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="raw-lines" aria-label="Raw lines" tabIndex={0}>
        <table>
          <tbody>
            {detail.raw.map((r) => (
              <tr key={r.line}>
                <th scope="row" className="line-no">
                  {r.line}
                </th>
                <td>
                  <code>{showBidi(r.text)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <ContextLines eventId={e.id} zone={zone} onSelect={selectEvent} />

      {fields.length > 0 && (
        <>
          <h3 className="detail-h" id="detail-fields">
            Fields
          </h3>
          <table className="fields-table" aria-labelledby="detail-fields">
            <tbody>
              {fields.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    <code>{String(v)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {e.entities.length > 0 && (
        <>
          <h3 className="detail-h" id="detail-entities">
            Entities
          </h3>
          <ul className="entities" aria-labelledby="detail-entities">
            {e.entities.map((en) => (
              <li key={`${en.kind}:${en.id}`}>
                <span className="entity-kind">{en.kind}</span> <code title={en.id}>{en.id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function DetailPane({ eventId, onClose }: { eventId: string; onClose: () => void }) {
  const { data, error, isPending } = useDetail(eventId);
  const zone = useWorkbenchStore((s) => s.displayZone);
  const pinned = useWorkbenchStore((s) => s.pins.some((p) => p.eventId === eventId));
  const togglePin = useWorkbenchStore((s) => s.togglePin);
  const timeNote = useTimeNotes();
  return (
    <aside className="detail" aria-label="Event detail" aria-busy={isPending}>
      <div className="detail-head">
        <h2>Event detail</h2>
        <button
          type="button"
          className={`btn btn-small pin-toggle${pinned ? ' is-pinned' : ''}`}
          aria-pressed={pinned}
          onClick={() => togglePin(eventId)}
          title="Pin as a key event: key events feed the key-events diagram and the document (p on the table's row)"
        >
          <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
            <path d="M6 2h4l-.6 4.2L12 8.5V10H8.7L8 14.5 7.3 10H4V8.5l2.6-2.3z" />
          </svg>
          Key event
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={onClose}
          aria-label="Close event detail"
        >
          <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
          <kbd>Esc</kbd>
        </button>
      </div>
      <div className="detail-body">
        {error && (
          <p className="job-error" role="alert">
            Could not read this event back: {error.message}
          </p>
        )}
        {isPending && <p className="muted">Reading the raw lines…</p>}
        {data && <DetailBody detail={data} zone={zone} timeNote={timeNote} />}
      </div>
    </aside>
  );
}
