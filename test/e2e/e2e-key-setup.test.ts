// First run: choosing an environment, pasting a key, the keychain, and removing the key again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { finish, testKeyStore, WAIT } from './app-support.ts';
import { openApp } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('first run: save a key, see users, remove the key, back to the welcome', async () => {
  const keyStore = testKeyStore();
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore });
  const { page } = app;
  await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);
  await page.getByRole('radio', { name: /Sandbox/ }).check();
  const field = page.getByLabel('API key');
  assert.equal(await field.getAttribute('type'), 'password');
  await field.fill(fake.apiKey);
  await page.getByRole('button', { name: 'Show' }).click();
  assert.equal(await field.getAttribute('type'), 'text');
  await page.getByRole('button', { name: 'Verify and save' }).click();

  await page.getByText('Sandbox — test data').waitFor(WAIT);
  await page.getByText(/^Showing 1–50 of /).waitFor(WAIT);
  assert.equal(await page.locator('tbody tr').count(), 50);
  const stored = await keyStore.get('sandbox');
  assert.deepEqual(stored, { ok: true, value: fake.apiKey });

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByText(`••••${fake.apiKey.slice(-4)}`).waitFor(WAIT);
  await page.getByRole('button', { name: 'Remove key' }).click();
  await page.getByRole('button', { name: 'Yes, remove key' }).click();
  await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);
  assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: null });
  await finish(app);
});

test('an invalid key is rejected in plain words and not saved', async () => {
  const keyStore = testKeyStore();
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore });
  const { page } = app;
  await page.getByLabel('API key').fill('sk_test_not_the_right_key_123');
  await page.getByRole('button', { name: 'Verify and save' }).click();
  await page.getByText('Palenca did not accept this key.', { exact: false }).waitFor(WAIT);
  assert.equal(await page.getByRole('button', { name: 'Save without checking' }).count(), 0);
  assert.deepEqual(await keyStore.get('sandbox'), { ok: true, value: null });
  assert.equal(await page.getByText('invalid_key').count(), 0);
  // The field points at the message, so a screen reader reads it with the field.
  const field = page.getByLabel('API key');
  const described = (await field.getAttribute('aria-describedby')) ?? '';
  const alertId = (await page.getByRole('alert').getAttribute('id')) ?? 'none';
  assert.ok(described.split(' ').includes(alertId), `${described} names ${alertId}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await finish(app);
});

test('Palenca unreachable: the key can be saved without checking, and the page says so', async () => {
  const keyStore = testKeyStore();
  fake.setFault({ kind: 'unavailable' });
  try {
    const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore });
    const { page } = app;
    await page.getByRole('radio', { name: /Production/ }).check();
    await page.getByLabel('API key').fill(fake.apiKey);
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByText('Palenca is temporarily unavailable', { exact: false }).waitFor(WAIT);
    await page.getByText('it will not have been checked', { exact: false }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Save without checking' }).click();
    await page.getByText('Production — live data').waitFor(WAIT);
    assert.deepEqual(await keyStore.get('production'), { ok: true, value: fake.apiKey });
    const saves = app.calls.filter((c) => c.name === 'saveKey').map((c) => c.args);
    assert.equal((saves.at(-1) as { skipCheck?: boolean }).skipCheck, true);
    // The main screen's search fails the same way, in plain words, with Retry.
    await page.getByRole('button', { name: 'Retry' }).waitFor(WAIT);
    await finish(app);
  } finally {
    fake.setFault(null);
  }
});

test('an empty key is explained and never sent', async () => {
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore: testKeyStore() });
  await app.page.getByRole('button', { name: 'Verify and save' }).click();
  await app.page.getByText('Paste your API key first.').waitFor(WAIT);
  assert.equal(app.calls.filter((c) => c.name === 'saveKey').length, 0);
  await app.page.getByRole('button', { name: "Open Palenca's console" }).click();
  await finish(app);
});
