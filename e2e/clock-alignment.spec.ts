// Journey (issue 4): raw dmesg (seconds since boot) dropped next to `journalctl -k` and the
// containerd/kubelet journal (short format: no year, no zone). The Clocks tab shows dmesg's boot
// time fitted from the kernel lines both share; in the timeline the OOM kill from dmesg lands, marked
// `aligned`, at the second containerd logs the shim disconnect. A typed boot time moves the dmesg
// rows; Reset brings the fit back.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { findRow, screen } from './helpers.ts';
import { expect, test } from './test.ts';

const FILES = ['dmesg.txt', 'journalctl-k.txt', 'journalctl-containerd-kubelet.txt'];
const fixture = (name: string) => readFileSync(new URL(`./fixtures/align/${name}`, import.meta.url));

// The kill as dmesg prints it: `[ 3087.593612] Memory cgroup out of memory: Killed process 2150 ...`.
const OOM = 'Memory cgroup out of memory: Killed process 2150';
const KILL_MONO_US = 3_087_593_612;
// containerd noticing it: `... level=info msg="shim disconnected" id=afcf4efe97924f55...`.
const SHIM = 'msg="shim disconnected" id=afcf4efe97924f55';

/** "2025-11-24T06:56:48.951157Z" -> epoch µs. */
function parseMicros(iso: string): number {
  return Date.parse(`${iso.slice(0, 19)}Z`) * 1000 + Number(iso.slice(20, 26));
}

/** Epoch µs -> "2025-11-24T07:48:16.544769Z", as the time cell's title writes it. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, '0')}Z`;
}

test.use({ viewport: { width: 1280, height: 800 } });

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Merged timeline' });
}

/** The time cell: its text in the display zone (UTC here) and its title, the full UTC instant. */
function timeCell(row: Locator): Locator {
  return row.getByRole('gridcell').first();
}

test('dmesg raw is aligned from journalctl -k: fitted boot, anchors, and the OOM kill at the shim disconnect', async ({
  page,
}) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles(
    FILES.map((name) => ({ name, mimeType: 'text/plain', buffer: fixture(name) })),
  );
  const sources = page.getByRole('region', { name: 'Sources' });
  for (const name of FILES) await expect(sources.getByRole('listitem', { name })).toBeVisible();
  await expect(sources.getByRole('listitem', { name: 'dmesg.txt' }).getByTestId('segment-format')).toHaveText(
    'dmesg-raw',
  );

  // The Clocks tab: dmesg's one boot, fitted from the kernel lines it shares with journalctl -k.
  await page.getByRole('tab', { name: 'Clocks' }).click();
  const clocks = page.getByRole('tabpanel', { name: 'Clocks' });
  const dmesg = clocks.getByRole('listitem', { name: 'dmesg.txt' });
  const boot = dmesg.getByRole('listitem', { name: 'Boot #1' });
  await expect(boot).toBeVisible();
  const bootedAt = boot.locator('.boot-time code');
  await expect(bootedAt).toHaveText(/^\d{4}-11-24T06:56:4[89]\.\d{6}Z$/);
  const fittedAuto = (await bootedAt.textContent()) ?? '';
  const stats = await boot.getByRole('definition').allTextContents();
  const [anchors, residual, uncertainty] = stats;
  // 210 kernel lines in journalctl -k, most of them found again in dmesg by their text.
  expect(Number(anchors.replace(/,/g, ''))).toBeGreaterThan(100);
  expect(residual).toMatch(/^\d+(\.\d+)? (µs|ms)$/);
  // journalctl short stamps are whole seconds: the fit cannot be surer than a second.
  expect(uncertainty).toMatch(/^± \d+(\.\d+)? (µs|ms|s)$/);
  await expect(boot).toContainText('from the same kernel lines in journalctl-k.txt');
  await expect(boot).toContainText('fitted from evidence');
  await expect(dmesg.getByRole('list', { name: 'Times of dmesg.txt by quality' })).toContainText(
    'aligned 325',
  );
  await expect(boot.getByRole('list', { name: 'Example anchor pairs' }).getByRole('button')).not.toHaveCount(
    0,
  );
  await screen(page, 'align-clocks-fitted');

  // The timeline: the kill from dmesg, aligned, and containerd's shim disconnect, at one second.
  const kill = await findRow(page, OOM, 'dmesg.txt');
  // The time-quality marker says how: aligned to journalctl-k.txt, with its uncertainty.
  const marker = kill.getByRole('gridcell').nth(1).getByText('aligned', { exact: true });
  await expect(marker).toHaveAttribute(
    'title',
    /^aligned from dmesg\.txt to journalctl-k\.txt .*±\d+(\.\d+)? ms\)$/,
  );
  await expect(timeCell(kill)).toHaveText(/07:48:16\.\d{3}$/);
  const killUtc = (await timeCell(kill).getAttribute('title')) ?? '';
  // The row's time is the fitted boot plus its seconds since boot, to the microsecond.
  expect(killUtc).toBe(`${isoMicros(parseMicros(fittedAuto) + KILL_MONO_US)} (UTC)`);
  const shim = await findRow(page, 'shim disconnected', 'journalctl-containerd-kubelet.txt', SHIM);
  await expect(timeCell(shim)).toHaveText(/07:48:16\.000$/);
  const shimUtc = (await timeCell(shim).getAttribute('title')) ?? '';
  expect(shimUtc).toMatch(/^2025-11-24T07:48:16\.000000Z/);
  // Same date and second, with no user input. journalctl -k shares no line with a dated source:
  // its year comes from what the other journal of the node learned (containerd's stamps say
  // 2025), not from this machine's clock.
  expect(killUtc.slice(0, 19), 'the dmesg OOM kill and the shim disconnect on one clock').toBe(
    shimUtc.slice(0, 19),
  );
  const kernelJournal = clocks.getByRole('listitem', { name: 'journalctl-k.txt' });
  await expect(kernelJournal).toContainText('whose year was learned');
  await expect(bootedAt).toHaveText(/^2025-11-24T06:56:4[89]\.\d{6}Z$/);
  const fitted = fittedAuto;

  // Zoomed to that second with the From / To fields: the shim disconnect and the kill, from
  // dmesg and from the journal, are all inside it.
  const search = page.getByRole('searchbox', { name: 'Search the raw text of events' });
  await search.fill('');
  // The whole timeline is back before the window is typed (its range fills From / To).
  await expect(page.getByRole('status').filter({ hasText: /^1,071 events$/ })).toBeVisible();
  const zoom = page.getByRole('form', { name: 'Zoom window' });
  await zoom.getByRole('textbox', { name: 'From' }).fill('2025-11-24 07:48:16');
  await zoom.getByRole('textbox', { name: 'To' }).fill('2025-11-24 07:48:17');
  await zoom.getByRole('button', { name: 'Zoom' }).click();
  await expect(page.getByRole('button', { name: 'Reset zoom' })).toBeEnabled();
  const rows = grid(page).locator('tbody tr.grid-row');
  await search.fill('shim disconnected');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: SHIM })).toHaveCount(1);
  await search.fill('Killed process 2150');
  await expect(rows).toHaveCount(2);
  const inWindow = rows.filter({ has: page.getByRole('gridcell', { name: 'dmesg.txt', exact: true }) });
  await expect(timeCell(inWindow)).toHaveText(/07:48:16\.\d{3}$/);
  await expect(inWindow.getByText('aligned', { exact: true })).toBeVisible();
  await screen(page, 'align-oom-in-shim-second');
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(page.getByRole('button', { name: 'Reset zoom' })).toBeDisabled();

  // Correct the clock: a typed boot time moves every dmesg row by the same amount.
  const day = fitted.slice(0, 10);
  await dmesg.getByRole('button', { name: 'Correct…' }).click();
  const form = dmesg.getByRole('form', { name: 'Correct the clock of dmesg.txt' });
  await form.getByRole('textbox', { name: 'Boot time, UTC offset or shift' }).fill(`${day}T06:00:00Z`);
  await form.getByRole('button', { name: 'Apply correction' }).click();
  await expect(form).toBeHidden();
  await expect(bootedAt).toHaveText(`${day}T06:00:00.000000Z`);
  await expect(boot).toContainText('decided by you');
  const moved = await findRow(page, OOM, 'dmesg.txt');
  // 06:00:00 + 3087.593612 s = 06:51:27.593612.
  await expect(timeCell(moved)).toHaveText(/06:51:27\.593$/);
  await expect(timeCell(moved)).toHaveAttribute('title', `${day}T06:51:27.593612Z (UTC)`);
  await screen(page, 'align-clock-corrected');

  // Reset: the fit from evidence again, and the kill back at 07:48:16.
  await dmesg.getByRole('button', { name: 'Reset to inferred' }).click();
  await expect(bootedAt).toHaveText(fitted);
  await expect(boot).toContainText('fitted from evidence');
  await expect(dmesg.getByRole('button', { name: 'Reset to inferred' })).toBeHidden();
  const back = await findRow(page, OOM, 'dmesg.txt');
  await expect(timeCell(back)).toHaveAttribute(
    'title',
    `${isoMicros(parseMicros(fitted) + KILL_MONO_US)} (UTC)`,
  );
});
