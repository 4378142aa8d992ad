// The renderer's date presets and range check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL_TIME_FROM,
  checkBounds,
  checkRange,
  DAY_MAX,
  DAY_MIN,
  isCalendarDay,
  outOfBounds,
  presetRange,
} from '../../renderer/src/lib/dates.ts';

const today = new Date(2026, 2, 15); // 15 March 2026, local time

test('presets count from today', () => {
  assert.deepEqual(presetRange('today', today), { from: '2026-03-15', to: '2026-03-15' });
  assert.deepEqual(presetRange('last7', today), { from: '2026-03-09', to: '2026-03-15' });
  assert.deepEqual(presetRange('last30', today), { from: '2026-02-14', to: '2026-03-15' });
  assert.deepEqual(presetRange('thisMonth', today), { from: '2026-03-01', to: '2026-03-15' });
  assert.deepEqual(presetRange('lastMonth', today), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(presetRange('thisYear', today), { from: '2026-01-01', to: '2026-03-15' });
  assert.equal(presetRange('custom', today), null);
  assert.deepEqual(presetRange('lastMonth', new Date(2026, 0, 10)), {
    from: '2025-12-01',
    to: '2025-12-31',
  });
});

test('impossible, empty and reversed ranges are caught per field', () => {
  assert.equal(isCalendarDay('2024-02-29'), true);
  assert.equal(isCalendarDay('2023-02-29'), false);
  assert.equal(isCalendarDay('2023-13-01'), false);
  assert.deepEqual(checkRange({ from: '2026-03-01', to: '2026-03-31' }), {});
  assert.deepEqual(checkRange({ from: '', to: '2026-03-31' }), { from: 'empty' });
  assert.deepEqual(checkRange({ from: '2026-02-30', to: '' }), { from: 'invalid', to: 'empty' });
  assert.deepEqual(checkRange({ from: '2026-04-01', to: '2026-03-31' }), { from: 'after_to' });
});

test('Yesterday, Last 90 days and All time', () => {
  assert.deepEqual(presetRange('yesterday', today), { from: '2026-03-14', to: '2026-03-14' });
  assert.deepEqual(presetRange('yesterday', new Date(2026, 0, 1)), {
    from: '2025-12-31',
    to: '2025-12-31',
  });
  assert.deepEqual(presetRange('last90', today), { from: '2025-12-16', to: '2026-03-15' });
  assert.deepEqual(presetRange('allTime', today), { from: '2019-01-01', to: '2026-03-15' });
  assert.equal(ALL_TIME_FROM, '2019-01-01');
  // Every preset stays inside the fields' bound, so none is refused by it.
  for (const preset of ['today', 'yesterday', 'last90', 'allTime'] as const) {
    assert.deepEqual(checkRange(presetRange(preset, today) ?? { from: '', to: '' }), {}, preset);
  }
});

test('days outside 2015..2100 are refused with their own problem; the format check is apart', () => {
  assert.equal(DAY_MIN, '2015-01-01');
  assert.equal(DAY_MAX, '2100-12-31');
  // Real days, so the contract's check would take them: the bound is the page's own.
  assert.equal(isCalendarDay('2014-12-31'), true);
  assert.equal(isCalendarDay('2101-01-01'), true);
  assert.equal(outOfBounds('2014-12-31'), 'too_early');
  assert.equal(outOfBounds('2015-01-01'), undefined);
  assert.equal(outOfBounds('2100-12-31'), undefined);
  assert.equal(outOfBounds('2101-01-01'), 'too_late');
  assert.equal(outOfBounds('12026-01-01'), 'too_late', 'a five-digit year is past the bound');
  assert.equal(outOfBounds('2026-02-30'), undefined, 'not a day at all: the format check says so');
  assert.deepEqual(checkRange({ from: '2014-06-01', to: '2026-03-31' }), { from: 'too_early' });
  assert.deepEqual(checkRange({ from: '2026-03-01', to: '2101-03-31' }), { to: 'too_late' });
  assert.deepEqual(checkRange({ from: '2026-01-01', to: '12026-03-31' }), { to: 'too_late' });
  assert.deepEqual(checkRange({ from: '2026-02-30', to: '2026-03-31' }), { from: 'invalid' });
  // While typing, only the bound is said; an empty or half-typed field waits for Search.
  assert.deepEqual(checkBounds({ from: '2010-01-01', to: '' }), { from: 'too_early' });
  assert.deepEqual(checkBounds({ from: '', to: '2026-01-01' }), {});
});

test('an inverted range is one problem, said once', () => {
  assert.deepEqual(checkRange({ from: '2026-03-31', to: '2026-03-01' }), { from: 'after_to' });
  // Outside the bound and inverted: the bound is what needs fixing first, alone.
  assert.deepEqual(checkRange({ from: '2101-01-01', to: '2026-03-01' }), { from: 'too_late' });
});
