import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CsvOptions, ExportProgress } from '#common/models.ts';
import { createPalencaClient, type PalencaClient } from '../../electron/backend/palenca/client.ts';
import { type FakePalenca, QUICK_WINDOWS, startFakePalenca } from '../fake-palenca/server.ts';
import {
  countingSearches,
  engineFixture,
  plainRows,
  QUICK_PAGE_RETRY,
  QUICK_TUNING,
  readCsv,
} from '../support/engine-fixture.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2024-01-01', to: TODAY };
const CSV: CsvOptions = { delimiter: ',', bom: false };

const clientFor = (fake: FakePalenca): PalencaClient => clientOn(fake, { tuning: QUICK_TUNING });

describe('export engine', () => {
  const engine = engineFixture({
    fake: { users: 1000, today: TODAY, days: 400, seed: 7, allowance: QUICK_WINDOWS },
    client: { tuning: QUICK_TUNING },
    defaults: { filter: FILTER, csv: CSV, pageRetry: QUICK_PAGE_RETRY },
    tempPrefix: 'palenca-export-',
    clientPerRun: true,
    reset: (fake) => {
      fake.setFault(null);
      fake.onRequest(null);
      fake.setLatency(0);
    },
  });
  const { freshDir, run } = engine;

  it('exports exactly the users of the window, newest first, across pages', async () => {
    const target = join(await freshDir(), 'users.csv');
    const progress: ExportProgress[] = [];
    const result = await run(target, { onProgress: (p) => progress.push(p) });
    assert.ok(result.ok, JSON.stringify(result));
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.ok(expected.length > 300, 'the window spans several pages');
    assert.equal(result.value.rows, expected.length);
    const rows = await readCsv(target);
    assert.deepEqual(rows[0], ['user_id', 'external_id', 'widget_id']);
    assert.deepEqual(rows.slice(1), plainRows(expected));
    // 150 a page: every search asked for the largest page.
    const sizes = engine.fake.requests.map(
      (r) => (r.body as { options?: { items_per_page?: number } }).options?.items_per_page,
    );
    assert.ok(sizes.every((s) => s === 150));
    const last = progress.at(-1);
    assert.equal(last?.rowsDone, expected.length);
    assert.equal(last?.rowsTotal, expected.length);
    assert.equal(last?.pagesDone, Math.ceil(expected.length / 150));
    assert.equal(last?.pagesTotal, Math.ceil(expected.length / 150));
    assert.equal(last?.remainingMs, 0);
    assert.deepEqual(await readdir(engine.dir), ['users.csv'], 'no temporary file left');
  });

  it('writes the BOM and the semicolon delimiter when asked', async () => {
    const target = join(await freshDir(), 'users.csv');
    const csv: CsvOptions = { delimiter: ';', bom: true };
    const result = await run(target, { csv });
    assert.ok(result.ok);
    const bytes = await readFile(target);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.subarray(3).toString('utf8').startsWith('user_id;external_id;widget_id\r\n'));
    const rows = await readCsv(target, csv.delimiter);
    assert.deepEqual(rows.slice(1), plainRows(engine.fake.usersInWindow(FILTER.from, FILTER.to)));
  });

  it('exports only one external id when filtered, and an empty window as a header', async () => {
    const someone = engine.fake.usersInWindow(FILTER.from, FILTER.to).find((u) => u.external_id);
    assert.ok(someone?.external_id);
    const target = join(await freshDir(), 'one.csv');
    const one = await run(target, { filter: { ...FILTER, externalId: someone.external_id } });
    assert.ok(one.ok, JSON.stringify(one));
    const rows = await readCsv(target);
    assert.deepEqual(
      rows.slice(1),
      plainRows(engine.fake.usersInWindow(FILTER.from, FILTER.to, someone.external_id)),
    );

    const empty = join(engine.dir, 'empty.csv');
    const progress: ExportProgress[] = [];
    const requestsBefore = engine.fake.requests.length;
    const none = await run(empty, {
      filter: { from: '2001-01-01', to: '2001-01-31' },
      onProgress: (p) => progress.push(p),
    });
    assert.ok(none.ok);
    assert.equal(none.value.rows, 0);
    assert.equal(await readFile(empty, 'utf8'), 'user_id,external_id,widget_id\r\n');
    // One page read, one page counted: never "page 1 of 0".
    assert.deepEqual(
      progress.map((p) => [p.pagesDone, p.pagesTotal, p.rowsDone, p.rowsTotal]),
      [[1, 1, 0, 0]],
    );
    // A single page is a snapshot by itself: no second request to check it.
    assert.equal(engine.fake.requests.length - requestsBefore, 1);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    engine.fake.setLatency(5);
    for (const concurrency of [1, 4]) {
      const counting = countingSearches(clientFor(engine.fake));
      const target = join(await freshDir(), `c${concurrency}.csv`);
      const result = await run(target, { client: counting.client, concurrency });
      assert.ok(result.ok);
      assert.equal(counting.peak(), concurrency);
    }
  });

  it('slows down when Palenca pushes back, even while the client is still retrying', async () => {
    // Enough users for about twenty pages of 150.
    const big = await startFakePalenca({ users: 3000, today: TODAY, days: 30, latencyMs: 5 });
    after(() => big.close());
    const real = clientFor(big);
    let now = 0;
    const inFlightAtStart: number[] = [];
    const counting: PalencaClient = {
      ...real,
      searchUsers: async (query, options) => {
        inFlightAtStart.push(++now);
        try {
          return await real.searchUsers(query, options);
        } finally {
          now--;
        }
      },
    };
    // Two 503s at the very start, both absorbed by the client's own retries.
    big.failNext({ kind: 'unavailable' }, 2);
    const result = await run(join(await freshDir(), 'slow.csv'), { client: counting });
    assert.ok(result.ok, JSON.stringify(result));
    const pages = inFlightAtStart.length;
    assert.ok(pages > 15, `enough pages to see the window: ${pages}`);
    // Halved twice to one request, it grows back by one per eight clean pages only.
    assert.ok(
      Math.max(...inFlightAtStart.slice(4, 12)) <= 2,
      `in flight after the pushback: ${inFlightAtStart.join(',')}`,
    );
  });

  it('cancelled half-way leaves no file and no temporary file', async () => {
    engine.fake.setLatency(10);
    const target = join(await freshDir(), 'users.csv');
    const controller = new AbortController();
    const result = await run(target, {
      signal: controller.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.pagesDone === 2) controller.abort();
      },
    });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'cancelled');
    assert.deepEqual(await readdir(engine.dir), []);
  });

  it('a failure half-way leaves no temporary file and the previous file intact', async () => {
    const target = join(await freshDir(), 'users.csv');
    await writeFile(target, 'previous export\r\n');
    let count = 0;
    engine.fake.onRequest(() => {
      if (++count === 3) engine.fake.setFault({ kind: 'unavailable' });
    });
    const result = await run(target, { concurrency: 1 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'unavailable');
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n');
    assert.deepEqual(await readdir(engine.dir), ['users.csv']);
  });

  it('fails on a bad key before creating any file', async () => {
    const target = join(await freshDir(), 'users.csv');
    const bad = createPalencaClient({
      baseUrl: engine.fake.baseUrl,
      apiKey: 'sk_wrong_key_123456',
      tuning: QUICK_TUNING,
    });
    assert.ok(bad.ok);
    const result = await run(target, { client: bad.value });
    assert.equal(!result.ok && result.error.code, 'invalid_key');
    assert.deepEqual(await readdir(engine.dir), []);
  });

  for (const [name, fault] of [
    ['429', { kind: 'rate_limited' }],
    ['503', { kind: 'unavailable' }],
    ['HTML 502', { kind: 'html_502' }],
    ['504', { kind: 'gateway_timeout' }],
  ] as const) {
    it(`a ${name} storm still ends with the exact set`, async () => {
      const target = join(await freshDir(), 'users.csv');
      let count = 0;
      // A burst right at the start, then every third request for a while.
      engine.fake.failNext(fault, 5);
      // A 429 is waited out until the next (one-second) window: fewer of those.
      const until = fault.kind === 'rate_limited' ? 15 : 60;
      engine.fake.onRequest(() => {
        count++;
        if (count % 3 === 0 && count < until) engine.fake.failNext(fault, 1);
      });
      const result = await run(target);
      assert.ok(result.ok, JSON.stringify(result));
      const rows = await readCsv(target);
      assert.deepEqual(rows.slice(1), plainRows(engine.fake.usersInWindow(FILTER.from, FILTER.to)));
      assert.deepEqual(await readdir(engine.dir), ['users.csv']);
    });
  }

  it('users inserted and deleted during the export: the exact final set', async () => {
    const target = join(await freshDir(), 'users.csv');
    let count = 0;
    engine.fake.onRequest(() => {
      count++;
      if (count === 3) engine.fake.insertUsers(4);
      if (count === 5) engine.fake.deleteUsers(3);
      // Balanced: the total stays the same, but the pages shift.
      if (count === 12) {
        engine.fake.insertUsers(2);
        engine.fake.deleteUsers(2);
      }
    });
    const restarts: string[] = [];
    const result = await run(target, { onRestart: (r) => restarts.push(r) });
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(restarts.length >= 1, 'noticed the change');
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.equal(result.value.rows, expected.length);
    assert.deepEqual((await readCsv(target)).slice(1), plainRows(expected));
  });

  it('a new user and a deletion that leave the total unchanged: the exact final set', async () => {
    // Pages of 150 at one request at a time: seven pages. The deleted user (the middle of
    // the set) is on page 4, already written when the change lands just before page 6;
    // rows after it do not move, so only the final check of page 1 can see the new user.
    const target = join(await freshDir(), 'users.csv');
    const before = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    let count = 0;
    engine.fake.onRequest(() => {
      if (++count === 6) {
        engine.fake.insertUsers(1);
        engine.fake.deleteUsers(1);
      }
    });
    const restarts: string[] = [];
    const result = await run(target, { concurrency: 1, onRestart: (r) => restarts.push(r) });
    assert.ok(result.ok, JSON.stringify(result));
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.equal(expected.length, before.length, 'the total did not change');
    assert.notDeepEqual(expected, before);
    assert.deepEqual(restarts, [
      'the newest users changed during the export (page 1 no longer matches)',
    ]);
    assert.equal(result.value.rows, expected.length);
    assert.deepEqual((await readCsv(target)).slice(1), plainRows(expected));
  });

  it('new users and deletions that keep the total steady, pass after pass: export_changed', async () => {
    const target = join(await freshDir(), 'users.csv');
    await writeFile(target, 'previous export\r\n');
    let count = 0;
    engine.fake.onRequest(() => {
      if (++count % 5 === 0) {
        engine.fake.insertUsers(1);
        engine.fake.deleteUsers(1);
      }
    });
    const restarts: string[] = [];
    const result = await run(target, { maxRestarts: 2, onRestart: (r) => restarts.push(r) });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'export_changed');
    assert.equal(restarts.length, 2);
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n');
    assert.deepEqual(await readdir(engine.dir), ['users.csv']);
  });

  it('a list that never holds still ends in export_changed and no file', async () => {
    const target = join(await freshDir(), 'users.csv');
    await writeFile(target, 'previous export\r\n');
    let count = 0;
    engine.fake.onRequest(() => {
      if (++count % 4 === 0) engine.fake.insertUsers(1);
    });
    const result = await run(target, { maxRestarts: 2 });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'export_changed');
    assert.match(!result.ok ? result.error.message : '', /added or removed/);
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n');
    assert.deepEqual(await readdir(engine.dir), ['users.csv']);
  });

  it('a folder that does not exist ends in write_failed naming the folder', async () => {
    const missing = join(await freshDir(), 'no-such-folder');
    const result = await run(join(missing, 'users.csv'));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'write_failed');
    assert.ok(!result.ok && result.error.message.includes(missing));
    assert.match(!result.ok ? result.error.message : '', /does not exist/);
  });
});
