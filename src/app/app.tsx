// The shell: a header with the workspace tabs, the sidebar (Sources, Clocks, Entities, Key events
// tabs) and the main panel. Features are composed only here; they never import each other.
import { type KeyboardEvent, lazy, Suspense, useRef, useState } from 'react';
import { AnalysisPanel } from '../features/analysis/analysis-panel.tsx';
import { ClockPanel, useClocksNeedingLook } from '../features/clocks/index.ts';
import { EntityPanel } from '../features/entities/index.ts';
import { IncidentNotices, IncidentsProvider } from '../features/incidents/index.ts';
import { IngestPanel, IngestProvider, LoadSampleButton } from '../features/ingest/index.ts';
import { KeyEventsPanel } from '../features/key-events/index.ts';
import { RecallAside, ScenarioShelf } from '../features/recall/index.ts';
import { SourceList } from '../features/sources/index.ts';
import { TimelinePanel } from '../features/timeline/index.ts';
import { TrainingLockNotice, useTrainingClock, useTrainingLocked } from '../features/training/index.ts';
import { type SidebarTab, useWorkbenchStore } from '../state/store.ts';
import { AppHeader } from './app-header.tsx';
import { PANELS } from './panels.ts';

// The document editor brings the template engine, Markdown, redaction and the exporters (about
// half the app's code): loaded when the Document tab is first opened, so the timeline starts fast.
const DocumentPanel = lazy(() =>
  import('../features/document/document-panel.tsx').then((m) => ({ default: m.DocumentPanel })),
);

// Training mode (scenarios, grading, Markdown notes): loaded when the Training tab is first opened.
const TrainingPanel = lazy(() =>
  import('../features/training/training-panel.tsx').then((m) => ({ default: m.TrainingPanel })),
);

const SIDEBAR_TABS: readonly { id: SidebarTab; label: string }[] = [
  { id: 'sources', label: 'Sources' },
  { id: 'clocks', label: 'Clocks' },
  { id: 'entities', label: 'Entities' },
  { id: 'key-events', label: 'Key events' },
];

/** The small count beside a tab's name (not part of its accessible name: the panel says it). */
function useTabBadges(): Partial<Record<SidebarTab, { n: number; tone?: 'warn'; title: string }>> {
  const look = useClocksNeedingLook();
  const pins = useWorkbenchStore((s) => s.pins.length);
  // No count on Sources: the header already says how many there are.
  const badges: ReturnType<typeof useTabBadges> = {};
  if (look !== undefined && look > 0)
    badges.clocks = {
      n: look,
      tone: 'warn',
      title: `${look} ${look === 1 ? 'source needs' : 'sources need'} a look`,
    };
  if (pins > 0) badges['key-events'] = { n: pins, title: `${pins} pinned events` };
  return badges;
}

function Sidebar({ open }: { open: boolean }) {
  const tab = useWorkbenchStore((s) => s.sidebarTab);
  const setTab = useWorkbenchStore((s) => s.setSidebarTab);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  // Tabs mount when first shown and then stay (hidden): a half-typed correction or an expanded
  // entity survives a look at another tab.
  const [visited, setVisited] = useState<ReadonlySet<SidebarTab>>(() => new Set(['sources', tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));
  const badges = useTabBadges();

  // WAI-ARIA tabs: one tab stop for the group; arrows move between tabs and activate them.
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = SIDEBAR_TABS.findIndex((t) => t.id === tab);
    const n = SIDEBAR_TABS.length;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % n;
    else if (e.key === 'ArrowLeft') next = (i - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next < 0) return;
    e.preventDefault();
    setTab(SIDEBAR_TABS[next].id);
    tabRefs.current[next]?.focus();
  };

  return (
    <aside id="sidebar" className="sidebar" aria-label="Sidebar" hidden={!open}>
      <div className="sidebar-tabs" role="tablist" aria-label="Sidebar" onKeyDown={onKey}>
        {SIDEBAR_TABS.map((t, i) => {
          const badge = badges[t.id];
          return (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              id={`sidebar-tab-${t.id}`}
              type="button"
              role="tab"
              className="sidebar-tab"
              aria-selected={tab === t.id}
              aria-controls={`sidebar-panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
              title={badge?.title}
            >
              {t.label}
              {badge && (
                <span
                  className={`sidebar-badge ${badge.tone === 'warn' ? 'is-warn' : ''}`}
                  aria-hidden="true"
                >
                  {badge.n}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {SIDEBAR_TABS.map((t) => (
        <section
          key={t.id}
          id={`sidebar-panel-${t.id}`}
          role="tabpanel"
          aria-labelledby={`sidebar-tab-${t.id}`}
          className={`sidebar-panel sidebar-panel-${t.id}`}
          hidden={tab !== t.id}
        >
          {/* Sources is never unmounted: a file being read keeps its progress and its Cancel button. */}
          {t.id === 'sources' && (
            <>
              <IngestPanel />
              <SourceList />
            </>
          )}
          {t.id === 'clocks' && visited.has('clocks') && <ClockPanel />}
          {t.id === 'entities' && visited.has('entities') && <EntityPanel />}
          {t.id === 'key-events' && visited.has('key-events') && <KeyEventsPanel />}
        </section>
      ))}
    </aside>
  );
}

export function App() {
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const sourcesOpen = useWorkbenchStore((s) => s.sourcesOpen);
  // Once opened, the editor stays mounted (hidden) so its unsaved form state survives a tab switch.
  const [documentOpened, setDocumentOpened] = useState(false);
  if (activePanel === 'document' && !documentOpened) setDocumentOpened(true);
  const [trainingOpened, setTrainingOpened] = useState(false);
  if (activePanel === 'training' && !trainingOpened) setTrainingOpened(true);
  // An exercise not committed yet hides what would give its answer away.
  const trainingLocked = useTrainingLocked();
  // The exercise's time counts while the page is shown, whichever tab the trainee is reading.
  useTrainingClock();
  return (
    <IngestProvider>
      <IncidentsProvider dialogExtra={<ScenarioShelf />}>
        <a className="skip-link" href="#main">
          Skip to the main panel
        </a>
        <div className="app" data-sources-open={sourcesOpen}>
          <AppHeader />
          {/* Another tab has the incident, a save failed, no storage: said across the app. */}
          <IncidentNotices />
          <div className="app-body">
            {/* Hidden, not unmounted: a file being read keeps its progress and its Cancel button. */}
            <Sidebar open={sourcesOpen} />
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
                  {p.id === 'analysis' &&
                    (trainingLocked ? (
                      <TrainingLockNotice tab="Analysis" />
                    ) : (
                      <AnalysisPanel aside={<RecallAside />} />
                    ))}
                  {p.id === 'document' &&
                    (trainingLocked ? (
                      <TrainingLockNotice tab="Document" />
                    ) : (
                      (activePanel === 'document' || documentOpened) && (
                        <Suspense fallback={<p className="lazy-panel">Loading the document editor…</p>}>
                          <DocumentPanel />
                        </Suspense>
                      )
                    ))}
                  {p.id === 'training' && (activePanel === 'training' || trainingOpened) && (
                    <Suspense fallback={<p className="lazy-panel">Loading training mode…</p>}>
                      <TrainingPanel />
                    </Suspense>
                  )}
                </section>
              ))}
            </main>
          </div>
        </div>
      </IncidentsProvider>
    </IngestProvider>
  );
}
