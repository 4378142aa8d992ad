// axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any screen or state: first run (and its
// error), the main screen with data, the accounts panel, the trend chart, export progress and
// done, the export history, an empty result, invalid dates, an error with its details open, and
// settings. One file per colour scheme (a11y-axe-light/-dark.test.ts) runs this suite: one axe
// pass over the table takes seconds, so both schemes in one file came near the per-file
// deadline on a busy machine.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  exportStep,
  exportThroughStep,
  finish,
  localDay,
  openWithKey,
  searchEmptyWindow,
  testKeyStore,
  WAIT,
  waitForAccountsPanel,
} from './app-support.ts';
import { axeViolations } from './axe.ts';
import { openApp } from './harness.ts';

export function axeSuite(colorScheme: 'light' | 'dark'): void {
  let fake: FakePalenca;
  before(async () => {
    fake = await startFakePalenca({ users: 4000, seed: 11 });
  });
  after(() => fake.close());

  describe(`axe, ${colorScheme}`, () => {
    test('first run: the welcome screen, and an invalid key', async () => {
      const app = await openApp({
        apiBaseUrl: fake.baseUrl,
        keyStore: testKeyStore(),
        colorScheme,
      });
      const { page } = app;
      await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);
      const found = await axeViolations(page, 'welcome');
      await page.getByRole('button', { name: 'About' }).click();
      found.push(...(await axeViolations(page, 'about box')));
      await page.getByRole('button', { name: 'Verify and save' }).click();
      await page.getByText('Paste your API key first.').waitFor(WAIT);
      found.push(...(await axeViolations(page, 'welcome, empty key')));
      await page.getByLabel('API key').fill('sk_test_wrong_key_0000');
      await page.getByRole('button', { name: 'Verify and save' }).click();
      await page.getByRole('alert').waitFor(WAIT);
      found.push(...(await axeViolations(page, 'welcome, invalid key')));
      await finish(app);
      assert.deepEqual(found, []);
    });

    test('main: data, accounts, trend, export progress and done, history', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'palenca-axe-'));
      const app = await openWithKey(fake, {
        colorScheme,
        environments: ['sandbox', 'production'],
        platform: { chooseSavePath: async (name) => join(folder, name) },
      });
      const { page } = app;
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      const found = await axeViolations(page, 'main with data');

      await page.getByRole('button', { name: 'Copy user ID' }).first().click();
      await page.getByRole('status').getByText('Copied').waitFor(WAIT);
      found.push(...(await axeViolations(page, 'copied notice')));

      await page.locator('tbody tr').nth(1).locator('td').nth(2).click();
      await waitForAccountsPanel(page);
      found.push(...(await axeViolations(page, 'accounts panel')));
      await page.keyboard.press('Escape');

      await page.getByLabel('Period', { exact: true }).selectOption('thisYear');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      await page.getByRole('button', { name: 'Trend', exact: true }).click();
      await page.getByText(/Users per (day|week|month)/).waitFor(WAIT);
      await page
        .getByRole('button', { name: /users?$/ })
        .nth(3)
        .focus();
      await page.getByRole('tooltip').waitFor(WAIT);
      found.push(...(await axeViolations(page, 'trend chart')));

      await page.getByRole('button', { name: 'Users', exact: true }).click();
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      // Slow pages hold the export running while axe looks at it.
      fake.setLatency(2500);
      try {
        await page.getByRole('button', { name: 'Export…' }).click();
        const step = exportStep(page);
        await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
        found.push(...(await axeViolations(page, 'export step')));
        await step.getByRole('button', { name: 'Choose where to save…' }).click();
        await page.getByText(/^Elapsed: /).waitFor(WAIT);
        found.push(...(await axeViolations(page, 'export progress')));
        await page.getByRole('button', { name: 'Cancel export' }).click();
        await page.getByText('Export cancelled.', { exact: false }).waitFor(WAIT);
        found.push(...(await axeViolations(page, 'export cancelled')));
      } finally {
        fake.setLatency(0);
      }
      await exportThroughStep(page);
      await page.getByText(/^Export finished/).waitFor(WAIT);
      found.push(...(await axeViolations(page, 'export done')));
      await page.getByRole('button', { name: 'Export history' }).click();
      await page
        .getByRole('region', { name: 'Recent exports' })
        .getByRole('listitem')
        .first()
        .waitFor(WAIT);
      found.push(...(await axeViolations(page, 'export history')));
      await finish(app);
      assert.deepEqual(found, []);
    });

    test("issue 14's states: stale results, connecting, a failed export, an account's details", async () => {
      const folder = await mkdtemp(join(tmpdir(), 'palenca-axe-'));
      const app = await openWithKey(fake, {
        colorScheme,
        platform: { chooseSavePath: async (name) => join(folder, name) },
      });
      const { page } = app;
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      await page.getByLabel('Period', { exact: true }).selectOption('thisYear');
      await page.getByText('Filters changed — press Search to update').first().waitFor(WAIT);
      const found = await axeViolations(page, 'stale results');

      const panel = page.getByRole('region', { name: 'Export' });
      const save = exportStep(page).getByRole('button', { name: 'Choose where to save…' });
      await page.getByRole('button', { name: 'Export…' }).click();
      await save.waitFor(WAIT);
      fake.setLatency(10 * 60_000); // Palenca never answers
      try {
        await save.click();
        await panel.getByText('Connecting to Palenca…').waitFor(WAIT);
        found.push(...(await axeViolations(page, 'export connecting')));
        await panel.getByRole('button', { name: 'Cancel export' }).click();
        await page.getByText('Export cancelled.', { exact: false }).first().waitFor(WAIT);
      } finally {
        fake.setLatency(0);
      }
      await panel.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('button', { name: 'Export…' }).click();
      await save.waitFor(WAIT);
      // From page 3 on, Palenca is unavailable for good: the export fails part-way.
      fake.onRequest((req) => {
        const asked = (req.body as { options?: { page?: number } })?.options?.page ?? 1;
        if (asked >= 3) fake.setFault({ kind: 'unavailable' });
      });
      try {
        await save.click();
        await panel.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 60_000 });
        found.push(...(await axeViolations(page, 'export failed')));
      } finally {
        fake.onRequest(null);
        fake.setFault(null);
      }
      await panel.getByRole('button', { name: 'Close' }).click();

      await page.locator('tbody tr').nth(1).locator('td').nth(2).click();
      await waitForAccountsPanel(page);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /^Details for / })
        .first()
        .click();
      await page
        .getByRole('dialog')
        .getByText("In Palenca's own words", { exact: false })
        .first()
        .waitFor(WAIT);
      found.push(...(await axeViolations(page, 'account details')));
      await finish(app);
      assert.deepEqual(found, []);
    });

    test('main: empty, invalid dates, an error with details, the production badge, settings', async () => {
      const app = await openWithKey(fake, { colorScheme, environments: ['sandbox', 'production'] });
      const { page } = app;
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      await page.getByLabel('Environment').selectOption('production');
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      const found = await axeViolations(page, 'production');

      await searchEmptyWindow(page);
      found.push(...(await axeViolations(page, 'empty')));

      await page.getByLabel('From').fill(localDay(1));
      await page.getByLabel('To').fill(localDay(0));
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('The From date is after the To date.', { exact: false }).waitFor(WAIT);
      found.push(...(await axeViolations(page, 'invalid dates')));

      await page.getByLabel('Period', { exact: true }).selectOption('last30');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
      fake.setFault({ kind: 'unavailable' });
      try {
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByRole('button', { name: 'Retry' }).waitFor(WAIT);
        await page.getByText('Details').click();
        found.push(...(await axeViolations(page, 'error with details')));
      } finally {
        fake.setFault(null);
      }

      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
      found.push(...(await axeViolations(page, 'settings')));
      await page.getByRole('button', { name: 'Replace key' }).first().click();
      found.push(...(await axeViolations(page, 'settings, replace key')));
      await finish(app);
      assert.deepEqual(found, []);
    });
  });
}
