import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BucketRange,
  bucketsFor,
  DAY_LIMIT,
  daysInWindow,
  granularityFor,
  MAX_TREND_BUCKETS,
} from '../../electron/backend/trend/trend-buckets.ts';

const DAY_MS = 86_400_000;
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Every bucket non-empty, each starting the day after the previous ends, covering the window. */
function assertCovers(buckets: BucketRange[], from: string, to: string) {
  const where = `${from}..${to}`;
  assert.ok(buckets.length > 0, where);
  assert.equal(buckets[0]?.from, from, where);
  assert.equal(buckets.at(-1)?.to, to, where);
  for (const [i, bucket] of buckets.entries()) {
    assert.ok(bucket.from <= bucket.to, `${where}: ${bucket.from}..${bucket.to}`);
    if (i > 0) assert.equal(bucket.from, nextDay(buckets[i - 1]?.to as string), where);
  }
  const days = buckets.reduce((sum, b) => sum + daysInWindow(b.from, b.to), 0);
  assert.equal(days, daysInWindow(from, to), where);
}

test('the cap on buckets is 60', () => {
  assert.equal(MAX_TREND_BUCKETS, 60);
});

test('days up to 62 days, weeks up to 400 days, months beyond', () => {
  assert.equal(granularityFor('2026-01-01', '2026-03-03'), 'day'); // 62 days
  assert.equal(bucketsFor('2026-01-01', '2026-03-03').length, 62);
  assert.equal(granularityFor('2026-01-01', '2026-03-04'), 'week'); // 63 days
  assert.equal(daysInWindow('2025-01-01', '2026-02-04'), 400);
  assert.equal(granularityFor('2025-01-01', '2026-02-04'), 'week');
  assert.ok(bucketsFor('2025-01-01', '2026-02-04').length <= MAX_TREND_BUCKETS);
  assert.equal(granularityFor('2025-01-01', '2026-02-05'), 'month'); // 401 days
  // A year of weeks: 53 requests.
  assert.equal(bucketsFor('2025-01-01', '2025-12-31').length, 53);
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
  assertCovers(buckets, '2024-11-15', '2026-02-03');
});

test('months while at most 60, quarters from 61 months', () => {
  assert.equal(granularityFor('2021-01-01', '2025-12-31'), 'month');
  assert.equal(bucketsFor('2021-01-01', '2025-12-31').length, 60);
  // Partial months at both ends count as months touched.
  assert.equal(granularityFor('2021-01-31', '2025-12-01'), 'month');
  assert.equal(bucketsFor('2021-01-31', '2025-12-01').length, 60);
  assert.equal(granularityFor('2021-01-01', '2026-01-01'), 'quarter'); // 61 months
  assert.equal(granularityFor('2020-12-31', '2025-12-31'), 'quarter');
  assert.equal(bucketsFor('2021-01-01', '2026-01-01').length, 21);
});

test('quarter buckets are calendar quarters, clipped to the window', () => {
  const buckets = bucketsFor('2020-02-15', '2026-05-10');
  assert.deepEqual(buckets[0], { from: '2020-02-15', to: '2020-03-31' });
  assert.deepEqual(buckets[1], { from: '2020-04-01', to: '2020-06-30' });
  assert.deepEqual(buckets[2], { from: '2020-07-01', to: '2020-09-30' });
  assert.deepEqual(buckets[3], { from: '2020-10-01', to: '2020-12-31' });
  assert.deepEqual(buckets.at(-1), { from: '2026-04-01', to: '2026-05-10' });
  assertCovers(buckets, '2020-02-15', '2026-05-10');
});

test('quarters while at most 60 (15 years), years beyond', () => {
  assert.equal(granularityFor('2011-01-01', '2025-12-31'), 'quarter');
  assert.equal(bucketsFor('2011-01-01', '2025-12-31').length, 60);
  assert.equal(granularityFor('2011-01-01', '2026-01-01'), 'year');
  assert.equal(granularityFor('2010-12-31', '2025-12-31'), 'year');
  const years = bucketsFor('2011-01-01', '2026-01-01');
  assert.equal(years.length, 16);
  assert.deepEqual(years[0], { from: '2011-01-01', to: '2011-12-31' });
  assert.deepEqual(years.at(-1), { from: '2026-01-01', to: '2026-01-01' });
});

test('60 years are 60 buckets; beyond, the first bucket takes every older year', () => {
  const sixty = bucketsFor('1967-01-01', '2026-12-31');
  assert.equal(sixty.length, 60);
  assert.deepEqual(sixty[0], { from: '1967-01-01', to: '1967-12-31' });

  const sixtyOne = bucketsFor('1966-03-01', '2026-11-27');
  assert.equal(sixtyOne.length, 60);
  assert.deepEqual(sixtyOne[0], { from: '1966-03-01', to: '1967-12-31' });
  assert.deepEqual(sixtyOne[1], { from: '1968-01-01', to: '1968-12-31' });
  assertCovers(sixtyOne, '1966-03-01', '2026-11-27');

  const all = bucketsFor('1900-01-01', '2026-12-31'); // 127 years
  assert.equal(granularityFor('1900-01-01', '2026-12-31'), 'year');
  assert.equal(all.length, 60);
  assert.deepEqual(all[0], { from: '1900-01-01', to: '1967-12-31' });
  assert.deepEqual(all[1], { from: '1968-01-01', to: '1968-12-31' });
  assert.deepEqual(all.at(-1), { from: '2026-01-01', to: '2026-12-31' });
  assertCovers(all, '1900-01-01', '2026-12-31');

  // Years before 100 are not read as 19xx.
  const ancient = bucketsFor('0100-01-01', '2026-06-30');
  assert.equal(ancient.length, 60);
  assert.deepEqual(ancient[0], { from: '0100-01-01', to: '1967-12-31' });
  assertCovers(ancient, '0100-01-01', '2026-06-30');
});

test('any window: contiguous buckets covering it exactly, never more than the cap', () => {
  // A fixed pseudo-random set of windows, from one day to two centuries, plus the edges.
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const base = Date.parse('1900-01-01T00:00:00Z');
  const windows: [string, string][] = [
    ['2026-01-01', '2026-01-01'],
    ['2025-01-01', '2026-02-04'],
    ['2025-01-01', '2026-02-05'],
    ['2021-01-01', '2026-01-01'],
    ['2011-01-01', '2026-01-01'],
  ];
  for (let i = 0; i < 400; i++) {
    const start = base + Math.floor(random() * 45_000) * DAY_MS;
    const length = Math.floor(random() ** 3 * 70_000);
    const from = new Date(start).toISOString().slice(0, 10);
    const to = new Date(Math.min(start + length * DAY_MS, Date.parse('2099-12-31')))
      .toISOString()
      .slice(0, 10);
    windows.push([from, to]);
  }
  for (const [from, to] of windows) {
    const buckets = bucketsFor(from, to);
    assertCovers(buckets, from, to);
    const granularity = granularityFor(from, to);
    assert.ok(
      buckets.length <= (granularity === 'day' ? DAY_LIMIT : MAX_TREND_BUCKETS),
      `${from}..${to}: ${buckets.length} ${granularity} buckets`,
    );
  }
});
