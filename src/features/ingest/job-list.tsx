import { formatBytes, formatCount } from '../../state/format.ts';
import { type IngestJob, useIngest } from './ingest-context.tsx';

function percent(job: IngestJob): number {
  const p = job.progress;
  if (!p || p.totalBytes <= 0) return 0;
  return Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100));
}

function JobRow({ job }: { job: IngestJob }) {
  const { cancel, dismiss } = useIngest();
  const p = job.progress;
  const pct = percent(job);
  const label = `Reading ${job.name}`;
  return (
    <li className={`job job-${job.status}`} aria-label={job.name}>
      <div className="job-head">
        <span className="job-name" title={job.name}>
          {job.name}
        </span>
        <span className="job-size">{formatBytes(job.bytes)}</span>
        {job.status === 'failed' ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => dismiss(job.id)}
            aria-label={`Dismiss the message about ${job.name}`}
          >
            Dismiss
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => cancel(job.id)}
            aria-label={`Cancel reading ${job.name}`}
          >
            Cancel
          </button>
        )}
      </div>
      {job.status === 'failed' ? (
        <p className="job-error" role="alert">
          {job.error}
        </p>
      ) : job.status === 'queued' ? (
        <p className="job-meta">Waiting for the file before it…</p>
      ) : (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-label={label}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-valuetext={
              p
                ? `${pct}%: ${formatBytes(p.bytesRead)} of ${formatBytes(p.totalBytes)}, ${formatCount(p.events)} events`
                : 'Starting'
            }
          >
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <p className="job-meta">
            {p ? (
              <>
                {formatBytes(p.bytesRead)} / {formatBytes(p.totalBytes)} · {formatCount(p.lines)} lines ·{' '}
                {formatCount(p.events)} events so far
              </>
            ) : (
              'Starting…'
            )}
          </p>
        </>
      )}
    </li>
  );
}

export function JobList() {
  const { jobs } = useIngest();
  if (jobs.length === 0) return null;
  return (
    <ul className="job-list" aria-label="Sources being read">
      {jobs.map((j) => (
        <JobRow key={j.id} job={j} />
      ))}
    </ul>
  );
}
