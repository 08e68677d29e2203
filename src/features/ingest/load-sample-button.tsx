import { useIngest } from './ingest-context.tsx';

export function LoadSampleButton({ variant = 'default' }: { variant?: 'default' | 'primary' | 'small' }) {
  const { loadSample, sample } = useIngest();
  const loading = sample.status === 'loading';
  return (
    <button
      type="button"
      className={`btn${variant === 'primary' ? ' btn-primary' : variant === 'small' ? ' btn-small' : ''}`}
      onClick={loadSample}
      disabled={loading}
      aria-busy={loading}
    >
      {loading ? 'Loading sample…' : 'Load sample incident'}
    </button>
  );
}
