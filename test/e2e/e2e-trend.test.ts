// The trend view: loaded only when opened, one bar per day for a 30-day window, a count on focus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { finish, localDay, openWithKey, WAIT } from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('the trend shows a bar per day, and a focused bar tells its count', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(
    app.calls.filter((c) => c.name === 'loadTrend').length,
    0,
    'not loaded until opened',
  );

  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  const bars = page.getByRole('group', { name: /Users per period/ }).getByRole('button');
  assert.equal(await bars.count(), 30);
  const total = fake.countInWindow(localDay(-29), localDay(0));
  await page.getByText(`${total.toLocaleString('en-US')} users in this period`).waitFor(WAIT);

  const lastDay = localDay(0);
  const expected = fake.countInWindow(lastDay, lastDay);
  await bars.last().focus();
  const tip = page.getByRole('tooltip');
  await tip.waitFor(WAIT);
  assert.match((await tip.textContent()) ?? '', new RegExp(`^${expected} users?`));
  assert.match(
    (await bars.last().getAttribute('aria-label')) ?? '',
    new RegExp(`: ${expected} users?$`),
  );
  await finish(app);
});

test('leaving the trend view while it loads cancels the load', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setLatency(300);
  try {
    await page.getByLabel('Period').selectOption('thisYear');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Trend', exact: true }).click();
    await page.getByText('Counting users for each period…').waitFor(WAIT);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    const deadline = Date.now() + 5000;
    while (!app.calls.some((c) => c.name === 'cancelTrend') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(app.calls.some((c) => c.name === 'cancelTrend'));
  } finally {
    fake.setLatency(0);
  }
  await finish(app);
});
