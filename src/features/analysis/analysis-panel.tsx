// The Analysis tab: why did it die? The overall verdict and the symptoms on top, then the
// cause-hypothesis tree best first (evidence for and against, each linked to its lines in the
// timeline; gaps with the command to run and a box for its output; the analyst's decisions),
// the steps to verify and remediate the winning branch, every gap at once, the analyst's own
// hypotheses, the tree as a Mermaid flowchart and the findings. The analysis runs in the engine
// (worker) once the tab is first opened, and again whenever its inputs change.
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { hypothesisFlowchart } from '../../core/report/mermaid.ts';
import { useAnalysis, useAnalysisOptions, useSources } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { MermaidDiagram } from '../../ui/mermaid-diagram.tsx';
import { causeTitles, domIdOf, pathTo } from './analysis-model.ts';
import { CustomHypothesisForm } from './custom-hypothesis-form.tsx';
import { FindingsList } from './findings-list.tsx';
import { GapList } from './gap-list.tsx';
import { HypothesisTree } from './hypothesis-tree.tsx';
import { StepsList } from './steps-list.tsx';
import { VerdictHeader } from './verdict-header.tsx';

function EmptyState() {
  return (
    <div className="an-empty">
      <h2>Analysis</h2>
      <p className="lead">Nothing to analyse yet: add the node's logs on the Sources tab.</p>
      <p>What helps most, for a container that died or went Unknown:</p>
      <ul>
        <li>
          the kernel log: <code>dmesg -T</code> or <code>journalctl -k</code> over the incident, for OOM
          kills, hung tasks and panics
        </li>
        <li>
          containerd's and kubelet's journal: <code>journalctl -u containerd -u kubelet --since …</code>
        </li>
        <li>
          the runtime's state: <code>crictl ps -a</code>, <code>crictl inspect &lt;container&gt;</code>,{' '}
          <code>ctr -n k8s.io tasks ls</code>
        </li>
      </ul>
      <p>Or load the bundled sample from the Timeline tab.</p>
    </div>
  );
}

/** The Mermaid flowchart of the tree; a builder that throws on an odd tree is reported, not fatal. */
function Flowchart({ result }: { result: Parameters<typeof hypothesisFlowchart>[0] }) {
  const code = useMemo(() => {
    try {
      return { ok: true as const, code: hypothesisFlowchart(result) };
    } catch (e) {
      return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
    }
  }, [result]);
  if (!code.ok)
    return (
      <p className="an-error" role="alert">
        The flowchart could not be built: {code.message}
      </p>
    );
  return <MermaidDiagram code={code.code} title="Hypothesis tree as a flowchart" />;
}

/**
 * `aside`: what the app composes beside the verdict once there is one (issue 8: similar past
 * incidents and "Save as scenario", from the recall feature, which this one does not import).
 */
export function AnalysisPanel({ aside }: { aside?: ReactNode } = {}) {
  const activePanel = useWorkbenchStore((s) => s.activePanel);
  const focused = useWorkbenchStore((s) => s.focusedHypothesis);
  const clearFocused = useWorkbenchStore((s) => s.clearFocusedHypothesis);
  const { data: sources } = useSources();
  const opts = useAnalysisOptions();
  // The tab stays mounted while hidden: it starts weighing only once the analyst opens it, and
  // from then on keeps its tree current.
  const active = activePanel === 'analysis';
  const [visited, setVisited] = useState(active);
  if (active && !visited) setVisited(true);
  const hasSources = (sources?.length ?? 0) > 0;
  const analysis = useAnalysis(opts, { enabled: visited && hasSources });
  const result = hasSources ? analysis.data : undefined;

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [scrollTo, setScrollTo] = useState<string | null>(null);
  const onToggle = useCallback(
    (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const show = useCallback(
    (id: string) => {
      if (!result) return;
      const path = pathTo(result.hypotheses, id);
      if (path.length === 0) return;
      setExpanded((prev) => new Set([...prev, ...path]));
      setScrollTo(id);
    },
    [result],
  );

  // "Show in analysis" from the timeline: once the tree is there, open the branch down to it.
  useEffect(() => {
    if (focused === null || !result) return;
    show(focused);
    clearFocused();
  }, [focused, result, show, clearFocused]);

  // After the branch has opened: bring the hypothesis into view and put the keyboard on it.
  useEffect(() => {
    if (scrollTo === null || !expanded.has(scrollTo)) return;
    const el = document.getElementById(domIdOf(scrollTo));
    el?.scrollIntoView?.({ block: 'start' });
    el?.querySelector<HTMLButtonElement>('.an-toggle')?.focus({ preventScroll: true });
    setScrollTo(null);
  }, [scrollTo, expanded]);

  const titles = useMemo(() => causeTitles(result), [result]);

  if (sources !== undefined && !hasSources) return <EmptyState />;

  return (
    <div className="analysis" aria-busy={analysis.isFetching}>
      <div className="an-top">
        <h2>Analysis</h2>
        {analysis.isFetching && result && <span className="an-muted">Weighing again…</span>}
      </div>
      {analysis.error && (
        <p className="an-error" role="alert">
          The analysis failed: {analysis.error.message}
        </p>
      )}
      {!result && !analysis.error && <p className="an-muted">Weighing the evidence…</p>}
      {result && (
        <>
          <VerdictHeader result={result} onShow={show} />
          {aside}
          <section className="an-section" aria-labelledby="an-tree-h">
            <h3 id="an-tree-h">Hypotheses</h3>
            <p className="an-muted an-hint">
              Best first. Open one to see the evidence for and against it; each line links to the timeline.
            </p>
            <HypothesisTree
              hypotheses={result.hypotheses ?? []}
              symptoms={result.symptoms ?? []}
              expanded={expanded}
              onToggle={onToggle}
            />
          </section>
          <section className="an-section" aria-labelledby="an-steps-h">
            <h3 id="an-steps-h">Verify and remediate</h3>
            <StepsList
              verification={result.steps?.verification ?? []}
              remediation={result.steps?.remediation ?? []}
            />
          </section>
          {(result.gaps?.length ?? 0) > 0 && (
            <section className="an-section" aria-labelledby="an-gaps-h">
              <h3 id="an-gaps-h">What to collect next ({result.gaps.length})</h3>
              <GapList gaps={result.gaps} label="Everything to collect next" />
            </section>
          )}
          <section className="an-section">
            <CustomHypothesisForm causeTitles={titles} />
          </section>
          <section className="an-section">
            <Flowchart result={result} />
          </section>
          <section className="an-section">
            <FindingsList findings={result.findings ?? []} />
          </section>
        </>
      )}
    </div>
  );
}
