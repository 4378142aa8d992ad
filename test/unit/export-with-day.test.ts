// The export engine's issue-18 options against the fake Palenca server: the window read one
// day at a time (`withDay`), the newest day's IDs, users left out, an empty result discarded,
// and the request count held against the bound the pre-export step says.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CsvOptions, ExportProgress, UserFilter } from '#common/models.ts';
import { daysNewestFirst } from '../../electron/backend/export/connected-on.ts';
import { exportRequestBound, windowDays } from '../../electron/backend/export/export-cost.ts';
import { DEFAULT_EXPORT_CONCURRENCY } from '../../electron/backend/export/export-engine.ts';
import { type FakeUser, QUICK_WINDOWS } from '../fake-palenca/server.ts';
import {
  countingSearches,
  engineFixture,
  plainRows,
  QUICK_PAGE_RETRY,
  QUICK_TUNING,
  readCsv,
  searches,
  shown,
} from '../support/engine-fixture.ts';

const TODAY = '2025-06-30';
// 30 days of the fake's 40: the window has older users outside it on both sides of nothing.
const FILTER: UserFilter = { from: '2025-06-01', to: TODAY };
const CSV: CsvOptions = { delimiter: ',', bom: false };

const dayRows = (users: FakeUser[]) =>
  users.map((u) => [u.user_id, shown(u.external_id), u.widget_id, u.created_day]);

describe('export engine: day by day, the newest day, users left out', () => {
  const engine = engineFixture({
    // About 1,000 users in the window: days of about 30, several pages at 25 a page.
    fake: { users: 1300, today: TODAY, days: 40, seed: 18, allowance: QUICK_WINDOWS },
    client: { tuning: QUICK_TUNING },
    defaults: { filter: FILTER, csv: CSV, pageRetry: QUICK_PAGE_RETRY },
    tempPrefix: 'palenca-with-day-',
  });
  const { freshDir, run } = engine;

  it('withDay: exactly the plain rows in the same order, each with its fake day', async () => {
    const folder = await freshDir();
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.ok(expected.length > 600, `a window of many pages: ${expected.length}`);
    const days = new Set(expected.map((u) => u.created_day));
    assert.ok(days.size >= 25, 'users on most days');

    const plain = await run(join(folder, 'plain.csv'));
    assert.ok(plain.ok, JSON.stringify(plain));
    // Days of more than one page at 25 a page: each day's pages and its check are read too.
    const progress: ExportProgress[] = [];
    engine.fake.requests.length = 0;
    const withDay = await run(join(folder, 'day.csv'), {
      columns: { withDay: true, withAccounts: false },
      perPage: 25,
      onProgress: (p) => progress.push(p),
    });
    assert.ok(withDay.ok, JSON.stringify(withDay));
    const plainCsv = await readCsv(join(folder, 'plain.csv'));
    const dayCsv = await readCsv(join(folder, 'day.csv'));
    assert.deepEqual(dayCsv[0], ['user_id', 'external_id', 'widget_id', 'connected_on']);
    assert.deepEqual(
      dayCsv.slice(1).map((row) => row.slice(0, 3)),
      plainCsv.slice(1),
      'the same rows in the same order',
    );
    assert.deepEqual(dayCsv.slice(1), dayRows(expected), "every row's day is the fake's");
    assert.equal(withDay.value.rows, expected.length);
    assert.equal(withDay.value.saved, true);
    assert.match(withDay.value.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(
      withDay.value.newestDayIds,
      expected.filter((u) => u.created_day === TODAY).map((u) => u.user_id),
    );
    // Every day of the window asked, since users reach back to its first day.
    const asked = new Set(
      engine.fake.requests.map((r) => {
        const body = r.body as { start_date?: string; end_date?: string };
        return `${body.start_date}..${body.end_date}`;
      }),
    );
    for (const day of daysNewestFirst(FILTER.from, FILTER.to))
      assert.ok(asked.has(`${day}..${day}`));
    const last = progress.at(-1);
    assert.equal(last?.rowsDone, expected.length);
    assert.equal(last?.rowsTotal, expected.length);
    assert.ok(
      progress.every((p) => p.rowsTotal === expected.length),
      'the total from the start',
    );
    assert.deepEqual(await readdir(folder), ['day.csv', 'plain.csv']);
  });

  it('withDay: the walk stops at the day that completes the count; requests within the bound', async () => {
    const target = join(await freshDir(), 'users.csv');
    // A window reaching two years back: the fake's users span its last 40 days only.
    const filter = { from: '2023-07-01', to: TODAY };
    const expected = engine.fake.usersInWindow(filter.from, filter.to);
    const result = await run(target, { filter, columns: { withDay: true, withAccounts: false } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual((await readCsv(target)).slice(1), dayRows(expected));
    const made = searches(engine.fake);
    const bound = exportRequestBound({
      users: expected.length,
      days: windowDays(filter.from, filter.to),
      withDay: true,
      withAccounts: false,
    });
    // Each day from the newest back to the oldest user's (one page at 150 each), the
    // window's page 1 and its check. The bound assumes every one of the 731 days is read:
    // loose here by design (the estimate cannot know where the oldest user is), and close
    // when users reach back to the window's start (the next test).
    // The next days are asked ahead a few at a time: up to `concurrency - 1` past the last.
    const oldest = expected.at(-1)?.created_day as string;
    const needed = daysNewestFirst(oldest, TODAY).length + 2;
    assert.ok(
      made >= needed && made <= needed + DEFAULT_EXPORT_CONCURRENCY - 1,
      `${made} of ${needed}`,
    );
    assert.ok(made <= bound, `${made} <= ${bound}`);
  });

  it('withDay: the next days are asked ahead, never more than `concurrency` at once', async () => {
    engine.fake.setLatency(5);
    for (const [concurrency, perPage] of [
      [1, 150],
      [4, 150],
      [3, 25],
    ] as const) {
      const counting = countingSearches(engine.client);
      const target = join(await freshDir(), `c${concurrency}.csv`);
      const result = await run(target, {
        client: counting.client,
        concurrency,
        perPage,
        columns: { withDay: true, withAccounts: false },
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(
        (await readCsv(target)).slice(1),
        dayRows(engine.fake.usersInWindow(FILTER.from, FILTER.to)),
      );
      // Never over the window; with room, days asked ahead (one place kept for a day's pages).
      const peak = counting.peak();
      assert.ok(peak <= concurrency, `${peak} at ${concurrency}, ${perPage} a page`);
      assert.ok(peak >= Math.min(concurrency, 2), `${peak} at ${concurrency}, ${perPage} a page`);
    }
  });

  it('requests stay within the bound, and the bound is close when users fill the window', async () => {
    const folder = await freshDir();
    const users = engine.fake.countInWindow(FILTER.from, FILTER.to);
    const days = windowDays(FILTER.from, FILTER.to);
    const cases = [
      { withDay: false, perPage: 150 },
      { withDay: false, perPage: 25 },
      { withDay: true, perPage: 150 },
      { withDay: true, perPage: 25 },
    ];
    for (const { withDay, perPage } of cases) {
      engine.fake.requests.length = 0;
      const result = await run(join(folder, `${withDay}-${perPage}.csv`), {
        columns: { withDay, withAccounts: false },
        perPage,
      });
      assert.ok(result.ok, JSON.stringify(result));
      const made = searches(engine.fake);
      const bound = exportRequestBound({ users, days, withDay, withAccounts: false, perPage });
      assert.ok(made <= bound, `${withDay}/${perPage}: ${made} <= ${bound}`);
      // How loose: plain, exact (pages, the newest day, the check); by day, the bound counts
      // a recheck for up to users/(perPage+1) days and a page for each day's rounding, so it
      // is over by at most that many (~6% at 25 a page here, ~0% at 150).
      const slack = withDay ? Math.floor(users / (perPage + 1)) + days : 0;
      assert.ok(bound - made <= slack, `${withDay}/${perPage}: ${bound} - ${made} <= ${slack}`);
      if (!withDay) assert.equal(made, bound);
    }
  });

  it('the newest day counted apart: the same rows, and its IDs exactly', async () => {
    const target = join(await freshDir(), 'users.csv');
    // More users on the newest day than one page holds.
    engine.fake.insertUsers(170, TODAY);
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    const newest = expected.filter((u) => u.created_day === TODAY).map((u) => u.user_id);
    assert.ok(newest.length > 150);
    const result = await run(target);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual((await readCsv(target)).slice(1), plainRows(expected));
    assert.deepEqual(result.value.newestDayIds, newest);
    // A one-day window is its newest day; a window with nobody in it has none.
    const oneDay = await run(join(engine.dir, 'one.csv'), { filter: { from: TODAY, to: TODAY } });
    assert.ok(oneDay.ok);
    assert.deepEqual(oneDay.value.newestDayIds, newest);
    const yesterday = daysNewestFirst(FILTER.from, TODAY)[1] as string;
    const older = await run(join(engine.dir, 'older.csv'), {
      filter: { from: FILTER.from, to: yesterday },
      columns: { withDay: true, withAccounts: false },
    });
    assert.ok(older.ok);
    assert.deepEqual(
      older.value.newestDayIds,
      expected.filter((u) => u.created_day === yesterday).map((u) => u.user_id),
    );
    const empty = await run(join(engine.dir, 'empty.csv'), {
      filter: { from: '2001-01-01', to: '2001-01-31' },
    });
    assert.ok(empty.ok);
    assert.deepEqual(empty.value.newestDayIds, []);
  });

  it('skipUserIds leaves out exactly those users, and still counts them', async () => {
    const target = join(await freshDir(), 'users.csv');
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    // Some of the newest day's (the "since last export" case) and some from the middle.
    const skipped = new Set([
      ...expected.slice(0, 7).map((u) => u.user_id),
      ...expected.slice(400, 403).map((u) => u.user_id),
    ]);
    const progress: ExportProgress[] = [];
    const result = await run(target, {
      skipUserIds: skipped,
      columns: { withDay: true, withAccounts: false },
      onProgress: (p) => progress.push(p),
    });
    assert.ok(result.ok, JSON.stringify(result));
    const kept = expected.filter((u) => !skipped.has(u.user_id));
    assert.equal(result.value.rows, kept.length);
    assert.deepEqual((await readCsv(target)).slice(1), dayRows(kept));
    // Its newest day's IDs are every one of them, left out or not.
    assert.deepEqual(
      result.value.newestDayIds,
      expected.filter((u) => u.created_day === TODAY).map((u) => u.user_id),
    );
    assert.equal(progress.at(-1)?.rowsDone, expected.length, 'left-out users count as read');
  });

  it('discardIfEmpty: nothing to write leaves the target as it was and no file beside it', async () => {
    const folder = await freshDir();
    const target = join(folder, 'users.csv');
    await writeFile(target, 'previous export\r\n');
    const everyone = new Set(
      engine.fake.usersInWindow(FILTER.from, FILTER.to).map((u) => u.user_id),
    );
    const result = await run(target, {
      skipUserIds: everyone,
      discardIfEmpty: true,
      columns: { withDay: true, withAccounts: false },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(
      { rows: result.value.rows, saved: result.value.saved, sha256: result.value.sha256 },
      { rows: 0, saved: false, sha256: null },
    );
    assert.equal(result.value.newestDayIds.length > 0, true);
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n');
    assert.deepEqual(await readdir(folder), ['users.csv']);
    // Without the option, the same export saves a file of its header alone.
    const saved = await run(target, { skipUserIds: everyone });
    assert.ok(saved.ok);
    assert.equal(saved.value.saved, true);
    assert.equal(await readFile(target, 'utf8'), 'user_id,external_id,widget_id\r\n');
  });

  it('withDay: users added to the newest day mid-walk start it over, and the rows are exact', async () => {
    const target = join(await freshDir(), 'users.csv');
    let count = 0;
    engine.fake.onRequest(() => {
      // After the newest days were read: only the window's final check can see these.
      if (++count === 8) engine.fake.insertUsers(3, TODAY);
    });
    const restarts: string[] = [];
    const result = await run(target, {
      columns: { withDay: true, withAccounts: false },
      onRestart: (reason) => restarts.push(reason),
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(restarts.length, 1, restarts.join('; '));
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.deepEqual((await readCsv(target)).slice(1), dayRows(expected));
    assert.deepEqual(
      result.value.newestDayIds,
      expected.filter((u) => u.created_day === TODAY).map((u) => u.user_id),
    );
  });

  for (const change of ['a user added to', 'a user deleted from'] as const) {
    it(`withDay: ${change} a day already read starts it over; the rows are exact`, async () => {
      const target = join(await freshDir(), 'users.csv');
      const days = daysNewestFirst(FILTER.from, TODAY);
      let changed = false;
      engine.fake.onRequest((request) => {
        const body = request.body as { start_date?: string; end_date?: string };
        if (changed || body.start_date !== body.end_date) return;
        // Once the days holding the change were read: only the final check can see it.
        if (change === 'a user added to' && body.start_date === days[3]) {
          engine.fake.insertUsers(1, days[1]);
          changed = true;
        }
        // The fake deletes from the middle of its users, a day or two into the window.
        if (change === 'a user deleted from' && body.start_date === days[25]) {
          engine.fake.deleteUsers(1);
          changed = true;
        }
      });
      const restarts: string[] = [];
      const result = await run(target, {
        columns: { withDay: true, withAccounts: false },
        perPage: 25,
        concurrency: 1,
        onRestart: (reason) => restarts.push(reason),
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.ok(changed);
      assert.deepEqual(restarts, [
        change === 'a user added to'
          ? `total_items went from ${result.value.rows - 1} to ${result.value.rows} (final check)`
          : `total_items went from ${result.value.rows + 1} to ${result.value.rows} (final check)`,
      ]);
      const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
      assert.equal(result.value.rows, expected.length);
      assert.deepEqual((await readCsv(target)).slice(1), dayRows(expected));
    });
  }

  it('the newest day counted apart: a user arriving in between starts it over; rows exact', async () => {
    const target = join(await freshDir(), 'users.csv');
    let count = 0;
    engine.fake.onRequest(() => {
      // Between the window's page 1 and the newest day's.
      if (++count === 2) engine.fake.insertUsers(1, TODAY);
    });
    const restarts: string[] = [];
    const result = await run(target, { onRestart: (reason) => restarts.push(reason) });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(restarts, ["the newest day's users no longer match the window's first users"]);
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.deepEqual((await readCsv(target)).slice(1), plainRows(expected));
    assert.deepEqual(
      result.value.newestDayIds,
      expected.filter((u) => u.created_day === TODAY).map((u) => u.user_id),
    );
  });

  it('withDay: cancelled mid-walk leaves no file and no temporary file', async () => {
    const folder = await freshDir();
    const target = join(folder, 'users.csv');
    const controller = new AbortController();
    let days = 0;
    engine.fake.onRequest((request) => {
      const body = request.body as { start_date?: string; end_date?: string };
      if (body.start_date === body.end_date && ++days === 5) controller.abort();
    });
    const result = await run(target, {
      signal: controller.signal,
      columns: { withDay: true, withAccounts: false },
    });
    assert.equal(!result.ok && result.error.code, 'cancelled');
    assert.deepEqual(await readdir(folder), []);
    assert.ok(days < 10, `stopped soon after the cancel: ${days} days asked`);
  });
});
