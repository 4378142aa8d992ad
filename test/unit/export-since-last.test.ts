// Issue 18, "since the last export", through the app's own calls: the users new since the last
// successful export of the same environment and external-ID filter, exactly, even when some
// of them are filed under that export's newest day; an honest "nothing new"; the mark kept in
// an owner-only file of the data folder holding that day's user IDs and only those.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportOptions } from '#common/models.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { rowsOfBomCsv } from '../support/saved-csv.ts';
import { type ExportApp, exportApp, markFolderOf, sha256Of } from './export-app-harness.ts';

const FAKE_TODAY = '2025-06-30';
const WINDOW = { from: '2025-06-01', to: FAKE_TODAY };
/** The app's today: three days after the last export's newest day. */
const APP_TODAY = '2025-07-03';
const POSIX = process.platform !== 'win32';
const PLAIN: ExportOptions = { withDay: false, withAccounts: false, sinceLast: false };
const SINCE_LAST: ExportOptions = { ...PLAIN, sinceLast: true };

interface MarkFile {
  environment: string;
  externalId?: string;
  day: string;
  finishedAt: string;
  userIds: string[];
}

const idsOf = (users: readonly { user_id: string }[]) => users.map((u) => u.user_id);

describe('since the last export (the app)', () => {
  let fake: FakePalenca;
  let root: string;
  let app: ExportApp;
  let today = APP_TODAY;

  before(async () => {
    fake = await startFakePalenca({ users: 600, today: FAKE_TODAY, days: 60, seed: 21 });
    root = await mkdtemp(join(tmpdir(), 'palenca-since-last-'));
    app = exportApp(fake, join(root, 'data'), () => today);
  });
  after(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  /** The one mark file of the data folder, read as it is on disk. */
  const marks = async (): Promise<{ name: string; mark: MarkFile }[]> => {
    const folder = markFolderOf(app.dataDir);
    const names = (await readdir(folder)).sort();
    return Promise.all(
      names.map(async (name) => ({
        name,
        mark: JSON.parse(await readFile(join(folder, name), 'utf8')) as MarkFile,
      })),
    );
  };

  // The steps share one data folder and run in order: each starts where the last one ended.

  it('with no earlier export, the option is refused before the dialog, asking nothing', async () => {
    const before = fake.requests.length;
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.equal(!estimate.ok && estimate.error.code, 'no_last_export');
    assert.equal(!estimate.ok && estimate.error.field, 'sinceLast');
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.equal(!result.ok && result.error.code, 'no_last_export');
    assert.match(!result.ok ? result.error.message : '', /no earlier export/);
    assert.equal(app.dialogs.length, 0);
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    // The plain step says there is nothing to continue from.
    const plain = await app.exports.estimateExport({ environment: 'sandbox', filter: WINDOW });
    assert.ok(plain.ok);
    assert.equal(plain.value.lastExport, null);
  });

  it('a plain export leaves a 0600 mark with its newest day’s user IDs, and only those', async () => {
    app.answer = join(root, 'first.csv');
    const result = await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    const [only, ...others] = await marks();
    assert.ok(only);
    assert.equal(others.length, 0);
    const dayIds = idsOf(fake.usersInWindow(FAKE_TODAY, FAKE_TODAY));
    assert.ok(dayIds.length > 3, `the fake has users on ${FAKE_TODAY}`);
    assert.equal(only.mark.day, FAKE_TODAY);
    assert.equal(only.mark.environment, 'sandbox');
    assert.equal(only.mark.externalId, undefined);
    assert.deepEqual([...only.mark.userIds].sort(), [...dayIds].sort());
    // No other day's user is in it (the window has many more).
    assert.ok(result.value.rows > dayIds.length * 3);
    if (POSIX) {
      const file = join(markFolderOf(app.dataDir), only.name);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await stat(markFolderOf(app.dataDir))).mode & 0o077, 0);
    }
    // Not in settings.json.
    const settingsText = await readFile(app.ctx.settings.file, 'utf8');
    assert.ok(!dayIds.some((id) => settingsText.includes(id)), 'no user ID in the settings');
  });

  it('the step says where "since the last export" would start, and counts that window', async () => {
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.ok(estimate.ok, JSON.stringify(estimate));
    assert.deepEqual(estimate.value.filter, { from: FAKE_TODAY, to: APP_TODAY });
    assert.equal(estimate.value.lastExport?.day, FAKE_TODAY);
    assert.equal(
      estimate.value.lastExport?.usersOfDay,
      fake.usersInWindow(FAKE_TODAY, FAKE_TODAY).length,
    );
    assert.equal(estimate.value.users, fake.countInWindow(FAKE_TODAY, APP_TODAY));
  });

  it('after 40 new users, some on the last export’s day, exports exactly those 40', async () => {
    const [{ mark: before } = { mark: null }] = await marks();
    assert.ok(before);
    const already = new Set(before.userIds);
    fake.insertUsers(12, FAKE_TODAY);
    fake.insertUsers(10, '2025-07-01');
    fake.insertUsers(18, APP_TODAY);
    const expected = fake
      .usersInWindow(FAKE_TODAY, APP_TODAY)
      .filter((u) => !already.has(u.user_id));
    assert.equal(expected.length, 40);

    app.answer = join(root, 'new.csv');
    const dialogsBefore = app.dialogs.length;
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    assert.equal(result.value.rows, 40);
    assert.equal(
      app.dialogs[dialogsBefore]?.name,
      `palenca-users_sandbox_${FAKE_TODAY}_${APP_TODAY}.csv`,
    );
    const rows = rowsOfBomCsv(await readFile(app.answer), ',');
    assert.deepEqual(rows[0], ['user_id', 'external_id', 'widget_id']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      idsOf(expected),
    );
    const { entry } = result.value;
    assert.deepEqual(entry.filter, { from: FAKE_TODAY, to: APP_TODAY });
    assert.deepEqual(entry.options, SINCE_LAST);
    assert.equal(entry.format, 'csv');
    assert.equal(entry.sha256, await sha256Of(app.answer));

    // The mark moved to today, with today's users (all new, all exported) and only them.
    const [after] = await marks();
    assert.equal(after?.mark.day, APP_TODAY);
    assert.deepEqual(
      [...(after?.mark.userIds ?? [])].sort(),
      idsOf(fake.usersInWindow(APP_TODAY, APP_TODAY)).sort(),
    );
    assert.equal(after?.mark.userIds.length, 18);
  });

  it('nobody new: "nothing new", the file chosen untouched, no history entry, the mark kept', async () => {
    const again = join(root, 'again.csv');
    await writeFile(again, 'previous\r\n');
    app.answer = again;
    const historyBefore = (await app.ctx.settings.read()).exportHistory.length;
    const markBefore = await marks();
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.deepEqual(result, { ok: true, value: { status: 'nothing_new', since: APP_TODAY } });
    assert.equal(await readFile(again, 'utf8'), 'previous\r\n');
    assert.equal((await app.ctx.settings.read()).exportHistory.length, historyBefore);
    assert.deepEqual(await marks(), markBefore);
    assert.ok(
      !(await readdir(root)).some((name) => name.endsWith('.partial')),
      'no temporary file left',
    );
  });

  it('the next day, only the users new since: the day of the mark left out by ID', async () => {
    today = '2025-07-04';
    fake.insertUsers(3, APP_TODAY);
    fake.insertUsers(2, '2025-07-04');
    const expected = fake.usersInWindow(APP_TODAY, '2025-07-04').slice(0, 5);
    app.answer = join(root, 'next-day.csv');
    const result = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    const rows = rowsOfBomCsv(await readFile(app.answer), ',');
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      idsOf(expected),
    );
  });

  it('an older window, or one reaching past today, does not move the mark', async () => {
    const markBefore = await marks();
    app.answer = join(root, 'older.csv');
    const older = await app.exports.exportUsers({ environment: 'sandbox', filter: WINDOW });
    assert.ok(older.ok && older.value.status === 'done');
    assert.deepEqual(await marks(), markBefore);
    // Users still to come before its end would fall behind the mark: it stays where it was.
    app.answer = join(root, 'future.csv');
    const future = await app.exports.exportUsers({
      environment: 'sandbox',
      filter: { from: '2025-07-01', to: '2025-07-20' },
      options: PLAIN,
    });
    assert.ok(future.ok && future.value.status === 'done');
    assert.deepEqual(await marks(), markBefore);
  });

  it('marks are kept per external-ID filter: another filter has its own', async () => {
    const someone = fake.usersInWindow(WINDOW.from, WINDOW.to).find((u) => u.external_id);
    assert.ok(someone?.external_id);
    const filter = { ...WINDOW, externalId: someone.external_id };
    const none = await app.exports.estimateExport({
      environment: 'sandbox',
      filter,
      options: SINCE_LAST,
    });
    assert.equal(!none.ok && none.error.code, 'no_last_export');
    app.answer = join(root, 'one-customer.csv');
    const result = await app.exports.exportUsers({ environment: 'sandbox', filter });
    assert.ok(result.ok && result.value.status === 'done');
    const all = await marks();
    assert.equal(all.length, 2);
    const theirs = all.find((m) => m.mark.externalId === someone.external_id);
    assert.ok(theirs);
    // The file name never carries the external ID.
    assert.match(theirs.name, /^[0-9a-f]{32}\.json$/);
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter,
      options: SINCE_LAST,
    });
    assert.ok(estimate.ok);
    assert.deepEqual(estimate.value.filter, {
      from: WINDOW.to,
      to: today,
      externalId: someone.external_id,
    });
  });

  it('a damaged mark is no mark: the option is unavailable, nothing crashes', async () => {
    const all = await marks();
    const plain = all.find((m) => m.mark.externalId === undefined);
    assert.ok(plain);
    const file = join(markFolderOf(app.dataDir), plain.name);
    const kept = await readFile(file);
    await writeFile(file, '{"environment":"sandbox","day":"2025-07-0');
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.equal(!estimate.ok && estimate.error.code, 'no_last_export');
    await writeFile(file, kept);
  });

  it('clearing the history deletes the marks too', async () => {
    assert.ok((await marks()).length > 0);
    const cleared = await app.history.clearExportHistory();
    assert.deepEqual(cleared, { ok: true, value: [] });
    assert.deepEqual(await readdir(markFolderOf(app.dataDir)), []);
    const estimate = await app.exports.estimateExport({
      environment: 'sandbox',
      filter: WINDOW,
      options: SINCE_LAST,
    });
    assert.equal(!estimate.ok && estimate.error.code, 'no_last_export');
    const history = await app.exports.getExportHistory();
    assert.deepEqual(history, { ok: true, value: [] });
  });
});
