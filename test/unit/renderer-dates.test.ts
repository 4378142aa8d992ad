// The renderer's date presets and range check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRange, isCalendarDay, presetRange } from '../../renderer/src/lib/dates.ts';

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
