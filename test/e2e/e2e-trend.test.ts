// The trend view: loaded only when opened, one bar per day for a 30-day window, a count on focus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { finish, focusedName, localDay, openWithKey, WAIT } from './app-support.ts';

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

const trendLoads = (app: { calls: Array<{ name: string }> }) =>
  app.calls.filter((c) => c.name === 'loadTrend').length;

test('reopening the trend for the same search uses the cached one: no new load', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  assert.equal(trendLoads(app), 1);
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  assert.equal(trendLoads(app), 1, 'the cached trend was shown');
  await finish(app);
});

for (const [days, granularity] of [
  [120, 'week'],
  [500, 'month'],
] as const) {
  test(`a ${days}-day window is counted per ${granularity}`, async () => {
    const app = await openWithKey(fake);
    const { page } = app;
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    const from = localDay(-days);
    await page.getByLabel('From').fill(from);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    await page.getByRole('button', { name: 'Trend', exact: true }).click();
    await page.getByText(`Users per ${granularity}`).waitFor(WAIT);
    const bars = page.getByRole('group', { name: /Users per period/ }).getByRole('button');
    const [fewest, most] =
      granularity === 'week' ? [Math.floor(days / 7), Math.ceil(days / 7) + 2] : [16, 19];
    const count = await bars.count();
    assert.ok(count >= fewest && count <= most, `${count} bars`);
    const total = fake.countInWindow(from, localDay(0));
    await page.getByText(`${total.toLocaleString('en-US')} users in this period`).waitFor(WAIT);
    await finish(app);
  });
}

test('the chart is one tab stop; arrow keys, Home and End move between bars', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  const bars = page.getByRole('group', { name: /Users per period/ }).getByRole('button');
  assert.equal(await page.locator('.bars [tabindex="0"]').count(), 1);

  // Tab from the Trend button reaches one bar (the newest), and the next Tab leaves the chart.
  await page.getByRole('button', { name: 'Trend', exact: true }).focus();
  let name = '';
  for (let i = 0; i < 10 && !/users?$/.test(name); i++) {
    await page.keyboard.press('Tab');
    name = await focusedName(page);
  }
  assert.equal(name, await bars.last().getAttribute('aria-label'));
  await page.keyboard.press('Home');
  assert.equal(await focusedName(page), await bars.first().getAttribute('aria-label'));
  const firstCount = fake.countInWindow(localDay(-29), localDay(-29));
  const tip = page.getByRole('tooltip');
  assert.match((await tip.textContent()) ?? '', new RegExp(`^${firstCount} users?`));
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusedName(page), await bars.nth(1).getAttribute('aria-label'));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // stays on the first bar
  assert.equal(await focusedName(page), await bars.first().getAttribute('aria-label'));
  await page.keyboard.press('End');
  assert.equal(await focusedName(page), await bars.last().getAttribute('aria-label'));
  await page.keyboard.press('Tab');
  assert.doesNotMatch(await focusedName(page), /users?$/, 'one Tab leaves the chart');
  await finish(app);
});
