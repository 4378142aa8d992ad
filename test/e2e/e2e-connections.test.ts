// The Connections view: the summary of a window's connection attempts agrees with the fake's
// attempts (groups and platforms, read with the one grouping of account-status.ts); a window
// of many pages says its cost before anything past page one is asked; a known reason is
// explained in Spanish, an unknown detail of a known status takes its status's words, an
// unknown status falls back, both with Palenca's code under Details; the
// follow-up list pages, filters and exports as CSV; a row opens the account and its user; and
// axe finds nothing on any of it, light or dark.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import {
  ACCOUNT_STATUS_GROUPS,
  ACCOUNT_STATUS_REASONS,
  type AccountStatusGroup,
  readAccountStatus,
} from '#common/account-status.ts';
import { formatMessage } from '#common/i18n/format-message.ts';
import { ConnectionsTally } from '../../electron/backend/connections/connections-tally.ts';
import { type FakeLogin, type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { expectedCounts } from '../support/expected-counts.ts';
import {
  eventually,
  exportThroughStep,
  finish,
  localDay,
  openSavingTo,
  openWithKey,
  testKeyStore,
  WAIT,
} from './app-support.ts';
import { axeViolations } from './axe.ts';
import { type AppHandle, openApp } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  // Some 380 attempts in the last 30 days (4 pages: read without asking), in every group.
  fake = await startFakePalenca({ users: 800, days: 400, seed: 17 });
});
after(() => fake.close());

const FROM = localDay(-29);
const TO = localDay(0);

type Tally = Record<AccountStatusGroup, number>;
const emptyTally = (): Tally => ({ connected: 0, action: 0, waiting: 0, failed: 0, unknown: 0 });

const followUpsOf = (logins: FakeLogin[]) =>
  logins.filter((l) => readAccountStatus(l.status, l.status_details ?? null).group !== 'connected');

const loginRequests = () => fake.requests.filter((r) => r.path === '/v1/logins/search').length;

const GROUP_WORDS: Record<AccountStatusGroup, string> = {
  connected: 'Connected',
  action: 'Needs action',
  waiting: 'Waiting',
  failed: 'Failed',
  unknown: 'Unknown',
};
const PLATFORM_WORDS: Record<string, string> = {
  uber: 'Uber',
  didi: 'DiDi',
  imss: 'IMSS',
  rappi: 'Rappi',
  cabify: 'Cabify',
  indriver: 'inDrive',
  ifood: 'iFood',
  beat: 'Beat',
};

const number = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** Opens the Connections view for the last 30 days (the first search) and waits for its summary. */
async function openConnections(app: AppHandle): Promise<void> {
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Connections', exact: true }).click();
  await page.getByRole('heading', { name: 'How the attempts ended' }).waitFor(WAIT);
}

test('the summary agrees with the fake attempts of the window, by group and by platform', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await openConnections(app);
  const logins = fake.loginsInWindow(FROM, TO);
  assert.ok(logins.length > 100, `${logins.length} attempts`);
  const expected = expectedCounts(logins);

  await page
    .getByText(`${logins.length.toLocaleString('en-US')} connection attempts in this period`)
    .waitFor(WAIT);
  const summary = page.getByRole('region', { name: 'How the attempts ended' });
  // Each group's count, next to its words; they add up to the attempts.
  const shown = emptyTally();
  for (const item of await summary.getByRole('list').first().getByRole('listitem').all()) {
    const text = (await item.textContent()) ?? '';
    const group = ACCOUNT_STATUS_GROUPS.find((g) => text.startsWith(GROUP_WORDS[g]));
    assert.ok(group, text);
    shown[group] = number(text.slice(GROUP_WORDS[group].length));
  }
  assert.deepEqual(shown, expected.groups);
  assert.equal(
    Object.values(shown).reduce((a, b) => a + b, 0),
    logins.length,
  );

  // The table by platform: one row per platform, each group's count in its column.
  const table = summary.getByRole('table', { name: 'By platform' });
  const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
  const rows = await table.locator('tbody tr').all();
  assert.equal(rows.length, expected.platforms.size);
  for (const row of rows) {
    const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
    const code = Object.keys(PLATFORM_WORDS).find((p) => PLATFORM_WORDS[p] === cells[0]);
    const tally = expected.platforms.get(code ?? '');
    assert.ok(tally, `platform ${cells[0]}`);
    assert.equal(
      number(cells[1] ?? ''),
      Object.values(tally).reduce((a, b) => a + b, 0),
    );
    for (const group of ACCOUNT_STATUS_GROUPS) {
      const column = headers.indexOf(GROUP_WORDS[group]);
      if (column < 0) {
        assert.equal(tally[group], 0, `${group} has no column, so none`);
        continue;
      }
      assert.equal(number(cells[column] ?? ''), tally[group], `${cells[0]} ${group}`);
    }
  }

  // The chart says the same in words: its bars are named with each platform's counts.
  const bars = page.getByRole('group', { name: /^Attempts per platform/ }).getByRole('button');
  assert.equal(await bars.count(), expected.platforms.size);
  await bars.first().focus();
  await page.keyboard.press('ArrowDown');
  const second = (await bars.nth(1).getAttribute('aria-label')) ?? '';
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    second,
  );
  assert.match(second, /^[\w ]+: [\d,]+ attempts? \(Connected: [\d,]+/);
  assert.equal(loginRequests() > 0, true);
  await finish(app);
});

test('a window of many pages says its cost before asking past page one; Cancel stops the read', async () => {
  // 20 attempts a page: the window is 20-odd pages, too many to read without asking.
  fake.setLoginsPageCap(20);
  try {
    const app = await openWithKey(fake);
    const { page } = app;
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    const before = loginRequests();
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    const attempts = fake.loginsInWindow(FROM, TO).length;
    const pages = Math.ceil(attempts / 20);
    assert.ok(pages > 5, `${pages} pages`);
    await page
      .getByText(
        `${attempts.toLocaleString('en-US')} connection attempts in this period: reading them takes ${pages} requests`,
        { exact: false },
      )
      .waitFor(WAIT);
    const read = page.getByRole('button', { name: 'Read them' });
    await read.waitFor(WAIT);
    assert.equal(loginRequests() - before, 1, 'only page one was asked for the cost');
    assert.equal(app.calls.filter((c) => c.name === 'loadConnections').length, 0);

    // Slow pages: the read says how far it is, and Cancel stops it.
    fake.setLatency(150);
    try {
      await read.click();
      await page.getByText(new RegExp(`^Reading page \\d+ of ${pages}`)).waitFor(WAIT);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('Reading the connection attempts was stopped.').waitFor(WAIT);
      await eventually('the read was cancelled', () =>
        app.calls.some((c) => c.name === 'cancelConnections'),
      );
    } finally {
      fake.setLatency(0);
    }
    const afterCancel = loginRequests();
    assert.ok(afterCancel - before < pages + 1, 'the cancelled read stopped asking');

    // Read them again: straight away (the cost was said), to the summary.
    await page.getByRole('button', { name: 'Read them' }).click();
    await page.getByRole('heading', { name: 'How the attempts ended' }).waitFor(WAIT);
    await page
      .getByText(`${attempts.toLocaleString('en-US')} connection attempts in this period`)
      .waitFor(WAIT);
    await finish(app);
  } finally {
    fake.setLoginsPageCap(100);
  }
});

test("in Spanish a known reason is explained in Spanish; an unknown code takes its status's words or falls back, its code under Details", async () => {
  const es = JSON.parse(
    await readFile(new URL('../../common/i18n/es.json', import.meta.url), 'utf8'),
  ) as Record<string, string>;
  const en = JSON.parse(
    await readFile(new URL('../../common/i18n/en.json', import.meta.url), 'utf8'),
  ) as Record<string, string>;
  const words = (catalog: Record<string, string>, key: string, reason: string) =>
    formatMessage(catalog[key] ?? '', { reason }, 'es-419');
  // A window whose ten commonest reasons hold both an unknown detail of a known status
  // (account_locked, with requires_auth) and an unknown status (queued_for_review).
  const days = Array.from({ length: 29 }, (_, i) => i + 1).find((k) => {
    const tally = new ConnectionsTally();
    tally.addPage(
      fake
        .loginsInWindow(localDay(-k), TO)
        .map((l) => ({ ...l, status_details: l.status_details ?? null })),
    );
    const codes = tally.summary().reasons.map((r) => r.code);
    return ['account_locked', 'queued_for_review', 'invalid_credentials'].every((c) =>
      codes.includes(c),
    );
  });
  assert.ok(days, 'a window with both kinds of unknown code');

  const keyStore = testKeyStore();
  assert.equal((await keyStore.set('sandbox', fake.apiKey)).ok, true);
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, locale: 'es-MX' });
  const { page } = app;
  // The page is in Spanish once its first search answers in Spanish.
  await page.getByText(/^Mostrando 1–50 de/).waitFor(WAIT);
  await page.getByLabel('Desde').fill(localDay(-days));
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  await page.getByRole('button', { name: 'Conexiones', exact: true }).click();
  const reasons = page.getByRole('region', { name: 'Motivos principales' });
  await reasons.waitFor(WAIT);
  const item = (code: string) =>
    reasons
      .getByRole('listitem')
      .filter({ has: page.locator('.head code', { hasText: new RegExp(`^${code}$`) }) });

  const known = item('invalid_credentials');
  const explanation = words(es, 'accounts_reason', 'invalid_credentials');
  assert.notEqual(explanation, words(en, 'accounts_reason', 'invalid_credentials'));
  await known.getByText(explanation).waitFor(WAIT);
  await known.getByText(words(es, 'accounts_next_step', 'invalid_credentials')).waitFor(WAIT);

  // A detail we do not know, of a status we do: the status's words; the code under Details.
  const locked = item('account_locked');
  await locked.getByText(words(es, 'accounts_reason', 'requires_auth')).waitFor(WAIT);
  const fallback = words(es, 'accounts_reason', 'something_new');
  assert.equal(await locked.getByText(fallback).count(), 0);
  await locked.getByText('Detalles', { exact: true }).click();
  await locked.locator('details dd', { hasText: /^account_locked$/ }).waitFor(WAIT);

  // An unknown status: our general words, and Palenca's own under Details.
  const unknown = item('queued_for_review');
  await unknown.getByText(fallback).waitFor(WAIT);
  const code = 'queued_for_review';
  assert.ok(!(ACCOUNT_STATUS_REASONS as readonly string[]).includes(code));
  const details = unknown.locator('details');
  assert.equal(await details.getAttribute('open'), null);
  await unknown.getByText('Detalles', { exact: true }).click();
  await details.getByText('En palabras de Palenca (en inglés)').waitFor(WAIT);
  await details.locator('dd', { hasText: new RegExp(`^${code}$`) }).waitFor(WAIT);
  const sample = fake.loginsInWindow(FROM, TO).find((l) => (l.status_details ?? l.status) === code);
  assert.ok(sample?.message, `the fake has words for ${code}`);
  const message = details.locator('dd[lang="en"]', { hasText: sample.message });
  await message.waitFor(WAIT);
  await finish(app);
});

test('the follow-up list pages and filters by platform and by group', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await openConnections(app);
  const all = followUpsOf(fake.loginsInWindow(FROM, TO));
  const list = page.getByRole('region', { name: 'Attempts to follow up' });
  await list.getByText(`Showing 1–25 of ${all.length} attempts`).waitFor(WAIT);
  assert.equal(await list.locator('tbody tr').count(), 25);
  await list.getByRole('button', { name: 'Next' }).click();
  await list.getByText(`Showing 26–50 of ${all.length} attempts`).waitFor(WAIT);

  const uber = all.filter((l) => l.platform === 'uber');
  await list.getByLabel('Platform').selectOption({ label: 'Uber' });
  await list
    .getByText(new RegExp(`^Showing 1–${Math.min(25, uber.length)} of ${uber.length} attempts?$`))
    .waitFor(WAIT);
  const failed = uber.filter(
    (l) => readAccountStatus(l.status, l.status_details ?? null).group === 'failed',
  );
  await list.getByLabel('Status').selectOption({ label: 'Failed' });
  await list
    .getByText(
      new RegExp(`^Showing 1–${Math.min(25, failed.length)} of ${failed.length} attempts?$`),
    )
    .waitFor(WAIT);
  for (const row of await list.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    assert.equal(cells[0], 'Uber');
    assert.equal(cells[2], 'Failed');
  }
  assert.equal(
    app.calls.filter((c) => c.name === 'loadConnections').length,
    1,
    'paging and filters read nothing again',
  );
  await finish(app);
});

test('Export list to CSV writes the filtered list', async () => {
  const { app, page, folder } = await openSavingTo(fake, 'palenca-follow-up-');
  await openConnections(app);
  const list = page.getByRole('region', { name: 'Attempts to follow up' });
  await list.getByText(/^Showing 1–25 of/).waitFor(WAIT);
  await list.getByLabel('Status').selectOption({ label: 'Needs action' });
  const action = followUpsOf(fake.loginsInWindow(FROM, TO)).filter(
    (l) => readAccountStatus(l.status, l.status_details ?? null).group === 'action',
  );
  await list.getByText(new RegExp(`of ${action.length} attempts$`)).waitFor(WAIT);
  await list.getByRole('button', { name: 'Export list to CSV' }).click();
  await page.getByRole('status').getByText(`List saved: ${action.length} attempts`).waitFor(WAIT);
  const path = ((await list.locator('.path').textContent()) ?? '').trim();
  assert.ok(path.startsWith(folder), path);
  const rows = parse(await readFile(path, 'utf8'), { columns: true, bom: true }) as Array<
    Record<string, string>
  >;
  assert.equal(rows.length, action.length);
  assert.deepEqual(new Set(rows.map((r) => r.login_id)), new Set(action.map((l) => l.id)));
  assert.ok(rows.every((r) => r.group === 'action'));
  await finish(app);
});

test('a row opens its account and its user, asked for when opened', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await openConnections(app);
  const list = page.getByRole('region', { name: 'Attempts to follow up' });
  await list.getByText(/^Showing 1–25 of/).waitFor(WAIT);
  const accountRequests = () =>
    fake.requests.filter((r) => r.path.startsWith('/v1/accounts/')).map((r) => r.path);
  const before = accountRequests().length;
  const open = list.getByRole('button', { name: /^Open the / }).nth(2);
  await open.click();
  const panel = page.getByRole('dialog', { name: 'Connection attempt' });
  await panel.getByText('User ID').waitFor(WAIT);
  await panel.getByText('Country').waitFor(WAIT);

  const asked = app.calls.find((c) => c.name === 'getAccountUser')?.args as { accountId: string };
  assert.deepEqual(accountRequests().slice(before).sort(), [
    `/v1/accounts/${asked.accountId}`,
    `/v1/accounts/${asked.accountId}/user`,
  ]);
  // The user shown is the account's owner, as the fake itself answers.
  const answer = await fetch(`${fake.baseUrl}/accounts/${asked.accountId}/user`, {
    headers: { 'x-api-key': fake.apiKey },
  });
  const owner = ((await answer.json()) as { data: { user_id: string } }).data;
  await panel.getByText(owner.user_id, { exact: true }).waitFor(WAIT);

  // Escape closes it, and the focus goes back to the row's button.
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached', ...WAIT });
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    await open.getAttribute('aria-label'),
  );
  await finish(app);
});

describe('axe finds nothing on the Connections view', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${colorScheme}: the cost, the summary, the reasons, the list, the panel with its QR code`, async () => {
      fake.setLoginsPageCap(20);
      const app = await openWithKey(fake, { colorScheme });
      const { page } = app;
      const found: string[] = [];
      try {
        await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
        await page.getByRole('button', { name: 'Connections', exact: true }).click();
        await page.getByRole('button', { name: 'Read them' }).waitFor(WAIT);
        found.push(...(await axeViolations(page, 'cost')));
        await page.getByRole('button', { name: 'Read them' }).click();
      } finally {
        fake.setLoginsPageCap(100);
      }
      await page.getByRole('heading', { name: 'How the attempts ended' }).waitFor(WAIT);
      const list = page.getByRole('region', { name: 'Attempts to follow up' });
      await list.getByText(/^Showing 1–25 of/).waitFor(WAIT);
      const bar = page.getByRole('group', { name: /^Attempts per platform/ }).getByRole('button');
      await bar.first().focus();
      await page.getByRole('tooltip').waitFor(WAIT);
      await page
        .getByRole('listitem')
        .filter({ hasText: 'document_expired' })
        .locator('summary')
        .click();
      found.push(...(await axeViolations(page, 'summary and list')));

      await list
        .getByRole('button', { name: /^Open the / })
        .first()
        .click();
      const panel = page.getByRole('dialog', { name: 'Connection attempt' });
      await panel.getByRole('img', { name: 'QR code of the link to reconnect' }).waitFor(WAIT);
      found.push(...(await axeViolations(page, 'attempt panel')));
      await finish(app);
      assert.deepEqual(found, []);
    });
  }
});

test('the external ID filter does not narrow the attempts, and the view says so', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('Exact external ID (case-sensitive)').fill('nobody_has_this');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No users found').waitFor(WAIT);
  await page.getByRole('button', { name: 'Connections', exact: true }).click();
  await page
    .getByText(
      'The external ID filter (nobody_has_this) does not apply to connection attempts: these are all the attempts in the period.',
    )
    .waitFor(WAIT);
  const attempts = fake.loginsInWindow(FROM, TO).length;
  await page
    .getByText(`${attempts.toLocaleString('en-US')} connection attempts in this period`)
    .waitFor(WAIT);
  await finish(app);
});

test('while an export runs the attempts wait to be asked for; when it ends their cost is asked', async () => {
  const { app, page } = await openSavingTo(fake, 'palenca-connections-export-');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  // Several pages of users, held running by slow answers.
  await page.getByLabel('From').fill(localDay(-300));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of [\d,]{3,} users$/).waitFor(WAIT);
  const estimates = () => app.calls.filter((c) => c.name === 'estimateConnections').length;
  fake.setLatency(2500);
  try {
    await exportThroughStep(page);
    await page.getByRole('progressbar', { name: 'Export progress' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await page
      .getByText('The connection attempts wait while an export runs', { exact: false })
      .waitFor(WAIT);
    assert.equal(estimates(), 0, 'nothing asked by itself during the export');
    await page.getByRole('button', { name: 'Cancel export' }).click();
  } finally {
    fake.setLatency(0);
  }
  // Its cost is asked: then it is offered, or read at once when small.
  await page
    .getByRole('button', { name: 'Read them' })
    .or(page.getByRole('heading', { name: 'How the attempts ended' }))
    .waitFor(WAIT);
  assert.equal(estimates(), 1);
  await finish(app);
});
