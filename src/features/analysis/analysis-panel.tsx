// A place held for the analysis feature. It says what will come, and does not pretend.
export function AnalysisPanel() {
  return (
    <div className="placeholder-panel">
      <h2>Analysis</h2>
      <p className="lead">Not built yet. Nothing on this tab is computed today.</p>
      <p>This is where the workbench will explain the incident from the events on the Timeline tab:</p>
      <ul>
        <li>
          <strong>Findings</strong>: rule matches such as a kernel OOM kill, a dead containerd shim, a hung
          task or a PLEG event, each with the exact lines that prove it.
        </li>
        <li>
          <strong>Hypotheses</strong>: the likely causes (cgroup OOM, host OOM, PID or file-descriptor
          exhaustion, disk full, kernel hang, a manual or automated kill, a shim bug, a runtime error),
          ranked, with the evidence for and against each.
        </li>
        <li>
          <strong>Gaps</strong>: what is missing to decide, and the command to collect it on the node.
        </li>
      </ul>
    </div>
  );
}
