// The app's providers for a component test: a fresh QueryClient (no retries, no cache shared
// between tests) and the given client.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import { WorkbenchClientProvider } from '../client-context.tsx';

export function TestProviders({
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

/** A `wrapper` for render(): the same QueryClient for every render of one test. */
export function createTestWrapper(client: WorkbenchClient): (props: { children: ReactNode }) => ReactNode {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: Number.POSITIVE_INFINITY },
      mutations: { retry: false },
    },
  });
  return ({ children }) => (
    <TestProviders client={client} queryClient={queryClient}>
      {children}
    </TestProviders>
  );
}
