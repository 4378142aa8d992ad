// Issue 17, item 5: the fake's connection attempts, accounts and account owners must agree
// with the users it serves and with the contract, or every Connections test proves nothing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ACCOUNT_STATUS_REASONS, readAccountStatus } from '#common/account-status.ts';
import { type FakeLogin, type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { callFake, type FakeAnswer, type FakeCall } from '../support/fake-call.ts';

const TODAY = '2024-06-30';
/** Wider than every attempt: users span 60 days, attempts reach the day after the last. */
const ALL = { from: '2024-01-01', to: '2024-12-31' };
const MONTH = { from: '2024-06-01', to: '2024-06-30' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SOURCES = ['widget', 'api', 'refresh', 'console', 'bulk_upload'];

let fake: FakePalenca;

/** A raw request to `on` (default the file's fake). */
const call = (path: string, init: FakeCall & { on?: FakePalenca } = {}): Promise<FakeAnswer> =>
  callFake(init.on ?? fake, path, init);

const searchBody = (window: { from: string; to: string }, perPage?: number, page?: number) => ({
  start_date: window.to,
  end_date: window.from,
  ...(perPage === undefined ? {} : { options: { items_per_page: perPage, page: page ?? 1 } }),
});

const searchLogins = (body: unknown, on?: FakePalenca) =>
  call('/logins/search', { body, ...(on ? { on } : {}) });

const get = (path: string, on?: FakePalenca) =>
  call(path, { method: 'GET', ...(on ? { on } : {}) });

/** Every page of a window through HTTP, as a client would read it. */
async function readAll(window: { from: string; to: string }, perPage: number, on?: FakePalenca) {
  const logins: FakeLogin[] = [];
  const pages: FakeAnswer[] = [];
  for (let page = 1; ; page++) {
    const answer = await searchLogins(searchBody(window, perPage, page), on);
    assert.equal(answer.status, 200);
    pages.push(answer);
    logins.push(...answer.json.data.logins);
    if (page >= answer.json.pagination.total_pages) break;
  }
  return { logins, pages };
}

/** Every account of every current user, by id, read through the users' accounts lists. */
async function accountsOfAll(on?: FakePalenca) {
  const byId = new Map<string, { account: Record<string, unknown>; userId: string }>();
  for (const user of (on ?? fake).usersInWindow(ALL.from, ALL.to)) {
    const answer = await get(`/users/${user.user_id}/accounts`, on);
    for (const account of answer.json.data.accounts) {
      byId.set(account.account_id, { account, userId: user.user_id });
    }
  }
  return byId;
}

const dayOf = (iso: string) => iso.slice(0, 10);

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 300, days: 60, seed: 7 });
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.resetBetweenTests());

describe('attempts agree with the users and their accounts', () => {
  test("every attempt is of a current user's account; the last one is the account as it is now", async () => {
    const accounts = await accountsOfAll();
    const logins = fake.loginsInWindow(ALL.from, ALL.to);
    assert.ok(accounts.size > 300, `many accounts: ${accounts.size}`);
    const byAccount = new Map<string, FakeLogin[]>();
    for (const login of logins) {
      const owner = accounts.get(login.account_id);
      assert.ok(owner, `attempt ${login.id} is of a known account`);
      assert.equal(login.platform, owner.account.platform);
      byAccount.set(login.account_id, [...(byAccount.get(login.account_id) ?? []), login]);
    }
    assert.equal(byAccount.size, accounts.size, 'every account has attempts');
    const counts = new Set<number>();
    for (const [accountId, list] of byAccount) {
      const { account } = accounts.get(accountId) ?? assert.fail('known');
      counts.add(list.length);
      assert.ok(list.length >= 1 && list.length <= 3, `1–3 attempts, got ${list.length}`);
      const oldestFirst = [...list].reverse();
      const last = oldestFirst.at(-1) ?? assert.fail('one attempt at least');
      assert.equal(last.status, account.status);
      assert.equal(last.status_details ?? null, account.status_details ?? null);
      const created = Date.parse(String(account.created_at));
      const nextDay = new Date(created + 86_400_000).toISOString().slice(0, 10);
      for (const login of list) {
        assert.ok(Date.parse(login.created_at) >= created, 'after the account was created');
        assert.ok(
          [dayOf(String(account.created_at)), nextDay].includes(dayOf(login.created_at)),
          'on the same UTC day or the next',
        );
      }
      // Earlier attempts did not succeed: only the last carries the account's state.
      for (const earlier of oldestFirst.slice(0, -1)) assert.notEqual(earlier.status, 'success');
    }
    assert.deepEqual([...counts].sort(), [1, 2, 3]);
  });

  test('each attempt has the contract fields, in their kinds', () => {
    const logins = fake.loginsInWindow(ALL.from, ALL.to);
    const ids = new Set(logins.map((login) => login.id));
    assert.equal(ids.size, logins.length, 'ids are unique');
    const sources = new Set<string>();
    let absentDetails = 0;
    let nullDetails = 0;
    for (const login of logins) {
      assert.match(login.id, UUID);
      assert.match(login.account_id, UUID);
      assert.ok(SOURCES.includes(login.source), `source ${login.source}`);
      sources.add(login.source);
      assert.equal(typeof login.message, 'string');
      assert.ok(login.recommendation === null || typeof login.recommendation === 'string');
      assert.ok(Date.parse(login.updated_at) >= Date.parse(login.created_at));
      assert.equal(new Date(login.created_at).toISOString(), login.created_at);
      if (!('status_details' in login)) absentDetails++;
      else if (login.status_details === null) nullDetails++;
    }
    assert.deepEqual([...sources].sort(), [...SOURCES].sort(), 'every source occurs');
    assert.ok(absentDetails > 0 && nullDetails > 0, 'status_details both absent and null');
  });

  test('every status group occurs, and reasons and a status our catalogue does not know', () => {
    const logins = fake.loginsInWindow(MONTH.from, MONTH.to);
    const groups = new Map<string, number>();
    const unknownReasons = new Set<string>();
    const unknownStatuses = new Set<string>();
    const known = new Set<string>(ACCOUNT_STATUS_REASONS);
    for (const login of logins) {
      const reading = readAccountStatus(login.status, login.status_details);
      groups.set(reading.group, (groups.get(reading.group) ?? 0) + 1);
      if (login.status_details && !known.has(login.status_details)) {
        unknownReasons.add(login.status_details);
      }
      if (reading.group === 'unknown') unknownStatuses.add(login.status);
    }
    assert.deepEqual(
      [...groups.keys()].sort(),
      ['action', 'connected', 'failed', 'unknown', 'waiting'],
      `groups: ${JSON.stringify([...groups])}`,
    );
    assert.ok(unknownReasons.has('document_expired') && unknownReasons.has('account_locked'));
    assert.ok(unknownStatuses.has('queued_for_review'));
  });

  test('the same seed gives the same attempts; another seed, others', async () => {
    const again = await startFakePalenca({ today: TODAY, users: 300, days: 60, seed: 7 });
    const other = await startFakePalenca({ today: TODAY, users: 300, days: 60, seed: 8 });
    try {
      assert.deepEqual(
        again.loginsInWindow(MONTH.from, MONTH.to),
        fake.loginsInWindow(MONTH.from, MONTH.to),
      );
      assert.notDeepEqual(
        other.loginsInWindow(MONTH.from, MONTH.to),
        fake.loginsInWindow(MONTH.from, MONTH.to),
      );
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('POST /logins/search', () => {
  test('pages newest first and cover loginsInWindow exactly, with the totals', async () => {
    const expected = fake.loginsInWindow(MONTH.from, MONTH.to);
    assert.ok(expected.length > 250, `enough attempts for several pages: ${expected.length}`);
    const { logins, pages } = await readAll(MONTH, 100);
    assert.deepEqual(logins, expected);
    assert.equal(new Set(logins.map((login) => login.id)).size, logins.length, 'no duplicates');
    for (let i = 1; i < logins.length; i++) {
      assert.ok((logins[i - 1]?.created_at ?? '') >= (logins[i]?.created_at ?? ''), 'newest first');
    }
    pages.forEach((answer, i) => {
      assert.equal(answer.json.success, true);
      assert.equal(answer.json.error, null);
      assert.deepEqual(answer.json.pagination, {
        page: i + 1,
        items_per_page: 100,
        total_items: expected.length,
        total_pages: Math.ceil(expected.length / 100),
      });
    });
    const past = await searchLogins(searchBody(MONTH, 100, pages.length + 1));
    assert.equal(past.status, 200);
    assert.deepEqual(past.json.data.logins, []);
    assert.equal(past.json.pagination.total_items, expected.length);
  });

  test('no options: 100 per page, page 1', async () => {
    const answer = await searchLogins(searchBody(MONTH));
    assert.equal(answer.status, 200);
    assert.equal(answer.json.pagination.page, 1);
    assert.equal(answer.json.pagination.items_per_page, 100);
    assert.deepEqual(
      answer.json.data.logins,
      fake.loginsInWindow(MONTH.from, MONTH.to).slice(0, 100),
    );
  });

  test('window days are inclusive, by the UTC day an attempt was created', async () => {
    const all = fake.loginsInWindow(ALL.from, ALL.to);
    const days = [...new Set(all.map((login) => dayOf(login.created_at)))];
    assert.ok(days.length > 30);
    // The window is exactly the attempts created on its days, whatever their accounts' day.
    for (const [from, to] of [
      ['2024-06-10', '2024-06-10'],
      ['2024-06-10', '2024-06-12'],
      ['2024-06-30', '2024-07-01'],
      ['2024-07-01', '2024-07-01'],
    ] as const) {
      const expected = all.filter((l) => dayOf(l.created_at) >= from && dayOf(l.created_at) <= to);
      assert.ok(expected.length > 0, `attempts on ${from}..${to}`);
      assert.deepEqual(fake.loginsInWindow(from, to), expected);
      const { logins } = await readAll({ from, to }, 150);
      assert.deepEqual(logins, expected);
    }
    // One-day windows add up to the month.
    let sum = 0;
    for (let d = 1; d <= 30; d++) {
      const day = `2024-06-${String(d).padStart(2, '0')}`;
      sum += fake.loginsInWindow(day, day).length;
    }
    assert.equal(sum, fake.loginsInWindow(MONTH.from, MONTH.to).length);
    const empty = await searchLogins(searchBody({ from: '2023-01-01', to: '2023-01-31' }, 50));
    assert.deepEqual(empty.json.pagination, {
      page: 1,
      items_per_page: 50,
      total_items: 0,
      total_pages: 0,
    });
    assert.deepEqual(fake.loginsInWindow('2024-06-12', '2024-06-10'), [], 'reversed: nothing');
  });

  test('the page cap is honoured and said in items_per_page; paging follows the size used', async () => {
    fake.setLoginsPageCap(30);
    const expected = fake.loginsInWindow(MONTH.from, MONTH.to);
    const first = await searchLogins(searchBody(MONTH, 100, 1));
    assert.equal(first.json.data.logins.length, 30);
    assert.deepEqual(first.json.pagination, {
      page: 1,
      items_per_page: 30,
      total_items: expected.length,
      total_pages: Math.ceil(expected.length / 30),
    });
    const smaller = await searchLogins(searchBody(MONTH, 10, 2));
    assert.equal(smaller.json.pagination.items_per_page, 10, 'a smaller ask is kept');
    assert.deepEqual(smaller.json.data.logins, expected.slice(10, 20));
    const { logins } = await readAll(MONTH, 100);
    assert.deepEqual(logins, expected);

    const capped = await startFakePalenca({ today: TODAY, users: 50, days: 10, loginsPageCap: 7 });
    try {
      const answer = await searchLogins(searchBody({ from: '2024-06-01', to: TODAY }, 100), capped);
      assert.equal(answer.json.pagination.items_per_page, 7);
      assert.equal(answer.json.data.logins.length, 7);
    } finally {
      await capped.close();
    }
    assert.throws(() => fake.setLoginsPageCap(0));
  });

  test('bad bodies: 422 as users/search gives them', async () => {
    const cases: [string, unknown, (string | number)[]][] = [
      [
        'a day that does not exist',
        { start_date: '2024-02-30', end_date: '2024-01-01' },
        ['body', 'start_date'],
      ],
      ['a missing end_date', { start_date: TODAY }, ['body', 'end_date']],
      [
        'a date as a number',
        { start_date: 20240630, end_date: '2024-01-01' },
        ['body', 'start_date'],
      ],
      ['page 0', { ...searchBody(MONTH), options: { page: 0 } }, ['body', 'options', 'page']],
      [
        '151 per page',
        { ...searchBody(MONTH), options: { items_per_page: 151 } },
        ['body', 'options', 'items_per_page'],
      ],
      ['not an object', [1, 2], ['body']],
    ];
    for (const [name, body, loc] of cases) {
      const answer = await searchLogins(body);
      assert.equal(answer.status, 422, name);
      assert.deepEqual(answer.json.detail[0].loc, loc, name);
    }
    const notJson = await call('/logins/search', { raw: '{"start_date":' });
    assert.equal(notJson.status, 422);
    assert.equal(notJson.json.detail[0].type, 'json_invalid');
    const reversed = await searchLogins({ start_date: '2024-06-01', end_date: TODAY });
    assert.equal(reversed.status, 422);
    assert.equal(reversed.json.success, false);
    assert.equal(reversed.json.error.code, 'bad_request');
    assert.equal(reversed.json.error.errors[0].location, 'start_date');
  });

  test('counted by the allowance, keyed, faulted and timed like every path', async () => {
    const noKey = await call('/logins/search', { body: searchBody(MONTH), key: null });
    assert.equal(noKey.status, 401);
    assert.equal(noKey.json.error.code, 'missing_api_key');
    const wrongKey = await call('/logins/search', { body: searchBody(MONTH), key: 'nope' });
    assert.equal(wrongKey.json.error.code, 'invalid_api_key');
    fake.failNext({ kind: 'unavailable' });
    assert.equal((await searchLogins(searchBody(MONTH))).status, 503);
    assert.equal((await searchLogins(searchBody(MONTH))).status, 200);
    fake.setFault({ kind: 'server_error' });
    assert.equal((await get('/accounts/x/user')).status, 500);
    fake.setFault(null);
    assert.deepEqual(
      fake.requests.map((r) => r.path),
      [...Array(4).fill('/v1/logins/search'), '/v1/accounts/x/user'],
    );
    assert.ok(fake.requests.every((r) => !r.refused));
    const usage = [...fake.windowUsage().values()].reduce((a, b) => a + b, 0);
    assert.equal(usage, 5, 'each counted once');
  });
});

describe('GET /accounts/{id} and /accounts/{id}/user', () => {
  test('any account of any user answers, never listed first; its owner is the user who lists it', async () => {
    // A fresh twin of `fake`: nothing listed or searched on it yet, so it must find each
    // account among all its users, not only among those it has met.
    const fresh = await startFakePalenca({ today: TODAY, users: 300, days: 60, seed: 7 });
    try {
      const accountIds = [
        ...new Set(fake.loginsInWindow(ALL.from, ALL.to).map((l) => l.account_id)),
      ].reverse();
      const shapes = new Map<string, Record<string, unknown>>();
      for (const page of (await readUsers(fresh)).pages) {
        for (const user of page) shapes.set(String(user.user_id), user);
      }
      const owners = new Map<string, string>();
      let omitted = 0;
      for (const accountId of accountIds) {
        const owner = await get(`/accounts/${accountId}/user`, fresh);
        assert.equal(owner.status, 200);
        assert.equal(owner.json.success, true);
        // The same user, in the same shape as users/search gives it (external_id left out too).
        assert.deepEqual(owner.json.data, shapes.get(owner.json.data.user_id));
        if (!('external_id' in owner.json.data)) omitted++;
        owners.set(accountId, owner.json.data.user_id);
      }
      assert.ok(omitted > 0, 'an owner without the external_id field');
      // Every account found this way is one its owner's list names, with the same fields.
      for (const accountId of accountIds.slice(0, 40)) {
        const one = await get(`/accounts/${accountId}`, fresh);
        assert.equal(one.status, 200);
        const { message, recommendation, warning, next_step, ...fields } = one.json.data;
        const list = await get(`/users/${owners.get(accountId)}/accounts`, fresh);
        const listed = list.json.data.accounts.find(
          (a: { account_id: string }) => a.account_id === accountId,
        );
        assert.deepEqual(fields, listed);
        assert.equal(typeof message, 'string');
        for (const value of [recommendation, warning, next_step]) {
          assert.ok(value === null || typeof value === 'string');
        }
      }
    } finally {
      await fresh.close();
    }
  });

  test('unknown ids → 404 not_found; wrong methods → 405', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/accounts/${nobody}`, `/accounts/${nobody}/user`]) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json.success, false);
      assert.equal(answer.json.error.code, 'not_found');
    }
    const accountId = fake.loginsInWindow(MONTH.from, MONTH.to)[0]?.account_id;
    assert.ok(accountId);
    assert.equal((await call(`/accounts/${accountId}/user`, { body: {} })).status, 405);
    assert.equal((await get('/logins/search')).status, 405);
    assert.equal((await call('/logins/search', { method: 'PUT', body: {} })).status, 405);
    assert.equal((await get(`/accounts/${accountId}/user/more`)).status, 404);
  });

  test('after users change, their accounts and attempts follow', async () => {
    const local = await startFakePalenca({ today: TODAY, users: 60, days: 20, seed: 3 });
    try {
      const before = local.loginsInWindow('2024-06-01', '2024-07-01');
      local.deleteUsers(60);
      assert.deepEqual(local.loginsInWindow('2024-06-01', '2024-07-01'), []);
      const gone = before[0]?.account_id;
      assert.ok(gone);
      assert.equal((await get(`/accounts/${gone}`, local)).status, 404);
      assert.equal((await get(`/accounts/${gone}/user`, local)).status, 404);
      // Enough new users that some have accounts.
      local.insertUsers(20, TODAY, 'cus_new');
      const fresh = local.loginsInWindow(TODAY, '2024-07-01');
      assert.ok(fresh.length > 0, 'new users bring attempts');
      const owner = await get(`/accounts/${fresh[0]?.account_id}/user`, local);
      assert.equal(owner.status, 200);
      assert.equal(owner.json.data.external_id, 'cus_new');
      const answer = await searchLogins(searchBody({ from: TODAY, to: '2024-07-01' }, 150), local);
      assert.deepEqual(answer.json.data.logins, fresh);
    } finally {
      await local.close();
    }
  });
});

describe('scale', () => {
  test('about 10,000 attempts in a 30-day window from users: 2500, days: 30', async () => {
    const big = await startFakePalenca({ today: TODAY, users: 2500, days: 30 });
    try {
      const first = await searchLogins(searchBody(MONTH, 100), big);
      const total = first.json.pagination.total_items;
      assert.ok(total >= 9000 && total <= 11_000, `attempts: ${total}`);
      assert.equal(first.json.pagination.total_pages, Math.ceil(total / 100));
      const last = await searchLogins(
        searchBody(MONTH, 100, first.json.pagination.total_pages),
        big,
      );
      assert.deepEqual(
        last.json.data.logins,
        big.loginsInWindow(MONTH.from, MONTH.to).slice(-(total % 100 || 100)),
      );
    } finally {
      await big.close();
    }
  });
});

/** Every users page of the whole set, raw, as users/search gives it. */
async function readUsers(on: FakePalenca) {
  const pages: Record<string, unknown>[][] = [];
  for (let page = 1; ; page++) {
    const answer = await call('/users/search', {
      body: { start_date: ALL.to, end_date: ALL.from, options: { items_per_page: 150, page } },
      on,
    });
    pages.push(answer.json.data.users);
    if (page >= answer.json.pagination.total_pages) break;
  }
  return { pages };
}
