// The backend side of issue 14's small calls, through the real backend against the fake
// Palenca: one account's details (one paced request, only when asked), clearing the export
// history (the files stay), and what "Copy diagnostics" learns (never the key).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Environment } from '#common/models.ts';
import { fail, ok } from '#common/result.ts';
import { type Backend, createBackend } from '../../electron/backend/backend.ts';
import { LastErrorRecorder } from '../../electron/backend/diagnostics.ts';
import { diagnosticsText } from '../../electron/main/diagnostics-text.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const TODAY = '2025-06-30';

let fake: FakePalenca;
let root: string;
let n = 0;

const backendWith = async (keys: Partial<Record<Environment, string>>): Promise<Backend> =>
  createBackend(
    testBackendOptions({
      dataDir: join(root, `data-${++n}`),
      keyStore: memoryKeyStore(keys),
      palencaUrl: fake.baseUrl,
      clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 },
    }),
  );

before(async () => {
  fake = await startFakePalenca({ users: 300, today: TODAY, days: 60, seed: 14 });
  root = await mkdtemp(join(tmpdir(), 'palenca-support-calls-'));
});
after(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

/** A user of the fake with at least one account, and that account (as the list gives it). */
async function someAccount(backend: Backend) {
  for (const user of fake.usersInWindow('2025-05-01', TODAY)) {
    const listed = await backend.dispatch('getUserAccounts', {
      environment: 'sandbox',
      userId: user.user_id,
    });
    assert.ok(listed.ok, JSON.stringify(listed));
    const account = listed.value.accounts[0];
    if (account) return account;
  }
  throw new Error('no user with an account');
}

describe("one account's details", () => {
  test("one GET /accounts/{id}: the list's fields and Palenca's own words", async () => {
    const backend = await backendWith({ sandbox: fake.apiKey });
    const account = await someAccount(backend);
    const before = fake.requests.length;
    const details = await backend.dispatch('getAccountDetails', {
      environment: 'sandbox',
      accountId: account.account_id,
    });
    assert.ok(details.ok, JSON.stringify(details));
    const sent = fake.requests.slice(before);
    assert.deepEqual(
      sent.map((r) => `${r.method} ${r.path}`),
      [`GET /v1/accounts/${account.account_id}`],
      'exactly one request',
    );
    assert.equal(details.value.account_id, account.account_id);
    assert.equal(details.value.status, account.status);
    assert.equal(details.value.created_at, account.created_at);
    assert.equal(typeof details.value.message, 'string', 'the fake gives every status a message');
    assert.ok(
      [null, 'fleet_account', 'rider_account', 'not_registered'].includes(details.value.warning),
    );
  });

  test('an account Palenca does not know is not_found; a path-shaped id is refused unsent', async () => {
    const backend = await backendWith({ sandbox: fake.apiKey });
    const missing = await backend.dispatch('getAccountDetails', {
      environment: 'sandbox',
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(!missing.ok && missing.error.code, 'not_found');
    assert.match(!missing.ok ? missing.error.message : '', /account/);
    const before = fake.requests.length;
    const sneaky = await backend.dispatch('getAccountDetails', {
      environment: 'sandbox',
      accountId: '../users/search',
    });
    assert.equal(!sneaky.ok && sneaky.error.code, 'bad_request');
    assert.equal(fake.requests.length, before, 'nothing was sent');
  });
});

describe('clearing the export history', () => {
  test('empties the list and leaves the exported files where they are', async () => {
    const backend = await backendWith({ sandbox: fake.apiKey });
    const file = join(root, 'users.csv');
    await writeFile(file, 'user_id\n1\n');
    const entry = {
      id: 'e1',
      finishedAt: '2025-06-30T10:00:00.000Z',
      environment: 'sandbox' as const,
      filter: { from: '2025-06-01', to: '2025-06-30' },
      rows: 1,
      path: file,
    };
    const settingsFile = join(root, `data-${n}`, 'settings.json');
    await backend.dispatch('getSettings', undefined);
    await backend.dispatch('updateSettings', { pageSize: 50 });
    const saved = JSON.parse(await readFile(settingsFile, 'utf8'));
    await writeFile(settingsFile, JSON.stringify({ ...saved, exportHistory: [entry] }));
    const listed = await backend.dispatch('getExportHistory', undefined);
    assert.equal(listed.ok && listed.value.length, 1);

    const cleared = await backend.dispatch('clearExportHistory', undefined);
    assert.deepEqual(cleared, ok([]));
    const after = await backend.dispatch('getExportHistory', undefined);
    assert.deepEqual(after, ok([]));
    assert.equal(await readFile(file, 'utf8'), 'user_id\n1\n', 'the file is untouched');
  });
});

describe('diagnostics', () => {
  test('the backend names the environment and the last failed call, by code only', async () => {
    const wrongKey = 'sk_test_THIS_IS_THE_SECRET_0000';
    const backend = await backendWith({ production: wrongKey });
    await backend.dispatch('updateSettings', { environment: 'production' });
    assert.deepEqual(await backend.diagnostics(), {
      environment: 'production',
      lastErrorCode: null,
    });
    // Production points at the fake too: the fake refuses this key.
    const refused = await backend.dispatch('getUserAccounts', {
      environment: 'production',
      userId: 'u1',
    });
    assert.equal(!refused.ok && refused.error.code, 'invalid_key');
    const facts = await backend.diagnostics();
    assert.deepEqual(facts, { environment: 'production', lastErrorCode: 'invalid_key' });
    const text = diagnosticsText({
      ...facts,
      appVersion: '1.2.3',
      packaged: true,
      platform: 'linux',
      osRelease: '6.1.0',
      arch: 'x64',
      electronVersion: '45.0.0',
      systemLocale: 'es-MX',
      at: '2025-06-30T10:00:00.000Z',
    });
    assert.equal(
      text,
      [
        'Palenca Users 1.2.3',
        'Operating system: linux 6.1.0 (x64)',
        'Electron: 45.0.0',
        'System language: es-MX',
        'Environment: production',
        'Last error code: invalid_key',
        'Copied at: 2025-06-30T10:00:00.000Z',
      ].join('\n'),
    );
    assert.ok(!text.includes(wrongKey));
  });

  test('an error whose message quotes the key gives only its code; a cancellation is no error', () => {
    const key = 'sk_live_QUOTED_IN_A_MESSAGE_1234';
    const recorder = new LastErrorRecorder();
    recorder.note(fail('bad_response', `Palenca said: invalid key ${key}`, { detail: key }));
    recorder.note(fail('cancelled', 'The request was cancelled.'));
    recorder.note(ok(null));
    assert.equal(recorder.last, 'bad_response');
    const text = diagnosticsText({
      environment: 'sandbox',
      lastErrorCode: recorder.last,
      appVersion: '1.2.3',
      packaged: false,
      platform: 'win32',
      osRelease: '10.0.22631',
      arch: 'x64',
      electronVersion: '45.0.0',
      systemLocale: 'pt-BR',
      at: 'now',
    });
    assert.ok(!text.includes(key));
    assert.match(text, /^Palenca Users 1\.2\.3 \(development\)\n/);
    assert.match(text, /Last error code: bad_response/);
    // Whatever reaches the text as a code, only a code of the app's own list is written.
    const smuggled = diagnosticsText({
      environment: null,
      lastErrorCode: key,
      appVersion: '1\n2',
      packaged: true,
      platform: 'linux',
      osRelease: 'x',
      arch: 'x64',
      electronVersion: 'unknown',
      systemLocale: 'en-US',
      at: 'now',
    });
    assert.ok(!smuggled.includes(key));
    assert.match(smuggled, /Last error code: unknown/);
    assert.match(smuggled, /Environment: unknown/);
    assert.match(smuggled, /^Palenca Users 1 2\n/, 'one line per fact');
  });
});
