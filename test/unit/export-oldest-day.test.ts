// The cost said before a `withDay` export of a long window: the oldest day with users found by
// halving the window with counts (oldest-day.ts), against the fake Palenca server, and the
// bound then held against the requests the engine really makes, for several shapes of users.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UserFilter } from '#common/models.ts';
import { fail, ok } from '#common/result.ts';
import {
  exportRequestBound,
  SEARCH_AFTER_DAYS,
  windowDays,
} from '../../electron/backend/export/export-cost.ts';
import { countUsers, ExportCountCache } from '../../electron/backend/export/export-count-cache.ts';
import { exportUsers } from '../../electron/backend/export/export-engine.ts';
import { estimateExportCost } from '../../electron/backend/export/export-plan.ts';
import { type CountUsers, oldestDayWithUsers } from '../../electron/backend/export/oldest-day.ts';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { searches } from '../support/engine-fixture.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2025-06-30';
const SEVEN_YEARS: UserFilter = { from: '2018-07-01', to: TODAY };
const TUNING = { attempts: 4, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 };
const PAGE_RETRY = { attempts: 3, baseMs: 5, maxMs: 20 };
/** The governor is not what is tested here: a flat estimate keeps the numbers plain. */
const ALLOWANCE = { estimateMs: (requests: number) => requests * 1000 };

const oldestIn = (fake: FakePalenca, filter: UserFilter): string =>
  fake.usersInWindow(filter.from, filter.to).at(-1)?.created_day as string;

interface Shape {
  name: string;
  users: number;
  days: number;
  filter: UserFilter;
  perPage?: number;
  concurrency?: number;
  /** Users added on the window's oldest day before anything is asked. */
  onFirstDay?: number;
}

describe('the cost of a day-by-day export of a long window', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-oldest-day-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The estimate and the export of `shape` on a fresh fake: what each asked Palenca. */
  async function estimateThenExport(shape: Shape) {
    const fake = await startFakePalenca({
      users: shape.users,
      today: TODAY,
      days: shape.days,
      seed: 18,
    });
    try {
      if (shape.onFirstDay) fake.insertUsers(shape.onFirstDay, shape.filter.from);
      const client: PalencaClient = clientOn(fake, { tuning: TUNING });
      const users = await countUsers(client, shape.filter);
      assert.ok(users.ok, JSON.stringify(users));
      fake.requests.length = 0;
      const cost = await estimateExportCost({
        users: users.value,
        filter: shape.filter,
        options: { withDay: true, withAccounts: false },
        allowance: ALLOWANCE,
        count: (part) => countUsers(client, part),
        ...(shape.perPage ? { perPage: shape.perPage } : {}),
        ...(shape.concurrency ? { concurrency: shape.concurrency } : {}),
      });
      const searched = searches(fake);
      fake.requests.length = 0;
      const result = await exportUsers({
        client,
        filter: shape.filter,
        targetPath: join(dir, `${shape.name.replace(/\W+/g, '-')}.csv`),
        csv: { delimiter: ',', bom: false },
        columns: { withDay: true, withAccounts: false },
        pageRetry: PAGE_RETRY,
        ...(shape.perPage ? { perPage: shape.perPage } : {}),
        ...(shape.concurrency ? { concurrency: shape.concurrency } : {}),
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.value.rows, users.value);
      return {
        users: users.value,
        cost,
        searched,
        exported: searches(fake),
        oldest: oldestIn(fake, shape.filter),
      };
    } finally {
      await fake.close();
    }
  }

  it('seven years with users in the last 60 days: a bound close to what the export makes', async () => {
    const run = await estimateThenExport({
      name: 'seven years',
      users: 600,
      days: 60,
      filter: SEVEN_YEARS,
    });
    const days = windowDays(SEVEN_YEARS.from, SEVEN_YEARS.to);
    assert.equal(run.cost.oldestDay, run.oldest);
    // The search: a count per halving, every one of them said.
    assert.equal(run.cost.searchRequests, run.searched);
    assert.ok(run.searched <= Math.ceil(Math.log2(days)), `${run.searched} counts`);
    const made = run.searched + run.exported;
    assert.ok(run.cost.requests >= made, `${run.cost.requests} >= ${made}`);
    if (process.env.SHOW) console.log(run.cost, run.searched, run.exported);
    assert.ok(run.cost.requests <= 2 * made, `${run.cost.requests} within 2× of ${made}`);
    // Where every day of the window was counted before.
    const everyDay = exportRequestBound({
      users: run.users,
      days,
      withDay: true,
      withAccounts: false,
    });
    assert.ok(everyDay > 20 * run.cost.requests, `${everyDay} before, ${run.cost.requests} now`);
    // The time is the export's requests (the search is done by the time it is said).
    assert.equal(run.cost.estimatedMs, (run.cost.requests - run.cost.searchRequests) * 1000);
  });

  it('the bound is never below what the export makes, whatever the shape of the users', async () => {
    const halfYear: UserFilter = { from: '2025-01-01', to: TODAY };
    const shapes: Shape[] = [
      // Users on the window's very first day: every day is walked, every day is counted.
      { name: 'users on the first day', users: 300, days: 60, filter: halfYear, onFirstDay: 3 },
      // Every user on the newest day: one day of several pages.
      { name: 'only the newest day', users: 400, days: 1, filter: halfYear, perPage: 25 },
      // Days of several pages, few at a time and many at a time.
      {
        name: 'full days, one at a time',
        users: 3000,
        days: 40,
        filter: halfYear,
        perPage: 25,
        concurrency: 1,
      },
      {
        name: 'full days, eight at a time',
        users: 3000,
        days: 40,
        filter: halfYear,
        perPage: 25,
        concurrency: 8,
      },
      // Sparse: a user every few days over half the window.
      { name: 'sparse', users: 40, days: 365, filter: halfYear, concurrency: 8 },
    ];
    for (const shape of shapes) {
      const run = await estimateThenExport(shape);
      assert.equal(run.cost.oldestDay, run.oldest, shape.name);
      assert.equal(run.cost.searchRequests, run.searched, shape.name);
      const made = run.searched + run.exported;
      assert.ok(run.cost.requests >= made, `${shape.name}: ${run.cost.requests} >= ${made}`);
      if (process.env.SHOW) console.log(shape.name, run.cost, run.searched, run.exported);
    }
  });

  it('a quarter or less is counted as before, without a search', async () => {
    const fake = await startFakePalenca({ users: 800, today: TODAY, days: 90, seed: 31 });
    try {
      const filter = { from: '2025-04-01', to: TODAY };
      const days = windowDays(filter.from, filter.to);
      assert.ok(days <= SEARCH_AFTER_DAYS);
      const users = fake.countInWindow(filter.from, filter.to);
      const count: CountUsers = () => {
        throw new Error('a short window is not searched');
      };
      for (const withAccounts of [false, true]) {
        const cost = await estimateExportCost({
          users,
          filter,
          options: { withDay: true, withAccounts },
          allowance: ALLOWANCE,
          count,
        });
        assert.equal(
          cost.requests,
          exportRequestBound({ users, days, withDay: true, withAccounts }),
        );
        assert.equal(cost.searchRequests, 0);
        assert.equal(cost.oldestDay, null);
      }
      // Without the day column nothing is walked day by day: never a search, however long.
      const plain = await estimateExportCost({
        users: 10,
        filter: SEVEN_YEARS,
        options: { withDay: false, withAccounts: false },
        allowance: ALLOWANCE,
        count,
      });
      assert.equal(plain.searchRequests, 0);
    } finally {
      await fake.close();
    }
  });

  it('through the count cache: the search is asked once, options toggled after ask nothing', async () => {
    const fake = await startFakePalenca({ users: 600, today: TODAY, days: 60, seed: 7 });
    try {
      const client = clientOn(fake, { tuning: TUNING });
      const counts = new ExportCountCache();
      const count: CountUsers = (part) => counts.count('sandbox', part, client);
      const users = await count(SEVEN_YEARS);
      assert.ok(users.ok);
      const ask = (withAccounts: boolean) =>
        estimateExportCost({
          users: users.value,
          filter: SEVEN_YEARS,
          options: { withDay: true, withAccounts },
          allowance: ALLOWANCE,
          count,
        });
      const first = await ask(false);
      const asked = searches(fake);
      assert.equal(asked, 1 + first.searchRequests);
      const again = await ask(true);
      assert.equal(searches(fake), asked, 'every count was kept');
      assert.equal(again.oldestDay, first.oldestDay);
      assert.equal(again.requests, first.requests + users.value, 'one more request per user');
    } finally {
      await fake.close();
    }
  });

  it('a failed search counts every day, and the counts it may have made', async () => {
    const days = windowDays(SEVEN_YEARS.from, SEVEN_YEARS.to);
    let asked = 0;
    const cost = await estimateExportCost({
      users: 600,
      filter: SEVEN_YEARS,
      options: { withDay: true, withAccounts: false },
      allowance: ALLOWANCE,
      count: async () => {
        asked++;
        return asked < 3 ? ok(0) : fail('offline', 'Palenca could not be reached.');
      },
    });
    assert.equal(cost.oldestDay, null);
    assert.equal(cost.searchRequests, Math.ceil(Math.log2(days)));
    assert.equal(
      cost.requests,
      exportRequestBound({ users: 600, days, withDay: true, withAccounts: false }) +
        Math.ceil(Math.log2(days)),
    );
  });
});

describe('oldestDayWithUsers', () => {
  const filter: UserFilter = { from: '2025-01-01', to: '2025-12-31' };
  /** Counts of a list whose users were filed on `days`. */
  const countOf =
    (days: string[], asked: UserFilter[] = []): CountUsers =>
    async (part) => {
      asked.push(part);
      return ok(days.filter((d) => d >= part.from && d <= part.to).length);
    };

  it('finds the oldest day with users at either end and in between, in log2(days) counts', async () => {
    for (const oldest of ['2025-01-01', '2025-01-02', '2025-07-15', '2025-12-30', '2025-12-31']) {
      const asked: UserFilter[] = [];
      const found = await oldestDayWithUsers(countOf([oldest, '2025-12-31'], asked), filter, 2);
      assert.ok(found.ok);
      assert.equal(found.value.day, oldest);
      assert.equal(found.value.counts, asked.length);
      assert.ok(asked.length <= Math.ceil(Math.log2(365)), `${asked.length} counts`);
      // Every count is of the window's start to a day in it, with the same external ID.
      for (const part of asked) {
        assert.equal(part.from, filter.from);
        assert.ok(part.to >= filter.from && part.to < filter.to);
      }
    }
  });

  it('keeps the external ID in each count', async () => {
    const asked: UserFilter[] = [];
    const withId = { ...filter, externalId: 'cus_1' };
    await oldestDayWithUsers(countOf(['2025-03-03'], asked), withId, 1);
    assert.ok(asked.length > 0);
    assert.ok(asked.every((part) => part.externalId === 'cus_1'));
  });

  it('asks nothing for an empty window or a one-day one', async () => {
    const never: CountUsers = () => {
      throw new Error('asked');
    };
    assert.deepEqual(await oldestDayWithUsers(never, filter, 0), ok({ day: null, counts: 0 }));
    const oneDay = { from: '2025-05-05', to: '2025-05-05' };
    assert.deepEqual(
      await oldestDayWithUsers(never, oneDay, 4),
      ok({ day: '2025-05-05', counts: 0 }),
    );
  });

  it('a failed count is the answer', async () => {
    const found = await oldestDayWithUsers(
      async () => fail('offline', 'Palenca could not be reached.'),
      filter,
      3,
    );
    assert.equal(found.ok, false);
  });
});
