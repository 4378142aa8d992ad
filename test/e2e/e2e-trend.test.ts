// The trend view: loaded only when opened (or by Search while open), one bar per day for a
// 30-day window, a count on focus; it says which window it shows and that the form changed,
// without loading for the form by itself; and never loaded by itself while an export runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportThroughStep,
  finish,
  focusedName,
  localDay,
  openSavingTo,
  openWithKey,
  WAIT,
} from './app-support.ts';

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

test('the trend says which window it shows, and a changed form is marked, never loaded by itself', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  const words = (day: string) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  const view = page.getByRole('region', { name: 'Trend' });
  await view
    .getByText(`Users who connected from ${words(localDay(-29))} to ${words(localDay(0))}`)
    .waitFor(WAIT);
  assert.equal(trendLoads(app), 1);

  // Another period in the form, no Search: the chart stays, says so, and costs nothing.
  await page.getByLabel('Period', { exact: true }).selectOption('last7');
  await view.getByText('Filters changed — press Search to update').waitFor(WAIT);
  await view
    .getByText(`Users who connected from ${words(localDay(-29))} to ${words(localDay(0))}`)
    .waitFor(WAIT);
  await page.getByText('Users per day').waitFor(WAIT);
  assert.equal(trendLoads(app), 1, 'not loaded for the form by itself');

  // Search is the ask: the chart follows, and the mark goes.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await view
    .getByText(`Users who connected from ${words(localDay(-6))} to ${words(localDay(0))}`)
    .waitFor(WAIT);
  await view
    .getByText('Filters changed — press Search to update')
    .waitFor({ state: 'detached', ...WAIT });
  await eventually('the chart loaded for the search', () => trendLoads(app) === 2);
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
    // "Counting users for each period…", then "Counting users: 3 of 52 periods, …".
    await page.getByText(/^Counting users/).waitFor(WAIT);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await eventually('the trend load is cancelled', () =>
      app.calls.some((c) => c.name === 'cancelTrend'),
    );
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

test('while an export runs the trend waits to be asked; it loads when asked or when the export ends', async () => {
  const { app, page } = await openSavingTo(fake, 'palenca-trend-export-');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const searchFrom = async (days: number) => {
    const total = fake.countInWindow(localDay(-days), localDay(0));
    await page.getByLabel('From').fill(localDay(-days));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText(`Showing 1–50 of ${total.toLocaleString('en-US')} users`).waitFor(WAIT);
  };
  const held = page.getByText(
    'The trend waits while an export runs, so the export keeps its pace. You can load it now anyway.',
  );
  const exportBar = page.getByRole('progressbar', { name: 'Export progress' });

  // An export of several pages, held running by slow answers; then the trend view is opened.
  await searchFrom(200);
  fake.setLatency(2500);
  try {
    await exportThroughStep(page);
    await exportBar.waitFor(WAIT);
    await page.getByRole('button', { name: 'Trend', exact: true }).click();
    await held.waitFor(WAIT);
    await page.getByRole('button', { name: 'Load the trend' }).waitFor(WAIT);
    assert.equal(trendLoads(app), 0, 'not loaded by itself during the export');
    // The export ends (cancelled here): the chart held for it loads by itself.
    await page.getByRole('button', { name: 'Cancel export' }).click();
  } finally {
    fake.setLatency(0);
  }
  await page.getByText(/^Users per (day|week|month)$/).waitFor(WAIT);
  assert.equal(trendLoads(app), 1);

  // Another window, another export: the person asks for the chart anyway, and it loads.
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await searchFrom(150);
  fake.setLatency(2500);
  try {
    await exportThroughStep(page);
    await exportBar.waitFor(WAIT);
    await page.getByRole('button', { name: 'Trend', exact: true }).click();
    await held.waitFor(WAIT);
    assert.equal(trendLoads(app), 1);
    await page.getByRole('button', { name: 'Load the trend' }).click();
    await eventually('the chart asked for', () => trendLoads(app) === 2);
    assert.equal(await exportBar.count(), 1, 'while the export still runs');
    await page.getByRole('button', { name: 'Cancel export' }).click();
  } finally {
    fake.setLatency(0);
  }
  await page.getByText(/^Users per (day|week|month)$/).waitFor(WAIT);
  assert.equal(trendLoads(app), 2);
  await finish(app);
});

test('while the chart loads it says how many periods are counted and about how long is left', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('From').fill(localDay(-200));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setLatency(400);
  try {
    await page.getByRole('button', { name: 'Trend', exact: true }).click();
    await page
      .getByText(
        /^Counting users: \d+ of \d+ periods(, (about \d+ minutes?|less than a minute) left)?$/,
      )
      .waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  await page.getByText('Users per week').waitFor(WAIT);
  await finish(app);
});

/** The chart's bars' spoken labels, after searching `from` to `to` (default today). */
async function barLabelsFrom(from: string, title: string, to?: string) {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('From').fill(from);
  if (to) await page.getByLabel('To', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing \d+–\d+ of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText(title, { exact: true }).waitFor(WAIT);
  const bars = page.getByRole('group', { name: /Users per period/ }).getByRole('button');
  const labels: string[] = [];
  for (const bar of await bars.all()) labels.push((await bar.getAttribute('aria-label')) ?? '');
  await finish(app);
  return labels;
}

test('eight years are counted per quarter, each bar named like "Q1 2024"', async () => {
  const labels = await barLabelsFrom(localDay(-365 * 8), 'Users per quarter');
  assert.ok(labels.length > 30 && labels.length <= 60, `${labels.length} bars`);
  for (const label of labels) assert.match(label, /^Q[1-4] \d{4}: [\d,]+ users?$/);
  const year = new Date().getUTCFullYear();
  const quarter = Math.floor(new Date().getUTCMonth() / 3) + 1;
  assert.match(labels.at(-1) ?? '', new RegExp(`^Q${quarter} ${year}: `));
});

test('decades are counted per year; the first bar spans the oldest years', async () => {
  // The widest window the date fields accept (2015 to 2100): more years than bars.
  const labels = await barLabelsFrom('2015-03-15', 'Users per year', '2100-12-31');
  assert.ok(labels.length <= 60, `${labels.length} bars`);
  assert.match(labels[0] ?? '', /^Mar 15, 2015 – Dec 31, \d{4}: [\d,]+ users?$/);
  for (const label of labels.slice(1)) assert.match(label, /^\d{4}: [\d,]+ users?$/);
  assert.match(labels.at(-1) ?? '', /^2100: 0 users$/);
});
