// One evidence item for or against a hypothesis: its weight, its sentence, and the lines it rests
// on (links into the timeline). An absence says what was searched, in which sources and over
// which window: a missing line counts only where a source covers that time.
import type { Evidence, Producer } from '../../core/analysis/model.ts';
import { showBidi } from '../../core/util/bidi.ts';
import { formatTimeIn } from '../../state/format.ts';
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { clamp01, formatScore } from './analysis-model.ts';
import { EventLinks } from './event-link.tsx';

const PRODUCER_LABEL: Record<Producer, string> = {
  kernel: 'kernel',
  containerd: 'containerd',
  kubelet: 'kubelet',
  systemd: 'systemd',
  'runtime-state': 'runtime state',
  other: 'other',
};

function timeText(us: number, zone: DisplayZone): string {
  const t = formatTimeIn(us, zone);
  return `${t.text}${t.suffix}`;
}

/** When a symptom or finding happened, in the display zone with its suffix ("Z", "+01:00"). */
export function EventTime({ us, zone }: { us: number; zone: DisplayZone }) {
  return <span className="an-symptom-time">{timeText(us, zone)}</span>;
}

/** "from 07:47:16 to 07:48:21", "from … on", "until …", or the whole source. */
export function windowText(from: number | null, to: number | null, zone: DisplayZone): string {
  if (from !== null && to !== null) return `from ${timeText(from, zone)} to ${timeText(to, zone)}`;
  if (from !== null) return `from ${timeText(from, zone)} on`;
  if (to !== null) return `until ${timeText(to, zone)}`;
  return 'over the whole source';
}

export function EvidenceItem({ evidence, stance }: { evidence: Evidence; stance: 'for' | 'against' }) {
  const zone = useWorkbenchStore((s) => s.displayZone);
  const weight = clamp01(evidence.weight);
  const cov = evidence.coverage;
  return (
    <li className={`an-ev an-ev-${stance} an-ev-kind-${evidence.kind}`}>
      <span className="an-ev-weight" title={`Weight ${formatScore(weight)} of 1`}>
        <span className="an-ev-weight-num">{formatScore(weight)}</span>
        <span className="an-meter" aria-hidden="true">
          <span style={{ width: `${Math.round(weight * 100)}%` }} />
        </span>
      </span>
      <div className="an-ev-body">
        <p className="an-ev-text">
          {evidence.kind === 'absence' && <span className="an-tag">absent</span>}
          {evidence.kind === 'analyst' && <span className="an-tag">yours</span>}
          {showBidi(evidence.text)}
        </p>
        {cov && (
          <p className="an-ev-coverage">
            Searched for “{cov.searched}” in {cov.sources.length > 0 ? cov.sources.join(', ') : 'no source'} (
            {PRODUCER_LABEL[cov.producer] ?? cov.producer} lines) {windowText(cov.from, cov.to, zone)}.
          </p>
        )}
        <EventLinks eventIds={evidence.eventIds} label="Lines it rests on" />
      </div>
    </li>
  );
}
