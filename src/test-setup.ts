import '@testing-library/jest-dom/vitest';
// jsdom has no IndexedDB: the fake's globals (IDBKeyRange, IDBRequest... that idb and the repo
// use); each test session still opens its own database through its own IDBFactory.
import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetWorkbenchStore } from './state/store.ts';
import { disposeTestSessions } from './state/testing/test-providers.tsx';

// findBy* and waitFor give up after 1 s by default: on a loaded 2-core machine (two vitest
// workers, a browser build) a query that answers in 50 ms alone can take longer, and a test would
// fail for the machine's sake. A wait that succeeds returns as soon as it does, so this costs
// passing tests nothing.
configure({ asyncUtilTimeout: 5000 });

// jsdom does no layout: every element measures 0x0, so a virtualized list would render no rows.
// Give elements a laptop-sized box; tests that care about layout run in Playwright instead.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 480 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1024 });
// A scroll box is as tall as its content; virtualized content sets its height inline.
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const h = Number.parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '');
    return Number.isFinite(h) ? h : this.clientHeight;
  },
});
if (!Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo(this: Element, a?: ScrollToOptions | number, b?: number) {
    if (typeof a === 'number') {
      this.scrollLeft = a;
      this.scrollTop = b ?? 0;
    } else if (a) {
      if (a.top !== undefined) this.scrollTop = a.top;
      if (a.left !== undefined) this.scrollLeft = a.left;
    }
    // A browser fires scroll after a programmatic scroll, on a later task; the virtualizer listens for it.
    setTimeout(() => this.dispatchEvent(new Event('scroll')), 0);
  };
}

afterEach(() => {
  cleanup();
  // Before the store is reset: a session still listening would save the reset as a change.
  disposeTestSessions();
  resetWorkbenchStore();
});
