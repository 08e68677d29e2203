// "Save as scenario…" (issue 8 part 4): the open incident as a drill another trainer can import.
// The analyst names it, picks a difficulty and whether pod names go too, and reads what becomes
// of their work: the files travel redacted and nothing else of theirs does; their conclusions are
// the reference the trainee is graded against. Save keeps it in this browser and downloads the
// .scenario.zip; a refusal (no verdict, nothing to grade) says what to do. A native modal dialog:
// the page behind is inert, Escape closes it, the focus goes back to the button.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { DIFFICULTIES, type Difficulty } from '../../core/training/model.ts';
import type { RedactionCount } from '../../core/training/scenario-from-incident.ts';
import { errorMessage } from '../../state/format.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';
import { downloadBlob } from '../../ui/download.ts';

const DIFFICULTY_LABEL: Record<Difficulty, string> = {
  intro: 'Intro',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

const KIND_WORDS: Record<string, string> = {
  hostname: 'host name',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  mac: 'MAC address',
  email: 'e-mail address',
  user: 'user name',
  token: 'token',
  secret: 'secret',
  pod: 'pod name',
  namespace: 'namespace',
};

/** "3 host names, 35 IPv4 addresses": what the redactor replaced. */
export function describeRedactions(r: readonly RedactionCount[]): string {
  if (r.length === 0) return 'Nothing identifying was found to replace.';
  const parts = r.map((c) => {
    const w = KIND_WORDS[c.kind] ?? c.kind;
    return `${c.values} ${c.values === 1 ? w : w.endsWith('s') ? `${w}es` : `${w}s`}`;
  });
  return `Replaced by pseudonyms: ${parts.join(', ')}.`;
}

interface Done {
  title: string;
  fileName: string;
  redactions: RedactionCount[];
  notes: string[];
}

export function SaveScenarioDialog({
  onClose,
  verdictKnown,
  accepted,
}: {
  onClose: () => void;
  /** The analysis reached a verdict, or the analyst accepted a hypothesis (else saving is refused). */
  verdictKnown: boolean;
  /** The accepted hypothesis' title, when the analyst accepted one. */
  accepted: string | null;
}) {
  const session = useIncidentSession();
  const { active } = useSessionSnapshot();
  const ref = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const titleId = useId();
  const difficultyId = useId();
  const podsId = useId();
  const [title, setTitle] = useState(active?.title ?? '');
  const [difficulty, setDifficulty] = useState<Difficulty>('intermediate');
  const [redactPods, setRedactPods] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    titleRef.current?.select();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!active) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await session.saveAsScenario(active.id, { title, difficulty, redactPods });
      downloadBlob(saved.blob, saved.fileName);
      setDone({
        title: saved.scenario.manifest.title,
        fileName: saved.fileName,
        redactions: saved.redactions,
        notes: saved.notes,
      });
    } catch (err) {
      setProblem(`Not saved. ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog ref={ref} className="modal recall-dialog" aria-labelledby={headingId} onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id={headingId}>Save as scenario</h2>
        <p className="recall-lead">
          A drill another trainer can import: the trainee starts from the symptom, the files are revealed step
          by step, and their answer is graded against your conclusions.
        </p>

        <div className="recall-field">
          <label htmlFor={titleId}>Title</label>
          <input
            ref={titleRef}
            id={titleId}
            type="text"
            value={title}
            required
            maxLength={200}
            disabled={saving || done !== null}
            onChange={(e) => setTitle(e.target.value)}
          />
          <span className="recall-help">The trainee sees it: keep the answer out of it.</span>
        </div>
        <div className="recall-field">
          <label htmlFor={difficultyId}>Difficulty</label>
          <select
            id={difficultyId}
            value={difficulty}
            disabled={saving || done !== null}
            onChange={(e) => setDifficulty(e.target.value as Difficulty)}
          >
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {DIFFICULTY_LABEL[d]}
              </option>
            ))}
          </select>
        </div>
        <div className="recall-field recall-check">
          <input
            id={podsId}
            type="checkbox"
            checked={redactPods}
            disabled={saving || done !== null}
            onChange={(e) => setRedactPods(e.target.checked)}
          />
          <label htmlFor={podsId}>Also replace pod and namespace names</label>
        </div>

        <section className="recall-explain" aria-label="What the scenario holds">
          <h3>What travels, and what is stripped</h3>
          <ul>
            <li>
              <strong>The files, redacted.</strong> Host names, addresses, e-mail addresses, user names and
              secrets become pseudonyms (node-1, 10.0.0.1, …), the same in every file; every line keeps its
              number.
            </li>
            <li>
              <strong>None of your work in them.</strong> Your pins, decisions, notes, own hypotheses and
              document drafts stay out of what the trainee sees.
            </li>
            <li>
              <strong>Your conclusions become the reference.</strong> The expected answer is{' '}
              {accepted ? `what you accepted (${accepted})` : "the engine's verdict"}; the key lines are the
              winning hypothesis's evidence and your pins; what you rejected, with the lines against it, is
              what a trainee may validly rule out; your notes go to the trainer.
            </li>
          </ul>
          {!verdictKnown && (
            <p className="recall-warn">
              The analysis has no verdict yet: accept the hypothesis you concluded first (Hypotheses, Accept),
              or saving is refused.
            </p>
          )}
        </section>

        <div role="alert" className="recall-problem" data-visible={problem !== null}>
          {problem}
        </div>
        <div role="status" className="recall-status" data-visible={done !== null}>
          {done && (
            <>
              <p>
                Saved “{done.title}” in this browser and downloaded <code>{done.fileName}</code>.
              </p>
              <p className="recall-help">{describeRedactions(done.redactions)}</p>
              {done.notes.length > 0 && (
                <ul className="recall-notes">
                  {done.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>

        <div className="recall-actions">
          {done === null && (
            <button
              type="submit"
              className="btn btn-primary"
              disabled={saving || !active || title.trim() === ''}
              aria-busy={saving}
            >
              {saving ? 'Saving…' : 'Save and download'}
            </button>
          )}
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            {done === null ? 'Cancel' : 'Close'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
