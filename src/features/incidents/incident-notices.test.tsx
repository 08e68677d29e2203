// The notices about other tabs: the read-only banner says this tab takes over by itself, and the
// hand-over (the owning tab closed the incident) is said once, in one sentence, with a second
// one when changes made here while read only were not kept; it can be dismissed.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeSession } from './testing/fake-session.ts';
import { renderIncidents, withModalDialogs } from './testing/render.tsx';

withModalDialogs();

const HANDOVER = 'The other tab closed this incident: this tab now saves your changes.';

function following() {
  const session = new FakeSession([{ title: 'node-7 OOM, 26 Nov' }]);
  session.set({ active: session.byTitle('node-7 OOM, 26 Nov'), access: 'elsewhere' });
  return session;
}

describe('IncidentNotices: another tab', () => {
  it('the read-only banner says changes are not saved and that this tab takes over when the other closes it', () => {
    renderIncidents(following());
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This incident is open in another tab. Changes here are not saved. When the other tab closes it, this tab takes it over by itself.',
    );
  });

  it('when the other tab let go, says in one sentence that this tab now saves, and the banner is gone', async () => {
    const user = userEvent.setup();
    const session = following();
    renderIncidents(session);
    act(() => session.set({ access: 'owner', handover: { at: 1, dropped: false }, save: { state: 'idle' } }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(HANDOVER);
    expect(alert).not.toHaveTextContent(/not saved/);
    expect(screen.queryByText(/open in another tab/)).toBeNull();
    expect(screen.getByTestId('save-status')).toHaveTextContent('Saved');

    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();

    // A later hand-over (this tab lost it and got it back) is said again.
    act(() => session.set({ access: 'elsewhere', handover: null }));
    expect(screen.getByRole('alert')).toHaveTextContent('This incident is open in another tab.');
    act(() => session.set({ access: 'owner', handover: { at: 2, dropped: false } }));
    expect(screen.getByRole('alert')).toHaveTextContent(HANDOVER);
  });

  it('says that changes made here while read only were not saved, when there were some', () => {
    const session = following();
    renderIncidents(session);
    act(() => session.set({ access: 'owner', handover: { at: 1, dropped: true } }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      `${HANDOVER} What you changed here while it was read only was not saved: this tab shows the other tab’s last save instead.`,
    );
    expect(alert).toHaveClass('is-warn');
  });

  it('says nothing of a hand-over while another tab has the incident again', () => {
    const session = following();
    session.set({ handover: { at: 1, dropped: false } });
    renderIncidents(session);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.queryByText(/this tab now saves/)).toBeNull();
  });
});
