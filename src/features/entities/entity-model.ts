// Pure helpers of the entity panel: which group a kind belongs to, the filter over labels, ids
// and aliases, the flat list of group headers and entity rows the virtualizer draws, and where
// the steps of a lifecycle lane go.
import type { EntitySummary, LifecycleStep, LifecycleStepKind } from '../../core/engine/engine-api.ts';
import type { EntityKind } from '../../core/model/event.ts';

export const ENTITY_GROUPS = [
  { id: 'containers', label: 'Containers', kinds: ['container'] },
  { id: 'sandboxes', label: 'Sandboxes', kinds: ['sandbox'] },
  { id: 'pods', label: 'Pods', kinds: ['pod'] },
  { id: 'processes', label: 'Processes', kinds: ['pid', 'process'] },
  { id: 'cgroups', label: 'Cgroups', kinds: ['cgroup'] },
  { id: 'others', label: 'Others', kinds: ['image', 'snapshot', 'unit', 'node'] },
] as const satisfies readonly { id: string; label: string; kinds: readonly EntityKind[] }[];

export type GroupId = (typeof ENTITY_GROUPS)[number]['id'];

export function groupOf(kind: EntityKind): GroupId {
  for (const g of ENTITY_GROUPS) if ((g.kinds as readonly EntityKind[]).includes(kind)) return g.id;
  return 'others';
}

/** Kinds whose lifecycle reads as one lane (created, started, OOM-killed, exited...). */
export function hasLifecycle(kind: EntityKind): boolean {
  return kind === 'container' || kind === 'sandbox';
}

/** Case-insensitive match of every word of `filter` against the label, id, kind, aliases and facts. */
export function matchesFilter(e: EntitySummary, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [e.label, e.id, e.kind, ...e.aliases, ...Object.values(e.facts).map(String)]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export type EntityItem =
  | { type: 'group'; id: GroupId; label: string; count: number; collapsed: boolean }
  | { type: 'entity'; entity: EntitySummary };

/**
 * Group headers and entity rows in display order: groups in ENTITY_GROUPS order (empty ones
 * left out), the busiest entities first within a group, then by label.
 */
export function buildItems(
  entities: readonly EntitySummary[],
  filter: string,
  collapsed: ReadonlySet<GroupId>,
): EntityItem[] {
  const byGroup = new Map<GroupId, EntitySummary[]>();
  for (const e of entities) {
    if (!matchesFilter(e, filter)) continue;
    const g = groupOf(e.kind);
    const list = byGroup.get(g);
    if (list) list.push(e);
    else byGroup.set(g, [e]);
  }
  const items: EntityItem[] = [];
  for (const g of ENTITY_GROUPS) {
    const list = byGroup.get(g.id);
    if (!list) continue;
    list.sort((a, b) => b.events - a.events || a.label.localeCompare(b.label));
    const isCollapsed = collapsed.has(g.id);
    items.push({ type: 'group', id: g.id, label: g.label, count: list.length, collapsed: isCollapsed });
    if (!isCollapsed) for (const entity of list) items.push({ type: 'entity', entity });
  }
  return items;
}

const STEP_WORDS: Record<LifecycleStepKind, string> = {
  created: 'created',
  started: 'started',
  'oom-killed': 'OOM-killed',
  killed: 'killed',
  'shim-disconnected': 'shim disconnected',
  'shim-cleaned': 'shim cleaned up',
  exited: 'exited',
  stopped: 'stopped',
  removed: 'removed',
  unknown: 'unknown',
  state: 'state',
};

/** A step's word on the lane; `exited` keeps its code ("exited 137"), `state` its own label. */
export function stepWord(s: Pick<LifecycleStep, 'step' | 'label'>): string {
  if (s.step === 'exited') {
    // The engine's label starts with the code: "exited 137 (synthetic, after dead-shim cleanup)".
    const code = /^exited\s+(-?\d+)/i.exec(s.label);
    return code ? `exited ${code[1]}` : 'exited';
  }
  if (s.step === 'state') return s.label.length > 24 ? `${s.label.slice(0, 23)}…` : s.label;
  return STEP_WORDS[s.step];
}

/** One mark on a lane: a step, and the same step told by other sources at about the same time. */
export interface LaneMark {
  step: LifecycleStep;
  /** The same step again (another tool's line for it), within SAME_STEP_US of the first. */
  also: LifecycleStep[];
}

/** Two lines telling the same step this close together are one mark (crictl's and containerd's "created"). */
export const SAME_STEP_US = 5_000_000;

/**
 * The lane's marks in order: timed steps by time (ties keep the engine's order), then untimed
 * ones. A step that repeats an earlier mark (same word, within SAME_STEP_US of it, or both
 * untimed) joins that mark instead of taking room of its own: the journal's second-precision
 * "OOM-killed" and dmesg's microsecond one are one kill, not two.
 */
export function laneMarks(steps: readonly LifecycleStep[]): LaneMark[] {
  const timed = steps
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s.time !== null)
    .sort((a, b) => (a.s.time ?? 0) - (b.s.time ?? 0) || a.i - b.i)
    .map((x) => x.s);
  const untimed = steps.filter((s) => s.time === null);
  const marks: LaneMark[] = [];
  for (const s of [...timed, ...untimed]) {
    const word = stepWord(s);
    const same = marks.findLast((m) => {
      if (stepWord(m.step) !== word) return false;
      const a = m.step.time;
      const b = s.time;
      return (a === null && b === null) || (a !== null && b !== null && b - a <= SAME_STEP_US);
    });
    if (same) same.also.push(s);
    else marks.push({ step: s, also: [] });
  }
  return marks;
}

/**
 * Dots for `marks` on a lane `width` px wide: timed marks by time, the gaps drawn on a log scale
 * (steps milliseconds apart after hours of quiet stay apart, and a longer gap always draws
 * wider), at least `minGap` px apart; untimed marks follow, `minGap` apart.
 */
export function placeDots(
  marks: readonly LaneMark[],
  width: number,
  minGap: number,
  pad: number,
): { xs: number[]; untimedFrom: number | null } {
  const nTimed = marks.filter((m) => m.step.time !== null).length;
  const gaps: number[] = [];
  for (let k = 1; k < nTimed; k++) {
    const dtMs = ((marks[k].step.time ?? 0) - (marks[k - 1].step.time ?? 0)) / 1000;
    gaps.push(Math.log1p(Math.max(0, dtMs)));
  }
  const total = gaps.reduce((a, b) => a + b, 0);
  const free = Math.max(0, width - 2 * pad - (marks.length - 1) * minGap);
  const xs: number[] = [];
  let untimedFrom: number | null = null;
  let x = pad;
  marks.forEach((m, k) => {
    if (k > 0) x += minGap + (k < nTimed && total > 0 ? (free * gaps[k - 1]) / total : 0);
    if (m.step.time === null && untimedFrom === null) untimedFrom = k === 0 ? 0 : x - minGap / 2;
    xs.push(x);
  });
  return { xs, untimedFrom };
}

/**
 * Left edges of labels `w` px wide centred under `xs` (sorted), moved apart as little as needed
 * so that none overlaps the next (`gap` px between) and all stay inside [0, width]; `width` must
 * hold them all (n * w + (n - 1) * gap <= width).
 */
export function placeLabels(xs: readonly number[], w: number, gap: number, width: number): number[] {
  const lefts = xs.map((x) => x - w / 2);
  for (let i = 0; i < lefts.length; i++) lefts[i] = Math.max(lefts[i], i > 0 ? lefts[i - 1] + w + gap : 0, 0);
  for (let i = lefts.length - 1; i >= 0; i--)
    lefts[i] = Math.min(lefts[i], i < lefts.length - 1 ? lefts[i + 1] - w - gap : width - w, width - w);
  return lefts;
}
