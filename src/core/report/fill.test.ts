import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSample } from '../../../test/helpers/analysis.ts';
import type { AnalysisResult } from '../analysis/model.ts';
import type { EventRef, FieldValue, HypothesisNode, Template } from './document-model.ts';
import { citedEventIds, type FillInput, fillDraft, stepOfLabel } from './fill.ts';
import { renderDocument } from './render.ts';
import { loadTemplates, parseTemplate } from './template.ts';

/** The sample's lines as the engine would give them: `${file}:${line}` -> EventRef. */
function sampleLines(ids: string[]): Record<string, EventRef> {
  const cache = new Map<string, string[]>();
  const out: Record<string, EventRef> = {};
  for (const id of ids) {
    const k = id.lastIndexOf(':');
    const file = id.slice(0, k);
    const line = Number(id.slice(k + 1));
    if (!cache.has(file)) {
      const url = new URL(`../../../public/sample/${file}`, import.meta.url);
      cache.set(file, existsSync(url) ? readFileSync(url, 'utf8').split('\n') : []);
    }
    const text = cache.get(file)?.[line - 1];
    if (text === undefined) continue;
    out[id] = { eventId: id, file, line, excerpt: text.slice(0, 300), time: null };
  }
  return out;
}

const ALL_SOURCES = `---
id: every-source
title: Every source
description: One field per source
kind: rca
fields:
  - {name: title, type: text, label: Title, source: incident.title}
  - {name: verdict, type: text, label: Verdict, source: analysis.verdict}
  - {name: symptoms, type: list, label: Symptoms, source: analysis.symptoms}
  - {name: impact, type: markdown, label: Impact, source: analysis.impact}
  - {name: window, type: text, label: Window, source: analysis.window}
  - {name: tree, type: hypothesis-tree, label: Tree, source: analysis.hypotheses}
  - {name: rejected, type: list, label: Rejected, source: analysis.rejected}
  - {name: gaps, type: table, label: Gaps, source: analysis.gaps}
  - {name: verification, type: markdown, label: Verification, source: analysis.verification}
  - {name: remediation, type: markdown, label: Remediation, source: analysis.remediation}
  - {name: mitigations, type: list, label: Mitigations, source: analysis.mitigations}
  - {name: evidence, type: event-list, label: Evidence, source: analysis.evidence}
  - {name: key_events, type: event-list, label: Key events, source: keyEvents}
  - {name: sources, type: table, label: Sources, source: sources}
  - {name: d_key, type: code, label: Timeline, language: mermaid, source: diagram.keyEvents}
  - {name: d_tree, type: code, label: Tree, language: mermaid, source: diagram.hypotheses}
  - {name: d_life, type: code, label: Lifecycle, language: mermaid, source: diagram.lifecycle}
  - {name: d_shim, type: code, label: Shim exit, language: mermaid, source: diagram.shimExit}
  - {name: notes, type: markdown, label: Notes}
  - {name: owner, type: text, label: Owner, default: on-call}
---
# {{ doc.title }}

> [!TIP]
> {{ fields.verdict }}

## Evidence
{% for e in fields.evidence %}- {{ e.label | default: e.excerpt }}{{ e | cite }}
{% endfor %}
## Remediation
{{ fields.remediation | raw }}

{{ fields.d_shim | fence: "mermaid" }}
`;

const KILL_OOM = /OOM kill/;

let analysis: AnalysisResult;
let template: Template;
let input: FillInput;

beforeAll(async () => {
  analysis = await analyzeSample();
  template = parseTemplate(ALL_SOURCES, 'every-source.md');
  const base: FillInput = {
    analysis,
    pins: [
      { eventId: 'journalctl-k.txt:287', note: 'Killed process 2150 (the shim)' },
      { eventId: 'journalctl-containerd-kubelet.txt:329', note: '' },
      { eventId: 'nowhere.txt:1', note: 'not fetched' },
    ],
    sources: [
      {
        name: 'dmesg.txt',
        formats: ['dmesg-raw'],
        lines: 400,
        events: 398,
        alignment: 'aligned to journalctl-k.txt',
      },
      { name: 'journalctl-k.txt', formats: ['journalctl-short'], lines: 400, events: 400 },
    ],
    lines: {},
    lifecycle: [
      { label: 'created (containerd)', time: Date.UTC(2025, 10, 24, 7, 30) * 1000 },
      { label: 'shim disconnected', time: Date.UTC(2025, 10, 24, 7, 48, 16, 539) * 1000 },
      { label: 'exited 137', time: Date.UTC(2025, 10, 24, 7, 48, 16, 552) * 1000, step: 'exited' },
      { label: 'Unknown (crictl, at capture)', time: null },
    ],
  };
  input = { ...base, lines: sampleLines(citedEventIds(template, base)) };
}, 60_000);

describe('citedEventIds', () => {
  it('names the pins, the tree evidence and the symptom lines', () => {
    const ids = citedEventIds(template, input);
    expect(ids).toContain('journalctl-k.txt:287');
    expect(ids).toContain('nowhere.txt:1');
    expect(ids).toContain('dmesg.txt:287');
    for (const s of analysis.symptoms) for (const id of s.eventIds) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('stepOfLabel', () => {
  it('reads the engine lifecycle labels back into step kinds', () => {
    expect(
      [
        'OOMKilled (kubelet)',
        'OOM event (containerd TaskOOM)',
        'exited 137',
        'exited (kubelet)',
        'shim disconnected',
        'cleaning up after shim disconnected',
        'stop signal SIGKILL (containerd)',
        'Kill container (containerd)',
        'sandbox created (containerd)',
        'ContainerStarted (kubelet PLEG)',
        'stop signal SIGTERM (containerd)',
        'removed (containerd)',
        'Unknown (crictl, at capture)',
        'ContainerDied (kubelet PLEG)',
      ].map(stepOfLabel),
    ).toEqual([
      'oom-killed',
      'oom-killed',
      'exited',
      'exited',
      'shim-disconnected',
      'shim-cleaned',
      'killed',
      'killed',
      'created',
      'started',
      'stopped',
      'removed',
      'unknown',
      'state',
    ]);
  });
});

describe('fillDraft from the sample', () => {
  it('gives every field a value, none undefined', () => {
    const d = fillDraft(template, input);
    expect(Object.keys(d.values).sort()).toEqual(template.meta.fields.map((f) => f.name).sort());
    for (const [k, v] of Object.entries(d.values)) expect(v, k).toBeDefined();
    expect(d.templateId).toBe('every-source');
    expect(d.edited).toEqual([]);
    expect(d.sections).toEqual([]);
  });

  it('the verdict is one sentence about the OOM kill of the shim', () => {
    const v = fillDraft(template, input).values.verdict as string;
    expect(v).toMatch(KILL_OOM);
    expect(v).toContain('pid 2150');
    expect(v).not.toContain('\n');
  });

  it('the title and symptoms name the container', () => {
    const d = fillDraft(template, input);
    expect(d.values.title).toBe('container 7fc23ca64dfc is Unknown');
    expect(d.title).toBe('Every source: container 7fc23ca64dfc is Unknown');
    expect(d.values.symptoms).toContain('shim afcf4efe9792 died (2025-11-24T07:48:16.000Z)');
  });

  it('the evidence is the winning hypothesis lines, the kernel kill line among them', () => {
    const ev = fillDraft(template, input).values.evidence as EventRef[];
    const ids = ev.map((e) => e.eventId);
    expect(ids.some((id) => id === 'journalctl-k.txt:287' || id === 'dmesg.txt:287')).toBe(true);
    const kill = ev.find((e) => e.eventId === 'journalctl-k.txt:287');
    expect(kill?.excerpt).toContain('Killed process 2150 (containerd-shim)');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the impact names the container, the sandbox, the pod and the window', () => {
    const impact = fillDraft(template, input).values.impact as string;
    expect(impact).toContain('`7fc23ca64dfc`');
    expect(impact).toContain('`afcf4efe9792`');
    expect(impact).toContain('`payments/checkout-tkv49ntw2-qc86p`');
    expect(impact).toMatch(/Window: 2025-11-24T07:48:16/);
  });

  it('remediation has both branches, commands in sh fences', () => {
    const r = fillDraft(template, input).values.remediation as string;
    expect(r).toContain('**Branch: metadata intact**');
    expect(r).toContain('**Branch: metadata lost**');
    expect(r.indexOf('metadata intact')).toBeLessThan(r.indexOf('metadata lost'));
    expect(r).toContain(
      '   ```sh\n   ctr -n k8s.io tasks delete --force 7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27',
    );
    // Mitigations are their own field.
    expect(r).not.toContain('Keep the shim out of the pod');
    const m = fillDraft(template, input).values.mitigations as string[];
    expect(m.some((x) => x.startsWith("Keep the shim out of the pod's memory budget"))).toBe(true);
  });

  it('verification lists the steps with their commands', () => {
    const v = fillDraft(template, input).values.verification as string;
    expect(v).toMatch(/^1\. \*\*Check the metadata of container 7fc23ca64dfc/);
    expect(v).toContain('crictl inspect 7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27');
  });

  it('gaps are a table [ask, command] with a header row', () => {
    const g = fillDraft(template, input).values.gaps as string[][];
    expect(g[0]).toEqual(['What to collect', 'Command']);
    expect(g.length).toBe(analysis.gaps.length + 1);
    expect(g.slice(1).every((r) => r.length === 2)).toBe(true);
  });

  it('rejected lists refuted and unlikely causes with their reasons, the analyst rejections first', async () => {
    const plain = fillDraft(template, input).values.rejected as string[];
    expect(plain[0]).toMatch(/^The kernel hung, locked up or panicked \(refuted\): /);
    const decided = await analyzeSample({
      decisions: { 'pid-exhaustion': { state: 'rejected', note: 'pids.max is unlimited on this node' } },
    });
    const r = fillDraft(template, { ...input, analysis: decided }).values.rejected as string[];
    expect(r[0]).toBe(
      'Out of PIDs (pids.max of a cgroup, or the node): rejected by the analyst: pids.max is unlimited on this node',
    );
    expect(r.filter((x) => x.startsWith('Out of PIDs'))).toHaveLength(1);
  });

  it('the tree is plain HypothesisNodes whose refs are event ids', () => {
    const tree = fillDraft(template, input).values.tree as HypothesisNode[];
    expect(tree[0].id).toBe('oom-kill-cgroup');
    expect(tree[0].children[0]).toMatchObject({ id: 'oom-kill-cgroup/shim', verdict: 'supported' });
    expect(tree[0].for.flatMap((e) => e.refs)).toContain('dmesg.txt:287');
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });

  it('pins become key events with the notes as labels; an unfetched pin is left out', () => {
    const k = fillDraft(template, input).values.key_events as EventRef[];
    expect(k.map((e) => [e.eventId, e.label])).toEqual([
      ['journalctl-k.txt:287', 'Killed process 2150 (the shim)'],
      ['journalctl-containerd-kubelet.txt:329', undefined],
    ]);
  });

  it('sources are a table with a header', () => {
    expect(fillDraft(template, input).values.sources).toEqual([
      ['File', 'Formats', 'Lines', 'Events', 'Clock alignment'],
      ['dmesg.txt', 'dmesg-raw', '400', '398', 'aligned to journalctl-k.txt'],
      ['journalctl-k.txt', 'journalctl-short', '400', '400', ''],
    ]);
  });

  it('diagrams come from the builders, the shim exit with the incident ids and pids', () => {
    const v = fillDraft(template, input).values;
    expect(v.d_tree).toMatch(/^flowchart LR\n/);
    expect(v.d_key).toMatch(/^timeline\n/);
    expect(v.d_key).toContain('Killed process 2150 (the shim)');
    expect(v.d_life).toMatch(/^gantt\n/);
    // A section for the focus container, a bar from its creation to its exit, a milestone per
    // shim disconnect and exit (labels read back into steps); the untimed Unknown is left out.
    const life = (v.d_life as string).split('\n');
    expect(life).toContain('  section container 7fc23ca64dfc');
    expect(life.filter((l) => l.includes(':milestone,')).map((l) => l.trim().split(' :')[0])).toEqual([
      'shim disconnected',
      'exited 137',
    ]);
    expect(life.some((l) => l.startsWith('    created → exited :c0, 2025-11-24 07:30:00.000,'))).toBe(true);
    const shim = v.d_shim as string;
    expect(shim).toMatch(/^sequenceDiagram\n/);
    expect(shim).toContain('participant S as containerd-shim (pid 2150)');
    expect(shim).toContain('K->>S: OOM killer sends SIGKILL');
    expect(shim).toContain('shim disconnected id=afcf4efe9792');
    expect(shim).toContain('TaskExit container 7fc23ca64dfc exit status 137');
  });

  it('fields without a source take their default, else empty', () => {
    const d = fillDraft(template, input);
    expect(d.values.owner).toBe('on-call');
    expect(d.values.notes).toBe('');
  });

  it('without an analysis every sourced field is empty, never undefined', () => {
    const d = fillDraft(template, { pins: [], sources: [], lines: {} });
    const empty = Object.entries(d.values).filter(([k]) => k !== 'owner' && k !== 'd_shim');
    for (const [k, v] of empty)
      expect(v === '' || (Array.isArray(v) && v.length === 0), `${k}: ${String(v)}`).toBe(true);
    expect(d.title).toBe('Every source');
  });

  it('a re-fill keeps the edited fields, the title and the free sections, and refreshes the rest', () => {
    const first = fillDraft(template, input);
    const edited = {
      ...first,
      title: 'My title',
      values: { ...first.values, verdict: 'My own verdict', impact: 'stale impact' },
      edited: ['verdict', 'gone_field'],
      sections: [{ id: 's1', title: 'Timeline notes', markdown: 'mine' }],
    };
    const again = fillDraft(template, input, edited);
    expect(again.values.verdict).toBe('My own verdict');
    // Not edited: filled again from the analysis.
    expect(again.values.impact).toBe(first.values.impact);
    expect(again.title).toBe('My title');
    expect(again.edited).toEqual(['verdict']);
    expect(again.sections).toEqual([{ id: 's1', title: 'Timeline notes', markdown: 'mine' }]);
    // A draft of another template keeps nothing.
    const other = fillDraft(template, input, { ...edited, templateId: 'other' });
    expect(other.values.verdict).toBe(first.values.verdict);
  });
});

describe('render of the filled sample', () => {
  it('cites the kill line with its file and line and draws the shim exit', () => {
    const d = fillDraft(template, input);
    const doc = renderDocument(template, d, {
      incidentId: 'inc-1',
      generator: 'rca-workbench@0.1.0',
      generatedAt: '2025-11-24T09:00:00Z',
      lines: input.lines,
      analysis,
    });
    const kill = doc.footnotes.find(
      (f) => f.ref.eventId === 'journalctl-k.txt:287' || f.ref.eventId === 'dmesg.txt:287',
    );
    expect(kill).toBeDefined();
    expect(doc.markdown).toContain(`[^${kill?.label}]: \`${kill?.ref.file}:287\` \``);
    expect(doc.markdown).toMatch(/> \[!TIP\]\n> .*OOM kill/);
    expect(doc.diagrams).toHaveLength(1);
    expect(doc.diagrams[0].source).toMatch(/^sequenceDiagram/);
    expect(doc.toc.map((h) => h.text)).toEqual([
      'Every source: container 7fc23ca64dfc is Unknown',
      'Evidence',
      'Remediation',
    ]);
    expect(doc.warnings).toEqual([]);
  });
});

describe('the templates in templates/', () => {
  const dir = new URL('../../../templates/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((file) => ({ file, text: readFileSync(new URL(file, dir), 'utf8') }));

  it('load without problems and render the sample without warnings', () => {
    const { templates, problems } = loadTemplates(files);
    expect(problems).toEqual([]);
    for (const t of templates) {
      const lines = sampleLines(citedEventIds(t, { ...input, lines: {} }));
      const d = fillDraft(t, { ...input, lines });
      const doc = renderDocument(t, d, {
        incidentId: 'inc-1',
        generator: 'rca-workbench@0.1.0',
        generatedAt: '2025-11-24T09:00:00Z',
        lines,
        analysis,
      });
      const values: FieldValue[] = Object.values(d.values);
      expect(
        values.every((v) => v !== undefined),
        t.file,
      ).toBe(true);
      expect(doc.warnings, t.file).toEqual([]);
      expect(doc.markdown.length, t.file).toBeGreaterThan(100);
    }
  });
});
