// Issue 17: the real client's logins search and account→user call against the fake Palenca
// server on loopback: whole windows paged, capped pages accepted, bad input never sent,
// odd answers named for what they are, the key never in an error, a 429 waited out.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { PalencaLogin } from '#common/models.ts';
import type { AppError, Result } from '#common/result.ts';
import type {
  ClientTuning,
  LoginsQuery,
  PalencaClient,
} from '../../electron/backend/palenca/client.ts';
import {
  type FakeLogin,
  type FakePalenca,
  QUICK_WINDOWS,
  startFakePalenca,
} from '../fake-palenca/server.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2024-06-30';
const MONTH = { from: '2024-06-01', to: TODAY };
const FAST: Partial<ClientTuning> = {
  attempts: 3,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  timeoutMs: 5000,
};

let fake: FakePalenca;
let client: PalencaClient;

const errorOf = <T>(result: Result<T>): AppError => {
  assert.equal(result.ok, false, `expected an error, got ${JSON.stringify(result).slice(0, 300)}`);
  return (result as { ok: false; error: AppError }).error;
};

/** What the client gives for an attempt: fields the fake left out read as null. */
const asRead = (login: FakeLogin): PalencaLogin => ({
  ...login,
  status_details: login.status_details ?? null,
});

/** Every page of a window, following the page count Palenca says (its page size may be smaller). */
async function readWindow(on: PalencaClient, window: { from: string; to: string }, perPage = 100) {
  const logins: PalencaLogin[] = [];
  const sizes = new Set<number>();
  for (let page = 1; ; page++) {
    const result = await on.searchLogins({ ...window, page, perPage });
    assert.ok(result.ok, `page ${page}: ${JSON.stringify(result)}`);
    logins.push(...result.value.logins);
    sizes.add(result.value.pagination.items_per_page);
    if (page >= result.value.pagination.total_pages) break;
  }
  return { logins, sizes };
}

/** A logins page answer as raw JSON, for faults that say exactly what Palenca sent. */
const rawPage = (logins: unknown[], pagination: Record<string, unknown>) =>
  JSON.stringify({ success: true, error: null, data: { logins }, pagination });

before(async () => {
  fake = await startFakePalenca({
    today: TODAY,
    users: 400,
    days: 90,
    seed: 11,
    allowance: QUICK_WINDOWS,
  });
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.resetBetweenTests();
  client = clientOn(fake, { tuning: FAST });
});

describe('searchLogins', () => {
  test('pages through the whole window: exactly the fake’s attempts, newest first', async () => {
    const expected = fake.loginsInWindow(MONTH.from, MONTH.to);
    assert.ok(expected.length > 200, `several pages: ${expected.length}`);
    const { logins, sizes } = await readWindow(client, MONTH);
    assert.deepEqual(logins, expected.map(asRead));
    assert.deepEqual([...sizes], [100]);
    assert.equal(fake.requests.length, Math.ceil(expected.length / 100));
    assert.deepEqual(fake.requests[0]?.body, {
      start_date: TODAY,
      end_date: MONTH.from,
      options: { items_per_page: 100, page: 1 },
    });
  });

  test('a page smaller than asked (Palenca’s cap of 50) is accepted, and paging follows it', async () => {
    fake.setLoginsPageCap(50);
    const expected = fake.loginsInWindow(MONTH.from, MONTH.to);
    const first = await client.searchLogins({ ...MONTH, page: 1, perPage: 100 });
    assert.ok(first.ok);
    assert.equal(first.value.logins.length, 50);
    assert.deepEqual(first.value.pagination, {
      page: 1,
      items_per_page: 50,
      total_items: expected.length,
      total_pages: Math.ceil(expected.length / 50),
    });
    const { logins, sizes } = await readWindow(client, MONTH);
    assert.deepEqual(logins, expected.map(asRead));
    assert.deepEqual([...sizes], [50]);
  });

  test('bad dates and paging are refused before anything is sent', async () => {
    const cases: [LoginsQuery, string][] = [
      [{ from: '2024-02-30', to: TODAY, page: 1, perPage: 100 }, 'from'],
      [{ from: MONTH.from, to: '30/06/2024', page: 1, perPage: 100 }, 'to'],
      [{ from: TODAY, to: MONTH.from, page: 1, perPage: 100 }, 'from'],
      [{ ...MONTH, page: 0, perPage: 100 }, 'page'],
      [{ ...MONTH, page: 1, perPage: 151 }, 'perPage'],
      [{ ...MONTH, page: 1.5, perPage: 100 }, 'page'],
    ];
    for (const [query, field] of cases) {
      const error = errorOf(await client.searchLogins(query));
      assert.equal(error.code, 'bad_request', JSON.stringify(query));
      assert.equal(error.field, field, JSON.stringify(query));
    }
    assert.equal(fake.requests.length, 0, 'nothing reached the server');
  });

  test('answers of the wrong shape → bad_response', async () => {
    const login = fake.loginsInWindow(MONTH.from, MONTH.to)[0];
    const pagination = { page: 1, items_per_page: 100, total_items: 1, total_pages: 1 };
    const bodies = [
      rawPage([{ ...login, id: 42 }], pagination),
      rawPage([{ ...login, account_id: undefined }], pagination),
      rawPage([login], { ...pagination, total_items: -1 }),
      JSON.stringify({ success: true, error: null, data: { logins: [login] } }),
      JSON.stringify({ success: true, error: null, data: { users: [] }, pagination }),
    ];
    for (const body of bodies) {
      fake.failNext({ kind: 'raw', status: 200, body });
      const error = errorOf(await client.searchLogins({ ...MONTH, page: 1, perPage: 100 }));
      assert.equal(error.code, 'bad_response', body.slice(0, 120));
    }
    fake.failNext({ kind: 'wrong_shape' });
    assert.equal(
      errorOf(await client.searchLogins({ ...MONTH, page: 1, perPage: 100 })).code,
      'bad_response',
    );
  });

  test('more attempts on a page than its items_per_page (or its total) → answer_inconsistent', async () => {
    const logins = fake.loginsInWindow(MONTH.from, MONTH.to).slice(0, 11);
    fake.failNext({
      kind: 'raw',
      status: 200,
      body: rawPage(logins, { page: 1, items_per_page: 10, total_items: 500, total_pages: 50 }),
    });
    const overFull = errorOf(await client.searchLogins({ ...MONTH, page: 1, perPage: 100 }));
    assert.equal(overFull.code, 'answer_inconsistent');
    assert.match(overFull.detail ?? '', /11 .*10/);
    fake.failNext({
      kind: 'raw',
      status: 200,
      body: rawPage(logins, { page: 1, items_per_page: 100, total_items: 3, total_pages: 1 }),
    });
    assert.equal(
      errorOf(await client.searchLogins({ ...MONTH, page: 1, perPage: 100 })).code,
      'answer_inconsistent',
    );
    // Exactly items_per_page is fine: the check is not off by one.
    fake.failNext({
      kind: 'raw',
      status: 200,
      body: rawPage(logins, { page: 1, items_per_page: 11, total_items: 11, total_pages: 1 }),
    });
    assert.ok((await client.searchLogins({ ...MONTH, page: 1, perPage: 100 })).ok);
  });

  test('a 429 is waited out, not counted as a failure, then the page comes', async () => {
    const small = await startFakePalenca({
      today: TODAY,
      users: 100,
      days: 30,
      allowance: { limit: 5, windowMs: 1000 },
    });
    try {
      const own = clientOn(small, { tuning: FAST });
      // The other integration spends the window: the first request is refused.
      small.exhaustWindow();
      const retried: string[] = [];
      const result = await own.searchLogins(
        { ...MONTH, page: 1, perPage: 100 },
        { onRetry: (error) => retried.push(error.code) },
      );
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(
        result.value.logins,
        small.loginsInWindow(MONTH.from, MONTH.to).slice(0, 100).map(asRead),
      );
      const [refused, again] = small.requests;
      assert.ok(refused?.refused, 'the first was refused with a 429');
      assert.ok(again && !again.refused && again.windowStart > refused.windowStart);
      assert.deepEqual(retried, [], 'a 429 is not a failed attempt');
    } finally {
      await small.close();
    }
  });
});

describe('getAccountUser', () => {
  test('the owner of any account: the same user users/search gives', async () => {
    const users = new Map(
      fake.usersInWindow('2024-01-01', '2024-12-31').map((u) => [u.user_id, u]),
    );
    const accountIds = [
      ...new Set(fake.loginsInWindow(MONTH.from, MONTH.to).map((l) => l.account_id)),
    ].slice(0, 30);
    for (const accountId of accountIds) {
      const result = await client.getAccountUser(accountId);
      assert.ok(result.ok, JSON.stringify(result));
      const user = users.get(result.value.user_id);
      assert.ok(user, 'a current user');
      assert.deepEqual(result.value, {
        user_id: user.user_id,
        external_id: user.external_id,
        widget_id: user.widget_id,
      });
      const accounts = await client.getUserAccounts(user.user_id);
      assert.ok(accounts.ok);
      assert.ok(accounts.value.accounts.some((a) => a.account_id === accountId));
    }
    assert.equal(fake.requests[0]?.path, `/v1/accounts/${accountIds[0]}/user`);
    assert.equal(fake.requests[0]?.method, 'GET');
  });

  test('an unknown account → not_found; a bad id is refused before sending', async () => {
    const error = errorOf(await client.getAccountUser('00000000-0000-4000-8000-000000000000'));
    assert.equal(error.code, 'not_found');
    fake.requests.length = 0;
    const bad = errorOf(await client.getAccountUser('../users/search'));
    assert.equal(bad.code, 'bad_request');
    assert.equal(fake.requests.length, 0);
  });

  test('a wrong shape → bad_response', async () => {
    fake.failNext({
      kind: 'raw',
      status: 200,
      body: JSON.stringify({ success: true, error: null, data: { user_id: 'u1' } }),
    });
    assert.equal(errorOf(await client.getAccountUser('abc')).code, 'bad_response');
  });
});

describe('the key never appears in an error', () => {
  test('error bodies that echo the key are told without it, for both calls', async () => {
    const echo = JSON.stringify({
      success: false,
      error: { code: 'internal_error', message: `bad key ${fake.apiKey}`, errors: [] },
      data: null,
    });
    const calls: (() => Promise<Result<unknown>>)[] = [
      () => client.searchLogins({ ...MONTH, page: 1, perPage: 100 }),
      () => client.getAccountUser('abc'),
    ];
    for (const status of [200, 400, 404, 500]) {
      for (const run of calls) {
        fake.setFault({ kind: 'raw', status, body: echo });
        const error = errorOf(await run());
        assert.ok(!JSON.stringify(error).includes(fake.apiKey), `status ${status}: ${error.code}`);
      }
    }
    fake.setFault({
      kind: 'raw',
      status: 200,
      body: `not json ${fake.apiKey}`,
      contentType: 'text/plain',
    });
    for (const run of calls) {
      assert.ok(!JSON.stringify(errorOf(await run())).includes(fake.apiKey));
    }
  });
});
