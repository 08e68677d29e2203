// The feedback document through the real template (templates/training-feedback.md) and the real
// renderer: every field the template declares is given in its shape, the page reads as the seed's
// module 2 summary, lines are cited as footnotes, trainee text stays text. The graded page is
// compared with test/golden/training-feedback.graded.md (UPDATE_GOLDEN=1 rewrites it, as for
// test/report-golden.test.ts, which renders the template's empty fill).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbenchOf } from '../../../test/helpers/analysis.ts';
import type { AnalysisResult } from '../analysis/model.ts';
import type { RenderedDocument, Template } from '../report/document-model.ts';
import { fillDraft } from '../report/fill.ts';
import { renderDocument } from '../report/render.ts';
import { parseTemplate } from '../report/template.ts';
import { FEEDBACK_TEMPLATE_ID, feedbackDocument, feedbackDraft } from './feedback.ts';
import { grade } from './grade.ts';
import type { EventLocation, TraineeAnswer } from './model.ts';
import { SAMPLE_SCENARIO as M } from './sample-scenario.ts';

const FILES: Record<string, string> = Object.fromEntries(
  M.sources.map((s) => [
    s.file,
    readFileSync(new URL(`../../../public/sample/${s.file}`, import.meta.url), 'utf8'),
  ]),
);
const TEMPLATE_FILE = new URL('../../../templates/training-feedback.md', import.meta.url);
const GOLDEN = new URL('../../../test/golden/training-feedback.graded.md', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RENDER_BASE = {
  incidentId: 'sample',
  generator: 'rca-workbench@0.1.0',
  generatedAt: '2025-11-24T09:00:00Z',
};

let analysis: AnalysisResult;
let eventRef: (id: string) => EventLocation | null;
let template: Template;

beforeAll(async () => {
  const wb = await workbenchOf(FILES);
  analysis = wb.analysis();
  eventRef = (id) => {
    const r = wb.eventRows([id])[0];
    return r ? { file: r.sourceName, line: r.line, lineEnd: r.lineEnd } : null;
  };
  template = parseTemplate(readFileSync(TEMPLATE_FILE, 'utf8'), 'training-feedback.md');
}, 60_000);

/** A middling attempt: OOM at the wrong level, a stray pin, a bad rejection, steps skipped, a hint. */
function middling(): TraineeAnswer {
  return {
    cause: 'oom-kill-host',
    ranking: ['oom-kill-host', 'oom-kill-cgroup'],
    pinned: [
      { eventId: 'dmesg.txt:287' },
      { file: 'journalctl-containerd-kubelet.txt', line: 333 },
      { file: 'crictl-ps-a.txt', line: 3 },
    ],
    rejected: [
      { hypothesisId: 'kernel-hang', reason: 'No hung task in the kernel log', cites: [] },
      {
        hypothesisId: 'oom-kill-cgroup',
        reason: 'The host was short of memory <script>alert(1)</script>',
        cites: [],
      },
    ],
    checks: [
      { gapId: 'host-memory', command: 'free -m', atStep: 3 },
      { command: 'ls /var/log', atStep: 1 },
    ],
    verificationDone: ['verify-kernel-log'],
    hintsUsed: 1,
    seconds: 1500,
    revealedAll: false,
  };
}

function renderGraded(answer: TraineeAnswer): { doc: RenderedDocument; values: Record<string, unknown> } {
  const result = grade({ manifest: M, answer, analysis, eventRef });
  const draft = feedbackDraft(result, M, answer, { files: FILES, analysis });
  return { doc: renderDocument(template, draft, { ...RENDER_BASE, lines: {} }), values: draft.values };
}

describe('feedbackDocument', () => {
  it('gives every field of the template, each in its shape (the render converts nothing)', () => {
    const result = grade({ manifest: M, answer: middling(), analysis, eventRef });
    const values = feedbackDocument(result, M, middling());
    expect(Object.keys(values).sort()).toEqual(template.meta.fields.map((f) => f.name).sort());
    const { doc } = renderGraded(middling());
    expect(doc.warnings).toEqual([]);
    expect(doc.templateId).toBe(FEEDBACK_TEMPLATE_ID);
  });

  it("renders the seed's summary table: dimension | how you did | what to strengthen, one row per dimension", () => {
    const { doc } = renderGraded(middling());
    expect(doc.markdown.startsWith('# Training feedback: The checkout container that went Unknown\n')).toBe(
      true,
    );
    expect(doc.markdown).toContain('| Dimension | How you did | What to strengthen |');
    for (const d of ['Cause', 'Evidence', 'Ruling out', 'Verification', 'Investigation path', 'Efficiency'])
      expect(doc.markdown).toMatch(new RegExp(`^\\| ${d} \\| `, 'm'));
    // The verdict is a callout of its kind, with the partial answer's explanation.
    expect(doc.markdown).toMatch(/> \[!WARNING\]\n> \*\*Cause: partly\.\*\* .*CONSTRAINT_MEMCG/);
    expect(doc.markdown).toContain('| Answer | Node out of memory (global OOM killer) |');
  });

  it('cites the pinned and the reference lines as footnotes with file:line and the line itself', () => {
    const { doc } = renderGraded(middling());
    const kill = doc.footnotes.find((f) => f.ref.eventId === 'dmesg.txt:287');
    expect(kill?.ref.excerpt).toContain('Killed process 2150 (containerd-shim)');
    expect(doc.markdown).toMatch(
      /^\[\^L\d+\]: `dmesg\.txt:287` `\[ 3087\.593612\] Memory cgroup out of memory/m,
    );
    // The stray pin is named as such; the required line missed (dmesg.txt:286) is called out.
    expect(doc.markdown).toMatch(/- Not a reference line \[\^L\d+\]/);
    expect(doc.markdown).toMatch(/> - CONSTRAINT_MEMCG: .* \[\^L\d+\]/);
    expect(doc.footnotes.map((f) => f.ref.eventId)).toEqual(
      expect.arrayContaining(['crictl-ps-a.txt:3', 'dmesg.txt:286', 'crictl-inspect.json:394']),
    );
  });

  it('lists the rulings with why, the skipped verification with its commands, the checks, the notes', () => {
    const { doc } = renderGraded(middling());
    expect(doc.markdown).toMatch(
      /\| Kernel OOM killer at a memory cgroup limit \| .* \| no \| .*rejecting it cannot be right/,
    );
    expect(doc.markdown).toMatch(
      /^\| Read the memory events of pod payments\/checkout-tkv49ntw2-qc86p \| `cat \/sys\/fs\/cgroup\/.*memory\.events` \|$/m,
    );
    expect(doc.markdown).toMatch(/^\| 3 \| free -m \| yes \| It settles oom-kill-host\. \|$/m);
    // The trainer's notes are Markdown: bold stays bold.
    expect(doc.markdown).toContain('**What this drill is about.**');
    // The practice starts from the required line the trainee missed.
    expect(doc.markdown).toMatch(
      /## What to practise next\n\n- Reason from the deciding line, dmesg\.txt:286/,
    );
  });

  it("keeps the trainee's words as text: no HTML, no tag survives", () => {
    const { doc } = renderGraded(middling());
    expect(doc.markdown).not.toMatch(/(?<!\\)<script/);
    expect(doc.markdown).toContain('\\<script\\>alert(1)\\</script\\>');
  });

  it('a perfect attempt says so: nothing skipped, a harder scenario next', () => {
    const perfect: TraineeAnswer = {
      ...middling(),
      cause: 'oom-kill-cgroup/shim',
      pinned: M.keyEvidence.map((k) => ({ file: k.file, line: k.line })),
      rejected: [
        { hypothesisId: 'oom-kill-host', reason: 'CONSTRAINT_MEMCG', cites: [] },
        { hypothesisId: 'oom-kill-cgroup/container', reason: 'the victim is the shim', cites: [] },
        { hypothesisId: 'manual-or-automation-kill', reason: 'the kernel killed it', cites: [] },
        { hypothesisId: 'kernel-hang', reason: 'no hung task', cites: [] },
      ],
      checks: [{ gapId: 'memory-events', command: '', atStep: 3 }],
      verificationDone: [...M.verification],
      hintsUsed: 0,
      seconds: 300,
    };
    const { doc, values } = renderGraded(perfect);
    expect(values.score).toBe('100 / 100');
    expect(doc.markdown).toContain('> [!TIP]\n> **Cause: right.**');
    expect(doc.markdown).toContain('None: every verification step the scenario expects was done.');
    expect(values.practise_next).toEqual(['Try an intermediate scenario.']);
    expect(doc.markdown).not.toContain('required lines you missed');
  });

  it('renders as test/golden/training-feedback.graded.md', () => {
    const { doc } = renderGraded(middling());
    if (UPDATE) writeFileSync(GOLDEN, doc.markdown);
    expect(
      existsSync(GOLDEN),
      'no golden: run UPDATE_GOLDEN=1 npx vitest run src/core/training/feedback.test.ts',
    ).toBe(true);
    expect(doc.markdown).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe('the template with nothing filled (the Document tab offers it for any incident)', () => {
  it('renders every section with a note instead of a value, and nothing broken', () => {
    const draft = fillDraft(template, { pins: [], sources: [], lines: {} });
    const doc = renderDocument(template, draft, { ...RENDER_BASE, lines: {} });
    expect(doc.warnings).toEqual([]);
    expect(doc.markdown).not.toMatch(/undefined|\[object Object\]|NaN/);
    expect(doc.markdown.startsWith('# Training feedback\n')).toBe(true);
    expect(doc.markdown).toContain('_Not graded yet: play a scenario');
    expect(doc.markdown).toContain('_No line pinned._');
    expect(doc.markdown).toContain('_Nothing graded yet._');
    // No claim a graded page would make.
    expect(doc.markdown).not.toContain('None: every verification step');
    expect(doc.toc.map((t) => t.text)).toEqual([
      'Training feedback',
      'Summary',
      'How you did',
      'Evidence',
      'The lines you pinned',
      'The reference lines',
      'Ruling out',
      'Verification skipped',
      'Investigation path',
      "Trainer's notes",
      'What to practise next',
    ]);
  });
});
