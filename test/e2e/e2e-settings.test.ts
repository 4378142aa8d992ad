// Settings: environment, date filters and page size survive a restart (a one-off external
// ID does not); CSV options and the language are saved; a second environment's key adds the
// switch in the header.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  focusedName,
  localDay,
  openWithKey,
  searches,
  testKeyStore,
  WAIT,
} from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('environment, period, page size and CSV options are remembered across a restart; not the external ID', async () => {
  const keyStore = testKeyStore();
  const first = await openWithKey(fake, { keyStore, environments: ['sandbox', 'production'] });
  const { page } = first;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByText('Sandbox — test data').waitFor(WAIT);
  await page.getByLabel('Environment').selectOption('production');
  await page.getByText('Production — live data').waitFor(WAIT);
  await page.getByLabel('Period').selectOption('last7');
  await page.getByLabel('Exact external ID (case-sensitive)').fill('cus_000053');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByLabel('Rows per page').selectOption('100');
  assert.equal(searches(first).at(-1)?.environment, 'production');

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  await page.getByLabel('Semicolon ( ; )').check();
  await page.getByLabel('Make accents show correctly in Excel (recommended)').uncheck();
  await page.getByLabel('Language').selectOption('en');
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByRole('button', { name: 'Search', exact: true }).waitFor(WAIT);
  // Let the settings writes land before the restart: the page saves without waiting.
  await eventually('the CSV options and the language are saved', async () => {
    const s = await first.backend.dispatch('getSettings', undefined);
    return s.ok && s.value.locale === 'en' && !s.value.csv.bom && s.value.csv.delimiter === ';';
  });
  await finish(first);

  const second = await openWithKey(fake, { keyStore, environments: [], dataDir: first.dataDir });
  const p2 = second.page;
  await p2.getByText('Production — live data').waitFor(WAIT);
  assert.equal(await p2.getByLabel('Period').inputValue(), 'last7');
  assert.equal(await p2.getByLabel('From').inputValue(), localDay(-6));
  // The lookup of one person was a one-off: the next start searches everyone again.
  assert.equal(await p2.getByLabel('Exact external ID (case-sensitive)').inputValue(), '');
  assert.equal(await p2.getByLabel('Rows per page').inputValue(), '100');
  await eventually('the restored search is sent', () => searches(second).length > 0);
  const { requestId, ...firstSearch } = searches(second)[0] ?? {};
  assert.equal(typeof requestId, 'string', 'each page is asked for with a request id');
  assert.deepEqual(firstSearch, {
    environment: 'production',
    from: localDay(-6),
    to: localDay(0),
    page: 1,
    perPage: 100,
  });

  await p2.getByRole('button', { name: 'Settings' }).click();
  assert.equal(await p2.getByLabel('Semicolon ( ; )').isChecked(), true);
  assert.equal(
    await p2.getByLabel('Make accents show correctly in Excel (recommended)').isChecked(),
    false,
  );
  assert.equal(await p2.getByLabel('Language').inputValue(), 'en');
  await finish(second);
});

test('replacing a key in settings checks it first; a wrong one is not saved', async () => {
  const keyStore = testKeyStore();
  const app = await openWithKey(fake, { keyStore });
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByText(`••••${fake.apiKey.slice(-4)}`).waitFor(WAIT);
  await page.getByRole('button', { name: 'Replace key' }).first().click();
  await page.getByLabel('API key').fill('sk_test_wrong_key_9999');
  await page.getByRole('button', { name: 'Verify and save' }).click();
  await page.getByText('Palenca did not accept this key.', { exact: false }).waitFor(WAIT);
  assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: fake.apiKey });
  await page.getByRole('button', { name: 'Cancel' }).click();
  // Adding a production key makes the environment switch appear.
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Verify and save' }).click();
  await page
    .getByText(`••••${fake.apiKey.slice(-4)}`)
    .nth(1)
    .waitFor(WAIT);
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByLabel('Environment').waitFor(WAIT);
  await finish(app);
});

test('replacing the key in use reloads the table and the trend; focus follows the form', async () => {
  let answerKeyChange = true;
  const app = await openWithKey(fake, {
    environments: ['sandbox', 'production'],
    platform: { confirmKeyChange: async () => answerKeyChange },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(await page.title(), 'Palenca Users — Sandbox');
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  const trendLoads = () => app.calls.filter((c) => c.name === 'loadTrend').length;
  assert.equal(trendLoads(), 1);
  const searched = searches(app).length;

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  assert.equal(await page.title(), 'Palenca Users');
  const replace = page.getByRole('button', { name: 'Replace key' }).first();
  // The form opens with the focus in the key field; Cancel puts it back on Replace key.
  await replace.click();
  assert.equal(await focusedName(page), 'API key');
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await focusedName(page), 'Replace key');
  // Remove, answered "no" in main's question: the focus is back on Remove key.
  answerKeyChange = false;
  await page.getByRole('button', { name: 'Remove key' }).first().click();
  await eventually(
    'focus back on Remove key',
    async () => (await focusedName(page)) === 'Remove key',
  );
  answerKeyChange = true;

  // A new key for the environment in use (another organisation's, as far as the app knows).
  await replace.click();
  await page.getByLabel('API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Verify and save' }).click();
  await page.getByLabel('API key').waitFor({ state: 'detached', ...WAIT });
  await eventually(
    'focus back on Replace key',
    async () => (await focusedName(page)) === 'Replace key',
  );
  assert.deepEqual(
    app.keyChangeQuestions,
    [
      { kind: 'remove', environment: 'sandbox' },
      { kind: 'replace', environment: 'sandbox' },
    ],
    'one question for each change',
  );
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(searches(app).length, searched + 1, 'the table was loaded again');
  await page.getByRole('button', { name: 'Trend', exact: true }).click();
  await page.getByText('Users per day').waitFor(WAIT);
  assert.equal(trendLoads(), 2, 'the trend was loaded again, not taken from the cache');

  await page.getByLabel('Environment').selectOption('production');
  await eventually(
    'the title names production',
    async () => (await page.title()) === 'Palenca Users — Production',
  );
  await finish(app);
});

test('a setting that cannot be saved says so, and the control goes back', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  // The settings file becomes a folder with something in it: no write can replace it.
  const file = join(app.dataDir, 'settings.json');
  await rm(file, { force: true });
  await mkdir(file);
  await writeFile(join(file, 'blocker'), 'x');

  await page.getByLabel('Semicolon ( ; )').click();
  await page
    .getByText('Your change could not be saved, so it was undone.', { exact: false })
    .waitFor(WAIT);
  await eventually('comma checked again', () => page.getByLabel('Comma ( , )').isChecked());
  assert.equal(await page.getByLabel('Semicolon ( ; )').isChecked(), false);

  await page.getByLabel('Language').selectOption('es');
  await eventually('two messages', async () => (await page.getByRole('alert').count()) === 2);
  assert.equal(await page.getByLabel('Language').inputValue(), 'system');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  // Filters are remembered in the background: the main screen says that failed too.
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByLabel('Period').selectOption('last7');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page
    .getByText('The app could not remember this choice for next time.', { exact: false })
    .waitFor(WAIT);
  await finish(app);
});
