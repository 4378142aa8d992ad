// `npm run screenshots`: a PNG of every screen and state, in light and dark, at 1200×800,
// written to screenshots/ (not committed); the main screen is also copied to
// docs/screenshots/ for the README. Then the main screen and the longest-worded states in
// Spanish and Portuguese (light and dark, 1200×800 and 900×600), to check that the longer
// words fit; `main-es.png` and `main-pt-BR.png` go to docs/screenshots/ as well. Last, the
// Connections view and an attempt's panel with its link to reconnect, in all three languages;
// then Reconcile, and the export step's options and the history's record (in all three).
// Runs the built renderer against the fake server.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  exportStep,
  exportThroughStep,
  localDay,
  openForScreenshots,
  searchEmptyWindow,
  testKeyStore,
  WAIT,
  waitForAccountsPanel,
} from './app-support.ts';
import { launchBrowser, openApp } from './harness.ts';
import { exportScreenshots } from './screenshots-export.ts';
import { reconcileScreenshots } from './screenshots-reconcile.ts';

const OUT = 'screenshots';
const DOCS = join('docs', 'screenshots');
const viewport = { width: 1200, height: 800 };

await mkdir(OUT, { recursive: true });
await mkdir(DOCS, { recursive: true });
const fake = await startFakePalenca({ users: 4000, seed: 7 });
const shots: string[] = [];

async function shot(page: Page, name: string, scheme: string, fullPage = false) {
  const path = join(OUT, `${name}-${scheme}.png`);
  // The pointer rests in an empty corner, so the last clicked button is not shown hovered.
  await page.mouse.move(0, 0);
  await page.screenshot({ path, fullPage });
  shots.push(path);
}

type Scheme = 'light' | 'dark';
type Size = { width: number; height: number };

/** The app set up with the fake's keys (see `openForScreenshots`). */
const openSetUp = (colorScheme: Scheme, locale = 'en-US', server: FakePalenca = fake) =>
  openForScreenshots(server, { colorScheme, viewport, locale });

/** The app on its first run: no key stored yet. */
const openFirstRun = (colorScheme: Scheme, size: Size, locale = 'en-US') =>
  openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore: testKeyStore(),
    colorScheme,
    viewport: size,
    locale,
  });

for (const scheme of ['light', 'dark'] as const) {
  // First run.
  const welcome = await openFirstRun(scheme, viewport);
  await welcome.page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);
  await shot(welcome.page, 'welcome', scheme);
  await welcome.page.getByRole('button', { name: 'Verify and save' }).click();
  await welcome.page.getByLabel('API key').fill('sk_test_wrong_key_0000');
  await welcome.page.getByRole('button', { name: 'Verify and save' }).click();
  await welcome.page.getByRole('alert').waitFor(WAIT);
  await shot(welcome.page, 'welcome-invalid-key', scheme);
  await welcome.close();

  const app = await openSetUp(scheme);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await shot(page, 'main', scheme);
  await copyFile(join(OUT, `main-${scheme}.png`), join(DOCS, `main-${scheme}.png`));

  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
  await page.locator('tbody tr').nth(1).locator('td').nth(2).click();
  await waitForAccountsPanel(page);
  await shot(page, 'accounts-panel', scheme);
  const reconnect = page.getByRole('dialog').getByRole('region', { name: 'Link to reconnect' });
  if ((await reconnect.count()) > 0) {
    await reconnect.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await shot(page, 'accounts-panel-reconnect', scheme);
  }
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Copy user ID' }).first().click();
  const copied = page.getByRole('status').getByText('Copied');
  await copied.waitFor(WAIT);
  await shot(page, 'copied', scheme);
  // The toast goes by itself after a moment: gone before the next shots.
  await copied.waitFor({ ...WAIT, state: 'hidden' });

  await page.getByLabel('Period', { exact: true }).selectOption('thisYear');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText(/Users per (day|week|month)/).waitFor(WAIT);
  await page
    .getByRole('group', { name: /Users per period/ })
    .getByRole('button')
    .nth(20)
    .focus();
  await shot(page, 'trend', scheme);

  await page.getByLabel('Period', { exact: true }).selectOption('last30');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('Period', { exact: true }).selectOption('thisYear');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setLatency(600);
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  await shot(page, 'export-step', scheme);
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByText(/^About .* left$/).waitFor({ timeout: 20_000 });
  await shot(page, 'export-progress', scheme);
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await page.getByText('Export cancelled.', { exact: false }).waitFor(WAIT);
  fake.setLatency(0);
  await exportThroughStep(page);
  await page.getByText(/^Export finished/).waitFor(WAIT);
  await shot(page, 'export-done', scheme);
  await page.getByRole('button', { name: 'Export history' }).click();
  await page
    .getByRole('region', { name: 'Recent exports' })
    .getByText('users')
    .first()
    .waitFor(WAIT);
  await shot(page, 'export-history', scheme);
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await page.getByRole('button', { name: 'Close' }).click();

  // The form changed but was not searched yet: the results say they are stale.
  const staleNotice = page.getByText('Filters changed — press Search to update').first();
  await page.getByLabel('Period', { exact: true }).selectOption('last7');
  await staleNotice.waitFor(WAIT);
  await shot(page, 'stale-results', scheme);
  await page.getByLabel('Period', { exact: true }).selectOption('thisYear');
  await staleNotice.waitFor({ ...WAIT, state: 'hidden' });

  // Palenca does not answer: the panel shows from the first moment, with Cancel.
  await page.getByRole('button', { name: 'Export…' }).click();
  const hungSave = exportStep(page).getByRole('button', { name: 'Choose where to save…' });
  await hungSave.waitFor(WAIT);
  fake.setLatency(10 * 60_000);
  await hungSave.click();
  const exportPanel = page.getByRole('region', { name: 'Export' });
  await exportPanel.getByText('Connecting to Palenca…').waitFor(WAIT);
  await shot(page, 'export-connecting', scheme);
  await exportPanel.getByRole('button', { name: 'Cancel export' }).click();
  await page.getByText('Export cancelled.', { exact: false }).first().waitFor(WAIT);
  fake.setLatency(0);
  await page.getByRole('button', { name: 'Close' }).click();

  // Palenca fails for good from page 3 on: the failure says how far it got, and Try again.
  await page.getByRole('button', { name: 'Export…' }).click();
  await exportStep(page).getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  fake.onRequest((req) => {
    const asked = (req.body as { options?: { page?: number } })?.options?.page ?? 1;
    if (asked >= 3) fake.setFault({ kind: 'unavailable' });
  });
  try {
    await exportStep(page).getByRole('button', { name: 'Choose where to save…' }).click();
    await exportPanel.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
    await shot(page, 'export-failed', scheme);
  } finally {
    fake.onRequest(null);
    fake.setFault(null);
  }
  await exportPanel.getByRole('button', { name: 'Close' }).click();

  // The organisation's own product spent the minute's allowance: the wait is said in words.
  const spent = await startFakePalenca({ users: 500, seed: 7 });
  const waiting = await openSetUp(scheme, 'en-US', spent);
  await waiting.page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  spent.exhaustWindow();
  await waiting.page.getByRole('button', { name: 'Next' }).click();
  await waiting.page
    .getByText("Waiting for Palenca's allowance", { exact: false })
    .first()
    .waitFor(WAIT);
  await shot(waiting.page, 'allowance-wait', scheme);
  await waiting.close();
  await spent.close();

  await searchEmptyWindow(page);
  await shot(page, 'empty', scheme);

  await page.getByLabel('From').fill(localDay(1));
  await page.getByLabel('To').fill(localDay(0));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('The From date is after the To date.', { exact: false }).waitFor(WAIT);
  await shot(page, 'invalid-dates', scheme);

  await page.getByLabel('Period', { exact: true }).selectOption('last30');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setFault({ kind: 'unavailable' });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Retry' }).waitFor(WAIT);
  await page.getByText('Details').click();
  await shot(page, 'error', scheme);
  // Recovered before moving on, so no later shot shows the old error.
  fake.setFault(null);
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  await shot(page, 'settings', scheme);

  await page.setViewportSize({ width: 900, height: 600 });
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await shot(page, 'main-900x600', scheme);
  await app.close();
}

// The other languages, named from their own catalogs so the steps read the same.
const LANGUAGES = [
  { name: 'es', osLocale: 'es-MX', catalog: es, showing: /^Mostrando 1–50 de/ },
  { name: 'pt-BR', osLocale: 'pt-BR', catalog: ptBR, showing: /^Mostrando 1–50 de/ },
] as const;
for (const { name, osLocale, catalog, showing } of LANGUAGES) {
  for (const scheme of ['light', 'dark'] as const) {
    const app = await openSetUp(scheme, osLocale);
    const { page } = app;
    await page.getByText(showing).waitFor(WAIT);
    await shot(page, `main-${name}`, scheme);
    if (scheme === 'light') {
      await copyFile(join(OUT, `main-${name}-light.png`), join(DOCS, `main-${name}.png`));
    }
    await page.locator('tbody tr').nth(1).locator('td').nth(2).click();
    await page.getByRole('dialog').locator('li, p').first().waitFor(WAIT);
    await shot(page, `accounts-panel-${name}`, scheme);
    await page.keyboard.press('Escape');

    await page.getByLabel(catalog.filters_period, { exact: true }).selectOption('thisYear');
    await page.getByRole('button', { name: catalog.filters_search, exact: true }).click();
    await page.getByText(showing).waitFor(WAIT);
    fake.setLatency(600);
    await page.getByRole('button', { name: catalog.export_button }).click();
    // The step before every export: the count, then the save dialog.
    await page.getByRole('button', { name: catalog.export_step_save }).click(WAIT);
    await page.getByRole('button', { name: catalog.export_cancel }).waitFor(WAIT);
    await page.getByRole('progressbar').waitFor(WAIT);
    const elapsed = catalog.export_elapsed.split('{')[0] ?? '';
    await page.getByText(elapsed, { exact: false }).waitFor(WAIT);
    await shot(page, `export-progress-${name}`, scheme);
    await page.setViewportSize({ width: 900, height: 600 });
    await shot(page, `export-progress-${name}-900x600`, scheme);
    await page.getByRole('button', { name: catalog.export_cancel }).click();
    fake.setLatency(0);
    await page.getByRole('button', { name: catalog.common_close }).click();
    await shot(page, `main-${name}-900x600`, scheme);
    await page.getByRole('button', { name: catalog.view_trend, exact: true }).click();
    await page.getByRole('group', { name: catalog.trend_chart_label }).waitFor(WAIT);
    await shot(page, `trend-${name}-900x600`, scheme);

    await page.getByRole('button', { name: catalog.settings_button }).click();
    await page.getByRole('heading', { name: catalog.settings_title, level: 1 }).waitFor(WAIT);
    await shot(page, `settings-${name}-900x600`, scheme);
    await app.close();

    const welcome = await openFirstRun(scheme, { width: 900, height: 600 }, osLocale);
    await welcome.page.getByRole('heading', { name: catalog.welcome_title }).waitFor(WAIT);
    await welcome.page.getByLabel(catalog.key_label).fill('sk_test_wrong_key_0000');
    await welcome.page.getByRole('button', { name: catalog.key_verify_and_save }).click();
    await welcome.page.getByRole('alert').waitFor(WAIT);
    await shot(welcome.page, `welcome-invalid-key-${name}-900x600`, scheme);
    await welcome.close();
  }
}

// The Connections view in every language and scheme: the cost said first (English), then the
// summary, the reasons and the follow-up list (the whole page), and an attempt's panel with
// the link to reconnect and its QR code.
const CONNECTIONS_LANGUAGES = [
  { suffix: '', osLocale: 'en-US', catalog: en },
  { suffix: '-es', osLocale: 'es-MX', catalog: es },
  { suffix: '-pt-BR', osLocale: 'pt-BR', catalog: ptBR },
] as const;
for (const { suffix, osLocale, catalog } of CONNECTIONS_LANGUAGES) {
  for (const scheme of ['light', 'dark'] as const) {
    const app = await openSetUp(scheme, osLocale);
    const { page } = app;
    await page.locator('tbody tr').first().waitFor(WAIT);
    await page.getByRole('button', { name: catalog.view_connections, exact: true }).click();
    const read = page.getByRole('button', { name: catalog.connections_read });
    await read.waitFor(WAIT);
    if (!suffix) await shot(page, 'connections-cost', scheme);
    await read.click();
    await page.getByRole('heading', { name: catalog.connections_summary_title }).waitFor(WAIT);
    const list = page.getByRole('region', { name: catalog.connections_follow_ups_title });
    await list.locator('tbody tr').first().waitFor(WAIT);
    await shot(page, `connections${suffix}`, scheme, true);
    await page
      .getByRole('group', { name: catalog.connections_chart_label })
      .getByRole('button')
      .nth(2)
      .focus();
    await page.getByRole('tooltip').waitFor(WAIT);
    await shot(page, `connections-chart${suffix}`, scheme);
    const open = catalog.connections_open_attempt.split('{')[0] ?? '';
    await list
      .getByRole('button', { name: new RegExp(`^${open}`) })
      .first()
      .click();
    const panel = page.getByRole('dialog', { name: catalog.connections_attempt_title });
    const qr = panel.getByRole('img', { name: catalog.reconnect_qr_label });
    await qr.waitFor(WAIT);
    await shot(page, `connections-panel${suffix}`, scheme);
    await qr.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await shot(page, `connections-panel-link${suffix}`, scheme);
    // Narrow, with the longer words: the chart, the table and the list still fit.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', ...WAIT });
    await page.setViewportSize({ width: 900, height: 600 });
    // From the top, so the header that stays in view is drawn at the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `connections${suffix}-900x600`, scheme, true);
    await app.close();
  }
}

// Reconcile a list, with a fake of its own (its list is built from that fake's users).
shots.push(...(await reconcileScreenshots({ out: OUT })));
// The export step's options and the history's record, in every language (a fake of its own:
// it adds users).
shots.push(...(await exportScreenshots({ out: OUT })));

await fake.close();
await (await launchBrowser()).close();
console.log(`wrote ${shots.length} screenshots to ${OUT}/ and the main screens to ${DOCS}/`);
process.exit(0);
