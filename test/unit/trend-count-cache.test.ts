import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isSettled,
  SETTLED_DAYS,
  TREND_CACHE_ENTRIES,
  TrendCountCache,
} from '../../electron/backend/trend/trend-count-cache.ts';

const range = (from: string, to: string) => ({ from, to });

test('a bucket is settled when it ended at least two days before today (UTC)', () => {
  assert.equal(SETTLED_DAYS, 2);
  assert.equal(isSettled(range('2026-11-01', '2026-11-25'), '2026-11-27'), true);
  assert.equal(isSettled(range('2026-11-01', '2026-11-26'), '2026-11-27'), false);
  assert.equal(isSettled(range('2026-11-27', '2026-11-27'), '2026-11-27'), false);
  // Across a month and a year end.
  assert.equal(isSettled(range('2025-12-01', '2025-12-30'), '2026-01-01'), true);
  assert.equal(isSettled(range('2025-12-01', '2025-12-31'), '2026-01-01'), false);
});

test('counts are kept per environment, external ID and bucket', () => {
  const cache = new TrendCountCache();
  const sandbox = cache.for('sandbox', undefined);
  sandbox.set(range('2026-01-01', '2026-01-31'), 7);
  assert.equal(sandbox.get(range('2026-01-01', '2026-01-31')), 7);
  assert.equal(sandbox.get(range('2026-01-01', '2026-01-30')), undefined);
  assert.equal(cache.for('sandbox', '').get(range('2026-01-01', '2026-01-31')), 7);
  assert.equal(cache.for('sandbox', '  ').get(range('2026-01-01', '2026-01-31')), undefined);
  assert.equal(cache.for('sandbox', 'abc').get(range('2026-01-01', '2026-01-31')), undefined);
  assert.equal(
    cache.for('production', undefined).get(range('2026-01-01', '2026-01-31')),
    undefined,
  );
});

test('bounded: the oldest counts go first', () => {
  assert.equal(TREND_CACHE_ENTRIES, 5_000);
  const cache = new TrendCountCache(3);
  const counts = cache.for('sandbox', undefined);
  counts.set(range('2026-01-01', '2026-01-01'), 1);
  counts.set(range('2026-01-02', '2026-01-02'), 2);
  counts.set(range('2026-01-03', '2026-01-03'), 3);
  counts.get(range('2026-01-01', '2026-01-01')); // used again: no longer the oldest
  counts.set(range('2026-01-04', '2026-01-04'), 4);
  assert.equal(cache.size, 3);
  assert.equal(counts.get(range('2026-01-02', '2026-01-02')), undefined);
  assert.equal(counts.get(range('2026-01-01', '2026-01-01')), 1);
  assert.equal(counts.get(range('2026-01-04', '2026-01-04')), 4);
});

test('clearing one environment keeps the others', () => {
  const cache = new TrendCountCache();
  cache.for('sandbox', undefined).set(range('2026-01-01', '2026-01-31'), 1);
  cache.for('production', undefined).set(range('2026-01-01', '2026-01-31'), 2);
  cache.clear('sandbox');
  assert.equal(cache.for('sandbox', undefined).get(range('2026-01-01', '2026-01-31')), undefined);
  assert.equal(cache.for('production', undefined).get(range('2026-01-01', '2026-01-31')), 2);
  cache.clear();
  assert.equal(cache.size, 0);
});
