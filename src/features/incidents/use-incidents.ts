// The incidents list and the storage use, read from the session and read again whenever the
// session says the list may have changed (snapshot.listVersion). A small effect rather than
// TanStack Query: the session is the cache, and a version bump is the only invalidation.
import { useEffect, useState } from 'react';
import type { IncidentMeta } from '../../core/persist/model.ts';
import type { StorageUse } from '../../persistence/api.ts';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';

export interface Loaded<T> {
  /** The last answer; kept while the next one is on its way, so the list never blinks. */
  data: T | undefined;
  error: string | null;
  /** The query the data answers (the search box may be ahead of it). */
  for: string;
}

function useSessionRead<T>(read: () => Promise<T>, key: string): Loaded<T> {
  const { listVersion } = useSessionSnapshot();
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: null, for: key });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is rebuilt every render; key and listVersion say when to read again
  useEffect(() => {
    let live = true;
    read().then(
      (data) => live && setState({ data, error: null, for: key }),
      (err: unknown) => live && setState((s) => ({ ...s, error: errorMessage(err) })),
    );
    // An answer to an older query or version is dropped: only the latest one is shown.
    return () => {
      live = false;
    };
  }, [key, listVersion]);
  return state;
}

export function useIncidentList(query: string): Loaded<IncidentMeta[]> {
  const session = useIncidentSession();
  return useSessionRead(() => session.list(query.trim() || undefined), query.trim());
}

export function useStorageUse(): Loaded<StorageUse> {
  const session = useIncidentSession();
  return useSessionRead(() => session.storageUse(), '');
}
