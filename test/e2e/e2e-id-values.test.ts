// Values in IDs that a careless page gets wrong: invisible bidi characters shown written out
// (copying keeps the original), a user repeated in one page, and spaces the page trims from
// the external ID filter, said at the field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { finish, openWithKey, searches, WAIT, waitForAccountsPanel } from './app-support.ts';

const SPOOF = '\u202Egpj.exe';
const SPOOF_SHOWN = '⟨U+202E⟩gpj.exe';
const FIELD = 'Exact external ID (case-sensitive)';
let fake: FakePalenca;

before(async () => {
  fake = await startFakePalenca({ users: 3000 });
  // The newest users of today: the first rows of the table. The spoof last, so it is on top.
  fake.insertUsers(1, undefined, 'trim_me');
  fake.insertUsers(1, undefined, SPOOF);
});
after(() => fake.close());

test('a bidi override in an ID is shown as ⟨U+202E⟩, in the table, the panel and the chip; copy keeps it', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const [spoofed] = fake.usersInWindow('2000-01-01', '2100-01-01', SPOOF);
  assert.ok(spoofed);

  const row = page.locator('tbody tr').first();
  const cell = row.locator('td').nth(1);
  assert.equal((await cell.textContent())?.trim(), SPOOF_SHOWN);
  assert.equal(await cell.locator('.id').getAttribute('title'), SPOOF_SHOWN);
  assert.equal((await row.locator('td').first().textContent())?.trim(), spoofed.user_id);

  // The copy button copies the ID itself, override and all.
  await row.getByRole('button', { name: 'Copy external ID' }).click();
  await page.getByRole('status').getByText('External ID copied', { exact: true }).waitFor(WAIT);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), SPOOF);

  // The accounts panel names the user the same way.
  await row.getByRole('button', { name: spoofed.user_id }).click();
  await waitForAccountsPanel(page);
  const panel = page.getByRole('dialog');
  await panel.getByText(SPOOF_SHOWN, { exact: true }).waitFor(WAIT);
  assert.equal(await panel.getByText(SPOOF, { exact: true }).count(), 0);
  await page.keyboard.press('Escape');

  // Searched for, it is sent as it is and the filter's chip shows it written out too.
  await page.getByLabel(FIELD).fill(SPOOF);
  await page.getByLabel(FIELD).press('Enter');
  await page.getByText('Showing 1–1 of 1 user').waitFor(WAIT);
  assert.equal(searches(app).at(-1)?.externalId, SPOOF);
  const chip = page.locator('.chip-text');
  assert.match((await chip.textContent()) ?? '', /Only external ID\s+⟨U\+202E⟩gpj\.exe/);
  assert.ok(!((await page.locator('body').textContent()) ?? '').includes('\u202E'));
  await finish(app);
});

test('a page holding one user twice shows both rows, and the next page loads too', async () => {
  const own = await startFakePalenca({ users: 3000, duplicateUserInPage: true });
  const app = await openWithKey(own);
  const { page } = app;
  try {
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    await page.waitForFunction(
      () => document.querySelectorAll('tbody tr').length === 50,
      null,
      WAIT,
    );
    const ids = await page.locator('tbody tr td:first-child').allTextContents();
    assert.equal(ids[0]?.trim(), ids[1]?.trim(), 'the first user is repeated in second place');
    assert.equal(await page.getByText('Loading users…').count(), 0);

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
    await page.waitForFunction(
      () => document.querySelectorAll('tbody tr').length === 50,
      null,
      WAIT,
    );
    const next = await page.locator('tbody tr td:first-child').allTextContents();
    assert.equal(next[0]?.trim(), next[1]?.trim());
    assert.notEqual(next[0]?.trim(), ids[0]?.trim());
    assert.equal(await page.getByText('Loading users…').count(), 0);
    await finish(app);
  } finally {
    await own.close();
  }
});

test('spaces at the ends of the external ID are trimmed by the page, and it says so at the field', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const notice = page.getByText(
    'Spaces at the start or end of the external ID are left out of the search.',
  );
  assert.equal(await notice.count(), 0);

  await page.getByLabel(FIELD).fill('  trim_me\t');
  await notice.waitFor(WAIT);
  assert.equal(
    await page.getByLabel(FIELD).getAttribute('aria-describedby'),
    await notice.getAttribute('id'),
  );
  await page.getByLabel(FIELD).press('Enter');
  await page.getByText('Showing 1–1 of 1 user').waitFor(WAIT);
  assert.equal(searches(app).at(-1)?.externalId, 'trim_me');
  assert.equal(await notice.count(), 1, 'still said after the search');

  await page.getByLabel(FIELD).fill('trim_me');
  await notice.waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});
