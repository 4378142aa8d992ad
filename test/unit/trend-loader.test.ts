import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Priority } from '../../electron/backend/allowance/allowance-governor.ts';
import type { PalencaClient } from '../../electron/backend/palenca/client.ts';
import { bucketsFor } from '../../electron/backend/trend/trend-buckets.ts';
import { TrendCountCache } from '../../electron/backend/trend/trend-count-cache.ts';
import {
  loadTrend,
  TREND_CONCURRENCY,
  type TrendLoadProgress,
} from '../../electron/backend/trend/trend-loader.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { clientOn } from '../support/fake-client.ts';

const TODAY = '2026-11-27';
let fake: FakePalenca;
let client: PalencaClient;

const makeClient = (server: FakePalenca) =>
  clientOn(server, {
    tuning: { attempts: 3, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 },
  });

/** A client that notes the priority of every search and how many were in flight at most. */
function observed(inner: PalencaClient) {
  const priorities: (Priority | undefined)[] = [];
  let inFlight = 0;
  const stats = { peak: 0 };
  const wrapped: PalencaClient = {
    getUserAccounts: inner.getUserAccounts,
    getAccount: inner.getAccount,
    getAccountUser: inner.getAccountUser,
    searchLogins: inner.searchLogins,
    deadlines: inner.deadlines,
    async searchUsers(query, options) {
      priorities.push(options?.priority);
      inFlight++;
      stats.peak = Math.max(stats.peak, inFlight);
      try {
        return await inner.searchUsers(query, options);
      } finally {
        inFlight--;
      }
    },
  };
  return { client: wrapped, priorities, stats };
}

const signal = () => new AbortController().signal;

before(async () => {
  fake = await startFakePalenca({ users: 3000, today: TODAY, days: 400 });
  client = makeClient(fake);
});
after(() => fake.close());

test('per-day counts add up to the window total and match the server day by day', async () => {
  const result = await loadTrend(client, { from: '2026-10-29', to: TODAY }, { signal: signal() });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.value.granularity, 'day');
  assert.equal(result.value.buckets.length, 30);
  for (const bucket of result.value.buckets) {
    assert.equal(bucket.count, fake.countInWindow(bucket.from, bucket.to), bucket.from);
  }
  const sum = result.value.buckets.reduce((s, b) => s + b.count, 0);
  assert.equal(sum, fake.countInWindow('2026-10-29', TODAY));
  assert.ok(sum > 0);
});

test('a few requests in flight at most, every one of them background work', async () => {
  const watch = observed(client);
  fake.setLatency(15);
  try {
    const result = await loadTrend(
      watch.client,
      { from: '2026-09-01', to: TODAY },
      { signal: signal() },
    );
    assert.ok(result.ok);
    assert.equal(result.value.granularity, 'week');
    assert.ok(
      watch.stats.peak >= 1 && watch.stats.peak <= TREND_CONCURRENCY,
      `${watch.stats.peak}`,
    );
    assert.ok(TREND_CONCURRENCY >= 2 && TREND_CONCURRENCY <= 4);
    assert.equal(watch.priorities.length, result.value.buckets.length + 1);
    assert.ok(watch.priorities.every((p) => p === 'background'));
  } finally {
    fake.setLatency(0);
  }
});

test('a bad window is a clear error, never an empty chart', async () => {
  const result = await loadTrend(
    client,
    { from: '2026-11-27', to: '2026-11-01' },
    { signal: signal() },
  );
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'bad_request');
});

test('cancelling stops the load with `cancelled`', async () => {
  const controller = new AbortController();
  fake.setLatency(50);
  try {
    const pending = loadTrend(
      client,
      { from: '2025-11-01', to: TODAY },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 80);
    const result = await pending;
    assert.equal(!result.ok && result.error.code, 'cancelled');
  } finally {
    fake.setLatency(0);
  }
});

test('a failing bucket fails the whole chart with the plain error', async () => {
  fake.setFault({ kind: 'unavailable' });
  try {
    const result = await loadTrend(client, { from: '2026-11-01', to: TODAY }, { signal: signal() });
    assert.equal(!result.ok && result.error.code, 'unavailable');
  } finally {
    fake.setFault(null);
  }
});

describe('long windows', () => {
  let long: FakePalenca;
  let longClient: PalencaClient;
  before(async () => {
    // Users over 30 years, so old buckets have counts too.
    long = await startFakePalenca({ users: 4000, today: TODAY, days: 11_000 });
    longClient = makeClient(long);
  });
  after(() => long.close());

  test('a ten-year window costs at most 61 requests', async () => {
    const before = long.requests.length;
    const watch = observed(longClient);
    const result = await loadTrend(
      watch.client,
      { from: '2016-11-28', to: TODAY },
      { signal: signal() },
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.granularity, 'quarter');
    const sent = long.requests.length - before;
    assert.ok(sent <= 61, `${sent} requests`);
    assert.equal(sent, result.value.buckets.length + 1);
    assert.ok(watch.priorities.every((p) => p === 'background'));
    for (const bucket of result.value.buckets) {
      assert.equal(bucket.count, long.countInWindow(bucket.from, bucket.to), bucket.from);
    }
  });

  test('1900 to today: 60 buckets, 61 requests', async () => {
    const before = long.requests.length;
    const result = await loadTrend(
      longClient,
      { from: '1900-01-01', to: TODAY },
      { signal: signal() },
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.granularity, 'year');
    assert.equal(result.value.buckets.length, 60);
    assert.equal(long.requests.length - before, 61);
    const sum = result.value.buckets.reduce((s, b) => s + b.count, 0);
    assert.equal(sum, long.countInWindow('1900-01-01', TODAY));
  });

  test('a second load of an overlapping past range reuses the counts it has', async () => {
    const cache = new TrendCountCache();
    const counts = cache.for('sandbox', undefined);
    const first = await loadTrend(
      longClient,
      { from: '2012-01-01', to: '2021-12-31' },
      { signal: signal(), counts, today: TODAY },
    );
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.value.granularity, 'quarter');
    assert.equal(cache.size, 40, 'every quarter is over for good');

    const before = long.requests.length;
    const progress: TrendLoadProgress[] = [];
    const window = { from: '2016-01-01', to: TODAY };
    const second = await loadTrend(longClient, window, {
      signal: signal(),
      counts,
      today: TODAY,
      onProgress: (p) => progress.push({ ...p }),
    });
    assert.ok(second.ok, JSON.stringify(second));
    assert.equal(second.value.granularity, 'quarter');
    const buckets = second.value.buckets;
    assert.equal(buckets.length, 44); // 2016 Q1 to 2026 Q4
    // 2016–2021 (24 quarters) come from the first load; 2022 Q1 to 2026 Q4 are asked for.
    const sent = long.requests.length - before;
    assert.equal(sent, 1 + 20);
    for (const bucket of buckets) {
      assert.equal(bucket.count, long.countInWindow(bucket.from, bucket.to), bucket.from);
    }
    assert.ok(buckets.some((b) => b.from < '2022-01-01' && b.count > 0));

    // Reused buckets are done from the start; done only grows, up to the total.
    assert.deepEqual(progress[0], { done: 24, total: 44, requestsLeft: 21 });
    for (let i = 1; i < progress.length; i++) {
      const [previous, current] = [progress[i - 1], progress[i]] as [
        TrendLoadProgress,
        TrendLoadProgress,
      ];
      assert.ok(current.done >= previous.done);
      assert.ok(current.requestsLeft <= previous.requestsLeft);
      assert.equal(current.total, 44);
    }
    assert.deepEqual(progress.at(-1), { done: 44, total: 44, requestsLeft: 0 });

    // The last quarter is not over yet: it is never kept.
    const current = bucketsFor(window.from, window.to).at(-1);
    assert.ok(current);
    assert.equal(counts.get(current), undefined);

    // Everything known: a past window needs no request at all.
    const again = long.requests.length;
    const third = await loadTrend(
      longClient,
      { from: '2014-01-01', to: '2019-12-31' },
      { signal: signal(), counts, today: TODAY },
    );
    assert.ok(third.ok);
    assert.equal(long.requests.length, again);
    for (const bucket of third.value.buckets) {
      assert.equal(bucket.count, long.countInWindow(bucket.from, bucket.to), bucket.from);
    }
  });

  test('without a cache nothing is reused', async () => {
    const window = { from: '2012-01-01', to: '2021-12-31' };
    await loadTrend(longClient, window, { signal: signal(), today: TODAY });
    const before = long.requests.length;
    await loadTrend(longClient, window, { signal: signal(), today: TODAY });
    assert.equal(long.requests.length - before, 41);
  });
});
