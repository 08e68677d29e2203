// The clock panel: how every source's times were put on one clock (year, zone, boots), what was
// inferred and from which evidence, and the controls to accept or correct it. Nothing inferred
// is hidden: a source "needs a look" until its inferred values are accepted or decided.
import { useMemo } from 'react';
import type { ClockReport } from '../../core/engine/engine-api.ts';
import { useClocks, useSources } from '../../state/queries.ts';
import { ClockCard } from './clock-card.tsx';
import { needsLook, offsetText } from './clock-model.ts';

/** "3 sources aligned, 1 needs a look". */
export function clockSummary(report: ClockReport): string {
  const look = report.sources.filter(needsLook).length;
  const ok = report.sources.length - look;
  return `${ok} ${ok === 1 ? 'source' : 'sources'} aligned, ${look} ${look === 1 ? 'needs' : 'need'} a look`;
}

/** How many sources need a look (for the sidebar tab's badge); undefined while unknown. */
export function useClocksNeedingLook(): number | undefined {
  const { data } = useClocks();
  return data ? data.sources.filter(needsLook).length : undefined;
}

export function ClockPanel() {
  const { data: report, error, isPending } = useClocks();
  const { data: sources } = useSources();
  const names = useMemo(() => new Map((sources ?? []).map((s) => [s.sourceId, s.name])), [sources]);
  return (
    <section className="clock-panel" aria-labelledby="clock-panel-title">
      <h2 id="clock-panel-title">Clocks</h2>
      {error && (
        <p className="clock-error" role="alert">
          Could not read the clocks: {error.message}
        </p>
      )}
      {isPending && !error && <p className="hint">Aligning…</p>}
      {report && (
        <>
          {report.sources.length === 0 ? (
            <p className="empty-hint">No sources yet: add some in the Sources tab.</p>
          ) : (
            <p className={`clock-summary ${report.sources.some(needsLook) ? 'has-look' : ''}`} role="status">
              {clockSummary(report)}
            </p>
          )}
          <p className="hint clock-default-zone">
            Lines without a zone, and with nothing better to go by, are read in the browser's zone:{' '}
            <strong>UTC{offsetText(report.defaultUtcOffsetMinutes)}</strong>.
          </p>
          <ul className="clock-cards">
            {report.sources.map((c) => (
              <ClockCard key={c.sourceId} clock={c} names={names} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
