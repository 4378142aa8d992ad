// The one step before every export: Export… counts the window (one request), then says
// the environment, the window, the users, the requests and the time in words; only "Choose
// where to save…" opens the save dialog. Cancel, Close or Escape end it with nothing saved.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { exportRequestBound, windowDays } from '../../electron/backend/export/export-cost.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import {
  eventually,
  exportStep,
  finish,
  focusedName,
  localDay,
  openSavingTo,
  openWithKey,
  searchEmptyWindow,
  WAIT,
} from './app-support.ts';

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 4000 });
});
after(() => fake.close());

const callsOf = (app: { calls: Array<{ name: string }> }, name: string) =>
  app.calls.filter((c) => c.name === name).length;

/** The app saving into a new folder, counting the save dialogs it opens, at the last 200 days. */
async function openSaving(prefix: string) {
  const { app, page, folder, suggested: dialogs } = await openSavingTo(fake, prefix);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const from = localDay(-200);
  const total = fake.countInWindow(from, localDay(0));
  await page.getByLabel('From').fill(from);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(`Showing 1–50 of ${total.toLocaleString('en-US')} users`).waitFor(WAIT);
  return { app, page, folder, dialogs, from, total };
}

test('the count, its cost in words, then Choose where to save… → progress → done', async () => {
  const { app, page, folder, dialogs, from, total } = await openSaving('palenca-step-');
  fake.setLatency(400);
  const step = exportStep(page);
  try {
    await page.getByRole('button', { name: 'Export…' }).click();
    // While the count runs the step says so, and nothing else has happened yet.
    await step.getByText('Counting users…').waitFor(WAIT);
    assert.equal(callsOf(app, 'exportUsers'), 0);
  } finally {
    fake.setLatency(0);
  }
  await step.getByText(`${total.toLocaleString('en-US')} users`, { exact: true }).waitFor(WAIT);
  assert.equal(callsOf(app, 'estimateExport'), 1);
  const requests = exportRequestBound({
    users: total,
    days: windowDays(from, localDay(0)),
    withDay: false,
    withAccounts: false,
  });
  await step.getByText(`Up to ${requests} requests to Palenca`, { exact: true }).waitFor(WAIT);
  await step
    .getByText(
      /^(About \d+ minutes?|Less than a minute): paced to leave half of your organisation's Palenca allowance free$/,
    )
    .waitFor(WAIT);
  await step.getByText('Sandbox — test data').waitFor(WAIT);
  await step.getByText(/^Users who connected from .+ to .+$/).waitFor(WAIT);
  // The focus is on the next step; no save dialog until it is chosen.
  await eventually(
    'focus on Choose where to save…',
    async () => (await focusedName(page)) === 'Choose where to save…',
  );
  assert.deepEqual(dialogs, []);

  await step.getByRole('button', { name: 'Choose where to save…' }).click();
  await step.waitFor({ state: 'detached', ...WAIT });
  await page
    .getByText(`Export finished: ${total.toLocaleString('en-US')} users saved.`)
    .waitFor(WAIT);
  assert.equal(dialogs.length, 1);
  assert.deepEqual(await readdir(folder), [`palenca-users_sandbox_${from}_${localDay(0)}.csv`]);
  assert.equal(callsOf(app, 'estimateExport'), 1, 'counted once');
  await finish(app);
});

test('Cancel at the step, or Escape, saves nothing and opens no save dialog', async () => {
  const { app, page, folder, dialogs, total } = await openSaving('palenca-step-cancel-');
  const step = exportStep(page);
  const exportButton = page.getByRole('button', { name: 'Export…' });

  await exportButton.click();
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  await step.getByRole('button', { name: 'Cancel' }).click();
  await step.waitFor({ state: 'detached', ...WAIT });
  await eventually('focus back on Export', async () => (await focusedName(page)) === 'Export…');

  await exportButton.click();
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });
  await eventually('focus back on Export', async () => (await focusedName(page)) === 'Export…');

  // Closing while it still counts: another window, since the last one's count is kept a minute.
  const otherTotal = fake.countInWindow(localDay(-201), localDay(0));
  assert.notEqual(otherTotal, total, 'the other window has other users');
  await page.getByLabel('From').fill(localDay(-201));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(`Showing 1–50 of ${otherTotal.toLocaleString('en-US')} users`).waitFor(WAIT);
  fake.setLatency(500);
  try {
    await exportButton.click();
    await step.getByText('Counting users…').waitFor(WAIT);
    await step.getByRole('button', { name: 'Cancel' }).click();
    await step.waitFor({ state: 'detached', ...WAIT });
  } finally {
    fake.setLatency(0);
  }
  assert.equal(callsOf(app, 'estimateExport'), 3);
  assert.equal(callsOf(app, 'exportUsers'), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await readdir(folder), []);
  assert.equal(await page.getByRole('region', { name: 'Export' }).count(), 0, 'no panel');
  await finish(app);
});

test('no users in the window: the step says there is nothing to export', async () => {
  const dialogs: string[] = [];
  const app = await openWithKey(fake, {
    platform: {
      chooseSavePath: async (name) => {
        dialogs.push(name);
        return null;
      },
    },
  });
  const { page } = app;
  await searchEmptyWindow(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const step = exportStep(page);
  await step.getByText('Nothing to export: no users connected in this period.').waitFor(WAIT);
  assert.equal(await step.getByRole('button', { name: 'Choose where to save…' }).count(), 0);
  await step.getByRole('button', { name: 'Close' }).click();
  await step.waitFor({ state: 'detached', ...WAIT });
  assert.equal(callsOf(app, 'exportUsers'), 0);
  assert.deepEqual(dialogs, []);
  await finish(app);
});

test('a count that fails is said in plain words, and Retry counts again', async () => {
  const app = await openWithKey(fake);
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const step = exportStep(page);
  fake.setFault({ kind: 'unavailable' });
  try {
    await page.getByRole('button', { name: 'Export…' }).click();
    await step
      .getByRole('alert')
      .getByText(/Palenca is temporarily unavailable/)
      .waitFor(WAIT);
  } finally {
    fake.setFault(null);
  }
  assert.equal(await step.getByRole('button', { name: 'Choose where to save…' }).count(), 0);
  await step.getByRole('button', { name: 'Retry' }).click();
  await step.getByRole('button', { name: 'Choose where to save…' }).waitFor(WAIT);
  await step.getByText(/^[\d,]+ users$/).waitFor(WAIT);
  assert.equal(await step.getByRole('alert').count(), 0, 'the error went with the new count');
  assert.equal(callsOf(app, 'estimateExport'), 2);
  await page.keyboard.press('Escape');
  await step.waitFor({ state: 'detached', ...WAIT });
  await finish(app);
});
