import type { RefObject } from 'react';
import type { SourceSummary } from '../../core/engine/engine-api.ts';
import { SEVERITIES } from '../../core/model/event.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { SEVERITY_HELP, SOURCE_HUES } from './labels.ts';

interface FilterBarProps {
  sources: readonly SourceSummary[];
  countText: string;
  busy: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function FilterBar({ sources, countText, busy, searchRef }: FilterBarProps) {
  const hiddenSources = useWorkbenchStore((s) => s.hiddenSources);
  const hiddenSeverities = useWorkbenchStore((s) => s.hiddenSeverities);
  const searchText = useWorkbenchStore((s) => s.searchText);
  const toggleSource = useWorkbenchStore((s) => s.toggleSource);
  const toggleSeverity = useWorkbenchStore((s) => s.toggleSeverity);
  const setSearchText = useWorkbenchStore((s) => s.setSearchText);
  const clearFilters = useWorkbenchStore((s) => s.clearFilters);
  const filtered = hiddenSources.length > 0 || hiddenSeverities.length > 0 || searchText !== '';

  return (
    <div className="filter-bar">
      <div className="filter-row">
        <div className="search-box">
          <svg viewBox="0 0 16 16" className="icon search-icon" aria-hidden="true">
            <circle cx="7" cy="7" r="4.5" />
            <path d="M10.5 10.5 14 14" />
          </svg>
          <input
            ref={searchRef}
            type="search"
            className="search-input"
            aria-label="Search the raw text of events"
            placeholder="Search raw text (press /)"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <output className="count" aria-live="polite" aria-busy={busy}>
          {countText}
          {busy && <span className="spinner" aria-hidden="true" />}
        </output>
        {filtered && (
          <button type="button" className="btn btn-small btn-ghost" onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>
      <div className="filter-row filter-toggles">
        <fieldset className="toggle-group">
          <legend>Severity</legend>
          {SEVERITIES.map((sev) => (
            <button
              key={sev}
              type="button"
              className={`toggle sev-toggle sev-${sev}`}
              aria-pressed={!hiddenSeverities.includes(sev)}
              onClick={() => toggleSeverity(sev)}
              title={`Show ${SEVERITY_HELP[sev]} events`}
            >
              {sev}
            </button>
          ))}
        </fieldset>
        {sources.length > 1 && (
          <fieldset className="toggle-group">
            <legend>Sources</legend>
            {sources.map((s, i) => (
              <button
                key={s.sourceId}
                type="button"
                className="toggle source-toggle"
                aria-pressed={!hiddenSources.includes(s.sourceId)}
                onClick={() => toggleSource(s.sourceId)}
                title={`Show events from ${s.name}`}
              >
                <span
                  className="src-dot"
                  style={{ background: `var(--src-${i % SOURCE_HUES})` }}
                  aria-hidden="true"
                />
                <span className="source-toggle-name">{s.name}</span>
              </button>
            ))}
          </fieldset>
        )}
      </div>
    </div>
  );
}
