// @vitest-environment jsdom
// jsdom for DOMParser (the exports are parsed as a browser would); the analysis itself is pure.
//
// The analysis of the hostile incident (the sample renamed: pod `checkout-<img ...>` in namespace
// `x';touch PWNED;'$(touch PWNED)...`, container `<script>window.__pwned=true</script>`): the
// verdict is the sample's, the names are data, every command it prints quotes them (a shell
// would get them back as one word each, running nothing), and a document filled from it as it
// is, names, evidence and commands included, exports to nothing that runs.
import { execFileSync } from 'node:child_process';
import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { beforeAll, describe, expect, it } from 'vitest';
import { shq } from '../../src/core/analysis/commands.ts';
import type { AnalysisResult } from '../../src/core/analysis/model.ts';
import type { Workbench } from '../../src/core/engine/workbench.ts';
import type { ExportFormat } from '../../src/core/report/document-model.ts';
import { exportDocument, markdownToHtml } from '../../src/core/report/export/index.ts';
import { citedEventIds, type FillInput, fillDraft } from '../../src/core/report/fill.ts';
import { renderDocument } from '../../src/core/report/render.ts';
import { documentLines } from '../helpers/analysis.ts';
import { RENAMED } from './fixtures.ts';
import { bundledTemplates, hostileWorkbench, htmlProblems, liveShellText } from './helpers.ts';

let wb: Workbench;
let analysis: AnalysisResult;

beforeAll(async () => {
  wb = await hostileWorkbench();
  analysis = wb.analysis();
}, 60_000);

/** Every command the analysis prints: gaps, verification and remediation steps. */
function commands(a: AnalysisResult): string[] {
  const steps = [...a.steps.verification, ...a.steps.remediation].flatMap((s) => s.commands ?? []);
  const gaps = [...a.gaps, ...allHypotheses(a).flatMap((h) => h.gaps)].map((g) => g.command);
  return [...new Set([...gaps, ...steps])];
}

function allHypotheses(a: AnalysisResult) {
  const out: AnalysisResult['hypotheses'] = [];
  const walk = (hs: AnalysisResult['hypotheses']) => {
    for (const h of hs) {
      out.push(h);
      walk(h.children);
    }
  };
  walk(a.hypotheses);
  return out;
}

/** What a POSIX shell makes of one quoted word: printf prints it back. */
function shellWord(quoted: string): string {
  return execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
}

describe('the analysis of the hostile incident', () => {
  it('reaches the sample verdict, with the hostile pod and container as its focus', () => {
    expect(analysis.verdict.hypothesis).toBe('oom-kill-cgroup/shim');
    expect(analysis.focus.pods).toContain(`${RENAMED.namespace}/${RENAMED.pod}`);
    expect(analysis.symptoms.map((s) => s.title)).toContain(`container ${RENAMED.container} restarts`);
  });

  it('prints commands that name the hostile pod, each name one quoted word', () => {
    const all = commands(analysis);
    const naming = all.filter((c) => c.includes(shq(RENAMED.namespace)));
    // kubectl describe / delete / get: the namespace and the pod name, quoted.
    expect(naming.length).toBeGreaterThan(0);
    for (const c of naming) expect(c, c).toContain(shq(RENAMED.pod));
    expect(shellWord(shq(RENAMED.namespace))).toBe(RENAMED.namespace);
    expect(shellWord(shq(RENAMED.pod))).toBe(RENAMED.pod);
  });

  it('leaves nothing of a name where the shell would read it: outside single quotes', () => {
    for (const c of commands(analysis)) {
      const live = liveShellText(c);
      expect(live, c).not.toContain('PWNED');
      expect(live, c).not.toContain('<');
      expect(live, c).not.toContain('__pwned');
    }
  });
});

describe('a document filled from the hostile analysis as it is', () => {
  it.each(['shim-crash-rca', 'postmortem'])(
    '%s: names, evidence and commands stay text in every export',
    (id) => {
      const t = bundledTemplates().find((x) => x.meta.id === id)!;
      const base: FillInput = { analysis, pins: [], sources: [], lines: {} };
      const { lines, sources, lifecycle } = documentLines(wb, citedEventIds(t, base), analysis);
      const input: FillInput = { ...base, lines, sources, ...(lifecycle ? { lifecycle } : {}) };
      const draft = fillDraft(t, input);
      const doc = renderDocument(t, draft, {
        incidentId: 'hostile',
        generator: 'rca-workbench@0.1.0',
        generatedAt: '2025-11-24T09:00:00Z',
        lines,
        analysis,
      });
      expect(doc.warnings).toEqual([]);
      // The hostile names are in the document, escaped: the Markdown parses to no HTML and no link
      // (the fill's Markdown fields are built from escaped pieces too).
      expect(doc.markdown).toContain('\\<script\\>window.\\_\\_pwned=true\\</script\\>');
      const tree = unified().use(remarkParse).use(remarkGfm).parse(doc.markdown);
      const live: string[] = [];
      const walk = (n: Nodes) => {
        if (n.type === 'html') live.push(n.value);
        if (n.type === 'link' || n.type === 'image') live.push(n.url);
        if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
      };
      walk(tree);
      expect(live).toEqual([]);
      // Commands stay whole inside code spans: the quoted namespace is there as written.
      if (id === 'shim-crash-rca') expect(doc.markdown).toContain(shq(RENAMED.namespace));

      const meta = {
        generator: 'rca-workbench@0.1.0',
        templateId: t.meta.id,
        incidentId: 'hostile',
        title: draft.title,
        tags: [],
        generatedAt: '2025-11-24T09:00:00Z',
      };
      const out = (f: ExportFormat) => exportDocument(doc, f, { meta, draft }).content;
      expect(htmlProblems(out('html'))).toEqual([]);
      expect(
        htmlProblems(
          `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${out('confluence')}</root>`,
          'application/xml',
        ),
      ).toEqual([]);
      for (const f of ['md', 'obsidian', 'notion'] as const)
        expect(htmlProblems(markdownToHtml(out(f).replace(/^---\n[\s\S]*?\n---\n/, ''))), f).toEqual([]);
      // The JSON gives the document and the draft back as they were, hostile names and all.
      const json = JSON.parse(out('json'));
      expect(json.markdown).toBe(doc.markdown);
      expect(json.draft).toEqual(draft);
    },
  );
});
