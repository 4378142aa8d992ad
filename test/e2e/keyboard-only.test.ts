// The whole flow with the keyboard alone — no clicks, no fill: set a key on the welcome
// screen, pick a period, search, page forward, open a user's accounts and close them with
// Escape (focus goes back), start an export and cancel it, visit Settings and come back.
// At every step the focused element shows a visible focus ring (:focus-visible, an outline).
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  finish,
  focusedName,
  localDay,
  searches,
  testKeyStore,
  WAIT,
  waitForAccountsPanel,
} from './app-support.ts';
import { openApp } from './harness.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000, seed: 5 });
});
after(() => fake.close());

interface Focused {
  tag: string;
  name: string;
  classes: string;
  focusVisible: boolean;
  ring: boolean;
  inDialog: boolean;
}

/** What has the focus now: its accessible-ish name, and whether its focus ring shows. */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const labels = (el as HTMLInputElement).labels;
    const name =
      el.getAttribute('aria-label') ??
      (labels && labels.length > 0 ? labels[0]?.textContent : null) ??
      el.textContent ??
      '';
    return {
      tag: el.tagName.toLowerCase(),
      name: name.trim().replace(/\s+/g, ' '),
      classes: el.className,
      focusVisible: el.matches(':focus-visible'),
      ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 1,
      inDialog: el.closest('[role="dialog"]') !== null,
    };
  });
}

function assertRing(f: Focused | null, step: string): asserts f is Focused {
  assert.ok(f, `${step}: something has the focus`);
  assert.ok(f.focusVisible, `${step}: ${f.tag} "${f.name}" matches :focus-visible`);
  assert.ok(f.ring, `${step}: ${f.tag} "${f.name}" shows an outline`);
}

/** Presses Tab (or Shift+Tab) until the focus is on what `match` wants. */
async function tabTo(
  page: Page,
  step: string,
  match: (f: Focused) => boolean,
  back = false,
): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && match(f)) {
      assertRing(f, step);
      return f;
    }
    seen.push(f ? `${f.tag}:${f.name.slice(0, 30)}` : 'body');
  }
  throw new Error(`${step}: Tab never reached it; last stops: ${seen.slice(-20).join(' | ')}`);
}

const named = (name: string | RegExp) => (f: Focused) =>
  typeof name === 'string' ? f.name === name : name.test(f.name);

test('set a key, filter, search, page, accounts, export and cancel: keyboard only', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'palenca-keyboard-'));
  const app = await openApp({
    apiBaseUrl: fake.baseUrl,
    keyStore: testKeyStore(),
    platform: { chooseSavePath: async (name) => join(folder, name) },
  });
  const { page } = app;
  await page.getByRole('heading', { name: 'Welcome to Palenca Users' }).waitFor(WAIT);

  // Welcome: the key field, typed, then Enter submits "Verify and save".
  await tabTo(page, 'key field', (f) => f.tag === 'input' && f.name === 'API key');
  await page.keyboard.type(fake.apiKey);
  await tabTo(page, 'show the key', named('Show'));
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel('API key').inputValue(), fake.apiKey);
  await tabTo(page, 'verify', named('Verify and save'));
  await page.keyboard.press('Enter');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);

  // A preset chosen with the arrow keys: Last 30 days → Last 7 days.
  await tabTo(page, 'period', (f) => f.tag === 'select' && f.name === 'Period');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'last7');
  await tabTo(page, 'search', named('Search'));
  await page.keyboard.press('Enter');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const last = searches(app).at(-1);
  assert.equal(last?.from, localDay(-6));
  assert.equal(last?.to, localDay(0));

  // Back to the widest preset, then the From date typed into its field, then Enter.
  await tabTo(page, 'period again', (f) => f.tag === 'select' && f.name === 'Period', true);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'thisYear');
  await tabTo(page, 'from date', (f) => f.tag === 'input' && f.name === 'From');
  const from = localDay(-120);
  const [y, m, d] = from.split('-');
  await page.keyboard.type(`${m}${d}${y}`);
  assert.equal(await page.getByLabel('From').inputValue(), from);
  await page.keyboard.press('Enter');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  assert.equal(searches(app).at(-1)?.from, from);

  // Page forward.
  await tabTo(page, 'next page', named('Next'));
  await page.keyboard.press('Enter');
  await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
  await page.getByText(/^Page 2 of/).waitFor(WAIT);

  // A user's accounts: back to the last row's ID, Enter opens the panel with the focus in it.
  const opener = await tabTo(page, 'a user ID', (f) => f.classes.includes('open'), true);
  await page.keyboard.press('Enter');
  await waitForAccountsPanel(page);
  const inPanel = await focused(page);
  assert.ok(inPanel?.inDialog, 'the focus moved into the panel');
  await tabTo(page, 'panel close', (f) => f.inDialog && f.name === 'Close');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached', ...WAIT });
  const back = await focused(page);
  assertRing(back, 'after Escape');
  assert.equal(back.name, opener.name, 'the focus went back to the user it opened from');

  // Export, held by slow pages, then cancelled from the keyboard.
  fake.setLatency(1500);
  try {
    await tabTo(page, 'export', named('Export to CSV'), true);
    await page.keyboard.press('Enter');
    // The step before the export: once counted, the focus is on Choose where to save….
    await eventually(
      'focus on Choose where to save…',
      async () => (await focusedName(page)) === 'Choose where to save…',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Cancel export' }).waitFor(WAIT);
    await tabTo(page, 'cancel export', named('Cancel export'));
    await page.keyboard.press('Enter');
    await page.getByText('Export cancelled.', { exact: false }).waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  assert.deepEqual(
    (await readdir(folder)).filter((f) => f.endsWith('.csv')),
    [],
    'a cancelled export leaves no file',
  );
  // The Cancel button went away with the export: the focus is already on the panel's Close.
  const dismiss = await focused(page);
  assertRing(dismiss, 'after cancelling');
  assert.equal(dismiss.name, 'Close');
  await page.keyboard.press('Enter');
  const afterDismiss = await focused(page);
  assertRing(afterDismiss, 'after closing the export panel');
  assert.equal(afterDismiss.name, 'Export to CSV', 'the focus went back to the Export button');
  await page
    .getByText('Export cancelled.', { exact: false })
    .waitFor({ state: 'detached', ...WAIT });

  // Settings and back: the focus returns to the Settings button.
  await tabTo(page, 'settings', named('Settings'), true);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(WAIT);
  await tabTo(page, 'back to users', named(/Back to users$/), true);
  await page.keyboard.press('Enter');
  await page.getByText(/^Showing \d+–\d+ of/).waitFor(WAIT);
  const returned = await focused(page);
  assertRing(returned, 'back from settings');
  assert.equal(returned.name, 'Settings', 'the focus went back to the Settings button');
  await finish(app);
});
