// "Copy the link to reconnect", in the accounts panel and in the Connections view's attempt
// panel: the copied text is exactly the widget link (widget_id, the external ID encoded, the
// worker's language by their accounts' country and changeable, is_sandbox only in Sandbox);
// copying opens nothing and goes nowhere; a QR code of the link is drawn beside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  openWithKey,
  searches,
  WAIT,
  waitForAccountsPanel,
} from './app-support.ts';
import type { AppHandle } from './harness.ts';

const FIELD = 'Exact external ID (case-sensitive)';
/** Characters a link must encode: `&`, `#`, `=`, `?`, `/`, `+`, `%`, a space and accents. */
const tricky = (n: number) => `cus #${n}&x=1?/ñ+ü%20 ${n}`;

let fake: FakePalenca;
let anonymousId = '';
/** Inserted users by the language their accounts' countries give: every account in one. */
const pick: Partial<
  Record<'pt' | 'es' | 'none', { userId: string; externalId: string; widgetId: string }>
> = {};

interface Account {
  country: string | null;
}

async function palenca<T>(path: string): Promise<T> {
  const answer = await fetch(`${fake.baseUrl}${path}`, { headers: { 'x-api-key': fake.apiKey } });
  assert.equal(answer.status, 200, path);
  return ((await answer.json()) as { data: T }).data;
}

before(async () => {
  fake = await startFakePalenca({ users: 800, seed: 23 });
  // Users with awkward external IDs until there is one whose accounts are all in Brazil, one
  // all in Spanish-speaking countries, and one with no accounts at all.
  for (let n = 0; n < 200 && !(pick.pt && pick.es && pick.none); n++) {
    const externalId = tricky(n);
    fake.insertUsers(1, undefined, externalId);
    const [user] = fake.usersInWindow('2000-01-01', '2100-01-01', externalId);
    assert.ok(user);
    const { accounts } = await palenca<{ accounts: Account[] }>(`/users/${user.user_id}/accounts`);
    const countries = new Set(accounts.map((a) => a.country));
    const kind =
      accounts.length === 0
        ? 'none'
        : [...countries].every((c) => c === 'br')
          ? 'pt'
          : [...countries].every((c) => c === 'mx' || c === 'co')
            ? 'es'
            : null;
    if (kind && !pick[kind]) {
      pick[kind] = { userId: user.user_id, externalId, widgetId: user.widget_id };
    }
  }
  assert.ok(pick.pt && pick.es && pick.none, 'the fake gave users of every kind');
  // The newest of all, so the table's first row: a user without an external ID.
  fake.insertUsers(1, undefined, null);
  const [newest] = fake.usersInWindow('2000-01-01', '2100-01-01');
  assert.equal(newest?.external_id, null);
  anonymousId = newest.user_id;
});
after(() => fake.close());

/** The link as Palenca documents it, its values form-encoded. */
function expectedLink(widgetId: string, externalId: string, lang: string, sandbox: boolean) {
  const query = new URLSearchParams({ widget_id: widgetId, external_id: externalId, lang });
  if (sandbox) query.set('is_sandbox', 'true');
  return `https://connect.palenca.com/?${query}`;
}

/** Everything that would take the person anywhere: new pages, navigations, the shell. */
function watchForLeaving(app: AppHandle, opened: string[]) {
  const { page } = app;
  const startUrl = page.url();
  const left: string[] = [];
  page.context().on('page', (p) => left.push(`new page ${p.url()}`));
  page.on('popup', (p) => left.push(`popup ${p.url()}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url() !== startUrl) left.push(`went to ${frame.url()}`);
  });
  return () => [...left, ...opened.map((url) => `openExternal ${url}`)];
}

async function copyAndRead(page: Page, scope: ReturnType<Page['getByRole']>): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await scope.getByRole('button', { name: 'Copy the link to reconnect' }).click();
  await page.getByRole('status').getByText('Link to reconnect copied').waitFor(WAIT);
  return page.evaluate(() => navigator.clipboard.readText());
}

async function openUser(page: Page, externalId: string, userId: string) {
  await page.getByLabel(FIELD).fill(externalId);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('Showing 1–1 of 1 user').waitFor(WAIT);
  await page.getByRole('button', { name: userId }).click();
  await waitForAccountsPanel(page);
}

test('in the accounts panel: the exact link, its language by country and changeable, sandbox or not, and nothing opened', async () => {
  const opened: string[] = [];
  const app = await openWithKey(fake, {
    environments: ['sandbox', 'production'],
    platform: { openExternal: async (url) => void opened.push(url) },
  });
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const leaving = watchForLeaving(app, opened);
  const panel = page.getByRole('dialog');
  const pt = pick.pt;
  const es = pick.es;
  assert.ok(pt && es);

  // Accounts in Brazil: Portuguese, in Sandbox.
  await openUser(page, pt.externalId, pt.userId);
  const link = expectedLink(pt.widgetId, pt.externalId, 'pt', true);
  await panel.getByText(link, { exact: true }).waitFor(WAIT);
  assert.equal(await copyAndRead(page, panel), link);
  const parsed = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(parsed.searchParams.get('external_id'), pt.externalId, 'the ID comes back whole');
  assert.equal(parsed.searchParams.get('widget_id'), pt.widgetId);
  assert.equal(parsed.hash, '', 'the # in the ID is encoded, not a fragment');
  const qr = panel.getByRole('img', { name: 'QR code of the link to reconnect' });
  await qr.waitFor(WAIT);
  assert.ok(((await qr.locator('path').getAttribute('d')) ?? '').length > 100, 'the code is drawn');

  // Changed next to the link: English.
  await panel.getByLabel('Language of the link').selectOption('en');
  assert.equal(
    await copyAndRead(page, panel),
    expectedLink(pt.widgetId, pt.externalId, 'en', true),
  );
  await page.keyboard.press('Escape');

  // Accounts in Mexico or Colombia: Spanish.
  await openUser(page, es.externalId, es.userId);
  assert.equal(
    await copyAndRead(page, panel),
    expectedLink(es.widgetId, es.externalId, 'es', true),
  );
  await page.keyboard.press('Escape');

  // In Production there is no sandbox parameter.
  await page.getByLabel('Environment').selectOption('production');
  await eventually('production searched', () =>
    searches(app).some((search) => search.environment === 'production'),
  );
  await page.getByText('Showing 1–1 of 1 user').waitFor(WAIT);
  await openUser(page, es.externalId, es.userId);
  const production = await copyAndRead(page, panel);
  assert.equal(production, expectedLink(es.widgetId, es.externalId, 'es', false));
  assert.ok(!production.includes('is_sandbox'));

  assert.deepEqual(leaving(), [], 'copying opened nothing and went nowhere');
  await finish(app);
});

test('a user with no accounts gets the app language; a user without an external ID is told the link needs one', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const none = pick.none;
  assert.ok(none);
  await openUser(page, none.externalId, none.userId);
  const panel = page.getByRole('dialog');
  assert.equal(
    await copyAndRead(page, panel),
    expectedLink(none.widgetId, none.externalId, 'en', true),
  );
  await page.keyboard.press('Escape');

  // The newest user (the table's first row) has no external ID.
  await page.getByLabel(FIELD).fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: anonymousId }).click();
  await waitForAccountsPanel(page);
  await panel
    .getByText('The link to reconnect needs an external ID, and this user has none.')
    .waitFor(WAIT);
  assert.equal(await panel.getByRole('button', { name: 'Copy the link to reconnect' }).count(), 0);
  await finish(app);
});

test('in the attempt panel of the Connections view: the link of the account owner, by the account country', async () => {
  const opened: string[] = [];
  const app = await openWithKey(fake, {
    platform: { openExternal: async (url) => void opened.push(url) },
  });
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const leaving = watchForLeaving(app, opened);
  await page.getByRole('button', { name: 'Connections', exact: true }).click();
  const list = page.getByRole('region', { name: 'Attempts to follow up' });
  await list.getByText(/^Showing 1–25 of/).waitFor(WAIT);
  const panel = page.getByRole('dialog', { name: 'Connection attempt' });

  // The first attempt whose owner has an external ID (most have one).
  const buttons = await list.getByRole('button', { name: /^Open the / }).all();
  let checked = false;
  for (const [i, button] of buttons.entries()) {
    await button.click();
    const ownerCalls = () => app.calls.filter((c) => c.name === 'getAccountUser');
    await eventually('the owner was asked for', () => ownerCalls().length === i + 1);
    const asked = ownerCalls()[i]?.args as { accountId: string } | undefined;
    assert.ok(asked);
    const { accountId } = asked;
    const owner = await palenca<{
      user_id: string;
      external_id?: string | null;
      widget_id: string;
    }>(`/accounts/${accountId}/user`);
    await panel.getByText(owner.user_id, { exact: true }).waitFor(WAIT);
    if (!owner.external_id) {
      await panel
        .getByText('The link to reconnect needs an external ID, and this user has none.')
        .waitFor(WAIT);
      continue;
    }
    const account = await palenca<{ country: string | null }>(`/accounts/${accountId}`);
    const lang = account.country === 'br' ? 'pt' : account.country ? 'es' : 'en';
    const link = expectedLink(owner.widget_id, owner.external_id, lang, true);
    await panel.getByText(link, { exact: true }).waitFor(WAIT);
    assert.equal(await copyAndRead(page, panel), link, `row ${i}`);
    await panel.getByRole('img', { name: 'QR code of the link to reconnect' }).waitFor(WAIT);
    checked = true;
    break;
  }
  assert.ok(checked, 'some attempt on the first page has an owner with an external ID');
  assert.deepEqual(leaving(), [], 'copying opened nothing and went nowhere');
  await finish(app);
});
