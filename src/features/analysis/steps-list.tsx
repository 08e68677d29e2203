// Verification and remediation for the winning branch (the seed's RCA, with the incident's ids
// filled in): what to check first, then what to do, grouped by the branch the check decides.
import type { Step } from '../../core/analysis/model.ts';
import { stepsByBranch } from './analysis-model.ts';
import { CommandLine } from './copy-button.tsx';

function StepItem({ step }: { step: Step }) {
  return (
    <li className="an-step">
      <p className="an-step-title">{step.title}</p>
      {step.detail && <p className="an-step-detail">{step.detail}</p>}
      {step.commands.map((c, i) => (
        // Two steps may run the same command; within one step the order is the key.
        // biome-ignore lint/suspicious/noArrayIndexKey: commands of one step, in their order
        <CommandLine key={i} command={c} />
      ))}
    </li>
  );
}

export function StepsList({ verification, remediation }: { verification: Step[]; remediation: Step[] }) {
  if (verification.length === 0 && remediation.length === 0)
    return (
      <p className="an-muted">
        No steps yet: they come with a winning cause. Accept a hypothesis, or collect what the gaps ask for.
      </p>
    );
  return (
    <div className="an-steps">
      {verification.length > 0 && (
        <section aria-labelledby="an-verify-h">
          <h4 id="an-verify-h">Verify</h4>
          <ol className="an-step-list">
            {verification.map((s) => (
              <StepItem key={s.id} step={s} />
            ))}
          </ol>
        </section>
      )}
      {remediation.length > 0 && (
        <section aria-labelledby="an-remedy-h">
          <h4 id="an-remedy-h">Remediate</h4>
          {stepsByBranch(remediation).map(({ branch, steps }) => (
            <div key={branch} className="an-branch">
              {branch !== '' && <p className="an-branch-name">If {branch}:</p>}
              <ol
                className="an-step-list"
                aria-label={branch === '' ? 'Remediation' : `Remediation if ${branch}`}
              >
                {steps.map((s) => (
                  <StepItem key={s.id} step={s} />
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
