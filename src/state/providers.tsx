// One QueryClient and one WorkbenchClient for the whole app; component tests use the same
// providers with a fresh pair each (state/testing/test-providers.tsx).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { WorkbenchClient } from '../core/engine/client-api.ts';
import { WorkbenchClientProvider } from './client-context.tsx';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The engine is local and deterministic: a failed call fails the same way again, and
      // nothing changes behind the UI's back, so no retries and no refetch on focus.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: Number.POSITIVE_INFINITY },
      mutations: { retry: false },
    },
  });
}

export function AppProviders({
  client,
  queryClient,
  children,
}: {
  client: WorkbenchClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <WorkbenchClientProvider client={client}>{children}</WorkbenchClientProvider>
    </QueryClientProvider>
  );
}
