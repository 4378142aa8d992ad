// The side panel with a user's connected accounts: opening, content, errors, closing; in
// Spanish, each account in our words and Palenca's own (English) words only when asked; and
// beside the table, never over a column.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readAccountStatus } from '#common/account-status.ts';
import es from '#common/i18n/es.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';
import type { PalencaAccount } from '#common/models.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  finish,
  localDay,
  openWithKey,
  testKeyStore,
  WAIT,
  waitForAccountsPanel,
} from './app-support.ts';
import { type AppHandle, openApp } from './harness.ts';

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
    /^(Connected|Needs action|Waiting|Failed|Unknown.*)$/,
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

/** The first user of the first page with a known external ID and at least one account. */
async function userWithAccounts(app: AppHandle) {
  for (const user of fake.usersInWindow(localDay(-29), localDay(0)).slice(0, 50)) {
    if (!user.external_id || /\s/.test(user.external_id)) continue;
    const r = await app.backend.dispatch('getUserAccounts', {
      environment: 'sandbox',
      userId: user.user_id,
    });
    if (r.ok && r.value.accounts.length > 0) return { user, accounts: r.value.accounts };
  }
  throw new Error('no user with accounts on the first page');
}

const said = (key: keyof typeof es, values: Record<string, string>) =>
  formatMessage(es[key], values, 'es');

test("in Spanish: the row's IDs, each account in our words, Palenca's own only when asked", async () => {
  const keyStore = testKeyStore();
  assert.equal((await keyStore.set('sandbox', fake.apiKey)).ok, true);
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, locale: 'es-MX' });
  const { page } = app;
  await page.getByText(/^Mostrando 1–50 de/).waitFor(WAIT);
  const { user, accounts } = await userWithAccounts(app);
  await page.getByRole('button', { name: user.user_id, exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Cuentas conectadas' });
  await panel
    .getByText(
      accounts.length === 1 ? '1 cuenta conectada' : `${accounts.length} cuentas conectadas`,
    )
    .waitFor(WAIT);

  // Whose accounts: the external ID and the user ID, named in Spanish.
  const header = panel.locator('dl.user');
  assert.deepEqual(await header.locator('dt').allTextContents(), ['ID externo', 'ID de usuario']);
  assert.deepEqual(
    (await header.locator('dd .mono').allTextContents()).map((t) => t.trim()),
    [user.external_id, user.user_id],
  );

  // Each account: platform, status group, our explanation and next step, the dates.
  const cards = panel.locator('li.account');
  assert.equal(await cards.count(), accounts.length);
  for (const [i, account] of accounts.entries()) {
    const card = cards.nth(i);
    const { group, reason } = readAccountStatus(account.status, account.status_details);
    const badge = (await card.locator('.status').textContent())?.trim();
    assert.equal(badge, said('accounts_status', { group }), `badge of ${account.status}`);
    await card.getByText(said('accounts_reason', { reason }), { exact: true }).waitFor(WAIT);
    await card.getByText(said('accounts_next_step', { reason })).waitFor(WAIT);
    await card.getByText('Qué hacer:').waitFor(WAIT);
    const labels = await card.locator('dt').allTextContents();
    for (const label of ['País', 'Conectada por primera vez', 'Última conexión exitosa']) {
      assert.ok(labels.includes(label), `${label} in ${labels}`);
    }
    // The connection date Palenca sends, in the person's format (not the ISO text).
    const connected = card.locator('dt', { hasText: 'Conectada por primera vez' }).locator('+ dd');
    const shown = (await connected.textContent())?.trim() ?? '';
    assert.ok(account.created_at && shown.length > 0 && !shown.includes('T'), shown);
    assert.ok(shown.includes(String(new Date(account.created_at).getUTCFullYear())), shown);
  }
  // Nothing of Palenca's own words yet: they cost a request per account.
  const detailCalls = () => app.calls.filter((c) => c.name === 'getAccountDetails');
  const accountRequests = () => fake.requests.filter((r) => r.path.startsWith('/v1/accounts/'));
  assert.equal(detailCalls().length, 0);
  assert.equal(accountRequests().length, 0);
  assert.equal(await panel.getByText('En palabras de Palenca (en inglés)').count(), 0);

  // Opening one account's details asks Palenca once, for that account only.
  const first = accounts[0] as PalencaAccount;
  const disclosure = cards.nth(0).getByRole('button', { name: /^Detalles de / });
  assert.equal(await disclosure.getAttribute('aria-expanded'), 'false');
  await disclosure.click();
  assert.equal(await disclosure.getAttribute('aria-expanded'), 'true');
  const words = cards.nth(0).locator('dl:has(dd[lang="en"])');
  await cards.nth(0).getByText('En palabras de Palenca (en inglés)').waitFor(WAIT);
  await words.waitFor(WAIT);
  assert.deepEqual(
    detailCalls().map((c) => (c.args as { accountId: string }).accountId),
    [first.account_id],
  );
  assert.deepEqual(
    accountRequests().map((r) => r.path),
    [`/v1/accounts/${first.account_id}`],
  );
  const answer = await app.backend.dispatch('getAccountDetails', {
    environment: 'sandbox',
    accountId: first.account_id,
  });
  assert.ok(answer.ok && answer.value.message);
  // Palenca's message, as sent and marked English, labelled in Spanish.
  assert.equal(await words.locator('dt').first().textContent(), 'Mensaje');
  assert.equal(
    (await words.locator('dd[lang="en"]').first().textContent())?.trim(),
    answer.value.message,
  );

  // Closing and opening again shows what was loaded: no second request.
  await disclosure.click();
  await disclosure.click();
  await words.waitFor(WAIT);
  assert.equal(detailCalls().length, 1);

  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
]) {
  test(`at ${viewport.width}×${viewport.height} the panel sits beside the table, over no column`, async () => {
    const app = await openWithKey(fake, { viewport });
    const { page } = app;
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    await page.locator('tbody tr').first().locator('td').nth(2).click();
    const panel = page.getByRole('dialog', { name: 'Connected accounts' });
    await waitForAccountsPanel(page);
    const edge = (await panel.boundingBox())?.x ?? 0;
    assert.ok(edge > viewport.width / 2, `the panel is on the right (${edge})`);
    // Every column's header and the first row's cells, copy buttons included, end before it.
    const boxes = [
      ...(await page.locator('thead th').all()),
      ...(await page.locator('tbody tr').first().locator('td button').all()),
    ];
    assert.ok(boxes.length >= 6, 'three headers and the first row buttons');
    for (const element of boxes) {
      const box = await element.boundingBox();
      assert.ok(box, 'shown');
      assert.ok(box.x >= 0 && box.x + box.width <= edge + 0.5, `${box.x}+${box.width} ≤ ${edge}`);
    }
    // Nothing scrolls sideways to hide a column.
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      true,
    );
    await finish(app);
  });
}
