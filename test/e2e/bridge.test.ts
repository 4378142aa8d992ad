// The foundation's end-to-end check: a click in the real built renderer reaches the real
// backend through the bridge and the page shows what the backend computed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.ts';

test('a click in the built renderer is answered by the real backend', async () => {
  const app = await openApp({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
  try {
    await app.page.getByRole('button', { name: 'About Palenca Users' }).click();
    await app.page.getByText('Version 0.0.0-test').waitFor({ timeout: 5000 });
    assert.deepEqual(
      app.calls.map((c) => c.name).filter((n) => n === 'getAppInfo').length >= 1,
      true,
    );
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});

test('the bridge refuses arguments that break the contract with bad_input', async () => {
  const app = await openApp({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
  try {
    const result = await app.page.evaluate(() =>
      // Deliberately wrong: perPage must be a number, and an unknown field is not allowed.
      (window.palenca.searchUsers as (a: unknown) => Promise<unknown>)({
        environment: 'sandbox',
        from: '2026-01-01',
        to: '2026-01-31',
        page: 1,
        perPage: 'lots',
        extra: true,
      }),
    );
    assert.equal((result as { ok: boolean }).ok, false);
    assert.equal((result as { error: { code: string } }).error.code, 'bad_input');
  } finally {
    await app.close();
  }
});

test('the page cannot reach the network: the CSP blocks a fetch to Palenca', async () => {
  const app = await openApp({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
  try {
    const outcome = await app.page.evaluate(async () => {
      try {
        await fetch('https://api.palenca.com/v1/users/search', { method: 'POST' });
        return 'reached';
      } catch {
        return 'blocked';
      }
    });
    assert.equal(outcome, 'blocked');
  } finally {
    await app.close();
  }
});
