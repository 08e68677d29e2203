// Scenarios kept in this browser and "similar past incidents" (issue 8), read from the incident
// session and read again whenever the session says they may have changed (snapshot.listVersion).
// Here rather than in a feature so that every feature may use them: the recall feature (similar
// incidents, the scenario shelf) and the training tab (playing a saved or imported drill).
// A small effect rather than TanStack Query, as the incidents list does: the session is the cache.
import { useEffect, useState } from 'react';
import type { IncidentSignature } from '../core/persist/model.ts';
import type { ScenarioMeta } from '../persistence/api.ts';
import type { SimilarItem } from '../persistence/session-api.ts';
import { useIncidentSession, useSessionSnapshot } from './incident-context.tsx';

export interface SessionRead<T> {
  /** The last answer; kept while the next one is on its way, so a list never blinks. */
  data: T | undefined;
  error: string | null;
}

const messageOf = (e: unknown) => (e instanceof Error && e.message ? e.message : String(e));

function useSessionRead<T>(read: (() => Promise<T>) | null, key: string): SessionRead<T> {
  const { listVersion } = useSessionSnapshot();
  const [state, setState] = useState<SessionRead<T>>({ data: undefined, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is rebuilt every render; key and listVersion say when to read again
  useEffect(() => {
    if (!read) {
      setState({ data: undefined, error: null });
      return;
    }
    let live = true;
    read().then(
      (data) => live && setState({ data, error: null }),
      (err: unknown) => live && setState((s) => ({ ...s, error: messageOf(err) })),
    );
    // An answer to an older key or version is dropped: only the latest one is shown.
    return () => {
      live = false;
    };
  }, [key, listVersion, read === null]);
  return state;
}

/** The scenarios saved or imported in this browser, newest first (without their files: session.getScenario). */
export function useLocalScenarios(): SessionRead<ScenarioMeta[]> {
  const session = useIncidentSession();
  return useSessionRead(() => session.listScenarios(), 'scenarios');
}

/**
 * Past incidents and kept scenarios like the findings of `signature` (the analysis on screen),
 * most alike first; nothing is asked while there is no signature.
 */
export function useSimilarIncidents(
  signature: IncidentSignature | null,
  limit = 5,
): SessionRead<SimilarItem[]> {
  const session = useIncidentSession();
  const { active } = useSessionSnapshot();
  // The open incident is left out by the session: a switch of incident asks again.
  const key = `${active?.id ?? ''}|${limit}|${signature ? JSON.stringify(signature) : ''}`;
  return useSessionRead(signature ? () => session.similar(signature, limit) : null, key);
}
