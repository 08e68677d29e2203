import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentSignature } from '../../core/persist/model.ts';
import { SAMPLE_SCENARIO } from '../../core/training/sample-scenario.ts';
import { FakeSession } from './testing/fake-session.ts';
import { recordDownloads, renderIncidents, withModalDialogs } from './testing/render.tsx';

withModalDialogs();
const rec = recordDownloads();

const OOM: IncidentSignature = {
  rules: ['containerd.shim-disconnected', 'kernel.oom-kill'],
  facts: ['cause=oom-kill-cgroup', 'exit=137'],
  verdict: {
    cause: 'oom-kill-cgroup',
    label: 'memcg OOM killer killed the shim',
    confidence: 0.92,
    by: 'engine',
  },
};

const MIN = 60_000;

function threeIncidents() {
  const now = Date.now();
  return new FakeSession([
    {
      title: 'node-7 shim crash',
      tags: ['prod', 'node-7'],
      updatedAt: now - 5 * MIN,
      sources: 5,
      inputBytes: 1_258_291,
      storedBytes: 317_440,
      signature: OOM,
    },
    {
      title: 'etcd slow disk',
      tags: ['etcd'],
      updatedAt: now - 2 * MIN,
      sources: 1,
      inputBytes: 2048,
      storedBytes: 900,
    },
    { title: 'Empty draft', updatedAt: now - 3 * 3600_000 },
  ]);
}

async function openDialog(session: FakeSession, user = userEvent.setup({ applyAccept: false })) {
  renderIncidents(session);
  await user.click(screen.getByRole('button', { name: /^Incident: / }));
  const dialog = await screen.findByRole('dialog', { name: 'Incidents' });
  await within(dialog).findByRole('list', { name: 'Incidents' });
  return { user, dialog };
}

const titles = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'Incidents' }))
    .getAllByRole('heading', { level: 3 })
    .map((h) => h.textContent);

const row = (dialog: HTMLElement, title: string) => within(dialog).getByRole('listitem', { name: title });

afterEach(() => {
  vi.useRealTimers();
});

describe('Incidents dialog', () => {
  it('lists the incidents newest first with tags, when, size and verdict; the open one is "Open now"', async () => {
    const session = threeIncidents();
    act(() => session.set({ active: session.byTitle('etcd slow disk') }));
    const { user, dialog } = await openDialog(session);

    expect(within(dialog).getByText('3 incidents')).toBeInTheDocument();
    expect(titles(dialog)).toEqual(['etcd slow disk', 'node-7 shim crash', 'Empty draft']);

    const crash = row(dialog, 'node-7 shim crash');
    expect(
      within(crash)
        .getAllByRole('listitem')
        .map((t) => t.textContent),
    ).toEqual(['prod', 'node-7']);
    expect(crash).toHaveTextContent('Updated 5 min ago · 5 sources · 1.2 MB (310 KB stored)');
    expect(crash).toHaveTextContent('Verdict: memcg OOM killer killed the shim (92%)');
    expect(row(dialog, 'Empty draft')).toHaveTextContent('Updated 3 h ago · No sources');
    expect(within(row(dialog, 'Empty draft')).queryByText(/Verdict/)).toBeNull();

    const current = row(dialog, 'etcd slow disk');
    expect(current).toHaveAttribute('aria-current', 'true');
    expect(within(current).getByRole('button', { name: 'Open now' })).toBeDisabled();

    await user.click(within(crash).getByRole('button', { name: 'Open' }));
    expect(session.calls).toContain(`open ${session.byTitle('node-7 shim crash').id}`);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('button', { name: 'Incident: node-7 shim crash' })).toBeInTheDocument();
  });

  it('searches by title, tag and finding through the session, and says when nothing matches', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    const search = within(dialog).getByRole('searchbox', { name: 'Search by title, tag or finding' });

    await user.type(search, 'etcd');
    await waitFor(() => expect(titles(dialog)).toEqual(['etcd slow disk']));
    expect(within(dialog).getByText('1 match')).toBeInTheDocument();

    await user.clear(search);
    await user.type(search, 'oom-kill');
    await waitFor(() => expect(titles(dialog)).toEqual(['node-7 shim crash']));
    expect(session.calls).toContain('list oom-kill');

    await user.clear(search);
    await user.type(search, 'node-7');
    await waitFor(() => expect(titles(dialog)).toEqual(['node-7 shim crash']));

    await user.clear(search);
    await user.type(search, 'kafka');
    expect(await within(dialog).findByText('No incident matches “kafka”.')).toBeInTheDocument();

    // Escape in a filled box empties it (the dialog stays): everything is back.
    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
    await waitFor(() => expect(titles(dialog)).toHaveLength(3));
  });

  it('renames with the keyboard: Enter saves, Escape cancels, the focus goes back to Rename', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    const rename = within(row(dialog, 'etcd slow disk')).getByRole('button', { name: 'Rename' });

    rename.focus();
    await user.keyboard('{Enter}');
    const field = within(dialog).getByRole('textbox', { name: 'Title' });
    expect(field).toHaveFocus();
    expect(field).toHaveValue('etcd slow disk');
    await user.keyboard('{Control>}a{/Control}etcd fsync stalls{Escape}');
    expect(within(dialog).queryByRole('textbox', { name: 'Title' })).toBeNull();
    expect(session.calls.some((c) => c.startsWith('rename'))).toBe(false);
    expect(rename).toHaveFocus();

    await user.keyboard('{Enter}');
    await user.keyboard('{Control>}a{/Control}{Backspace}{Enter}');
    expect(within(dialog).getByText('A title cannot be empty.')).toBeInTheDocument();
    await user.keyboard('etcd fsync stalls{Enter}');
    const renamed = await within(dialog).findByRole('listitem', { name: 'etcd fsync stalls' });
    expect(session.byTitle('etcd fsync stalls').id).toBe(
      session.calls.find((c) => c.startsWith('rename'))?.split(' ')[1],
    );
    expect(within(renamed).getByRole('button', { name: 'Rename' })).toHaveFocus();
    expect(within(dialog).getByText('Renamed to etcd fsync stalls')).toBeInTheDocument();
  });

  it('edits tags as comma-separated text: trimmed, one of each, shown as chips', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    await user.click(within(row(dialog, 'Empty draft')).getByRole('button', { name: 'Tags' }));
    const field = within(dialog).getByRole('textbox', { name: 'Tags' });
    await user.type(field, ' oom ,node-7,, OOM , kubelet {Enter}');
    await waitFor(() =>
      expect(
        within(within(row(dialog, 'Empty draft')).getByRole('list', { name: 'Tags' }))
          .getAllByRole('listitem')
          .map((t) => t.textContent),
      ).toEqual(['oom', 'node-7', 'kubelet']),
    );
    expect(session.byTitle('Empty draft').tags).toEqual(['oom', 'node-7', 'kubelet']);
  });

  it('duplicates an incident: the copy appears in the list', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    await user.click(within(row(dialog, 'node-7 shim crash')).getByRole('button', { name: 'Duplicate' }));
    expect(await within(dialog).findByText('Duplicated as node-7 shim crash (copy)')).toBeInTheDocument();
    expect(titles(dialog)).toContain('node-7 shim crash (copy)');
    expect(within(dialog).getByText('4 incidents')).toBeInTheDocument();
  });

  it('deletes at once with "Deleted <title>. Undo"; Undo brings it back', async () => {
    const session = threeIncidents();
    session.delay = 30;
    const { user, dialog } = await openDialog(session);
    await user.click(within(row(dialog, 'etcd slow disk')).getByRole('button', { name: 'Delete' }));
    // Gone before the session answered.
    expect(titles(dialog)).toEqual(['node-7 shim crash', 'Empty draft']);
    const undo = await within(dialog).findByRole('button', { name: 'Undo' });
    expect(within(dialog).getByText('Deleted etcd slow disk.').closest('[role="status"]')).not.toBeNull();
    expect(undo).toHaveFocus();
    expect(session.byTitle('etcd slow disk').deletedAt).not.toBeNull();

    await user.keyboard('{Enter}');
    expect(await within(dialog).findByText('Restored etcd slow disk')).toBeInTheDocument();
    await waitFor(() =>
      expect(titles(dialog)).toEqual(['etcd slow disk', 'node-7 shim crash', 'Empty draft']),
    );
    expect(session.byTitle('etcd slow disk').deletedAt).toBeNull();
  });

  it('the undo notice goes after 10 seconds, and the incident stays deleted', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const session = threeIncidents();
    const { user, dialog } = await openDialog(
      session,
      userEvent.setup({ applyAccept: false, advanceTimers: vi.advanceTimersByTime }),
    );
    await user.click(within(row(dialog, 'Empty draft')).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByRole('button', { name: 'Undo' })).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(9_000));
    expect(within(dialog).getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1_500));
    expect(within(dialog).queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(within(dialog).queryByText(/Deleted Empty draft/)).toBeNull();
    expect(session.byTitle('Empty draft').deletedAt).not.toBeNull();
    expect(titles(dialog)).not.toContain('Empty draft');
  });

  it('keeps the undo notice on the page when the dialog is closed', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    await user.click(within(row(dialog, 'Empty draft')).getByRole('button', { name: 'Delete' }));
    await within(dialog).findByRole('button', { name: 'Undo' });
    act(() => (dialog as HTMLDialogElement).close());
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(session.byTitle('Empty draft').deletedAt).toBeNull());
    expect(await screen.findByText('Restored Empty draft')).toBeInTheDocument();
  });

  it('refuses a foreign file and a damaged bundle with their messages, adding nothing', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    const input = within(dialog).getByLabelText('Bundle file to import');
    expect(input).toHaveAttribute('accept', '.rca.zip,.zip,.json.gz,.json');

    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])], 'screenshot.png', {
      type: 'image/png',
    });
    await user.upload(input, png);
    const alert = await within(dialog).findByRole('alert');
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        'screenshot.png was not imported. This file is not an RCA Workbench bundle (not a zip archive).',
      ),
    );

    const { blob } = await session.exportBundle(session.byTitle('etcd slow disk').id);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const cut = new File([bytes.slice(0, 20)], 'etcd.rca.zip');
    await user.upload(input, cut);
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        'etcd.rca.zip was not imported. This bundle is damaged (the archive is cut short). Nothing was imported.',
      ),
    );
    expect(titles(dialog)).toHaveLength(3);
    expect(within(dialog).getByText('3 incidents')).toBeInTheDocument();
    expect([...session.incidents.values()]).toHaveLength(3);
  });

  it('imports a bundle: "Imported <title>" with an Open button', async () => {
    const session = threeIncidents();
    const { user, dialog } = await openDialog(session);
    const { blob } = await session.exportBundle(session.byTitle('node-7 shim crash').id);
    await act(() => session.remove(session.byTitle('node-7 shim crash').id));
    await waitFor(() => expect(titles(dialog)).toHaveLength(2));

    await user.upload(within(dialog).getByLabelText('Bundle file to import'), new File([blob], 'x.rca.zip'));
    const status = await within(dialog).findByText('Imported node-7 shim crash');
    await waitFor(() => expect(titles(dialog)).toContain('node-7 shim crash'));
    expect(within(dialog).queryByRole('alert')?.textContent ?? '').toBe('');
    await user.click(
      within(status.closest('[role="status"]') as HTMLElement).getByRole('button', { name: 'Open' }),
    );
    expect(session.calls.at(-1)).toMatch(/^open inc-/);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('button', { name: 'Incident: node-7 shim crash' })).toBeInTheDocument();
  });

  it('exports a bundle as a download with its file name, and lets the object URL go afterwards', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const session = threeIncidents();
    const { user, dialog } = await openDialog(
      session,
      userEvent.setup({ applyAccept: false, advanceTimers: vi.advanceTimersByTime }),
    );
    await user.click(within(row(dialog, 'node-7 shim crash')).getByRole('button', { name: 'Export bundle' }));
    expect(await within(dialog).findByText('Exported node-7-shim-crash.rca.zip')).toBeInTheDocument();
    expect(rec.downloads).toEqual([{ fileName: 'node-7-shim-crash.rca.zip', href: 'blob:test/1' }]);
    // The link is not left in the page.
    expect(document.querySelector('a[download]')).toBeNull();
    expect(rec.revoked).toEqual([]);
    act(() => vi.advanceTimersByTime(60_000));
    expect(rec.revoked).toEqual(['blob:test/1']);
  });

  it('shows the storage use and asks the browser to keep the data', async () => {
    const session = threeIncidents();
    session.use = { incidentsBytes: 0, usage: 3_565_158, quota: 2 * 1024 ** 3, persisted: false };
    const { user, dialog } = await openDialog(session);
    expect(
      await within(dialog).findByText(/^3 incidents, 0 kept scenarios, 311 KB/, { selector: 'p' }),
    ).toHaveTextContent(
      '3 incidents, 0 kept scenarios, 311 KB · 3.4 MB used of 2.0 GB available in this browser',
    );

    await user.click(
      within(dialog).getByRole('button', { name: 'Keep my data (ask the browser not to evict it)' }),
    );
    expect(session.calls).toContain('requestPersistence');
    expect(
      await within(dialog).findByText(
        'Granted: the browser will not evict the incidents when space runs low.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /Keep my data/ })).toBeNull();
  });

  it('says when the browser declines to keep the data', async () => {
    const session = threeIncidents();
    session.use = { incidentsBytes: 0, persisted: false };
    session.persistAnswer = false;
    const { user, dialog } = await openDialog(session);
    await user.click(await within(dialog).findByRole('button', { name: /Keep my data/ }));
    expect(await within(dialog).findByText(/The browser said no/)).toBeInTheDocument();
    // No quota known: only our own count.
    expect(within(dialog).getByText(/^3 incidents, /, { selector: 'p' })).not.toHaveTextContent('available');
  });

  it('counts the kept scenarios and their bytes with the incidents, and follows a deletion', async () => {
    const session = threeIncidents();
    const kept = (id: string, title: string, storedBytes: number) =>
      session.scenarios.set(id, {
        id,
        manifest: { ...SAMPLE_SCENARIO, title },
        signature: null,
        savedAt: Date.now(),
        origin: 'imported',
        fromIncident: null,
        inputBytes: storedBytes * 4,
        storedBytes,
      });
    kept('scn-0000000000000001', 'Drill A', 40_960);
    kept('scn-0000000000000002', 'Drill B', 20_480);
    const { dialog } = await openDialog(session);
    // 311 KB of incidents and 60 KB of scenarios.
    const use = await within(dialog).findByText(/^3 incidents, 2 kept scenarios, /, { selector: 'p' });
    expect(use).toHaveTextContent(/^3 incidents, 2 kept scenarios, 371 KB$/);
    await act(() => session.removeScenario('scn-0000000000000002'));
    await waitFor(() => expect(use).toHaveTextContent(/^3 incidents, 1 kept scenario, 351 KB$/));
  });

  it('"New incident" starts an empty one and closes the dialog', async () => {
    const session = threeIncidents();
    act(() => session.set({ active: session.byTitle('etcd slow disk') }));
    const { user, dialog } = await openDialog(session);
    await user.click(within(dialog).getByRole('button', { name: 'New incident' }));
    expect(session.calls).toContain('newIncident');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('button', { name: 'Incident: New incident' })).toHaveFocus();
  });
});
