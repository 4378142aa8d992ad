// The main screen's filters, table and paging against the fake Palenca server, including
// faults: a 429 storm, going offline mid-session, and invalid dates that are never sent; the
// pager above the rows, "Go to page", the sticky header row and whole IDs on focus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  localDay,
  openWithKey,
  searchEmptyWindow,
  searches,
  WAIT,
} from './app-support.ts';

const USERS = 3000;
let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: USERS });
});
after(() => fake.close());

const showing = (from: number, to: number, total: number) =>
  `Showing ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} users`;

test('the last 30 days load at start; paging First/Previous/Next/Last to the last page', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  assert.ok(total > 150, `the fake should have more than 3 pages (has ${total})`);
  const pages = Math.ceil(total / 50);
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  assert.equal(await page.getByLabel('Period').inputValue(), 'last30');
  assert.equal(await page.getByLabel('From').inputValue(), localDay(-29));
  assert.equal(await page.getByLabel('To').inputValue(), localDay(0));
  await page.getByText(`Page 1 of ${pages}`).waitFor(WAIT);
  assert.equal(await page.getByRole('button', { name: 'Previous' }).isDisabled(), true);
  assert.equal(await page.locator('th[scope="col"]').count(), 3);

  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(showing(51, 100, total)).waitFor(WAIT);
  await page.getByText(`Page 2 of ${pages}`).waitFor(WAIT);

  await page.getByRole('button', { name: 'Last' }).click();
  await page.getByText(showing((pages - 1) * 50 + 1, total, total)).waitFor(WAIT);
  await page.getByText(`Page ${pages} of ${pages}`).waitFor(WAIT);
  assert.equal(await page.locator('tbody tr').count(), total - (pages - 1) * 50);
  assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
  // The last row on screen is the oldest user of the window (newest first).
  const expected = fake.usersInWindow(localDay(-29), localDay(0));
  const lastId = await page.locator('tbody tr').last().locator('td').first().textContent();
  assert.equal(lastId?.trim(), expected.at(-1)?.user_id);

  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByText(`Page ${pages - 1} of ${pages}`).waitFor(WAIT);
  await page.getByRole('button', { name: 'First' }).click();
  await page.getByText(`Page 1 of ${pages}`).waitFor(WAIT);
  assert.deepEqual(
    searches(app).map((s) => s.page),
    [1, 2, pages, pages - 1, 1],
  );
  await finish(app);
});

test('page size: 25 per page, sent as perPage and remembered', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake);
  await app.page.getByText(showing(1, 50, total)).waitFor(WAIT);
  await app.page.getByLabel('Rows per page').selectOption('25');
  await app.page.getByText(showing(1, 25, total)).waitFor(WAIT);
  assert.equal(await app.page.locator('tbody tr').count(), 25);
  // Every page size the page asked for, in order, said if this ever fails.
  const sizes = searches(app).map((s) => s.perPage);
  assert.equal(sizes.at(-1), 25, `page sizes sent: ${sizes.join(', ')}`);
  // The page saves the choice beside the search, without waiting for it: wait for the file.
  await eventually('the page size is saved', async () => {
    const settings = await app.backend.dispatch('getSettings', undefined);
    return settings.ok && settings.value.pageSize === 25;
  });
  await finish(app);
});

test('invalid ranges are explained next to the fields and never sent', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const sent = searches(app).length;

  await page.getByLabel('From').fill('2026-03-10');
  assert.equal(await page.getByLabel('Period').inputValue(), 'custom');
  await page.getByLabel('To').fill('2026-03-01');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('The From date is after the To date.', { exact: false }).waitFor(WAIT);
  assert.equal(await page.getByLabel('From').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('From').fill('');
  await page.getByLabel('To').press('Enter');
  await page.getByText('Enter a From date.').waitFor(WAIT);
  assert.equal(searches(app).length, sent, 'no invalid search reached the backend');

  // Enter in the External ID field submits a valid search.
  await page.getByLabel('Period').selectOption('last7');
  await page.getByLabel('Exact external ID (case-sensitive)').fill('cus_000053');
  await page.getByLabel('Exact external ID (case-sensitive)').press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length <= n, 1, WAIT);
  assert.equal(searches(app).length, sent + 1);
  assert.deepEqual(
    { from: searches(app).at(-1)?.from, externalId: searches(app).at(-1)?.externalId },
    { from: localDay(-6), externalId: 'cus_000053' },
  );
  await finish(app);
});

test('an empty result says so, with the dates in words', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await searchEmptyWindow(page);
  await page
    .getByText('No users connected between January 1, 2020 and January 31, 2020.')
    .waitFor(WAIT);
  assert.equal(await page.locator('tbody tr').count(), 0);
  await finish(app);
});

test('a 429 storm is ridden out: the page still shows the users', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  const before = fake.requests.length;
  // Three refusals. After each the app sends nothing until Palenca's window ends, so each
  // says its window ends about a second after it.
  let refusals = 0;
  fake.onRequest(() => {
    if (refusals++ >= 3) return;
    const reset = String(Math.ceil(Date.now() / 1000 + 0.5));
    fake.failNext({
      kind: 'rate_limited',
      retryAfter: '0',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
  });
  try {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(showing(51, 100, total)).waitFor(WAIT);
  } finally {
    fake.onRequest(null);
  }
  assert.equal(fake.requests.length - before, 4, 'three refusals, then the answer');
  assert.equal(await page.getByRole('alert').count(), 0);
  await finish(app);
});

test('going offline mid-session: a plain message with Retry, and Retry works after', async () => {
  const own = await startFakePalenca({ users: USERS });
  const port = Number(new URL(own.baseUrl).port);
  const total = own.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(own);
  const { page } = app;
  let revived: FakePalenca | null = null;
  try {
    await page.getByText(showing(1, 50, total)).waitFor(WAIT);
    await own.close();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Cannot reach Palenca.', { exact: false }).waitFor(WAIT);
    // The old rows stay on screen under the message; no raw codes.
    assert.equal(await page.locator('tbody tr').count(), 50);
    assert.equal(await page.getByText('offline', { exact: true }).count(), 0);
    await page.getByText('Details').click();

    revived = await startFakePalenca({ users: USERS, port });
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(showing(51, 100, total)).waitFor(WAIT);
    assert.equal(await page.getByRole('alert').count(), 0);
    await finish(app);
  } finally {
    await revived?.close();
  }
});

test('copying an ID says what was copied, clear of the page label', async () => {
  const app = await openWithKey(fake, { viewport: { width: 1024, height: 640 } });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Copy widget ID' }).first().click();
  const notice = page.getByRole('status').getByText('Widget ID copied', { exact: true });
  await notice.waitFor(WAIT);
  // Copying does not open the accounts panel.
  assert.equal(await page.getByRole('dialog').count(), 0);
  const label = await page.getByText(/^Page 1 of/).boundingBox();
  const toast = await notice.boundingBox();
  assert.ok(label && toast, 'both on screen');
  const overlaps =
    toast.x < label.x + label.width &&
    label.x < toast.x + toast.width &&
    toast.y < label.y + label.height &&
    label.y < toast.y + toast.height;
  assert.equal(overlaps, false, 'the notice does not cover the page label');
  await finish(app);
});

test('while the next page loads the old rows stay, dimmed, with a still progress bar', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  // Slow enough that the bar is still there to be looked at on a busy machine.
  fake.setLatency(3000);
  try {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('table.dimmed').waitFor(WAIT);
    assert.equal(await page.locator('tbody tr').count(), 50, 'no flashing empty table');
    await page.getByRole('progressbar', { name: 'Loading users…' }).waitFor(WAIT);
    // The harness asks for reduced motion: the bar does not slide.
    const animation = await page
      .locator('.progress')
      .evaluate((el) => getComputedStyle(el).animationName);
    assert.equal(animation, 'none');
  } finally {
    fake.setLatency(0);
  }
  await page.getByText(showing(51, 100, total)).waitFor(WAIT);
  assert.equal(await page.locator('table.dimmed').count(), 0);
  await finish(app);
});

test('after an empty result, a new search that is loading does not claim it is empty', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await searchEmptyWindow(page);

  fake.setLatency(1500);
  try {
    await page.getByLabel('Period').selectOption('thisYear');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Loading users…').first().waitFor(WAIT);
    assert.equal(await page.getByText('No users found').count(), 0, 'no empty state while loading');
    assert.equal(await page.getByText(/^No users connected between/).count(), 0);
  } finally {
    fake.setLatency(0);
  }
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await finish(app);
});

test('a failed search for other dates does not leave the old rows as if they were its answer', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setFault({ kind: 'unavailable' });
  try {
    await page.getByLabel('Period').selectOption('last7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Palenca is temporarily unavailable', { exact: false }).waitFor(WAIT);
    assert.equal(await page.locator('tbody tr').count(), 0, 'the last 30 days are gone');
    assert.equal(await page.getByText(/^Showing /).count(), 0);
    assert.equal(await page.getByText(/^Page \d+ of/).count(), 0, 'no page label for no rows');
  } finally {
    fake.setFault(null);
  }
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(searches(app).at(-1)?.from, localDay(-6));
  await finish(app);
});

test('three quick clicks on Next move three pages, each asked for once', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  fake.setLatency(400);
  try {
    const next = page.getByRole('button', { name: 'Next' });
    await next.click();
    await next.click();
    await next.click();
    await page.getByText(showing(151, 200, total)).waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  await page.getByText(/^Page 4 of/).waitFor(WAIT);
  assert.deepEqual(
    searches(app).map((s) => s.page),
    [1, 2, 3, 4],
  );
  await finish(app);
});

test('switching the environment while a search loads shows only the new environment', async () => {
  const app = await openWithKey(fake, { environments: ['sandbox', 'production'] });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.setLatency(600);
  try {
    await page.getByLabel('Period').selectOption('thisYear');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('table.dimmed').waitFor(WAIT);
    // The old rows say whose they are while the new search loads.
    await page.getByText(/^The rows below are still those from/).waitFor(WAIT);
    await page.getByLabel('Environment').selectOption('production');
    await page.getByText('Production — live data').waitFor(WAIT);
    // Let the sandbox answer arrive too: it must not land on the production screen.
    await page.waitForTimeout(900);
  } finally {
    fake.setLatency(0);
  }
  const last = searches(app).at(-1);
  assert.equal(last?.environment, 'production');
  const from = String(last?.from);
  const to = String(last?.to);
  await page.getByText(showing(1, 50, fake.countInWindow(from, to))).waitFor(WAIT);
  assert.equal(await page.locator('table.dimmed').count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  const firstId = await page.locator('tbody tr').first().locator('td').first().textContent();
  assert.equal(firstId?.trim(), fake.usersInWindow(from, to)[0]?.user_id);
  await finish(app);
});

test('a load that failed is tried again on coming back from Settings', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  fake.setFault({ kind: 'unavailable' });
  try {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Retry' }).waitFor(WAIT);
  } finally {
    fake.setFault(null);
  }
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByText(showing(51, 100, total)).waitFor(WAIT);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(searches(app).at(-1)?.page, 2);
  await finish(app);
});

test('the pager sits above the table; "Go to page" checks the number and goes there', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const pages = Math.ceil(total / 50);
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  const pager = await page.getByRole('navigation', { name: 'Pages' }).boundingBox();
  const table = await page.getByRole('grid', { name: 'Users' }).boundingBox();
  assert.ok(pager && table && pager.y + pager.height <= table.y, 'the pager is above the rows');

  const field = page.getByLabel('Page number');
  const go = page.getByRole('button', { name: 'Go to page' });
  const sent = searches(app).length;
  await field.fill(String(pages + 1));
  await go.click();
  await page
    .getByText(`There is no page ${pages + 1}. Enter a number from 1 to ${pages}.`)
    .waitFor(WAIT);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.fill('');
  await field.press('Enter');
  await page.getByText(`Enter a whole page number from 1 to ${pages}.`).waitFor(WAIT);
  assert.equal(searches(app).length, sent, 'nothing was asked of Palenca');

  await field.fill('3');
  await field.press('Enter');
  await page.getByText(showing(101, 150, total)).waitFor(WAIT);
  await page.getByText(`Page 3 of ${pages}`).waitFor(WAIT);
  assert.equal(await page.getByText(/^Enter a whole page number/).count(), 0);
  assert.equal(searches(app).at(-1)?.page, 3);
  await finish(app);
});

test('the header row sticks while the window scrolls; a page change shows the table from its top', async () => {
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const app = await openWithKey(fake, { viewport: { width: 1024, height: 640 } });
  const { page } = app;
  await page.getByText(showing(1, 50, total)).waitFor(WAIT);
  const headerBottom = async () =>
    page.evaluate(() => document.querySelector('header')?.getBoundingClientRect().bottom ?? 0);

  // The window itself scrolls (the table is in no scroll box of its own)…
  await page.evaluate(() => window.scrollTo(0, 1200));
  await eventually('the window scrolled', async () => (await page.evaluate(() => scrollY)) > 0);
  // …and the column headers stay just below the app's header, over the rows.
  const th = page.getByRole('columnheader', { name: 'User ID' });
  const top = await th.evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(top - (await headerBottom())) <= 1, `header row at ${top}`);

  // Next from the keyboard, without scrolling to it: the new page is shown from its top.
  await page
    .getByRole('button', { name: 'Next' })
    .evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
  await page.keyboard.press('Enter');
  await page.getByText(showing(51, 100, total)).waitFor(WAIT);
  const users = page.getByRole('region', { name: 'Users', exact: true });
  await eventually('the top of the table is in view', async () => {
    const cardTop = await users.evaluate((el) => el.getBoundingClientRect().top);
    const below = await headerBottom();
    return cardTop >= below && cardTop <= below + 24;
  });
  await finish(app);
});

test('an ID cut short shows whole when its cell has the focus', async () => {
  // Narrow enough that a widget ID does not fit its column.
  const app = await openWithKey(fake, { viewport: { width: 900, height: 640 } });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const id = page.locator('tbody tr').first().locator('td').nth(2).locator('.id');
  const cut = () => id.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  assert.equal(await cut(), true, 'cut short at rest (only the tooltip would show it)');
  await page.locator('tbody tr').first().locator('td').nth(2).focus();
  await eventually('the whole ID shows', async () => !(await cut()));
  const height = await id.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(height > 20, 'it wraps onto another line rather than being cut');
  await finish(app);
});
