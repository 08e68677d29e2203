// The top of the Analysis tab: the overall verdict (a cause or unknown, its confidence and reason,
// and whether the analyst's acceptance decided it) and the symptoms it explains: detected from the
// inputs or named by the analyst (who may remove what they named, and name more).
import { useMemo, useState } from 'react';
import type { AnalysisResult } from '../../core/analysis/model.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import type { TimeRef } from '../../state/time-input.ts';
import { findHypothesis, formatScore, pathTo } from './analysis-model.ts';
import { EventLinks } from './event-link.tsx';
import { EventTime } from './evidence-item.tsx';
import { UserSymptomForm } from './user-symptom-form.tsx';

/**
 * The incident's span for reading a typed time: the earliest and latest timed event of any source
 * the analysis covered, else the focus time (a lone symptom's), else nothing (then a time of day
 * alone asks for its date).
 */
export function incidentTimeRef(result: AnalysisResult): TimeRef {
  let first: number | null = null;
  let last: number | null = null;
  for (const source of result.coverage) {
    for (const p of Object.values(source.producers)) {
      if (p?.from != null && (first === null || p.from < first)) first = p.from;
      if (p?.to != null && (last === null || p.to > last)) last = p.to;
    }
  }
  return { first: first ?? last ?? result.focus.time, last: last ?? first ?? result.focus.time };
}

export function VerdictHeader({ result, onShow }: { result: AnalysisResult; onShow: (id: string) => void }) {
  const zone = useWorkbenchStore((s) => s.displayZone);
  const removeUserSymptom = useWorkbenchStore((s) => s.removeUserSymptom);
  const [naming, setNaming] = useState(false);
  const [named, setNamed] = useState<string | null>(null);
  const timeRef = useMemo(() => incidentTimeRef(result), [result]);
  const v = result.verdict;
  const winner = v.hypothesis ? findHypothesis(result.hypotheses, v.hypothesis) : undefined;
  const known = v.cause !== 'unknown';
  // A winning child is named below its cause: "Kernel OOM killer at a memory cgroup limit ›".
  const path = v.hypothesis ? pathTo(result.hypotheses, v.hypothesis) : [];
  const parents = path.slice(0, -1).map((id) => findHypothesis(result.hypotheses, id)?.title ?? id);
  return (
    <header className={`an-head ${known ? 'is-known' : 'is-unknown'}`}>
      <section className="an-verdict-box" aria-labelledby="an-verdict-h">
        <p className="an-kicker" id="an-verdict-h">
          Verdict
        </p>
        {known && parents.length > 0 && <p className="an-verdict-parent">{parents.join(' › ')} ›</p>}
        <p className="an-verdict-cause">
          {known ? (winner?.title ?? v.cause) : 'Unknown'}
          <span
            className="an-verdict-conf"
            title="Confidence: the winner's score (for unknown, the best seen)"
          >
            confidence {formatScore(v.confidence)}
          </span>
          {v.by === 'analyst' && <span className="an-badge an-badge-analyst">by analyst</span>}
        </p>
        <p className="an-verdict-reason">{v.reason}</p>
        {winner && (
          <button type="button" className="btn btn-small" onClick={() => onShow(winner.id)}>
            Show it in the tree
          </button>
        )}
      </section>
      <section className="an-symptoms" aria-labelledby="an-symptoms-h">
        <h3 id="an-symptoms-h" className="an-kicker">
          Symptoms ({result.symptoms.length})
        </h3>
        {result.symptoms.length === 0 ? (
          <p className="an-muted">
            None detected: no container in state Unknown, no dead shim, no exit 137, no OOMKilled in the
            inputs.
          </p>
        ) : (
          <ul className="an-symptom-list">
            {result.symptoms.map((s) => (
              <li key={s.id}>
                <span className="an-symptom-title">{s.title}</span>
                {s.time !== null && <EventTime us={s.time} zone={zone} />}
                {s.source === 'user' && <span className="an-tag an-tag-user">named by you</span>}
                {s.source === 'user' && (
                  <button
                    type="button"
                    className="btn btn-small btn-ghost an-symptom-remove"
                    aria-label={`Remove the symptom ${s.title}`}
                    onClick={() => {
                      removeUserSymptom(s.id);
                      setNamed(null);
                    }}
                  >
                    Remove
                  </button>
                )}
                {s.source === 'user' && (s.container || s.pod) && (
                  <span className="an-symptom-where an-mono">
                    {[s.container, s.pod].filter(Boolean).join(' · ')}
                  </span>
                )}
                <EventLinks eventIds={s.eventIds} label={`Lines of ${s.title}`} />
              </li>
            ))}
          </ul>
        )}
        <div className="an-row an-symptom-actions">
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={naming}
            onClick={() => setNaming((open) => !open)}
          >
            {naming ? 'Cancel naming' : 'Name a symptom'}
          </button>
          <span role="status" className="an-muted">
            {named && `Named “${named}”: the analysis is weighed again with it.`}
          </span>
        </div>
        {naming && (
          <UserSymptomForm
            timeRef={timeRef}
            onDone={(title) => {
              setNamed(title);
              setNaming(false);
            }}
          />
        )}
      </section>
    </header>
  );
}
