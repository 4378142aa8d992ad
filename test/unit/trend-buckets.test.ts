import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bucketsFor,
  daysInWindow,
  granularityFor,
} from '../../electron/backend/trend/trend-buckets.ts';

test('days up to 62 days, weeks up to 400 days, months beyond', () => {
  assert.equal(granularityFor('2026-01-01', '2026-03-03'), 'day'); // 62 days
  assert.equal(granularityFor('2026-01-01', '2026-03-04'), 'week'); // 63 days
  assert.equal(daysInWindow('2025-01-01', '2026-02-04'), 400);
  assert.equal(granularityFor('2025-01-01', '2026-02-04'), 'week');
  assert.equal(granularityFor('2025-01-01', '2026-02-05'), 'month');
});

test('day buckets cover every day once, across a month end and a leap day', () => {
  const buckets = bucketsFor('2028-02-27', '2028-03-02');
  assert.deepEqual(
    buckets.map((b) => [b.from, b.to]),
    [
      ['2028-02-27', '2028-02-27'],
      ['2028-02-28', '2028-02-28'],
      ['2028-02-29', '2028-02-29'],
      ['2028-03-01', '2028-03-01'],
      ['2028-03-02', '2028-03-02'],
    ],
  );
});

test('week buckets run Monday to Sunday, clipped to the window', () => {
  // 2026-01-01 is a Thursday; 2026-03-10 a Tuesday.
  const buckets = bucketsFor('2026-01-01', '2026-03-10');
  assert.deepEqual(buckets[0], { from: '2026-01-01', to: '2026-01-04' });
  assert.deepEqual(buckets[1], { from: '2026-01-05', to: '2026-01-11' });
  assert.deepEqual(buckets.at(-1), { from: '2026-03-09', to: '2026-03-10' });
});

test('month buckets are calendar months, clipped, with no gap or overlap', () => {
  const buckets = bucketsFor('2024-11-15', '2026-02-03');
  assert.equal(buckets.length, 16);
  assert.deepEqual(buckets[0], { from: '2024-11-15', to: '2024-11-30' });
  assert.deepEqual(buckets[1], { from: '2024-12-01', to: '2024-12-31' });
  assert.deepEqual(buckets[4], { from: '2025-03-01', to: '2025-03-31' });
  assert.deepEqual(buckets.at(-1), { from: '2026-02-01', to: '2026-02-03' });
  const total = buckets.reduce((sum, b) => sum + daysInWindow(b.from, b.to), 0);
  assert.equal(total, daysInWindow('2024-11-15', '2026-02-03'));
});
