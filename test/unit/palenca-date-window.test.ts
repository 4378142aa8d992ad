import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCalendarDay } from '#common/days.ts';
import {
  APP_FIELD_OF_API_DATE,
  toApiDateWindow,
} from '../../electron/backend/palenca/date-window.ts';

test('From (earliest) becomes end_date and To (latest) becomes start_date', () => {
  assert.deepEqual(toApiDateWindow({ from: '2022-01-01', to: '2022-12-31' }), {
    start_date: '2022-12-31',
    end_date: '2022-01-01',
  });
});

test('the reverse lookup used to name a rejected field follows the same mapping', () => {
  assert.deepEqual(APP_FIELD_OF_API_DATE, { start_date: 'to', end_date: 'from' });
});

test('isCalendarDay accepts real days only', () => {
  for (const day of ['2024-02-29', '2023-12-31', '2000-01-01', '1999-06-15']) {
    assert.equal(isCalendarDay(day), true, day);
  }
  for (const day of [
    '2023-02-29',
    '2023-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-1-5',
    '20230105',
    '2023-01-05T00:00:00Z',
    ' 2023-01-05',
    '',
    'yesterday',
  ]) {
    assert.equal(isCalendarDay(day), false, day);
  }
});
