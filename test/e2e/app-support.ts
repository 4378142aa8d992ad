// Shared steps for the renderer's end-to-end tests: an app that already has a key stored in
// the real keychain (under a service name of its own), and small page helpers.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Environment } from '#common/models.ts';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import type { FakePalenca } from '../fake-palenca/server.ts';
import { type AppHandle, type OpenAppOptions, openApp } from './harness.ts';

/**
 * How long a test waits for the state it expects. Generous: on a busy 2-core machine a page
 * may take several seconds to show what a quiet one shows at once (a test that passes never
 * waits that long; only a failure does).
 */
export const WAIT = { timeout: 30_000 };

/** A real keychain store with a private service name, so test files never share items. */
export function testKeyStore() {
  return createKeytarStore({ service: `Palenca Users e2e ${randomUUID()}` });
}

/** Opens the app with the fake's key already stored for `environments` (default sandbox). */
export async function openWithKey(
  fake: FakePalenca,
  options: Partial<OpenAppOptions> & { environments?: Environment[] } = {},
): Promise<AppHandle> {
  const keyStore = options.keyStore ?? testKeyStore();
  for (const env of options.environments ?? ['sandbox']) {
    const stored = await keyStore.set(env, fake.apiKey);
    assert.equal(stored.ok, true);
  }
  const app = await openApp({ ...options, apiBaseUrl: fake.baseUrl, keyStore });
  await app.page.getByRole('button', { name: 'Search', exact: true }).waitFor(WAIT);
  return app;
}

/** Where the save dialog answers, from the test's folder and the name the app suggests. */
export type SavePath = (folder: string, name: string) => string;

/**
 * `openWithKey`, saving every export into a new folder of its own (named from `prefix`), under
 * the name suggested unless `savePath` says otherwise; `suggested` lists the names the save
 * dialog was opened with, in order.
 */
export async function openSavingTo(
  fake: FakePalenca,
  prefix: string,
  options: Parameters<typeof openWithKey>[1] & { savePath?: SavePath } = {},
): Promise<{ app: AppHandle; page: Page; folder: string; suggested: string[] }> {
  const { savePath = (folder, name) => join(folder, name), ...rest } = options;
  const folder = await mkdtemp(join(tmpdir(), prefix));
  const suggested: string[] = [];
  const app = await openWithKey(fake, {
    ...rest,
    platform: {
      ...rest.platform,
      chooseSavePath: async (name) => {
        suggested.push(name);
        return savePath(folder, name);
      },
    },
  });
  return { app, page: app.page, folder, suggested };
}

/**
 * The app with the fake's key for both environments, saving exports to a folder of its own,
 * for screenshots in every language. It waits for nothing: `openWithKey` waits for the English
 * "Search" button.
 */
export async function openForScreenshots(
  fake: FakePalenca,
  options: Pick<OpenAppOptions, 'colorScheme' | 'viewport' | 'locale'>,
): Promise<AppHandle> {
  const keyStore = testKeyStore();
  for (const env of ['sandbox', 'production'] as const) {
    const stored = await keyStore.set(env, fake.apiKey);
    if (!stored.ok) throw new Error(`could not store the ${env} key: ${stored.error.message}`);
  }
  const folder = await mkdtemp(join(tmpdir(), 'palenca-shots-'));
  return openApp({
    ...options,
    apiBaseUrl: fake.baseUrl,
    keyStore,
    platform: { chooseSavePath: async (name) => join(folder, name) },
  });
}

/** The searches the page sent, in order. */
export const searches = (app: AppHandle) =>
  app.calls.filter((c) => c.name === 'searchUsers').map((c) => c.args as Record<string, unknown>);

/** The text of the "Showing …" line once it says `expected`. */
export async function waitForSummary(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByText(expected).first().waitFor(WAIT);
}

/** Local calendar day `YYYY-MM-DD`, `offset` days from today (as the page counts it). */
export function localDay(offset = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export async function finish(app: AppHandle): Promise<void> {
  const errors = [...app.pageErrors];
  await app.close();
  assert.deepEqual(errors, []);
}

/** The focused element's accessible-ish name ("" for the page itself), for focus checks. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labels = (el as HTMLInputElement).labels;
    const name =
      el.getAttribute('aria-label') ??
      (labels && labels.length > 0 ? labels[0]?.textContent : null) ??
      el.textContent ??
      '';
    return name.trim().replace(/\s+/g, ' ');
  });
}

/** Waits until `check` is true, polling; fails with `what` after the usual timeout. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + WAIT.timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Searches January 2020, before any of the fake's users, and waits for the empty state. */
export async function searchEmptyWindow(page: Page): Promise<void> {
  await page.getByLabel('From').fill('2020-01-01');
  await page.getByLabel('To').fill('2020-01-31');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No users found').waitFor(WAIT);
}

/** Waits until the accounts panel shows its answer: the accounts, or "not connected". */
export async function waitForAccountsPanel(page: Page): Promise<void> {
  await page
    .getByRole('dialog')
    .getByText(/connected account|not connected/)
    .first()
    .waitFor(WAIT);
}

/** The step before every export: a modal dialog named like the Export button. */
export const exportStep = (page: Page) => page.getByRole('dialog', { name: 'Export users' });

/**
 * Presses Export…, waits for the users to be counted, and chooses Choose where to save…
 * (the save dialog, then the export). Returns once the step has closed.
 */
export async function exportThroughStep(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  await step.getByRole('button', { name: 'Choose where to save…' }).click(WAIT);
  await step.waitFor({ state: 'detached', ...WAIT });
}
