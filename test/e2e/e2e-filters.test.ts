// The filter form: the external ID is exact and says so, shows as an active filter with
// Clear, and hints at the letter case when nothing matches; the date fields carry a
// plausible bound and refuse a day outside it at the field; Yesterday, Last 90 days and All
// time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { eventually, finish, localDay, openWithKey, searches, WAIT } from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 800, seed: 7 });
});
after(() => fake.close());

const EXTERNAL_ID = 'Exact external ID (case-sensitive)';

test('an external ID: exact, shown as an active filter with Clear, a hint when nothing matches', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const someone = fake
    .usersInWindow(localDay(-29), localDay(0))
    .find((user) => user.external_id && /[a-z]/.test(user.external_id));
  assert.ok(someone?.external_id, 'the fake has a user with a lower-case external ID');
  const id = someone.external_id;

  // The wrong letter case finds nobody, and the page says what to check.
  await page.getByLabel(EXTERNAL_ID).fill(id.toUpperCase());
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No users found').waitFor(WAIT);
  await page
    .getByText('No user has exactly this external ID. Check upper/lower case.')
    .waitFor(WAIT);

  // The exact ID finds the person; the filter shows as active until cleared.
  await page.getByLabel(EXTERNAL_ID).fill(id);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–1 of 1 user/).waitFor(WAIT);
  const chip = page.getByText('Only external ID', { exact: false });
  await chip.waitFor(WAIT);
  assert.match((await chip.textContent()) ?? '', new RegExp(id));
  assert.equal(await page.getByText('Check upper/lower case.', { exact: false }).count(), 0);

  const sent = searches(app).length;
  await page.getByRole('button', { name: 'Clear the external ID filter' }).click();
  await chip.waitFor({ state: 'detached', ...WAIT });
  await eventually('searched again without the ID', () => searches(app).length === sent + 1);
  assert.equal(searches(app).at(-1)?.externalId, undefined);
  assert.equal(await page.getByLabel(EXTERNAL_ID).inputValue(), '');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await finish(app);
});

test('a day outside 2015–2100 is refused at the field, in its own words, before Search', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const from = page.getByLabel('From');
  const to = page.getByLabel('To');
  for (const field of [from, to]) {
    assert.equal(await field.getAttribute('min'), '2015-01-01');
    assert.equal(await field.getAttribute('max'), '2100-12-31');
  }
  const sent = searches(app).length;

  await from.fill('2014-12-31');
  await page.getByText('Dates before 2015 are not available.', { exact: false }).waitFor(WAIT);
  assert.equal(await from.getAttribute('aria-invalid'), 'true');
  await to.fill('2101-01-01');
  await page.getByText('Dates after 2100 are not available.', { exact: false }).waitFor(WAIT);
  assert.equal(await to.getAttribute('aria-invalid'), 'true');
  // Search refuses them too, and nothing is sent.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('Dates before 2015 are not available.', { exact: false }).waitFor(WAIT);
  assert.equal(searches(app).length, sent);

  // Back inside the bound, the messages go; an inverted range is one message.
  await from.fill('2026-03-10');
  await to.fill('2026-03-01');
  await page
    .getByText('Dates before 2015', { exact: false })
    .waitFor({ state: 'detached', ...WAIT });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('The From date is after the To date.', { exact: false }).waitFor(WAIT);
  assert.equal(await page.locator('.field-error').count(), 1);
  assert.equal(searches(app).length, sent);
  await finish(app);
});

test('Yesterday, Last 90 days and All time fill the fields and search those days', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const cases = [
    ['yesterday', 'Yesterday', localDay(-1), localDay(-1)],
    ['last90', 'Last 90 days', localDay(-89), localDay(0)],
    ['allTime', 'All time', '2019-01-01', localDay(0)],
  ] as const;
  for (const [value, label, from, to] of cases) {
    await page.getByLabel('Period').selectOption({ label });
    assert.equal(await page.getByLabel('Period').inputValue(), value);
    assert.equal(await page.getByLabel('From').inputValue(), from);
    assert.equal(await page.getByLabel('To').inputValue(), to);
    const sent = searches(app).length;
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await eventually(`${label} searched`, () => searches(app).length === sent + 1);
    const last = searches(app).at(-1);
    assert.deepEqual({ from: last?.from, to: last?.to }, { from, to });
  }
  await page
    .getByText(
      `of ${fake.countInWindow('2019-01-01', localDay(0)).toLocaleString('en-US')} users`,
      { exact: false },
    )
    .waitFor(WAIT);
  await finish(app);
});
