// The fake server itself must honour the contract, or every test built on it proves nothing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { callFake, type FakeAnswer, type FakeCall } from '../support/fake-call.ts';

const TODAY = '2024-06-30';
let fake: FakePalenca;

const call = (path: string, init: FakeCall = {}): Promise<FakeAnswer> => callFake(fake, path, init);

const search = (body: unknown, key?: string | null) =>
  call('/users/search', { body, ...(key === undefined ? {} : { key }) });

const WINDOW = { start_date: TODAY, end_date: '2024-01-01' };

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 400 });
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setFault(null);
  fake.onRequest(null);
  fake.requests.length = 0;
});

describe('authentication', () => {
  test('no x-api-key → 401 missing_api_key in the error envelope', async () => {
    const answer = await search(WINDOW, null);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, {
      success: false,
      error: { code: 'missing_api_key', message: 'Missing API key', errors: [] },
      data: null,
    });
    assert.equal(fake.requests[0]?.apiKeyPresent, false);
  });

  test('a wrong key → 401 invalid_api_key, for both endpoints', async () => {
    assert.equal((await search(WINDOW, 'nope')).json.error.code, 'invalid_api_key');
    const accounts = await call('/users/x/accounts', { method: 'GET', key: 'nope' });
    assert.equal(accounts.status, 401);
    assert.equal(accounts.json.error.code, 'invalid_api_key');
  });

  test('the recorded requests never hold the key', async () => {
    await search(WINDOW);
    assert.equal(fake.requests[0]?.apiKeyPresent, true);
    assert.ok(!JSON.stringify(fake.requests).includes(fake.apiKey));
  });
});

describe('validation (FastAPI detail)', () => {
  const cases: [string, unknown, (string | number)[], string][] = [
    ['missing start_date', { end_date: '2024-01-01' }, ['body', 'start_date'], 'missing'],
    ['missing end_date', { start_date: TODAY }, ['body', 'end_date'], 'missing'],
    [
      'not a day',
      { ...WINDOW, start_date: '2024-02-30' },
      ['body', 'start_date'],
      'date_from_datetime_parsing',
    ],
    ['a number as a day', { ...WINDOW, end_date: 20240101 }, ['body', 'end_date'], 'date_type'],
    [
      'items_per_page 0',
      { ...WINDOW, options: { items_per_page: 0 } },
      ['body', 'options', 'items_per_page'],
      'greater_than_equal',
    ],
    [
      'items_per_page 151',
      { ...WINDOW, options: { items_per_page: 151 } },
      ['body', 'options', 'items_per_page'],
      'less_than_equal',
    ],
    [
      'items_per_page as text',
      { ...WINDOW, options: { items_per_page: '10' } },
      ['body', 'options', 'items_per_page'],
      'int_type',
    ],
    [
      'page 0',
      { ...WINDOW, options: { page: 0 } },
      ['body', 'options', 'page'],
      'greater_than_equal',
    ],
    ['page 1.5', { ...WINDOW, options: { page: 1.5 } }, ['body', 'options', 'page'], 'int_type'],
    ['external_id a number', { ...WINDOW, external_id: 7 }, ['body', 'external_id'], 'string_type'],
    ['not an object', [1, 2], ['body'], 'dict_type'],
  ];
  for (const [name, body, loc, type] of cases) {
    test(`${name} → 422 at ${loc.join('.')}`, async () => {
      const answer = await search(body);
      assert.equal(answer.status, 422);
      assert.deepEqual(answer.json.detail[0].loc, loc);
      assert.equal(answer.json.detail[0].type, type);
      assert.equal(typeof answer.json.detail[0].msg, 'string');
    });
  }

  test('a body that is not JSON → 422 json_invalid', async () => {
    const answer = await call('/users/search', { raw: '{"start_date":' });
    assert.equal(answer.status, 422);
    assert.equal(answer.json.detail[0].type, 'json_invalid');
  });

  test('start_date before end_date → 422 bad_request envelope', async () => {
    const answer = await search({ start_date: '2024-01-01', end_date: TODAY });
    assert.equal(answer.status, 422);
    assert.equal(answer.json.success, false);
    assert.equal(answer.json.error.code, 'bad_request');
    assert.equal(answer.json.error.errors[0].location, 'start_date');
  });
});

describe('search', () => {
  test('defaults to 100 per page, page 1; newest first; contract fields only', async () => {
    const answer = await search(WINDOW);
    assert.equal(answer.status, 200);
    const expected = fake.usersInWindow('2024-01-01', TODAY);
    assert.deepEqual(answer.json.pagination, {
      page: 1,
      items_per_page: 100,
      total_items: expected.length,
      total_pages: Math.ceil(expected.length / 100),
    });
    assert.equal(answer.json.success, true);
    assert.equal(answer.json.error, null);
    assert.deepEqual(
      answer.json.data.users.map((u: { user_id: string }) => u.user_id),
      expected.slice(0, 100).map((u) => u.user_id),
    );
    for (const user of answer.json.data.users) {
      for (const key of Object.keys(user)) {
        assert.ok(['user_id', 'external_id', 'widget_id'].includes(key), key);
      }
    }
    const days = expected.map((u) => u.created_day);
    assert.deepEqual(days, [...days].sort().reverse(), 'newest first');
    assert.ok(days.every((d) => d >= '2024-01-01' && d <= TODAY));
  });

  test('one-day windows are inclusive and add up to the whole', async () => {
    const total = fake.countInWindow('2024-06-01', TODAY);
    let sum = 0;
    for (let day = 1; day <= 30; day++) {
      const d = `2024-06-${String(day).padStart(2, '0')}`;
      sum += fake.countInWindow(d, d);
    }
    assert.equal(sum, total);
    const answer = await search({ start_date: '2024-06-30', end_date: '2024-06-30' });
    assert.equal(answer.json.pagination.total_items, fake.countInWindow(TODAY, TODAY));
  });

  test('a page past the end is empty with correct totals', async () => {
    const total = fake.countInWindow('2024-01-01', TODAY);
    const answer = await search({ ...WINDOW, options: { items_per_page: 150, page: 99 } });
    assert.deepEqual(answer.json.data.users, []);
    assert.equal(answer.json.pagination.total_items, total);
    assert.equal(answer.json.pagination.total_pages, Math.ceil(total / 150));
  });

  test('an empty window: zero items, zero pages', async () => {
    const answer = await search({ start_date: '2010-01-31', end_date: '2010-01-01' });
    assert.deepEqual(answer.json.pagination, {
      page: 1,
      items_per_page: 100,
      total_items: 0,
      total_pages: 0,
    });
  });

  test('the newest users carry every awkward kind of external id, including a missing field', async () => {
    const answer = await search({ ...WINDOW, options: { items_per_page: 32 } });
    const users = answer.json.data.users as Record<string, unknown>[];
    assert.ok(
      users.some((u) => !('external_id' in u)),
      'field absent',
    );
    assert.ok(
      users.some((u) => u.external_id === null),
      'null',
    );
    const ids = users.map((u) => (typeof u.external_id === 'string' ? u.external_id : ''));
    for (const pattern of [
      /,/,
      /"/,
      /\r\n/,
      /[^\r]\n/,
      /ñ/,
      /ç/,
      /中文/,
      /Кириллица/,
      /\p{Extended_Pictographic}/u,
      /^=/,
      /^\+/,
      /^-/,
      /^@/,
    ]) {
      assert.ok(
        ids.some((id) => pattern.test(id)),
        `${pattern}`,
      );
    }
  });

  test('the external_id filter matches exactly, with its own totals', async () => {
    const all = fake.usersInWindow('2024-01-01', TODAY);
    const counts = new Map<string, number>();
    for (const u of all)
      if (u.external_id) counts.set(u.external_id, (counts.get(u.external_id) ?? 0) + 1);
    const shared =
      [...counts].find(([, n]) => n > 1)?.[0] ?? all.find((u) => u.external_id)?.external_id;
    assert.ok(shared);
    const answer = await search({ ...WINDOW, external_id: shared, options: { items_per_page: 1 } });
    const matching = all.filter((u) => u.external_id === shared);
    assert.equal(answer.json.pagination.total_items, matching.length);
    assert.equal(answer.json.pagination.total_pages, matching.length);
    assert.equal(answer.json.data.users[0].user_id, matching[0]?.user_id);
    const none = await search({ ...WINDOW, external_id: 'no such customer' });
    assert.equal(none.json.pagination.total_items, 0);
  });

  test('the same seed gives the same users; another seed, others', async () => {
    const twin = await startFakePalenca({ today: TODAY, users: 400 });
    const other = await startFakePalenca({ today: TODAY, users: 400, seed: 2 });
    try {
      assert.deepEqual(
        twin.usersInWindow('2024-01-01', TODAY),
        fake.usersInWindow('2024-01-01', TODAY),
      );
      assert.notDeepEqual(
        other.usersInWindow('2024-01-01', TODAY)[5],
        fake.usersInWindow('2024-01-01', TODAY)[5],
      );
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

describe('accounts', () => {
  test('0–4 deterministic accounts with the contract fields', async () => {
    const users = fake.usersInWindow('2024-01-01', TODAY).slice(0, 20);
    const sizes = new Set<number>();
    for (const user of users) {
      const answer = await call(`/users/${user.user_id}/accounts`, { method: 'GET' });
      assert.equal(answer.status, 200);
      assert.equal(answer.json.data.user_id, user.user_id);
      const accounts = answer.json.data.accounts as Record<string, unknown>[];
      sizes.add(accounts.length);
      assert.ok(accounts.length <= 4);
      for (const account of accounts) {
        assert.equal(typeof account.account_id, 'string');
        assert.ok(['mx', 'co', 'br'].includes(account.country as string));
        assert.ok(
          ['success', 'pending', 'error', 'incomplete', 'requires_auth'].includes(
            account.status as string,
          ),
        );
        assert.ok(!Number.isNaN(Date.parse(account.created_at as string)));
      }
      const again = await call(`/users/${user.user_id}/accounts`, { method: 'GET' });
      assert.deepEqual(again.json, answer.json);
    }
    assert.ok(sizes.size >= 3, `varied account counts: ${[...sizes]}`);
  });

  test('an unknown user → 404 not_found envelope', async () => {
    const answer = await call('/users/00000000-0000-4000-8000-000000000000/accounts', {
      method: 'GET',
    });
    assert.equal(answer.status, 404);
    assert.equal(answer.json.error.code, 'not_found');
  });

  test("one account: the list's fields, Palenca's English words, and 404 for an unknown id", async () => {
    let listed: Record<string, unknown>[] = [];
    for (const user of fake.usersInWindow('2024-01-01', TODAY)) {
      listed = (await call(`/users/${user.user_id}/accounts`, { method: 'GET' })).json.data
        .accounts;
      if (listed.length > 0) break;
    }
    assert.ok(listed[0], 'a user with an account');
    const answer = await call(`/accounts/${listed[0].account_id}`, { method: 'GET' });
    assert.equal(answer.status, 200);
    const { message, recommendation, warning, next_step, ...fields } = answer.json.data;
    assert.deepEqual(fields, listed[0]);
    assert.equal(typeof message, 'string');
    for (const value of [recommendation, warning, next_step]) {
      assert.ok(value === null || typeof value === 'string');
    }
    const unknown = await call('/accounts/00000000-0000-4000-8000-000000000000', { method: 'GET' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'not_found');
    const wrong = await call(`/accounts/${listed[0].account_id}`, { method: 'POST', body: {} });
    assert.equal(wrong.status, 405);
  });

  test('an unknown route → 404 JSON; a wrong method → 405 JSON', async () => {
    const unknown = await call('/nothing/here', { method: 'GET' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { detail: 'Not Found' });
    const wrong = await call('/users/search', { method: 'GET' });
    assert.equal(wrong.status, 405);
  });
});

describe('changes between requests', () => {
  test('inserted users come first and are found by id; deleted ones vanish', async () => {
    const local = await startFakePalenca({ today: TODAY, users: 100 });
    try {
      const before = local.countInWindow('2023-01-01', TODAY);
      local.insertUsers(3);
      local.insertUsers(2, '2024-03-15');
      const after = local.usersInWindow('2023-01-01', TODAY);
      assert.equal(after.length, before + 5);
      assert.deepEqual(
        after.slice(0, 3).map((u) => u.external_id),
        ['new_3', 'new_2', 'new_1'],
      );
      assert.ok(after.some((u) => u.external_id === 'new_5' && u.created_day === '2024-03-15'));
      local.deleteUsers(10);
      const remaining = local.usersInWindow('2023-01-01', TODAY);
      assert.equal(remaining.length, before + 5 - 10);
      const gone = after.filter((u) => !remaining.some((r) => r.user_id === u.user_id));
      assert.equal(gone.length, 10);
      const spread = gone.map((u) => after.indexOf(u));
      assert.ok(
        (spread.at(-1) ?? 0) - (spread[0] ?? 0) > after.length / 2,
        'spread through the set',
      );
      const res = await fetch(`${local.baseUrl}/users/${gone[0]?.user_id}/accounts`, {
        headers: { 'x-api-key': local.apiKey },
      });
      assert.equal(res.status, 404);
      const kept = remaining[0];
      const found = await fetch(`${local.baseUrl}/users/${kept?.user_id}/accounts`, {
        headers: { 'x-api-key': local.apiKey },
      });
      assert.equal(found.status, 200);
    } finally {
      await local.close();
    }
  });

  test('onRequest runs before the answer, so a hook can change what it says', async () => {
    const local = await startFakePalenca({ today: TODAY, users: 50 });
    try {
      const before = local.countInWindow('2023-01-01', TODAY);
      local.onRequest(() => local.insertUsers(1));
      const res = await fetch(`${local.baseUrl}/users/search`, {
        method: 'POST',
        headers: { 'x-api-key': local.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ start_date: TODAY, end_date: '2023-01-01' }),
      });
      const json = (await res.json()) as { pagination: { total_items: number } };
      assert.equal(json.pagination.total_items, before + 1);
    } finally {
      await local.close();
    }
  });
});

describe('faults', () => {
  test('failNext answers the next N requests with the fault, then normally', async () => {
    fake.failNext({ kind: 'unavailable' }, 2);
    assert.equal((await search(WINDOW)).status, 503);
    assert.equal((await search(WINDOW)).json.error.code, 'service_unavailable');
    assert.equal((await search(WINDOW)).status, 200);
  });

  test('each fault has its shape', async () => {
    fake.failNext({ kind: 'rate_limited', retryAfter: '7' });
    const limited = await search(WINDOW);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(limited.json.error.code, 'too_many_requests');

    fake.failNext({ kind: 'gateway_timeout' });
    const slow = await search(WINDOW);
    assert.equal(slow.status, 504);
    assert.equal(slow.json.error.code, 'request_timeout');

    fake.failNext({ kind: 'html_502' });
    const proxy = await search(WINDOW);
    assert.equal(proxy.status, 502);
    assert.match(proxy.headers.get('content-type') ?? '', /text\/html/);
    assert.match(proxy.text, /<h1>502 Bad Gateway<\/h1>/);

    fake.failNext({ kind: 'not_json' });
    const notJson = await search(WINDOW);
    assert.equal(notJson.status, 200);
    assert.equal(notJson.json, undefined);

    fake.failNext({ kind: 'wrong_shape' });
    const shape = await search(WINDOW);
    assert.equal(shape.status, 200);
    assert.equal(shape.json.data.users, undefined);

    fake.failNext({ kind: 'server_error' });
    const broken = await search(WINDOW);
    assert.equal(broken.status, 500);
    assert.equal(broken.json.success, false);
  });

  test('drop cuts the connection after the headers', async () => {
    fake.setFault({ kind: 'drop' });
    const res = await fetch(`${fake.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'x-api-key': fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(WINDOW),
    });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  test('latency delays the answer', async () => {
    fake.setLatency(80);
    const started = Date.now();
    await search(WINDOW);
    fake.setLatency(0);
    assert.ok(Date.now() - started >= 75);
  });
});

describe('scale and shutdown', () => {
  test('a million users start at once and page quickly, with a visible per-day shape', async () => {
    const started = Date.now();
    const big = await startFakePalenca({ today: TODAY, users: 1_000_000 });
    try {
      assert.ok(Date.now() - started < 500, 'starts instantly');
      const total = big.countInWindow('2000-01-01', TODAY);
      assert.equal(total, 1_000_000);
      const t = Date.now();
      const res = await fetch(`${big.baseUrl}/users/search`, {
        method: 'POST',
        headers: { 'x-api-key': big.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          start_date: TODAY,
          end_date: '2000-01-01',
          options: { items_per_page: 150, page: 6000 },
        }),
      });
      const json = (await res.json()) as {
        data: { users: unknown[] };
        pagination: { total_pages: number };
      };
      assert.equal(json.data.users.length, 150);
      assert.equal(json.pagination.total_pages, Math.ceil(1_000_000 / 150));
      assert.ok(Date.now() - t < 500, 'a deep page is cheap');
      const perDay = Array.from({ length: 28 }, (_, i) => {
        const d = `2024-06-${String(i + 1).padStart(2, '0')}`;
        return big.countInWindow(d, d);
      });
      assert.ok(Math.max(...perDay) > Math.min(...perDay) * 1.3, `shape: ${perDay.join(',')}`);
    } finally {
      await big.close();
    }
  });

  test('close() ends promptly even with keep-alive connections open', async () => {
    const local = await startFakePalenca({ today: TODAY, users: 10 });
    await fetch(`${local.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'x-api-key': local.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(WINDOW),
    }).then((r) => r.text());
    local.setLatency(10_000);
    const pending = fetch(`${local.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'x-api-key': local.apiKey },
      body: '{}',
    }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await local.close();
    assert.ok(Date.now() - started < 500);
    assert.equal(await pending, 'closed');
  });
});
