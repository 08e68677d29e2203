// What the key-events panel shows, computed from the pins, their rows, the entities and their
// lifecycles: plain functions, so that the rules are tested without rendering.
import type { EntitySummary, LifecycleStep, Row } from '../../core/engine/engine-api.ts';
import type { KeyEvent, LifecycleLane } from '../../core/report/mermaid.ts';
import type { Pin } from '../../state/store.ts';

/** A pin with its row (null when no current source has the event any more). */
export interface PinnedItem {
  pin: Pin;
  row: Row | null;
}

/**
 * Pins in time order: timed events by time (ties: the order they were pinned), then those without
 * a wall-clock time in the order they were pinned, then pins whose event is gone.
 */
export function orderPins(pins: readonly Pin[], rows: readonly Row[]): PinnedItem[] {
  const byId = new Map(rows.map((r) => [r.eventId, r]));
  const items = pins.map((pin, i) => ({ pin, row: byId.get(pin.eventId) ?? null, i }));
  const rank = (x: (typeof items)[number]) => (x.row === null ? 2 : x.row.time === null ? 1 : 0);
  return items
    .sort((a, b) => rank(a) - rank(b) || (a.row?.time ?? 0) - (b.row?.time ?? 0) || a.i - b.i)
    .map(({ pin, row }) => ({ pin, row }));
}

// A logfmt message (containerd, logrus) starts with its own time and level, which the diagram
// already shows as the event's period: the label starts at what happened.
// Input: `time="2025-11-24T07:48:16.539327780Z" level=info msg="shim disconnected" id=afcf4efe`.
const LOGFMT_TIME_LEVEL = /^time="[^"]*"\s+(?:level=[a-z]+\s+)?(?=\S)/i;

// A full container or sandbox id (64 hex digits) takes four lines of a diagram's box: its first
// 12, as crictl prints it, name it as well. Input: "id=afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96".
const LONG_HEX_ID = /\b([0-9a-f]{12})[0-9a-f]{20,}\b/gi;

/**
 * The diagram's label: the analyst's note, else the event's message without a leading logfmt
 * `time=… level=…`, long hex ids cut to 12 digits (the builder cuts the whole).
 */
export function labelOf(pin: Pin, row: Row): string {
  const note = pin.note.trim();
  return note !== '' ? note : row.message.replace(LOGFMT_TIME_LEVEL, '').replace(LONG_HEX_ID, '$1…');
}

export function keyEventsOf(items: readonly PinnedItem[]): KeyEvent[] {
  return items.flatMap(({ pin, row }) =>
    row === null
      ? []
      : [
          {
            eventId: row.eventId,
            time: row.time,
            timeQuality: row.timeQuality,
            label: labelOf(pin, row),
            sourceName: row.sourceName,
          },
        ],
  );
}

/** At most this many containers in the Gantt: beyond a dozen lanes it is no longer readable. */
export const MAX_GANTT_LANES = 12;

/** Containers whose lifecycle is fetched: the ones first seen earliest (an incident's own first). */
export const MAX_LIFECYCLE_FETCH = 40;

export function containersOf(entities: readonly EntitySummary[]): EntitySummary[] {
  return entities
    .filter((e) => e.kind === 'container')
    .sort((a, b) => (a.first ?? Number.POSITIVE_INFINITY) - (b.first ?? Number.POSITIVE_INFINITY))
    .slice(0, MAX_LIFECYCLE_FETCH);
}

// A container id (or prefix) shorter than crictl's 12 characters is too short to find in a message.
const MIN_ID_MATCH = 12;

/**
 * Is the container named by a pinned event? Yes when the event is one of its lifecycle steps, or
 * when the event's message names the container's id or one of its id spellings (12+ characters:
 * crictl prefixes, `cri-containerd-<id>.scope`, containerd `id=<id>`).
 */
export function linkedToPins(
  container: EntitySummary,
  steps: readonly LifecycleStep[] | undefined,
  pinnedRows: readonly Row[],
): boolean {
  const ids = new Set(pinnedRows.map((r) => r.eventId));
  if (steps?.some((s) => ids.has(s.eventId))) return true;
  const names = [container.id, ...container.aliases].filter((a) => a.length >= MIN_ID_MATCH);
  return pinnedRows.some((r) => names.some((n) => r.message.includes(n)));
}

export interface GanttChoice {
  lanes: LifecycleLane[];
  /** Why these containers: linked to the pins, or all with a lifecycle. */
  basis: 'pinned' | 'all';
  /** Containers left out by MAX_GANTT_LANES. */
  omitted: number;
}

/**
 * The Gantt's containers: those linked to pinned events, else every container with a timed
 * lifecycle step; in the order of their first step.
 */
export function chooseGanttLanes(
  containers: readonly EntitySummary[],
  lifecycles: ReadonlyMap<string, readonly LifecycleStep[]>,
  pinnedRows: readonly Row[],
): GanttChoice {
  const withSteps = containers.filter((c) => (lifecycles.get(c.key) ?? []).some((s) => s.time !== null));
  const linked = withSteps.filter((c) => linkedToPins(c, lifecycles.get(c.key), pinnedRows));
  const basis = linked.length > 0 ? 'pinned' : 'all';
  const chosen = (basis === 'pinned' ? linked : withSteps).map((c) => {
    const steps = lifecycles.get(c.key) ?? [];
    const first = Math.min(...steps.flatMap((s) => (s.time === null ? [] : [s.time])));
    return { c, steps, first };
  });
  chosen.sort((a, b) => a.first - b.first);
  return {
    lanes: chosen.slice(0, MAX_GANTT_LANES).map(({ c, steps }) => ({
      label: c.label,
      steps: steps.map((s) => ({ step: s.step, time: s.time, label: s.label, timeQuality: s.timeQuality })),
    })),
    basis,
    omitted: Math.max(0, chosen.length - MAX_GANTT_LANES),
  };
}
