// Rendering for the incidents feature's tests: the fake session in the app's own context, the
// feature's provider (dialog, undo notice), and modal dialogs as browsers do them.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, vi } from 'vitest';
import { IncidentSessionProvider } from '../../../state/incident-context.tsx';
import { IncidentHeader } from '../incident-header.tsx';
import { IncidentNotices } from '../incident-notices.tsx';
import { IncidentsProvider } from '../incidents-provider.tsx';
import type { FakeSession } from './fake-session.ts';

/** The header and the notices strip, as the app composes them. */
export function renderIncidents(session: FakeSession, extra?: ReactNode) {
  return render(
    <IncidentSessionProvider session={session}>
      <IncidentsProvider>
        <header>
          <IncidentHeader />
        </header>
        <IncidentNotices />
        {extra}
      </IncidentsProvider>
    </IncidentSessionProvider>,
  );
}

/**
 * jsdom has no modal dialogs: showModal and close do what browsers do to the open state, and
 * close fires 'close' (as Escape does in a browser, after 'cancel').
 */
export function withModalDialogs(): void {
  const proto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
  const native = { showModal: proto.showModal, close: proto.close };
  beforeEach(() => {
    proto.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    proto.close = function close(this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
  });
  afterEach(() => {
    proto.showModal = native.showModal;
    proto.close = native.close;
  });
}

export interface Download {
  fileName: string;
  href: string;
}

/**
 * Downloads as the page starts them (an <a download> on an object URL, clicked), recorded instead
 * of followed; jsdom has no object URLs, so they are made here and their revocation recorded.
 */
export function recordDownloads(): { downloads: Download[]; revoked: string[] } {
  const rec = { downloads: [] as Download[], revoked: [] as string[] };
  let n = 0;
  beforeEach(() => {
    rec.downloads.length = 0;
    rec.revoked.length = 0;
    URL.createObjectURL = vi.fn(() => `blob:test/${++n}`);
    URL.revokeObjectURL = vi.fn((url: string) => {
      rec.revoked.push(url);
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click(
      this: HTMLAnchorElement,
    ) {
      rec.downloads.push({ fileName: this.download, href: this.href });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return rec;
}
