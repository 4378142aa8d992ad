// The side panel with a user's connected accounts: opening, content, errors, closing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { finish, localDay, openWithKey, WAIT } from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('a row opens its accounts; Escape closes the panel and focus returns to the row', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  // Pick a user who has at least one connected account, by asking the backend directly.
  const listed = fake.usersInWindow(localDay(-29), localDay(0)).slice(0, 50);
  let chosen: { id: string; count: number } | null = null;
  for (const user of listed) {
    const r = await app.backend.dispatch('getUserAccounts', {
      environment: 'sandbox',
      userId: user.user_id,
    });
    if (r.ok && r.value.accounts.length > 0) {
      chosen = { id: user.user_id, count: r.value.accounts.length };
      break;
    }
  }
  assert.ok(chosen, 'some user in the first page has accounts');
  const opener = page.getByRole('button', { name: chosen.id, exact: true });
  await opener.focus();
  await page.keyboard.press('Enter');

  const panel = page.getByRole('dialog', { name: 'Connected accounts' });
  await panel.waitFor(WAIT);
  await panel
    .getByText(chosen.count === 1 ? '1 connected account' : `${chosen.count} connected accounts`)
    .waitFor(WAIT);
  assert.equal(await panel.locator('li').count(), chosen.count);
  await panel.getByText('Last successful connection').first().waitFor(WAIT);
  const badge = panel.locator('li .status').first();
  assert.match(
    (await badge.textContent())?.trim() ?? '',
    /^(Connected|Pending|Failed|Incomplete|Needs login|Unknown)$/,
  );
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('role')),
    'dialog',
    'focus moved into the panel',
  );
  // The selected row is marked for screen readers too, not by colour alone.
  assert.equal(await opener.getAttribute('aria-current'), 'true');
  assert.equal(await page.locator('[aria-current="true"]').count(), 1);
  // The panel opens below the header: the environment and Settings stay reachable.
  const header = await page.locator('header').boundingBox();
  const box = await panel.boundingBox();
  assert.ok(header && box && box.y >= header.y + header.height - 1, 'panel below the header');
  await page.getByRole('button', { name: 'Settings' }).click({ trial: true });

  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached', ...WAIT });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), chosen.id);
  await finish(app);
});

test('clicking a row opens the panel; Close closes it; errors are shown with Retry', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  fake.failNext({ kind: 'html_502' }, 4); // every attempt of the first load
  await page.locator('tbody tr').nth(2).locator('td').nth(2).click();
  const panel = page.getByRole('dialog', { name: 'Connected accounts' });
  await panel.getByRole('button', { name: 'Retry' }).waitFor(WAIT);
  const message = (await panel.getByRole('alert').locator('p').first().textContent()) ?? '';
  assert.doesNotMatch(message, /\d{3}|html|bad_response/i, 'plain words, no HTTP numbers or codes');
  await panel.getByRole('button', { name: 'Retry' }).click();
  await panel
    .getByText(/connected account|not connected any accounts/)
    .first()
    .waitFor(WAIT);
  await panel.getByRole('button', { name: 'Close' }).click();
  await panel.waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});
