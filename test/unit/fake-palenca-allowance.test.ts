// The fake's request allowance must behave like Palenca's documented one (fixed windows on the
// server's clock, X-RateLimit-* on every answer, 429 without Retry-After past the limit), or the
// pacing tests built on it prove nothing. Real HTTP on loopback; on a busy machine a window may
// end mid-run, so runs that need one window retry on a fresh fake, and waits poll for the state.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  type FakePalenca,
  type FakePalencaOptions,
  PALENCA_ALLOWANCE,
  startFakePalenca,
} from '../fake-palenca/server.ts';
import { callFake, type FakeAnswer } from '../support/fake-call.ts';

const TODAY = '2024-06-30';
const WINDOW = { start_date: TODAY, end_date: '2024-01-01' };
/** Generous: only to turn a hang into a failure, never to time anything. */
const DEADLINE_MS = 90_000;

interface Answer extends FakeAnswer {
  /** This machine's clock just before the request went and just after its answer came. */
  sentAt: number;
  receivedAt: number;
}

const opened: FakePalenca[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

async function start(options: FakePalencaOptions = {}): Promise<FakePalenca> {
  const fake = await startFakePalenca({ today: TODAY, users: 50, ...options });
  opened.push(fake);
  return fake;
}

/** A request to `fake`: a POST sends `body`, or a window of all days, when left out. */
async function call(
  fake: FakePalenca,
  path = '/users/search',
  init: { method?: string; body?: unknown; key?: string | null } = {},
): Promise<Answer> {
  const method = init.method ?? 'POST';
  const sentAt = Date.now();
  const answer = await callFake(fake, path, {
    ...init,
    body: method === 'POST' ? (init.body ?? WINDOW) : undefined,
  });
  return { ...answer, sentAt, receivedAt: Date.now() };
}

const search = (fake: FakePalenca) => call(fake);

function header(answer: Answer, name: string): number {
  const value = answer.headers.get(name);
  assert.ok(value !== null, `${name} present`);
  assert.match(value, /^\d+$/, `${name} a whole number`);
  return Number(value);
}
const limitOf = (answer: Answer) => header(answer, 'x-ratelimit-limit');
const remainingOf = (answer: Answer) => header(answer, 'x-ratelimit-remaining');
const resetOf = (answer: Answer) => header(answer, 'x-ratelimit-reset');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `run` on fresh fakes until all its answers fall in one window. */
async function inOneWindow(
  options: FakePalencaOptions,
  run: (fake: FakePalenca) => Promise<Answer[]>,
): Promise<{ fake: FakePalenca; answers: Answer[] }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const fake = await start(options);
    const answers = await run(fake);
    if (new Set(answers.map(resetOf)).size === 1) return { fake, answers };
  }
  throw new Error('five runs in a row straddled a window boundary');
}

/** Searches every `everyMs` until an answer comes from a window ending after `reset`. */
async function untilResetAfter(
  fake: FakePalenca,
  reset: number,
  everyMs: number,
): Promise<{ before: Answer[]; next: Answer }> {
  const before: Answer[] = [];
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    const answer = await search(fake);
    if (resetOf(answer) > reset) return { before, next: answer };
    before.push(answer);
    await sleep(everyMs);
  }
  throw new Error(`no window after ${reset} within ${DEADLINE_MS} ms`);
}

const TOO_MANY = {
  success: false,
  error: { code: 'too_many_requests', message: 'Too many requests', errors: [] },
  data: null,
};
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('headers on every answer', () => {
  test('search, accounts, 404s, 401, 405, 422, every fault, a crash: all carry the allowance and a Date', async () => {
    const fake = await start({ allowance: { limit: 500, windowMs: 60_000 } });
    const user = fake.usersInWindow('2024-01-01', TODAY)[0];
    assert.ok(user);
    const answers: [string, Answer][] = [
      ['search', await search(fake)],
      ['accounts', await call(fake, `/users/${user.user_id}/accounts`, { method: 'GET' })],
      ['unknown user', await call(fake, '/users/nobody/accounts', { method: 'GET' })],
      ['unknown route', await call(fake, '/nothing', { method: 'GET' })],
      ['no key', await call(fake, '/users/search', { key: null })],
      ['wrong method', await call(fake, '/users/search', { method: 'GET' })],
      ['invalid body', await call(fake, '/users/search', { body: { start_date: 'x' } })],
    ];
    for (const kind of [
      'unavailable',
      'gateway_timeout',
      'html_502',
      'not_json',
      'wrong_shape',
      'server_error',
      'rate_limited',
    ] as const) {
      fake.failNext({ kind });
      answers.push([kind, await search(fake)]);
    }
    fake.onRequest(() => {
      throw new Error('a hook that breaks');
    });
    answers.push(['crash', await search(fake)]);
    fake.onRequest(null);

    assert.deepEqual(
      answers.map(([name, answer]) => [name, answer.status]),
      [
        ['search', 200],
        ['accounts', 200],
        ['unknown user', 404],
        ['unknown route', 404],
        ['no key', 401],
        ['wrong method', 405],
        ['invalid body', 422],
        ['unavailable', 503],
        ['gateway_timeout', 504],
        ['html_502', 502],
        ['not_json', 200],
        ['wrong_shape', 200],
        ['server_error', 500],
        ['rate_limited', 429],
        ['crash', 500],
      ],
    );
    for (const [name, answer] of answers) {
      assert.equal(limitOf(answer), 500, name);
      assert.ok(remainingOf(answer) < 500, name);
      assert.equal(resetOf(answer) % 60, 0, name);
      // One Date, the fake's own: Node's would make it "<date>, <date>".
      assert.match(answer.headers.get('date') ?? '', HTTP_DATE, name);
      assert.equal(answer.headers.get('retry-after'), null, name);
    }
    assert.equal(fake.requests.length, answers.length);
    assert.ok(fake.requests.every((r) => !r.refused));
  });

  test('a dropped connection still sent the headers first', async () => {
    const fake = await start({ allowance: { limit: 7, windowMs: 60_000 } });
    fake.setFault({ kind: 'drop' });
    const res = await fetch(`${fake.baseUrl}/users/search`, {
      method: 'POST',
      headers: { 'x-api-key': fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(WINDOW),
    });
    assert.equal(res.headers.get('x-ratelimit-limit'), '7');
    assert.match(res.headers.get('x-ratelimit-remaining') ?? '', /^[0-6]$/);
    assert.match(res.headers.get('x-ratelimit-reset') ?? '', /^\d+$/);
    await assert.rejects(res.text());
  });

  test('by default the allowance is generous, so other tests are never paced', async () => {
    const fake = await start();
    const answer = await search(fake);
    assert.equal(limitOf(answer), 10_000);
    assert.equal(answer.status, 200);
    assert.equal(resetOf(answer) % 60, 0);
  });
});

describe('counting within a window', () => {
  test('Remaining falls by one per request; the (limit+1)th is 429 with Remaining 0 and no Retry-After', async () => {
    const { fake, answers } = await inOneWindow(
      { allowance: { limit: 5, windowMs: 60_000 } },
      async (fake) => {
        const answers: Answer[] = [];
        for (let i = 0; i < 7; i++) answers.push(await search(fake));
        return answers;
      },
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200, 429, 429],
    );
    assert.deepEqual(answers.map(remainingOf), [4, 3, 2, 1, 0, 0, 0]);
    for (const refused of answers.slice(5)) {
      assert.deepEqual(refused.json, TOO_MANY);
      assert.equal(refused.headers.get('retry-after'), null);
      assert.equal(limitOf(refused), 5);
    }
    // Refused requests are recorded, marked, and in the same window.
    assert.deepEqual(
      fake.requests.map((r) => r.refused),
      [false, false, false, false, false, true, true],
    );
    const windowStart = (resetOf(answers[0] as Answer) - 60) * 1000;
    assert.ok(fake.requests.every((r) => r.windowStart === windowStart));
  });

  test('Palenca’s own 120 per 60 s is exported for pacing tests', async () => {
    assert.deepEqual(PALENCA_ALLOWANCE, { limit: 120, windowMs: 60_000, otherTraffic: 0 });
    const fake = await start({ allowance: PALENCA_ALLOWANCE });
    const answer = await search(fake);
    assert.equal(limitOf(answer), 120);
    assert.ok(remainingOf(answer) <= 119);
  });

  test('the limit counts all endpoints and every status, faults included', async () => {
    const { answers } = await inOneWindow(
      { allowance: { limit: 4, windowMs: 60_000 } },
      async (fake) => {
        fake.failNext({ kind: 'unavailable' });
        return [
          await search(fake),
          await call(fake, '/nothing', { method: 'GET' }),
          await call(fake, '/users/x/accounts', { method: 'GET', key: 'wrong' }),
          await call(fake, '/users/x/accounts', { method: 'GET' }),
          await call(fake, '/users/x/accounts', { method: 'GET' }),
        ];
      },
    );
    assert.deepEqual(
      answers.map((a) => [a.status, remainingOf(a)]),
      [
        [503, 3],
        [404, 2],
        [401, 1],
        [404, 0],
        [429, 0],
      ],
    );
  });

  test('a refused request leaves a queued fault for the next request that gets through', async () => {
    const { fake, answers } = await inOneWindow(
      { allowance: { limit: 1, windowMs: 60_000 } },
      async (fake) => {
        const first = await search(fake);
        fake.failNext({ kind: 'unavailable' });
        const refused = await search(fake);
        fake.setAllowance({ limit: 10 });
        return [first, refused, await search(fake), await search(fake)];
      },
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 429, 503, 200],
    );
    assert.deepEqual(answers.map(limitOf), [1, 1, 10, 10]);
    assert.deepEqual(answers.map(remainingOf), [0, 0, 8, 7]);
    assert.deepEqual([...fake.windowUsage().values()], [3]);
  });

  test('windowUsage counts the accepted app requests per window, not refused ones or others', async () => {
    const { fake, answers } = await inOneWindow(
      { allowance: { limit: 3, windowMs: 60_000 } },
      async (fake) => {
        const answers: Answer[] = [];
        for (let i = 0; i < 5; i++) answers.push(await search(fake));
        return answers;
      },
    );
    const windowStart = (resetOf(answers[0] as Answer) - 60) * 1000;
    assert.deepEqual(fake.windowUsage(), new Map([[windowStart, 3]]));
    assert.equal(fake.requests.length, 5);
    assert.equal(fake.requests.filter((r) => r.refused).length, 2);
  });
});

describe('windows', () => {
  test('a new window begins at Reset and serves again', async () => {
    const limit = 3;
    const fake = await start({ allowance: { limit, windowMs: 2000 } });
    // Spend the window (a boundary may pass meanwhile: keep going until a 429).
    let refused: Answer | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const answer = await search(fake);
      if (answer.status === 429) refused = answer;
    }
    assert.ok(refused, 'the allowance ran out');
    const reset = resetOf(refused);
    const { before, next } = await untilResetAfter(fake, reset, 50);
    assert.ok(
      before.every((a) => a.status === 429 && remainingOf(a) === 0),
      '429 until the reset',
    );
    assert.equal(next.status, 200);
    assert.ok(next.receivedAt >= reset * 1000, 'not before Reset on the (unskewed) clock');
    assert.equal(resetOf(next) % 2, 0);
    assert.ok(resetOf(next) >= reset + 2);
    assert.equal(remainingOf(next), limit - 1, 'a fresh window, one request used');
  });

  test('Reset is the end of the clock-aligned window, a whole multiple of its length', async () => {
    for (const windowMs of [1000, 2000, 7000, 60_000]) {
      const fake = await start({ allowance: { limit: 100, windowMs } });
      const answer = await search(fake);
      const reset = resetOf(answer);
      assert.equal(reset % (windowMs / 1000), 0, `${windowMs}`);
      assert.ok(reset * 1000 > answer.sentAt, `${windowMs}: ends after the request came`);
      assert.ok(reset * 1000 - windowMs <= answer.receivedAt, `${windowMs}: began before`);
      const record = fake.requests[0];
      assert.equal(record?.windowStart, reset * 1000 - windowMs);
      assert.equal(record?.refused, false);
    }
  });

  test('windowMs must be a whole number of seconds, at least one', async () => {
    await assert.rejects(
      startFakePalenca({ allowance: { limit: 10, windowMs: 1500 } }),
      /whole number of seconds/,
    );
    await assert.rejects(
      startFakePalenca({ allowance: { limit: 10, windowMs: 0 } }),
      /whole number of seconds/,
    );
    const fake = await start();
    assert.throws(() => fake.setAllowance({ windowMs: 999 }), /whole number of seconds/);
    assert.equal(limitOf(await search(fake)), 10_000, 'unchanged after the refusal');
  });

  test('setAllowance changes the limit and the window length', async () => {
    const fake = await start();
    fake.setAllowance({ limit: 50, windowMs: 5000 });
    const answer = await search(fake);
    assert.equal(limitOf(answer), 50);
    assert.equal(resetOf(answer) % 5, 0);
  });
});

describe('the organisation’s other traffic', () => {
  test('otherTraffic lowers Remaining over time without requests from the app', async () => {
    const windowMs = 60_000;
    const limit = 10_000;
    const otherTraffic = 6000; // 100 a second
    const { fake, answers } = await inOneWindow(
      { allowance: { limit, windowMs, otherTraffic } },
      async (fake) => {
        const first = await search(fake);
        while (Date.now() < first.receivedAt + 300) await sleep(50);
        return [first, await search(fake)];
      },
    );
    const windowStart = (resetOf(answers[0] as Answer) - 60) * 1000;
    // Others have used floor(otherTraffic × elapsed / window) by the time each request came.
    const others = (t: number) => Math.floor((otherTraffic * (t - windowStart)) / windowMs);
    answers.forEach((answer, i) => {
      const own = i + 1;
      const remaining = remainingOf(answer);
      assert.ok(remaining <= limit - own - others(answer.sentAt), `${i}: ${remaining}`);
      assert.ok(remaining >= limit - own - others(answer.receivedAt), `${i}: ${remaining}`);
    });
    const [first, second] = answers.map(remainingOf) as [number, number];
    assert.ok(first - second >= 1 + 25, `others spent some: ${first} → ${second}`);
    assert.deepEqual(fake.windowUsage(), new Map([[windowStart, 2]]));
  });

  test('exhaustWindow makes every request 429 until the reset, then serves again', async () => {
    const windowMs = 2000;
    const limit = 1000;
    const fake = await start({ allowance: { limit, windowMs, otherTraffic: 10 } });
    let exhausted: { reset: number; first: Answer; recorded: number } | undefined;
    for (let i = 0; i < 10 && !exhausted; i++) {
      const windowEnd = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
      const recorded = fake.requests.length;
      fake.exhaustWindow();
      const first = await search(fake);
      // Retry if the window ended between exhausting it and the request.
      if (resetOf(first) * 1000 === windowEnd) {
        exhausted = { reset: windowEnd / 1000, first, recorded };
      }
    }
    assert.ok(exhausted, 'a request landed in the exhausted window');
    assert.equal(exhausted.first.status, 429);
    assert.deepEqual(exhausted.first.json, TOO_MANY);
    assert.equal(exhausted.first.headers.get('retry-after'), null);
    const { before, next } = await untilResetAfter(fake, exhausted.reset, 50);
    for (const answer of [exhausted.first, ...before]) {
      assert.equal(answer.status, 429);
      assert.equal(remainingOf(answer), 0, 'never below 0, though others keep spending');
    }
    assert.equal(next.status, 200);
    assert.ok(remainingOf(next) > limit - 20, `a fresh window: ${remainingOf(next)}`);
    const spent = exhausted.reset * 1000 - windowMs;
    const since = fake.requests.slice(exhausted.recorded).filter((r) => r.windowStart === spent);
    assert.ok(since.length > 0 && since.every((r) => r.refused), 'none accepted after exhausting');
    assert.equal(fake.windowUsage().get(resetOf(next) * 1000 - windowMs), 1);
  });
});

describe('clock skew', () => {
  test('Date comes from the skewed clock', async () => {
    const skew = 30_000;
    const fake = await start({ allowance: { limit: 100, windowMs: 60_000 }, clockSkewMs: skew });
    const answer = await search(fake);
    const date = Date.parse(answer.headers.get('date') ?? '');
    // HTTP dates drop the milliseconds: up to a second behind the server's clock.
    assert.ok(date > answer.sentAt + skew - 1000, `${date - answer.sentAt} ms ahead`);
    assert.ok(date <= answer.receivedAt + skew, `${date - answer.receivedAt} ms ahead`);
    const reset = resetOf(answer);
    assert.equal(reset % 60, 0);
    assert.ok(reset * 1000 > answer.sentAt + skew);
    assert.ok(reset * 1000 - 60_000 <= answer.receivedAt + skew);
  });

  test('windows align to the skewed clock, not this machine’s', async () => {
    const fake = await start({ allowance: { limit: 100, windowMs: 60_000 } });
    // Half a window into the NEXT window of this machine's clock, whatever the time now.
    const now = Date.now();
    const realStart = Math.floor(now / 60_000) * 60_000;
    fake.setClockSkew(realStart + 60_000 + 30_000 - now);
    const answer = await search(fake);
    assert.equal(resetOf(answer) * 1000, realStart + 120_000);
    assert.equal(fake.requests[0]?.windowStart, realStart + 60_000);
    const date = Date.parse(answer.headers.get('date') ?? '');
    assert.ok(date >= realStart + 60_000 + 29_000, 'Date on the skewed clock too');
  });
});

describe('a proxy’s own 429', () => {
  test('rate_limited headers override the allowance headers; null removes one', async () => {
    const fake = await start({ allowance: { limit: 100, windowMs: 60_000 } });
    fake.failNext({
      kind: 'rate_limited',
      headers: { 'X-RateLimit-Reset': null, 'X-RateLimit-Limit': '0' },
    });
    const noReset = await search(fake);
    assert.equal(noReset.status, 429);
    assert.deepEqual(noReset.json, TOO_MANY);
    assert.equal(noReset.headers.get('x-ratelimit-reset'), null);
    assert.equal(noReset.headers.get('x-ratelimit-limit'), '0');
    assert.equal(noReset.headers.get('retry-after'), null);
    assert.ok(remainingOf(noReset) < 100, 'the headers not overridden stay');

    const hoursAway = String(Math.floor(Date.now() / 1000) + 3 * 3600);
    fake.failNext({
      kind: 'rate_limited',
      retryAfter: '5',
      headers: { 'x-ratelimit-reset': hoursAway, 'x-ratelimit-remaining': '0' },
    });
    const far = await search(fake);
    assert.equal(far.status, 429);
    assert.equal(far.headers.get('x-ratelimit-reset'), hoursAway);
    assert.equal(far.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(far.headers.get('retry-after'), '5');

    const normal = await search(fake);
    assert.equal(normal.status, 200);
    assert.equal(limitOf(normal), 100);
    assert.equal(resetOf(normal) % 60, 0);
  });
});
