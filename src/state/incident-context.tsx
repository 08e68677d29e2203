// The incident session reaches React through this context: the snapshot (which incident, saved
// or not, this tab's access) with useSyncExternalStore, the actions as the session object itself.
// main.tsx provides the IndexedDB-backed session; component tests provide their own.
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { IncidentSessionApi, SessionSnapshot } from '../persistence/session-api.ts';

const IncidentSessionContext = createContext<IncidentSessionApi | null>(null);

export function IncidentSessionProvider({
  session,
  children,
}: {
  session: IncidentSessionApi;
  children: ReactNode;
}) {
  return <IncidentSessionContext.Provider value={session}>{children}</IncidentSessionContext.Provider>;
}

/** The session's actions (open, rename, export...). Throws outside the provider: a wiring bug. */
export function useIncidentSession(): IncidentSessionApi {
  const s = useContext(IncidentSessionContext);
  if (!s) throw new Error('useIncidentSession needs an IncidentSessionProvider');
  return s;
}

/** The session's state, re-rendering on every change. */
export function useSessionSnapshot(): SessionSnapshot {
  const s = useIncidentSession();
  return useSyncExternalStore(s.subscribe, s.getSnapshot, s.getSnapshot);
}
