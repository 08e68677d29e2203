import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { type Pin, useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { KeyEventsPanel } from './key-events-panel.tsx';
import { DMESG_T, JOURNAL } from './test-inputs.ts';

// mermaid.render needs a browser's layout: drawing is checked in Playwright. Here the stand-in
// draws nothing, and the diagrams are read from their "Mermaid source".
vi.mock('mermaid', () => ({
  default: {
    initialize: vi.fn(),
    render: vi.fn(async (id: string) => ({ svg: `<svg id="${id}"></svg>` })),
  },
}));

// Event ids of the inputs (`${sourceId}:${line}`).
const OOM_KILL = 'dmesg-T.txt:3'; // Memory cgroup out of memory: Killed process 2150 (containerd-shim)
const SHIM_GONE = 'journal.txt:11'; // msg="shim disconnected" id=afcf4efe…
const CREATED = 'journal.txt:4'; // CreateContainer … returns container id "7fc23ca64dfc…"
const EXEC_START = 'journal.txt:9'; // StartContainer for "24784276a813…" (fluent-bit)

const pin = (eventId: string, note = ''): Pin => ({ eventId, note, pinnedAt: 0 });

async function setup(pins: Pin[]) {
  const client = createInProcessClient(
    new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
  );
  await client.addSource({ name: 'journal.txt', kind: 'file', blob: new Blob([JOURNAL]) });
  await client.addSource({ name: 'dmesg-T.txt', kind: 'file', blob: new Blob([DMESG_T]) });
  useWorkbenchStore.setState({ pins });
  const user = userEvent.setup();
  render(<KeyEventsPanel />, { wrapper: createTestWrapper(client) });
  return { user };
}

/** The Mermaid source of a diagram, once it is there. */
async function sourceOf(title: string): Promise<string> {
  const figure = await screen.findByRole('figure', { name: title });
  return figure.querySelector('pre code')?.textContent ?? '';
}

describe('KeyEventsPanel', () => {
  it('explains how to pin when nothing is pinned, and still draws the containers it knows', async () => {
    await setup([]);
    expect(screen.getByText('No key events yet.')).toBeInTheDocument();
    expect(screen.getByText('p').tagName).toBe('KBD');
    expect(screen.queryByRole('figure', { name: 'Key events timeline' })).not.toBeInTheDocument();
    await waitFor(async () => expect(await sourceOf('Container lifecycles')).toContain('fluent-bit'));
    const gantt = await sourceOf('Container lifecycles');
    expect(gantt).toContain('section checkout (7fc23ca64dfc)');
    expect(gantt).toContain('section fluent-bit (24784276a813)');
    expect(screen.getByText(/Every container with a lifecycle/)).toBeInTheDocument();
  });

  it('lists the pins in time order, in the display zone with UTC on hover', async () => {
    useWorkbenchStore.setState({ displayZone: 60 });
    await setup([pin(OOM_KILL), pin(SHIM_GONE), pin(CREATED)]);
    const list = await screen.findByRole('list', { name: 'Pinned key events in time order' });
    const items = within(list).getAllByRole('listitem');
    // The journal's stamps have whole seconds: the shim line ties with the kernel's, and ties keep
    // the order the events were pinned in.
    expect(items.map((li) => li.querySelector('.kev-message')?.textContent)).toEqual([
      expect.stringContaining('msg="CreateContainer within sandbox'),
      expect.stringMatching(/^Memory cgroup out of memory: Killed process 2150 \(containerd-shim\)/),
      expect.stringContaining('msg="shim disconnected"'),
    ]);
    const show = within(items[1]).getByTitle(/show in the timeline/);
    expect(show).toHaveTextContent('2025-11-24 08:48:16.000+01:00');
    expect(show).toHaveTextContent('dmesg-T.txt');
    expect(show).toHaveAttribute('title', '2025-11-24T07:48:16.000000Z (UTC): show in the timeline');
    expect(screen.getByText('3 pinned events')).toBeInTheDocument();
  });

  it('draws the pins as a Mermaid timeline, labelled by the note when there is one', async () => {
    const { user } = await setup([pin(OOM_KILL), pin(SHIM_GONE)]);
    await waitFor(async () => expect(await sourceOf('Key events timeline')).toContain('shim disconnected'));
    let code = await sourceOf('Key events timeline');
    expect(code.split('\n').slice(0, 3)).toEqual([
      'timeline',
      '  title Key events (times in UTC)',
      '  section 07∶48, 2025-11-24',
    ]);
    // The message cut to 80 characters, words longer than a box broken; the year of both sources
    // is inferred (no year in the stamps).
    expect(code).toContain(
      '    07∶48∶16.000 : Memory cgroup out of memory∶ Killed process 2150 (containerd- shim) total-vm∶891… — dmesg-T.txt (inferred)',
    );
    // containerd's own time and level are left out (the period says when), the id cut to 12.
    expect(code).toContain(
      "      : msg='shim disconnected' id= afcf4efe9792… namespace= k8s.io — journal.txt (inferred)",
    );

    const notes = screen.getAllByRole('textbox', { name: 'Note' });
    await user.type(notes[0], 'OOM kill: the shim, not the app');
    expect(useWorkbenchStore.getState().pins.find((p) => p.eventId === OOM_KILL)?.note).toBe(
      'OOM kill: the shim, not the app',
    );
    await waitFor(async () => expect(await sourceOf('Key events timeline')).toContain('OOM kill∶ the shim'));
    code = await sourceOf('Key events timeline');
    expect(code).toContain('    07∶48∶16.000 : OOM kill∶ the shim, not the app — dmesg-T.txt (inferred)');
    expect(code).not.toContain('Memory cgroup out of memory');
  });

  it('draws only the containers the pins name, once they are linked', async () => {
    await setup([pin(OOM_KILL)]);
    await waitFor(async () => expect(await sourceOf('Container lifecycles')).toContain('checkout'));
    const gantt = await sourceOf('Container lifecycles');
    expect(gantt).not.toContain('fluent-bit');
    expect(gantt).toContain('    created → exited :c0, 2025-11-24 06:57:09.000, 2025-11-24 07:48:16.000');
    expect(gantt).toContain('OOM-killed pid 2150 (containerd-shim) :milestone');
    expect(screen.getByText('Containers named by the pinned events.')).toBeInTheDocument();
  });

  it('a pin whose message names a container links it too', async () => {
    await setup([pin(EXEC_START)]);
    await waitFor(async () => expect(await sourceOf('Container lifecycles')).toContain('fluent-bit'));
    expect(await sourceOf('Container lifecycles')).not.toContain('checkout');
  });

  it('shows a pinned event in the timeline on click, and unpins', async () => {
    const { user } = await setup([pin(OOM_KILL), pin(SHIM_GONE)]);
    const list = await screen.findByRole('list', { name: 'Pinned key events in time order' });
    useWorkbenchStore.setState({ activePanel: 'document' });
    await user.click(within(list).getAllByTitle(/show in the timeline/)[0]);
    expect(useWorkbenchStore.getState().selectedEventId).toBe(OOM_KILL);
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');

    await user.click(within(list).getAllByRole('button', { name: /^Unpin/ })[1]);
    expect(useWorkbenchStore.getState().pins.map((p) => p.eventId)).toEqual([OOM_KILL]);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
  });

  it('keeps a pin whose event is gone, says so, and lets it be unpinned', async () => {
    const { user } = await setup([pin('removed.log:7'), pin(OOM_KILL)]);
    expect(await screen.findByText('Event removed.log:7 is not in the current sources')).toBeInTheDocument();
    const items = within(screen.getByRole('list', { name: 'Pinned key events in time order' })).getAllByRole(
      'listitem',
    );
    expect(items).toHaveLength(2);
    // The gone pin is listed last, and is not in the diagram.
    expect(items[1]).toHaveTextContent('removed.log:7');
    await waitFor(async () => expect(await sourceOf('Key events timeline')).toContain('dmesg-T.txt'));
    expect(await sourceOf('Key events timeline')).not.toContain('removed');
    await user.click(within(items[1]).getByRole('button', { name: 'Unpin removed.log:7' }));
    expect(useWorkbenchStore.getState().pins.map((p) => p.eventId)).toEqual([OOM_KILL]);
  });
});
