import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeSession } from './testing/fake-session.ts';
import { recordDownloads, renderIncidents, withModalDialogs } from './testing/render.tsx';

withModalDialogs();
const rec = recordDownloads();

const QUOTA =
  'The browser has no room left for this change. Delete incidents you no longer need, or export this one as a bundle.';

function openOne(session: FakeSession, title = 'node-7 OOM, 26 Nov') {
  const active = session.byTitle(title);
  session.set({ active });
  return active;
}

const status = () => screen.queryByTestId('save-status');

describe('IncidentHeader', () => {
  it('says "New incident" before anything is saved, with no save status', () => {
    renderIncidents(new FakeSession());
    expect(screen.getByRole('button', { name: 'Incident: New incident' })).toHaveAttribute(
      'aria-haspopup',
      'dialog',
    );
    expect(status()).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the open incident and "Saved" with the time in its title; "Saving…" while writing', () => {
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
    renderIncidents(session);
    const at = new Date(2025, 10, 26, 10, 3, 12).getTime();
    act(() => {
      openOne(session);
      session.set({ save: { state: 'saved', at } });
    });
    expect(screen.getByRole('button', { name: 'Incident: node-7 OOM, 26 Nov' })).toBeInTheDocument();
    expect(status()).toHaveTextContent(/^Saved$/);
    expect(status()).toHaveAttribute('title', 'Saved at 10:03:12 in this browser');

    act(() => session.set({ save: { state: 'saving' } }));
    expect(status()).toHaveTextContent(/^Saving…$/);
    // Saving is not announced (it flips every second while typing): no alert, no live status.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('status')?.textContent ?? '').toBe('');
  });

  it('counts the sources read back while restoring', () => {
    const session = new FakeSession();
    session.set({ phase: 'restoring', restoring: { done: 2, total: 5 } });
    renderIncidents(session);
    expect(status()).toHaveTextContent('Restoring 2 of 5 sources…');
    act(() => session.set({ restoring: { done: 5, total: 5 } }));
    expect(status()).toHaveTextContent('Restoring 5 of 5 sources…');
    act(() => session.set({ phase: 'ready', restoring: null, save: { state: 'idle' } }));
    expect(status()).toBeNull();
  });

  it('reports a full disk as an alert with its message, "Manage incidents" and "Export bundle"', async () => {
    const user = userEvent.setup();
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }, { title: 'etcd slow' }]);
    const active = openOne(session);
    renderIncidents(session);
    act(() => session.set({ save: { state: 'error', message: QUOTA, kind: 'quota' } }));

    expect(status()).toHaveTextContent('Not saved');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(`Not saved. ${QUOTA}`);

    await user.click(within(alert).getByRole('button', { name: 'Export bundle' }));
    expect(session.calls).toContain(`exportBundle ${active.id}`);
    expect(rec.downloads).toEqual([{ fileName: 'node-7-OOM-26-Nov.rca.zip', href: 'blob:test/1' }]);
    expect(await within(alert).findByText(/Exported node-7-OOM-26-Nov\.rca\.zip/)).toBeInTheDocument();

    const manage = within(alert).getByRole('button', { name: 'Manage incidents' });
    await user.click(manage);
    const dialog = await screen.findByRole('dialog', { name: 'Incidents' });
    expect(await within(dialog).findAllByRole('listitem', { name: /./ })).toHaveLength(2);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(manage).toHaveFocus();
  });

  it('an error other than quota shows its message without the quota buttons', () => {
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
    openOne(session);
    session.set({ save: { state: 'error', message: 'The write failed: disk I/O error.', kind: 'other' } });
    renderIncidents(session);
    expect(screen.getByRole('alert')).toHaveTextContent('Not saved. The write failed: disk I/O error.');
    expect(screen.queryByRole('button', { name: 'Manage incidents' })).toBeNull();
  });

  it('without storage, warns that the work is kept only in this tab', () => {
    const session = new FakeSession();
    session.set({ storageUnavailable: 'this browser gives the page no IndexedDB (private window).' });
    renderIncidents(session);
    expect(status()).toHaveTextContent('Not saved');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Not saved: this browser gives the page no IndexedDB (private window).');
    expect(alert).toHaveTextContent('Your work is kept only in this tab');
  });

  it('opens the Incidents dialog from the title, and gives the focus back when Escape closes it', async () => {
    const user = userEvent.setup();
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
    openOne(session);
    renderIncidents(session);
    const button = screen.getByRole('button', { name: 'Incident: node-7 OOM, 26 Nov' });
    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Incidents' });
    // The search box has the focus: most visits are to find an incident.
    expect(within(dialog).getByRole('searchbox', { name: 'Search by title, tag or finding' })).toHaveFocus();
    // A browser closes a modal dialog on Escape ('cancel', then 'close'); jsdom only has close().
    act(() => (dialog as HTMLDialogElement).close());
    expect(screen.queryByRole('dialog')).toBeNull();
    await act(async () => {});
    expect(button).toHaveFocus();
  });
});

describe('Open elsewhere', () => {
  it('says so across the app, with "Open here" (takes the incident over) and "Incidents…"', async () => {
    const user = userEvent.setup();
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
    openOne(session);
    // The other tab's write refused: the banner says it, the conflict is not said twice.
    session.set({
      access: 'elsewhere',
      save: { state: 'error', message: 'Another tab saved this incident.', kind: 'conflict' },
    });
    renderIncidents(session);
    const banner = screen.getByRole('alert');
    expect(banner).toHaveTextContent('This incident is open in another tab. Changes here are not saved.');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(status()).toHaveTextContent('Read only');

    await user.click(within(banner).getByRole('button', { name: 'Incidents…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Incidents' });
    act(() => (dialog as HTMLDialogElement).close());

    await user.click(screen.getByRole('button', { name: 'Open here' }));
    expect(session.calls).toContain('takeOver');
    expect(screen.queryByText(/open in another tab/)).toBeNull();
  });

  it('keeps the banner and says why when taking over fails', async () => {
    const user = userEvent.setup();
    const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
    openOne(session);
    session.set({ access: 'elsewhere' });
    session.takeOver = async () => {
      throw new Error('The other tab did not answer.');
    };
    renderIncidents(session);
    await user.click(screen.getByRole('button', { name: 'Open here' }));
    expect(
      await screen.findByText(/Could not open it here: The other tab did not answer\./),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('This incident is open in another tab.');
  });
});
