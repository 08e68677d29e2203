import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../core/engine/workbench.ts';
import { createSample } from '../core/generate/dataset.ts';
import { useWorkbenchStore } from '../state/store.ts';
import { createTestWrapper } from '../state/testing/test-providers.tsx';
import { createInProcessClient } from '../worker/client.ts';
import { App } from './app.tsx';

/** The engine in this thread, with a fixed clock: year-less lines read as 2025, zone-less as UTC. */
const engine = () =>
  createInProcessClient(new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }));

const DMESG_T = [
  '[Wed Nov 26 10:00:01 2025] Memory cgroup out of memory: Killed process 41235 (java) total-vm:8392104kB',
  '[Wed Nov 26 10:00:03 2025] oom_reaper: reaped process 41235 (java), now anon-rss:0kB',
].join('\n');
const JOURNAL = [
  'Nov 26 09:59:58 node-1 systemd[1]: Started containerd.service - containerd container runtime.',
  'Nov 26 10:00:02 node-1 kubelet[1307]: I1126 10:00:02.345678    1307 kubelet.go:2470] "SyncLoop (PLEG): event for pod"',
].join('\n');

function setup() {
  const client = engine();
  const user = userEvent.setup();
  render(<App />, { wrapper: createTestWrapper(client) });
  return { client, user };
}

async function addPaste(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.click(screen.getByRole('textbox', { name: 'Paste command output' }));
  await user.paste(text);
  await user.click(screen.getByRole('button', { name: 'Add paste' }));
}

describe('App', () => {
  it('turns two pastes into two sources with their formats and one merged timeline', async () => {
    const { user } = setup();
    expect(screen.getByRole('heading', { name: 'No events yet' })).toBeInTheDocument();
    await addPaste(user, DMESG_T);
    await addPaste(user, JOURNAL);

    const one = await screen.findByRole('listitem', { name: 'paste-1' });
    const two = await screen.findByRole('listitem', { name: 'paste-2' });
    expect(within(one).getByTestId('segment-format')).toHaveTextContent('dmesg-ctime');
    expect(within(two).getByTestId('segment-format')).toHaveTextContent('journalctl-short');

    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(5));
    const messages = within(grid)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell')[5].textContent?.slice(0, 12));
    expect(messages).toEqual(['Started cont', 'Memory cgrou', 'I1126 10:00:', 'oom_reaper: ']);
    expect(screen.getByText('2 sources · 4 events')).toBeInTheDocument();
  });

  it('switches panels with the tabs (click and arrow keys); Analysis says what to add, Document offers its templates', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('tab', { name: 'Analysis' }));
    expect(screen.getByRole('tab', { name: 'Analysis' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByText(/Nothing to analyse yet/)).toBeInTheDocument();
    expect(screen.getByRole('tabpanel', { name: 'Analysis' })).toHaveTextContent('add the node');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Document' })).toHaveFocus();
    // The editor is loaded when the tab is first opened.
    expect(
      await screen.findByText(/Pick a template to start a document\./, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tabpanel', { name: 'Document' })).toHaveTextContent(
      'Pick a template to start a document.',
    );
    expect(screen.queryByRole('tabpanel', { name: 'Analysis' })).not.toBeInTheDocument();
  });

  it('hides and shows the sidebar without losing it', async () => {
    const { user } = setup();
    const toggle = screen.getByRole('button', { name: 'Sidebar' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('complementary', { name: 'Sidebar' })).not.toBeInTheDocument();
    await user.click(toggle);
    expect(screen.getByRole('complementary', { name: 'Sidebar' })).toBeInTheDocument();
  });

  it('switches the sidebar tabs by keyboard: arrows, Home and End, one tab stop', async () => {
    const { user } = setup();
    const bar = screen.getByRole('tablist', { name: 'Sidebar' });
    const tabs = within(bar).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Sources', 'Clocks', 'Entities', 'Key events']);
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1, -1]);
    expect(screen.getByRole('tabpanel', { name: 'Sources' })).toBeVisible();

    tabs[0].focus();
    await user.keyboard('{ArrowRight}');
    expect(within(bar).getByRole('tab', { name: 'Clocks' })).toHaveFocus();
    expect(within(bar).getByRole('tab', { name: 'Clocks' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Clocks' })).toBeVisible();
    expect(screen.queryByRole('tabpanel', { name: 'Sources' })).not.toBeInTheDocument();
    await user.keyboard('{End}');
    expect(within(bar).getByRole('tab', { name: 'Key events' })).toHaveFocus();
    expect(useWorkbenchStore.getState().sidebarTab).toBe('key-events');
    await user.keyboard('{ArrowRight}');
    expect(within(bar).getByRole('tab', { name: 'Sources' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(within(bar).getByRole('tab', { name: 'Entities' })).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'Entities' })).toBeVisible();
    await user.keyboard('{Home}');
    expect(useWorkbenchStore.getState().sidebarTab).toBe('sources');
    // The workspace tabs are a separate group.
    expect(screen.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  });

  it('keeps the Sources tab mounted while another tab shows (a paste in progress survives)', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('textbox', { name: 'Paste command output' }));
    await user.paste('half a paste');
    await user.click(screen.getByRole('tab', { name: 'Entities' }));
    expect(screen.getByRole('textbox', { name: 'Paste command output', hidden: true })).not.toBeVisible();
    await user.click(screen.getByRole('tab', { name: 'Sources' }));
    expect(screen.getByRole('textbox', { name: 'Paste command output' })).toHaveValue('half a paste');
  });

  it('a click on an entity in the sidebar shows the timeline with only that entity’s events', async () => {
    const client = engine();
    const ds = createSample();
    for (const f of ds.files)
      await client.addSource({ name: f.name, kind: 'sample', blob: new Blob([[...f.chunks()].join('')]) });
    const container = `container:${ds.truth().incidents[0].containerId}`;
    const user = userEvent.setup();
    render(<App />, { wrapper: createTestWrapper(client) });
    const grid = await screen.findByRole('grid', { name: 'Merged timeline' });
    const all = (await client.view({ sources: [], severities: [], search: '' })).total;
    await waitFor(() => expect(grid).toHaveAttribute('aria-rowcount', String(all + 1)));

    await user.click(screen.getByRole('tab', { name: 'Analysis' }));
    await user.click(screen.getByRole('tab', { name: 'Entities' }));
    const entities = screen.getByRole('tabpanel', { name: 'Entities' });
    const label = (await client.entities()).find((e) => e.key === container)?.label ?? '';
    await user.click(await within(entities).findByRole('button', { name: label }));

    expect(screen.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
    const only = (await client.view({ sources: [], severities: [], search: '', entity: container })).total;
    expect(only).toBeLessThan(all);
    await waitFor(() => expect(grid).toHaveAttribute('aria-rowcount', String(only + 1)));
    // The sidebar says which filter is on, and clears it.
    await user.click(within(entities).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(grid).toHaveAttribute('aria-rowcount', String(all + 1)));
  });

  it('starts with a skip link to the main panel as the first tab stop', async () => {
    const { user } = setup();
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to the main panel' });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute('href', '#main');
    expect(document.getElementById('main')).toBeInTheDocument();
  });
});
