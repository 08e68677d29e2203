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
import {
  GANTT_SECTION_MAX,
  ganttMilestones,
  type KeyEvent,
  keyEventsTimeline,
  type LifecycleLane,
  lifecycleGantt,
  mermaidText,
  milestoneText,
  SOURCE_MAX,
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
