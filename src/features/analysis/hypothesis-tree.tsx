// The cause-hypothesis tree, best first: each hypothesis is a disclosure (a button with
// aria-expanded) showing its verdict, score and one-sentence reason; opened, it lists the evidence
// for and against, what to collect next, the analyst's decision and its children. Everything the
// engine wrote is rendered as text.
import type { Evidence, Hypothesis, Verdict } from '../../core/analysis/model.ts';
import type { Symptom } from '../../core/analysis/symptoms.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { clamp01, DECISION_LABEL, domIdOf, formatScore, VERDICT_LABEL } from './analysis-model.ts';
import { DecisionControls } from './decision-controls.tsx';
import { EvidenceItem } from './evidence-item.tsx';
import { DisclosureButton } from './form-parts.tsx';
import { GapList } from './gap-list.tsx';

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`an-badge an-verdict-${verdict}`} title="The engine's verdict">
      {VERDICT_LABEL[verdict] ?? verdict}
    </span>
  );
}

export function ScoreBar({ score }: { score: number }) {
  const s = clamp01(score);
  return (
    <span className="an-score" title={`Score ${formatScore(s)} of 1`}>
      <span className="an-meter" aria-hidden="true">
        <span style={{ width: `${Math.round(s * 100)}%` }} />
      </span>
      <span className="an-score-num">{formatScore(s)}</span>
    </span>
  );
}

/** For a hypothesis of the analyst's own: attach the selected timeline event, or remove it. */
function CustomActions({ id }: { id: string }) {
  const selected = useWorkbenchStore((s) => s.selectedEventId);
  const attach = useWorkbenchStore((s) => s.attachToCustom);
  const detach = useWorkbenchStore((s) => s.detachFromCustom);
  const remove = useWorkbenchStore((s) => s.removeCustomHypothesis);
  const mine = useWorkbenchStore((s) => s.customHypotheses.find((h) => h.id === id));
  if (!mine) return null;
  const attached = [
    ...mine.for.map((e) => ({ e, side: 'for' })),
    ...mine.against.map((e) => ({ e, side: 'against' })),
  ];
  return (
    <div className="an-custom-actions">
      <div className="an-row">
        {(['for', 'against'] as const).map((side) => (
          <button
            key={side}
            type="button"
            className="btn btn-small"
            disabled={selected === null}
            onClick={() => selected && attach(id, selected, side)}
          >
            Attach the selected event ({side})
          </button>
        ))}
        <button type="button" className="btn btn-small btn-danger" onClick={() => remove(id)}>
          Remove this hypothesis
        </button>
      </div>
      {selected === null && <p className="an-muted">Select an event in the timeline to attach it.</p>}
      {attached.length > 0 && (
        <ul className="an-attached" aria-label="Attached events">
          {attached.map(({ e, side }) => (
            <li key={e}>
              <code>{e}</code> ({side}){' '}
              <button type="button" className="btn btn-small btn-ghost" onClick={() => detach(id, e)}>
                Detach
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One side of a hypothesis' evidence, headed with its count; "None." when it is empty. */
function EvidenceSection({
  title,
  stance,
  list,
}: {
  title: string;
  stance: 'for' | 'against';
  list: readonly Evidence[];
}) {
  return (
    <section aria-label={`Evidence ${stance} ${title}`}>
      <h6 className="an-sub">
        Evidence {stance} ({list.length})
      </h6>
      {list.length === 0 ? (
        <p className="an-muted">None.</p>
      ) : (
        <ul className="an-ev-list">
          {list.map((e) => (
            <EvidenceItem key={e.id} evidence={e} stance={stance} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface NodeProps {
  h: Hypothesis;
  depth: number;
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  symptomTitles: ReadonlyMap<string, string>;
}

function HypothesisNode({ h, depth, expanded, onToggle, symptomTitles }: NodeProps) {
  const open = expanded.has(h.id);
  const domId = domIdOf(h.id);
  const bodyId = `${domId}-body`;
  const decision = h.decision;
  const gaps = h.gaps ?? [];
  const children = h.children ?? [];
  const explains = (h.explains ?? []).map((id) => symptomTitles.get(id) ?? id);
  const HeadingTag = depth === 0 ? 'h4' : 'h5';
  return (
    <li
      id={domId}
      className={`an-node an-node-${h.verdict}${decision ? ` an-decision-${decision.state}` : ''}`}
      data-hypothesis={h.id}
    >
      <div className="an-node-head">
        <HeadingTag className="an-node-title">
          <DisclosureButton
            open={open}
            controls={bodyId}
            className="an-toggle"
            onToggle={() => onToggle(h.id)}
          >
            <svg viewBox="0 0 16 16" className="icon an-chevron" aria-hidden="true">
              <path d="M6 4l4 4-4 4" />
            </svg>
            <span className="an-toggle-text">{h.title}</span>
          </DisclosureButton>
        </HeadingTag>
        <span className="an-node-marks">
          {h.custom && <span className="an-badge an-badge-custom">yours</span>}
          <VerdictBadge verdict={h.verdict} />
          {decision && (
            <span
              className={`an-badge an-decision an-decision-badge-${decision.state}`}
              title="Your decision"
            >
              {DECISION_LABEL[decision.state]}
            </span>
          )}
          <ScoreBar score={h.score} />
        </span>
      </div>
      <p className="an-reason">{h.reason}</p>
      {decision?.note && (
        <p className="an-note">
          <span className="an-label">Your note:</span> {decision.note}
        </p>
      )}
      {open && (
        <div id={bodyId} className="an-node-body">
          <p className="an-meta">
            <code>{h.id}</code>
            {explains.length > 0 && <> · explains: {explains.join('; ')}</>}
          </p>
          <div className="an-evidence">
            <EvidenceSection title={h.title} stance="for" list={h.for ?? []} />
            <EvidenceSection title={h.title} stance="against" list={h.against ?? []} />
          </div>
          {gaps.length > 0 && (
            <section aria-label={`What to collect for ${h.title}`}>
              <h6 className="an-sub">What to collect next</h6>
              <GapList gaps={gaps} label={`Gaps of ${h.title}`} />
            </section>
          )}
          {h.custom && <CustomActions id={h.id} />}
          <DecisionControls hypothesisId={h.id} />
        </div>
      )}
      {open && children.length > 0 && (
        <ol className="an-tree an-children" aria-label={`Below ${h.title}`}>
          {children.map((c) => (
            <HypothesisNode
              key={c.id}
              h={c}
              depth={depth + 1}
              expanded={expanded}
              onToggle={onToggle}
              symptomTitles={symptomTitles}
            />
          ))}
        </ol>
      )}
      {!open && children.length > 0 && (
        <p className="an-children-count an-muted">
          {children.length === 1
            ? '1 more specific hypothesis'
            : `${children.length} more specific hypotheses`}{' '}
          inside
        </p>
      )}
    </li>
  );
}

export function HypothesisTree({
  hypotheses,
  symptoms,
  expanded,
  onToggle,
}: {
  hypotheses: readonly Hypothesis[];
  symptoms: readonly Symptom[];
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  const symptomTitles = new Map(symptoms.map((s) => [s.id, s.title]));
  if (hypotheses.length === 0) return <p className="an-muted">The analysis has no hypotheses to weigh.</p>;
  return (
    <ol className="an-tree" aria-label="Hypotheses, best first">
      {hypotheses.map((h) => (
        <HypothesisNode
          key={h.id}
          h={h}
          depth={0}
          expanded={expanded}
          onToggle={onToggle}
          symptomTitles={symptomTitles}
        />
      ))}
    </ol>
  );
}
