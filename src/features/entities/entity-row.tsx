// One entity of the panel: its label (a click filters the timeline to it), event count and time
// span; expanded, its kind and id, aliases, facts, related entities and (for a container or a
// sandbox) its lifecycle lane.
import type { EntitySummary } from '../../core/engine/engine-api.ts';
import { formatCountOf, formatTimeFull, formatTimeIn } from '../../state/format.ts';
import type { DisplayZone } from '../../state/store.ts';
import { hasLifecycle } from './entity-model.ts';
import { LifecycleLane } from './lifecycle-lane.tsx';

/**
 * "2025-11-26 07:48:12 – 07:48:16 Z" (the second date only when it differs), to the second so
 * that it fits the sidebar; the row's title has both ends in full (UTC).
 */
export function spanText(first: number | null, last: number | null, zone: DisplayZone): string {
  if (first === null || last === null) return 'no wall-clock time';
  const a = formatTimeIn(first, zone);
  const b = formatTimeIn(last, zone);
  const aText = a.text.slice(0, 19);
  if (first === last) return `${aText} ${a.suffix}`;
  const sameDay = a.text.slice(0, 10) === b.text.slice(0, 10);
  return `${aText} – ${sameDay ? b.text.slice(11, 19) : b.text.slice(0, 19)} ${b.suffix}`;
}

export interface EntityRowProps {
  entity: EntitySummary;
  expanded: boolean;
  active: boolean;
  zone: DisplayZone;
  labelOf: (key: string) => string | undefined;
  onToggle: () => void;
  onFilter: (key: string) => void;
}

export function EntityRow({
  entity: e,
  expanded,
  active,
  zone,
  labelOf,
  onToggle,
  onFilter,
}: EntityRowProps) {
  const detailsId = `entity-details-${e.key}`;
  const facts = Object.entries(e.facts);
  return (
    <div className={`ent-row ${active ? 'is-active' : ''} ${expanded ? 'is-expanded' : ''}`}>
      <div className="ent-main">
        <button
          type="button"
          className="ent-expand"
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId : undefined}
          aria-label={`${expanded ? 'Hide' : 'Show'} details of ${e.label}`}
          onClick={onToggle}
        >
          <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
            <path d={expanded ? 'M4 6l4 4 4-4' : 'M6 4l4 4-4 4'} />
          </svg>
        </button>
        <button
          type="button"
          className="ent-name"
          aria-pressed={active}
          title={`Show only its events in the timeline${e.aliases.length > 0 ? `\nalso: ${e.aliases.join(', ')}` : ''}`}
          onClick={() => onFilter(e.key)}
        >
          {e.label}
        </button>
        <span className="ent-count">{formatCountOf(e.events, 'event')}</span>
      </div>
      <div
        className="ent-span"
        title={
          e.first !== null && e.last !== null
            ? `${formatTimeFull(e.first)} – ${formatTimeFull(e.last)}`
            : undefined
        }
      >
        {spanText(e.first, e.last, zone)}
      </div>
      {expanded && (
        <div id={detailsId} className="ent-details">
          <dl className="ent-facts">
            <div>
              <dt>{e.kind}</dt>
              <dd>
                <code className="ent-id">{e.id}</code>
              </dd>
            </div>
            {e.aliases.length > 0 && (
              <div>
                <dt>also</dt>
                <dd>
                  <ul className="ent-aliases">
                    {e.aliases.map((a) => (
                      <li key={a}>
                        <code>{a}</code>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
            {facts.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
          {e.related.length > 0 && (
            <div className="ent-related">
              <span className="ent-related-h">Related</span>
              <ul>
                {e.related.map((k) => (
                  <li key={k}>
                    <button
                      type="button"
                      className="ent-link"
                      title={`Show only the events of ${k}`}
                      onClick={() => onFilter(k)}
                    >
                      <span className="ent-link-kind">{k.slice(0, k.indexOf(':'))}</span>{' '}
                      {labelOf(k) ?? k.slice(k.indexOf(':') + 1)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {/* The lane takes the row's whole width: every pixel keeps a label readable. */}
      {expanded && hasLifecycle(e.kind) && (
        <div className="ent-lane">
          <LifecycleLane entityKey={e.key} label={e.label} />
        </div>
      )}
    </div>
  );
}
