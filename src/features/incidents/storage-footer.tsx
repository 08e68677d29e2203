// What the incidents take in this browser, what the browser allows, and whether it may evict
// them under pressure (with the button that asks it not to).
import { useState } from 'react';
import type { StorageUse } from '../../persistence/api.ts';
import { errorMessage, formatBytes } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useStorageUse } from './use-incidents.ts';

function describeUse(u: StorageUse): string {
  const ours = `Incidents take ${formatBytes(u.incidentsBytes)}`;
  if (u.quota === undefined) return ours;
  return `${ours} · ${formatBytes(u.usage ?? 0)} used of ${formatBytes(u.quota)} available in this browser`;
}

type Asked = { state: 'asking' } | { state: 'done'; granted: boolean } | { state: 'failed'; message: string };

export function StorageFooter() {
  const session = useIncidentSession();
  const use = useStorageUse();
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
  const granted = asked?.state === 'done' && asked.granted;
  return (
    <footer className="incidents-foot">
      <p className="incidents-use">
        {u === undefined
          ? use.error
            ? `Storage use unknown: ${use.error}`
            : 'Measuring storage…'
          : describeUse(u)}
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
