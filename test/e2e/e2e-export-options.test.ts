// Issue 18 in the export step: the options (only the users new since the last export, the day
// each user connected, a summary of each user's accounts) and the file type. Each option
// changes the cost the step says, at once and without a new count; "since the last export" is
// unavailable (with its reason) until there is one, then offered with its day; nobody new is
// said plainly and saves nothing; a save path ending .xlsx gives an Excel workbook, which
// Open and Show in folder reach like a CSV file.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ExportOptions } from '#common/models.ts';
import { exportRequestBound, windowDays } from '../../electron/backend/export/export-cost.ts';
import { type FakePalenca, PALENCA_ALLOWANCE, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportStep,
  finish,
  focusedName,
  localDay,
  openSavingTo,
  openWithKey,
  type SavePath,
  WAIT,
} from './app-support.ts';
import { axeViolations } from './axe.ts';
import type { AppHandle } from './harness.ts';

/** More than an hour of accounts requests at half the allowance (about 3,400 then). */
const ALL_USERS = 5000;

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: ALL_USERS, seed: 18 });
});
beforeEach(() => fake.resetBetweenTests());
after(() => fake.close());

const FROM = localDay(-29);
const TO = localDay(0);
const en = (n: number) => n.toLocaleString('en-US');
/** A day as the step writes it in English ("November 28, 2026"; "Nov 28, 2026" for medium). */
const dayWords = (day: string, style: 'long' | 'medium' = 'long') =>
  new Intl.DateTimeFormat('en-US', { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

const callsOf = (app: AppHandle, name: string) => app.calls.filter((c) => c.name === name);

/** The app saving where `path` says (default: the suggested name in a new folder). */
async function openSaving(prefix: string, path: SavePath = (folder, name) => join(folder, name)) {
  const shown: string[] = [];
  const opened: string[] = [];
  const { app, page, folder, suggested } = await openSavingTo(fake, prefix, {
    savePath: path,
    platform: {
      showInFolder: async (p) => void shown.push(p),
      openPath: async (p) => void opened.push(p),
    },
  });
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  return { app, page, folder, suggested, shown, opened };
}

/** Searches FROM…TO and waits for its count. */
async function searchWindow(app: AppHandle, from = FROM, to = TO): Promise<number> {
  const { page } = app;
  const total = fake.countInWindow(from, to);
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To').fill(to);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page
    .getByText(`of ${en(total)} users`, { exact: false })
    .first()
    .waitFor(WAIT);
  return total;
}

/**
 * Opens the step and waits for its count (`users`, or any: main reuses a count for a minute,
 * so one made before the fake changed may be said again).
 */
async function openStep(app: AppHandle, users: number | null) {
  await app.page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(app.page);
  await step
    .getByText(users === null ? /^[\d,]+ users?$/ : `${en(users)} users`, { exact: true })
    .waitFor(WAIT);
  return step;
}

const requestsText = (n: number) => `Up to ${en(n)} requests to Palenca`;
const bound = (users: number, from: string, to: string, options: Partial<ExportOptions>) =>
  exportRequestBound({
    users,
    days: windowDays(from, to),
    withDay: options.withDay ?? false,
    withAccounts: options.withAccounts ?? false,
  });

test('each option changes the cost the step says, without counting again', async () => {
  const { app, page } = await openSaving('palenca-options-');
  const users = await searchWindow(app);
  const step = await openStep(app, users);
  const status = step.getByRole('status');
  await status.getByText(requestsText(bound(users, FROM, TO, {})), { exact: true }).waitFor(WAIT);
  const countsToPalenca = fake.requests.length;

  // Before any export: "since the last export" is there, unavailable, with its reason.
  const sinceLast = step.getByRole('checkbox', { name: 'Only users new since the last export' });
  assert.equal(await sinceLast.isDisabled(), true);
  await step
    .getByText(/^Not available yet: there is no earlier export of this environment/)
    .waitFor(WAIT);

  const withDay = step.getByRole('checkbox', {
    name: 'Add the day each user connected (connected_on)',
  });
  await withDay.check();
  const dayRequests = bound(users, FROM, TO, { withDay: true });
  assert.ok(dayRequests > bound(users, FROM, TO, {}), 'walking the days costs more');
  await status.getByText(requestsText(dayRequests), { exact: true }).waitFor(WAIT);
  // The focus stays on the option just changed (the cost is said by the status region).
  assert.equal(await focusedName(page), 'Add the day each user connected (connected_on)');

  const withAccounts = step.getByRole('checkbox', {
    name: "Add a summary of each user's accounts (one request per user)",
  });
  assert.equal(await withAccounts.isDisabled(), false, `${users} users fit in the hour`);
  await withAccounts.check();
  const allRequests = bound(users, FROM, TO, { withDay: true, withAccounts: true });
  assert.equal(allRequests, dayRequests + users, 'one more request per user');
  await status.getByText(requestsText(allRequests), { exact: true }).waitFor(WAIT);

  await withDay.uncheck();
  await status
    .getByText(requestsText(bound(users, FROM, TO, { withAccounts: true })), { exact: true })
    .waitFor(WAIT);

  // Each change asked the cost again, with the options; none asked Palenca to count again.
  const asked = callsOf(app, 'estimateExport').map(
    (c) => (c.args as { options?: unknown }).options,
  );
  assert.deepEqual(asked, [
    { withDay: false, withAccounts: false, sinceLast: false },
    { withDay: true, withAccounts: false, sinceLast: false },
    { withDay: true, withAccounts: true, sinceLast: false },
    { withDay: false, withAccounts: true, sinceLast: false },
  ]);
  assert.equal(fake.requests.length, countsToPalenca, 'the count was reused');

  const found = await axeViolations(page, 'export step with options');
  assert.deepEqual(found, []);
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });
  assert.equal(callsOf(app, 'exportUsers').length, 0);
  await finish(app);
});

test('the accounts summary is disabled above the hour, saying why', async () => {
  // Palenca's own allowance, which main learns from its answers: at half of it, an hour of
  // one request per user is about 3,400 users, fewer than the fake has.
  const paced = await startFakePalenca({
    users: ALL_USERS,
    seed: 18,
    allowance: PALENCA_ALLOWANCE,
  });
  try {
    const app = await openWithKey(paced);
    const { page } = app;
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    await page.getByLabel('Period', { exact: true }).selectOption('allTime');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByText(`of ${en(ALL_USERS)} users`, { exact: false })
      .first()
      .waitFor(WAIT);
    await page.getByRole('button', { name: 'Export…' }).click();
    const step = exportStep(page);
    await step.getByText(`${en(ALL_USERS)} users`, { exact: true }).waitFor(WAIT);
    const withAccounts = step.getByRole('checkbox', {
      name: "Add a summary of each user's accounts (one request per user)",
    });
    assert.equal(await withAccounts.isDisabled(), true);
    const reason = await step
      .getByText(/^Not available for more than [\d,]+ users: it would take over an hour/)
      .textContent();
    const limit = Number(/more than ([\d,]+) users/.exec(reason ?? '')?.[1]?.replace(/,/g, ''));
    assert.ok(limit > 0 && limit < ALL_USERS, `the limit said (${limit}) is below the users`);
    await page.keyboard.press('Escape');
    await step.waitFor({ state: 'detached', ...WAIT });
    await finish(app);
  } finally {
    await paced.close();
  }
});

test('since the last export: unavailable before one, then offered with its day; nobody new is said and saves nothing; new users are exported', async () => {
  // Today has users (so its newest day has some to leave out), whatever the fake generated.
  if (fake.countInWindow(TO, TO) < 2) fake.insertUsers(2, TO);
  const { app, page, folder } = await openSaving('palenca-since-last-');
  const from = localDay(-6);
  const users = await searchWindow(app, from, TO);

  // The first export: the plain window.
  let step = await openStep(app, users);
  assert.equal(
    await step.getByRole('checkbox', { name: 'Only users new since the last export' }).isDisabled(),
    true,
  );
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByText(`Export finished: ${en(users)} users saved.`).waitFor(WAIT);
  await page.getByRole('region', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();
  const firstFiles = await readdir(folder);
  assert.equal(firstFiles.length, 1);

  // Now it is offered, with the day it continues from and when that export finished.
  step = await openStep(app, users);
  const sinceLast = step.getByRole('checkbox', { name: 'Only users new since the last export' });
  assert.equal(await sinceLast.isDisabled(), false);
  await step
    .getByText(new RegExp(`^Continues from your export of ${dayWords(TO)}, which finished .+\\.$`))
    .waitFor(WAIT);
  await sinceLast.check();
  // The window it computes: the last export's newest day to today, its users of that day
  // left out.
  const ofDay = fake.countInWindow(TO, TO);
  await step
    .getByRole('status')
    .getByText(
      `From ${dayWords(TO)} to ${dayWords(TO)}: the users new since your export of ${dayWords(TO)}.` +
        (ofDay === 1
          ? ' The 1 user of that day it already held is left out.'
          : ` The ${en(ofDay)} users of that day it already held are left out.`),
    )
    .waitFor(WAIT);
  assert.equal(
    await step.getByText(`Users who connected from ${dayWords(TO)} to ${dayWords(TO)}`).count(),
    1,
    'the step names the computed window',
  );

  // Nobody new: said plainly, not as an error, and no file is saved or replaced.
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  const panel = page.getByRole('region', { name: 'Export' });
  await panel
    .getByRole('status')
    .getByText(`No one new since your export of ${dayWords(TO, 'medium')}. No file was saved.`)
    .waitFor(WAIT);
  assert.equal(await panel.getByRole('alert').count(), 0, 'not an error');
  assert.deepEqual(await readdir(folder), firstFiles);
  await panel.getByRole('button', { name: 'Close' }).click();

  // Three new users today: "since the last export" exports exactly those three.
  fake.insertUsers(3, TO);
  const newIds = fake
    .usersInWindow(TO, TO)
    .slice(0, 3)
    .map((u) => u.user_id);
  step = await openStep(app, null);
  await step.getByRole('checkbox', { name: 'Only users new since the last export' }).check();
  await step.getByText(/^From .+: the users new since your export of /).waitFor(WAIT);
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByText('Export finished: 3 users saved.').waitFor(WAIT);
  const added = (await readdir(folder)).filter((f) => !firstFiles.includes(f));
  assert.equal(added.length, 1, 'one more file');
  const rows = parse(await readFile(join(folder, added[0] ?? '')), {
    bom: true,
    columns: true,
  }) as Array<{ user_id: string }>;
  assert.deepEqual(
    rows.map((r) => r.user_id),
    newIds,
  );
  const exported = callsOf(app, 'exportUsers').map(
    (c) => (c.args as { options?: ExportOptions }).options,
  );
  assert.deepEqual(
    exported.map((o) => o?.sinceLast),
    [false, true, true],
  );
  await finish(app);
});

test('an Excel workbook: the file type suggested, a save path ending .xlsx, Open and Show in folder', async () => {
  const { app, page, folder, suggested, shown, opened } = await openSaving(
    'palenca-options-xlsx-',
    // The person types a name ending .xlsx, whatever was suggested.
    (folder, name) => join(folder, name.replace(/\.[a-z]+$/, '.xlsx')),
  );
  const users = await searchWindow(app);
  const step = await openStep(app, users);
  const workbook = step.getByRole('radio', { name: 'Excel workbook (.xlsx)' });
  const csv = step.getByRole('radio', { name: 'CSV file (.csv)' });
  assert.equal(await csv.isChecked(), true, 'CSV until a workbook was saved');
  await workbook.check();
  await step
    .getByText('This is the type the save window suggests. The file name decides in the end', {
      exact: false,
    })
    .waitFor(WAIT);
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await page.getByText(`Export finished: ${en(users)} users saved.`).waitFor(WAIT);
  assert.deepEqual(suggested, [`palenca-users_sandbox_${FROM}_${TO}.xlsx`]);
  const exported = callsOf(app, 'exportUsers').map((c) => (c.args as { format?: string }).format);
  assert.deepEqual(exported, ['xlsx']);

  const file = join(folder, `palenca-users_sandbox_${FROM}_${TO}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet('Users');
  assert.ok(sheet, 'a sheet named Users');
  const ids: string[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cell = row.getCell(1);
    assert.equal(cell.type, ExcelJS.ValueType.String, 'IDs are text cells');
    ids.push(String(cell.value));
  });
  assert.deepEqual(
    ids,
    fake.usersInWindow(FROM, TO).map((u) => u.user_id),
  );

  await page.getByRole('button', { name: 'Show in folder' }).click();
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await eventually('the workbook is opened', () => opened.length > 0);
  assert.deepEqual(shown, [file]);
  assert.deepEqual(opened, [file]);
  await page.getByRole('region', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();

  // The next export suggests the workbook again.
  const again = await openStep(app, users);
  assert.equal(
    await again.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).isChecked(),
    true,
  );
  await page.keyboard.press('Escape');
  await finish(app);
});
