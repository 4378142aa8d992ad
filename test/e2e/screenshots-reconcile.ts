// Screenshots of "Reconcile a list": the list read with its cost, a look-up stopped part-way,
// and one done with its results (statuses asked for), in light and dark, in English, Spanish
// and Portuguese (1200×800; the results also at 900×600 in the longer-worded languages).
// `screenshots.ts` calls `reconcileScreenshots`; on its own:
//   node scripts/private-keyring.js node --import tsx test/e2e/screenshots-reconcile.ts
// Runs the built renderer against the fake server, steps named from each language's catalog.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ALL_TIME_FROM } from '#common/days.ts';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { eventually, localDay, openForScreenshots, WAIT } from './app-support.ts';
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

export interface ReconcileShotsOptions {
  /** The folder the PNGs go to (screenshots.ts's `screenshots/`). */
  out: string;
  /** A fake to use; default one of its own, closed at the end. */
  fake?: FakePalenca;
}

/** Takes every reconcile screenshot; returns the paths written. */
export async function reconcileScreenshots(options: ReconcileShotsOptions): Promise<string[]> {
  await mkdir(options.out, { recursive: true });
  const fake = options.fake ?? (await startFakePalenca({ users: 4000, seed: 7 }));
  const shots: string[] = [];

  async function shot(page: Page, name: string, scheme: Scheme) {
    const path = join(options.out, `${name}-${scheme}.png`);
    // The pointer rests in an empty corner, so the last clicked button is not shown hovered.
    await page.mouse.move(0, 0);
    await page.screenshot({ path });
    shots.push(path);
  }

  const open = (colorScheme: Scheme, locale: string) =>
    openForScreenshots(fake, { colorScheme, viewport: { width: 1200, height: 800 }, locale });

  async function run(scheme: Scheme, name: string, osLocale: string, catalog: Catalog) {
    const suffix = name === 'en' ? '' : `-${name}`;
    const app = await open(scheme, osLocale);
    const { page } = app;
    const view = page.getByRole('region', { name: catalog.view_reconcile });
    await page.getByRole('button', { name: catalog.view_reconcile, exact: true }).click();
    await page.getByLabel(catalog.reconcile_paste_label).fill(sampleList(fake));
    await page.getByLabel(catalog.reconcile_with_status).check();
    await view.getByText(lead(catalog.reconcile_cost)).first().waitFor(WAIT);
    await view.getByRole('listitem').first().waitFor(WAIT);
    await shot(page, `reconcile-reading${suffix}`, scheme);

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
      await shot(page, `reconcile-paused${suffix}`, scheme);
    } finally {
      fake.setLatency(0);
    }

    await view.getByRole('button', { name: catalog.reconcile_resume, exact: true }).click();
    await view.getByRole('button', { name: catalog.reconcile_new_list, exact: true }).waitFor({
      timeout: 60_000,
    });
    await view.locator('tbody tr').nth(5).waitFor(WAIT);
    await shot(page, `reconcile-done${suffix}`, scheme);
    if (name !== 'en') {
      await page.setViewportSize({ width: 900, height: 600 });
      await shot(page, `reconcile-done${suffix}-900x600`, scheme);
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
  const shots = await reconcileScreenshots({ out: 'screenshots' });
  await (await launchBrowser()).close();
  console.log(`wrote ${shots.length} reconcile screenshots to screenshots/`);
  process.exit(0);
}
