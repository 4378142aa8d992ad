import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffDelayMs,
  parseRetryAfter,
  realTiming,
  withRetry,
} from '../../electron/backend/palenca/retry.ts';
import { fail, ok } from '../../electron/shared/result.ts';

const tuning = { attempts: 4, backoffBaseMs: 100, backoffMaxMs: 300, maxRetryAfterMs: 1000 };

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

test('backoff grows exponentially, stays within half..full of the step, and is capped', () => {
  assert.equal(
    backoffDelayMs(1, tuning, () => 0),
    50,
  );
  assert.equal(
    backoffDelayMs(1, tuning, () => 0.999999),
    100,
  );
  assert.equal(
    backoffDelayMs(2, tuning, () => 0),
    100,
  );
  assert.equal(
    backoffDelayMs(3, tuning, () => 0),
    150,
    'capped at backoffMaxMs',
  );
  assert.equal(
    backoffDelayMs(9, tuning, () => 0.999999),
    300,
  );
});

test('withRetry stops after the attempt bound and returns the last error', async () => {
  const waits: number[] = [];
  let calls = 0;
  const result = await withRetry(
    async () => {
      calls++;
      return { result: fail('unavailable', 'down'), retry: true, retryAfterMs: null };
    },
    tuning,
    { ...realTiming, random: () => 0, sleep: async (ms) => void waits.push(ms) },
  );
  assert.equal(calls, 4);
  assert.deepEqual(waits, [50, 100, 150]);
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'unavailable');
});

test('withRetry does not retry what is not retryable, and honours Retry-After', async () => {
  let calls = 0;
  const waits: number[] = [];
  const result = await withRetry(
    async () => {
      calls++;
      if (calls === 1)
        return { result: fail('rate_limited', 'slow'), retry: true, retryAfterMs: 700 };
      if (calls === 2)
        return { result: fail('bad_request', 'no'), retry: false, retryAfterMs: null };
      return { result: ok(1), retry: false, retryAfterMs: null };
    },
    tuning,
    { ...realTiming, sleep: async (ms) => void waits.push(ms) },
  );
  assert.equal(calls, 2);
  assert.deepEqual(waits, [700]);
  assert.equal(!result.ok && result.error.code, 'bad_request');
});

test('a Retry-After beyond the maximum ends at once instead of waiting', async () => {
  let calls = 0;
  const result = await withRetry(
    async () => {
      calls++;
      return { result: fail('rate_limited', 'slow'), retry: true, retryAfterMs: 5000 };
    },
    tuning,
    realTiming,
  );
  assert.equal(calls, 1);
  assert.equal(!result.ok && result.error.code, 'rate_limited');
});

test('aborting during a backoff wait ends at once in cancelled', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 20);
  const result = await withRetry(
    async () => ({ result: fail('unavailable', 'down'), retry: true, retryAfterMs: 60_000 }),
    { ...tuning, maxRetryAfterMs: 120_000 },
    realTiming,
    controller.signal,
  );
  assert.equal(!result.ok && result.error.code, 'cancelled');
  assert.ok(Date.now() - started < 2000, 'did not wait out the minute');
});
