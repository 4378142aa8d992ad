// "Reconcile a list" end to end: a 300-line list (duplicates, blank lines, CRLF, a BOM) pasted
// is read and costed right; stopped part-way, the app closed and opened again on the same data
// folder, it is offered, resumed and ends with the fake server's found / not-found split, one
// search per distinct ID in all; results export to CSV. An opened CSV (semicolons, its column
// chosen, with statuses) the same; and the refusals (over 5,000, a missing column, a file that
// is not text, a file over 10 MB) in their own words. axe finds nothing on its states.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { readAccountStatus } from '#common/account-status.ts';
import { ALL_TIME_FROM } from '#common/days.ts';
import en from '#common/i18n/en.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';
import { RECONCILE_CONCURRENCY } from '../../electron/backend/reconcile/look-up-all.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  focusedName,
  localDay,
  openSavingTo,
  openWithKey,
  testKeyStore,
  WAIT,
} from './app-support.ts';
import { axeViolations } from './axe.ts';
import type { AppHandle } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 2000, seed: 17 });
  // One customer who connected twice: found, with both user IDs.
  fake.insertUsers(2, localDay(-3), 'twice_customer');
});
after(() => fake.close());

/** Numbers as the page writes them in English. */
const n = (value: number) => value.toLocaleString('en-US');

/** A deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Whether the fake knows `id` over the "All time" window the app searches. */
const known = (id: string) => fake.usersInWindow(ALL_TIME_FROM, localDay(0), id).length > 0;

/** Plain external IDs of the fake's users (no awkward characters), distinct. */
function existingIds(count: number): string[] {
  const ids = new Set<string>();
  for (const user of fake.usersInWindow(ALL_TIME_FROM, localDay(0))) {
    if (user.external_id && /^cus_[0-9a-z]{6}$/.test(user.external_id)) ids.add(user.external_id);
    if (ids.size === count) break;
  }
  return [...ids];
}

interface TestList {
  text: string;
  distinct: string[];
  duplicates: number;
  blanks: number;
  found: Set<string>;
}

/**
 * 300 lines: 250 distinct IDs (150 the fake knows, `twice_customer`, 99 it does not), 30 of
 * them repeated and 20 blank lines in the middle; CRLF, a BOM before the first ID.
 */
function listOf300(): TestList {
  const distinct = [
    ...existingIds(150),
    'twice_customer',
    ...Array.from({ length: 99 }, (_, i) => `missing_${String(i).padStart(3, '0')}`),
  ];
  assert.equal(distinct.length, 250, 'the fake has 150 plain external IDs');
  const order = shuffled(distinct, 1);
  const repeats = shuffled(distinct, 2).slice(0, 30);
  // Each repeat goes after its first appearance; blanks never first or last.
  const lines = [...order];
  for (const [i, id] of repeats.entries()) {
    const first = lines.indexOf(id);
    lines.splice(Math.min(lines.length, first + 1 + ((i * 7) % 40)), 0, id);
  }
  for (let i = 0; i < 20; i++) lines.splice(10 + i * 13, 0, '');
  assert.equal(lines.length, 300);
  assert.notEqual(lines[0], '');
  assert.notEqual(lines.at(-1), '');
  return {
    text: `\uFEFF${lines.join('\r\n')}`,
    distinct,
    duplicates: 30,
    blanks: 20,
    found: new Set(distinct.filter(known)),
  };
}

/** The external IDs of the searches the fake accepted, each as often as it was searched. */
const idSearches = () =>
  fake.requests
    .filter((r) => r.path === '/v1/users/search' && !r.refused)
    .map((r) => (r.body as { external_id?: unknown } | undefined)?.external_id)
    .filter((id): id is string => typeof id === 'string');

async function openReconcile(options: Parameters<typeof openSavingTo>[2] = {}) {
  const opened = await openSavingTo(fake, 'palenca-reconcile-', options);
  await opened.page.getByRole('button', { name: 'Reconcile a list', exact: true }).click();
  return opened;
}

const view = (page: Page) => page.getByRole('region', { name: 'Reconcile a list' });

/**
 * Pastes `text` into the list: the whole text and one input event, as a paste is (Playwright's
 * `fill` types each line break as a key press, one input event a line).
 */
async function paste(page: Page, text: string): Promise<void> {
  await page.getByLabel('External IDs').evaluate((area, value) => {
    (area as HTMLTextAreaElement).value = value;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** The value the look-up's progress bar shows (IDs looked up so far). */
async function progressDone(page: Page): Promise<number> {
  const bar = page.getByRole('progressbar', { name: 'Look-up progress' });
  return Number((await bar.getAttribute('value').catch(() => null)) ?? 0);
}

/** Exports the results and returns the CSV's records, header names as keys. */
async function exportResults(page: Page, folder: string) {
  const before = await readdirSafe(folder);
  await page.getByRole('button', { name: /^Export results/ }).click();
  await page.getByText('Saved to').waitFor(WAIT);
  const path = (await page.locator('.saved .path').textContent()) ?? '';
  assert.ok(path.startsWith(folder), `saved in the chosen folder: ${path}`);
  assert.equal((await readdirSafe(folder)).length, before.length + 1);
  const text = await readFile(path, 'utf8');
  const delimiter = text.split('\n')[0]?.includes(';') ? ';' : ',';
  return parse(text, { bom: true, columns: true, delimiter }) as Record<string, string>[];
}

const readdirSafe = (folder: string): Promise<string[]> => readdir(folder).catch(() => []);

test('a pasted 300-line list: read right, stopped, offered after a restart, resumed, the right split', async () => {
  const list = listOf300();
  const searchesBefore = idSearches().length;
  const keyStore = testKeyStore();
  const first = await openReconcile({ keyStore });
  const { page, folder } = first;
  const dataDir = first.app.dataDir;

  await paste(page, list.text);
  await view(page)
    .getByText(`${n(250)} IDs to look up (30 duplicates and 20 blank lines skipped).`)
    .waitFor(WAIT);
  // Nothing is sent to Palenca before Start.
  assert.equal(idSearches().length, searchesBefore);
  // The first IDs read, without the BOM.
  const firstId = list.text.slice(1).split('\r\n')[0] ?? '';
  assert.equal(await view(page).getByRole('listitem').first().textContent(), firstId);
  await view(page)
    .getByText(/^Looking them up takes 250 requests, /)
    .waitFor(WAIT);
  await page.getByLabel("Also check their accounts' status").check();
  await view(page)
    .getByText(
      /^Looking them up takes 250 requests, .*\(up to 500 requests, .* with their accounts' status\)/,
    )
    .waitFor(WAIT);
  await page.getByLabel("Also check their accounts' status").uncheck();
  await view(page)
    .getByText(/^Looking them up takes 250 requests, [^(]*$/)
    .waitFor(WAIT);

  // Slow answers, so Stop lands part-way.
  fake.setLatency(400);
  let stoppedAt = 0;
  try {
    await page.getByRole('button', { name: 'Look up 250 IDs' }).click();
    await view(page).getByText('Looking up the list…').waitFor(WAIT);
    await view(page)
      .getByText(/Stopping keeps what was looked up/)
      .waitFor(WAIT);
    await eventually('some IDs looked up', async () => (await progressDone(page)) >= 5);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const paused = view(page).getByText(/^Stopped: looked up \d+ of 250 IDs$/);
    await paused.waitFor(WAIT);
    stoppedAt = Number(/looked up (\d+) of/.exec((await paused.textContent()) ?? '')?.[1]);
  } finally {
    fake.setLatency(0);
  }
  assert.ok(stoppedAt >= 5 && stoppedAt < 250, `stopped part-way (${stoppedAt})`);
  await view(page)
    .getByText(`${n(250 - stoppedAt)} IDs are left to look up.`, { exact: false })
    .waitFor(WAIT);
  // The counts so far agree with the rows so far.
  const counts =
    (await view(page)
      .getByText(/^Found: \d+ · Not found: \d+$/)
      .textContent()) ?? '';
  const [foundSoFar, notFoundSoFar] = (counts.match(/\d+/g) ?? []).map(Number);
  assert.equal((foundSoFar ?? -1) + (notFoundSoFar ?? -1), stoppedAt);
  await view(page)
    .getByRole('button', { name: `All (${stoppedAt})` })
    .waitFor(WAIT);
  const kept = await first.app.backend.dispatch('getReconcileRows', {
    page: 1,
    perPage: 500,
    show: 'all',
  });
  assert.ok(kept.ok);
  const answeredBeforeStop = new Set(
    (kept.value as { rows: { externalId: string }[] }).rows.map((row) => row.externalId),
  );
  assert.equal(answeredBeforeStop.size, stoppedAt);
  const askedBeforeStop = idSearches().slice(searchesBefore);
  await finish(first.app);

  // A new app on the same data folder: the stopped look-up is offered, and resumes.
  const second = await openWithKey(fake, {
    dataDir,
    keyStore,
    platform: { chooseSavePath: async (name) => join(folder, name) },
  });
  await second.page.getByRole('button', { name: 'Reconcile a list', exact: true }).click();
  await view(second.page).getByText(`Stopped: looked up ${stoppedAt} of 250 IDs`).waitFor(WAIT);
  await second.page.getByRole('button', { name: 'Resume' }).click();
  await view(second.page).getByText('Done: 250 IDs looked up').waitFor({ timeout: 60_000 });
  const found = list.found.size;
  await view(second.page)
    .getByText(`Found: ${found} · Not found: ${250 - found}`)
    .waitFor(WAIT);
  assert.ok(found > 100 && found < 250, 'both kinds in the list');

  // Each distinct ID was searched; nothing answered before the stop was asked again. Only the
  // few searches in flight at the stop (dropped, by design) are asked a second time.
  const askedAfter = idSearches().slice(searchesBefore + askedBeforeStop.length);
  assert.equal(new Set(askedBeforeStop).size, askedBeforeStop.length, 'none twice before the stop');
  assert.equal(new Set(askedAfter).size, askedAfter.length, 'none twice after the restart');
  assert.deepEqual(
    askedAfter.filter((id) => answeredBeforeStop.has(id)),
    [],
    'nothing answered before the stop is asked again',
  );
  assert.deepEqual(
    [...new Set([...askedBeforeStop, ...askedAfter])].sort(),
    [...list.distinct].sort(),
  );
  const inFlightAtStop = askedBeforeStop.length - answeredBeforeStop.size;
  assert.ok(
    inFlightAtStop >= 0 && inFlightAtStop <= RECONCILE_CONCURRENCY,
    `in flight at the stop: ${inFlightAtStop}`,
  );
  assert.equal(askedBeforeStop.length + askedAfter.length, 250 + inFlightAtStop);

  // The table: the filter, and the customer with two users.
  await second.page.getByRole('button', { name: `Not found (${250 - found})` }).click();
  await view(second.page)
    .getByText(`Showing 1–50 of ${250 - found} IDs`)
    .waitFor(WAIT);
  await second.page.getByRole('button', { name: `Found (${found})` }).click();
  await view(second.page).getByText(`Showing 1–50 of ${found} IDs`).waitFor(WAIT);

  const rows = await exportResults(second.page, folder);
  assert.equal(rows.length, 250);
  assert.deepEqual(Object.keys(rows[0] ?? {}), ['external_id', 'found', 'user_ids', 'widget_id']);
  const byId = new Map(rows.map((row) => [row.external_id ?? '', row]));
  assert.deepEqual([...byId.keys()].sort(), [...list.distinct].sort());
  for (const id of list.distinct) {
    const row = byId.get(id);
    const expected = fake.usersInWindow(ALL_TIME_FROM, localDay(0), id).map((u) => u.user_id);
    const userIds = (row?.user_ids ?? '').split(' ').filter(Boolean);
    assert.deepEqual(userIds.sort(), [...expected].sort(), `${id}'s user IDs`);
    assert.equal(row?.found, expected.length > 0 ? 'yes' : 'no', id);
  }
  assert.equal(byId.get('twice_customer')?.user_ids?.split(' ').length, 2);
  await finish(second);
});

test('an opened CSV with semicolons: its column chosen, with statuses, and the accounts grouped', async () => {
  const ids = [...existingIds(160).slice(150), 'missing_csv_1', 'missing_csv_2', 'twice_customer'];
  const lines = ['name;client_ref;city'];
  for (const [i, id] of ids.entries()) {
    lines.push(`Person ${i};${id};Monterrey`);
    if (i === 3) lines.push(';;');
    if (i % 4 === 0) lines.push(`Again ${i};${id};Monterrey`);
  }
  const csv = `${lines.join('\r\n')}\r\n`;
  const found = ids.filter(known);
  const accountsBefore = fake.requests.filter((r) => r.path.endsWith('/accounts')).length;

  const { app, page, folder } = await openReconcile();
  await page.getByLabel('Open a file…').setInputFiles({
    name: 'customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await view(page).getByText('The list is the file customers.csv').waitFor(WAIT);
  // The first column is read until another is chosen: the sample shows which.
  await view(page).getByRole('listitem').filter({ hasText: 'Person 0' }).waitFor(WAIT);
  await page.getByLabel('Column with the IDs').selectOption('client_ref');
  await view(page)
    .getByRole('listitem')
    .filter({ hasText: ids[0] ?? '' })
    .waitFor(WAIT);
  await view(page).getByText(`${ids.length} IDs to look up (`, { exact: false }).waitFor(WAIT);
  await page.getByLabel("Also check their accounts' status").check();
  await view(page)
    .getByText(
      new RegExp(
        `^Looking them up takes ${ids.length} requests, .*\\(up to ${ids.length * 2} requests`,
      ),
    )
    .waitFor(WAIT);
  await page.getByRole('button', { name: `Look up ${ids.length} IDs` }).click();
  await view(page).getByText(`Done: ${ids.length} IDs looked up`).waitFor({ timeout: 60_000 });
  await view(page)
    .getByText(`Found: ${found.length} · Not found: ${ids.length - found.length}`)
    .waitFor(WAIT);
  await view(page).getByText("With their accounts' status").waitFor(WAIT);
  // One accounts request per ID found.
  const accounts = fake.requests.filter((r) => r.path.endsWith('/accounts')).slice(accountsBefore);
  assert.equal(accounts.length, found.length);

  // A found customer's accounts, in the group words of the accounts panel.
  const someone = found[0] ?? '';
  const userId = fake.usersInWindow(ALL_TIME_FROM, localDay(0), someone)[0]?.user_id ?? '';
  const answer = await fetch(`${fake.baseUrl}/users/${userId}/accounts`, {
    headers: { 'x-api-key': fake.apiKey },
  });
  const body = (await answer.json()) as {
    data: { accounts: { status: string | null; status_details?: string | null }[] };
  };
  const row = view(page).locator('tbody tr').filter({ hasText: someone });
  for (const account of body.data.accounts) {
    const group = readAccountStatus(account.status, account.status_details ?? null).group;
    const words = formatMessage(en.accounts_status, { group }, 'en');
    await row.getByText(words, { exact: true }).first().waitFor(WAIT);
  }
  await row.getByRole('button', { name: 'Copy user ID' }).first().click();
  await page.getByRole('status').getByText('User ID copied').waitFor(WAIT);
  // The link to connect again is copied, and nothing is opened.
  const url = page.url();
  await row.getByRole('button', { name: 'Copy the link to reconnect' }).click();
  await page.getByRole('status').getByText('Link to reconnect copied').waitFor(WAIT);
  assert.equal(page.url(), url);
  assert.equal(page.context().pages().length, 1);

  const rows = await exportResults(page, folder);
  assert.equal(rows.length, ids.length);
  // The accounts column in words, not the app's codes.
  const withAccounts = rows.filter((r) => (r.accounts ?? '') !== '');
  assert.ok(withAccounts.length > 0);
  for (const r of withAccounts) {
    assert.match(
      r.accounts ?? '',
      /^[^:;]+: (connected|needs action|waiting|failed|unknown)(; [^:;]+: (connected|needs action|waiting|failed|unknown))*$/,
    );
  }
  await finish(app);
});

test('refused in their own words: over 5,000 IDs, a missing column, a file not text, a file over 10 MB', async () => {
  const { app, page } = await openReconcile();
  const start = page.getByRole('button', { name: /^Look (up|them)/ });

  const many = Array.from({ length: 5001 }, (_, i) => `id_${i}`).join('\n');
  await paste(page, many);
  await view(page).getByText(en.error_list_too_long).waitFor(WAIT);
  assert.equal(await start.isDisabled(), true);

  // A column chosen for a pasted table, then a plain list: the list is read, one ID a line.
  await paste(page, 'ref,customer\nA,c_1\nB,c_2\n');
  await page.getByLabel('Column with the IDs').selectOption('customer');
  await view(page).getByRole('listitem').filter({ hasText: 'c_2' }).waitFor(WAIT);
  await paste(page, ' plain_1 \nplain_2\nplain_3');
  await view(page).getByText('3 IDs to look up.').waitFor(WAIT);
  // The spaces removed are said.
  await view(page).getByText('1 ID had spaces at the start or end removed.').waitFor(WAIT);
  assert.equal(await start.isDisabled(), false);

  // A column chosen for one file, then a file without it: said, and its columns offered.
  await page.getByLabel('Open a file…').setInputFiles({
    name: 'a.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('name,customer_id\nAna,cus_1\nBeto,cus_2\n'),
  });
  await page.getByLabel('Column with the IDs').selectOption('customer_id');
  await view(page).getByRole('listitem').filter({ hasText: 'cus_1' }).waitFor(WAIT);
  await page.getByLabel('Open a file…').setInputFiles({
    name: 'b.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('client,notes\ncus_9,x\n'),
  });
  await view(page).getByText(en.error_list_no_column).waitFor(WAIT);
  assert.equal(await start.isDisabled(), true);
  await page.getByLabel('Column with the IDs').selectOption('client');
  await view(page).getByText('1 ID to look up').waitFor(WAIT);
  assert.equal(await start.isDisabled(), false);

  // Not text: said, and the list there was stays.
  await page.getByLabel('Open a file…').setInputFiles({
    name: 'photo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe,
    ]),
  });
  await view(page).getByText(en.reconcile_file_not_text).waitFor(WAIT);
  await view(page).getByText('The list is the file b.csv').waitFor(WAIT);

  await page.getByLabel('Open a file…').setInputFiles({
    name: 'huge.csv',
    mimeType: 'text/csv',
    buffer: Buffer.alloc(10_000_001, 'a'),
  });
  await view(page).getByText(en.reconcile_file_too_big).waitFor(WAIT);
  await view(page).getByText('1 ID to look up').waitFor(WAIT);

  // A Windows-code-page CSV (Excel's "CSV (comma delimited)") is read, accents and all.
  await page.getByLabel('Open a file…').setInputFiles({
    name: 'excel.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Número;Cliente\r\n1;cus_á\r\n', 'latin1'),
  });
  await page.getByLabel('Column with the IDs').selectOption('Cliente');
  await view(page).getByRole('listitem').filter({ hasText: 'cus_á' }).waitFor(WAIT);
  await finish(app);
});

test('discarding asks first; the list stays, to start again', async () => {
  const { app, page } = await openReconcile();
  const ids = Array.from({ length: 60 }, (_, i) => `discard_${i}`);
  await paste(page, ids.join('\n'));
  await view(page).getByText('60 IDs to look up.').waitFor(WAIT);
  fake.setLatency(1500);
  try {
    await page.getByRole('button', { name: 'Look up 60 IDs' }).click();
    // The Start button has gone: Stop has the focus.
    await eventually('Stop has the focus', async () => (await focusedName(page)) === 'Stop');
    await eventually('one ID looked up', async () => (await progressDone(page)) >= 1);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await view(page)
      .getByText(/^Stopped: looked up \d+ of 60 IDs$/)
      .waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  await page.getByRole('button', { name: 'Discard', exact: true }).click();
  const question = view(page).getByRole('alert');
  await question.getByText('Discard this look-up?', { exact: false }).waitFor(WAIT);
  await question.getByRole('button', { name: 'Keep it' }).click();
  await view(page).getByRole('button', { name: 'Resume' }).waitFor(WAIT);
  await page.getByRole('button', { name: 'Discard', exact: true }).click();
  await view(page).getByRole('alert').getByRole('button', { name: 'Discard' }).click();
  await view(page).getByText('60 IDs to look up.').waitFor(WAIT);
  assert.equal(await page.getByLabel('External IDs').inputValue(), ids.join('\n'));
  assert.equal(await focusedName(page), 'External IDs');
  const left = await app.backend.dispatch('getReconcile', undefined);
  assert.deepEqual(left, { ok: true, value: null });
  await finish(app);
});

async function axeStates(app: AppHandle, scheme: string): Promise<string[]> {
  const { page } = app;
  const list = [
    'cus_\u202Egpj.exe',
    ...existingIds(12),
    'missing_a',
    'missing_b',
    'missing_a',
    '',
    'x'.repeat(201),
    // Enough to keep it running, slowed, while axe looks at it.
    ...Array.from({ length: 80 }, (_, i) => `absent_${i}`),
  ];
  await paste(page, list.join('\n'));
  await page.getByLabel("Also check their accounts' status").check();
  await view(page)
    .getByText(/\(up to \d+ requests/)
    .waitFor(WAIT);
  const found = await axeViolations(page, `${scheme}: reading and cost`);
  fake.setLatency(2000);
  try {
    await page.getByRole('button', { name: /^Look up/ }).click();
    await view(page).getByText('Looking up the list…').waitFor(WAIT);
    found.push(...(await axeViolations(page, `${scheme}: running`)));
    await eventually('one ID looked up', async () => (await progressDone(page)) >= 1);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await view(page)
      .getByText(/^Stopped: looked up/)
      .waitFor(WAIT);
    await view(page).locator('tbody tr').first().waitFor(WAIT);
    found.push(...(await axeViolations(page, `${scheme}: paused`)));
  } finally {
    fake.setLatency(0);
  }
  await page.getByRole('button', { name: 'Resume' }).click();
  await view(page)
    .getByText(/^Done: /)
    .waitFor({ timeout: 60_000 });
  await view(page).locator('tbody tr').first().waitFor(WAIT);
  found.push(...(await axeViolations(page, `${scheme}: done`)));
  await page.getByRole('button', { name: 'Start a new list' }).click();
  await view(page).getByRole('alert').waitFor(WAIT);
  found.push(...(await axeViolations(page, `${scheme}: start a new list?`)));
  return found;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds nothing on the view's states, ${colorScheme}`, async () => {
    const { app } = await openReconcile({ colorScheme });
    const found = await axeStates(app, colorScheme);
    await finish(app);
    assert.deepEqual(found, []);
  });
}
