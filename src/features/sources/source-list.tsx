import { useSources } from '../../state/queries.ts';
import { SourceCard } from './source-card.tsx';

export function SourceList() {
  const { data: sources, error } = useSources();
  return (
    <section className="source-list" aria-labelledby="source-list-title">
      <h2 id="source-list-title">Sources</h2>
      {error && (
        <p className="job-error" role="alert">
          Could not list the sources: {error.message}
        </p>
      )}
      {sources && sources.length === 0 && <p className="empty-hint">Nothing added yet.</p>}
      {sources && sources.length > 0 && (
        <ul className="source-cards">
          {sources.map((s) => (
            <SourceCard key={s.sourceId} source={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
