// Any real calendar day from 0001-01-01 to 9999-12-31: the backend's check (also the CLI's)
// and the page's agree, day by day, with an independent reading through Date.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isCalendarDay as backendDay } from '#common/days.ts';
import { createPalencaClient } from '../../electron/backend/palenca/client.ts';
import { checkSearchInput } from '../../electron/backend/palenca/search-input.ts';
import { isCalendarDay as pageDay } from '../../renderer/src/lib/dates.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';

/** Through Date, with setUTCFullYear (Date.UTC would read 0050 as 1950). */
function reference(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

test('both checks agree with the reference on every candidate day of awkward years', () => {
  const years = [
    ...Array.from({ length: 101 }, (_, i) => i), // 0000–0100: Date.UTC's 1900–1999 quirk
    399,
    400,
    401,
    1582,
    1899,
    1900,
    1901,
    1999,
    2000,
    2023,
    2024,
    2100,
    9998,
    9999,
  ];
  const disagreements: string[] = [];
  let real = 0;
  for (const y of years) {
    for (let m = 0; m <= 13; m++) {
      for (let d = 0; d <= 32; d++) {
        const day = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        const expected = reference(day);
        if (expected) real++;
        if (backendDay(day) !== expected || pageDay(day) !== expected) disagreements.push(day);
      }
    }
  }
  assert.deepEqual(disagreements.slice(0, 10), []);
  assert.ok(real > 100 * 365, `real days checked: ${real}`);
});

test('the named cases', () => {
  const cases: Array<[string, boolean]> = [
    ['0001-01-01', true],
    ['0004-02-29', true],
    ['0050-02-28', true],
    ['0050-02-29', false],
    ['0099-12-31', true],
    ['0100-02-29', false],
    ['0400-02-29', true],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['9999-12-31', true],
    ['0000-01-01', false],
    ['0000-12-31', false],
    ['10000-01-01', false],
    ['-001-01-01', false],
    ['2024-1-01', false],
    ['2024-01-01 ', false],
  ];
  for (const [day, real] of cases) {
    assert.equal(backendDay(day), real, `backend ${day}`);
    assert.equal(pageDay(day), real, `page ${day}`);
  }
});

test('the search check takes 0001-01-01 to 9999-12-31', () => {
  const checked = checkSearchInput({ from: '0001-01-01', to: '9999-12-31', page: 1, perPage: 1 });
  assert.ok(checked.ok, JSON.stringify(checked));
  const early = checkSearchInput({ from: '0050-01-01', to: '0099-12-31', page: 1, perPage: 1 });
  assert.ok(early.ok, JSON.stringify(early));
  const leap = checkSearchInput({ from: '0050-02-29', to: '0099-12-31', page: 1, perPage: 1 });
  assert.equal(!leap.ok && leap.error.field, 'from');
});

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 20 });
});
after(() => fake.close());

test('a search of the years 0001–0099 reaches Palenca and answers (no users then)', async () => {
  const created = createPalencaClient({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  assert.ok(created.ok);
  const result = await created.value.searchUsers({
    from: '0001-01-01',
    to: '0099-12-31',
    page: 1,
    perPage: 10,
  });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.value.pagination.total_items, 0);
  assert.deepEqual(fake.requests.at(-1)?.body, {
    start_date: '0099-12-31',
    end_date: '0001-01-01',
    options: { items_per_page: 10, page: 1 },
  });
});
