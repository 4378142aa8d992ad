// Living within Palenca's request allowance: Settings → how much of it the app may use (in
// every language, remembered); the export panel says how the export is paced and when it
// waits for the allowance; a page of users or a user's accounts waiting for it can be
// cancelled, leaving what was on screen.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ExportProgress } from '#common/models.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportStep,
  exportThroughStep,
  finish,
  localDay,
  openWithKey,
  testKeyStore,
  WAIT,
} from './app-support.ts';
import { type AppHandle, openApp } from './harness.ts';

/** A short allowance window, so a wait for the next one stays short. */
const WINDOW_MS = 6000;

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({
    users: 6000,
    allowance: { limit: 10_000, windowMs: WINDOW_MS },
  });
});
after(() => fake.close());

/** Milliseconds left in the fake's current allowance window (its clock is this machine's). */
const windowLeft = (windowMs = WINDOW_MS) => windowMs - (Date.now() % windowMs);

/** Waits for a window with at least `ms` left, so a refusal now means a wait of at least `ms`. */
async function freshWindow(ms: number, windowMs = WINDOW_MS): Promise<void> {
  const deadline = Date.now() + windowMs + 5000;
  while (windowLeft(windowMs) < ms) {
    if (Date.now() > deadline) assert.fail('no fresh allowance window');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** "2:03 PM": how the page (en-US, UTC) writes a moment's time of day. */
const timeOfDay = (ms: number) =>
  new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'UTC' }).format(ms);

const savedShare = async (app: AppHandle) => {
  const settings = await app.backend.dispatch('getSettings', undefined);
  return settings.ok ? settings.value.allowanceShare : null;
};

test('the share of the allowance: half by default, saved at once, remembered, and said before an export', async () => {
  const keyStore = testKeyStore();
  const first = await openWithKey(fake, { keyStore });
  const { page } = first;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Palenca allowance', level: 2 }).waitFor(WAIT);
  const group = page.getByRole('group', {
    name: "How much of your organisation's Palenca allowance may this app use?",
  });
  assert.equal(await group.getByRole('radio', { name: 'Half (recommended)' }).isChecked(), true);
  for (const name of ['A quarter', 'Three quarters', 'All of it']) {
    assert.equal(await group.getByRole('radio', { name }).isChecked(), false, name);
  }
  await group
    .getByText(
      "Palenca allows a fixed number of requests per minute for your whole organisation. What this app does not use stays free for your company's own product.",
    )
    .waitFor(WAIT);

  await group.getByRole('radio', { name: 'A quarter' }).check();
  await eventually('a quarter saved', async () => (await savedShare(first)) === 25);

  // The step before an export says what the share leaves free.
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  await step
    .getByText(/: paced to leave three quarters of your organisation's Palenca allowance free$/)
    .waitFor(WAIT);
  await step.getByRole('button', { name: 'Cancel' }).click();
  await step.waitFor({ state: 'detached', ...WAIT });

  await page.getByRole('button', { name: 'Settings' }).click();
  await group.getByRole('radio', { name: 'All of it' }).check();
  await eventually('all of it saved', async () => (await savedShare(first)) === 100);
  await page.getByRole('button', { name: 'Back to users' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  await step
    .getByText(
      /: it uses your organisation's whole Palenca allowance, which may slow down your company's own product$/,
    )
    .waitFor(WAIT);
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });
  await finish(first);

  const second = await openWithKey(fake, { keyStore, environments: [], dataDir: first.dataDir });
  await second.page.getByRole('button', { name: 'Settings' }).click();
  const again = second.page.getByRole('group', {
    name: "How much of your organisation's Palenca allowance may this app use?",
  });
  await again.getByRole('radio', { name: 'All of it' }).waitFor(WAIT);
  assert.equal(await again.getByRole('radio', { name: 'All of it' }).isChecked(), true);
  await second.page.getByRole('button', { name: 'Back to users' }).click();
  await finish(second);
});

for (const { locale, settingsButton, title, question, choice, share, why } of [
  {
    locale: 'es-MX',
    settingsButton: 'Configuración',
    title: 'Cuota de Palenca',
    question: '¿Cuánto de la cuota de Palenca de tu organización puede usar esta app?',
    choice: 'Tres cuartos',
    share: 75,
    why: /^Palenca permite un número fijo de solicitudes por minuto para toda tu organización\./,
  },
  {
    locale: 'pt-BR',
    settingsButton: 'Configurações',
    title: 'Cota da Palenca',
    question: 'Quanto da cota da Palenca da sua organização este app pode usar?',
    choice: 'Um quarto',
    share: 25,
    why: /^A Palenca permite um número fixo de solicitações por minuto para toda a sua organização\./,
  },
] as const) {
  test(`the share of the allowance in ${locale}`, async () => {
    const keyStore = testKeyStore();
    await keyStore.set('sandbox', fake.apiKey);
    const app = await openApp({ apiBaseUrl: fake.baseUrl, keyStore, locale });
    const { page } = app;
    await page.getByRole('button', { name: settingsButton }).click();
    await page.getByRole('heading', { name: title, level: 2 }).waitFor(WAIT);
    const group = page.getByRole('group', { name: question });
    await group.getByText(why).waitFor(WAIT);
    assert.equal(await group.getByRole('radio').count(), 4);
    await group.getByRole('radio', { name: choice }).check();
    await eventually(`${choice} saved`, async () => (await savedShare(app)) === share);
    assert.equal(await group.getByRole('radio', { name: choice }).isChecked(), true);
    await finish(app);
  });
}

test('the export panel says how the export is paced, and when it waits for the allowance', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'palenca-allowance-export-'));
  const app = await openWithKey(fake, {
    platform: { chooseSavePath: async (name) => join(folder, name) },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const from = localDay(-300);
  const total = fake.countInWindow(from, localDay(0));
  await page.getByLabel('From').fill(from);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(`Showing 1–50 of ${total.toLocaleString('en-US')} users`).waitFor(WAIT);

  const panel = page.getByRole('region', { name: 'Export' });
  const waiting = panel.getByText(/^Waiting for Palenca's allowance until /);
  fake.setLatency(250);
  try {
    // A window with time left, so the refusal below means a wait long enough to be seen.
    await freshWindow(4500);
    await exportThroughStep(page);
    await panel.getByRole('progressbar', { name: 'Export progress' }).waitFor(WAIT);
    await panel.getByText('Paced to leave half of the allowance free').waitFor(WAIT);
    // The organisation's own product spends the rest of the window: Palenca refuses.
    fake.exhaustWindow();
    await waiting.waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  const waited = app.events
    .filter((e) => e.event === 'exportProgress')
    .map((e) => (e.payload as ExportProgress).allowance)
    .find((a) => a.state === 'waiting');
  assert.ok(waited?.until, 'the progress said until when');
  assert.equal(
    (await waiting.textContent())?.trim(),
    `Waiting for Palenca's allowance until ${timeOfDay(waited.until)}`,
  );
  assert.ok(
    fake.requests.some((r) => r.refused),
    'Palenca refused at least one request',
  );
  // The next window comes, and the export finishes with every user.
  await page
    .getByText(`Export finished: ${total.toLocaleString('en-US')} users saved.`)
    .waitFor({ timeout: WINDOW_MS + 15_000 });
  await finish(app);
});

test('a page or a user’s accounts waiting for the allowance can be cancelled; what was shown stays', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const summary = `Showing 1–50 of ${total.toLocaleString('en-US')} users`;
  await page.getByText(summary).waitFor(WAIT);
  const table = page.getByRole('region', { name: 'Users', exact: true });
  const waiting = page.getByText(/^Waiting for Palenca's allowance until /);

  await freshWindow(4500);
  fake.exhaustWindow();
  await page.getByRole('button', { name: 'Next' }).click();
  await waiting.waitFor(WAIT);
  const event = app.events
    .filter((e) => e.event === 'allowance')
    .map((e) => e.payload as { status: { state: string; until: number | null } })
    .findLast((p) => p.status.state === 'waiting');
  assert.ok(event?.status.until);
  assert.equal(
    (await waiting.textContent())?.trim(),
    `Waiting for Palenca's allowance until ${timeOfDay(event.status.until)}`,
  );
  await table.getByRole('button', { name: 'Cancel' }).click();
  await waiting.waitFor({ state: 'detached', ...WAIT });
  await eventually('cancelRequest sent', () => app.calls.some((c) => c.name === 'cancelRequest'));
  // The first page stays, with no error.
  await page.getByText(summary).waitFor(WAIT);
  await page.getByText('Page 1 of', { exact: false }).waitFor(WAIT);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.locator('table.dimmed').count(), 0);

  // In a later window Palenca refuses again: a user's accounts wait, and Cancel stops them.
  await freshWindow(4500);
  fake.exhaustWindow();
  await page.locator('tbody tr').first().getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/^Waiting for Palenca's allowance until /).waitFor(WAIT);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByText("Loading this user's accounts was stopped.").waitFor(WAIT);
  assert.equal(await dialog.getByRole('alert').count(), 0);
  // Retry waits for the next window, then loads them.
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await dialog
    .getByText(/connected account|not connected/)
    .first()
    .waitFor({ timeout: WINDOW_MS + 10_000 });
  await finish(app);
});
