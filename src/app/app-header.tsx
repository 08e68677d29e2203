import { type KeyboardEvent, useRef } from 'react';
import { DisplayZoneSelect } from '../features/clocks/index.ts';
import { IncidentHeader } from '../features/incidents/index.ts';
import { formatCountOf } from '../state/format.ts';
import { useSources } from '../state/queries.ts';
import { useWorkbenchStore } from '../state/store.ts';
import { PANELS } from './panels.ts';

export function AppHeader() {
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  const sourcesOpen = useWorkbenchStore((s) => s.sourcesOpen);
  const toggleSourcesOpen = useWorkbenchStore((s) => s.toggleSourcesOpen);
  const { data: sources } = useSources();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const events = sources?.reduce((n, s) => n + s.events, 0) ?? 0;

  // WAI-ARIA tabs: one tab stop for the group, arrows move between tabs and activate them.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = PANELS.findIndex((p) => p.id === activePanel);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % PANELS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + PANELS.length) % PANELS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = PANELS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    setActivePanel(PANELS[next].id);
    tabRefs.current[next]?.focus();
  };

  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="6" />
          <path d="M6 22h5l3-9 4 13 3-8h5" />
        </svg>
        <span className="brand-name">RCA Workbench</span>
      </div>
      <IncidentHeader />
      <button
        type="button"
        className="btn btn-ghost sidebar-toggle"
        aria-expanded={sourcesOpen}
        aria-controls="sidebar"
        onClick={toggleSourcesOpen}
        title={
          sourcesOpen
            ? 'Hide the sidebar (sources, clocks, entities, key events)'
            : 'Show the sidebar (sources, clocks, entities, key events)'
        }
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
          <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
          <path d="M6 2.5v11" />
        </svg>
        Sidebar
      </button>
      <div className="tabs" role="tablist" aria-label="Workspace" onKeyDown={onTabKey} tabIndex={-1}>
        {PANELS.map((p, i) => (
          <button
            key={p.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            id={`tab-${p.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={activePanel === p.id}
            aria-controls={`panel-${p.id}`}
            tabIndex={activePanel === p.id ? 0 : -1}
            onClick={() => setActivePanel(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="header-status" aria-live="polite">
        {sources && sources.length > 0
          ? `${formatCountOf(sources.length, 'source')} · ${formatCountOf(events, 'event')}`
          : 'No sources yet'}
      </div>
      <DisplayZoneSelect />
      <div
        className="header-note"
        title="Everything is parsed in this browser tab. Nothing is sent anywhere."
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="icon">
          <rect x="3" y="7" width="10" height="7" rx="1.5" />
          <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
        </svg>
        Local only
      </div>
    </header>
  );
}
