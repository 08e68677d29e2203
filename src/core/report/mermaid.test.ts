import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Hypothesis } from '../analysis/model.ts';
import {
  breakLongWords,
  EMPTY_LABEL,
  ganttMilestones,
  hypothesisFlowchart,
  type KeyEvent,
  keyEventsTimeline,
  LABEL_MAX,
  type LifecycleLane,
  lifecycleGantt,
  mermaidText,
  milestoneText,
  NODE_WORD_MAX,
  SYMPTOMS_SHOWN,
  shimExitSequence,
  WORD_MAX,
} from './mermaid.ts';

// 2025-11-26 10:00:01.187 UTC, epoch µs.
const T0 = Date.UTC(2025, 10, 26, 10, 0, 1, 187) * 1000;
const SEC = 1_000_000;

const ev = (
  eventId: string,
  time: number | null,
  label: string,
  sourceName: string,
  q = 'exact',
): KeyEvent => ({
  eventId,
  time,
  timeQuality: q as KeyEvent['timeQuality'],
  label,
  sourceName,
});

describe('mermaidText', () => {
  it('replaces what the lexers react to with look-alikes', () => {
    expect(mermaidText('containerd: shim disconnected; id=#7fc2 50% {x} <b> "q" `c` a&&b')).toBe(
      "containerd∶ shim disconnected, id=♯7fc2 50٪ (x) ‹b› 'q' 'c' a&&b",
    );
  });

  it('neutralises a directive', () => {
    expect(mermaidText('%%{init: {"theme":"dark"}}%%')).toBe("٪٪(init∶ ('theme'∶'dark'))٪٪");
  });

  it('puts every kind of line break on one line', () => {
    expect(mermaidText('OOM\r\nkilled\u2028pid\u2029 2150\u0085end\ttab')).toBe(
      'OOM killed pid 2150 end tab',
    );
  });

  it('drops control characters and bidi overrides', () => {
    expect(mermaidText('ok\u202Egnp.exe\u0000\u001b[31m\u2066x\u2069')).toBe('okgnp.exe[31mx');
  });

  it('guards a statement keyword at the start', () => {
    expect(mermaidText('click x call alert()')).toBe("'click x call alert()");
    expect(mermaidText('  Section a.log')).toBe("'Section a.log");
    expect(mermaidText('2025-11-26 10:00 restarted')).toBe("'2025-11-26 10∶00 restarted");
    // The lexers' word boundary is ASCII: an accented letter does not end the keyword.
    expect(mermaidText('ganttée')).toBe("'ganttée");
    // Only the whole word: "clicked" starts no statement.
    expect(mermaidText('clicked twice')).toBe('clicked twice');
  });

  it('caps the length in code points, without splitting a surrogate pair', () => {
    const long = '🙂'.repeat(200);
    const out = mermaidText(long, 10);
    expect(Array.from(out)).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(Array.from(mermaidText('x'.repeat(500)))).toHaveLength(LABEL_MAX);
  });

  it('replaces lone surrogates and never returns an empty label', () => {
    expect(mermaidText('a\uD800b')).toBe('a\uFFFDb');
    expect(mermaidText(' \n\u202E ')).toBe(EMPTY_LABEL);
  });

  it('for any string: one line, none of the special characters, within the cap, idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 10, max: 120 }),
        (s, max) => {
          const out = mermaidText(s, max);
          expect(out).not.toMatch(/[\r\n\u0085\u2028\u2029:#%;{}<>"`\u202A-\u202E\u2066-\u2069]/);
          expect(out).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
          expect(out.length).toBeGreaterThan(0);
          expect(Array.from(out).length).toBeLessThanOrEqual(max);
          expect(out).toBe(out.trim());
          // Escaping escaped text changes nothing (a label can be escaped twice without harm).
          expect(mermaidText(out, max)).toBe(out);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('breakLongWords', () => {
  it('breaks long words after punctuation, inside camelCase, else evenly; short words stay', () => {
    expect(breakLongWords('journalctl-containerd-kubelet.txt')).toBe('journalctl- containerd- kubelet.txt');
    expect(breakLongWords("time='2025-11-24T07∶48∶16.539327780Z' level=info")).toBe(
      "time='2025-11- 24T07∶48∶16. 539327780Z' level=info",
    );
    expect(breakLongWords("'securityLevel'")).toBe("'security Level'");
    expect(breakLongWords('afcf4efe97924f55')).toBe('afcf4efe 97924f55');
    expect(breakLongWords('a'.repeat(30))).toBe(`${'a'.repeat(10)} ${'a'.repeat(10)} ${'a'.repeat(10)}`);
    expect(breakLongWords('shim disconnected — dmesg.txt')).toBe('shim disconnected — dmesg.txt');
  });

  it('never makes a keyword of the first word', () => {
    // "clickMeeee…" starts no statement; broken at its camelCase, "click Meeee…" would be a click
    // binding.
    expect(mermaidText('clickMeeeeeeeeeeeeee')).toBe('clickMeeeeeeeeeeeeee');
    const out = breakLongWords('clickMeeeeeeeeeeeeee');
    expect(out).toBe("'click Meeeeeee eeeeeee");
  });

  it('for any escaped text: only spaces added, no word over the limit, still escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (raw) => {
        const escaped = mermaidText(raw);
        const out = breakLongWords(escaped);
        for (const word of out.split(' ')) expect(Array.from(word).length).toBeLessThanOrEqual(WORD_MAX);
        const guarded = out.startsWith("'") && !escaped.startsWith("'");
        expect((guarded ? out.slice(1) : out).replace(/ /g, '')).toBe(escaped.replace(/ /g, ''));
        // Escaping it again changes nothing (no keyword at the start, no special character).
        expect(mermaidText(out, 1000)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe('keyEventsTimeline', () => {
  it('sorts by time, sections per minute, merges one millisecond into one period, untimed last', () => {
    const events = [
      ev('k:9', T0 + 90 * SEC, '%%{init: {"theme":"dark"}}%%', 'kubelet.log'),
      ev('j:4', T0, 'containerd: shim disconnected id=7fc2', 'journal.txt'),
      ev('d:1', null, 'click x call alert()', 'section a.log', 'none'),
      ev(
        'm:2',
        T0 + 734,
        'Memory cgroup out of memory: Killed process 2150 (python)',
        'dmesg.txt',
        'aligned',
      ),
      ev('m:3', T0 + 734, 'oom-kill:constraint=CONSTRAINT_MEMCG', 'dmesg.txt', 'aligned'),
      ev('d:2', null, 'second untimed', 'section a.log', 'relative'),
    ];
    expect(keyEventsTimeline(events, { zone: 60 })).toBe(
      [
        'timeline',
        '  title Key events (times in UTC+01∶00)',
        '  section 11∶00, 2025-11-26',
        '    11∶00∶01.187 : containerd∶ shim disconnected id=7fc2 — journal.txt',
        '      : Memory cgroup out of memory∶ Killed process 2150 (python) — dmesg.txt (aligned)',
        '      : oom-kill∶ constraint= CONSTRAINT_ MEMCG — dmesg.txt (aligned)',
        '  section 11∶01, 2025-11-26',
        "    11∶01∶31.187 : ٪٪(init∶ ('theme'∶ 'dark'))٪٪ — kubelet.log",
        '  section no wall-clock time',
        "    'section a.log : 'click x call alert()",
        '      : second untimed',
        '',
      ].join('\n'),
    );
  });

  it('sections per hour when the span is longer than an hour; zone west of UTC', () => {
    const events = [
      ev('a:1', T0, 'first', 'a'),
      ev('a:2', T0 + 3 * 3600 * SEC, 'third hour', 'a'),
      ev('a:3', T0 + 20 * 60 * SEC, 'same hour', 'a'),
    ];
    expect(keyEventsTimeline(events, { title: 'Checkout OOM', zone: -330 })).toBe(
      [
        'timeline',
        '  title Checkout OOM (times in UTC-05∶30)',
        '  section 04∶00 to 04∶59, 2025-11-26',
        '    04∶30∶01.187 : first — a',
        '    04∶50∶01.187 : same hour — a',
        '  section 07∶00 to 07∶59, 2025-11-26',
        '    07∶30∶01.187 : third hour — a',
        '',
      ].join('\n'),
    );
  });

  it('with no events is a title only', () => {
    expect(keyEventsTimeline([])).toBe('timeline\n  title Key events (times in UTC)\n');
  });
});

describe('lifecycleGantt', () => {
  const lane: LifecycleLane = {
    label: 'app (7fc23ca64dfc)',
    steps: [
      { step: 'created', time: T0 - 3600 * SEC, label: 'created' },
      { step: 'started', time: T0 - 3599 * SEC, label: 'started' },
      { step: 'oom-killed', time: T0, label: 'OOM-killed: python, pid 2150' },
      { step: 'shim-disconnected', time: T0 + 2000, label: 'shim disconnected' },
      { step: 'exited', time: T0 + 5 * SEC, label: 'exited 137' },
      { step: 'unknown', time: null, label: 'Unknown' },
    ],
  };

  it('draws a bar from created to exited and milestones; untimed steps are left out', () => {
    expect(lifecycleGantt([lane])).toBe(
      [
        'gantt',
        '  title Container lifecycles (times in UTC)',
        '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
        '  axisFormat %H:%M:%S',
        '  todayMarker off',
        '  section app (7fc23ca64dfc)',
        '    created → exited :c0, 2025-11-26 09:00:01.187, 2025-11-26 10:00:06.187',
        '    OOM-killed∶ python, pid 2150 :milestone, c0m0, 2025-11-26 10:00:01.187, 0ms',
        '    shim disconnected :milestone, c0m1, 2025-11-26 10:00:01.189, 0ms',
        '    exited 137 :milestone, c0m2, 2025-11-26 10:00:06.187, 0ms',
        '',
      ].join('\n'),
    );
  });

  it('writes times in the display zone, falls back to the first and last steps, skips untimed lanes', () => {
    const out = lifecycleGantt(
      [
        {
          label: 'click me',
          steps: [
            { step: 'exited', time: T0 + 3 * SEC, label: 'exited 137' },
            { step: 'state', time: T0, label: 'CONTAINER_EXITED' },
          ],
        },
        { label: 'never timed', steps: [{ step: 'unknown', time: null, label: 'Unknown' }] },
      ],
      { zone: 120 },
    );
    expect(out).toBe(
      [
        'gantt',
        '  title Container lifecycles (times in UTC+02∶00)',
        '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
        '  axisFormat %H:%M:%S.%L',
        '  todayMarker off',
        "  section 'click me",
        '    state → exited :c0, 2025-11-26 12:00:01.187, 2025-11-26 12:00:04.187',
        '    exited 137 :milestone, c0m0, 2025-11-26 12:00:04.187, 0ms',
        '',
      ].join('\n'),
    );
  });

  it('merges lines telling one step within seconds, at the most precise time, ×n', () => {
    const out = lifecycleGantt([
      {
        label: 'checkout (7fc23ca64dfc)',
        steps: [
          { step: 'created', time: T0 - 3600 * SEC, label: 'created', timeQuality: 'exact' },
          // journalctl -k: whole second, year inferred; dmesg: microseconds, aligned.
          {
            step: 'oom-killed',
            time: T0 - 187_000,
            label: 'OOM-killed pid 2150',
            timeQuality: 'inferred',
          },
          { step: 'shim-disconnected', time: T0 - 187_000, label: 'shim disconnected' },
          { step: 'exited', time: T0 - 187_000, label: 'exited 137 (synthetic)', timeQuality: 'inferred' },
          { step: 'oom-killed', time: T0 + 357, label: 'OOM-killed pid 2150', timeQuality: 'aligned' },
          // Another kill a minute later is another milestone.
          { step: 'oom-killed', time: T0 + 60 * SEC, label: 'OOM-killed pid 2300', timeQuality: 'exact' },
        ],
      },
    ]);
    expect(out.split('\n').slice(5)).toEqual([
      '  section checkout (7fc23ca64dfc)',
      '    created → exited :c0, 2025-11-26 09:00:01.187, 2025-11-26 10:00:01.000',
      '    shim disconnected :milestone, c0m0, 2025-11-26 10:00:01.000, 0ms',
      '    exited 137 (synthetic) :milestone, c0m1, 2025-11-26 10:00:01.000, 0ms',
      '    OOM-killed pid 2150 ×2 :milestone, c0m2, 2025-11-26 10:00:01.187, 0ms',
      '    OOM-killed pid 2300 :milestone, c0m3, 2025-11-26 10:01:01.187, 0ms',
      '',
    ]);
  });

  it('ganttMilestones: every milestone step in exactly one milestone, of its kind, within seconds', () => {
    const kinds = ['oom-killed', 'shim-disconnected', 'exited', 'started'];
    const step = fc.record({
      step: fc.constantFrom(...kinds),
      time: fc.integer({ min: 0, max: 20 * SEC }).map((d) => T0 + d),
      label: fc.constantFrom('exited 137', 'exited 0', 'x'),
      timeQuality: fc.constantFrom('exact', 'aligned', 'inferred') as fc.Arbitrary<KeyEvent['timeQuality']>,
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (raw) => {
        const steps = [...raw].sort((a, b) => a.time - b.time);
        const ms = ganttMilestones(steps);
        const milestoneSteps = steps.filter((s) => s.step !== 'started');
        expect(ms.reduce((n, m) => n + m.count, 0)).toBe(milestoneSteps.length);
        for (const m of ms) {
          // The milestone's time is one of its lines' times, and a sub-second one when there is one.
          const same = milestoneSteps.filter(
            (s) => s.step === m.step && Math.abs(s.time - m.time) <= 5 * SEC,
          );
          expect(same.some((s) => s.time === m.time)).toBe(true);
          if (m.count > 1 && m.time % SEC === 0)
            expect(
              same.filter((s) => s.label === m.label || m.step !== 'exited').every((s) => s.time % SEC === 0),
            ).toBe(true);
        }
        for (let k = 1; k < ms.length; k++) expect(ms[k].time).toBeGreaterThanOrEqual(ms[k - 1].time);
        expect(ms.every((m) => !milestoneText(m).includes('\n'))).toBe(true);
      }),
    );
  });

  it('cuts a long container name to what fits left of the bars', () => {
    const out = lifecycleGantt([
      {
        label: 'payments-checkout-worker-canary (7fc23ca64dfc)',
        steps: [{ step: 'oom-killed', time: T0, label: 'OOM-killed' }],
      },
    ]);
    expect(out).toContain('  section payments-checkout-worker-ca…\n');
  });

  it('draws no bar when a lane has one instant only', () => {
    const out = lifecycleGantt([{ label: 'x', steps: [{ step: 'oom-killed', time: T0, label: '' }] }]);
    expect(out).not.toContain(':c0,');
    expect(out).toContain('    oom-killed :milestone, c0m0, 2025-11-26 10:00:01.187, 0ms');
  });
});

// The tree the bundled sample gives (issue 5 brief): the memcg OOM killer killed the sandbox's
// shim (dmesg.txt:287), so oom-kill-cgroup and its `shim` child are supported.
function h(
  id: string,
  verdict: Hypothesis['verdict'],
  score: number,
  extra: Partial<Hypothesis> = {},
): Hypothesis {
  return {
    id,
    cause: id.split('/')[0] as Hypothesis['cause'],
    title: id,
    score,
    verdict,
    reason: `${id} is ${verdict}.`,
    for: [],
    against: [],
    gaps: [],
    children: [],
    explains: [],
    ...extra,
  };
}

function sampleLike(over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    symptoms: [
      {
        id: 'container-unknown:7fc23ca64dfc',
        kind: 'container-unknown',
        title: 'container 7fc23ca64dfc is Unknown',
        time: null,
        eventIds: ['crictl-ps-a.txt:11'],
        findingIds: [],
        facts: {},
        source: 'detected',
      },
      {
        id: 'shim-died:afcf4efe9792',
        kind: 'shim-died',
        title: 'shim afcf4efe9792 died',
        time: null,
        eventIds: ['journalctl-containerd-kubelet.txt:329'],
        findingIds: [],
        facts: {},
        source: 'detected',
      },
    ],
    findings: [],
    hypotheses: [
      h('oom-kill-cgroup', 'supported', 0.93, {
        title: 'OOM kill in a cgroup',
        children: [
          h('oom-kill-cgroup/shim', 'supported', 0.91, { title: 'the shim was killed' }),
          h('oom-kill-cgroup/init', 'unlikely', 0.08, { title: "the container's init was killed" }),
        ],
      }),
      h('oom-kill-host', 'unlikely', 0.05, { title: 'host OOM' }),
      h('manual-or-automation-kill', 'refuted', 0.02, {
        title: 'manual or automation kill',
        decision: { state: 'rejected', note: 'no one was on the node' },
      }),
    ],
    verdict: {
      cause: 'oom-kill-cgroup',
      by: 'engine',
      hypothesis: 'oom-kill-cgroup/shim',
      confidence: 0.93,
      reason: 'x',
    },
    gaps: [],
    steps: { verification: [], remediation: [] },
    coverage: [],
    focus: { containers: [], sandboxes: [], pods: [], time: null, symptomIds: [] },
    ...over,
  };
}

describe('hypothesisFlowchart', () => {
  it("sums up the children of a cause ruled out, but keeps the analyst's own", () => {
    const r = sampleLike();
    r.hypotheses[1].children = [
      h('oom-kill-host/shim', 'open', 0.1, { title: 'the shim' }),
      h('oom-kill-host/container', 'open', 0.1, { title: 'the container' }),
      h('custom:mine', 'open', 0.1, { title: 'my idea', custom: true }),
    ];
    const lines = hypothesisFlowchart(r).trimEnd().split('\n');
    // The label's colon is drawn as U+2236 (mermaidText: a colon would end the label).
    expect(lines).toContain('  h1_2["analyst\'s∶ my idea<br/>open · 0.10"]');
    expect(lines.some((l) => /^ {2}h1_[01]\b/.test(l))).toBe(false);
    expect(lines).toContain('  h1["host OOM<br/>unlikely · 0.05<br/>(2 more specific, ruled out with it)"]');
  });

  it('draws the symptoms, every hypothesis with its verdict and score, children below their cause', () => {
    const text = hypothesisFlowchart(sampleLike());
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain(
      '  s["Symptoms<br/>container 7fc23ca64dfc is Unknown<br/>shim afcf4efe9792 died"]',
    );
    expect(lines).toContain('  h0["OOM kill in a cgroup<br/>supported · 0.93"]');
    expect(lines).toContain('  h0_0["the shim was killed<br/>supported · 0.91 · ★ winner"]');
    expect(lines).toContain('  h0_1["the container\'s init was killed<br/>unlikely · 0.08"]');
    // Edges: symptoms to each cause, cause to child; dotted to the weak ones.
    expect(lines).toEqual(
      expect.arrayContaining(['  s --> h0', '  h0 --> h0_0', '  h0 -.-> h0_1', '  s -.-> h1', '  s -.-> h2']),
    );
    // Classes by verdict, the winner marked, a classDef for each class used.
    expect(lines).toEqual(
      expect.arrayContaining([
        '  class h0 supported',
        '  class h0_0 supported',
        '  class h0_0 winner',
        '  class h0_1 unlikely',
        '  class h2 refuted',
        '  class s symptom',
      ]),
    );
    const used = new Set(lines.flatMap((l) => /^ {2}class \S+ (\S+)$/.exec(l)?.[1] ?? []));
    const defined = new Set(lines.flatMap((l) => /^ {2}classDef (\S+) /.exec(l)?.[1] ?? []));
    for (const c of used) expect(defined).toContain(c);
    // The winner is marked once.
    expect(text.match(/★ winner/g)).toHaveLength(1);
  });

  it('keeps a rejected hypothesis, labelled with the note and greyed', () => {
    const lines = hypothesisFlowchart(sampleLike()).split('\n');
    expect(lines).toContain(
      '  h2["manual or automation kill<br/>refuted · 0.02<br/>REJECTED by the analyst∶ no one was on the node"]',
    );
    expect(lines).toContain('  class h2 rejected');
  });

  it("shows an accepted decision and an analyst's own hypothesis", () => {
    const r = sampleLike({
      hypotheses: [
        h('custom:fan', 'likely', 0.5, {
          title: 'a fan failed',
          custom: true,
          decision: { state: 'accepted', note: '' },
        }),
      ],
      verdict: { cause: 'other', by: 'analyst', hypothesis: 'custom:fan', confidence: 0.5, reason: 'x' },
    });
    const lines = hypothesisFlowchart(r).split('\n');
    expect(lines).toContain(
      '  h0["analyst\'s∶ a fan failed<br/>likely · 0.50 · ★ winner<br/>accepted by the analyst"]',
    );
    expect(lines).toEqual(
      expect.arrayContaining(['  class h0 likely', '  class h0 winner', '  class h0 accepted']),
    );
  });

  it('lists at most SYMPTOMS_SHOWN symptoms and counts the rest; says so when there is none', () => {
    const base = sampleLike().symptoms[0];
    const many = Array.from({ length: SYMPTOMS_SHOWN + 3 }, (_, i) => ({
      ...base,
      id: `s${i}`,
      title: `sym ${i}`,
    }));
    const text = hypothesisFlowchart(sampleLike({ symptoms: many }));
    expect(text).toContain(`sym ${SYMPTOMS_SHOWN - 1}<br/>+3 more"]`);
    expect(text).not.toContain(`sym ${SYMPTOMS_SHOWN}<`);
    expect(hypothesisFlowchart(sampleLike({ symptoms: [] }))).toContain(
      's["Symptoms<br/>(no symptom detected)"]',
    );
  });

  it('escapes hostile titles, notes and symptoms with the one escaping function', () => {
    const evil =
      '"]\n%%{init: {"securityLevel":"loose"}}%%\nclick s call alert(1)\n`x` <script>alert(1)</script> [b] {c} #quot; a;b';
    const base = sampleLike();
    const text = hypothesisFlowchart(
      sampleLike({
        symptoms: [{ ...base.symptoms[0], title: evil }],
        hypotheses: [
          h('custom:x', 'open', 0.1, {
            title: evil,
            custom: true,
            decision: { state: 'rejected', note: evil },
            children: [h('custom:y', 'open', 0.1, { title: evil, custom: true })],
          }),
        ],
      }),
    );
    // Every line is one of the builder's statement shapes: nothing split off into a new statement.
    for (const line of text.trimEnd().split('\n').slice(1))
      expect(line).toMatch(/^ {2}(classDef \w+ [^"]+|class \w+ \w+|\w+ (-->|-\.->) \w+|\w+\["[^"]*"\])$/);
    expect(text).not.toMatch(/%%|<script|`|#quot;|\{init/);
    // Inside the labels, the only markup is the builder's own line breaks, and no word is wider
    // than NODE_WORD_MAX.
    const labels = [...text.matchAll(/\["([^"]*)"\]/g)].map((m) => m[1]);
    expect(labels).toHaveLength(3);
    for (const label of labels) {
      expect(label.replace(/<br\/>/g, '')).not.toMatch(/[<>]/);
      for (const word of label.split(/<br\/>| /))
        expect(Array.from(word).length).toBeLessThanOrEqual(NODE_WORD_MAX);
    }
  });
});

describe('shimExitSequence', () => {
  it('draws the call chain of a shim exit with the incident ids', () => {
    expect(
      shimExitSequence({
        container: '7fc23ca64dfc',
        sandbox: 'afcf4efe9792',
        pod: 'payments/checkout-tkv49ntw2-qc86p',
        shimPid: '2150',
        exitCode: '137',
        oomKill: true,
      }),
    ).toBe(
      [
        'sequenceDiagram',
        '  participant K as Linux kernel',
        '  participant S as containerd-shim (pid 2150)',
        '  participant D as containerd',
        '  participant R as CRI plugin',
        '  participant L as kubelet (pod payments/checkout-tkv49ntw2-qc86p)',
        '  K->>S: OOM killer sends SIGKILL',
        '  Note over S: shim process exits, its tasks lose their parent (sandbox afcf4efe9792)',
        '  S--xD: ttrpc connection closes',
        '  D->>D: shim disconnected id=afcf4efe9792',
        '  D->>D: cleanup dead shim',
        '  D->>R: TaskExit container 7fc23ca64dfc exit status 137 (published by containerd)',
        '  R->>L: container 7fc23ca64dfc state Unknown',
        '  L->>L: PLEG ContainerDied, restart per restartPolicy',
        '',
      ].join('\n'),
    );
  });

  it('without ids it still tells the chain, a kill of unknown origin', () => {
    const text = shimExitSequence();
    expect(text).toContain('participant S as containerd-shim\n');
    expect(text).toContain('K->>S: SIGKILL (OOM killer, a person or automation)');
    expect(text).toContain('D->>R: TaskExit the container exit status 137');
    expect(text).toContain('Note over S: shim process exits, its tasks lose their parent\n');
  });

  it('escapes every id: no directive, no statement break, no HTML', () => {
    const text = shimExitSequence({
      container: 'x\nparticipant Z',
      pod: '%%{init: {"theme":"dark"}}%%;<b>',
      shimPid: '1#2;3',
    });
    // `>` stays out of the set: the builder's own arrows (`->>`) have it.
    expect(text).not.toMatch(/%%|[{};<]|^\s*participant Z/m);
    expect(text.split('\n')).toHaveLength(15);
    expect(text).toContain("kubelet (pod ٪٪(init∶ ('theme'∶'dark'))٪٪,‹b›)");
  });
});
