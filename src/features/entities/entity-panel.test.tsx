import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import type { EntitySummary, LifecycleStep, SourceSummary } from '../../core/engine/engine-api.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { unusedCalls } from '../../state/testing/unused-calls.ts';
import { buildItems, laneMarks, stepWord } from './entity-model.ts';
import { EntityPanel } from './entity-panel.tsx';
import { spanText } from './entity-row.tsx';

const T = (h: number, m: number, s: number, ms = 0) => Date.UTC(2025, 10, 26, h, m, s, ms) * 1000;
const CID = '7fc23ca64dfcf1c2d1e0b9a8f7e6d5c4b3a2918070605040302010f0e0d0c0b0a';

function entity(
  kind: EntitySummary['kind'],
  id: string,
  label: string,
  extra: Partial<EntitySummary> = {},
): EntitySummary {
  return {
    key: `${kind}:${id}`,
    kind,
    id,
    label,
    aliases: [],
    events: 1,
    first: T(7, 48, 16),
    last: T(7, 48, 16),
    related: [],
    facts: {},
    ...extra,
  };
}

const ENTITIES: EntitySummary[] = [
  entity('container', CID, 'checkout (7fc23ca64dfc)', {
    aliases: ['7fc23ca64dfcf', '7fc23ca64dfc', `cri-containerd-${CID}.scope`],
    events: 14,
    first: T(5, 1, 2, 345),
    last: T(7, 48, 16, 2),
    related: ['pod:payments/checkout-qc86p', 'sandbox:95e3723f80a92', 'pid:b0/9999'],
    facts: { image: 'registry/checkout:1.4', state: 'CONTAINER_UNKNOWN', exitCode: 137 },
  }),
  entity('sandbox', '95e3723f80a92', 'sandbox of checkout-qc86p', { events: 5 }),
  entity('pod', 'payments/checkout-qc86p', 'payments/checkout-qc86p', {
    aliases: ['4c1f0e52-9a7b-4a8e-9a43-2f6d3c1b0a99', '4c1f0e52_9a7b_4a8e_9a43_2f6d3c1b0a99'],
    events: 9,
  }),
  entity('process', 'b0/41235', 'pid 41235 java', { events: 3 }),
  entity('pid', 'b0/2150', 'pid 2150 containerd-shim', { events: 6 }),
  entity('cgroup', '/kubepods/burstable/pod4c1f0e52', 'kubepods/burstable/pod4c1f…', {
    events: 2,
    first: null,
    last: null,
  }),
  entity('unit', 'containerd.service', 'containerd.service', { events: 40 }),
];

const STEPS: LifecycleStep[] = [
  {
    step: 'created',
    eventId: 'crictl-inspect.json:3',
    sourceName: 'crictl-inspect.json',
    time: T(5, 1, 2, 345),
    timeQuality: 'exact',
    label: 'created',
  },
  {
    step: 'started',
    eventId: 'crictl-inspect.json:4',
    sourceName: 'crictl-inspect.json',
    time: T(5, 1, 3),
    timeQuality: 'exact',
    label: 'started',
  },
  {
    step: 'oom-killed',
    eventId: 'dmesg-T.txt:12',
    sourceName: 'dmesg-T.txt',
    time: T(7, 48, 16),
    timeQuality: 'inferred',
    label: 'OOM-killed: java (pid 41235)',
  },
  {
    step: 'shim-disconnected',
    eventId: 'journal.txt:40',
    sourceName: 'journal.txt',
    time: T(7, 48, 16, 2),
    timeQuality: 'inferred',
    label: 'shim disconnected',
  },
  {
    step: 'exited',
    eventId: 'journal.txt:41',
    sourceName: 'journal.txt',
    time: T(7, 48, 16, 3),
    timeQuality: 'inferred',
    label: 'exited 137 (synthetic, after dead-shim cleanup)',
  },
  {
    step: 'unknown',
    eventId: 'crictl-ps-a.txt:2',
    sourceName: 'crictl-ps-a.txt',
    time: null,
    timeQuality: 'none',
    label: 'CONTAINER_UNKNOWN in crictl ps',
  },
];

function fakeClient(entities: EntitySummary[] = ENTITIES) {
  const source: SourceSummary = {
    sourceId: 's',
    name: 's',
    kind: 'file',
    bytes: 1,
    contentHash: 'h',
    encoding: 'utf-8',
    warnings: [],
    lines: 1,
    events: 1,
    unparsedCount: 0,
    skippedCount: 0,
    unparsed: [],
    segments: [],
    parseMillis: 1,
  };
  const lifecycle = vi.fn(async (key: string) => (key === `container:${CID}` ? STEPS : []));
  const client: WorkbenchClient = {
    ...unusedCalls(),
    addSource: async () => source,
    removeSource: async () => {},
    setFormat: async () => source,
    listSources: async () => [source],
    view: async () => {
      throw new Error('not used');
    },
    rows: async () => [],
    detail: async () => {
      throw new Error('not used');
    },
    entities: async () => entities,
    lifecycle,
    dispose: () => {},
  };
  return { client, lifecycle };
}

async function setup(entities?: EntitySummary[]) {
  const { client, lifecycle } = fakeClient(entities);
  const user = userEvent.setup();
  render(<EntityPanel />, { wrapper: createTestWrapper(client) });
  const list = await screen.findByRole('list', { name: 'Entities by kind' });
  await within(list).findByRole('button', { name: 'checkout (7fc23ca64dfc)' });
  return { user, list, lifecycle };
}

describe('EntityPanel', () => {
  it('groups the entities by kind, busiest first, with counts and time spans', async () => {
    const { list } = await setup();
    const groups = within(list)
      .getAllByRole('button', { expanded: true })
      .filter((b) => b.classList.contains('ent-group-btn'))
      .map((b) => b.textContent);
    expect(groups).toEqual(['Containers1', 'Sandboxes1', 'Pods1', 'Processes2', 'Cgroups1', 'Others1']);
    const procs = within(list)
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('aria-label'))
      .filter((n) => n?.startsWith('pid'));
    expect(procs).toEqual(['pid 2150 containerd-shim', 'pid 41235 java']);
    const row = within(list).getByRole('listitem', { name: 'checkout (7fc23ca64dfc)' });
    expect(row).toHaveTextContent('14 events');
    expect(row).toHaveTextContent('2025-11-26 05:01:02 – 07:48:16 Z');
    expect(within(list).getByRole('listitem', { name: /^kubepods/ })).toHaveTextContent('no wall-clock time');
  });

  it('clicking an entity filters the timeline to it and shows the timeline; Clear removes the filter', async () => {
    const { user, list } = await setup();
    useWorkbenchStore.getState().setActivePanel('document');
    await user.click(within(list).getByRole('button', { name: 'checkout (7fc23ca64dfc)' }));
    expect(useWorkbenchStore.getState().entityFilter).toBe(`container:${CID}`);
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');
    expect(within(list).getByRole('button', { name: 'checkout (7fc23ca64dfc)' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const active = screen.getByRole('status');
    expect(active).toHaveTextContent('Timeline shows only checkout (7fc23ca64dfc)');
    await user.click(within(active).getByRole('button', { name: 'Clear' }));
    expect(useWorkbenchStore.getState().entityFilter).toBeNull();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('filters by alias and id prefix, and says when nothing matches', async () => {
    const { user, list } = await setup();
    const box = screen.getByRole('searchbox', { name: 'Filter entities' });
    // The pod's UID as a cgroup slice spells it, with underscores.
    await user.type(box, '4c1f0e52_9a7b');
    await waitFor(() =>
      expect(within(list).queryByRole('button', { name: 'checkout (7fc23ca64dfc)' })).toBeNull(),
    );
    expect(within(list).getByRole('button', { name: 'payments/checkout-qc86p' })).toBeInTheDocument();
    expect(screen.getByText('1 of 7 entities')).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, 'no-such-thing');
    expect(await screen.findByText('Nothing matches “no-such-thing”.')).toBeInTheDocument();
  });

  it('expands a container: aliases, facts, related entities as links, and its lifecycle lane', async () => {
    const { user, list, lifecycle } = await setup();
    expect(lifecycle).not.toHaveBeenCalled();
    await user.click(within(list).getByRole('button', { name: 'Show details of checkout (7fc23ca64dfc)' }));
    const row = within(list).getByRole('listitem', { name: 'checkout (7fc23ca64dfc)' });
    expect(row).toHaveTextContent(`cri-containerd-${CID}.scope`);
    expect(row).toHaveTextContent('exitCode137');
    const lane = await within(row).findByRole('list', { name: 'Lifecycle of checkout (7fc23ca64dfc)' });
    expect(
      within(lane)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual([
      'created, 05:01:02.345, crictl-inspect.json',
      'started, 05:01:03, crictl-inspect.json',
      'OOM-killed, 07:48:16, dmesg-T.txt',
      'shim disconnected, 07:48:16.002, journal.txt',
      'exited 137, 07:48:16.003, journal.txt',
      'unknown, no time, crictl-ps-a.txt',
    ]);
    await user.click(within(lane).getByRole('button', { name: /^OOM-killed/ }));
    expect(useWorkbenchStore.getState().selectedEventId).toBe('dmesg-T.txt:12');
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');

    await user.click(within(row).getByRole('button', { name: /^sandbox sandbox of checkout/ }));
    expect(useWorkbenchStore.getState().entityFilter).toBe('sandbox:95e3723f80a92');
    expect(within(row).getByRole('button', { name: 'pod payments/checkout-qc86p' })).toBeInTheDocument();
    // A related key with no summary of its own still shows, by its id.
    expect(within(row).getByRole('button', { name: 'pid b0/9999' })).toBeInTheDocument();
  });

  it('shows lane times in the display zone', async () => {
    useWorkbenchStore.getState().setDisplayZone(120);
    const { user, list } = await setup();
    await user.click(within(list).getByRole('button', { name: 'Show details of checkout (7fc23ca64dfc)' }));
    const lane = await within(list).findByRole('list', { name: /^Lifecycle of/ });
    expect(within(lane).getAllByRole('button')[0]).toHaveAccessibleName(
      'created, 07:01:02.345, crictl-inspect.json',
    );
  });

  it('collapses a group', async () => {
    const { user, list } = await setup();
    await user.click(within(list).getByRole('button', { name: /^Processes/ }));
    expect(within(list).queryByRole('button', { name: 'pid 41235 java' })).toBeNull();
    expect(within(list).getByRole('button', { name: /^Processes/ })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
  });

  it('renders only a window of a long list (thousands of processes)', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      entity('process', `b0/${i}`, `pid ${i} worker`, { events: 5000 - i }),
    );
    const { client } = fakeClient([ENTITIES[0], ...many]);
    render(<EntityPanel />, { wrapper: createTestWrapper(client) });
    const list = await screen.findByRole('list', { name: 'Entities by kind' });
    await within(list).findByRole('button', { name: 'pid 0 worker' });
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40);
    expect(screen.getByText('5,001 entities')).toBeInTheDocument();
  });
});

describe('entity helpers', () => {
  it('spanText shows one date when first and last share it, to the second', () => {
    expect(spanText(T(7, 48, 16), T(7, 48, 16), 'utc')).toBe('2025-11-26 07:48:16 Z');
    expect(spanText(T(23, 0, 0), T(23, 30, 0), 60)).toBe('2025-11-27 00:00:00 – 00:30:00 +01:00');
    expect(spanText(T(22, 0, 0), T(23, 30, 0), 60)).toBe('2025-11-26 23:00:00 – 2025-11-27 00:30:00 +01:00');
    expect(spanText(null, null, 'utc')).toBe('no wall-clock time');
  });

  it('stepWord keeps the exit code', () => {
    expect(stepWord(STEPS[4])).toBe('exited 137');
    expect(stepWord({ step: 'exited', label: 'exited' })).toBe('exited');
    expect(stepWord({ step: 'shim-disconnected', label: 'x' })).toBe('shim disconnected');
  });

  it('buildItems keeps every matching entity once, under its group', () => {
    const items = buildItems(ENTITIES, '', new Set());
    expect(items.filter((i) => i.type === 'entity')).toHaveLength(ENTITIES.length);
    expect(buildItems(ENTITIES, '', new Set(['processes'])).filter((i) => i.type === 'entity')).toHaveLength(
      ENTITIES.length - 2,
    );
  });

  it('laneMarks: one mark per step told by several tools at about the same time, untimed last', () => {
    const twice: LifecycleStep[] = [
      STEPS[5],
      { ...STEPS[0], eventId: 'journal.txt:2', sourceName: 'journal.txt', time: T(5, 1, 2, 900) },
      ...STEPS.slice(0, 5),
      // dmesg's microsecond stamp of the kill, after the journal's second-precision lines.
      { ...STEPS[2], eventId: 'dmesg.txt:9', sourceName: 'dmesg.txt', time: T(7, 48, 16, 544) },
      // The same word long after is another step (a restart).
      { ...STEPS[1], eventId: 'journal.txt:90', sourceName: 'journal.txt', time: T(7, 50, 0) },
    ];
    const marks = laneMarks(twice);
    expect(marks.map((m) => [stepWord(m.step), m.also.length])).toEqual([
      ['created', 1],
      ['started', 0],
      ['OOM-killed', 1],
      ['shim disconnected', 0],
      ['exited 137', 0],
      ['started', 0],
      ['unknown', 0],
    ]);
    // The earlier line leads the mark (its click selects it).
    expect(marks[0].step.eventId).toBe('crictl-inspect.json:3');
  });
});
