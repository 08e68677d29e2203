import { act, createEvent, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClient } from '../../state/testing/fake-client.ts';
import { createTestWrapper } from '../../state/testing/test-providers.tsx';
import { IngestProvider } from './ingest-context.tsx';
import { IngestPanel } from './ingest-panel.tsx';
import { LARGE_PASTE_CHARS } from './paste-area.tsx';

const JOURNAL = [
  'Nov 26 09:59:58 node-1 systemd[1]: Started containerd.service - containerd container runtime.',
  'Nov 26 10:00:01 node-1 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=936',
].join('\n');
const DMESG_T = '[Wed Nov 26 10:00:01 2025] Memory cgroup out of memory: Killed process 41235 (java)';

function setup(client = new FakeClient()) {
  const user = userEvent.setup();
  const Wrapper = createTestWrapper(client);
  render(
    <Wrapper>
      <IngestProvider>
        <IngestPanel />
      </IngestProvider>
    </Wrapper>,
  );
  return {
    client,
    user,
    session: Wrapper.session,
    textarea: screen.getByRole('textbox', { name: 'Paste command output' }),
  };
}

async function sourceNames(client: FakeClient): Promise<string[]> {
  return (await client.listSources()).map(
    (s) => `${s.name} ${s.kind} ${s.segments.map((g) => g.format).join(',')}`,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('IngestPanel', () => {
  it('adds the pasted text as a source and empties the box', async () => {
    const { client, user, textarea } = setup();
    const add = screen.getByRole('button', { name: 'Add paste' });
    expect(add).toBeDisabled();
    await user.click(textarea);
    await user.paste(JOURNAL);
    await user.click(add);
    await waitFor(async () => expect(await sourceNames(client)).toEqual(['paste-1 paste journalctl-short']));
    expect(textarea).toHaveValue('');
  });

  it('adds with Ctrl+Enter too, numbering pastes', async () => {
    const { client, user, textarea } = setup();
    await user.click(textarea);
    await user.paste(JOURNAL);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.paste(DMESG_T);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () =>
      expect(await sourceNames(client)).toEqual([
        'paste-1 paste journalctl-short',
        'paste-2 paste dmesg-ctime',
      ]),
    );
  });

  it('turns a paste over 1 MB into a source directly, without putting it in the text box', async () => {
    const { client, textarea } = setup();
    const line = `${JOURNAL.split('\n')[0]}\n`;
    const big = line.repeat(Math.ceil((LARGE_PASTE_CHARS + 1) / line.length));
    const paste = createEvent.paste(textarea, { clipboardData: { getData: () => big } });
    fireEvent(textarea, paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(textarea).toHaveValue('');
    expect(screen.getByRole('status')).toHaveTextContent(
      /too large for the text box: it was added directly as paste-1/,
    );
    await waitFor(async () => expect(await sourceNames(client)).toEqual(['paste-1 paste journalctl-short']));
    expect((await client.listSources())[0].bytes).toBe(big.length);
  });

  it('lets a small paste go into the text box as usual', () => {
    const { textarea } = setup();
    const paste = createEvent.paste(textarea, { clipboardData: { getData: () => JOURNAL } });
    fireEvent(textarea, paste);
    expect(paste.defaultPrevented).toBe(false);
  });

  it('shows progress while a source is read, and Cancel stops it with a clear message', async () => {
    const client = new FakeClient();
    client.holdAdds = true;
    const { user, textarea } = setup(client);
    await user.click(textarea);
    await user.paste(JOURNAL);
    await user.click(screen.getByRole('button', { name: 'Add paste' }));
    await waitFor(() => expect(client.held).toHaveLength(1));

    act(() =>
      client.held[0].progress({ bytesRead: 512 * 1024, totalBytes: 2048 * 1024, lines: 900, events: 880 }),
    );
    const bar = await screen.findByRole('progressbar', { name: 'Reading paste-1' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '25'));
    expect(screen.getByText(/512 KB \/ 2.0 MB · 900 lines · 880 events so far/)).toBeInTheDocument();

    act(() =>
      client.held[0].progress({ bytesRead: 1536 * 1024, totalBytes: 2048 * 1024, lines: 2700, events: 2650 }),
    );
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '75'));

    await user.click(screen.getByRole('button', { name: 'Cancel reading paste-1' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cancelled. Nothing was added.');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(await client.listSources()).toEqual([]);
    await user.click(screen.getByRole('button', { name: /Dismiss/ }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the engine error next to the file it belongs to, without crashing', async () => {
    const { client, user } = setup();
    const binary = new File(['ELF\u0000\u0001\u0002'], 'core.bin');
    const good = new File([JOURNAL], 'journal.txt');
    await user.upload(screen.getByLabelText('Log files to add'), [binary, good]);
    const failed = await screen.findByRole('listitem', { name: 'core.bin' });
    expect(failed).toHaveTextContent('core.bin looks like a binary file: not read.');
    await waitFor(async () =>
      expect(await sourceNames(client)).toEqual(['journal.txt file journalctl-short']),
    );
  });

  it('adds several files chosen at once', async () => {
    const { client, user } = setup();
    const openButton = screen.getByRole('button', { name: 'Open files…' });
    const input = screen.getByLabelText<HTMLInputElement>('Log files to add');
    const clicked = vi.spyOn(input, 'click');
    await user.click(openButton);
    expect(clicked).toHaveBeenCalled();
    expect(input).toHaveAttribute('multiple');
    await user.upload(input, [new File([JOURNAL], 'journal.txt'), new File([DMESG_T], 'dmesg.txt')]);
    await waitFor(async () =>
      expect(await sourceNames(client)).toEqual([
        'journal.txt file journalctl-short',
        'dmesg.txt file dmesg-ctime',
      ]),
    );
  });

  it('adds files dropped anywhere on the window', async () => {
    const { client } = setup();
    const files = [new File([JOURNAL], 'a.log'), new File([DMESG_T], 'b.log')];
    const dataTransfer = { files, types: ['Files'], getData: () => '' };
    fireEvent.dragEnter(window, { dataTransfer });
    expect(screen.getByTestId('drop-zone')).toHaveClass('is-dragging');
    fireEvent.drop(document.body, { dataTransfer });
    expect(screen.getByTestId('drop-zone')).not.toHaveClass('is-dragging');
    await waitFor(async () =>
      expect(await sourceNames(client)).toEqual(['a.log file journalctl-short', 'b.log file dmesg-ctime']),
    );
  });

  it('loads the sample incident from its manifest, each file as a sample source', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url.endsWith('manifest.json')) {
        return new Response(
          JSON.stringify({
            title: 'OOM kill of api-0',
            description: 'A Java container killed by the cgroup OOM killer.',
            files: [
              { name: 'journal.txt', format: 'journalctl-short' },
              { name: 'dmesg-T.txt', format: 'dmesg-ctime' },
            ],
          }),
        );
      }
      return new Response(url.endsWith('journal.txt') ? JOURNAL : DMESG_T);
    });
    vi.stubGlobal('fetch', fetchMock);
    const { client, user, session } = setup();
    await user.click(screen.getByRole('button', { name: 'Load sample incident' }));
    await waitFor(async () =>
      expect(await sourceNames(client)).toEqual([
        'journal.txt sample journalctl-short',
        'dmesg-T.txt sample dmesg-ctime',
      ]),
    );
    expect(screen.getByText('Sample: OOM kill of api-0')).toBeInTheDocument();
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual([
      '/sample/manifest.json',
      '/sample/journal.txt',
      '/sample/dmesg-T.txt',
    ]);
    // A second click would only duplicate every event.
    expect(await screen.findByRole('button', { name: 'Sample incident loaded' })).toBeDisabled();
    // Its first source made the incident; it takes the sample's title.
    await waitFor(() => expect(session.getSnapshot().active?.title).toBe('Sample: OOM kill of api-0'));
    expect(session.getSnapshot().active?.sources.map((x) => x.sourceId)).toEqual([
      'journal.txt',
      'dmesg-T.txt',
    ]);
  });

  it('loads the sample by itself when the URL has ?sample=1, and reports a missing sample', async () => {
    window.history.replaceState(null, '', '/?sample=1');
    const fetchMock = vi.fn(async () => new Response('not found', { status: 404 }));
    vi.stubGlobal('fetch', fetchMock);
    setup();
    expect(await screen.findByRole('alert')).toHaveTextContent('The sample incident is not available');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
