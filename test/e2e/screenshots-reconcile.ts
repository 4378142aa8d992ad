// Screenshots of "Reconcile a list": the list read with its cost, a look-up stopped part-way,
// and one done with its results (statuses asked for), in light and dark, in English, Spanish
// and Portuguese (1200×800; the results also at 900×600 in the longer-worded languages).
// `screenshots.ts` calls `reconcileScreenshots`; on its own:
//   node scripts/private-keyring.js node --import tsx test/e2e/screenshots-reconcile.ts
// Runs the built renderer against the fake server, steps named from each language's catalog.
import { ALL_TIME_FROM } from '#common/days.ts';
import { formatMessage } from '#common/i18n/format-message.ts';
import type { FakePalenca } from '../fake-palenca/server.ts';
import { eventually, localDay, WAIT } from './app-support.ts';
import { lead, type ShotSetOptions, takeShotSet, whenRunOnItsOwn } from './screenshot-set.ts';

/**
 * A list as staff paste it: customers Palenca knows and some it does not, one twice, a blank
 * line, an ID too long to send, and one with a right-to-left override (shown written out).
 */
function sampleList(fake: FakePalenca): string {
  const known = new Set<string>();
  for (const user of fake.usersInWindow(ALL_TIME_FROM, localDay(0))) {
    if (user.external_id && /^cus_[0-9a-z]{6}$/.test(user.external_id)) known.add(user.external_id);
    if (known.size === 26) break;
  }
  const ids = [...known];
  const lines = [
    ...ids.slice(0, 8),
    'crm-000481',
    ...ids.slice(8, 16),
    ids[2] ?? '',
    '',
    'crm-000517',
    'cus_\u202Egpj.exe',
    ...ids.slice(16),
    'crm-000622',
    `ref-${'7'.repeat(230)}`,
    'crm-000701',
  ];
  return lines.join('\r\n');
}

export type ReconcileShotsOptions = ShotSetOptions;

/** Takes every reconcile screenshot; returns the paths written. */
export function reconcileScreenshots(options: ReconcileShotsOptions): Promise<string[]> {
  return takeShotSet(options, async ({ page, fake, name, catalog, suffix, shot }) => {
    const view = page.getByRole('region', { name: catalog.view_reconcile });
    await page.getByRole('button', { name: catalog.view_reconcile, exact: true }).click();
    await page.getByLabel(catalog.reconcile_paste_label).fill(sampleList(fake));
    await page.getByLabel(catalog.reconcile_with_status).check();
    await view.getByText(lead(catalog.reconcile_cost)).first().waitFor(WAIT);
    await view.getByRole('listitem').first().waitFor(WAIT);
    await shot(`reconcile-reading${suffix}`);

    // Slow answers, so the look-up is stopped part-way.
    fake.setLatency(1000);
    try {
      const start = formatMessage(catalog.reconcile_start, { count: 2 }, 'en').replace('2', '\\d+');
      await view.getByRole('button', { name: new RegExp(`^${start}$`) }).click();
      const bar = view.getByRole('progressbar');
      await bar.waitFor(WAIT);
      await eventually(
        'a few IDs looked up',
        async () => Number(await bar.getAttribute('value')) >= 6,
      );
      await view.getByRole('button', { name: catalog.reconcile_stop, exact: true }).click();
      await view.getByText(lead(catalog.reconcile_paused)).waitFor(WAIT);
      await view.locator('tbody tr').first().waitFor(WAIT);
      await shot(`reconcile-paused${suffix}`);
    } finally {
      fake.setLatency(0);
    }

    await view.getByRole('button', { name: catalog.reconcile_resume, exact: true }).click();
    await view.getByRole('button', { name: catalog.reconcile_new_list, exact: true }).waitFor({
      timeout: 60_000,
    });
    await view.locator('tbody tr').nth(5).waitFor(WAIT);
    await shot(`reconcile-done${suffix}`);
    if (name !== 'en') {
      await page.setViewportSize({ width: 900, height: 600 });
      await shot(`reconcile-done${suffix}-900x600`);
    }
  });
}

await whenRunOnItsOwn(import.meta.url, 'reconcile', reconcileScreenshots);
