// "Restart to update" in the window, in real Chromium, with the real backend and a stand-in
// for the app's updater (the port electron/main/updates/ implements with electron-updater):
// the notice appears when a version is ready, in the person's language, without taking the
// focus; its button restarts through the backend; during an export the restart is refused in
// plain words and the update waits. electron-updater itself is tested by the Electron suite
// (test/electron/app-updates.test.ts) against a feed on loopback.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { UpdateState } from '#common/update-state.ts';
import type { UpdatesPort } from '../../electron/backend/updates-port.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportStep,
  finish,
  focusedName,
  openWithKey,
  testKeyStore,
  WAIT,
} from './app-support.ts';
import { openApp } from './harness.ts';

/** Stands in for the updater: the test pushes its news and counts the restarts. */
class FakeUpdates implements UpdatesPort {
  restarts = 0;
  readonly #listeners = new Set<(state: UpdateState) => void>();
  constructor(public state: UpdateState = { state: 'idle' }) {}
  current = () => this.state;
  subscribe(listener: (state: UpdateState) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  restart() {
    this.restarts++;
  }
  push(state: UpdateState) {
    this.state = state;
    for (const listener of this.#listeners) listener(state);
  }
}

/** What axe (WCAG 2.1 A and AA) finds in the notice, as readable lines. */
async function axeNotice(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include('.update-notice')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const checked = result.passes.map((p) => p.id);
  assert.ok(checked.includes('color-contrast') && checked.includes('button-name'), `${checked}`);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000 });
});
after(() => fake.close());

test('a ready version shows a notice; Restart to update restarts through the backend', async () => {
  const updates = new FakeUpdates();
  const app = await openWithKey(fake, { updates });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('From').focus();

  // Checking and downloading are not the person's business.
  updates.push({ state: 'checking' });
  updates.push({ state: 'downloading', version: '1.4.0' });
  await eventually('the downloading news reached the page', () =>
    app.events.some(
      (e) => e.event === 'update' && (e.payload as UpdateState).state === 'downloading',
    ),
  );
  assert.equal(await page.getByRole('button', { name: 'Restart to update' }).count(), 0);

  updates.push({ state: 'ready', version: '1.4.0' });
  const notice = page
    .getByRole('status')
    .filter({ hasText: 'A new version of Palenca Users is ready.' });
  await notice.waitFor(WAIT);
  await notice.getByText('Version 1.4.0').waitFor(WAIT);
  // Non-blocking: the focus stays where the person left it, and the window still works.
  assert.equal(await focusedName(page), 'From');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);

  await notice.getByRole('button', { name: 'Restart to update' }).click();
  await eventually('the updater was asked to restart', () => updates.restarts === 1);
  await notice.getByRole('button', { name: 'Restarting…' }).waitFor(WAIT);
  assert.equal(app.calls.filter((c) => c.name === 'restartToUpdate').length, 1);
  await finish(app);
});

test('in Spanish (dark), a version ready before the window opened; Later hides it', async () => {
  const updates = new FakeUpdates({ state: 'ready', version: '1.5.0' });
  const keyStore = testKeyStore();
  assert.equal((await keyStore.set('sandbox', fake.apiKey)).ok, true);
  const app = await openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore,
    updates,
    locale: 'es-MX',
    colorScheme: 'dark',
  });
  const { page } = app;
  const notice = page
    .getByRole('status')
    .filter({ hasText: 'Una nueva versión de Palenca Users está lista.' });
  await notice.waitFor(WAIT);
  await notice.getByText('Versión 1.5.0').waitFor(WAIT);
  assert.deepEqual(await axeNotice(page), []);
  await notice.getByRole('button', { name: 'Más tarde' }).click();
  await notice.waitFor({ state: 'hidden', ...WAIT });
  assert.equal(updates.restarts, 0);
  // A newer version brings it back.
  updates.push({ state: 'ready', version: '1.5.1' });
  await notice.getByRole('button', { name: 'Reiniciar para actualizar' }).waitFor(WAIT);
  await notice.getByText('Versión 1.5.1').waitFor(WAIT);
  await finish(app);
});

test('during an export the restart is refused in plain words; afterwards it restarts', async () => {
  const updates = new FakeUpdates({ state: 'ready', version: '2.0.0' });
  const folder = await mkdtemp(join(tmpdir(), 'palenca-updates-export-'));
  const app = await openWithKey(fake, {
    updates,
    platform: { chooseSavePath: async (name) => join(folder, name) },
    // Slow answers below are slow, not failed.
    clientTuning: { timeoutMs: 15_000 },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const notice = page
    .getByRole('status')
    .filter({ hasText: 'A new version of Palenca Users is ready.' });
  await notice.waitFor(WAIT);

  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  const save = step.getByRole('button', { name: 'Choose where to save…' });
  await save.waitFor(WAIT);
  // Every page of the export now takes long enough to click while it runs.
  fake.setLatency(2500);
  try {
    await save.click();
    await page.getByText('Exporting users…').waitFor(WAIT);
    await notice
      .getByText('An export is running: restart to update once it has finished.')
      .waitFor(WAIT);
    await notice.getByRole('button', { name: 'Restart to update' }).click();
    await notice
      .getByText(
        'An export is running. Restart to update when it has finished; the new version waits until then.',
      )
      .waitFor(WAIT);
    assert.equal(updates.restarts, 0, 'nothing restarted in the middle of the export');
    const refused = app.calls.filter((c) => c.name === 'restartToUpdate').length;
    assert.equal(refused, 1);

    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByText('Export cancelled. No file was saved.').waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  // The refusal stays said until the next try; the notice with it passes axe.
  assert.deepEqual(await axeNotice(page), []);
  await notice.getByRole('button', { name: 'Restart to update' }).click();
  await eventually('the updater was asked to restart', () => updates.restarts === 1);
  await finish(app);
});
