import type { ReactNode } from 'react';
import type { EventDetail } from '../../core/engine/engine-api.ts';
import { formatMonotonic, formatTimeFull } from '../../state/format.ts';
import { useDetail } from '../../state/queries.ts';
import { TIME_QUALITY_HELP, TIME_QUALITY_LABEL } from './labels.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function DetailBody({ detail }: { detail: EventDetail }) {
  const e = detail.event;
  const fields = Object.entries(e.fields);
  return (
    <>
      <dl className="detail-summary">
        <Field label="Time">
          {e.time !== null ? (
            <code>{formatTimeFull(e.time)}</code>
          ) : (
            <span className="muted">no wall-clock time</span>
          )}{' '}
          <span className={`tq tq-${e.timeQuality}`} title={TIME_QUALITY_HELP[e.timeQuality]}>
            {TIME_QUALITY_LABEL[e.timeQuality]}
          </span>
        </Field>
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
                  <code>{r.text}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

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
  return (
    <aside className="detail" aria-label="Event detail" aria-busy={isPending}>
      <div className="detail-head">
        <h2>Event detail</h2>
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
        {data && <DetailBody detail={data} />}
      </div>
    </aside>
  );
}
