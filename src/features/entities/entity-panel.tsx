// The entity panel: every container, sandbox, pod, process and cgroup the sources name, linked
// across tools, grouped by kind. A click shows only that entity's events in the timeline. The
// list is virtualized: a node can name thousands of processes.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../state/format.ts';
import { useEntities } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { buildItems, type GroupId } from './entity-model.ts';
import { EntityRow } from './entity-row.tsx';

const GROUP_H = 30;
const ROW_H = 50;

export function EntityPanel() {
  const { data: entities, error, isPending } = useEntities();
  const entityFilter = useWorkbenchStore((s) => s.entityFilter);
  const setEntityFilter = useWorkbenchStore((s) => s.setEntityFilter);
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  const zone = useWorkbenchStore((s) => s.displayZone);
  const [text, setText] = useState('');
  const filter = useDeferredValue(text);
  const [collapsed, setCollapsed] = useState<ReadonlySet<GroupId>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const filterId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  const byKey = useMemo(() => new Map((entities ?? []).map((e) => [e.key, e])), [entities]);
  const items = useMemo(() => buildItems(entities ?? [], filter, collapsed), [entities, filter, collapsed]);
  const shown = items.filter((i) => i.type === 'entity').length;

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.type === 'group' ? GROUP_H : ROW_H),
    getItemKey: (i) => {
      const it = items[i];
      return it.type === 'group' ? `group:${it.id}` : it.entity.key;
    },
    overscan: 8,
    // jsdom measures every box as 0 px: keep the estimate then, as a browser would not.
    measureElement: (el) =>
      el.getBoundingClientRect().height || Number((el as HTMLElement).dataset.estimate) || ROW_H,
  });

  const filterTo = (key: string) => {
    setEntityFilter(key);
    setActivePanel('timeline');
  };
  const toggle = <T,>(set: ReadonlySet<T>, x: T): Set<T> => {
    const next = new Set(set);
    if (next.has(x)) next.delete(x);
    else next.add(x);
    return next;
  };
  const active = entityFilter ? byKey.get(entityFilter) : undefined;

  return (
    <section className="entity-panel" aria-labelledby="entity-panel-title">
      <div className="ent-top">
        <h2 id="entity-panel-title">Entities</h2>
        {entityFilter && (
          <div className="ent-active" role="status">
            <span className="ent-active-text">
              Timeline shows only <strong title={entityFilter}>{active?.label ?? entityFilter}</strong>
            </span>
            <button type="button" className="btn btn-small" onClick={() => setEntityFilter(null)}>
              Clear
            </button>
          </div>
        )}
        <label htmlFor={filterId} className="visually-hidden">
          Filter entities
        </label>
        <input
          id={filterId}
          className="ent-filter"
          type="search"
          placeholder="Filter: name, id prefix, pod, pid…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        {entities && (
          <p className="hint ent-count-line">
            {filter
              ? `${formatCount(shown)} of ${formatCount(entities.length)} entities`
              : `${formatCount(entities.length)} entities`}
          </p>
        )}
        {error && (
          <p className="clock-error" role="alert">
            Could not list the entities: {error.message}
          </p>
        )}
        {isPending && !error && <p className="hint">Linking…</p>}
        {entities && entities.length === 0 && (
          <p className="empty-hint">No containers, pods or processes named in the sources yet.</p>
        )}
        {entities && entities.length > 0 && items.length === 0 && (
          <p className="empty-hint">Nothing matches “{filter}”.</p>
        )}
      </div>
      <div className="ent-scroll" ref={scrollRef}>
        <ul className="ent-list" aria-label="Entities by kind" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const it = items[v.index];
            return (
              <li
                key={v.key}
                ref={virtualizer.measureElement}
                data-index={v.index}
                data-estimate={it.type === 'group' ? GROUP_H : ROW_H}
                className={it.type === 'group' ? 'ent-group' : 'ent-item'}
                style={{ transform: `translateY(${v.start}px)` }}
                aria-label={it.type === 'entity' ? it.entity.label : undefined}
              >
                {it.type === 'group' ? (
                  <button
                    type="button"
                    className="ent-group-btn"
                    aria-expanded={!it.collapsed}
                    onClick={() => setCollapsed((c) => toggle(c, it.id))}
                  >
                    <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
                      <path d={it.collapsed ? 'M6 4l4 4-4 4' : 'M4 6l4 4 4-4'} />
                    </svg>
                    {it.label}
                    <span className="pill">{formatCount(it.count)}</span>
                  </button>
                ) : (
                  <EntityRow
                    entity={it.entity}
                    expanded={expanded.has(it.entity.key)}
                    active={entityFilter === it.entity.key}
                    zone={zone}
                    labelOf={(k) => byKey.get(k)?.label}
                    onToggle={() => setExpanded((x) => toggle(x, it.entity.key))}
                    onFilter={filterTo}
                  />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
