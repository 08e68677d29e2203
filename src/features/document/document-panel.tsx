// A place held for the document feature. It says what will come, and does not pretend.
export function DocumentPanel() {
  return (
    <div className="placeholder-panel">
      <h2>Document</h2>
      <p className="lead">Not built yet. Nothing on this tab is generated today.</p>
      <p>This is where a finished analysis will become a document for your knowledge base:</p>
      <ul>
        <li>
          A retrospective written from a template: summary, timeline, cause with proof, actions now and for
          good.
        </li>
        <li>Redaction of host names, IP addresses and tokens before anything is copied out.</li>
        <li>
          Export as Markdown (Confluence, Notion, Obsidian, a Git wiki), HTML or JSON, with Mermaid diagrams.
        </li>
      </ul>
    </div>
  );
}
