// Issue 18's record of every export, in the history: the environment, the window, the
// external-ID filter, the file type, which users and columns, the rows, when it started and
// finished, the app's version and the file's SHA-256 (shortened, with a button copying all of
// it). "Export again" opens the step with the entry's environment, window, options and file
// type (a "since the last export" entry as "since the last export"). Clearing the history says
// it also forgets what "since the last export" continues from, and does. Entries of older
// versions show as CSV, with what they did not record said as such. The record file next to
// each export is a setting, off by default.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { ExportHistoryEntry, ExportOptions } from '#common/models.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { customerIdsOf } from '../fake-palenca/user-set.ts';
import { TEST_APP_INFO } from '../support/backend-options.ts';
import {
  eventually,
  exportStep,
  finish,
  focusedName,
  localDay,
  openSavingTo,
  WAIT,
} from './app-support.ts';
import { axeViolations } from './axe.ts';
import type { AppHandle } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 2000, seed: 19 });
});
beforeEach(() => fake.resetBetweenTests());
after(() => fake.close());

const TO = localDay(0);
const en = (n: number) => n.toLocaleString('en-US');
const dayWords = (day: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const PLAIN: ExportOptions = { withDay: false, withAccounts: false, sinceLast: false };

/** The app saving into a new folder of its own, under the name suggested. */
async function openSaving(prefix: string, dataDir?: string) {
  const { app, page, folder } = await openSavingTo(fake, prefix, dataDir ? { dataDir } : {});
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  return { app, page, folder };
}

async function search(page: Page, from: string, externalId = ''): Promise<void> {
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To').fill(TO);
  await page.getByLabel('Exact external ID').fill(externalId);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–\d+ of/).waitFor(WAIT);
}

/** Export… → the step, counted → `choose` → Choose where to save… → finished. */
async function exportWith(page: Page, choose: (step: Locator) => Promise<void> = async () => {}) {
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  const save = step.getByRole('button', { name: 'Choose where to save…' });
  await save.waitFor(WAIT);
  await choose(step);
  await save.click();
  const panel = page.getByRole('region', { name: 'Export' });
  await panel.getByText(/^Export finished: /).waitFor(WAIT);
  await panel.getByRole('button', { name: 'Close' }).click();
}

const openHistory = async (page: Page) => {
  await page.getByRole('button', { name: 'Export history' }).click();
  return page.getByRole('region', { name: 'Recent exports' });
};

/** The value shown for `term` in an entry's record. */
const recorded = (entry: Locator, term: string) =>
  entry.locator('dl > div', { has: entry.page().locator('dt', { hasText: term }) }).locator('dd');

/** The words of `locator`, without the markup's spacing around them. */
const textOf = async (locator: Locator) =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

const lastEstimate = (app: AppHandle) =>
  app.calls.filter((c) => c.name === 'estimateExport').at(-1)?.args;

test('an entry shows its record, and Export again opens the step with its window, options and file type', async () => {
  const { app, page, folder } = await openSaving('palenca-history-record-');
  const from = localDay(-60);
  const externalId = customerIdsOf(fake.usersInWindow(from, TO), 1)[0] ?? '';
  assert.ok(externalId, 'the fake has a customer ID in the window');
  const rows = fake.usersInWindow(from, TO, externalId).length;
  await search(page, from, externalId);
  await exportWith(page, async (step) => {
    await step.getByRole('checkbox', { name: /^Add the day each user connected/ }).check();
    await step.getByText(/^Up to [\d,]+ requests? to Palenca$/).waitFor(WAIT);
    await step.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).check();
  });
  const [file] = await readdir(folder);
  assert.equal(file, `palenca-users_sandbox_${from}_${TO}.xlsx`);
  const hash = await sha256(join(folder, file ?? ''));

  const history = await openHistory(page);
  const entry = history.getByRole('listitem').first();
  await entry.getByText(rows === 1 ? '1 user' : `${en(rows)} users`, { exact: true }).waitFor(WAIT);
  await entry.getByText('Sandbox — test data').waitFor(WAIT);
  await recorded(entry, 'External ID').getByText(externalId).waitFor(WAIT);
  assert.equal(await textOf(recorded(entry, 'Which users')), 'Everyone in the period');
  assert.equal(await textOf(recorded(entry, 'File type')), 'Excel workbook (.xlsx)');
  assert.equal(await textOf(recorded(entry, 'Added columns')), 'Connection day');
  assert.equal(await textOf(recorded(entry, 'App version')), TEST_APP_INFO.version);
  assert.match(await textOf(recorded(entry, 'Started')), /\d/);
  assert.match(await textOf(recorded(entry, 'Finished')), /\d/);
  assert.equal(await entry.getByText('Not recorded').count(), 0, 'everything recorded');
  // The SHA-256 of the file as saved: shortened, and all of it copied.
  await recorded(entry, 'SHA-256')
    .getByText(`${hash.slice(0, 12)}…`)
    .waitFor(WAIT);
  assert.equal(await recorded(entry, 'SHA-256').locator('span[title]').getAttribute('title'), hash);
  await entry.getByRole('button', { name: "Copy the file's SHA-256" }).click();
  await page.getByRole('status').getByText('SHA-256 copied').waitFor(WAIT);
  assert.deepEqual(await axeViolations(page, 'export history with a record'), []);

  // Export again: the step, with the entry's window, external ID, options and file type.
  const again = entry.getByRole('button', { name: 'Export again' });
  await again.click();
  const step = exportStep(page);
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  await step
    .getByText(
      `Users who connected from ${dayWords(from)} to ${dayWords(TO)} · external ID ${externalId}`,
    )
    .waitFor(WAIT);
  assert.equal(
    await step.getByRole('checkbox', { name: /^Add the day each user connected/ }).isChecked(),
    true,
  );
  assert.equal(
    await step
      .getByRole('checkbox', { name: /^Add a summary of each user's accounts/ })
      .isChecked(),
    false,
  );
  assert.equal(await step.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).isChecked(), true);
  assert.deepEqual(lastEstimate(app), {
    environment: 'sandbox',
    filter: { from, to: TO, externalId },
    options: { ...PLAIN, withDay: true },
  });
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });
  await eventually(
    'the focus back on Export again',
    async () => (await focusedName(page)) === 'Export again',
  );
  await finish(app);
});

test('a "since the last export" entry repeats as one; clearing the history forgets what it continues from', async () => {
  if (fake.countInWindow(TO, TO) < 1) fake.insertUsers(1, TO);
  const { app, page } = await openSaving('palenca-history-since-');
  await search(page, localDay(-3));
  await exportWith(page);
  fake.insertUsers(2, TO);
  await exportWith(page, async (step) => {
    await step.getByRole('checkbox', { name: 'Only users new since the last export' }).check();
    await step.getByText(/^From .+: the users new since your export of /).waitFor(WAIT);
  });

  const history = await openHistory(page);
  await history.getByRole('listitem').nth(1).waitFor(WAIT);
  const since = history
    .getByRole('listitem')
    .filter({ hasText: 'Only new since the previous export' });
  assert.equal(await since.count(), 1);
  await since.getByText('2 users', { exact: true }).waitFor(WAIT);
  assert.equal(await textOf(recorded(since, 'File type')), 'CSV file (.csv)');
  assert.equal(await textOf(recorded(since, 'Added columns')), 'None');

  await since.getByRole('button', { name: 'Export again' }).click();
  const step = exportStep(page);
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  assert.equal(
    await step.getByRole('checkbox', { name: 'Only users new since the last export' }).isChecked(),
    true,
  );
  await step
    .getByRole('status')
    .getByText(`the users new since your export of ${dayWords(TO)}`, { exact: false })
    .waitFor(WAIT);
  assert.deepEqual((lastEstimate(app) as { options: ExportOptions }).options, {
    ...PLAIN,
    sinceLast: true,
  });
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });

  // Clearing says, and does, that "since the last export" has nothing to continue from.
  await history.getByRole('button', { name: 'Clear history' }).click();
  await history
    .getByText(
      'The exported files stay where they were saved; only this list is emptied. The app also forgets where your exports ended',
      { exact: false },
    )
    .waitFor(WAIT);
  await history.getByRole('button', { name: 'Clear the list' }).click();
  await history.getByText('No exports yet.', { exact: false }).waitFor(WAIT);
  await page.getByRole('button', { name: 'Export…' }).click();
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  assert.equal(
    await step.getByRole('checkbox', { name: 'Only users new since the last export' }).isDisabled(),
    true,
  );
  await step.getByText(/^Not available yet: there is no earlier export/).waitFor(WAIT);
  await page.keyboard.press('Escape');
  await finish(app);
});

test('an entry of an older version shows as CSV, with what it did not record said so', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'palenca-history-old-'));
  const file = join(dataDir, 'exports', 'palenca-users.csv');
  await mkdir(join(dataDir, 'exports'));
  await writeFile(file, 'user_id\n1\n');
  // As today's version wrote it: no format, options, start, version or SHA-256.
  const old: ExportHistoryEntry = {
    id: 'old-1',
    finishedAt: '2026-01-31T10:00:00.000Z',
    environment: 'sandbox',
    filter: { from: '2026-01-01', to: '2026-01-31' },
    rows: 1,
    path: file,
  };
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ exportHistory: [old] }));
  const { app, page } = await openSaving('palenca-history-old-saves-', dataDir);
  const history = await openHistory(page);
  const entry = history.getByRole('listitem').first();
  await entry.getByText(file).waitFor(WAIT);
  assert.equal(await textOf(recorded(entry, 'File type')), 'CSV file (.csv)');
  assert.equal(await textOf(recorded(entry, 'External ID')), 'Any (not filtered)');
  // Which users, added columns, start, version, SHA-256: "—", read out as "Not recorded".
  assert.equal(await entry.getByText('Not recorded').count(), 5);
  assert.equal(await entry.getByText('—', { exact: true }).count(), 5);

  await entry.getByRole('button', { name: 'Export again' }).click();
  const step = exportStep(page);
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  assert.deepEqual(lastEstimate(app), {
    environment: 'sandbox',
    filter: old.filter,
    options: PLAIN,
  });
  assert.equal(await step.getByRole('radio', { name: 'CSV file (.csv)' }).isChecked(), true);
  await page.keyboard.press('Escape');
  await finish(app);
});

test('the record file next to each export: off by default, then written with the SHA-256', async () => {
  const { app, page, folder } = await openSaving('palenca-history-record-file-');
  await page.getByRole('button', { name: 'Settings' }).click();
  const box = page.getByRole('checkbox', {
    name: 'Also save a record (.json) next to each export',
  });
  assert.equal(await box.isChecked(), false, 'off by default');
  await box.check();
  await eventually('the setting saved', async () => {
    const saved = JSON.parse(await readFile(join(app.dataDir, 'settings.json'), 'utf8'));
    return saved.exportRecordFile === true;
  });
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await exportWith(page);
  const files = (await readdir(folder)).sort();
  assert.equal(files.length, 2);
  const [exported, record] = files as [string, string];
  assert.equal(record, `${exported}.record.json`);
  const written = JSON.parse(await readFile(join(folder, record), 'utf8'));
  assert.equal(written.sha256, await sha256(join(folder, exported)));
  await finish(app);
});
