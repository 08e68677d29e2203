// Mermaid builders for the key-events panel and the document (issue 4 part 5): the analyst's
// pinned events as a `timeline`, container lifecycles as a `gantt`; and the cause-hypothesis
// tree of the analysis as a `flowchart` (issue 5 part 5). Pure: text in, text out.
//
// Every piece of text that lands in a diagram (event messages, notes, source and container names,
// and the times we format ourselves) goes through `mermaidText`, the one escaping function. Log
// lines are attacker-controlled (a pod can print anything), and Mermaid's grammars have no escape
// syntax for these diagrams, so text is made inert by replacing what the lexers and the
// preprocessor react to. docs/diagrams.md explains each rule.
import type { AnalysisResult, Hypothesis, Verdict } from '../analysis/model.ts';
import type { TimeQuality } from '../model/event.ts';

/** One pinned event, ready for the diagram. */
export interface KeyEvent {
  eventId: string;
  /** Epoch µs, or null when the event has no wall-clock time (e.g. raw dmesg before alignment). */
  time: number | null;
  timeQuality: TimeQuality;
  /** The analyst's note, else the event's message (cut by the builder). */
  label: string;
  sourceName: string;
}

export interface DiagramOptions {
  title?: string;
  /** Display zone, minutes east of UTC (default 0 = UTC). */
  zone?: number;
}

export interface LifecycleLane {
  /** The container as a person calls it: `app (7fc23ca64dfc)`. */
  label: string;
  steps: LaneStep[];
}

export interface LaneStep {
  step: string;
  time: number | null;
  label: string;
  /** How the time was made; picks the most precise of several lines telling one step. */
  timeQuality?: TimeQuality;
}

/** Longest label kept, in code points; the diagram is a summary, the table has the full text. */
export const LABEL_MAX = 80;

/** Shown instead of a label that escaping left empty: an empty event or task is a syntax error. */
export const EMPTY_LABEL = '(no text)';

// Lone UTF-16 surrogates (a cut emoji): not text, and not always encodable when copied.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Line breaks of every kind end a Mermaid statement (the preprocessor turns \r into \n; U+2028,
// U+2029 and NEL break lines in editors), so they become spaces. Input: "OOM\r\nkilled".
const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]/g;
// Other control characters and the bidi controls that can make a label read differently from what
// it is (Trojan Source, CVE-2021-42574) are dropped. Input: "ok\u202Egnp.exe".
const INVISIBLE_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// What Mermaid's lexers and preprocessor react to, each replaced by a look-alike that they do not:
// `:` separates a timeline period from its events (and Mermaid has no way to escape it, issue
// mermaid-js/mermaid#6557); `#` starts a comment and `#name;` an entity; `%` starts a comment
// (`%%`) or a directive (`%%{init: ...}%%`, honoured anywhere in the text); `;` ends a statement
// and an entity; `{}` open directives and accDescr blocks; `<>` would be HTML in a label; quotes
// and backticks open strings and markdown strings. The look-alikes are ones that common fonts
// have (DejaVu, Liberation, Segoe, Helvetica): fullwidth forms (％, ＃) draw as empty boxes without
// a CJK font. `&` stays: labels are drawn as text, and without `#` and `;` no entity can form.
const REPLACEMENTS: Record<string, string> = {
  ':': '\u2236', // ∶ RATIO
  '#': '\u266F', // ♯ MUSIC SHARP SIGN
  '%': '\u066A', // ٪ ARABIC PERCENT SIGN
  ';': ',',
  '{': '(',
  '}': ')',
  '<': '\u2039', // ‹
  '>': '\u203A', // ›
  '"': "'",
  '`': "'",
};
// Input: `%%{init: {"theme":"dark"}}%%`.
const SPECIAL = /[:#%;{}<>"`]/g;

// A statement keyword at the start of a line changes what the line is: a gantt task named
// "click x call alert()" becomes a click binding, a timeline period "section a.log" a section, a
// task named "2025-11-26 ..." a date token. Such a label gets a leading apostrophe.
// The lexers' `\b` is ASCII, so "ganttée" still starts with the keyword `gantt`: only an ASCII
// word character after the keyword makes it another word.
// Inputs: "click x call alert()", "section a.log", "2025-11-26 10:00 restarted", "ganttée".
const LEADING_KEYWORD =
  /^(?:click|call|href|section|title|timeline|gantt|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|acctitle|accdescr\w*|\d{4}-\d{2}-\d{2})(?![A-Za-z0-9_])/i;

/**
 * The one escaping function: `text` made safe to stand anywhere a label stands in a Mermaid
 * `timeline` or `gantt` line. One line, no syntax, no directive, no HTML, no bidi trick, at most
 * `max` code points (an ellipsis marks a cut), never empty.
 */
export function mermaidText(text: string, max = LABEL_MAX): string {
  let s = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAKS, ' ')
    .replace(INVISIBLE_CONTROLS, '')
    .replace(SPECIAL, (c) => REPLACEMENTS[c] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (LEADING_KEYWORD.test(s)) s = `'${s}`;
  const chars = Array.from(s);
  if (chars.length > Math.max(1, max))
    s = `${chars
      .slice(0, Math.max(1, max) - 1)
      .join('')
      .trimEnd()}…`;
  return s === '' ? EMPTY_LABEL : s;
}

/**
 * Longest run without a space in a timeline box, in code points. Mermaid's timeline wraps its
 * 150 px boxes at spaces only, so a longer word (an id, a path, an ISO time) would run out of
 * its box and be clipped; 14 characters of 16 px text stay inside a box even in capitals.
 */
export const WORD_MAX = 14;

// Where a long word reads best when broken: after punctuation that already separates its parts.
// Inputs: "journalctl-containerd-kubelet.txt", "time='2025-11-24T07∶48∶16.539327780Z'",
// "oom-kill∶constraint=CONSTRAINT_MEMCG".
const WORD_BREAK_AFTER = /[-/_.,=∶@|+)\]›]/u;

/** A word can break after punctuation, or inside camelCase ("security Level"). */
function breaksAfter(c: string, next: string): boolean {
  return WORD_BREAK_AFTER.test(c) || (/\p{Ll}/u.test(c) && /\p{Lu}/u.test(next));
}

/**
 * Breaks every word longer than `max` code points into pieces of at most `max`, with a space:
 * after punctuation or inside camelCase where there is some (`journalctl- containerd- kubelet.txt`),
 * else into pieces of even length (`afcf4efe 97924f55`). Only spaces are added, and never in front of the
 * text, so an escaped label stays escaped (the keyword guard is checked again).
 */
export function breakLongWords(text: string, max = WORD_MAX): string {
  const out = text
    .split(' ')
    .map((word) => {
      let rest = Array.from(word);
      if (rest.length <= max) return word;
      const pieces: string[] = [];
      while (rest.length > max) {
        let cut = 0;
        // The last break opportunity in the window that leaves 2+ characters on this line and
        // 3+ for the next ("namespace= k8s.io", not "namespace=k8s. io").
        for (let k = Math.min(max, rest.length - 3) - 1; k >= 1 && cut === 0; k--)
          if (breaksAfter(rest[k], rest[k + 1])) cut = k + 1;
        if (cut === 0) cut = Math.ceil(rest.length / Math.ceil(rest.length / max));
        pieces.push(rest.slice(0, cut).join(''));
        rest = rest.slice(cut);
      }
      if (rest.length > 0) pieces.push(rest.join(''));
      return pieces.join(' ');
    })
    .join(' ');
  // A break right after a keyword's last letter would make it a statement ("clickme..." is not
  // one, "click me..." is): such a label gets the guard mermaidText gives keywords.
  return LEADING_KEYWORD.test(out) && !LEADING_KEYWORD.test(text) ? `'${out}` : out;
}

/** A text for a timeline box: escaped, cut to `max`, long words broken so that it wraps. */
export function timelineText(text: string, max = LABEL_MAX): string {
  return breakLongWords(mermaidText(text, max));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock parts of epoch µs in a zone (minutes east of UTC). */
function partsIn(us: number, zone: number) {
  const d = new Date(Math.floor(us / 1000) + zone * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** "UTC", "UTC+01:00", "UTC-05:30" (raw: it goes through mermaidText with the title). */
function zoneName(zone: number): string {
  if (zone === 0) return 'UTC';
  const m = Math.abs(zone);
  return `UTC${zone < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

// A time that is not the source's own stamp says how it was made (aligned from another clock,
// year or zone inferred), after the source: "dmesg.txt (aligned)".
const QUALITY_NOTE: Partial<Record<TimeQuality, string>> = {
  aligned: 'aligned',
  inferred: 'inferred',
  relative: 'relative',
};

/** Longest source name kept, in code points (the table and the list have it whole). */
export const SOURCE_MAX = 40;

/** The section of a timeline that holds events without a wall-clock time. */
export const UNTIMED_SECTION = 'no wall-clock time';

/** One hour: a span up to it gets a section per minute, a longer one a section per hour. */
const MINUTE_SECTIONS_MAX_US = 3_600_000_000;

/**
 * A Mermaid `timeline` of the key events in time order: a section per minute (span up to an hour)
 * or per hour, one period per distinct time (ms precision) holding its events as
 * `label — source`; events without a wall-clock time last, in a section of their own, with their
 * source as the period.
 */
export function keyEventsTimeline(events: readonly KeyEvent[], opts: DiagramOptions = {}): string {
  const zone = opts.zone ?? 0;
  const title = `${opts.title ?? 'Key events'} (times in ${zoneName(zone)})`;
  const lines = ['timeline', `  title ${mermaidText(title, 120)}`];
  const timed = events
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: KeyEvent & { time: number }; i: number } => x.e.time !== null)
    .sort((a, b) => a.e.time - b.e.time || a.i - b.i)
    .map((x) => x.e);
  const untimed = events.filter((e) => e.time === null);

  const eventText = (e: KeyEvent) => {
    const note = QUALITY_NOTE[e.timeQuality];
    const source = timelineText(e.sourceName, SOURCE_MAX);
    return `${timelineText(e.label)} — ${note ? `${source} (${note})` : source}`;
  };

  if (timed.length > 0) {
    const span = timed[timed.length - 1].time - timed[0].time;
    const byMinute = span <= MINUTE_SECTIONS_MAX_US;
    let section = '';
    let period = '';
    for (const e of timed) {
      const p = partsIn(e.time, zone);
      // Time first: a date at the start of a label would be escaped (see LEADING_KEYWORD).
      const name = byMinute ? `${p.hh}:${p.mm}, ${p.date}` : `${p.hh}:00 to ${p.hh}:59, ${p.date}`;
      if (name !== section) {
        section = name;
        period = '';
        lines.push(`  section ${mermaidText(name)}`);
      }
      const when = `${p.hh}:${p.mm}:${p.ss}.${p.ms}`;
      // Events at the same millisecond share one period: a continuation line is `: event`.
      lines.push(when === period ? `      : ${eventText(e)}` : `    ${mermaidText(when)} : ${eventText(e)}`);
      period = when;
    }
  }

  if (untimed.length > 0) {
    lines.push(`  section ${mermaidText(UNTIMED_SECTION)}`);
    // Grouped by source (in order of first appearance): the source is the period.
    const bySource = new Map<string, KeyEvent[]>();
    for (const e of untimed) bySource.set(e.sourceName, [...(bySource.get(e.sourceName) ?? []), e]);
    for (const [source, list] of bySource) {
      list.forEach((e, j) => {
        const text = timelineText(e.label);
        lines.push(j === 0 ? `    ${timelineText(source, SOURCE_MAX)} : ${text}` : `      : ${text}`);
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Steps drawn as milestones on a container's lane. */
export const MILESTONE_STEPS: ReadonlySet<string> = new Set([
  'oom-killed',
  'killed',
  'shim-disconnected',
  'exited',
  'unknown',
]);

/**
 * Two lines telling the same step this close together are one milestone: the kernel's kill in
 * `journalctl -k` (whole seconds) and in `dmesg` (microseconds), or crictl's and containerd's exit.
 * The entity panel's lane joins them with the same window.
 */
export const SAME_STEP_US = 5_000_000;

/** One milestone: the most precise of the lines that tell the step, and how many do. */
export interface Milestone {
  step: string;
  time: number;
  label: string;
  count: number;
}

// Better stamps first: the source's own clock, then one aligned from another clock, then a
// guessed year or zone, then relative times.
const QUALITY_RANK: Record<TimeQuality, number> = { exact: 0, aligned: 1, inferred: 2, relative: 3, none: 4 };

/** What makes two lines the same step: the kind, and for an exit its code ("exited 137"). */
function stepKey(s: LaneStep): string {
  const code = s.step === 'exited' ? /^exited\s+(-?\d+)/i.exec(s.label) : null;
  return code ? `exited ${code[1]}` : s.step;
}

/**
 * The milestones of a lane's timed steps (in time order): steps of the same kind within
 * SAME_STEP_US of the first of them are one milestone, at the most precise time among them
 * (a sub-second stamp before a whole-second one, then by time quality, then the earliest).
 */
export function ganttMilestones(steps: readonly (LaneStep & { time: number })[]): Milestone[] {
  const groups: { key: string; members: (LaneStep & { time: number })[] }[] = [];
  for (const s of steps) {
    if (!MILESTONE_STEPS.has(s.step)) continue;
    const key = stepKey(s);
    const group = groups.findLast((g) => g.key === key && s.time - g.members[0].time <= SAME_STEP_US);
    if (group) group.members.push(s);
    else groups.push({ key, members: [s] });
  }
  const rank = (s: LaneStep & { time: number }) => [
    s.time % 1_000_000 === 0 ? 1 : 0,
    QUALITY_RANK[s.timeQuality ?? 'exact'],
  ];
  return groups
    .map(({ members }) => {
      const best = members.reduce((a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        return rb[0] < ra[0] || (rb[0] === ra[0] && rb[1] < ra[1]) ? b : a;
      });
      return { step: best.step, time: best.time, label: best.label || best.step, count: members.length };
    })
    .sort((a, b) => a.time - b.time);
}

/** Longest milestone name, in code points: it is drawn beside the milestone, on one line. */
export const MILESTONE_MAX = 60;

/** A milestone's name: its label, and `×2` when two lines tell it (as on the entity lane). */
export function milestoneText(m: Milestone): string {
  const times = m.count > 1 ? ` ×${m.count}` : '';
  return `${mermaidText(m.label, MILESTONE_MAX - times.length)}${times}`;
}

/**
 * Longest container name in a gantt, in code points: Mermaid draws section titles on one line in
 * the room left of the bars (11 px text; the app leaves 180 px), and a longer one runs under them.
 */
export const GANTT_SECTION_MAX = 28;

/** The gantt's date format: ms precision, in the display zone (see ganttDate). */
export const GANTT_DATE_FORMAT = 'YYYY-MM-DD HH:mm:ss.SSS';

/**
 * A time as the gantt's task data: the wall clock of the display zone. Mermaid parses it (dayjs)
 * and draws the axis (d3) both in the browser's local zone, so the axis reads the same clock
 * the string says, whatever the browser's zone is.
 */
function ganttDate(us: number, zone: number): string {
  const p = partsIn(us, zone);
  return `${p.date} ${p.hh}:${p.mm}:${p.ss}.${p.ms}`;
}

/** Ticks that fit the span: ms for a few seconds, seconds within hours, dates beyond two days. */
function axisFormat(spanUs: number): string {
  if (spanUs <= 120_000_000) return '%H:%M:%S.%L';
  if (spanUs <= 7_200_000_000) return '%H:%M:%S';
  if (spanUs <= 172_800_000_000) return '%H:%M';
  return '%m-%d %H:%M';
}

/**
 * A Mermaid `gantt` of container lifecycles: a section per container, a bar from its creation (or
 * start, or first step) to its exit (or last step), and a milestone per OOM kill, kill, shim
 * disconnect, exit and Unknown state (several lines telling one of them within seconds are one
 * milestone, see ganttMilestones). Steps without a wall-clock time cannot be placed and are left
 * out; a lane with no timed step is left out.
 */
export function lifecycleGantt(lanes: readonly LifecycleLane[], opts: DiagramOptions = {}): string {
  const zone = opts.zone ?? 0;
  const title = `${opts.title ?? 'Container lifecycles'} (times in ${zoneName(zone)})`;
  const placed = lanes
    .map((lane) => ({
      label: lane.label,
      steps: lane.steps
        .filter((s): s is typeof s & { time: number } => s.time !== null)
        .map((s, i) => ({ s, i }))
        .sort((a, b) => a.s.time - b.s.time || a.i - b.i)
        .map((x) => x.s),
    }))
    .filter((lane) => lane.steps.length > 0);
  const all = placed.flatMap((l) => l.steps.map((s) => s.time));
  const span = all.length > 0 ? Math.max(...all) - Math.min(...all) : 0;
  const lines = [
    'gantt',
    `  title ${mermaidText(title, 120)}`,
    `  dateFormat ${GANTT_DATE_FORMAT}`,
    `  axisFormat ${axisFormat(span)}`,
    // Incidents are in the past: a "today" line would stretch the axis to now.
    '  todayMarker off',
  ];
  placed.forEach((lane, c) => {
    lines.push(`  section ${mermaidText(lane.label, GANTT_SECTION_MAX)}`);
    const first =
      lane.steps.find((s) => s.step === 'created') ??
      lane.steps.find((s) => s.step === 'started') ??
      lane.steps[0];
    const milestones = ganttMilestones(lane.steps);
    // The bar ends at the exit milestone (its most precise line), else at the last step.
    const after = lane.steps.filter((s) => s.time >= first.time);
    const end =
      milestones.find((m) => m.step === 'exited' && m.time >= first.time) ?? after[after.length - 1];
    if (end.time > first.time) {
      const name = mermaidText(`${first.step} → ${end.step}`);
      lines.push(`    ${name} :c${c}, ${ganttDate(first.time, zone)}, ${ganttDate(end.time, zone)}`);
    }
    milestones.forEach((m, k) => {
      lines.push(`    ${milestoneText(m)} :milestone, c${c}m${k}, ${ganttDate(m.time, zone)}, 0ms`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/** Longest hypothesis title or symptom in a flowchart node, in code points. */
export const NODE_TEXT_MAX = 60;

/** Longest word in a flowchart node: a longer one (an id, a cgroup path) makes the node very wide. */
export const NODE_WORD_MAX = 24;

/** Symptoms listed in the symptoms node; the rest are counted. */
export const SYMPTOMS_SHOWN = 6;

/** Node text: escaped, cut, long words broken (a flowchart node grows with its longest word). */
function nodeText(text: string, max = NODE_TEXT_MAX): string {
  return breakLongWords(mermaidText(text, max), NODE_WORD_MAX);
}

// One style per verdict, the winner and the analyst's decisions. Static text: no input reaches it.
const FLOWCHART_CLASSES = [
  'classDef symptom fill:#fff4d6,stroke:#b7791f,color:#3d2b00',
  'classDef supported fill:#d8f0dc,stroke:#2f7d3a,color:#12351a',
  'classDef likely fill:#e6f4ea,stroke:#5a9e67,color:#1e3d24',
  'classDef open fill:#f1f3f5,stroke:#868e96,color:#212529',
  'classDef unlikely fill:#fcefe3,stroke:#c2781f,color:#4a2a05',
  'classDef refuted fill:#fbe3e3,stroke:#b42318,color:#4a0e0a,stroke-dasharray:4 3',
  'classDef winner stroke-width:4px',
  'classDef rejected fill:#eeeeee,stroke:#666666,color:#555555,stroke-dasharray:2 2',
  'classDef accepted stroke:#1d4ed8,stroke-width:3px',
];

const VERDICT_CLASS: Record<Verdict, string> = {
  supported: 'supported',
  likely: 'likely',
  open: 'open',
  unlikely: 'unlikely',
  refuted: 'refuted',
};

const DECISION_TEXT = {
  accepted: 'accepted by the analyst',
  rejected: 'REJECTED by the analyst',
  open: 'marked open by the analyst',
};

/**
 * The cause-hypothesis tree as a Mermaid `flowchart TD`: the symptoms in one node, an edge from
 * it to every cause (dotted to an unlikely or refuted one), each cause with its children below.
 * A node reads its title, then its verdict and score (`supported · 0.93`), then the analyst's
 * decision when there is one (a rejected node is labelled and greyed, not dropped: rejected
 * branches stay in the tree with their reason). Styles are per verdict; the winning hypothesis
 * (the verdict's) gets `★ winner` and a thick border. Node ids are the builder's (s, h0, h0_1),
 * never text from the inputs: every title, symptom and note goes through mermaidText inside a
 * quoted label.
 */
export function hypothesisFlowchart(result: AnalysisResult): string {
  // Left to right: eleven causes stack down the page (which scrolls) instead of across it.
  const lines = ['flowchart LR', ...FLOWCHART_CLASSES.map((c) => `  ${c}`)];
  const shown = result.symptoms.slice(0, SYMPTOMS_SHOWN).map((s) => nodeText(s.title));
  const more = result.symptoms.length - shown.length;
  if (more > 0) shown.push(`+${more} more`);
  const symptoms = shown.length > 0 ? shown : ['(no symptom detected)'];
  lines.push(`  s["Symptoms<br/>${symptoms.join('<br/>')}"]`, '  class s symptom');
  const winner = result.verdict.hypothesis;

  const node = (h: Hypothesis, id: string, parent: string) => {
    const decision = h.decision;
    const weak = h.verdict === 'unlikely' || h.verdict === 'refuted' || decision?.state === 'rejected';
    // The children of a cause ruled out say nothing more; an analyst's own or decided child shows.
    const kids = weak ? h.children.filter((c) => c.custom || c.decision) : h.children;
    const hidden = h.children.length - kids.length;
    const parts = [
      nodeText(`${h.custom ? "analyst's: " : ''}${h.title}`),
      `${h.verdict} · ${h.score.toFixed(2)}${h.id === winner ? ' · ★ winner' : ''}`,
    ];
    if (decision)
      parts.push(nodeText(`${DECISION_TEXT[decision.state]}${decision.note ? `: ${decision.note}` : ''}`));
    if (hidden > 0) parts.push(`(${hidden} more specific, ruled out with it)`);
    lines.push(`  ${id}["${parts.join('<br/>')}"]`);
    lines.push(`  ${parent} ${weak ? '-.->' : '-->'} ${id}`);
    lines.push(`  class ${id} ${VERDICT_CLASS[h.verdict]}`);
    if (h.id === winner) lines.push(`  class ${id} winner`);
    if (decision?.state === 'rejected') lines.push(`  class ${id} rejected`);
    if (decision?.state === 'accepted') lines.push(`  class ${id} accepted`);
    for (const c of kids) node(c, `${id}_${h.children.indexOf(c)}`, id);
  };
  result.hypotheses.forEach((h, k) => {
    node(h, `h${k}`, 's');
  });
  return `${lines.join('\n')}\n`;
}

/** The incident's ids for the shim-exit sequence; each is optional (a missing one is left out). */
export interface ShimExitIds {
  /** The container that went Unknown (short id is fine). */
  container?: string;
  /** The sandbox whose shim served it. */
  sandbox?: string;
  /** `namespace/name`. */
  pod?: string;
  shimPid?: string;
  /** The exit status containerd published (137 = 128 + SIGKILL). */
  exitCode?: string;
  /** True when the kernel's OOM killer killed the shim (else: a SIGKILL from elsewhere). */
  oomKill?: boolean;
}

/**
 * The call chain of a shim exit as a Mermaid `sequenceDiagram`: the kill of the shim, the ttrpc
 * connection closing, containerd's `shim disconnected` and `cleanup dead shim`, the TaskExit it
 * publishes itself (137), the CRI's Unknown state and the kubelet's PLEG event. Participant ids
 * are the builder's (K, S, D, R, L); every text, ids included, goes through mermaidText.
 */
export function shimExitSequence(ids: ShimExitIds = {}): string {
  const t = (s: string) => mermaidText(s, 120);
  const shim = `containerd-shim${ids.shimPid ? ` (pid ${ids.shimPid})` : ''}`;
  const container = ids.container ? `container ${ids.container}` : 'the container';
  const sandbox = ids.sandbox ? ` ${ids.sandbox}` : '';
  const status = ids.exitCode ?? '137';
  const lines = [
    'sequenceDiagram',
    `  participant K as ${t('Linux kernel')}`,
    `  participant S as ${t(shim)}`,
    `  participant D as ${t('containerd')}`,
    `  participant R as ${t('CRI plugin')}`,
    `  participant L as ${t(ids.pod ? `kubelet (pod ${ids.pod})` : 'kubelet')}`,
    `  K->>S: ${t(ids.oomKill ? 'OOM killer sends SIGKILL' : 'SIGKILL (OOM killer, a person or automation)')}`,
    `  Note over S: ${t(`shim process exits, its tasks lose their parent${sandbox ? ` (sandbox${sandbox})` : ''}`)}`,
    `  S--xD: ${t('ttrpc connection closes')}`,
    `  D->>D: ${t(`shim disconnected${sandbox ? ` id=${ids.sandbox}` : ''}`)}`,
    `  D->>D: ${t('cleanup dead shim')}`,
    `  D->>R: ${t(`TaskExit ${container} exit status ${status} (published by containerd)`)}`,
    `  R->>L: ${t(`${container} state Unknown`)}`,
    `  L->>L: ${t('PLEG ContainerDied, restart per restartPolicy')}`,
  ];
  return `${lines.join('\n')}\n`;
}

// A `<` that opens an HTML tag, a comment or a declaration in Mermaid source, except the line
// breaks (`<br>`, `<br/>`) labels use and the `<<` of class annotations (`<<interface>>`).
// Inputs: `A["<img src=x onerror=alert(1)>"]`, `<!-- x -->`, `participant A as <b>x</b>`.
const HTML_TAG_OPEN = /(?<!<)<(?!br\s*\/?>)(?=[/!?]?[A-Za-z])/gi;

/**
 * Mermaid source as the app hands it to Mermaid to draw. The builders above escape their labels,
 * but a diagram a person wrote (a template's body, the analyst's Markdown or code field, a bundle
 * from elsewhere) can hold HTML in a label, which Mermaid draws as HTML: its sanitizer strips
 * handlers, but keeps `<img src=x>` (the browser fetches it while the diagram is drawn) and parses
 * the raw markup in the page first (where the CSP reports every inline handler it sees). Each such
 * `<` becomes Mermaid's own entity `#lt;`, which it draws as a `<`: the label reads as written and
 * no element is made of it.
 */
export function drawableMermaid(source: string): string {
  return source.replace(HTML_TAG_OPEN, '#lt;');
}
