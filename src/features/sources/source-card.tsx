import type { SourceSummary } from '../../core/engine/engine-api.ts';
import {
  formatBytes,
  formatCount,
  formatMillis,
  formatPercent,
  formatTimeShort,
} from '../../state/format.ts';
import { useRemoveSource } from '../../state/queries.ts';
import { FormatSelect } from './format-select.tsx';

const KIND_LABEL: Record<SourceSummary['kind'], string> = { file: 'file', paste: 'paste', sample: 'sample' };

export function SourceCard({ source }: { source: SourceSummary }) {
  const remove = useRemoveSource();
  const moreUnparsed = source.unparsedCount - source.unparsed.length;
  return (
    <li className="source-card" aria-label={source.name} data-source-id={source.sourceId}>
      <div className="source-head">
        <span className={`kind-badge kind-${source.kind}`}>{KIND_LABEL[source.kind]}</span>
        <h3 className="source-name" title={source.name}>
          {source.name}
        </h3>
        <button
          type="button"
          className="btn btn-small btn-ghost btn-danger"
          onClick={() => remove.mutate(source.sourceId)}
          disabled={remove.isPending}
          aria-label={`Remove ${source.name}`}
          title={`Remove ${source.name}`}
        >
          <svg viewBox="0 0 16 16" className="icon" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" />
          </svg>
        </button>
      </div>
      <p className="source-meta">
        {formatBytes(source.bytes)} · {source.encoding} · parsed in {formatMillis(source.parseMillis)}
      </p>
      <dl className="source-counts">
        <div>
          <dt>lines</dt>
          <dd>{formatCount(source.lines)}</dd>
        </div>
        <div>
          <dt>events</dt>
          <dd>{formatCount(source.events)}</dd>
        </div>
        <div className={source.unparsedCount > 0 ? 'count-warn' : undefined}>
          <dt>unparsed</dt>
          <dd>{formatCount(source.unparsedCount)}</dd>
        </div>
        <div>
          <dt>skipped</dt>
          <dd>{formatCount(source.skippedCount)}</dd>
        </div>
      </dl>
      {source.warnings.length > 0 && (
        <ul className="source-warnings" aria-label={`Warnings for ${source.name}`}>
          {source.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <ul className="segments" aria-label={`Segments of ${source.name}`}>
        {source.segments.map((seg) => (
          <li key={seg.lineStart} className="segment">
            <div className="segment-line">
              <span className="segment-format" data-testid="segment-format">
                {seg.format}
              </span>
              <span
                className="segment-confidence"
                title={seg.overridden ? 'Chosen by hand' : 'How sure the detector was'}
              >
                {seg.overridden ? 'set by hand' : formatPercent(seg.confidence)}
              </span>
              <span className="segment-range">
                lines {formatCount(seg.lineStart)}–{formatCount(seg.lineEnd)}
              </span>
            </div>
            {seg.command && <code className="segment-command">$ {seg.command}</code>}
            {seg.capturedAt !== undefined && (
              <span
                className="segment-captured"
                title="From the `date` output above it: ages become time ranges"
              >
                taken {formatTimeShort(seg.capturedAt)} UTC
              </span>
            )}
            <FormatSelect source={source} segment={seg} />
          </li>
        ))}
      </ul>
      {source.unparsedCount > 0 && (
        <details className="unparsed">
          <summary>Unparsed lines ({formatCount(source.unparsedCount)})</summary>
          <ol className="unparsed-list">
            {source.unparsed.map((u) => (
              <li key={u.line}>
                <span className="line-no">{u.line}</span>
                <span className="unparsed-reason">{u.reason}</span>
              </li>
            ))}
          </ol>
          {moreUnparsed > 0 && <p className="hint">…and {formatCount(moreUnparsed)} more, not listed.</p>}
        </details>
      )}
      {remove.isError && (
        <p className="job-error" role="alert">
          Could not remove: {remove.error.message}
        </p>
      )}
    </li>
  );
}
