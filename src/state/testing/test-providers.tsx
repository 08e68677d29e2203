// The app's own providers for a component test, with a fresh QueryClient per test (no cache
// shared between tests) and the given client.
import type { ReactNode } from 'react';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import { AppProviders, createQueryClient } from '../providers.tsx';

/** A `wrapper` for render(): the same QueryClient for every render of one test. */
export function createTestWrapper(client: WorkbenchClient): (props: { children: ReactNode }) => ReactNode {
  const queryClient = createQueryClient();
  return ({ children }) => (
    <AppProviders client={client} queryClient={queryClient}>
      {children}
    </AppProviders>
  );
}
