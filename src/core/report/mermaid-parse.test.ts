// @vitest-environment jsdom
// Mermaid sanitises labels with DOMPurify while parsing, and DOMPurify needs a DOM: this file runs
// in jsdom although it tests src/core (the builders stay pure; only the check needs mermaid).
//
// The escaping claim, checked by Mermaid itself: whatever text the events carry, the built
// diagrams parse, declare no directive, and every label lands as one event / task with the text
// the builder meant (nothing split off, merged, swallowed as a comment or read as a keyword).
import fc from 'fast-check';
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Hypothesis, Verdict } from '../analysis/model.ts';
import type { Symptom } from '../analysis/symptoms.ts';
import {
  breakLongWords,
  GANTT_SECTION_MAX,
  ganttMilestones,
  hypothesisFlowchart,
  type KeyEvent,
  keyEventsTimeline,
  type LifecycleLane,
  lifecycleGantt,
  mermaidText,
  milestoneText,
  SOURCE_MAX,
  shimExitSequence,
  timelineText,
  UNTIMED_SECTION,
  WORD_MAX,
} from './mermaid.ts';

const RUNS = 300;

// What the timeline and gantt databases hold after a parse (their own types are `any[]`).
interface TimelineDb {
  getSections(): string[];
  getTasks(): { section: string; task: string; events: string[] }[];
}
interface GanttDb {
  getSections(): string[];
  getTasks(): {
    section: string;
    task: string;
    id: string;
    milestone?: boolean;
    startTime: Date;
    endTime: Date;
  }[];
}

async function dbOf<T>(text: string): Promise<T> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  return diagram.db as unknown as T;
}

// Pieces of hostile text: Mermaid's own syntax, HTML, controls, keywords at line start.
const HOSTILE = [
  '%%{init: {"theme":"dark","securityLevel":"loose"}}%%',
  '%%',
  '%',
  '{',
  '}',
  ':',
  ': ',
  ' : ',
  '#',
  '#60;',
  '&#60;',
  '&lt',
  ';',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '\t',
  '\u0000',
  '\u202E',
  '\u2066',
  '<script>alert(1)</script>',
  '<br>',
  '<img src=x onerror=alert(1)>',
  '"',
  "'",
  '`',
  '```',
  'click x call alert()',
  'click ',
  'call ',
  'href "javascript:alert(1)"',
  'section ',
  'title ',
  'timeline',
  'gantt',
  'dateFormat x',
  'accDescr {',
  'accTitle: x',
  '2025-11-26 ',
  '---',
  'milestone, m1, 2025-11-26, 0ms',
  'x',
  ' ',
  '🙂',
  '\uD800',
  'é',
  '日本',
];

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 8 }).map((parts) => parts.join('')),
);

// 2025-11-26 10:00:00 UTC, µs; events within two days, so sections are minutes or hours.
const BASE = Date.UTC(2025, 10, 26, 10) * 1000;
const time = fc.option(
  fc.integer({ min: 0, max: 2 * 86_400_000_000 }).map((d) => BASE + d),
  { freq: 4 },
);
const quality = fc.constantFrom('exact', 'aligned', 'inferred', 'relative', 'none') as fc.Arbitrary<
  KeyEvent['timeQuality']
>;
const keyEvent = fc.record({
  eventId: fc.string(),
  time,
  timeQuality: quality,
  label: hostileText,
  sourceName: hostileText,
});
const zone = fc.integer({ min: -720, max: 840 });

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', layout: 'dagre' });
});

describe('keyEventsTimeline parses, whatever the events say', () => {
  it('one parsed event per key event, with its escaped label, and no directive', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(keyEvent, { minLength: 1, maxLength: 6 }),
        hostileText,
        zone,
        async (events, title, z) => {
          const text = keyEventsTimeline(events, { title, zone: z });
          const parsed = await mermaid.parse(text);
          expect(parsed).toEqual({ diagramType: 'timeline', config: {} });

          const db = await dbOf<TimelineDb>(text);
          // getTasks() appends to its result on every call: call it once.
          const periods = db.getTasks();
          const parsedEvents = periods.flatMap((t) => t.events.map((e) => e.trim()));
          // The builder's order: timed by time (stable), then untimed grouped by source.
          const timed = events
            .map((e, i) => ({ e, i }))
            .filter((x) => x.e.time !== null)
            .sort((a, b) => (a.e.time ?? 0) - (b.e.time ?? 0) || a.i - b.i)
            .map((x) => x.e);
          const sources = [...new Set(events.filter((e) => e.time === null).map((e) => e.sourceName))];
          const untimed = sources.flatMap((s) => events.filter((e) => e.time === null && e.sourceName === s));
          expect(parsedEvents).toHaveLength(events.length);
          timed.forEach((e, i) => {
            expect(
              parsedEvents[i].startsWith(
                `${timelineText(e.label)} — ${timelineText(e.sourceName, SOURCE_MAX)}`,
              ),
            ).toBe(true);
          });
          untimed.forEach((e, i) => {
            expect(parsedEvents[timed.length + i]).toBe(timelineText(e.label));
          });
          // Untimed events sit under their source, in the last section.
          const untimedPeriods = periods.filter((t) => t.section === mermaidText(UNTIMED_SECTION));
          expect(untimedPeriods.map((t) => t.task.trim())).toEqual(
            sources.map((s) => timelineText(s, SOURCE_MAX)),
          );
          // Every word fits its box (Mermaid wraps timeline boxes at spaces only), and breaking
          // words only added spaces: the escaped text is all there.
          for (const t of [...periods.map((p) => p.task), ...parsedEvents])
            for (const word of t.split(' ')) expect(Array.from(word).length).toBeLessThanOrEqual(WORD_MAX);
          timed.forEach((e, i) => {
            expect(parsedEvents[i].replace(/ /g, '')).toContain(mermaidText(e.label).replace(/ /g, ''));
          });
          // The text is exactly: header, title, then section / period / continuation lines.
          for (const line of text.trimEnd().split('\n').slice(2)) {
            expect(line).toMatch(/^ {2}section \S|^ {4}\S[^:]* : \S|^ {6}: \S/);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const STEP_KINDS = [
  'created',
  'started',
  'oom-killed',
  'killed',
  'shim-disconnected',
  'exited',
  'unknown',
  'state',
];
const lane: fc.Arbitrary<LifecycleLane> = fc.record({
  label: hostileText,
  steps: fc.array(
    fc.record({
      step: fc.constantFrom(...STEP_KINDS),
      // Within two days, or seconds apart (so that lines telling one step get merged).
      time: fc.oneof(time, fc.option(fc.integer({ min: 0, max: 8_000_000 }).map((d) => BASE + d))),
      label: hostileText,
      timeQuality: quality,
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

describe('lifecycleGantt parses, whatever the containers and steps are called', () => {
  it('one section per timed lane, one milestone per (merged) milestone step, dates that Mermaid reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lane, { minLength: 1, maxLength: 3 }),
        hostileText,
        zone,
        async (lanes, title, z) => {
          const text = lifecycleGantt(lanes, { title, zone: z });
          const parsed = await mermaid.parse(text);
          expect(parsed).toEqual({ diagramType: 'gantt', config: {} });

          const db = await dbOf<GanttDb>(text);
          const timedLanes = lanes.filter((l) => l.steps.some((s) => s.time !== null));
          expect(db.getSections()).toEqual(timedLanes.map((l) => mermaidText(l.label, GANTT_SECTION_MAX)));
          // getTasks() reads every date with the diagram's dateFormat: it throws on one it cannot read.
          const tasks = db.getTasks();
          const milestones = tasks.filter((t) => t.milestone);
          // One milestone per step, or per group of lines telling one step within seconds.
          const expected = timedLanes.flatMap((l) =>
            ganttMilestones(
              l.steps
                .flatMap((s) => (s.time === null ? [] : [{ ...s, time: s.time }]))
                .sort((a, b) => a.time - b.time),
            ).map(milestoneText),
          );
          expect(milestones.map((t) => t.task.trim()).sort()).toEqual([...expected].sort());
          for (const t of tasks) {
            expect(Number.isFinite(t.startTime.getTime())).toBe(true);
            expect(t.endTime.getTime()).toBeGreaterThanOrEqual(t.startTime.getTime());
          }
          // Bars are the builder's own words: "<first step> → <last step>".
          for (const t of tasks.filter((x) => !x.milestone))
            expect(t.task.trim()).toMatch(/^[a-z-]+ → [a-z-]+$/);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// What the flowchart database holds after a parse.
interface FlowDb {
  getVertices(): Map<string, { id: string; text?: string; classes: string[] }>;
  getEdges(): { start: string; end: string; stroke?: string }[];
  getClasses(): Map<string, { id: string; styles: string[] }>;
}

const VERDICT_LIST: Verdict[] = ['supported', 'likely', 'open', 'unlikely', 'refuted'];

function hyp(
  id: string,
  title: string,
  verdict: Verdict,
  score: number,
  children: Hypothesis[] = [],
): Hypothesis {
  return {
    id,
    cause: 'other',
    title,
    score,
    verdict,
    reason: '',
    for: [],
    against: [],
    gaps: [],
    children,
    explains: [],
  };
}

function sym(title: string, i: number): Symptom {
  return {
    id: `s${i}`,
    kind: 'custom',
    title,
    time: null,
    eventIds: [],
    findingIds: [],
    facts: {},
    source: 'user',
  };
}

function result(symptoms: Symptom[], hypotheses: Hypothesis[], winner?: string): AnalysisResult {
  return {
    symptoms,
    findings: [],
    hypotheses,
    verdict: {
      cause: winner ? 'other' : 'unknown',
      by: 'engine',
      hypothesis: winner,
      confidence: 0.9,
      reason: '',
    },
    gaps: [],
    steps: { verification: [], remediation: [] },
    coverage: [],
    focus: { containers: [], sandboxes: [], pods: [], time: null, symptomIds: [] },
  };
}

/** Text as the browser reads an HTML label (the flowchart's labels are HTML). */
function html(text: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = text;
  return div;
}

/** Every hypothesis with the node id the builder gives it (h0, h0_1...), depth first. */
/**
 * The nodes the builder draws: every hypothesis, but below a cause ruled out (unlikely, refuted,
 * rejected) only the analyst's own or decided children (the rest are counted in its label).
 */
function nodeIds(hs: readonly Hypothesis[]): [string, Hypothesis][] {
  const visit = (h: Hypothesis, id: string): [string, Hypothesis][] => {
    const weak = h.verdict === 'unlikely' || h.verdict === 'refuted' || h.decision?.state === 'rejected';
    const out: [string, Hypothesis][] = [[id, h]];
    h.children.forEach((c, k) => {
      if (!weak || c.custom || c.decision) out.push(...visit(c, `${id}_${k}`));
    });
    return out;
  };
  return hs.flatMap((h, k) => visit(h, `h${k}`));
}

describe('hypothesisFlowchart parses', () => {
  it('the sample-like tree: one node per hypothesis, edges from symptoms and parents, classes per verdict', async () => {
    const r = result(
      [sym('container 7fc23ca64dfc is Unknown', 0), sym('shim afcf4efe9792 died', 1)],
      [
        hyp('oom-kill-cgroup', 'OOM kill in a cgroup', 'supported', 0.93, [
          hyp('oom-kill-cgroup/shim', 'the shim was killed', 'supported', 0.91),
        ]),
        hyp('oom-kill-host', 'host OOM', 'unlikely', 0.05),
        {
          ...hyp('manual-or-automation-kill', 'manual or automation kill', 'refuted', 0.02),
          decision: { state: 'rejected', note: 'nobody was logged in' },
        },
      ],
      'oom-kill-cgroup/shim',
    );
    const text = hypothesisFlowchart(r);
    expect(await mermaid.parse(text)).toEqual({ diagramType: 'flowchart-v2', config: {} });
    const db = await dbOf<FlowDb>(text);
    const v = db.getVertices();
    expect([...v.keys()].sort()).toEqual(['h0', 'h0_0', 'h1', 'h2', 's']);
    expect(v.get('h0_0')?.classes).toEqual(['supported', 'winner']);
    expect(v.get('h2')?.classes).toEqual(['refuted', 'rejected']);
    expect(v.get('h0')?.text).toContain('OOM kill in a cgroup');
    expect(
      db
        .getEdges()
        .map((e) => `${e.start}>${e.end}:${e.stroke}`)
        .sort(),
    ).toEqual(['h0>h0_0:normal', 's>h0:normal', 's>h1:dotted', 's>h2:dotted']);
    for (const c of ['symptom', 'winner', 'rejected', ...VERDICT_LIST])
      expect(db.getClasses().has(c)).toBe(true);
  });

  it('whatever the titles, notes and symptoms say: every node is there with its own text, no directive', async () => {
    const tree: fc.Memo<Hypothesis> = fc.memo((depth) =>
      fc
        .record({
          title: hostileText,
          verdict: fc.constantFrom(...VERDICT_LIST),
          score: fc.double({ min: 0, max: 1, noNaN: true }),
          note: fc.option(hostileText),
          children: depth > 1 ? fc.array(tree(depth - 1), { maxLength: 2 }) : fc.constant<Hypothesis[]>([]),
        })
        .map((x) => ({
          ...hyp('custom:x', x.title, x.verdict, x.score, x.children),
          ...(x.note === null ? {} : { decision: { state: 'rejected' as const, note: x.note } }),
        })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileText, { maxLength: 4 }),
        fc.array(tree(2), { minLength: 1, maxLength: 3 }),
        async (titles, hypotheses) => {
          const text = hypothesisFlowchart(result(titles.map(sym), hypotheses));
          expect(await mermaid.parse(text)).toEqual({ diagramType: 'flowchart-v2', config: {} });
          const db = await dbOf<FlowDb>(text);
          const v = db.getVertices();
          const expected = nodeIds(hypotheses);
          // Exactly the builder's nodes: no node made of label text, none swallowed.
          expect([...v.keys()].sort()).toEqual(['s', ...expected.map(([id]) => id)].sort());
          // One edge per hypothesis (from the symptoms or its parent).
          expect(db.getEdges()).toHaveLength(expected.length);
          for (const [id, h] of expected) {
            const node = v.get(id);
            expect(node?.classes[0]).toBe(h.verdict);
            // The label is HTML once Mermaid has sanitised it: it holds no element but the
            // builder's line breaks, and its first line draws as the escaped title would.
            const drawn = html(node?.text ?? '');
            expect([...drawn.querySelectorAll('*')].every((e) => e.tagName === 'BR')).toBe(true);
            const first = html(drawn.innerHTML.split(/<br\s*\/?>/)[0]).textContent;
            expect(first).toBe(html(breakLongWords(mermaidText(h.title, 60), 24)).textContent);
          }
        },
      ),
      { numRuns: 1 },
    );
  });
});

// What the sequence database holds after a parse (its own types are loose).
interface SequenceDb {
  getActors(): Map<string, { name: string; description: string }>;
  getMessages(): { from?: string; to?: string; message: string; type?: number }[];
}

describe('shimExitSequence parses, whatever the ids say', () => {
  it('five participants, seven arrows and a note, each with the text the builder wrote', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          container: fc.option(hostileText, { nil: undefined }),
          sandbox: fc.option(hostileText, { nil: undefined }),
          pod: fc.option(hostileText, { nil: undefined }),
          shimPid: fc.option(hostileText, { nil: undefined }),
          exitCode: fc.option(hostileText, { nil: undefined }),
          oomKill: fc.option(fc.boolean(), { nil: undefined }),
        }),
        async (ids) => {
          const text = shimExitSequence(ids);
          expect(await mermaid.parse(text)).toEqual({ diagramType: 'sequence', config: {} });
          const db = await dbOf<SequenceDb>(text);
          const lines = text.split('\n');
          // The participants are the builder's, named as written (no actor made of an id).
          const actors = db.getActors();
          expect([...actors.keys()]).toEqual(['K', 'S', 'D', 'R', 'L']);
          const aliases = lines
            .filter((l) => l.startsWith('  participant '))
            .map((l) => l.slice(l.indexOf(' as ') + 4));
          expect([...actors.values()].map((a) => a.description)).toEqual(aliases);
          // Seven arrows and one note between the builder's participants: nothing split off a
          // label, nothing swallowed as a comment or a directive.
          const messages = db.getMessages();
          expect(messages.map((m) => `${m.from}>${m.to}`)).toEqual([
            'K>S',
            'S>S',
            'S>D',
            'D>D',
            'D>D',
            'D>R',
            'R>L',
            'L>L',
          ]);
          const labels = lines
            .filter((l) => /^ {2}(?:Note over S|[KSDRL]-)/.test(l))
            .map((l) => l.slice(l.indexOf(': ') + 2));
          expect(messages.map((m) => m.message)).toEqual(labels);
        },
      ),
      { numRuns: 100 },
    );
  });
});
