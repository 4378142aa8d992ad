// What one answer says of the allowance: only plausible values are believed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseRetryAfter,
  readRateLimit,
} from '../../electron/backend/allowance/rate-limit-headers.ts';

test('parseRetryAfter reads delay-seconds and HTTP dates', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('1.5', now), 1500);
  assert.equal(parseRetryAfter('Sat, 01 Jun 2024 12:00:07 GMT', now), 7000);
  assert.equal(parseRetryAfter('Sat, 01 Jun 2024 11:00:00 GMT', now), 0, 'a past date waits 0');
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter('-5', now), null);
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter('', now), null);
});

const headers = (values: Record<string, string>) => new Headers(values);

test('the three headers and Date are read, the reset in ms', () => {
  const reading = readRateLimit(
    200,
    headers({
      'x-ratelimit-limit': '120',
      'x-ratelimit-remaining': '37',
      'x-ratelimit-reset': '1717243260',
      date: 'Sat, 01 Jun 2024 12:00:30 GMT',
    }),
    0,
  );
  assert.deepEqual(reading, {
    status: 200,
    limit: 120,
    remaining: 37,
    resetAt: 1717243260_000,
    serverDate: Date.parse('2024-06-01T12:00:30Z'),
    retryAfterMs: null,
  });
});

test('implausible values read as not said', () => {
  const reading = readRateLimit(
    429,
    headers({
      'x-ratelimit-limit': '0',
      'x-ratelimit-remaining': '-3',
      'x-ratelimit-reset': '60',
      date: 'yesterday',
      'retry-after': 'later',
    }),
    0,
  );
  assert.equal(reading.limit, null, 'a Limit of 0 would stop the app for good');
  assert.equal(reading.remaining, null);
  assert.equal(reading.resetAt, null, 'seconds from now, not a Unix time');
  assert.equal(reading.serverDate, null);
  assert.equal(reading.retryAfterMs, null);
  assert.equal(readRateLimit(200, headers({ 'x-ratelimit-limit': '5000000' }), 0).limit, null);
});

test("a Retry-After date counts from the server's own Date", () => {
  const reading = readRateLimit(
    429,
    headers({
      date: 'Sat, 01 Jun 2024 12:00:00 GMT',
      'retry-after': 'Sat, 01 Jun 2024 12:00:20 GMT',
    }),
    // Our clock is an hour ahead of the server's: the wait is still 20 s.
    Date.parse('2024-06-01T13:00:00Z'),
  );
  assert.equal(reading.retryAfterMs, 20_000);
});
