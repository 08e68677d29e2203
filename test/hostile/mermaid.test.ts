// @vitest-environment jsdom
// Mermaid sanitises labels with DOMPurify while parsing, and DOMPurify needs a DOM (as in
// src/core/report/mermaid-parse.test.ts, which fuzzes the builders; this file walks the corpus).
//
// Every Mermaid builder with each payload of the corpus in every text it takes: the diagram
// parses, declares no directive (Mermaid's own parse reports the config a directive sets: none),
// binds no click, and holds no markup or javascript: URL that the payload brought.
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Hypothesis } from '../../src/core/analysis/model.ts';
import {
  drawableMermaid,
  hypothesisFlowchart,
  keyEventsTimeline,
  lifecycleGantt,
  shimExitSequence,
} from '../../src/core/report/mermaid.ts';
import { hugeLine, PAYLOADS, payload } from './corpus.ts';

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', layout: 'dagre' });
});

const T = 1_763_970_496_000_000; // 2025-11-24T07:48:16Z

function hypothesis(title: string, note: string, children: Hypothesis[] = []): Hypothesis {
  const h: Hypothesis = {
    id: `custom:${title.length}`,
    cause: 'other',
    title,
    score: 0.5,
    verdict: 'open',
    reason: note,
    for: [],
    against: [],
    gaps: [],
    children,
    explains: [],
    custom: true,
    decision: { state: 'rejected', note },
  };
  return h;
}

function analysisWith(text: string): AnalysisResult {
  return {
    symptoms: [
      {
        id: 's1',
        kind: 'custom',
        title: text,
        time: T,
        eventIds: [],
        findingIds: [],
        facts: {},
        source: 'user',
      },
    ],
    findings: [],
    hypotheses: [hypothesis(text, text, [hypothesis(`${text} child`, text)])],
    verdict: { cause: 'unknown', by: 'engine', confidence: 0, reason: text },
    gaps: [],
    steps: { verification: [], remediation: [] },
    coverage: [],
    focus: { containers: [], sandboxes: [], pods: [], time: null, symptomIds: [] },
  };
}

/** Every diagram the builders make, with `text` in each label, title, name and id they take. */
function diagrams(text: string): [string, string, string][] {
  return [
    [
      'keyEventsTimeline',
      'timeline',
      keyEventsTimeline(
        [
          { eventId: 'e1', time: T, timeQuality: 'exact', label: text, sourceName: text },
          { eventId: 'e2', time: null, timeQuality: 'none', label: text, sourceName: text },
        ],
        { title: text },
      ),
    ],
    [
      'lifecycleGantt',
      'gantt',
      lifecycleGantt(
        [
          {
            label: text,
            steps: [
              { step: 'created', time: T - 60_000_000, label: text },
              { step: 'oom-killed', time: T, label: text },
              { step: 'exited', time: T + 1_000_000, label: `exited 137 ${text}` },
            ],
          },
        ],
        { title: text },
      ),
    ],
    ['hypothesisFlowchart', 'flowchart-v2', hypothesisFlowchart(analysisWith(text))],
    [
      'shimExitSequence',
      'sequence',
      shimExitSequence({
        container: text,
        sandbox: text,
        pod: text,
        shimPid: text,
        exitCode: text,
        oomKill: true,
      }),
    ],
  ];
}

// A statement that binds an interaction or a link: `click A call f()`, `click A href "url"`,
// `A:::cls`-free forms `call`, `href`, `link` at a line's start.
const BINDING = /^\s*(?:click|call|href|link|links)\b/im;

/** How many times `re` occurs in `s`. */
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

// The same diagrams with plain words: the builders' own `<br/>`, arrows (`-->`, `->>`) and
// statement ends are what a diagram may hold; the payload must add none.
const PLAIN = diagrams('plain words');

describe.each(PAYLOADS.map((p) => [p.id, p.text] as const))('%s', (_id, text) => {
  it.each(diagrams(text).map((d, i) => [...d, PLAIN[i][2]] as const))(
    '%s parses, with no directive, binding or markup from the text',
    async (_name, type, source, plain) => {
      expect(await mermaid.parse(source)).toEqual({ diagramType: type, config: {} });
      expect(source).not.toContain('%%');
      expect(source).not.toMatch(BINDING);
      expect(source).not.toMatch(/javascript:/i);
      for (const re of [/</g, />/g, /;/g, /"/g, /#/g, /\n/g])
        expect(count(source, re), String(re)).toBe(count(plain, re));
    },
  );
});

describe('a 1 MB label', () => {
  it('is cut to a label and parses, quickly', async () => {
    const started = performance.now();
    for (const [, type, source] of diagrams(hugeLine())) {
      expect(source.length).toBeLessThan(10_000);
      expect(await mermaid.parse(source)).toEqual({ diagramType: type, config: {} });
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

/** Text as the browser reads an HTML label (Mermaid's flowchart labels are HTML). */
function html(text: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = text;
  return div;
}

describe("drawableMermaid: a diagram a person wrote (a template, the analyst's Markdown)", () => {
  it("leaves every builder's diagram as it is, whatever the payload", () => {
    for (const p of PAYLOADS)
      for (const [name, , source] of diagrams(p.text))
        expect(drawableMermaid(source), `${p.id} ${name}`).toBe(source);
  });

  it("turns the HTML tags of its labels into text (Mermaid's #lt; entity), keeping <br/> and <<annotations>>", async () => {
    const written = [
      payload('mermaid-init'),
      'flowchart LR',
      `  A["${payload('img-onerror')} A<br/>two"] --> B["${payload('svg-script')} <b onmouseover=alert(1)>b</b> x<y"]`,
      `  C["${payload('iframe-srcdoc').replace(/"/g, "'")} <!-- c -->"]`,
      `  ${payload('mermaid-click-call')}`,
      `  ${payload('mermaid-click-href')}`,
    ].join('\n');
    const drawn = drawableMermaid(written);
    expect(drawn).not.toMatch(/<(?!br\/>)[!/?]?[a-z]/i);
    expect(drawn).toContain('#lt;img src=x onerror=alert(1)> A<br/>two');
    // A directive is honoured only for what Mermaid lets it set: never the security level.
    expect((await mermaid.parse(drawn))?.config).toEqual({ securityLevel: undefined });
    const db = (await mermaid.mermaidAPI.getDiagramFromText(drawn)).db as unknown as {
      getVertices(): Map<string, { text?: string }>;
    };
    for (const [id, v] of db.getVertices()) {
      const label = html(v.text ?? '');
      expect(
        [...label.querySelectorAll('*')].map((e) => e.tagName),
        id,
      ).toEqual(id === 'A' ? ['BR'] : []);
    }
    // `#lt;` held as Mermaid's entity placeholder until the drawing, which writes it as `&lt;`.
    expect(html(db.getVertices().get('A')?.text ?? '').textContent).toMatch(
      /^ﬂ°+lt¶ßimg src=x onerror=alert\(1\)> Atwo$/,
    );
    // Class annotations and arrows are not tags.
    const classes = 'classDiagram\n  class Animal{\n  <<interface>>\n  }\n  Animal <|-- Dog';
    expect(drawableMermaid(classes)).toBe(classes);
  });
});
