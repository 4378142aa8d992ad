// Screenshots of issue 18's export step and record, in light and dark, in English, Spanish and
// Portuguese (1200×800; the longer-worded languages also at 900×600): the step with its
// options and file type before any export ("since the last export" unavailable, saying why),
// the step continuing from the last export, and the history with an entry's record.
// `screenshots.ts` calls `exportScreenshots`; on its own:
//   node scripts/private-keyring.js node --import tsx test/e2e/screenshots-export.ts
// Runs the built renderer against the fake server, steps named from each language's catalog.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { localDay, openForScreenshots, WAIT } from './app-support.ts';
import { launchBrowser } from './harness.ts';

type Scheme = 'light' | 'dark';
type Catalog = typeof en;

const LANGUAGES = [
  { name: 'en', osLocale: 'en-US', catalog: en },
  { name: 'es', osLocale: 'es-MX', catalog: es },
  { name: 'pt-BR', osLocale: 'pt-BR', catalog: ptBR },
] as const;

/** A message's words before its first placeholder, to find it on the page. */
const lead = (message: string) => message.split('{')[0] ?? '';

export interface ExportShotsOptions {
  /** The folder the PNGs go to (screenshots.ts's `screenshots/`). */
  out: string;
  /** A fake to use; default one of its own, closed at the end. */
  fake?: FakePalenca;
}

/** Takes every screenshot of the export step's options and the history's record. */
export async function exportScreenshots(options: ExportShotsOptions): Promise<string[]> {
  await mkdir(options.out, { recursive: true });
  const fake = options.fake ?? (await startFakePalenca({ users: 4000, seed: 7 }));
  const shots: string[] = [];

  async function shot(page: Page, name: string, scheme: Scheme, fullPage = false) {
    const path = join(options.out, `${name}-${scheme}.png`);
    // The pointer rests in an empty corner, so the last clicked button is not shown hovered.
    await page.mouse.move(0, 0);
    await page.screenshot({ path, fullPage });
    shots.push(path);
  }

  async function run(scheme: Scheme, name: string, osLocale: string, catalog: Catalog) {
    const suffix = name === 'en' ? '' : `-${name}`;
    const app = await openForScreenshots(fake, {
      colorScheme: scheme,
      viewport: { width: 1200, height: 800 },
      locale: osLocale,
    });
    const { page } = app;
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
    await shot(page, `export-options${suffix}`, scheme);
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
    await shot(page, `export-options-since-last${suffix}`, scheme);
    await page.keyboard.press('Escape');
    await step.waitFor({ state: 'detached', ...WAIT });

    await page.getByRole('button', { name: catalog.view_history, exact: true }).click();
    const history = page.getByRole('region', { name: catalog.history_title });
    await history.getByRole('listitem').first().waitFor(WAIT);
    await shot(page, `export-history-record${suffix}`, scheme);
    if (name !== 'en') {
      await page.setViewportSize({ width: 900, height: 600 });
      await shot(page, `export-history-record${suffix}-900x600`, scheme, true);
    }
    await app.close();
  }

  for (const { name, osLocale, catalog } of LANGUAGES) {
    for (const scheme of ['light', 'dark'] as const) await run(scheme, name, osLocale, catalog);
  }
  if (!options.fake) await fake.close();
  return shots;
}

// On its own: into screenshots/ (as `npm run screenshots`), then the browser is closed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const shots = await exportScreenshots({ out: 'screenshots' });
  await (await launchBrowser()).close();
  console.log(`wrote ${shots.length} export screenshots to screenshots/`);
  process.exit(0);
}
