// The one backoff and the one cancellable wait the client, the exporter and the governor share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs } from '../../electron/backend/timing/backoff.ts';
import { sleep } from '../../electron/backend/timing/sleep.ts';

test('backoff: the base after the first failure, doubling after each one, up to the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((failures) => backoffMs(failures, 500)),
    [500, 1000, 2000, 4000, 8000],
  );
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((failures) => backoffMs(failures, 1000, 3000)),
    [1000, 2000, 3000, 3000, 3000],
  );
  assert.equal(backoffMs(0, 500), 500, 'no failure yet counts as the first');
});

test('a wait ends when its time is up, or at once when cancelled', async () => {
  const started = performance.now();
  await sleep(20);
  assert.ok(performance.now() - started >= 15);
  const cancel = new AbortController();
  const cancelled = performance.now();
  setTimeout(() => cancel.abort(), 5);
  await sleep(60_000, cancel.signal);
  assert.ok(performance.now() - cancelled < 30_000, 'the cancel cut the wait short');
  const before = performance.now();
  await sleep(60_000, AbortSignal.abort());
  assert.ok(performance.now() - before < 30_000, 'an aborted signal does not wait at all');
});
