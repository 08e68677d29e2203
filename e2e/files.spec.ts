// Journey (c): files come in through the file chooser and by drag and drop, several at once,
// including a gzip-compressed one made here.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const GZ = gzipSync(fixture('dmesg-raw.txt'));

function sourceCard(page: Page, name: string) {
  return page.getByRole('region', { name: 'Sources' }).getByRole('listitem', { name });
}

test('files chosen in the file chooser, a .gz among them, become sources', async ({ page }) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  const fc = await chooser;
  expect(fc.isMultiple()).toBe(true);
  await fc.setFiles([
    { name: 'journal.log', mimeType: 'text/plain', buffer: fixture('journalctl-short-iso.txt') },
    { name: 'dmesg-T.log', mimeType: 'text/plain', buffer: fixture('dmesg-T.txt') },
    { name: 'dmesg.log.gz', mimeType: 'application/gzip', buffer: GZ },
  ]);

  await expect(sourceCard(page, 'journal.log').getByTestId('segment-format')).toHaveText(
    'journalctl-short-iso',
  );
  await expect(sourceCard(page, 'dmesg-T.log').getByTestId('segment-format')).toHaveText('dmesg-ctime');
  const gz = sourceCard(page, 'dmesg.log.gz');
  await expect(gz.getByTestId('segment-format')).toHaveText('dmesg-raw');
  await expect(gz).toContainText('gzip');
  await expect(gz).toContainText(`${GZ.length} B`);

  // Raw dmesg has only seconds since boot: its rows wait in their own group, after the timed ones.
  const grid = page.getByRole('grid', { name: 'Merged timeline' });
  const header = grid.locator('tr.group-header');
  await expect(header).toContainText('No wall-clock time yet (raw dmesg, tables, free text)');
  await expect(header).toContainText('4 events');
  await grid.focus();
  await page.keyboard.press('End');
  const last = grid.locator('tbody tr.grid-row').last();
  await expect(last.locator('td').first()).toHaveText('+7093.579001 s');
  await expect(last.locator('td').nth(1)).toHaveText('relative');
  await screen(page, 'files-chooser-untimed-group');
});

test('several files dropped at once on the drop zone become sources', async ({ page }) => {
  await page.goto('/');
  const files = [
    { name: 'journal.log', b64: fixture('journalctl-short-iso.txt').toString('base64') },
    { name: 'dmesg.log.gz', b64: GZ.toString('base64') },
  ];
  // A DataTransfer built in the page, as the browser builds it for a drag from the desktop.
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await expect(zone).toHaveClass(/is-dragging/);
  await expect(page.getByText('Drop to add the files as sources')).toBeVisible();
  await screen(page, 'files-dragging');
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Drop to add the files as sources')).toBeHidden();

  await expect(sourceCard(page, 'journal.log').getByTestId('segment-format')).toHaveText(
    'journalctl-short-iso',
  );
  await expect(sourceCard(page, 'dmesg.log.gz').getByTestId('segment-format')).toHaveText('dmesg-raw');
  await expect(page.getByText('9 events', { exact: true })).toBeVisible();
});

test('a drop anywhere on the window works too, and a binary file gets a clear message', async ({ page }) => {
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(
      new File([new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0, 3, 0, 0xff, 0xfe])], 'core.dump'),
    );
    dt.items.add(new File(['[    1.000000] hello from the kernel\n'], 'tiny.log'));
    return dt;
  });
  const target = page.getByRole('grid').or(page.getByRole('heading', { name: 'No events yet' }));
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
  const failed = page
    .getByRole('list', { name: 'Sources being read' })
    .getByRole('listitem', { name: 'core.dump' });
  await expect(failed.getByRole('alert')).toBeVisible();
  await expect(failed.getByRole('alert')).toContainText(/binary/i);
  await expect(sourceCard(page, 'tiny.log')).toBeVisible();
  await screen(page, 'files-binary-error');
});
