// Journey (issue 4): in the bundled sample, the container the incident is about is one entity
// across crictl, containerd, the kubelet and the kernel. A click on it in the Entities tab shows
// only its events in the timeline; its lifecycle reads as one lane; the chip clears the filter.
import type { Locator, Page } from '@playwright/test';
import { screen } from './helpers.ts';
import { expect, test } from './test.ts';

const LABEL = 'checkout (7fc23ca64dfc)';
// Everything the sample says about that container names it by one of these: its id (full, or
// crictl's 13-char prefix `7fc23ca64dfcf`), its process (`pid:2197 exit_status:137`, the kernel's
// `[   2197]  1000  2197 ... java`) or its shim, the process the OOM killer took
// (`Killed process 2150 (containerd-shim)`).
const OWN = /7fc23ca64dfcf|\b2197\b|\b2150\b/;
// Another container's `crictl ps -a` row: `container worker Exited (attempt 0, id 2b13e1ec68c6e, ...`.
const OTHER_CRICTL = /^container (?!checkout\b)\S+ /;

test.use({ viewport: { width: 1280, height: 800 } });

const grid = (page: Page) => page.getByRole('grid', { name: 'Merged timeline' });

/** [source, message] of every row the table shows, top to bottom then (End) the bottom screen. */
async function rowsTopAndBottom(page: Page): Promise<Map<string, [string, string]>> {
  const read = () =>
    grid(page)
      .locator('tbody tr.grid-row[data-event-id]')
      .evaluateAll((rows) =>
        rows.map((r) => {
          const cells = r.querySelectorAll('td');
          return [
            r.getAttribute('data-event-id') ?? '',
            cells[2]?.textContent ?? '',
            cells[5]?.textContent ?? '',
          ] as const;
        }),
      );
  const seen = new Map<string, [string, string]>();
  await grid(page).focus();
  await page.keyboard.press('Home');
  for (const [id, src, msg] of await read()) seen.set(id, [src, msg]);
  await page.keyboard.press('End');
  await expect(grid(page).locator('tbody tr.grid-row').last()).not.toHaveAttribute('aria-busy', 'true');
  for (const [id, src, msg] of await read()) seen.set(id, [src, msg]);
  return seen;
}

function countOf(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /^[\d,]+ (of [\d,]+ )?events/ });
}

test('a container entity filters the timeline to its events and reads as one lifecycle lane', async ({
  page,
}) => {
  await page.goto('/?sample=1');
  // All five files read: the header counts them, and the table shows every event.
  const loaded = page.getByText(/^5 sources · [\d,]+ events$/);
  await expect(loaded).toBeVisible();
  const totalText = ((await loaded.textContent()) ?? '').replace(/^5 sources · /, '');
  const total = Number(totalText.replace(/\D/g, ''));
  await expect(countOf(page)).toHaveText(totalText);

  // Unfiltered, the crictl rows of other containers are there at the end (no wall-clock time).
  const before = await rowsTopAndBottom(page);
  const otherCrictl = [...before.values()].filter(
    ([src, msg]) => src === 'crictl-ps-a.txt' && OTHER_CRICTL.test(msg),
  );
  expect(otherCrictl.length).toBeGreaterThan(0);

  await page.getByRole('tab', { name: 'Entities' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Entities' });
  const entity = panel.getByRole('listitem', { name: LABEL });
  const own = Number((await entity.getByText(/^\d+ events?$/).textContent())?.replace(/\D/g, ''));
  expect(own).toBeGreaterThan(0);
  expect(own).toBeLessThan(total);
  await entity.getByRole('button', { name: LABEL, exact: true }).click();

  // The timeline says what it shows, and shows that many events.
  await expect(page.getByText(`Only ${LABEL}`, { exact: true })).toBeVisible();
  await expect(panel.getByRole('status')).toContainText(`Timeline shows only ${LABEL}`);
  await expect(entity.getByRole('button', { name: LABEL, exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(countOf(page)).toHaveText(`${own} of ${totalText}`);

  const after = await rowsTopAndBottom(page);
  expect(after.size).toBe(own);
  for (const [src, msg] of after.values()) expect(msg, `${src}: ${msg}`).toMatch(OWN);
  // The crictl table keeps only its own row; the other containers' rows are gone.
  const crictl = [...after.values()].filter(([src]) => src === 'crictl-ps-a.txt');
  expect(crictl.map(([, msg]) => msg)).toEqual([
    expect.stringMatching(/^container checkout Unknown .*7fc23ca64dfcf/),
  ]);
  for (const [, msg] of otherCrictl) expect([...after.values()].map(([, m]) => m)).not.toContain(msg);
  // It is one entity across tools: crictl, containerd / kubelet, the kernel (journal and dmesg).
  expect(new Set([...after.values()].map(([src]) => src))).toEqual(
    new Set([
      'crictl-ps-a.txt',
      'crictl-inspect.json',
      'journalctl-containerd-kubelet.txt',
      'journalctl-k.txt',
      'dmesg.txt',
    ]),
  );
  await grid(page).focus();
  await page.keyboard.press('Home');
  await screen(page, 'entity-only-checkout');

  // Its lifecycle, as one lane: created, started, OOM-killed, shim disconnected, exited 137, unknown.
  await entity.getByRole('button', { name: `Show details of ${LABEL}` }).click();
  const steps = panel.getByRole('list', { name: `Lifecycle of ${LABEL}` }).getByRole('button');
  await expect(steps.first()).toBeVisible();
  const names = await steps.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));
  const order = ['created', 'started', 'OOM-killed', 'shim disconnected', 'exited 137', 'unknown'];
  const at = order.map((word) =>
    names.findIndex((n) => n.startsWith(`${word},`) || n.startsWith(`${word} (`)),
  );
  expect(at, names.join('\n')).not.toContain(-1);
  expect(at).toEqual([...at].sort((a, b) => a - b));
  // The kill and the disconnect at the same second; Unknown has no time (crictl's state column).
  expect(names[at[2]]).toMatch(/, 07:48:16(\.\d{3})?, .*dmesg\.txt/);
  expect(names[at[3]]).toMatch(/, 07:48:16(\.\d{3})?, journalctl-containerd-kubelet\.txt$/);
  expect(names[at[5]]).toMatch(/, no time, /);
  // The lane under the entity's details, scrolled into the sidebar's view as one would.
  await steps.first().evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
  await screen(page, 'entity-lifecycle-lane');

  // A step opens its event in the timeline.
  await steps.nth(at[2]).click();
  const detail = page.getByRole('complementary', { name: 'Event detail' });
  await expect(detail.getByRole('region', { name: 'Raw lines' })).toContainText('Killed process 2150');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  // The chip clears the filter: every event again.
  await page.getByRole('button', { name: `Show all events, not only ${LABEL}` }).click();
  await expect(page.getByText(`Only ${LABEL}`, { exact: true })).toBeHidden();
  await expect(countOf(page)).toHaveText(totalText);
  await expect(panel.getByText(`Timeline shows only`)).toBeHidden();
  await expect(entity.getByRole('button', { name: LABEL, exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});
