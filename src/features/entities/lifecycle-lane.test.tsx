// The lifecycle lane: its layout (labels on as many rows as they need, never colliding) and the
// component (every step a button, cut labels told whole in their title). Pixel layout itself is
// looked at in Playwright (e2e/entities.spec.ts).
import { render, screen, within } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type { LifecycleStep } from '../../core/engine/engine-api.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { unusedCalls } from '../../state/testing/unused-calls.ts';
import { LifecycleLane } from './lifecycle-lane.tsx';
import { layoutLaneRows } from './lifecycle-layout.ts';

const T = (h: number, m: number, s: number, ms = 0) => Date.UTC(2025, 11, 24, h, m, s, ms) * 1000;

const step = (
  kind: LifecycleStep['step'],
  eventId: string,
  time: number | null,
  label: string = kind,
  sourceName = 'journal.txt',
): LifecycleStep => ({
  step: kind,
  eventId,
  sourceName,
  time,
  timeQuality: time === null ? 'none' : 'exact',
  label,
});

// The sample incident's container: eight marks once repeated lines are joined (×2, ×3).
const SAMPLE: LifecycleStep[] = [
  step('created', 'i:3', T(6, 57, 8, 938), 'created', 'crictl-inspect.json'),
  step('created', 'j:20', T(6, 57, 9)),
  step('started', 'i:4', T(6, 57, 9), 'started', 'crictl-inspect.json'),
  step('started', 'j:21', T(6, 57, 9)),
  step('oom-killed', 'k:9', T(7, 48, 16), 'OOM-killed pid 2150', 'journalctl-k.txt'),
  step('oom-killed', 'd:9', T(7, 48, 16, 544), 'OOM-killed pid 2150', 'dmesg.txt'),
  step('shim-disconnected', 'j:40', T(7, 48, 16)),
  step('shim-cleaned', 'j:41', T(7, 48, 16)),
  step('shim-cleaned', 'j:42', T(7, 48, 16)),
  step('exited', 'j:43', T(7, 48, 16), 'exited 137 (synthetic, after dead-shim cleanup)'),
  step('state', 'j:50', T(7, 48, 17), 'ContainerDied (kubelet PLEG event for the pod)'),
  step('unknown', 'c:2', null, 'CONTAINER_UNKNOWN', 'crictl-ps-a.txt'),
];

const OPTS = { minGap: 24, pad: 10, labelW: 86, labelMaxW: 130, labelGap: 4, maxRows: 4 };

describe('layoutLaneRows', () => {
  it('puts the sample container’s eight marks on three rows within the sidebar, none colliding', () => {
    const lane = layoutLaneRows(SAMPLE, { ...OPTS, width: 275 });
    expect(lane.points).toHaveLength(8);
    expect(lane.width).toBe(275);
    expect([lane.above, lane.below]).toEqual([2, 1]);
    expect(lane.labelW).toBeGreaterThanOrEqual(86);
    // Neighbours in time sit on different rows.
    const rowOf = lane.points.map((p) => `${p.side}${p.level}`);
    for (let k = 1; k < rowOf.length; k++) expect(rowOf[k]).not.toBe(rowOf[k - 1]);
  });

  it('draws a longer gap wider: hours before the OOM kill, milliseconds after it', () => {
    const lane = layoutLaneRows(SAMPLE, { ...OPTS, width: 275 });
    const [created, started, oom, shim] = lane.points.map((p) => p.x);
    expect(oom - started).toBeGreaterThan(started - created);
    expect(oom - started).toBeGreaterThan(shim - oom);
    expect(lane.untimedFrom).not.toBeNull();
  });

  it('for any steps and width: dots in time order, labels of a row never overlap and stay in the lane; no scroll when the rows suffice', () => {
    const arbStep = fc.record({
      time: fc.option(fc.integer({ min: 0, max: 1e13 }), { nil: null }),
      word: fc.constantFrom<LifecycleStep['step']>('created', 'started', 'oom-killed', 'exited', 'unknown'),
    });
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 16 }), fc.integer({ min: 40, max: 900 }), (raw, width) => {
        const steps = raw.map((r, i) => step(r.word, `e${i}`, r.time));
        const lane = layoutLaneRows(steps, { ...OPTS, width });
        const n = lane.points.length;
        expect(lane.points.reduce((c, p) => c + 1 + p.mark.also.length, 0)).toBe(steps.length);
        expect(lane.width).toBeGreaterThanOrEqual(width);
        expect(lane.above + lane.below).toBeLessThanOrEqual(OPTS.maxRows);
        expect(lane.above - lane.below === 0 || lane.above - lane.below === 1).toBe(true);
        expect(lane.labelW).toBeGreaterThanOrEqual(OPTS.labelW);
        expect(lane.labelW).toBeLessThanOrEqual(Math.max(OPTS.labelW, OPTS.labelMaxW));
        // Dots: in time order, untimed last, at least minGap apart.
        for (let k = 1; k < n; k++) {
          const a = lane.points[k - 1];
          const b = lane.points[k];
          expect(b.x - a.x).toBeGreaterThanOrEqual(OPTS.minGap - 1e-6);
          if (a.mark.step.time !== null && b.mark.step.time !== null)
            expect(b.mark.step.time).toBeGreaterThanOrEqual(a.mark.step.time);
          if (a.mark.step.time === null) expect(b.mark.step.time).toBeNull();
        }
        const rows = new Map<string, number[]>();
        for (const p of lane.points) {
          expect(p.level).toBeLessThan(p.side === 'above' ? lane.above : lane.below);
          expect(p.x).toBeLessThanOrEqual(lane.width);
          const key = `${p.side}${p.level}`;
          rows.set(key, [...(rows.get(key) ?? []), p.labelLeft]);
        }
        for (const lefts of rows.values())
          lefts.forEach((left, k) => {
            expect(left).toBeGreaterThanOrEqual(-1e-6);
            expect(left + lane.labelW).toBeLessThanOrEqual(lane.width + 1e-6);
            if (k > 0) expect(left - lefts[k - 1]).toBeGreaterThanOrEqual(lane.labelW + OPTS.labelGap - 1e-6);
          });
        // When maxRows rows of minimum-width labels fit the width (and so do the dots), the lane
        // does not grow: it reads without scrolling.
        const fit = Math.floor((width + OPTS.labelGap) / (OPTS.labelW + OPTS.labelGap));
        const dotsFit = 2 * OPTS.pad + Math.max(0, n - 1) * OPTS.minGap <= width;
        if (fit * OPTS.maxRows >= n && dotsFit && width >= OPTS.labelW) expect(lane.width).toBe(width);
      }),
    );
  });
});

function client(steps: LifecycleStep[]): WorkbenchClient {
  return {
    ...unusedCalls(),
    addSource: async () => {
      throw new Error('not used');
    },
    removeSource: async () => {},
    setFormat: async () => {
      throw new Error('not used');
    },
    listSources: async () => [],
    view: async () => {
      throw new Error('not used');
    },
    rows: async () => [],
    detail: async () => {
      throw new Error('not used');
    },
    lifecycle: async () => steps,
    dispose: () => {},
  };
}

describe('LifecycleLane', () => {
  it('draws a button per mark; labels of a row never overlap; a cut label is whole in its title', async () => {
    render(<LifecycleLane entityKey="container:x" label="checkout (7fc23ca64dfc)" />, {
      wrapper: createTestWrapper(client(SAMPLE)),
    });
    const lane = await screen.findByRole('list', { name: 'Lifecycle of checkout (7fc23ca64dfc)' });
    const buttons = within(lane).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'created (2 lines), 06:57:08.938, crictl-inspect.json, journal.txt',
      'started (2 lines), 06:57:09, crictl-inspect.json, journal.txt',
      'OOM-killed (2 lines), 07:48:16, journalctl-k.txt, dmesg.txt',
      'shim disconnected, 07:48:16, journal.txt',
      'shim cleaned up (2 lines), 07:48:16, journal.txt',
      'exited 137, 07:48:16, journal.txt',
      'ContainerDied (kubelet …, 07:48:17, journal.txt',
      'unknown, no time, crictl-ps-a.txt',
    ]);
    // The state's label is cut on the lane; its title has it whole.
    expect(buttons[6].getAttribute('title')).toContain('ContainerDied (kubelet PLEG event for the pod)');
    // Boxes of one row (same top, or same bottom) never overlap.
    const rows = new Map<string, { left: number; width: number }[]>();
    for (const b of buttons) {
      const key = b.style.top !== '' ? `top ${b.style.top}` : `bottom ${b.style.bottom}`;
      rows.set(key, [
        ...(rows.get(key) ?? []),
        { left: Number.parseFloat(b.style.left), width: Number.parseFloat(b.style.width) },
      ]);
    }
    // jsdom does no layout: the lane has its 260 px before measuring, two labels a row.
    expect(rows.size).toBe(4);
    for (const boxes of rows.values())
      for (let k = 1; k < boxes.length; k++)
        expect(boxes[k].left).toBeGreaterThanOrEqual(boxes[k - 1].left + boxes[k - 1].width);
  });
});
