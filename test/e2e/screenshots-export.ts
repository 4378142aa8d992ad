// Screenshots of issue 18's export step and record, in light and dark, in English, Spanish and
// Portuguese (1200×800; the longer-worded languages also at 900×600): the step with its
// options and file type before any export ("since the last export" unavailable, saying why),
// the step continuing from the last export, and the history with an entry's record.
// `screenshots.ts` calls `exportScreenshots`; on its own:
//   node scripts/private-keyring.js node --import tsx test/e2e/screenshots-export.ts
// Runs the built renderer against the fake server, steps named from each language's catalog.
import { localDay, WAIT } from './app-support.ts';
import { lead, type ShotSetOptions, takeShotSet, whenRunOnItsOwn } from './screenshot-set.ts';

export type ExportShotsOptions = ShotSetOptions;

/** Takes every screenshot of the export step's options and the history's record. */
export function exportScreenshots(options: ExportShotsOptions): Promise<string[]> {
  return takeShotSet(options, async ({ page, fake, name, catalog, suffix, shot }) => {
    await page.locator('tbody tr').first().waitFor(WAIT);
    await page.getByLabel(catalog.filters_period, { exact: true }).selectOption('last30');
    await page.getByRole('button', { name: catalog.filters_search, exact: true }).click();
    await page.locator('table.dimmed').waitFor({ state: 'detached', ...WAIT });

    // The step before any export: the options, the file type, "since the last export" off.
    const step = page.getByRole('dialog', { name: catalog.export_step_title });
    const save = step.getByRole('button', { name: catalog.export_step_save });
    await page.getByRole('button', { name: catalog.export_button }).click();
    await save.waitFor(WAIT);
    await step.getByRole('checkbox', { name: catalog.export_option_with_day }).check();
    await step.getByRole('radio', { name: catalog.export_format_xlsx }).check();
    await step.locator('[role="status"][aria-busy="false"]').waitFor(WAIT);
    await shot(`export-options${suffix}`);
    await save.click();
    const panel = page.getByRole('region', { name: catalog.export_title });
    await panel.getByRole('button', { name: catalog.export_open }).waitFor({ timeout: 60_000 });
    await panel.getByRole('button', { name: catalog.common_close }).click();

    // A few users since: the step continues from that export.
    fake.insertUsers(3, localDay(0));
    await page.getByRole('button', { name: catalog.export_button }).click();
    await save.waitFor(WAIT);
    await step.getByRole('checkbox', { name: catalog.export_option_since_last }).check();
    await step
      .getByRole('status')
      .getByText(new RegExp(`^${lead(catalog.export_step_since_window)}`))
      .waitFor(WAIT);
    await step.locator('[role="status"][aria-busy="false"]').waitFor(WAIT);
    await shot(`export-options-since-last${suffix}`);
    await page.keyboard.press('Escape');
    await step.waitFor({ state: 'detached', ...WAIT });

    await page.getByRole('button', { name: catalog.view_history, exact: true }).click();
    const history = page.getByRole('region', { name: catalog.history_title });
    await history.getByRole('listitem').first().waitFor(WAIT);
    await shot(`export-history-record${suffix}`);
    if (name !== 'en') {
      await page.setViewportSize({ width: 900, height: 600 });
      await shot(`export-history-record${suffix}-900x600`, true);
    }
  });
}

await whenRunOnItsOwn(import.meta.url, 'export', exportScreenshots);
