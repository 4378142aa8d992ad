import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPalencaClient, type PalencaClient } from '../../electron/backend/palenca/client.ts';
import { loadTrend } from '../../electron/backend/trend/trend-loader.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

const TODAY = '2026-11-27';
let fake: FakePalenca;
let client: PalencaClient;

before(async () => {
  fake = await startFakePalenca({ users: 3000, today: TODAY, days: 400 });
  const made = createPalencaClient({
    baseUrl: fake.baseUrl,
    apiKey: fake.apiKey,
    tuning: { attempts: 3, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 },
  });
  assert.ok(made.ok);
  client = made.value;
});
after(() => fake.close());

test('per-day counts add up to the window total and match the server day by day', async () => {
  const result = await loadTrend(
    client,
    { from: '2026-10-29', to: TODAY },
    new AbortController().signal,
  );
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

test('never more than four requests in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  const counting: PalencaClient = {
    getUserAccounts: client.getUserAccounts,
    async searchUsers(query, options) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await client.searchUsers(query, options);
      } finally {
        inFlight--;
      }
    },
  };
  fake.setLatency(15);
  try {
    const result = await loadTrend(
      counting,
      { from: '2026-09-01', to: TODAY },
      new AbortController().signal,
    );
    assert.ok(result.ok);
    assert.equal(result.value.granularity, 'week');
    assert.equal(peak, 4);
  } finally {
    fake.setLatency(0);
  }
});

test('a bad window is a clear error, never an empty chart', async () => {
  const result = await loadTrend(
    client,
    { from: '2026-11-27', to: '2026-11-01' },
    new AbortController().signal,
  );
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'bad_request');
});

test('cancelling stops the load with `cancelled`', async () => {
  const controller = new AbortController();
  fake.setLatency(50);
  try {
    const pending = loadTrend(client, { from: '2025-11-01', to: TODAY }, controller.signal);
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
    const result = await loadTrend(
      client,
      { from: '2026-11-01', to: TODAY },
      new AbortController().signal,
    );
    assert.equal(!result.ok && result.error.code, 'unavailable');
  } finally {
    fake.setFault(null);
  }
});
