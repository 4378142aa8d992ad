// Export from the window: the save dialog (stood in at the platform boundary), progress,
// done with Show in folder / Open, a refused second export, cancel, and the history; the
// export of what the form shows (not the last search); the panel from the first moment on a
// hung network; a failure that says how far it got, with Try again; the OS notification.
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
  exportStep,
  exportThroughStep,
  finish,
  focusedName,
  localDay,
  openSavingTo,
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
  const { app, page, folder } = await openSavingTo(fake, prefix);
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
    await page.getByRole('button', { name: 'Export…' }).click();
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
  await eventually('the file is opened', () => opened.length > 0);
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
  assert.equal(await focusedName(page), 'Export…');
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

/** `day` as the English screens write it ("January 1, 2026"). */
const inWords = (day: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

test('the form is the truth: a changed preset marks the results stale, and Export exports the form, not the last search', async () => {
  const { app, page, folder } = await openSavingTo(fake, 'palenca-export-form-');
  const shownTotal = fake.countInWindow(localDay(-29), localDay(0));
  await page.getByText(`Showing 1–50 of ${shownTotal.toLocaleString('en-US')} users`).waitFor(WAIT);
  const stale = page.getByText('Filters changed — press Search to update');
  assert.equal(await stale.count(), 0, 'not stale while the form shows the results');

  // "This year", without Search: the results say they are out of date, and nothing is sent.
  const searchesBefore = app.calls.filter((c) => c.name === 'searchUsers').length;
  await page.getByLabel('Period').selectOption('thisYear');
  await stale.waitFor(WAIT);
  await page.getByText(`Showing 1–50 of ${shownTotal.toLocaleString('en-US')} users`).waitFor(WAIT);
  assert.equal(app.calls.filter((c) => c.name === 'searchUsers').length, searchesBefore);

  const from = `${localDay(0).slice(0, 4)}-01-01`;
  const to = localDay(0);
  const expected = fake.usersInWindow(from, to);
  assert.notEqual(expected.length, shownTotal, 'the two windows differ, so the test can tell');
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  await step.getByText(`Users who connected from ${inWords(from)} to ${inWords(to)}`).waitFor(WAIT);
  await step
    .getByText(`${expected.length.toLocaleString('en-US')} users`, { exact: true })
    .waitFor(WAIT);
  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await page
    .getByText(`Export finished: ${expected.length.toLocaleString('en-US')} users saved.`)
    .waitFor(WAIT);
  const file = join(folder, `palenca-users_sandbox_${from}_${to}.csv`);
  const rows = parse(await readFile(file), { bom: true, columns: true }) as Array<
    Record<string, string>
  >;
  assert.deepEqual(
    rows.map((r) => Object.values(r)[0]),
    expected.map((u) => u.user_id),
  );

  // Search brings the results up to date, and the mark goes.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page
    .getByText(`Showing 1–50 of ${expected.length.toLocaleString('en-US')} users`)
    .waitFor(WAIT);
  await stale.waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});

test('Export with dates that cannot be sent says so, and exports nothing else', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('From').fill('');
  await page.getByText('Filters changed — press Search to update').waitFor(WAIT);
  await page.getByRole('button', { name: 'Export…' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: 'Nothing was exported: the dates above need fixing first.' })
    .waitFor(WAIT);
  await eventually('the focus on the From field', async () => (await focusedName(page)) === 'From');
  assert.equal(app.calls.filter((c) => c.name === 'estimateExport').length, 0);
  assert.equal(await exportStep(page).count(), 0, 'no export step');
  // Once the dates are fixed, the message has nothing left to say.
  await page.getByLabel('From').fill(localDay(-10));
  await page
    .getByText('Nothing was exported: the dates above need fixing first.')
    .waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});

// "From the first moment" is asserted as a state, not a stopwatch: Palenca never answers here,
// so a panel that waited for the first page (the old behaviour) could never appear at all.
test('on a hung network the panel with Cancel shows before Palenca has answered anything, and Cancel works', async () => {
  const { app, page, folder } = await openSavingTo(fake, 'palenca-export-hung-');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByRole('button', { name: 'Export…' }).click();
  const save = exportStep(page).getByRole('button', { name: 'Choose where to save…' });
  await save.waitFor(WAIT);
  fake.setLatency(10 * 60_000); // Palenca never answers
  try {
    await save.click();
    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByText('Connecting to Palenca…').waitFor(WAIT);
    await panel.getByRole('button', { name: 'Cancel export' }).waitFor(WAIT);
    // An indeterminate bar: nothing is known yet but that it started.
    const bar = panel.getByRole('progressbar', { name: 'Export progress' });
    assert.equal(await bar.getAttribute('value'), null);
    await panel.getByRole('button', { name: 'Cancel export' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Export cancelled. No file was saved.' })
      .waitFor(WAIT);
  } finally {
    fake.setLatency(0);
  }
  assert.deepEqual(await readdir(folder), []);
  await finish(app);
});

test('a failure says how many users were fetched and that no file was saved, and Try again exports', async () => {
  const { app, page, folder } = await openSavingTo(fake, 'palenca-export-failed-');
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  await page.getByLabel('Period').selectOption('thisYear');
  await page.getByRole('button', { name: 'Export…' }).click();
  const save = exportStep(page).getByRole('button', { name: 'Choose where to save…' });
  await save.waitFor(WAIT);
  // The first pages answer; from page 3 on Palenca is unavailable, for good.
  fake.onRequest((req) => {
    const pageAsked = (req.body as { options?: { page?: number } })?.options?.page ?? 1;
    if (pageAsked >= 3) fake.setFault({ kind: 'unavailable' });
  });
  const panel = page.getByRole('region', { name: 'Export' });
  try {
    await save.click();
    // Each wait before trying again is said in words.
    // (Twice in the page: shown ticking, and said once to screen readers.)
    await panel
      .getByText(/^Palenca is busy — trying again in \d+ seconds?$/)
      .first()
      .waitFor(WAIT);
    await panel
      .getByText(/^The export stopped after [\d,]+ users were fetched\. No file was saved\.$/)
      .waitFor({ timeout: 60_000 });
  } finally {
    fake.onRequest(null);
    fake.setFault(null);
  }
  const fetched = Math.max(
    ...app.events
      .filter((e) => e.event === 'exportProgress')
      .map((e) => (e.payload as { rowsDone: number }).rowsDone),
  );
  assert.ok(fetched >= 150, `fetched ${fetched}`);
  await panel
    .getByText(
      `The export stopped after ${fetched.toLocaleString('en-US')} users were fetched. No file was saved.`,
    )
    .waitFor(WAIT);
  await panel.getByText(/Palenca is temporarily unavailable/).waitFor(WAIT);
  assert.deepEqual(await readdir(folder), []);

  // Try again: the same window, through the step, to the end.
  await panel.getByRole('button', { name: 'Try again' }).click();
  await exportStep(page).getByRole('button', { name: 'Choose where to save…' }).click(WAIT);
  await page.getByText(/^Export finished: [\d,]+ users saved\.$/).waitFor(WAIT);
  assert.equal((await readdir(folder)).length, 1);
  await finish(app);
});

test('a long export that ends while the window is in the background is told by an OS notification', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'palenca-export-notify-'));
  let focused = true;
  const app = await openWithKey(fake, {
    platform: {
      chooseSavePath: async (name) => join(folder, name),
      isWindowFocused: () => focused,
    },
    // Every export counts as long here; the app's own threshold is 30 s.
    exportNotifyAfterMs: 0,
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const done = page.getByText(`Export finished: ${total.toLocaleString('en-US')} users saved.`);

  // In front of the person: nothing to notify.
  await exportThroughStep(page);
  await done.waitFor(WAIT);
  assert.deepEqual(app.notices, []);
  await page.getByRole('button', { name: 'Close' }).click();

  focused = false;
  await exportThroughStep(page);
  await done.waitFor(WAIT);
  assert.deepEqual(app.notices, [
    {
      kind: 'export_done',
      rows: total,
      fileName: `palenca-users_sandbox_${localDay(-29)}_${localDay(0)}.csv`,
    },
  ]);
  await finish(app);
});

test("while connecting, a wait for Palenca's allowance is said in words, and Cancel still works", async () => {
  // A server of its own: its allowance stays spent for the rest of its one-minute window.
  const spent = await startFakePalenca({ users: 500 });
  const folder = await mkdtemp(join(tmpdir(), 'palenca-export-allowance-'));
  try {
    const app = await openWithKey(spent, {
      platform: { chooseSavePath: async (name) => join(folder, name) },
    });
    const { page } = app;
    await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
    await page.getByRole('button', { name: 'Export…' }).click();
    const save = exportStep(page).getByRole('button', { name: 'Choose where to save…' });
    await save.waitFor(WAIT);
    // The organisation's other requests spend what is left of the window.
    spent.exhaustWindow();
    await save.click();
    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByText('Connecting to Palenca…').waitFor(WAIT);
    await panel.getByText(/^Waiting for Palenca's allowance until .+/).waitFor(WAIT);
    assert.equal(
      app.events.some(
        (e) => e.event === 'exportProgress' && (e.payload as { rowsDone: number }).rowsDone > 0,
      ),
      false,
      'no users fetched yet',
    );
    await panel.getByRole('button', { name: 'Cancel export' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Export cancelled. No file was saved.' })
      .waitFor(WAIT);
    assert.deepEqual(await readdir(folder), []);
    await finish(app);
  } finally {
    await spent.close();
  }
});
