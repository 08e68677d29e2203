import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { AppProviders, createQueryClient } from './state/providers.tsx';
import './styles/global.css';
import './styles/clocks.css';
import './styles/entities.css';
import './styles/navigation.css';
import './styles/key-events.css';
import './styles/analysis.css';
import './styles/document.css';
import { createWorkerClient } from './worker/client.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Parsing runs in a Web Worker: the page stays responsive while a 100 MB file is read.
const client = createWorkerClient();
const queryClient = createQueryClient();

createRoot(root).render(
  <StrictMode>
    <AppProviders client={client} queryClient={queryClient}>
      <App />
    </AppProviders>
  </StrictMode>,
);
