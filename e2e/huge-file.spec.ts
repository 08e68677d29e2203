// Journey: a 1 GB file (made in global-setup from the generated 100 MB journal) is picked in the
// browser. The tab reads at most 512 MiB of input (Workbench's input limit), so it is refused at
// once, before a byte is read, with a message that says why and what to do; the tab stays
// alive: the sample incident loads afterwards and its timeline answers. The JS heap of the page
// and of the engine's worker is measured before and after (CDP), and reported in the test's
// annotations and on stdout for the closing note.
import { statSync } from 'node:fs';
import type { Browser, CDPSession } from '@playwright/test';
import { HUGE_BYTES, HUGE_FILE } from './global-setup.ts';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

const MB = 1024 * 1024;

/** The page's JS heap in use, after a full GC (CDP Performance.getMetrics). */
async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/**
 * The engine worker's JS heap in use, after a full GC: the browser's CDP session attaches to
 * the dedicated worker's target and asks it (Runtime.getHeapUsage). Null when no worker target
 * is found (the numbers then say "page only").
 */
async function workerHeap(browser: Browser): Promise<number | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('engine.worker'));
    if (!worker) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    let next = 1;
    const call = (method: string): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const id = next++;
        const onMessage = (e: { sessionId?: string; message: string }) => {
          if (e.sessionId !== sessionId) return;
          const m = JSON.parse(e.message) as {
            id?: number;
            result?: Record<string, unknown>;
            error?: unknown;
          };
          if (m.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (m.error) reject(new Error(JSON.stringify(m.error)));
          else resolve(m.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId });
    return typeof usage.usedSize === 'number' ? usage.usedSize : null;
  } finally {
    await cdp.detach();
  }
}

async function heaps(cdp: CDPSession, browser: Browser) {
  return { page: await pageHeap(cdp), worker: await workerHeap(browser) };
}

const mib = (n: number | null) => (n === null ? 'n/a' : `${(n / MB).toFixed(1)} MiB`);

test('a 1 GB file is refused at once with what to do, and the tab stays alive', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const size = statSync(HUGE_FILE).size;
  expect(size).toBeGreaterThanOrEqual(HUGE_BYTES);

  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await expect(page.getByRole('main').getByRole('button', { name: 'Load sample incident' })).toBeVisible();
  const before = await heaps(cdp, browser);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  const t0 = Date.now();
  await (await chooser).setFiles(HUGE_FILE);
  const job = page
    .getByRole('list', { name: 'Sources being read' })
    .getByRole('listitem', { name: 'journal-1g.log' });
  const alert = job.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 10_000 });
  const refusedMs = Date.now() - t0;
  const message = (await alert.textContent()) ?? '';
  // The size, the limit, why, and the two ways out.
  expect(message).toContain('journal-1g.log is 953.8 MiB');
  expect(message).toContain('at most 512.0 MiB of input in all');
  expect(message).toContain("fit in one tab's memory");
  expect(message).toContain('journalctl --since');
  expect(message).toContain('grep -F <container id>');
  expect(message).toContain('npm run rca -- analyze FILE');
  expect(refusedMs).toBeLessThan(5_000);
  await expect(page.getByText('Nothing added yet.')).toBeVisible();
  await expect(page.locator('.header-status')).toHaveText('No sources yet');
  await screen(page, 'huge-file-refused');
  const afterRefusal = await heaps(cdp, browser);

  // The tab is alive: the sample loads, the timeline answers a search and a click.
  await page.getByRole('button', { name: 'Dismiss the message about journal-1g.log' }).click();
  await expect(job).toBeHidden();
  await page.getByRole('main').getByRole('button', { name: 'Load sample incident' }).click();
  await expect(page.locator('.header-status')).toHaveText(/^5 sources · [\d,]+ events$/);
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  await page.getByRole('searchbox', { name: 'Search the raw text of events' }).fill('Killed process');
  await expect(page.locator('.count')).toHaveText(/^[\d,]+ of [\d,]+ events$/);
  await grid.locator('tbody tr.grid-row', { hasText: 'Killed process' }).first().click();
  await expect(
    page.getByRole('complementary', { name: 'Event detail' }).getByRole('region', { name: 'Raw lines' }),
  ).toContainText('Killed process');
  await screen(page, 'huge-file-then-sample');
  const afterSample = await heaps(cdp, browser);

  const numbers = [
    `file ${size.toLocaleString('en-US')} bytes`,
    `refused in ${refusedMs} ms`,
    `page heap ${mib(before.page)} before, ${mib(afterRefusal.page)} after the refusal, ${mib(afterSample.page)} with the sample loaded`,
    before.worker === null
      ? 'engine worker heap: no worker target found (page only)'
      : `engine worker heap ${mib(before.worker)} before, ${mib(afterRefusal.worker)} after the refusal, ${mib(afterSample.worker)} with the sample loaded`,
  ];
  for (const n of numbers) test.info().annotations.push({ type: '1 GB file', description: n });
  console.log(`1 GB journey: ${numbers.join('; ')}`);
  // Refused before reading: neither heap grew with the file (a read would cost hundreds of MB).
  expect(afterRefusal.page - before.page).toBeLessThan(20 * MB);
  if (before.worker !== null && afterRefusal.worker !== null)
    expect(afterRefusal.worker - before.worker).toBeLessThan(20 * MB);
});
