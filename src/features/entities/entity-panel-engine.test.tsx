// The entity panel over the real engine (in-process) and the bundled sample incident, made by the
// project generator: the OOM-killed container, linked across crictl, containerd and the kernel.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../../core/engine/workbench.ts';
import { createSample } from '../../core/generate/dataset.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { createInProcessClient } from '../../worker/client.ts';
import { EntityPanel } from './entity-panel.tsx';

async function setup() {
  const ds = createSample();
  const client = createInProcessClient(
    new Workbench({ defaultClock: () => ({ year: 2025, utcOffsetMinutes: 0 }) }),
  );
  for (const f of ds.files)
    await client.addSource({
      name: f.name,
      kind: 'sample',
      blob: new Blob([[...f.chunks()].join('')]),
      clock: ds.manifest.clock,
    });
  const incident = ds.truth().incidents[0];
  const user = userEvent.setup();
  render(<EntityPanel />, { wrapper: createTestWrapper(client) });
  const list = await screen.findByRole('list', { name: 'Entities by kind' });
  return { client, user, list, incident };
}

describe('EntityPanel with the engine', () => {
  it('finds the killed container by its 13-char crictl prefix and filters the timeline to it', async () => {
    const { client, user, list, incident } = await setup();
    await user.type(
      screen.getByRole('searchbox', { name: 'Filter entities' }),
      incident.containerId.slice(0, 13),
    );
    const name = `checkout (${incident.containerId.slice(0, 12)})`;
    const button = await within(list).findByRole('button', { name });
    await user.click(button);
    const key = `container:${incident.containerId}`;
    expect(useWorkbenchStore.getState().entityFilter).toBe(key);
    expect(useWorkbenchStore.getState().activePanel).toBe('timeline');
    // The filter the timeline will apply really narrows the events to that container's.
    const all = await client.view({ sources: [], severities: [], search: '' });
    const only = await client.view({ sources: [], severities: [], search: '', entity: key });
    expect(only.total).toBeGreaterThan(0);
    expect(only.total).toBeLessThan(all.total);
    const summary = (await client.entities()).find((e) => e.key === key);
    expect(within(list).getByRole('listitem', { name })).toHaveTextContent(`${summary?.events} events`);
  });

  it('draws the container’s lifecycle: created, started, OOM-killed, shim disconnected, exited 137, unknown', async () => {
    const { user, list, incident } = await setup();
    await user.type(
      screen.getByRole('searchbox', { name: 'Filter entities' }),
      incident.containerId.slice(0, 12),
    );
    const name = `checkout (${incident.containerId.slice(0, 12)})`;
    await user.click(await within(list).findByRole('button', { name: `Show details of ${name}` }));
    const lane = await within(list).findByRole('list', { name: `Lifecycle of ${name}` });
    const words = within(lane)
      .getAllByRole('button')
      .map((b) => b.querySelector('.lc-word')?.firstChild?.textContent);
    for (const w of ['created', 'started', 'OOM-killed', 'shim disconnected', 'exited 137', 'unknown'])
      expect(words).toContain(w);
    // In time order: the kill comes before the exit it causes; untimed steps come last.
    expect(words.indexOf('OOM-killed')).toBeLessThan(words.indexOf('exited 137'));
    expect(words.at(-1)).toBe('unknown');
    const kill = within(lane).getByRole('button', { name: /^OOM-killed/ });
    await user.click(kill);
    await waitFor(() => expect(useWorkbenchStore.getState().selectedEventId).not.toBeNull());
    // Related: its pod and its sandbox, linked by id.
    const row = within(list).getByRole('listitem', { name });
    expect(
      within(row).getByRole('button', { name: new RegExp(`^pod .*${incident.pod.split('/')[1]}`) }),
    ).toBeInTheDocument();
  });
});
