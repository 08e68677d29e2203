// Every rule match the analysis rests on, collapsed by default: title, rule id, time and lines.
import type { Finding } from '../../core/analysis/rule-schema.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { EventLinks } from './event-link.tsx';
import { EventTime } from './evidence-item.tsx';

export function FindingsList({ findings }: { findings: readonly Finding[] }) {
  const zone = useWorkbenchStore((s) => s.displayZone);
  return (
    <details className="an-findings">
      <summary>Findings ({findings.length})</summary>
      {findings.length === 0 ? (
        <p className="an-muted">No detector rule matched a line of the inputs.</p>
      ) : (
        <ul className="an-finding-list">
          {findings.map((f) => (
            <li key={f.id} className={`an-finding an-sev-${f.severity}`}>
              <span className="an-finding-title">{f.title}</span>{' '}
              <code className="an-finding-rule">{f.rule}</code>
              {f.time !== null && <EventTime us={f.time} zone={zone} />}
              <EventLinks eventIds={f.eventIds} label={`Lines of ${f.title}`} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
