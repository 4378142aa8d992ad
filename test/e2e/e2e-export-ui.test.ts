// Export from the window: the save dialog (stood in at the platform boundary), progress,
// done with Show in folder / Open, a refused second export, cancel, and the history.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportThroughStep,
  finish,
  focusedName,
  localDay,
  openWithKey,
  WAIT,
} from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 6000 });
});
after(() => fake.close());

/** The app with exports saved into a new folder, showing this year's users (several pages). */
async function openWithThisYear(prefix: string) {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  const app = await openWithKey(fake, {
    platform: { chooseSavePath: async (name) => join(folder, name) },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('Period').selectOption('thisYear');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('table.dimmed').waitFor({ state: 'detached', ...WAIT });
  return { app, page, folder };
}

test('export: progress, a refused second export, done, Show in folder, Open, history', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'palenca-export-ui-'));
  const shown: string[] = [];
  const opened: string[] = [];
  const app = await openWithKey(fake, {
    platform: {
      chooseSavePath: async (name) => join(folder, name),
      showInFolder: async (path) => void shown.push(path),
      openPath: async (path) => void opened.push(path),
    },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const from = localDay(-200);
  const to = localDay(0);
  const total = fake.countInWindow(from, to);
  await page.getByLabel('From').fill(from);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(`Showing 1–50 of ${total.toLocaleString('en-US')} users`).waitFor(WAIT);

  fake.setLatency(120);
  try {
    await exportThroughStep(page);
    const bar = page.getByRole('progressbar', { name: 'Export progress' });
    await bar.waitFor(WAIT);
    await page
      .getByText(new RegExp(`of ${total.toLocaleString('en-US')} users`))
      .first()
      .waitFor(WAIT);
    await page.getByText(/^Elapsed: /).waitFor(WAIT);
    // The window stays usable, and a second export is refused in plain words.
    await page.getByRole('button', { name: 'Export to CSV' }).click();
    await page.getByText('An export is already running.', { exact: false }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 of', { exact: false }).waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }

  await page
    .getByText(`Export finished: ${total.toLocaleString('en-US')} users saved.`)
    .waitFor(WAIT);
  const file = join(folder, `palenca-users_sandbox_${from}_${to}.csv`);
  const rows = parse(await readFile(file), { bom: true, columns: true }) as unknown[];
  assert.equal(rows.length, total);

  await page.getByRole('button', { name: 'Show in folder' }).click();
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const deadline = Date.now() + 3000;
  while (opened.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(shown, [file]);
  assert.deepEqual(opened, [file]);

  await page.getByRole('button', { name: 'Export history' }).click();
  const history = page.getByRole('region', { name: 'Recent exports' });
  await history.getByText(`${total.toLocaleString('en-US')} users`).waitFor(WAIT);
  await history.getByText(file).waitFor(WAIT);
  await history.getByText('Sandbox — test data').waitFor(WAIT);

  // A file moved away afterwards is marked as missing.
  await rm(file);
  await page.getByRole('button', { name: 'Users', exact: true }).click();
  await page.getByRole('button', { name: 'Export history' }).click();
  await history.getByText('File missing').waitFor(WAIT);
  await finish(app);
});

test('cancelling an export leaves no file and says so', async () => {
  const { app, page, folder } = await openWithThisYear('palenca-export-cancel-');
  fake.setLatency(300);
  try {
    await exportThroughStep(page);
    await page.getByRole('progressbar', { name: 'Export progress' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByText('Export cancelled. No file was saved.').waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  assert.deepEqual(await readdir(folder), []);
  assert.equal(existsSync(join(folder, 'x')), false);
  await finish(app);
});

test('closing the save dialog starts nothing', async () => {
  const app = await openWithKey(fake);
  await app.page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await exportThroughStep(app.page);
  await eventually('the save dialog opened and was closed', () =>
    app.calls.some((c) => c.name === 'exportUsers'),
  );
  await app.page.waitForTimeout(200);
  assert.equal(await app.page.getByRole('progressbar', { name: 'Export progress' }).count(), 0);
  await finish(app);
});

test('nothing shows while the save dialog is open; then the panel says what, where, and ends announced', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'palenca-export-dialog-'));
  let choose: (path: string | null) => void = () => {};
  const app = await openWithKey(fake, {
    platform: {
      chooseSavePath: (name) =>
        new Promise((resolve) => {
          choose = (path) => resolve(path === null ? null : join(folder, name));
        }),
    },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await exportThroughStep(page);
  await eventually('the save dialog opened', () => app.calls.some((c) => c.name === 'exportUsers'));
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole('region', { name: 'Export' }).count(), 0, 'no panel yet');
  assert.equal(await page.getByRole('button', { name: 'Cancel export' }).count(), 0);

  fake.setLatency(500);
  try {
    choose(folder);
    const panel = page.getByRole('region', { name: 'Export' });
    // The export will end while the focus is on Cancel: the focus must move to Show in folder.
    await panel.getByRole('button', { name: 'Cancel export' }).focus();
    // What is being exported: the environment, and the period of the rows on screen.
    await panel.getByText('Sandbox — test data').waitFor(WAIT);
    await panel.getByText(/^Users who connected from .+ to .+/).waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  const status = page.getByRole('status').filter({ hasText: /^Export finished: / });
  await status.waitFor(WAIT);
  await eventually(
    'focus on Show in folder',
    async () => (await focusedName(page)) === 'Show in folder',
  );
  await page.getByRole('button', { name: 'Close' }).click();
  assert.equal(await focusedName(page), 'Export to CSV');
  await finish(app);
});

test('after Cancel export the focus is on Close, and the cancellation is announced', async () => {
  const { app, page } = await openWithThisYear('palenca-export-cancel-focus-');
  fake.setLatency(300);
  try {
    await exportThroughStep(page);
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Export cancelled. No file was saved.' })
      .waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  await eventually('focus on Close', async () => (await focusedName(page)) === 'Close');
  await finish(app);
});
