// Issue 18, items 1 and 4, through the app's own calls: the format chosen by the saved name's
// extension (a workbook read back with ExcelJS), the record of every export in the history
// (format, options, times, version, the file's SHA-256) surviving a re-read, the optional
// `<file>.record.json` beside the file, the cost the step says and its count reused, and the
// accounts columns refused above an hour of requests.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { ExportOptions } from '#common/models.ts';
import {
  accountsLimit,
  exportRequestBound,
  windowDays,
} from '../../electron/backend/export/export-cost.ts';
import { createLogger } from '../../electron/backend/log.ts';
import { createSettingsStore } from '../../electron/backend/settings/settings-store.ts';
import { type FakePalenca, PALENCA_ALLOWANCE, startFakePalenca } from '../fake-palenca/server.ts';
import { rowsOfBomCsv } from '../support/saved-csv.ts';
import { type ExportApp, exportApp, sha256Of } from './export-app-harness.ts';

const FAKE_TODAY = '2025-06-30';
const APP_TODAY = '2025-07-02';
const WINDOW = { from: '2025-05-01', to: FAKE_TODAY };
const POSIX = process.platform !== 'win32';
const PLAIN: ExportOptions = { withDay: false, withAccounts: false, sinceLast: false };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the export record and the format (the app)', () => {
  let fake: FakePalenca;
  let root: string;
  let app: ExportApp;
  let n = 0;

  before(async () => {
    fake = await startFakePalenca({ users: 800, today: FAKE_TODAY, days: 90, seed: 31 });
    root = await mkdtemp(join(tmpdir(), 'palenca-export-record-'));
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });
  const freshApp = () => exportApp(fake, join(root, `data-${++n}`), () => APP_TODAY);

  it('a name ending in .xlsx saves a workbook: exact rows, IDs as text, the format remembered', async () => {
    app = freshApp();
    app.answer = join(root, 'users.xlsx');
    const result = await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    // The dialog offered CSV first (the default), with a .csv name.
    assert.equal(app.dialogs[0]?.name, `palenca-users_sandbox_${WINDOW.from}_${WINDOW.to}.csv`);
    assert.deepEqual(app.dialogs[0]?.formats, ['csv', 'xlsx']);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(app.answer);
    const sheet = book.getWorksheet('Users');
    assert.ok(sheet);
    const expected = fake.usersInWindow(WINDOW.from, WINDOW.to);
    assert.equal(sheet.rowCount, expected.length + 1);
    assert.deepEqual(
      [1, 2, 3].map((c) => sheet.getRow(1).getCell(c).value),
      ['user_id', 'external_id', 'widget_id'],
    );
    expected.forEach((user, i) => {
      const row = sheet.getRow(i + 2);
      const id = row.getCell(1);
      assert.equal(id.type, ExcelJS.ValueType.String, `row ${i + 2}`);
      assert.equal(id.value, user.user_id);
      const widget = row.getCell(3);
      assert.equal(widget.type, ExcelJS.ValueType.String, `row ${i + 2}`);
      assert.equal(widget.value, user.widget_id);
    });
    assert.ok(book.getWorksheet('About this export'), 'the about sheet');

    const { entry } = result.value;
    assert.equal(entry.format, 'xlsx');
    assert.equal(entry.rows, expected.length);
    assert.equal(entry.sha256, await sha256Of(app.answer));
    assert.equal((await app.ctx.settings.read()).exportFormat, 'xlsx');

    // Next time the workbook is suggested: its extension, offered first.
    app.answer = null;
    await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.equal(app.dialogs[1]?.name, `palenca-users_sandbox_${WINDOW.from}_${WINDOW.to}.xlsx`);
    assert.deepEqual(app.dialogs[1]?.formats, ['xlsx', 'csv']);
    // The format asked for wins over the last one used.
    await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW, format: 'csv' });
    assert.match(app.dialogs[2]?.name ?? '', /\.csv$/);
    assert.deepEqual(app.dialogs[2]?.formats, ['csv', 'xlsx']);
  });

  it('a name ending in .csv saves CSV even when a workbook was suggested', async () => {
    app.answer = join(root, 'users-again.CSV');
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: WINDOW,
      format: 'xlsx',
    });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    assert.equal(result.value.entry.format, 'csv');
    const rows = rowsOfBomCsv(await readFile(app.answer), ',');
    assert.equal(rows.length - 1, fake.usersInWindow(WINDOW.from, WINDOW.to).length);
    assert.equal((await app.ctx.settings.read()).exportFormat, 'csv');
  });

  it('every entry holds the record, read back the same from disk; no record file by default', async () => {
    const history = await app.exports.getExportHistory();
    assert.ok(history.ok);
    const [csvEntry, xlsxEntry] = history.value;
    assert.ok(csvEntry && xlsxEntry);
    for (const entry of [csvEntry, xlsxEntry]) {
      assert.deepEqual(entry.options, PLAIN);
      assert.match(entry.startedAt ?? '', ISO);
      assert.match(entry.finishedAt, ISO);
      assert.ok((entry.startedAt ?? '') <= entry.finishedAt);
      assert.equal(entry.appVersion, '0.0.0-test');
      assert.match(entry.sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.equal(entry.exists, true);
    }
    assert.equal(csvEntry.format, 'csv');
    assert.equal(xlsxEntry.format, 'xlsx');
    assert.equal(csvEntry.sha256, await sha256Of(csvEntry.path));
    // The same entries from a new store reading the file as written.
    const reread = await createSettingsStore(app.dataDir, createLogger(null)).read();
    assert.deepEqual(
      reread.exportHistory,
      history.value.map(({ exists: _exists, ...entry }) => entry),
    );
    const names = await readdir(root);
    assert.ok(!names.some((name) => name.endsWith('.record.json')), names.join(', '));
  });

  it('with the setting on, <file>.record.json holds the entry, its SHA-256 the file’s', async () => {
    const set = await app.settings.updateSettings({ exportRecordFile: true });
    assert.ok(set.ok && set.value.exportRecordFile === true);
    for (const name of ['recorded.csv', 'recorded.xlsx']) {
      app.answer = join(root, name);
      const result = await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
      assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
      const recordPath = `${app.answer}.record.json`;
      const record = JSON.parse(await readFile(recordPath, 'utf8'));
      assert.deepEqual(record, result.value.entry);
      assert.equal(record.sha256, await sha256Of(app.answer));
      assert.equal(record.path, app.answer);
      if (POSIX) assert.equal((await stat(recordPath)).mode & 0o777, 0o600);
    }
    assert.ok(!(await readdir(root)).some((name) => name.endsWith('.partial')));
    await app.settings.updateSettings({ exportRecordFile: false });
    app.answer = join(root, 'unrecorded.csv');
    const off = await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.ok(off.ok && off.value.status === 'done');
    assert.ok(!(await readdir(root)).includes('unrecorded.csv.record.json'));
  });

  it('a record or a mark that cannot be written costs the export nothing', async () => {
    const broken = freshApp();
    await broken.settings.updateSettings({ exportRecordFile: true });
    // A folder where the record would go, a file where the marks' folder would be.
    const target = join(root, 'blocked.csv');
    await mkdir(`${target}.record.json`);
    await mkdir(broken.dataDir, { recursive: true });
    await writeFile(join(broken.dataDir, 'last-export'), 'not a folder');
    broken.answer = target;
    const result = await broken.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    assert.equal(result.value.entry.sha256, await sha256Of(target));
    const history = await broken.exports.getExportHistory();
    assert.equal(history.ok && history.value[0]?.id, result.value.entry.id);
    assert.ok((await stat(`${target}.record.json`)).isDirectory(), 'left as it was');
    assert.equal(await readFile(join(broken.dataDir, 'last-export'), 'utf8'), 'not a folder');
    assert.ok(!(await readdir(root)).some((name) => name.endsWith('.partial')));
  });

  it('the step says the cost of each option, counting the window once a minute', async () => {
    const fresh = freshApp();
    const before = fake.requests.length;
    const users = fake.countInWindow(WINDOW.from, WINDOW.to);
    const days = windowDays(WINDOW.from, WINDOW.to);
    const cases: ExportOptions[] = [
      PLAIN,
      { ...PLAIN, withDay: true },
      { ...PLAIN, withAccounts: true },
      { ...PLAIN, withDay: true, withAccounts: true },
    ];
    for (const options of cases) {
      const estimate = await fresh.exports.estimateExport({
        environment: 'sandbox',
        filter: WINDOW,
        options,
      });
      assert.ok(estimate.ok, JSON.stringify(estimate));
      assert.equal(estimate.value.users, users);
      assert.equal(
        estimate.value.requests,
        exportRequestBound({
          users,
          days,
          withDay: options.withDay,
          withAccounts: options.withAccounts,
        }),
      );
      assert.ok(estimate.value.estimatedMs > 0);
      assert.deepEqual(estimate.value.filter, WINDOW);
      assert.equal(estimate.value.accountsLimit, accountsLimit(fresh.ctx.allowanceFor('sandbox')));
      assert.ok(estimate.value.accountsLimit > users);
    }
    assert.equal(fake.requests.length - before, 1, 'one count for the four options');
    // Another window is another count.
    await fresh.exports.estimateExport({
      environment: 'sandbox',
      filter: { ...WINDOW, to: '2025-06-29' },
    });
    assert.equal(fake.requests.length - before, 2);
  });
});

describe('the accounts columns above an hour of requests', () => {
  let fake: FakePalenca;
  let root: string;

  before(async () => {
    // Palenca's own allowance, which the governor learns from the count's answer: 120 a
    // minute, so at half of it an hour holds a few thousand accounts requests.
    fake = await startFakePalenca({
      users: 6000,
      today: FAKE_TODAY,
      days: 30,
      seed: 32,
      allowance: PALENCA_ALLOWANCE,
    });
    root = await mkdtemp(join(tmpdir(), 'palenca-export-accounts-'));
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it('are refused before the save dialog, saying why; the step gives the limit', async () => {
    const app = exportApp(fake, join(root, 'data'), () => APP_TODAY);
    app.answer = join(root, 'accounts.csv');
    const filter = { from: '2025-06-01', to: FAKE_TODAY };
    const users = fake.countInWindow(filter.from, filter.to);
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter,
      options: { ...PLAIN, withAccounts: true },
    });
    assert.ok(estimate.ok);
    assert.ok(users > estimate.value.accountsLimit, `${users} > ${estimate.value.accountsLimit}`);
    assert.ok(estimate.value.accountsLimit > 0);
    const before = fake.requests.length;
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter,
      options: { ...PLAIN, withAccounts: true },
    });
    assert.equal(!result.ok && result.error.code, 'accounts_too_many');
    assert.equal(!result.ok && result.error.field, 'withAccounts');
    assert.match(!result.ok ? result.error.message : '', /more than an hour/);
    assert.equal(app.dialogs.length, 0);
    assert.equal(fake.requests.length, before, 'the count of the step was reused');
    assert.ok(!(await readdir(root)).includes('accounts.csv'));
  });
});
