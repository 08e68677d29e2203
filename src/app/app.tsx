// The shell: a header with the workspace tabs, the Sources sidebar (ingest + the source list)
// and the main panel. Features are composed only here; they never import each other.
import { AnalysisPanel } from '../features/analysis/analysis-panel.tsx';
import { DocumentPanel } from '../features/document/document-panel.tsx';
import { IngestPanel, IngestProvider, LoadSampleButton } from '../features/ingest/index.ts';
import { SourceList } from '../features/sources/index.ts';
import { TimelinePanel } from '../features/timeline/index.ts';
import { useWorkbenchStore } from '../state/store.ts';
import { AppHeader } from './app-header.tsx';
import { PANELS } from './panels.ts';

export function App() {
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const sourcesOpen = useWorkbenchStore((s) => s.sourcesOpen);
  return (
    <IngestProvider>
      <a className="skip-link" href="#main">
        Skip to the main panel
      </a>
      <div className="app" data-sources-open={sourcesOpen}>
        <AppHeader />
        <div className="app-body">
          {/* Hidden, not unmounted: a file being read keeps its progress and its Cancel button. */}
          <aside id="sources-panel" className="sidebar" aria-label="Sources" hidden={!sourcesOpen}>
            <IngestPanel />
            <SourceList />
          </aside>
          <main id="main" className="main" tabIndex={-1}>
            {PANELS.map((p) => (
              <section
                key={p.id}
                id={`panel-${p.id}`}
                role="tabpanel"
                aria-labelledby={`tab-${p.id}`}
                className="panel"
                hidden={activePanel !== p.id}
              >
                {p.id === 'timeline' && (
                  <TimelinePanel emptyAction={<LoadSampleButton variant="primary" />} />
                )}
                {p.id === 'analysis' && <AnalysisPanel />}
                {p.id === 'document' && <DocumentPanel />}
              </section>
            ))}
          </main>
        </div>
      </div>
    </IngestProvider>
  );
}
