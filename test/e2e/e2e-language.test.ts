// The window's language: the first run follows the OS locale (es-* → Spanish, pt-* →
// Portuguese, else English); Settings switches it at once and remembers it across restarts;
// <html lang> follows; numbers and dates are written the chosen locale's way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { eventually, finish, testKeyStore, WAIT } from './app-support.ts';
import { openApp } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 4000, seed: 3 });
});
after(() => fake.close());

const lang = (app: { page: import('playwright-core').Page }) =>
  app.page.evaluate(() => document.documentElement.lang);

test('first run on a Mexican Spanish system: the welcome screen is in Spanish', async () => {
  const app = await openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore: testKeyStore(),
    locale: 'es-MX',
  });
  await app.page
    .getByRole('heading', { name: 'Te damos la bienvenida a Palenca Users' })
    .waitFor(WAIT);
  assert.equal(await lang(app), 'es');
  await app.page.getByRole('button', { name: 'Verificar y guardar' }).click();
  await app.page.getByText('Primero pega tu clave de API.').waitFor(WAIT);
  await finish(app);
});

test('on a Portuguese system the users are counted the Brazilian way', async () => {
  const keyStore = testKeyStore();
  await keyStore.set('sandbox', fake.apiKey);
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, locale: 'pt-BR' });
  const { page } = app;
  // The first search (the last 30 days) answers first: wait for it, then for the new one's
  // answer, which is the only one with a four-digit total, before reading the summary.
  await page.getByText(/^Mostrando 1–50 de/).waitFor(WAIT);
  await page.getByLabel('De', { exact: true }).fill('2015-01-01');
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  const summary = page.getByText(/^Mostrando 1–50 de \d+\.\d{3} usuários$/);
  await summary.waitFor(WAIT);
  assert.equal(await lang(app), 'pt-BR');
  const text = (await summary.textContent()) ?? '';
  const total = Number(/de ([\d.]+) usuários/.exec(text)?.[1]?.replaceAll('.', ''));
  assert.ok(total >= 1000, text);
  assert.match(text, /de \d\.\d{3} usuários$/, 'thousands are grouped with a dot');
  await page.getByText(/^Página 1 de \d+$/).waitFor(WAIT);
  await finish(app);
});

test('switching language in Settings applies at once and is remembered', async () => {
  const keyStore = testKeyStore();
  await keyStore.set('sandbox', fake.apiKey);
  const first = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, locale: 'en-US' });
  await first.page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(await lang(first), 'en');
  await first.page.getByRole('button', { name: 'Settings' }).click();
  await first.page.getByLabel('Language', { exact: true }).selectOption('es');
  await first.page.getByRole('heading', { name: 'Configuración', level: 1 }).waitFor(WAIT);
  assert.equal(await lang(first), 'es');
  await first.page.getByRole('button', { name: 'Volver a usuarios' }).click();
  await first.page.getByText(/^Mostrando 1–50 de/).waitFor(WAIT);
  // es on an English system writes numbers and dates the Latin American way.
  await first.page.getByLabel('Desde').fill('2020-01-01');
  await first.page.getByLabel('Hasta').fill('2020-01-31');
  await first.page.getByRole('button', { name: 'Buscar', exact: true }).click();
  await first.page
    .getByText('Ningún usuario se conectó entre el 1 de enero de 2020 y el 31 de enero de 2020.')
    .waitFor(WAIT);
  const dataDir = first.dataDir;
  await finish(first);

  const again = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, dataDir, locale: 'en-US' });
  await again.page.getByRole('button', { name: 'Buscar', exact: true }).waitFor(WAIT);
  assert.equal(await lang(again), 'es');
  await again.page.getByRole('button', { name: 'Configuración' }).click();
  await again.page.getByLabel('Idioma', { exact: true }).selectOption('system');
  await again.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  assert.equal(await lang(again), 'en');
  await finish(again);
});

test('the welcome screen offers the language before anything else', async () => {
  const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore: testKeyStore() });
  const { page } = app;
  await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);
  await page.getByLabel('Language').selectOption('pt-BR');
  await page.getByRole('button', { name: 'Verificar e salvar' }).waitFor(WAIT);
  assert.equal(await lang(app), 'pt-BR');
  await eventually('the language is saved', async () => {
    const settings = await app.backend.dispatch('getSettings', undefined);
    return settings.ok && settings.value.locale === 'pt-BR';
  });
  await finish(app);
});

test('after a language change Settings offers Restart now, which restarts the app', async () => {
  const keyStore = testKeyStore();
  await keyStore.set('sandbox', fake.apiKey);
  let relaunches = 0;
  const app = await openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore,
    platform: {
      relaunch: () => {
        relaunches++;
      },
    },
  });
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  assert.equal(await page.getByRole('button', { name: 'Restart now' }).count(), 0);
  await page.getByLabel('Language', { exact: true }).selectOption('pt-BR');
  await page
    .getByText('Os campos de data mudam para o novo idioma depois de reiniciar.')
    .waitFor(WAIT);
  await page.getByRole('button', { name: 'Reiniciar agora' }).click();
  await eventually('the app was restarted', () => relaunches === 1);
  // The choice was saved before the restart, so the next start (and Chromium's --lang) has it.
  const settings = await app.backend.dispatch('getSettings', undefined);
  assert.equal(settings.ok && settings.value.locale, 'pt-BR');
  await finish(app);
});
