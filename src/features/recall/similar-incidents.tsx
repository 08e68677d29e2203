// "Similar past incidents" (issue 8 part 5): the incidents and scenarios kept in this browser
// whose findings look like the analysis on screen, most alike first, with what each concluded and
// by whom. Computed locally by the session from the signatures in IndexedDB (rules that fired and
// key facts, search.ts similarity); nothing is sent anywhere. An incident opens in place of this
// one (its work saved first); a scenario is listed for what it concluded (it is played from the
// training tab, not here).
import { useState } from 'react';
import type { IncidentSignature } from '../../core/persist/model.ts';
import type { SimilarItem } from '../../persistence/session-api.ts';
import { errorMessage, formatPercent } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useSimilarIncidents } from '../../state/scenarios.ts';

/** How many are shown. */
export const SIMILAR_SHOWN = 5;

/** "Kernel OOM killer at a memory cgroup limit, by the analyst" / "…, by the engine" / "No verdict". */
export function concludedText(item: SimilarItem): string {
  if (!item.verdict) return 'No verdict';
  return `${item.verdict.label}, by ${item.verdict.by === 'analyst' ? 'the analyst' : 'the engine'}`;
}

function SimilarRow({ item, onOpen }: { item: SimilarItem; onOpen: (id: string) => void }) {
  const pct = formatPercent(item.similarity);
  return (
    <li className="recall-item" aria-label={item.title} data-kind={item.kind}>
      <div className="recall-item-main">
        <span className="recall-item-title">{item.title}</span>
        {item.kind === 'scenario' && <span className="an-tag recall-tag">scenario</span>}
        <span className="recall-item-verdict">
          {item.kind === 'scenario' ? 'Expects: ' : 'Concluded: '}
          {concludedText(item)}
        </span>
      </div>
      <span
        className="recall-item-sim"
        title="How alike the findings are: the rules that fired, the key facts and the verdict's cause"
      >
        {pct} similar
      </span>
      {item.kind === 'incident' ? (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Open ${item.title}`}
          onClick={() => onOpen(item.id)}
        >
          Open
        </button>
      ) : (
        <span className="recall-item-note">kept as a drill</span>
      )}
    </li>
  );
}

export function SimilarIncidents({ signature }: { signature: IncidentSignature | null }) {
  const session = useIncidentSession();
  const similar = useSimilarIncidents(signature, SIMILAR_SHOWN);
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  const open = async (id: string) => {
    setProblem(null);
    setOpening(id);
    try {
      await session.open(id);
    } catch (err) {
      setProblem(`That incident did not open: ${errorMessage(err)}`);
    } finally {
      setOpening(null);
    }
  };

  const items = similar.data;
  return (
    <div className="recall-similar" aria-busy={items === undefined || opening !== null}>
      {similar.error && (
        <p className="an-error" role="alert">
          Could not look for similar incidents: {similar.error}
        </p>
      )}
      {problem && (
        <p className="an-error" role="alert">
          {problem}
        </p>
      )}
      {items === undefined && !similar.error && <p className="an-muted">Looking for similar incidents…</p>}
      {items !== undefined && items.length === 0 && (
        <p className="an-muted">No other incident or scenario in this browser has findings like these yet.</p>
      )}
      {items !== undefined && items.length > 0 && (
        <ul className="recall-list" aria-label="Similar past incidents">
          {items.map((item) => (
            <SimilarRow key={`${item.kind}:${item.id}`} item={item} onOpen={open} />
          ))}
        </ul>
      )}
    </div>
  );
}
