// The engine client is a dependency, not state: it is given once by the app (a Web Worker client)
// or by a test (the in-process client or a fake), and read by features through this context.
import { createContext, type ReactNode, useContext } from 'react';
import type { WorkbenchClient } from '../core/engine/client-api.ts';

const WorkbenchClientContext = createContext<WorkbenchClient | null>(null);

export function WorkbenchClientProvider({
  client,
  children,
}: {
  client: WorkbenchClient;
  children: ReactNode;
}) {
  return <WorkbenchClientContext.Provider value={client}>{children}</WorkbenchClientContext.Provider>;
}

export function useWorkbenchClient(): WorkbenchClient {
  const client = useContext(WorkbenchClientContext);
  if (!client) throw new Error('useWorkbenchClient: no WorkbenchClientProvider above this component');
  return client;
}
