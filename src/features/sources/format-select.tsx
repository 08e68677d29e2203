import { useId } from 'react';
import type { SourceSummary } from '../../core/engine/engine-api.ts';
import { isFormatId } from '../../core/model/event.ts';
import { PARSEABLE_FORMATS } from '../../core/parsers/registry.ts';
import { formatPercent } from '../../state/format.ts';
import { useSetFormat } from '../../state/queries.ts';

type SegmentSummary = SourceSummary['segments'][number];

const AUTO = 'auto';

/** The hand override of one segment's format. "auto" gives the segment back to detection. */
export function FormatSelect({ source, segment }: { source: SourceSummary; segment: SegmentSummary }) {
  const setFormat = useSetFormat();
  const id = useId();
  const confidenceOf = new Map(segment.candidates.map((c) => [c.format, c.confidence]));
  const value = segment.overridden ? segment.format : AUTO;
  const range = `lines ${segment.lineStart}–${segment.lineEnd}`;
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Format of {range} of {source.name}
      </label>
      <select
        id={id}
        className="format-select"
        value={value}
        disabled={setFormat.isPending}
        onChange={(e) => {
          const v = e.target.value;
          setFormat.mutate({
            sourceId: source.sourceId,
            lineStart: segment.lineStart,
            format: v !== AUTO && isFormatId(v) ? v : null,
          });
        }}
      >
        <option value={AUTO}>{segment.overridden ? 'auto (detect again)' : `auto: ${segment.format}`}</option>
        {PARSEABLE_FORMATS.map((f) => {
          const c = confidenceOf.get(f);
          return (
            <option key={f} value={f}>
              {c !== undefined ? `${f} (${formatPercent(c)})` : f}
            </option>
          );
        })}
      </select>
      {setFormat.isError && (
        <p className="job-error" role="alert">
          Could not re-read as that format: {setFormat.error.message}
        </p>
      )}
    </>
  );
}
