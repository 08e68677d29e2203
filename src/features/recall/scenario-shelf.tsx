// The scenarios kept in this browser (issue 8 parts 4 and 5), shown in the Incidents dialog:
// those saved from an incident here and those imported from a .scenario.zip another trainer
// exported. "Import scenario…" reads the file (never trusting its name), refuses what is not a
// scenario with the reader's message, and lists it; "Delete…" asks, naming it, then drops it for
// good. Playing one is the training tab's business.
import { useId, useState } from 'react';
import type { ScenarioMeta } from '../../persistence/api.ts';
import { errorMessage, formatBytes, formatCountOf } from '../../state/format.ts';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useLocalScenarios } from '../../state/scenarios.ts';
import { ConfirmDelete } from '../../ui/confirm-delete.tsx';
import { ImportFileButton } from '../../ui/import-file-button.tsx';

/** What a scenario file may be called (the session reads the content, never trusts the name). */
export const SCENARIO_ACCEPT = '.scenario.zip,.zip';

const pad = (n: number) => String(n).padStart(2, '0');
function localMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ScenarioRow({ s, onDelete }: { s: ScenarioMeta; onDelete: () => Promise<void> }) {
  const m = s.manifest;
  return (
    <li className="scenario-row" aria-label={m.title}>
      <span className="scenario-row-text">
        <span className="scenario-row-title">{m.title}</span>
        <span className="scenario-row-meta">
          {m.difficulty} · {s.origin === 'saved' ? 'saved from an incident' : 'imported'} ·{' '}
          {localMinute(s.savedAt)} · {formatCountOf(m.sources.length, 'file')}, {formatBytes(s.inputBytes)}
        </span>
      </span>
      <ConfirmDelete
        name={m.title}
        question={`Delete “${m.title}” from this browser? Only its .scenario.zip can bring it back.`}
        title="Delete this scenario from this browser (attempts already played keep their feedback)"
        onDelete={onDelete}
      />
    </li>
  );
}

export function ScenarioShelf() {
  const session = useIncidentSession();
  const scenarios = useLocalScenarios();
  const headingId = useId();
  const [importing, setImporting] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const onFile = async (file: File) => {
    setImporting(file.name);
    setProblem(null);
    setStatus(null);
    try {
      const meta = await session.importScenario(file);
      setStatus(`Imported the scenario “${meta.manifest.title}”.`);
    } catch (err) {
      setProblem(`${file.name} was not imported. ${errorMessage(err)}`);
    } finally {
      setImporting(null);
    }
  };

  const onDelete = async (s: ScenarioMeta) => {
    setProblem(null);
    setStatus(null);
    try {
      await session.removeScenario(s.id);
      setStatus(`Deleted the scenario “${s.manifest.title}”.`);
    } catch (err) {
      setProblem(`Could not delete “${s.manifest.title}”: ${errorMessage(err)}`);
    }
  };

  const list = scenarios.data;
  return (
    <section className="scenario-shelf" aria-labelledby={headingId}>
      <div className="scenario-shelf-head">
        <h3 id={headingId}>Scenarios{list ? ` (${list.length})` : ''}</h3>
        <ImportFileButton
          label="Import scenario…"
          busy={importing !== null}
          accept={SCENARIO_ACCEPT}
          inputLabel="Scenario file to import"
          title="Add a training scenario from a .scenario.zip exported by this app"
          className="btn btn-small"
          onFile={onFile}
        />
      </div>
      {/* Only when there is something to say: the dialog's own alert stays the one alert in it
          (an alert is announced when it appears). */}
      {(problem !== null || scenarios.error !== null) && (
        <div role="alert" className="scenario-shelf-problem" data-visible="true">
          {problem ?? `Could not read the scenarios: ${scenarios.error}`}
        </div>
      )}
      <div role="status" className="scenario-shelf-status" data-visible={status !== null}>
        {status}
      </div>
      {list !== undefined && list.length === 0 && (
        <p className="scenario-shelf-empty">
          None yet. Save an incident as a scenario (Analysis tab), or import a .scenario.zip another trainer
          exported.
        </p>
      )}
      {list !== undefined && list.length > 0 && (
        <ul className="scenario-list" aria-label="Scenarios">
          {list.map((s) => (
            <ScenarioRow key={s.id} s={s} onDelete={() => onDelete(s)} />
          ))}
        </ul>
      )}
    </section>
  );
}
