import { useSources } from '../../state/queries.ts';
import { useIngest } from './ingest-context.tsx';

export function LoadSampleButton({ variant = 'default' }: { variant?: 'default' | 'primary' | 'small' }) {
  const { loadSample, sample } = useIngest();
  const sources = useSources();
  const loading = sample.status === 'loading';
  // Loading it twice would only duplicate every event; once its sources are removed it can be
  // loaded again.
  const loaded = (sources.data ?? []).some((s) => s.kind === 'sample');
  return (
    <button
      type="button"
      className={`btn${variant === 'primary' ? ' btn-primary' : variant === 'small' ? ' btn-small' : ''}`}
      onClick={loadSample}
      disabled={loading || loaded}
      aria-busy={loading}
      title={loaded ? 'The sample incident is loaded; remove its sources to load it again.' : undefined}
    >
      {loading ? 'Loading sample…' : loaded ? 'Sample incident loaded' : 'Load sample incident'}
    </button>
  );
}
