// Why a row's time is what it is, in one sentence for a title: "aligned from dmesg.txt to
// journal.txt (same kernel lines, ±3 ms)". Read from the engine's clock report; until it is there
// (or when it fails) the general meaning of the time quality stands in.
import { useMemo } from 'react';
import type { ClockEvidence, SourceClock } from '../../core/engine/engine-api.ts';
import type { TimeQuality } from '../../core/model/event.ts';
import { formatOffset } from '../../state/format.ts';
import { useClocks, useSources } from '../../state/queries.ts';
import { TIME_QUALITY_HELP, TIME_QUALITY_LABEL } from './labels.ts';
import { formatPlusMinus } from './time-axis.ts';

const EVIDENCE: Record<ClockEvidence, string> = {
  'journal-monotonic': 'journal monotonic and realtime stamps',
  'short-monotonic': 'journalctl -o short-monotonic lines',
  'matched-text': 'the same kernel lines in both',
  'user-boot-time': 'the boot time you typed',
  'pinned-line': 'a line you pinned',
  none: 'no evidence',
};

/** A reason as a clause inside parentheses: no final full stop ("…inside its lines." -> "…inside its lines"). */
const bare = (reason: string) => reason.trim().replace(/\.$/, '');

/** A row's time note: what its quality means for this source. */
export type TimeNote = (sourceId: string, quality: TimeQuality) => string;

export function describeTime(
  clock: SourceClock | undefined,
  quality: TimeQuality,
  nameOf: (id: string) => string,
): string {
  const general = `${TIME_QUALITY_LABEL[quality]}: ${TIME_QUALITY_HELP[quality]}`;
  if (!clock) return general;
  if (quality === 'aligned') {
    const boots = clock.boots.filter((b) => b.bootTimeUs !== null);
    if (boots.length === 0) return general;
    const from = [...new Set(boots.flatMap((b) => b.anchorSources))].map(nameOf);
    const b = boots[0];
    const how = [
      b.decidedBy === 'user' ? 'set by you' : EVIDENCE[b.evidence],
      b.uncertaintyUs !== null ? formatPlusMinus(b.uncertaintyUs) : null,
      boots.length > 1 ? `${boots.length} boots` : null,
    ].filter(Boolean);
    return `aligned from ${clock.name}${from.length > 0 ? ` to ${from.join(', ')}` : ''} (${how.join(', ')})`;
  }
  if (quality === 'inferred') {
    const parts: string[] = [];
    if (clock.year) parts.push(`year ${clock.year.value} (${bare(clock.year.reason)})`);
    if (clock.zone) {
      const off = clock.zone.utcOffsetMinutes;
      parts.push(`zone UTC${off === 0 ? '' : formatOffset(off)} (${bare(clock.zone.reason)})`);
    }
    if (parts.length > 0) return `inferred: ${parts.join(', ')}`;
  }
  return general;
}

export function useTimeNotes(): TimeNote {
  const { data: report } = useClocks();
  const { data: sources } = useSources();
  return useMemo(() => {
    const names = new Map((sources ?? []).map((s) => [s.sourceId, s.name]));
    const clocks = new Map((report?.sources ?? []).map((c) => [c.sourceId, c]));
    const nameOf = (id: string) => names.get(id) ?? id;
    return (sourceId, quality) => describeTime(clocks.get(sourceId), quality, nameOf);
  }, [report, sources]);
}
