// The app's own providers for a component test: a fresh QueryClient per test (no cache shared
// between tests), the given client, and an incident session over a fresh fake-indexeddb database,
// so components that use the session (and the autosave behind the store) work as in the app.
import type { QueryClient } from '@tanstack/react-query';
import { IDBFactory } from 'fake-indexeddb';
import type { ReactNode } from 'react';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type { IncidentState } from '../../core/persist/model.ts';
import type { IncidentRepo } from '../../persistence/api.ts';
import { createIdbRepo } from '../../persistence/repo.ts';
import {
  createIncidentSession,
  type IncidentSession,
  type SessionLocation,
} from '../../persistence/session.ts';
import { IncidentSessionProvider } from '../incident-context.tsx';
import { AppProviders, createQueryClient } from '../providers.tsx';
import { useWorkbenchStore } from '../store.ts';
import { GENERATOR } from '../templates.ts';
import { createFakeLockHub, type FakeLockHub } from './fake-lock.ts';

export interface TestWrapper {
  (props: { children: ReactNode }): ReactNode;
  /** The session the components see (already started). */
  session: IncidentSession;
  /** Its storage: a test reads what was saved, or opens a second session over the same database. */
  repo: IncidentRepo;
  factory: IDBFactory;
}

export interface TestWrapperOptions {
  /** An existing database (a "reload": a second wrapper over the first one's storage). */
  factory?: IDBFactory;
  /** The tabs this session is one of (default: its own). */
  locks?: FakeLockHub;
  location?: SessionLocation;
  /** Autosave debounce; short so that a test waits little for a save. */
  saveDelayMs?: number;
}

const live = new Set<IncidentSession>();

/**
 * An IncidentRepo whose calls wait for the database to open: a wrapper is made synchronously
 * (it is passed to render()), the database opens asynchronously.
 */
function lazyRepo(opened: Promise<IncidentRepo>): IncidentRepo {
  return new Proxy({} as IncidentRepo, {
    get:
      (_t, name) =>
      (...args: unknown[]) =>
        opened.then((r) => (r[name as keyof IncidentRepo] as (...a: unknown[]) => unknown)(...args)),
  });
}

function TestProviders({
  session,
  queryClient,
  children,
}: {
  session: IncidentSession;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <IncidentSessionProvider session={session}>
      <AppProviders client={session.persistingClient} queryClient={queryClient}>
        {children}
      </AppProviders>
    </IncidentSessionProvider>
  );
}

/** A `wrapper` for render(): the same QueryClient and session for every render of one test. */
export function createTestWrapper(client: WorkbenchClient, opts: TestWrapperOptions = {}): TestWrapper {
  const queryClient = createQueryClient();
  const factory = opts.factory ?? new IDBFactory();
  const opened = createIdbRepo({ factory, storage: null });
  const repo = lazyRepo(opened);
  const session = createIncidentSession({
    repo: opened,
    lock: (opts.locks ?? createFakeLockHub()).create(),
    client,
    queryClient,
    store: useWorkbenchStore,
    generator: GENERATOR,
    location: opts.location,
    saveDelayMs: opts.saveDelayMs ?? 20,
    // Not this test's business: the browser's localStorage and page events.
    legacyStorage: null,
    events: null,
  });
  live.add(session);
  void session.start();
  return Object.assign(
    ({ children }: { children: ReactNode }) => (
      <TestProviders session={session} queryClient={queryClient}>
        {children}
      </TestProviders>
    ),
    { session, repo, factory },
  );
}

/** Stops every session made by createTestWrapper (the setup file calls it after each test). */
export function disposeTestSessions(): void {
  for (const s of live) s.dispose();
  live.clear();
}

/**
 * The state the session has written for its open incident (null: no incident yet). Without
 * `flush`, only what the autosave wrote by itself: wrap it in waitFor to wait for the autosave.
 */
export async function savedIncidentState(
  w: TestWrapper,
  { flush = false }: { flush?: boolean } = {},
): Promise<IncidentState | null> {
  if (flush) await w.session.flush();
  const active = w.session.getSnapshot().active;
  return active ? (await w.repo.loadState(active.id)).state : null;
}
