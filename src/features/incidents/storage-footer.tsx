// What is kept in this browser (the incidents and the training scenarios kept here: how many,
// and the bytes they take by our own count), what the browser allows, and whether it may evict
// them under pressure (with the button that asks it not to).
import { useState } from 'react';
import type { ScenarioMeta, StorageUse } from '../../persistence/api.ts';
import { errorMessage, formatBytes, formatCountOf } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useLocalScenarios } from '../../state/scenarios.ts';
import { useIncidentList, useStorageUse } from './use-incidents.ts';

/** "3 incidents, 2 kept scenarios, 4.1 MB · 12 MB used of 2.0 GB available in this browser". */
export function describeUse(u: StorageUse, incidents: number, scenarios: readonly ScenarioMeta[]): string {
  const bytes = u.incidentsBytes + scenarios.reduce((n, s) => n + s.storedBytes, 0);
  const ours = `${formatCountOf(incidents, 'incident')}, ${formatCountOf(scenarios.length, 'kept scenario')}, ${formatBytes(bytes)}`;
  if (u.quota === undefined) return ours;
  return `${ours} · ${formatBytes(u.usage ?? 0)} used of ${formatBytes(u.quota)} available in this browser`;
}

type Asked = { state: 'asking' } | { state: 'done'; granted: boolean } | { state: 'failed'; message: string };

export function StorageFooter() {
  const session = useIncidentSession();
  const use = useStorageUse();
  // Counted apart from the dialog's list, which a search narrows.
  const incidents = useIncidentList('');
  const scenarios = useLocalScenarios();
  const [asked, setAsked] = useState<Asked | null>(null);

  const ask = async () => {
    setAsked({ state: 'asking' });
    try {
      setAsked({ state: 'done', granted: await session.requestPersistence() });
    } catch (err) {
      setAsked({ state: 'failed', message: errorMessage(err) });
    }
  };

  const u = use.data;
  const error = use.error ?? incidents.error ?? scenarios.error;
  const granted = asked?.state === 'done' && asked.granted;
  return (
    <footer className="incidents-foot">
      <p className="incidents-use">
        {u !== undefined && incidents.data && scenarios.data
          ? describeUse(u, incidents.data.length, scenarios.data)
          : error
            ? `Storage use unknown: ${error}`
            : 'Measuring storage…'}
      </p>
      <div className="incidents-persist">
        {u?.persisted === true ? (
          <p className="incidents-persisted">The browser keeps this data until you delete it.</p>
        ) : (
          u !== undefined &&
          !granted && (
            <button
              type="button"
              className="btn btn-small"
              onClick={ask}
              disabled={asked?.state === 'asking'}
              aria-busy={asked?.state === 'asking'}
            >
              Keep my data (ask the browser not to evict it)
            </button>
          )
        )}
        <span role="status" className="incidents-persist-result">
          {asked?.state === 'done' &&
            (asked.granted
              ? 'Granted: the browser will not evict the incidents when space runs low.'
              : 'The browser said no (it decides from how you use the site). Export a bundle of what you must keep.')}
          {asked?.state === 'failed' && `Could not ask: ${asked.message}`}
        </span>
      </div>
    </footer>
  );
}
