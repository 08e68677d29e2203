import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { createIdbRepo } from './persistence/repo.ts';
import { createIncidentSession } from './persistence/session.ts';
import { createIncidentLock } from './persistence/tabs.ts';
import { IncidentSessionProvider } from './state/incident-context.tsx';
import { AppProviders, createQueryClient } from './state/providers.tsx';
import { useWorkbenchStore } from './state/store.ts';
import { GENERATOR } from './state/templates.ts';
import './styles/global.css';
import './styles/clocks.css';
import './styles/entities.css';
import './styles/navigation.css';
import './styles/key-events.css';
import './styles/analysis.css';
import './styles/document.css';
import './styles/incidents.css';
import './styles/recall.css';
import './styles/training.css';
import { registerServiceWorker } from './sw/register.ts';
import { createWorkerClient } from './worker/client.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Parsing runs in a Web Worker: the page stays responsive while a 100 MB file is read.
const client = createWorkerClient();
const queryClient = createQueryClient();

// Incidents live in IndexedDB. The page renders at once; the session waits for the database
// (a refusal, as in some private windows, leaves the app working with nothing kept, and says so).
const session = createIncidentSession({
  repo: createIdbRepo(),
  lock: createIncidentLock(),
  client,
  queryClient,
  store: useWorkbenchStore,
  generator: GENERATOR,
  location: {
    get search() {
      return window.location.search;
    },
    // No navigation: the URL says which incident a reload reopens.
    replace: (url) => history.replaceState(history.state, '', url === '' ? window.location.pathname : url),
  },
});
void session.start();

createRoot(root).render(
  <StrictMode>
    <IncidentSessionProvider session={session}>
      <AppProviders client={session.persistingClient} queryClient={queryClient}>
        <App />
      </AppProviders>
    </IncidentSessionProvider>
  </StrictMode>,
);

// The built app works offline after this first load (src/sw/, docs/security.md).
registerServiceWorker();
