// What a search sends: a preset counted again from the day of the search (a window left open
// past midnight), custom days as typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchRange } from '../../renderer/src/lib/dates.ts';

test('a preset chosen yesterday is counted from today when the search is sent', () => {
  // The form was filled on 15 March ("Today" = 15 March); the search goes out on 16 March.
  const form = { preset: 'today' as const, from: '2026-03-15', to: '2026-03-15' };
  assert.deepEqual(searchRange(form, new Date(2026, 2, 16, 0, 5)), {
    from: '2026-03-16',
    to: '2026-03-16',
  });
  const last30 = { preset: 'last30' as const, from: '2026-02-14', to: '2026-03-15' };
  assert.deepEqual(searchRange(last30, new Date(2026, 2, 16)), {
    from: '2026-02-15',
    to: '2026-03-16',
  });
  // Past the month's end, "This month" becomes the new month.
  const thisMonth = { preset: 'thisMonth' as const, from: '2026-03-01', to: '2026-03-31' };
  assert.deepEqual(searchRange(thisMonth, new Date(2026, 3, 1)), {
    from: '2026-04-01',
    to: '2026-04-01',
  });
});

test('custom days are sent exactly as typed, whatever the day', () => {
  const form = { preset: 'custom' as const, from: '2020-01-01', to: '2020-01-31' };
  assert.deepEqual(searchRange(form, new Date(2026, 2, 16)), {
    from: '2020-01-01',
    to: '2020-01-31',
  });
  const bad = { preset: 'custom' as const, from: '', to: 'nope' };
  assert.deepEqual(searchRange(bad, new Date(2026, 2, 16)), { from: '', to: 'nope' });
});
