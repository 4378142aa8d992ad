// Issue 14's small items: Escape (and a click outside) close About; Escape closes Settings;
// removing the last key keeps the person in Settings; a second environment's key is added
// from the header's environment switch; the export history can be cleared (files stay).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  focusedName,
  openWithKey,
  searches,
  testKeyStore,
  WAIT,
} from './app-support.ts';
import { openApp } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('About closes on Escape (focus back on About) and on a click outside', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const about = page.getByRole('button', { name: 'About Palenca Users' });
  const version = page.getByText('Version 0.0.0-test');

  await about.click();
  await version.waitFor(WAIT);
  assert.equal(await about.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  await version.waitFor({ state: 'detached', ...WAIT });
  assert.equal(await about.getAttribute('aria-expanded'), 'false');
  assert.equal(await focusedName(page), 'About Palenca Users');

  await about.click();
  await version.waitFor(WAIT);
  // A click in the page's margin, away from the box and from anything that acts.
  await page.mouse.click(5, 400);
  await version.waitFor({ state: 'detached', ...WAIT });

  // In Settings, Escape with About open closes About only; the next Escape leaves Settings.
  await page.getByRole('button', { name: 'Settings' }).click();
  const heading = page.getByRole('heading', { name: 'Settings', level: 1 });
  await heading.waitFor(WAIT);
  await about.click();
  await version.waitFor(WAIT);
  await page.keyboard.press('Escape');
  await version.waitFor({ state: 'detached', ...WAIT });
  assert.equal(await heading.count(), 1, 'still in Settings');
  await page.keyboard.press('Escape');
  await heading.waitFor({ state: 'detached', ...WAIT });
  await page.getByRole('button', { name: 'Search', exact: true }).waitFor(WAIT);
  await finish(app);
});

test('Escape closes Settings and the focus is back on the Settings button, not from a key form', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const searched = searches(app).length;
  await page.getByRole('button', { name: 'Settings' }).click();
  const heading = page.getByRole('heading', { name: 'Settings', level: 1 });
  await heading.waitFor(WAIT);

  // A half-typed key is not thrown away by Escape.
  await page.getByRole('button', { name: 'Replace key' }).first().click();
  await page.getByLabel('API key').fill('sk_test_half');
  await page.keyboard.press('Escape');
  assert.equal(await heading.count(), 1, 'still in Settings');
  assert.equal(await page.getByLabel('API key').inputValue(), 'sk_test_half');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.keyboard.press('Escape');
  await heading.waitFor({ state: 'detached', ...WAIT });
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await eventually('focus on Settings', async () => (await focusedName(page)) === 'Settings');
  assert.equal(searches(app).length, searched, 'the table was kept, not loaded again');
  await finish(app);
});

test('removing the last key stays in Settings, says no key is saved, and a key can be added there', async () => {
  const keyStore = testKeyStore();
  const app = await openWithKey(fake, { keyStore });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Settings' }).click();
  const heading = page.getByRole('heading', { name: 'Settings', level: 1 });
  await heading.waitFor(WAIT);
  // Main asks (the harness answers yes); the page asks nothing itself.
  await page.getByRole('button', { name: 'Remove key' }).click();

  await page.getByText('No API key is saved.', { exact: false }).waitFor(WAIT);
  assert.equal(await heading.count(), 1, 'still in Settings');
  assert.equal(await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).count(), 0);
  assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: null });
  assert.equal(await page.getByText('No key saved').count(), 2, 'for both environments');
  const back = page.getByRole('button', { name: 'Back to users' });
  assert.equal(await back.isDisabled(), true, 'nothing to go back to without a key');
  await page.keyboard.press('Escape');
  assert.equal(await heading.count(), 1, 'Escape does not leave either');

  // Adding a Production key there: Back then opens Production.
  await page.getByRole('button', { name: 'Add key' }).nth(1).click();
  await page.getByLabel('API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Verify and save' }).click();
  await page.getByText(`••••${fake.apiKey.slice(-4)}`).waitFor(WAIT);
  await page.getByText('No API key is saved.', { exact: false }).waitFor({ state: 'detached' });
  await back.click();
  await page.getByText('Production — live data').waitFor(WAIT);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(searches(app).at(-1)?.environment, 'production');
  await finish(app);
});

test('the environment switch offers "Add a Production key…", which adds it without Settings', async () => {
  const keyStore = testKeyStore();
  const app = await openWithKey(fake, { keyStore });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const switcher = page.getByLabel('Environment');
  assert.deepEqual(await switcher.locator('option').allTextContents(), [
    'Sandbox',
    'Add a Production key…',
  ]);
  await switcher.selectOption({ label: 'Add a Production key…' });
  const dialog = page.getByRole('dialog', { name: 'Add a Production key' });
  await dialog.waitFor(WAIT);
  assert.equal(await switcher.inputValue(), 'sandbox', 'adding is not switching');
  assert.equal(await focusedName(page), 'API key', 'the key field has the focus');

  // Cancel (here Escape) closes it: nothing saved, back on the switch.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual(await keyStore.get('production'), { ok: true, value: null });

  await switcher.selectOption({ label: 'Add a Production key…' });
  await dialog.getByLabel('API key').fill(fake.apiKey);
  await dialog.getByRole('button', { name: 'Verify and save' }).click();
  await dialog.waitFor({ state: 'detached', ...WAIT });
  await page.getByText('Production — live data').waitFor(WAIT);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.deepEqual(await keyStore.get('production'), { ok: true, value: fake.apiKey });
  assert.equal(searches(app).at(-1)?.environment, 'production');
  assert.deepEqual(await switcher.locator('option').allTextContents(), ['Sandbox', 'Production']);
  assert.equal(await page.getByRole('heading', { name: 'Settings', level: 1 }).count(), 0);
  await finish(app);
});

test('the export history can be cleared after a question; the files themselves stay', async () => {
  const keyStore = testKeyStore();
  assert.equal((await keyStore.set('sandbox', fake.apiKey)).ok, true);
  const dataDir = await mkdtemp(join(tmpdir(), 'palenca-users-e2e-history-'));
  const file = join(dataDir, 'exports', 'palenca-users.csv');
  await mkdir(join(dataDir, 'exports'));
  await writeFile(file, 'user_id\n1\n');
  const entry = {
    id: 'e1',
    finishedAt: '2026-01-31T10:00:00.000Z',
    environment: 'sandbox',
    filter: { from: '2026-01-01', to: '2026-01-31' },
    rows: 1,
    path: file,
  };
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ exportHistory: [entry] }));
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, dataDir });
  const { page } = app;
  await page.getByRole('button', { name: 'Export history' }).click();
  const history = page.getByRole('region', { name: 'Recent exports' });
  await history.getByText(file).waitFor(WAIT);

  // The question says the files stay; Cancel keeps everything.
  await history.getByRole('button', { name: 'Clear history' }).click();
  await history
    .getByText('The exported files stay where they were saved', { exact: false })
    .waitFor(WAIT);
  assert.equal(await focusedName(page), 'Cancel');
  await history.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await focusedName(page), 'Clear history');
  await history.getByText(file).waitFor(WAIT);

  await history.getByRole('button', { name: 'Clear history' }).click();
  await history.getByRole('button', { name: 'Clear the list' }).click();
  await history.getByText('No exports yet.', { exact: false }).waitFor(WAIT);
  assert.equal(await history.getByText(file).count(), 0);
  assert.equal(await history.getByRole('button', { name: 'Clear history' }).count(), 0);
  assert.ok((await stat(file)).isFile(), 'the exported file is still there');
  const saved = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
  assert.deepEqual(saved.exportHistory, []);
  await finish(app);
});
