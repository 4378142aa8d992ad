// The client against the real fake server on loopback: answers, every error row of the
// contract, every fault, bad input that must never reach the network, cancellation.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Result } from '#common/result.ts';
import {
  type CallOptions,
  type ClientTuning,
  createPalencaClient,
  type PalencaClient,
  type SearchQuery,
} from '../../electron/backend/palenca/client.ts';
import { errorFromAnswer } from '../../electron/backend/palenca/http-errors.ts';
import {
  DEFAULT_FAKE_KEY,
  type FakePalenca,
  QUICK_WINDOWS,
  startFakePalenca,
} from '../fake-palenca/server.ts';

const TODAY = '2024-06-30';
const FAST: Partial<ClientTuning> = {
  attempts: 4,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  timeoutMs: 2000,
};
const QUERY: SearchQuery = { from: '2024-01-01', to: TODAY, page: 1, perPage: 50 };

let fake: FakePalenca;
let client: PalencaClient;
/** Codes of the failed attempts the client retried, told through `onRetry`. */
let retried: string[];

const makeClient = (
  overrides: { apiKey?: string; baseUrl?: string; tuning?: Partial<ClientTuning> } = {},
): PalencaClient => {
  const created = createPalencaClient({
    baseUrl: overrides.baseUrl ?? fake.baseUrl,
    apiKey: overrides.apiKey ?? fake.apiKey,
    tuning: { ...FAST, ...overrides.tuning },
  });
  assert.ok(created.ok, 'client created');
  const made = created.value;
  // Every call tells `retried` of its retries, unless the test listens itself.
  const told = (options?: CallOptions): CallOptions => ({
    onRetry: (error) => retried.push(error.code),
    ...options,
  });
  return {
    searchUsers: (query, options) => made.searchUsers(query, told(options)),
    getUserAccounts: (userId, options) => made.getUserAccounts(userId, told(options)),
    getAccount: (accountId, options) => made.getAccount(accountId, told(options)),
    getAccountUser: (accountId, options) => made.getAccountUser(accountId, told(options)),
    searchLogins: (query, options) => made.searchLogins(query, told(options)),
    deadlines: made.deadlines,
  };
};

const errorOf = <T>(result: Result<T>) => {
  assert.equal(result.ok, false, `expected an error, got ${JSON.stringify(result)}`);
  if (result.ok) throw new Error('unreachable');
  return result.error;
};

/** Every error must be free of the key and of HTTP numbers in its message. */
const assertClean = <T>(result: Result<T>) => {
  const text = JSON.stringify(result);
  assert.ok(!text.includes(fake.apiKey), 'the key never appears in a result');
  if (!result.ok) {
    assert.doesNotMatch(
      result.error.message,
      /HTTP|\b(40\d|42\d|50\d)\b/,
      'no HTTP numbers in message',
    );
    assert.ok(result.error.message.length > 10, 'a real sentence');
  }
};

before(async () => {
  fake = await startFakePalenca({ today: TODAY, users: 500, allowance: QUICK_WINDOWS });
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.resetBetweenTests();
  retried = [];
  client = makeClient();
});

describe('answers', () => {
  test('a page of users, newest first, matching the fake and its pagination', async () => {
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok);
    const expected = fake.usersInWindow(QUERY.from, QUERY.to);
    assert.deepEqual(
      result.value.users,
      expected.slice(0, 50).map(({ created_day: _d, ...user }) => user),
    );
    assert.deepEqual(result.value.pagination, {
      page: 1,
      items_per_page: 50,
      total_items: expected.length,
      total_pages: Math.ceil(expected.length / 50),
    });
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0]?.body, {
      start_date: TODAY,
      end_date: '2024-01-01',
      options: { items_per_page: 50, page: 1 },
    });
    assert.equal(fake.requests[0]?.apiKeyPresent, true);
  });

  test('walking all pages returns every user exactly once, and past the end is empty', async () => {
    const expected = fake.usersInWindow(QUERY.from, QUERY.to).map((u) => u.user_id);
    const seen: string[] = [];
    const perPage = 37;
    const pages = Math.ceil(expected.length / perPage);
    for (let page = 1; page <= pages; page++) {
      const result = await client.searchUsers({ ...QUERY, page, perPage });
      assert.ok(result.ok);
      assert.equal(result.value.pagination.total_pages, pages);
      seen.push(...result.value.users.map((u) => u.user_id));
    }
    assert.deepEqual(seen, expected);
    const past = await client.searchUsers({ ...QUERY, page: pages + 1, perPage });
    assert.ok(past.ok);
    assert.deepEqual(past.value.users, []);
    assert.equal(past.value.pagination.total_items, expected.length);
  });

  test('a missing or null external_id reads as null', async () => {
    const result = await client.searchUsers({ ...QUERY, perPage: 150 });
    assert.ok(result.ok);
    const first = fake.requests.length;
    assert.ok(first > 0);
    // The fake's newest user has no external_id field at all, the third has null.
    assert.equal(result.value.users[0]?.external_id, null);
    assert.ok('external_id' in (result.value.users[0] ?? {}), 'field present after parsing');
    assert.equal(result.value.users[2]?.external_id, null);
  });

  test('awkward external ids arrive unchanged', async () => {
    const result = await client.searchUsers({ ...QUERY, perPage: 40 });
    assert.ok(result.ok);
    const ids = result.value.users.map((u) => u.external_id ?? '');
    for (const pattern of [
      /,/,
      /"/,
      /\r\n/,
      /ñ/,
      /中文/,
      /Кириллица/,
      /🚗/,
      /^=/,
      /^\+/,
      /^-/,
      /^@/,
    ]) {
      assert.ok(
        ids.some((id) => pattern.test(id)),
        `an id matching ${pattern}`,
      );
    }
  });

  test('the external_id filter returns only that customer, sent exactly as given', async () => {
    const all = fake.usersInWindow(QUERY.from, QUERY.to);
    const target = all.find((u) => u.external_id?.startsWith('acme, inc'));
    assert.ok(target?.external_id);
    const result = await client.searchUsers({ ...QUERY, externalId: target.external_id });
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.users.map((u) => u.user_id),
      fake.usersInWindow(QUERY.from, QUERY.to, target.external_id).map((u) => u.user_id),
    );
    assert.ok(result.value.users.length >= 1);
    assert.ok(result.value.users.every((u) => u.external_id === target.external_id));
    assert.equal(
      (fake.requests.at(-1)?.body as { external_id?: string } | undefined)?.external_id,
      target.external_id,
    );
  });

  test('an empty external id is left out of the request', async () => {
    const result = await client.searchUsers({ ...QUERY, externalId: '' });
    assert.ok(result.ok);
    assert.equal('external_id' in ((fake.requests[0]?.body as object | undefined) ?? {}), false);
  });

  test("a user's accounts, with unknown optional fields as null", async () => {
    const users = fake.usersInWindow(QUERY.from, QUERY.to);
    let sawAccounts = 0;
    let sawNull = false;
    for (const user of users.slice(0, 12)) {
      const result = await client.getUserAccounts(user.user_id);
      assert.ok(result.ok);
      assert.equal(result.value.user_id, user.user_id);
      assert.ok(result.value.accounts.length <= 4);
      for (const account of result.value.accounts) {
        sawAccounts++;
        assert.equal(typeof account.account_id, 'string');
        assert.deepEqual(Object.keys(account).sort(), [
          'account_id',
          'country',
          'created_at',
          'identifier',
          'last_successful_connection',
          'platform',
          'status',
          'status_details',
          'worker_id',
        ]);
        if (account.identifier === null || account.worker_id === null) sawNull = true;
      }
    }
    assert.ok(sawAccounts > 0);
    assert.ok(sawNull, 'some optional fields were absent and read as null');
  });

  test('an unknown user → not_found', async () => {
    const result = await client.getUserAccounts('00000000-0000-4000-8000-000000000000');
    assert.equal(errorOf(result).code, 'not_found');
    assertClean(result);
  });

  test('a user id with slashes or dot segments is refused before sending', async () => {
    for (const id of ['../search', '..', '.', 'a/b']) {
      const result = await client.getUserAccounts(id);
      assert.equal(errorOf(result).code, 'bad_request', id);
    }
    assert.equal(fake.requests.length, 0);
  });
});

describe('the contract error table', () => {
  test('no key at all (the server says missing_api_key) → missing_key', async () => {
    const created = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: '' });
    assert.equal(errorOf(created).code, 'missing_key');
    assert.equal(fake.requests.length, 0);
  });

  test('invalid_api_key → invalid_key, once, no retry', async () => {
    const bad = makeClient({ apiKey: 'sk_wrong_key_abcdef123456' });
    const result = await bad.searchUsers(QUERY);
    const error = errorOf(result);
    assert.equal(error.code, 'invalid_key');
    assert.match(error.message, /key/);
    assert.equal(fake.requests.length, 1);
    assert.ok(!JSON.stringify(result).includes('sk_wrong_key_abcdef123456'));
  });

  test('the fake answers a stripped key with missing_api_key, and bad dates with 422 detail', async () => {
    const noKey = await fetch(`${fake.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(noKey.status, 401);
    assert.equal(
      ((await noKey.json()) as { error: { code: string } }).error.code,
      'missing_api_key',
    );
    const badDate = await fetch(`${fake.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
      body: JSON.stringify({ start_date: '2024-02-30', end_date: '2024-01-01' }),
    });
    assert.equal(badDate.status, 422);
    const body = (await badDate.json()) as { detail: { loc: string[] }[] };
    assert.deepEqual(body.detail[0]?.loc, ['body', 'start_date']);
  });

  test('429 is waited out until the window ends, then the call succeeds', async () => {
    fake.failNext({ kind: 'rate_limited' });
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok, 'no failure for a 429');
    assert.equal(fake.requests.length, 2);
    const [refused, again] = fake.requests;
    assert.ok(refused && again);
    assert.ok(
      again.windowStart > refused.windowStart,
      'the retry went in the next window, not before',
    );
    assert.deepEqual(retried, [], 'a 429 is not counted as a failed attempt');
  });

  test('429 with Retry-After in seconds waits at least that long', async () => {
    fake.failNext({ kind: 'rate_limited', retryAfter: '2' });
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok);
    const [refused, again] = fake.requests;
    assert.ok(refused && again);
    assert.ok(again.at - refused.at >= 1900, `waited ${again.at - refused.at} ms`);
  });

  test('503 → unavailable after the attempts', async () => {
    fake.setFault({ kind: 'unavailable' });
    const result = await client.searchUsers(QUERY);
    assert.equal(errorOf(result).code, 'unavailable');
    assert.equal(fake.requests.length, 4);
    assert.deepEqual(retried, ['unavailable', 'unavailable', 'unavailable']);
    assertClean(result);
  });

  test('504 → timeout after the attempts', async () => {
    fake.setFault({ kind: 'gateway_timeout' });
    const result = await client.searchUsers(QUERY);
    assert.equal(errorOf(result).code, 'timeout');
    assert.equal(fake.requests.length, 4);
    assertClean(result);
  });
});

/**
 * Answers the client's checked requests can never provoke from the fake (the client always
 * sends a key and never sends bad dates), played by a tiny loopback server that replies
 * from a script, as a proxy or a changed Palenca might.
 */
describe('answers the client cannot provoke from the fake', () => {
  let server: import('node:http').Server;
  let script: [number, unknown][] = [];
  let base = '';
  before(async () => {
    const { createServer: createHttp } = await import('node:http');
    server = createHttp((req, res) => {
      req.resume();
      const [status, body] = script.shift() ?? [500, {}];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/v1`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const envelope = (code: string, location?: string) => ({
    success: false,
    error: { code, message: 'nope', errors: location ? [{ message: 'bad', location }] : [] },
    data: null,
  });
  const cases: [string, number, unknown, string, string | undefined][] = [
    ['401 missing_api_key', 401, envelope('missing_api_key'), 'missing_key', undefined],
    ['401 invalid_api_key', 401, envelope('invalid_api_key'), 'invalid_key', undefined],
    ['401 without a body', 401, '', 'invalid_key', undefined],
    [
      '422 detail on start_date',
      422,
      { detail: [{ loc: ['body', 'start_date'], msg: 'bad date', type: 'x' }] },
      'bad_request',
      'to',
    ],
    [
      '422 detail on items_per_page',
      422,
      { detail: [{ loc: ['body', 'options', 'items_per_page'], msg: 'too big', type: 'x' }] },
      'bad_request',
      'perPage',
    ],
    ['422 bad_request envelope', 422, envelope('bad_request', 'end_date'), 'bad_request', 'from'],
    ['400 bad_request envelope', 400, envelope('bad_request'), 'bad_request', undefined],
    ['503 platform_unavailable', 503, envelope('platform_unavailable'), 'unavailable', undefined],
    [
      '200 with success:false missing key',
      200,
      envelope('missing_api_key'),
      'missing_key',
      undefined,
    ],
    [
      '200 with success:false invalid key',
      200,
      envelope('invalid_api_key'),
      'invalid_key',
      undefined,
    ],
    [
      '200 with success:false bad_request',
      200,
      envelope('bad_request', 'start_date'),
      'bad_request',
      'to',
    ],
    ['200 with success:false unknown code', 200, envelope('weird'), 'bad_response', undefined],
    ['404 on search', 404, { detail: 'Not Found' }, 'bad_response', undefined],
    ['403', 403, { detail: 'Forbidden' }, 'invalid_key', undefined],
    // Only 400 and 422 mean "the search was wrong"; other refusals are not the person's input.
    ['405', 405, { detail: 'Method Not Allowed' }, 'bad_response', undefined],
    [
      '407 from a proxy',
      407,
      { detail: 'Proxy Authentication Required' },
      'proxy_failed',
      undefined,
    ],
    ['409', 409, { detail: 'Conflict' }, 'bad_response', undefined],
    ['413', 413, { detail: 'Payload Too Large' }, 'bad_response', undefined],
    // A misbehaving gateway echoing the key back: the excerpt in `detail` must not carry it.
    [
      '503 echoing the key',
      503,
      { detail: `bad key ${DEFAULT_FAKE_KEY}` },
      'unavailable',
      undefined,
    ],
    [
      '422 echoing the key',
      422,
      { detail: [{ loc: ['body', 'x'], msg: DEFAULT_FAKE_KEY }] },
      'bad_request',
      undefined,
    ],
  ];
  for (const [name, status, body, code, field] of cases) {
    test(`${name} → ${code}${field ? ` on ${field}` : ''}`, async () => {
      script = [[status, body]];
      const other = makeClient({ baseUrl: base, tuning: { attempts: 1 } });
      const result = await other.searchUsers(QUERY);
      const error = errorOf(result);
      assert.equal(error.code, code);
      assert.equal(error.field, field);
      assertClean(result);
      if (status === 407) assert.match(error.message, /proxy asks for a login/);
      if ([405, 409, 413].includes(status)) {
        assert.match(error.message, /Palenca refused the request/);
        assert.doesNotMatch(error.message, /dates and filters/);
      }
    });
  }

  test('statuses alone, as a fetch that hands a 407 back would show them', () => {
    const codeOf = (status: number) => errorFromAnswer(status, '', 'search', fake.apiKey, null);
    for (const status of [400, 422]) assert.equal(codeOf(status).error.code, 'bad_request');
    for (const status of [405, 409, 410, 413, 415]) {
      assert.equal(codeOf(status).error.code, 'bad_response', String(status));
      assert.equal(codeOf(status).retry, false);
    }
    const proxy = codeOf(407);
    assert.equal(proxy.error.code, 'proxy_failed');
    assert.match(proxy.error.message, /proxy/);
    assert.equal(proxy.retry, false);
  });

  test('a 407 is not retried: the proxy will ask again', async () => {
    script = [
      [407, {}],
      [407, {}],
    ];
    const other = makeClient({ baseUrl: base });
    assert.equal(errorOf(await other.searchUsers(QUERY)).code, 'proxy_failed');
    assert.deepEqual(retried, []);
    script = [];
  });
});

describe('faults', () => {
  test('429 with Retry-After as an HTTP date is honoured, then the call succeeds', async () => {
    const at = Date.now() + 3000;
    fake.failNext({ kind: 'rate_limited', retryAfter: new Date(at).toUTCString() });
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok);
    assert.equal(fake.requests.length, 2);
    // The date is in whole seconds: the retry comes no earlier than its second.
    assert.ok((fake.requests[1]?.at ?? 0) >= Math.floor(at / 1000) * 1000 - 1000);
  });

  test('a 429 storm longer than the attempts still ends in success, one window at a time', async () => {
    fake.failNext({ kind: 'rate_limited' }, 6);
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok);
    assert.equal(fake.requests.length, 7);
    const windows = fake.requests.map((r) => r.windowStart);
    for (let i = 1; i < windows.length; i++) {
      assert.ok((windows[i] ?? 0) > (windows[i - 1] ?? 0), 'one try per window after a 429');
    }
    assert.deepEqual(retried, [], '429s never use up the attempts');
  });

  test('a long Retry-After is waited out, and the person can cancel the wait', async () => {
    fake.setFault({ kind: 'rate_limited', retryAfter: '3600' });
    const controller = new AbortController();
    const call = client.searchUsers(QUERY, { signal: controller.signal });
    while (fake.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    // Give a wrong retry the chance to happen before cancelling.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    controller.abort();
    assert.equal(errorOf(await call).code, 'cancelled');
    assert.equal(fake.requests.length, 1, 'nothing was retried during the wait');
  });

  test('the key check does not wait out a 429: it says rate_limited at once', async () => {
    const checking = makeClient({ tuning: { attempts: 1, waitOutRefusals: false } });
    fake.failNext({ kind: 'rate_limited' });
    const error = errorOf(await checking.searchUsers(QUERY));
    assert.equal(error.code, 'rate_limited');
    assert.equal(fake.requests.length, 1);
  });

  test('an HTML 502 from a proxy → unavailable, retried', async () => {
    fake.setFault({ kind: 'html_502' });
    const result = await client.searchUsers(QUERY);
    const error = errorOf(result);
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /proxy/);
    assert.match(error.detail ?? '', /502/);
    assert.equal(fake.requests.length, 4);
    assertClean(result);
  });

  test('an HTML 502 once, then a good answer', async () => {
    fake.failNext({ kind: 'html_502' });
    assert.ok((await client.searchUsers(QUERY)).ok);
  });

  test('500 with the error envelope → unavailable, not retried', async () => {
    fake.setFault({ kind: 'server_error' });
    const result = await client.searchUsers(QUERY);
    assert.equal(errorOf(result).code, 'unavailable');
    assert.equal(fake.requests.length, 1);
    assertClean(result);
  });

  test('a 200 that is not JSON → bad_response', async () => {
    fake.setFault({ kind: 'not_json' });
    const result = await client.searchUsers(QUERY);
    const error = errorOf(result);
    assert.equal(error.code, 'bad_response');
    assert.match(error.detail ?? '', /captive portal/);
    assertClean(result);
  });

  test('a 200 of the wrong shape → bad_response, for search and for accounts', async () => {
    fake.setFault({ kind: 'wrong_shape' });
    const search = await client.searchUsers(QUERY);
    assert.equal(errorOf(search).code, 'bad_response');
    assert.match(errorOf(search).detail ?? '', /data\.users|pagination/);
    const accounts = await client.getUserAccounts('9fbe478b-551f-4264-90e7-ad9d0a864793');
    assert.equal(errorOf(accounts).code, 'bad_response');
    assertClean(search);
    assertClean(accounts);
  });

  test('a connection dropped mid-answer → offline after the attempts', async () => {
    fake.setFault({ kind: 'drop' });
    const result = await client.searchUsers(QUERY);
    const error = errorOf(result);
    assert.equal(error.code, 'offline');
    assert.match(error.message, /interrupted/);
    assert.equal(fake.requests.length, 4);
    assertClean(result);
  });

  test('a dropped connection once, then a good answer', async () => {
    fake.failNext({ kind: 'drop' });
    const result = await client.searchUsers(QUERY);
    assert.ok(result.ok);
    assert.equal(fake.requests.length, 2);
  });

  test('nobody listening → offline', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const closed = makeClient({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const result = await closed.searchUsers(QUERY);
    const error = errorOf(result);
    assert.equal(error.code, 'offline');
    assert.match(error.message, /internet connection/);
    assert.match(error.detail ?? '', /ECONNREFUSED/);
    assert.equal(retried.length, 3, 'retried');
  });

  // fetch refuses these ports before connecting; ky used to wait forever on such a POST.
  for (const port of [1, 6000, 10080]) {
    test(`a port fetch refuses (${port}) → insecure_url at once, not retried`, async () => {
      const refused = makeClient({ baseUrl: `http://127.0.0.1:${port}/v1` });
      const started = Date.now();
      const results: Result<unknown>[] = [
        await refused.searchUsers(QUERY),
        await refused.getUserAccounts('00000000-0000-4000-8000-000000000000'),
      ];
      for (const result of results) {
        const error = errorOf(result);
        assert.equal(error.code, 'insecure_url');
        assert.match(error.message, /port that is blocked/);
        assert.match(error.detail ?? '', /bad port/);
        assertClean(result);
      }
      assert.ok(Date.now() - started < 2000, 'well within the timeout (2 s)');
      assert.deepEqual(retried, [], 'not retried');
    });
  }

  test('a server that stops sending half-way through the body → timeout within the timeout', async () => {
    const { createServer: createHttp } = await import('node:http');
    const stalled = createHttp((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"success":true,');
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    try {
      const address = stalled.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const slow = makeClient({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        tuning: { timeoutMs: 100, attempts: 2 },
      });
      const started = Date.now();
      const result = await slow.searchUsers(QUERY);
      assert.equal(errorOf(result).code, 'timeout');
      assert.ok(Date.now() - started < 1000, `ended in ${Date.now() - started} ms`);
    } finally {
      stalled.closeAllConnections();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });

  test('a server slower than the timeout → timeout', async () => {
    fake.setLatency(300);
    const slow = makeClient({ tuning: { timeoutMs: 50, attempts: 2 } });
    const result = await slow.searchUsers(QUERY);
    assert.equal(errorOf(result).code, 'timeout');
    assert.equal(fake.requests.length, 2);
    assertClean(result);
  });

  test('users inserted between two pages shift the second page, and totals follow', async () => {
    const window = { ...QUERY, perPage: 20 };
    const first = await client.searchUsers(window);
    assert.ok(first.ok);
    fake.insertUsers(5);
    const second = await client.searchUsers({ ...window, page: 2 });
    assert.ok(second.ok);
    assert.equal(second.value.pagination.total_items, first.value.pagination.total_items + 5);
    // The five new users pushed the last five of page 1 onto page 2.
    assert.deepEqual(
      second.value.users.slice(0, 5).map((u) => u.user_id),
      first.value.users.slice(15).map((u) => u.user_id),
    );
    fake.deleteUsers(5);
  });
});

describe('bad input never reaches the network', () => {
  const cases: [string, Partial<SearchQuery>, string][] = [
    ['not a calendar day', { from: '2023-02-30' }, 'from'],
    ['wrong format', { to: '30/06/2024' }, 'to'],
    ['From after To', { from: '2024-07-01', to: '2024-06-30' }, 'from'],
    ['perPage 0', { perPage: 0 }, 'perPage'],
    ['perPage 151', { perPage: 151 }, 'perPage'],
    ['perPage 2.5', { perPage: 2.5 }, 'perPage'],
    ['perPage NaN', { perPage: Number.NaN }, 'perPage'],
    ['page 0', { page: 0 }, 'page'],
    ['page -1', { page: -1 }, 'page'],
    ['page 1.5', { page: 1.5 }, 'page'],
    ['external id too long', { externalId: 'x'.repeat(201) }, 'externalId'],
  ];
  for (const [name, change, field] of cases) {
    test(`${name} → bad_request on ${field}`, async () => {
      const result = await client.searchUsers({ ...QUERY, ...change });
      const error = errorOf(result);
      assert.equal(error.code, 'bad_request');
      assert.equal(error.field, field);
      assertClean(result);
      assert.equal(fake.requests.length, 0);
    });
  }

  test('an external id of exactly 200 characters is fine', async () => {
    const result = await client.searchUsers({ ...QUERY, externalId: 'x'.repeat(200) });
    assert.ok(result.ok);
    assert.equal(result.value.users.length, 0);
  });

  test('an empty user id → bad_request, no request', async () => {
    const result = await client.getUserAccounts('  ');
    assert.equal(errorOf(result).field, 'userId');
    assert.equal(fake.requests.length, 0);
  });

  test('a key that cannot be a header value is refused before sending', () => {
    const created = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: 'sk_live\nInjected: 1' });
    assert.equal(errorOf(created).code, 'invalid_key');
    assert.ok(!JSON.stringify(created).includes('Injected'));
  });
});

describe('insecure addresses', () => {
  for (const url of [
    'http://api.palenca.com/v1',
    'http://127.0.0.2:9/v1',
    'http://localhost.example.com/v1',
    'ftp://127.0.0.1/v1',
    'not a url',
    '',
  ]) {
    test(`refuses ${JSON.stringify(url)} before any connection`, () => {
      const created = createPalencaClient({ baseUrl: url, apiKey: fake.apiKey });
      const error = errorOf(created);
      assert.equal(error.code, 'insecure_url');
      assert.ok(error.message.length > 20);
      assert.ok(!JSON.stringify(created).includes(fake.apiKey));
    });
  }
  for (const url of [
    'https://api.palenca.com/v1',
    'http://localhost:1/v1',
    'http://127.0.0.1:1/v1',
    'http://[::1]:1/v1',
  ]) {
    test(`accepts ${url}`, () => {
      assert.ok(createPalencaClient({ baseUrl: url, apiKey: fake.apiKey }).ok);
    });
  }
});

describe('cancellation', () => {
  test('aborting during a request ends at once in cancelled', async () => {
    fake.setLatency(5000);
    const controller = new AbortController();
    // Abort once the server holds the request, so the abort lands mid-request.
    fake.onRequest(() => setTimeout(() => controller.abort(), 10));
    const started = Date.now();
    const result = await client.searchUsers(QUERY, { signal: controller.signal });
    assert.equal(errorOf(result).code, 'cancelled');
    assert.ok(Date.now() - started < 1000);
    assert.equal(fake.requests.length, 1);
  });

  test('aborting during a backoff wait ends at once in cancelled, with no further request', async () => {
    const realClient = createPalencaClient({
      baseUrl: fake.baseUrl,
      apiKey: fake.apiKey,
      tuning: { ...FAST, backoffBaseMs: 10_000, backoffMaxMs: 10_000 },
    });
    assert.ok(realClient.ok);
    fake.setFault({ kind: 'unavailable' });
    const controller = new AbortController();
    fake.onRequest(() => setTimeout(() => controller.abort(), 20));
    const started = Date.now();
    const result = await realClient.value.searchUsers(QUERY, { signal: controller.signal });
    assert.equal(errorOf(result).code, 'cancelled');
    assert.ok(Date.now() - started < 1000, 'did not wait out the backoff');
    assert.equal(fake.requests.length, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const result = await client.searchUsers(QUERY, { signal: AbortSignal.abort() });
    assert.equal(errorOf(result).code, 'cancelled');
    assert.equal(fake.requests.length, 0);
  });
});
