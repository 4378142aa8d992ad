// The whole flow with the keyboard alone — no clicks, no fill: set a key on the welcome
// screen, pick a period, search, page forward, open a user's accounts and close them with
// Escape (focus goes back), start an export and cancel it, visit Settings and come back.
// At every step the focused element shows a visible focus ring (:focus-visible, an outline).
// Then the table as a grid: the Tab presses from the tab strip to Next, one stop for the
// table, arrow keys, C to copy, Enter to open a row and the focus back on it afterwards.
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
  openWithKey,
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
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'allTime');
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

  // A user's accounts: on to the table (one stop), down a row, Enter opens the panel with
  // the focus in it.
  await tabTo(page, 'the table', (f) => f.tag === 'td');
  await page.keyboard.press('ArrowDown');
  const opener = await focused(page);
  assertRing(opener, 'the second row');
  assert.equal(opener.tag, 'td');
  await page.keyboard.press('Enter');
  await waitForAccountsPanel(page);
  const inPanel = await focused(page);
  assert.ok(inPanel?.inDialog, 'the focus moved into the panel');
  await tabTo(page, 'panel close', (f) => f.inDialog && f.name === 'Close');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached', ...WAIT });
  const back = await focused(page);
  assertRing(back, 'after Escape');
  assert.equal(back.name, opener.name, 'the focus went back to the row it opened from');

  // Export, held by slow pages, then cancelled from the keyboard.
  fake.setLatency(1500);
  try {
    await tabTo(page, 'export', named('Export…'), true);
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
  assert.equal(afterDismiss.name, 'Export…', 'the focus went back to the Export button');
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

/** The focused element's place in the users grid: row (0-based in the body) and column. */
function gridPosition(page: Page): Promise<{ row: number; col: number; text: string } | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLTableCellElement) || !el.closest('[role="grid"]')) return null;
    const row = el.parentElement as HTMLTableRowElement;
    return { row: row.sectionRowIndex, col: el.cellIndex, text: el.textContent?.trim() ?? '' };
  });
}

test('tab strip to Next in at most 10 Tab presses; the table is one stop with arrow keys, Enter and C', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);

  /** Tabs from the Users view button until Next has the focus; how many presses it took. */
  const pressesToNext = async () => {
    await page.getByRole('button', { name: 'Users', exact: true }).focus();
    for (let presses = 1; presses <= 40; presses++) {
      await page.keyboard.press('Tab');
      if ((await focusedName(page)) === 'Next') return presses;
    }
    throw new Error('Tab never reached Next');
  };
  const first = await pressesToNext();
  assert.ok(first <= 10, `${first} Tab presses to Next on page 1`);
  await page.keyboard.press('Enter');
  await page.getByText(/^Page 2 of/).waitFor(WAIT);
  // First and Previous are on now: still within the target.
  const second = await pressesToNext();
  assert.ok(second <= 10, `${second} Tab presses to Next on page 2`);

  // The table is one tab stop: into it, then one more Tab leaves it.
  await tabTo(page, 'the table', (f) => f.tag === 'td');
  assert.deepEqual(await gridPosition(page).then((p) => p && [p.row, p.col]), [0, 0]);
  await page.keyboard.press('Tab');
  assert.equal(await gridPosition(page), null, 'one Tab leaves the table');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await gridPosition(page).then((p) => p && [p.row, p.col]), [0, 0]);

  // Arrows move between rows and cells; Home and End to the row's ends, with Ctrl the table's.
  const at = async () => gridPosition(page).then((p) => p && [p.row, p.col]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await at(), [2, 0]);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await at(), [2, 1]);
  await page.keyboard.press('End');
  assert.deepEqual(await at(), [2, 2]);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await at(), [2, 2], 'no further than the last column');
  await page.keyboard.press('Home');
  assert.deepEqual(await at(), [2, 0]);
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await at(), [1, 0]);
  await page.keyboard.press('Control+End');
  assert.deepEqual(await at(), [49, 2]);
  await page.keyboard.press('Control+Home');
  assert.deepEqual(await at(), [0, 0]);
  assertRing(await focused(page), 'a cell');

  // C copies the focused cell's ID, and the notice says which ID it was.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('c');
  await page.getByRole('status').getByText('Widget ID copied', { exact: true }).waitFor(WAIT);
  const widgetId = await page.locator('tbody tr').nth(1).locator('td').nth(2).textContent();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), widgetId?.trim());
  await page.keyboard.press('Home');
  await page.keyboard.press('c');
  await page.getByRole('status').getByText('User ID copied', { exact: true }).waitFor(WAIT);

  // Enter opens the row's accounts; closing them brings the focus back to that cell.
  const userId = (await gridPosition(page))?.text;
  await page.keyboard.press('Enter');
  await waitForAccountsPanel(page);
  assert.equal(
    await page.locator('tbody tr').nth(1).locator('[aria-current="true"]').textContent(),
    userId,
    'the panel is for the focused row',
  );
  // The panel comes right after the table in the tab order: Shift+Tab is back on the row.
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await at(), [1, 0], 'Shift+Tab from the panel goes back to the row');
  await page.keyboard.press('Tab');
  assert.ok(
    await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null),
    'Tab from the row goes into the panel',
  );
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual(await at(), [1, 0], 'the focus went back to the row');
  assertRing(await focused(page), 'back on the row');
  await finish(app);
});
