import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntitySummary, LifecycleStep, Row } from '../../core/engine/engine-api.ts';
import type { Pin } from '../../state/store.ts';
import {
  chooseGanttLanes,
  containersOf,
  keyEventsOf,
  labelOf,
  linkedToPins,
  MAX_GANTT_LANES,
  orderPins,
} from './key-events-model.ts';

const T = (m: number) => Date.UTC(2025, 10, 24, 7, m) * 1000;
const CID = '7fc23ca64dfcf631a67171832113262567792dab9b42c2af03b740659ea21e27';

const row = (eventId: string, time: number | null, message = 'm'): Row => ({
  index: -1,
  eventId,
  sourceId: eventId.split(':')[0],
  sourceName: eventId.split(':')[0],
  format: 'text',
  line: 1,
  lineEnd: 1,
  time,
  timeQuality: time === null ? 'none' : 'exact',
  message,
});
const pin = (eventId: string, note = ''): Pin => ({ eventId, note, pinnedAt: 0 });
const container = (
  id: string,
  label: string,
  first: number | null,
  aliases: string[] = [],
): EntitySummary => ({
  key: `container:${id}`,
  kind: 'container',
  id,
  label,
  aliases,
  events: 1,
  first,
  last: first,
  related: [],
  facts: {},
});
const step = (s: LifecycleStep['step'], eventId: string, time: number | null): LifecycleStep => ({
  step: s,
  eventId,
  sourceName: 'journal.txt',
  time,
  timeQuality: 'exact',
  label: s,
});

describe('orderPins', () => {
  it('timed by time, then untimed, then gone; ties in pin order', () => {
    const pins = [pin('gone:1'), pin('a:1'), pin('b:1'), pin('c:1'), pin('d:1')];
    const rows = [row('a:1', T(5)), row('b:1', null), row('c:1', T(1)), row('d:1', T(5))];
    expect(orderPins(pins, rows).map((i) => i.pin.eventId)).toEqual(['c:1', 'a:1', 'd:1', 'b:1', 'gone:1']);
  });

  it('for any pins and rows: a permutation of the pins, in that order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat(20), fc.option(fc.integer({ min: 0, max: 5 })), fc.boolean()), {
          selector: (x) => x[0],
          maxLength: 15,
        }),
        (spec) => {
          const pins = spec.map(([n]) => pin(`s:${n}`));
          const rows = spec.flatMap(([n, t, known]) =>
            known ? [row(`s:${n}`, t === null ? null : T(t))] : [],
          );
          const out = orderPins(pins, rows);
          expect(out.map((i) => i.pin.eventId).sort()).toEqual(pins.map((p) => p.eventId).sort());
          const rank = (i: (typeof out)[number]) => (i.row === null ? 2 : i.row.time === null ? 1 : 0);
          for (let k = 1; k < out.length; k++) {
            const a = out[k - 1];
            const b = out[k];
            expect(rank(a)).toBeLessThanOrEqual(rank(b));
            if (rank(a) === 0 && rank(b) === 0)
              expect(a.row?.time ?? 0).toBeLessThanOrEqual(b.row?.time ?? 0);
          }
        },
      ),
    );
  });
});

describe('labels and key events', () => {
  it('the note wins over the message; blank notes do not', () => {
    expect(labelOf(pin('a:1', '  OOM kill  '), row('a:1', T(1), 'Killed process 2150'))).toBe('OOM kill');
    expect(labelOf(pin('a:1', '   '), row('a:1', T(1), 'Killed process 2150'))).toBe('Killed process 2150');
    // containerd's logfmt time and level are the diagram's period already.
    // A 64-digit id is named by its first 12, as crictl does.
    const shim =
      'time="2025-11-24T07:48:16.539327780Z" level=info msg="shim disconnected" id=afcf4efe97924f55171e29b9207b8ef12763b994fee4b365c09996b36a9f8f96 namespace=k8s.io';
    expect(labelOf(pin('a:1', ''), row('a:1', T(1), shim))).toBe(
      'msg="shim disconnected" id=afcf4efe9792… namespace=k8s.io',
    );
    // Twelve to 31 hex digits are not an id that long: kept.
    expect(labelOf(pin('a:1', ''), row('a:1', T(1), 'sha 0123456789abcdef'))).toBe('sha 0123456789abcdef');
    // Nothing but a time: kept whole (a label is never empty).
    expect(labelOf(pin('a:1', ''), row('a:1', T(1), 'time="x" '))).toBe('time="x" ');
  });

  it('leaves out pins whose event is gone', () => {
    const items = orderPins([pin('a:1'), pin('gone:2')], [row('a:1', T(1), 'x')]);
    expect(keyEventsOf(items)).toEqual([
      { eventId: 'a:1', time: T(1), timeQuality: 'exact', label: 'x', sourceName: 'a' },
    ]);
  });
});

describe('containers of the Gantt', () => {
  const checkout = container(CID, 'checkout (7fc23ca64dfc)', T(0), ['7fc23ca64dfc', '7fc2']);
  const fluent = container('24784276a813b3a0', 'fluent-bit (24784276a813)', T(1));
  const idle = container('0000aaaa1111bbbb', 'idle', null);
  const lifecycles = new Map<string, LifecycleStep[]>([
    [
      checkout.key,
      [step('created', 'j:4', T(0)), step('oom-killed', 'k:3', T(50)), step('exited', 'j:15', T(50))],
    ],
    [fluent.key, [step('created', 'j:8', T(1)), step('started', 'j:10', T(2))]],
    [idle.key, [step('unknown', 'c:1', null)]],
  ]);

  it('are the ones linked to a pin: by a lifecycle step, or by an id spelling in the message', () => {
    expect(linkedToPins(checkout, lifecycles.get(checkout.key), [row('k:3', T(50))])).toBe(true);
    expect(linkedToPins(checkout, [], [row('x:1', T(3), 'TaskExit id:"7fc23ca64dfc…"')])).toBe(true);
    // Four characters of an id are not a name.
    expect(linkedToPins(checkout, [], [row('x:1', T(3), 'offset 7fc2')])).toBe(false);
    const chosen = chooseGanttLanes([checkout, fluent, idle], lifecycles, [row('k:3', T(50))]);
    expect(chosen.basis).toBe('pinned');
    expect(chosen.lanes.map((l) => l.label)).toEqual(['checkout (7fc23ca64dfc)']);
    // Each step keeps its time quality: the Gantt picks the most precise of a step's lines.
    expect(chosen.lanes[0].steps.map((s) => [s.step, s.timeQuality])).toEqual([
      ['created', 'exact'],
      ['oom-killed', 'exact'],
      ['exited', 'exact'],
    ]);
  });

  it('else every container with a timed step, by first step', () => {
    const chosen = chooseGanttLanes([fluent, idle, checkout], lifecycles, [row('z:1', T(3), 'unrelated')]);
    expect(chosen.basis).toBe('all');
    expect(chosen.lanes.map((l) => l.label)).toEqual([
      'checkout (7fc23ca64dfc)',
      'fluent-bit (24784276a813)',
    ]);
    expect(chosen.omitted).toBe(0);
  });

  it('at most a dozen lanes, the rest counted', () => {
    const many = Array.from({ length: MAX_GANTT_LANES + 3 }, (_, i) =>
      container(`c${i}`.padEnd(16, '0'), `c${i}`, T(i)),
    );
    const lc = new Map(many.map((c, i) => [c.key, [step('created', `j:${i}`, T(i))]]));
    const chosen = chooseGanttLanes(many, lc, []);
    expect(chosen.lanes).toHaveLength(MAX_GANTT_LANES);
    expect(chosen.omitted).toBe(3);
  });

  it('containersOf keeps containers only, earliest first', () => {
    const pod: EntitySummary = { ...fluent, key: 'pod:p', kind: 'pod' };
    expect(containersOf([idle, pod, fluent, checkout]).map((c) => c.label)).toEqual([
      'checkout (7fc23ca64dfc)',
      'fluent-bit (24784276a813)',
      'idle',
    ]);
  });
});
