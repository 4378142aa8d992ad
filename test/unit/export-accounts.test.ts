// The accounts columns of an export (`withAccounts`): each user's accounts in one line
// (summariseAccounts), and the engine asking for them once per user against the fake server.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CsvOptions, ExportProgress, PalencaAccount, UserFilter } from '#common/models.ts';
import { AllowanceGovernor } from '../../electron/backend/allowance/allowance-governor.ts';
import { summariseAccounts } from '../../electron/backend/export/accounts-summary.ts';
import { exportRequestBound, windowDays } from '../../electron/backend/export/export-cost.ts';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import { QUICK_WINDOWS } from '../fake-palenca/server.ts';
import { engineFixture, readCsv } from '../support/engine-fixture.ts';

const account = (patch: Partial<PalencaAccount>): PalencaAccount => ({
  account_id: 'acc',
  platform: 'uber',
  country: 'mx',
  identifier: null,
  worker_id: null,
  status: 'success',
  status_details: null,
  last_successful_connection: null,
  created_at: null,
  ...patch,
});

describe('summariseAccounts', () => {
  it('no accounts: a count of zero and empty cells', () => {
    assert.deepEqual(summariseAccounts([]), {
      accounts: 0,
      platforms: '',
      status: '',
      lastSuccessfulConnection: null,
    });
  });

  it('groups in the accounts panel order, whatever the accounts order, each once', () => {
    const summary = summariseAccounts([
      account({ status: 'made_up_status' }),
      account({ status: 'error', status_details: 'platform_unavailable' }),
      account({ status: 'pending' }),
      account({ status: 'success' }),
      account({ status: 'success' }),
      // A wrong password under `error` is for the person to fix: the panel's "Needs action".
      account({ status: 'error', status_details: 'invalid_credentials' }),
    ]);
    assert.equal(summary.status, 'connected, needs action, waiting, failed, unknown');
    assert.equal(summary.accounts, 6);
    assert.equal(
      summariseAccounts([account({ status: 'pending' }), account({ status: null })]).status,
      'waiting, unknown',
    );
  });

  it('platforms distinct and sorted; none named leaves them out', () => {
    const summary = summariseAccounts([
      account({ platform: 'uber' }),
      account({ platform: 'didi' }),
      account({ platform: 'uber' }),
      account({ platform: null }),
      account({ platform: '  ' }),
      account({ platform: 'imss' }),
    ]);
    assert.equal(summary.platforms, 'didi, imss, uber');
    assert.equal(summary.accounts, 6);
  });

  it('the newest last successful connection, compared as instants, as Palenca wrote it', () => {
    const summary = summariseAccounts([
      account({ last_successful_connection: '2025-06-01T10:00:00Z' }),
      // Later as an instant, though earlier as text.
      account({ last_successful_connection: '2025-06-01T08:00:00-05:00' }),
      account({ last_successful_connection: null }),
      account({ last_successful_connection: 'not a date' }),
      account({ last_successful_connection: '2025-05-31T23:59:59.999Z' }),
    ]);
    assert.equal(summary.lastSuccessfulConnection, '2025-06-01T08:00:00-05:00');
    assert.equal(
      summariseAccounts([account({ last_successful_connection: null })]).lastSuccessfulConnection,
      null,
    );
  });
});

const TODAY = '2025-06-30';
const FILTER: UserFilter = { from: '2025-06-28', to: TODAY };
const CSV: CsvOptions = { delimiter: ',', bom: false };
const TUNING = { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };
const PAGE_RETRY = { attempts: 1, baseMs: 5, maxMs: 20 };
const ACCOUNT_COLUMNS = ['accounts', 'platforms', 'account_status', 'last_successful_connection'];

describe('export engine: accounts columns', () => {
  const engine = engineFixture({
    fake: { users: 2000, today: TODAY, days: 60, seed: 5, allowance: QUICK_WINDOWS },
    client: { tuning: TUNING },
    defaults: {
      filter: FILTER,
      csv: CSV,
      pageRetry: PAGE_RETRY,
      columns: { withDay: false, withAccounts: true },
    },
    tempPrefix: 'palenca-accounts-',
  });
  const { freshDir, run } = engine;

  /** The fake's own answer for a user's accounts, read without the app's client. */
  const fakeAccounts = async (userId: string): Promise<PalencaAccount[]> => {
    const answer = await fetch(`${engine.fake.baseUrl}/users/${userId}/accounts`, {
      headers: { 'x-api-key': engine.fake.apiKey },
    });
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { data: { accounts: Partial<PalencaAccount>[] } };
    // Fields Palenca leaves out "when not known" read as null, as the client reads them.
    return body.data.accounts.map((a) =>
      account({ identifier: null, worker_id: null, status_details: null, ...a }),
    );
  };
  const cells = async (userId: string): Promise<string[]> => {
    const s = summariseAccounts(await fakeAccounts(userId));
    return [String(s.accounts), s.platforms, s.status, s.lastSuccessfulConnection ?? ''];
  };
  const accountsAsked = () =>
    engine.fake.requests
      .filter((r) => r.path.endsWith('/accounts') && !r.refused)
      .map((r) => r.path);

  it("each row's accounts cells are the fake's accounts of that user, asked once each", async () => {
    const target = join(await freshDir(), 'users.csv');
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    assert.ok(expected.length > 60 && expected.length < 400, `${expected.length} users`);
    const progress: ExportProgress[] = [];
    const atRequest: number[] = [];
    engine.fake.onRequest((request) => {
      const last = progress.at(-1);
      if (request.path.endsWith('/accounts') && last)
        atRequest.push(last.rowsTotal - last.rowsDone);
    });
    // A governor of its own, at Palenca's 120 a minute: what the time left is paced by.
    const governor = new AllowanceGovernor();
    const result = await run(target, {
      columns: { withDay: true, withAccounts: true },
      perPage: 50,
      onProgress: (p) => progress.push(p),
      allowance: governor,
    });
    assert.ok(result.ok, JSON.stringify(result));
    engine.fake.onRequest(null);
    const rows = await readCsv(target);
    assert.deepEqual(rows[0], [
      'user_id',
      'external_id',
      'widget_id',
      'connected_on',
      ...ACCOUNT_COLUMNS,
    ]);
    assert.equal(rows.length - 1, expected.length);
    const madeSearches = engine.fake.requests.filter((r) =>
      r.path.endsWith('/users/search'),
    ).length;
    const asked = accountsAsked();
    assert.equal(asked.length, expected.length, 'one request per user');
    assert.equal(new Set(asked).size, asked.length, 'never twice');
    for (const [i, user] of expected.entries()) {
      const row = rows[i + 1] as string[];
      assert.equal(row[0], user.user_id);
      assert.equal(row[3], user.created_day);
      assert.deepEqual(row.slice(4), await cells(user.user_id), `row ${i + 1}`);
    }
    // Some users have no accounts: a count of 0 and empty cells, not blanks everywhere.
    assert.ok(rows.some((row) => row[4] === '0' && row[5] === '' && row[6] === ''));
    assert.ok(rows.some((row) => Number(row[4]) >= 2 && (row[5] ?? '').includes(', ')));
    // The bar never stood at the end while accounts were still loading; it moved in steps.
    assert.ok(atRequest.length > 0 && atRequest.every((left) => left > 0));
    assert.ok(progress.length > expected.length / 10, `${progress.length} progress reports`);
    // The time left counts an accounts request for every user still to write.
    for (const p of progress.slice(0, -1)) {
      const accountsLeft = governor.estimateMs(p.rowsTotal - p.rowsDone);
      assert.ok((p.remainingMs ?? 0) >= accountsLeft, `${p.remainingMs} >= ${accountsLeft}`);
    }
    const bound = exportRequestBound({
      users: expected.length,
      days: windowDays(FILTER.from, FILTER.to),
      withDay: true,
      withAccounts: true,
      perPage: 50,
    });
    assert.ok(madeSearches + asked.length <= bound, `${madeSearches + asked.length} <= ${bound}`);
  });

  it('users left out are not asked about; a user gone meanwhile has empty cells', async () => {
    const target = join(await freshDir(), 'users.csv');
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    const skipped = new Set(expected.slice(0, 5).map((u) => u.user_id));
    const gone = expected[10]?.user_id as string;
    // Palenca answers 404 for this user: it was deleted after its page was read.
    const wrapped: PalencaClient = {
      ...engine.client,
      getUserAccounts: (userId, options) =>
        engine.client.getUserAccounts(
          userId === gone ? '00000000-0000-4000-8000-000000000000' : userId,
          options,
        ),
    };
    const result = await run(target, { client: wrapped, skipUserIds: skipped });
    assert.ok(result.ok, JSON.stringify(result));
    const rows = await readCsv(target);
    const kept = expected.filter((u) => !skipped.has(u.user_id));
    assert.deepEqual(
      rows.slice(1).map((row) => row[0]),
      kept.map((u) => u.user_id),
    );
    const goneRow = rows.find((row) => row[0] === gone);
    assert.deepEqual(goneRow?.slice(3), ['', '', '', '']);
    assert.equal(accountsAsked().length, kept.length);
    for (const id of skipped) assert.ok(!accountsAsked().some((path) => path.includes(id)));
  });

  it('a pass that starts over does not ask again about users it already has', async () => {
    const target = join(await freshDir(), 'users.csv');
    let accounts = 0;
    engine.fake.onRequest((request) => {
      if (request.path.endsWith('/accounts') && ++accounts === 40)
        engine.fake.insertUsers(2, TODAY);
    });
    const restarts: string[] = [];
    // Several pages, so the final check sees the new users (one page is a snapshot by itself).
    const result = await run(target, { perPage: 25, onRestart: (reason) => restarts.push(reason) });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(restarts.length, 1);
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    const rows = await readCsv(target);
    assert.deepEqual(
      rows.slice(1).map((row) => row[0]),
      expected.map((u) => u.user_id),
    );
    const asked = accountsAsked();
    assert.equal(new Set(asked).size, asked.length, 'each user asked once across both passes');
    assert.equal(asked.length, expected.length);
    const newest = rows[1] as string[];
    assert.deepEqual(newest.slice(3), await cells(newest[0] as string));
  });

  it('refusals (429) of accounts requests are waited out: the export still ends exact', async () => {
    const target = join(await freshDir(), 'users.csv');
    let accounts = 0;
    engine.fake.onRequest((request) => {
      // Three refusals among the accounts requests; each waits for the next one-second window.
      if (request.path.endsWith('/accounts') && ++accounts % 20 === 0 && accounts <= 60) {
        engine.fake.failNext({ kind: 'rate_limited' }, 1);
      }
    });
    const result = await run(target);
    assert.ok(result.ok, JSON.stringify(result));
    // Each refused request was asked again: three users asked twice, nobody else.
    const asked = accountsAsked();
    assert.equal(asked.length - new Set(asked).size, 3);
    const expected = engine.fake.usersInWindow(FILTER.from, FILTER.to);
    const rows = await readCsv(target);
    assert.deepEqual(
      rows.slice(1).map((row) => row[0]),
      expected.map((u) => u.user_id),
    );
    for (const row of rows.slice(1, 80))
      assert.deepEqual(row.slice(3), await cells(row[0] as string));
  });

  it('an accounts request that keeps failing fails the export and leaves the target alone', async () => {
    const folder = await freshDir();
    const target = join(folder, 'users.csv');
    await writeFile(target, 'previous export\r\n');
    engine.fake.onRequest((request) => {
      if (request.path.endsWith('/accounts')) engine.fake.setFault({ kind: 'server_error' });
    });
    const result = await run(target);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'unavailable');
    assert.match(!result.ok ? result.error.message : '', /The export had fetched 0 of \d+ users/);
    assert.equal(await readFile(target, 'utf8'), 'previous export\r\n');
    assert.deepEqual(await readdir(folder), ['users.csv']);
  });

  it('cancelled while accounts load: no file, and the requests in flight stop', async () => {
    const folder = await freshDir();
    const target = join(folder, 'users.csv');
    const controller = new AbortController();
    let accounts = 0;
    engine.fake.onRequest((request) => {
      if (request.path.endsWith('/accounts') && ++accounts === 25) controller.abort();
    });
    const result = await run(target, { signal: controller.signal });
    assert.equal(!result.ok && result.error.code, 'cancelled');
    assert.deepEqual(await readdir(folder), []);
    assert.ok(accounts < 30, `${accounts} accounts requests`);
  });
});
