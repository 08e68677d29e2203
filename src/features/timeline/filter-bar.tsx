import type { KeyboardEvent, RefObject } from 'react';
import type { SourceSummary } from '../../core/engine/engine-api.ts';
import { SEVERITIES } from '../../core/model/event.ts';
import { useEntities } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { SEVERITY_HELP, SOURCE_HUES } from './labels.ts';

interface FilterBarProps {
  sources: readonly SourceSummary[];
  countText: string;
  busy: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Find mode: "12 matches" (null when there is nothing to find). */
  matchText: string | null;
  /** Find mode: Enter / Shift+Enter in the search box go to the next / previous match. */
  onFind: (dir: 1 | -1) => void;
}

/** "Only <entity> ×": the entity filter set from the entity panel, cleared here. */
function EntityChip({ entityKey }: { entityKey: string }) {
  const setEntityFilter = useWorkbenchStore((s) => s.setEntityFilter);
  const { data: entities } = useEntities();
  const label = entities?.find((e) => e.key === entityKey)?.label ?? entityKey;
  return (
    <span className="entity-chip">
      <span className="entity-chip-text" title={entityKey}>
        Only {label}
      </span>
      <button
        type="button"
        className="entity-chip-clear"
        onClick={() => setEntityFilter(null)}
        aria-label={`Show all events, not only ${label}`}
      >
        <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </span>
  );
}

export function FilterBar({ sources, countText, busy, searchRef, matchText, onFind }: FilterBarProps) {
  const hiddenSources = useWorkbenchStore((s) => s.hiddenSources);
  const hiddenSeverities = useWorkbenchStore((s) => s.hiddenSeverities);
  const searchText = useWorkbenchStore((s) => s.searchText);
  const toggleSource = useWorkbenchStore((s) => s.toggleSource);
  const toggleSeverity = useWorkbenchStore((s) => s.toggleSeverity);
  const setSearchText = useWorkbenchStore((s) => s.setSearchText);
  const clearFilters = useWorkbenchStore((s) => s.clearFilters);
  const searchMode = useWorkbenchStore((s) => s.searchMode);
  const setSearchMode = useWorkbenchStore((s) => s.setSearchMode);
  const entityFilter = useWorkbenchStore((s) => s.entityFilter);
  const timeWindow = useWorkbenchStore((s) => s.timeWindow);
  const filtered =
    hiddenSources.length > 0 ||
    hiddenSeverities.length > 0 ||
    searchText !== '' ||
    entityFilter !== null ||
    timeWindow !== null;
  const finding = searchMode === 'find';

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && finding) {
      e.preventDefault();
      onFind(e.shiftKey ? -1 : 1);
    }
  };

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
            placeholder={finding ? 'Find in raw text (/, then Enter or n / N)' : 'Search raw text (press /)'}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onKeyDown={onSearchKey}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <fieldset className="segmented search-mode" aria-label="Search mode">
          <button
            type="button"
            aria-pressed={!finding}
            onClick={() => setSearchMode('filter')}
            title="Show only the events that contain the text"
          >
            Filter
          </button>
          <button
            type="button"
            aria-pressed={finding}
            onClick={() => setSearchMode('find')}
            title="Keep every event, highlight the matches, n / N to go from one to the next"
          >
            Find
          </button>
        </fieldset>
        <output className="count" aria-live="polite" aria-busy={busy}>
          {countText}
          {matchText && <span className="match-count"> · {matchText}</span>}
          {busy && <span className="spinner" aria-hidden="true" />}
        </output>
        {entityFilter !== null && <EntityChip entityKey={entityFilter} />}
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
