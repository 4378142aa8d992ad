// Browsing on a bad network: a page that does not come says so after a few seconds with a
// Cancel that stops it, the page label never claims a page that is not on screen, and an
// interactive load gives up after its deadline (shortened here through the client's tuning)
// with a plain message and Retry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { eventually, finish, localDay, openWithKey, searches, WAIT } from './app-support.ts';

/** Longer than any wait below: the server has simply stopped answering. */
const HUNG_MS = 60_000;

let fake: FakePalenca;
before(async () => {
  fake = await startFakePalenca({ users: 3000, seed: 7 });
});
after(() => fake.close());

const pageTwoRequests = () =>
  fake.requests.filter((r) => (r.body as { options?: { page?: number } })?.options?.page === 2);

test('a hung page: the label keeps the page shown, "Still waiting" offers Cancel, and Cancel stops it', async () => {
  // Long per-attempt timeouts and deadline: only the person's Cancel ends this load.
  const app = await openWithKey(fake, {
    clientTuning: { timeoutMs: HUNG_MS, answerDeadlineMs: HUNG_MS },
  });
  const { page } = app;
  const total = fake.countInWindow(localDay(-29), localDay(0));
  const pages = Math.ceil(total / 50);
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const users = page.getByRole('region', { name: 'Users', exact: true });

  fake.setLatency(HUNG_MS);
  try {
    await page.getByRole('button', { name: 'Next' }).click();
    // While page 2 loads, the label still names the rows on screen, and says what loads.
    await page.getByText('Loading page 2…').waitFor(WAIT);
    assert.equal(await page.getByText(`Page 1 of ${pages}`).count(), 1);
    assert.equal(await page.getByText(/^Page 2 of/).count(), 0, 'never claims page 2');
    assert.equal(await page.locator('tbody tr').count(), 50, 'page 1 stays');

    const still = users.getByText('Still waiting for Palenca…');
    await still.waitFor(WAIT);
    await users.getByRole('button', { name: 'Cancel' }).click();
    await still.waitFor({ state: 'detached', ...WAIT });
    await eventually('cancelRequest sent', () => app.calls.some((c) => c.name === 'cancelRequest'));
    // Stopped: nothing loads any more, page 1 is still what the label says, and nothing failed.
    await users.getByText('Loading the users was stopped.').waitFor(WAIT);
    assert.equal(await page.getByRole('progressbar').count(), 0);
    assert.equal(await page.locator('table.dimmed').count(), 0);
    assert.equal(await page.getByText('Loading page 2…').count(), 0);
    assert.equal(await page.getByText(`Page 1 of ${pages}`).count(), 1);
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal(pageTwoRequests().length, 1, 'page 2 was asked for once, not retried');
  } finally {
    fake.setLatency(0);
  }
  // Retry asks for the page that was stopped.
  await users.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
  await page.getByText(`Page 2 of ${pages}`).waitFor(WAIT);
  assert.equal(await users.getByText('Loading the users was stopped.').count(), 0);
  await finish(app);
});

test('an interactive load gives up at its deadline with a plain message and Retry', async () => {
  // The deadline (20 s in the app) shortened; one attempt's timeout is longer, so only the
  // deadline can end the load this soon (the attempts alone would take minutes).
  const app = await openWithKey(fake, {
    clientTuning: { timeoutMs: HUNG_MS, answerDeadlineMs: 1500 },
  });
  const { page } = app;
  await page.getByText(/^Showing 1–50 of/).waitFor(WAIT);
  const before = pageTwoRequests().length;

  fake.setLatency(HUNG_MS);
  try {
    await page.getByRole('button', { name: 'Next' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Palenca took too long to answer.', { exact: false }).waitFor(WAIT);
    assert.equal(pageTwoRequests().length - before, 1, 'one attempt, then it gave up');
    // The rows on screen and their page stay; the load is over.
    assert.equal(await page.locator('tbody tr').count(), 50);
    await page.getByText(/^Page 1 of/).waitFor(WAIT);
    assert.equal(await page.getByRole('progressbar').count(), 0);
    // The message sits between the pager and the rows, where the person is looking.
    const pager = await page.getByRole('navigation', { name: 'Pages' }).boundingBox();
    const box = await alert.boundingBox();
    const table = await page.getByRole('grid').boundingBox();
    assert.ok(pager && box && table);
    assert.ok(pager.y < box.y && box.y < table.y, 'pager, then message, then table');
  } finally {
    fake.setLatency(0);
  }
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(/^Showing 51–100 of/).waitFor(WAIT);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(searches(app).at(-1)?.page, 2);
  await finish(app);
});
