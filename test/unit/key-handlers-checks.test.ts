// The app's key calls beyond saving: the precise reason a paste cannot be a key, the one
// extra check against the other environment after a refusal, and the "not yet checked" mark
// of a key saved without asking Palenca. Plus the restart a new language offers, refused
// during an export. Two fake servers stand for Palenca's two environments.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Backend, createBackend } from '../../electron/backend/backend.ts';
import type { PlatformBridge } from '../../electron/backend/platform.ts';
import { SETTINGS_FILE } from '../../electron/backend/settings/settings-store.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { routeEnvironments } from '../fake-palenca/two-environments.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';

const SANDBOX_KEY = 'sk_test_sandbox_only_1111';
const PRODUCTION_KEY = 'sk_live_production_only_2222';

describe('key checks and the restart', () => {
  let sandbox: FakePalenca;
  let production: FakePalenca;
  before(async () => {
    [sandbox, production] = await Promise.all([
      startFakePalenca({ apiKey: SANDBOX_KEY, users: 30 }),
      startFakePalenca({ apiKey: PRODUCTION_KEY, users: 30 }),
    ]);
  });
  after(async () => {
    await Promise.all([sandbox.close(), production.close()]);
  });

  async function app(platform: Partial<PlatformBridge> = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'palenca-key-checks-'));
    const keyStore = memoryKeyStore();
    const backend: Backend = createBackend(
      testBackendOptions({
        dataDir,
        keyStore,
        // Main's "replace / remove the stored key?" question, answered yes.
        platform: { confirmKeyChange: async () => true, ...platform },
        fetch: routeEnvironments({ sandbox: sandbox.baseUrl, production: production.baseUrl }),
        clientTuning: { attempts: 1, backoffBaseMs: 5, backoffMaxMs: 10, timeoutMs: 2000 },
      }),
    );
    return { backend, keyStore, dataDir };
  }

  test('what cannot be a key comes back with its precise reason, before any request', async () => {
    const { backend } = await app();
    const sent = sandbox.requests.length + production.requests.length;
    const cases: Array<[string, string]> = [
      ['   ', 'key_empty'],
      ['sk_live with_space_1234', 'key_space_inside'],
      ['sk_live_“curly”_1234', 'key_bad_character'],
      ['short7!', 'key_too_short'],
      ['x'.repeat(513), 'key_too_long'],
    ];
    for (const [key, reason] of cases) {
      const saved = await backend.dispatch('saveKey', { environment: 'sandbox', key });
      assert.equal(!saved.ok && saved.error.code, 'bad_input', key);
      assert.equal(!saved.ok && saved.error.reason, reason, key);
    }
    assert.equal(sandbox.requests.length + production.requests.length, sent);
  });

  test('a production key pasted for sandbox: refused, and recognised with one more request', async () => {
    const { backend, keyStore } = await app();
    const before = { s: sandbox.requests.length, p: production.requests.length };
    const saved = await backend.dispatch('saveKey', {
      environment: 'sandbox',
      key: PRODUCTION_KEY,
    });
    assert.equal(!saved.ok && saved.error.code, 'invalid_key');
    assert.equal(!saved.ok && saved.error.reason, 'key_other_environment');
    assert.equal(sandbox.requests.length - before.s, 1, 'the check');
    assert.equal(production.requests.length - before.p, 1, 'the one extra check');
    assert.equal(keyStore.items.size, 0, 'nothing saved until the person says where');
    assert.ok(!JSON.stringify(saved).includes(PRODUCTION_KEY.slice(0, -4)));

    // The person takes the offer: saved for production, checked there.
    const there = await backend.dispatch('saveKey', {
      environment: 'production',
      key: PRODUCTION_KEY,
    });
    assert.equal(there.ok && there.value.verified, true);
    assert.equal(keyStore.items.get('production'), PRODUCTION_KEY);
  });

  test('a key neither environment accepts: the plain refusal, no offer', async () => {
    const { backend } = await app();
    const saved = await backend.dispatch('saveKey', {
      environment: 'production',
      key: 'sk_live_nobodys_key_3333',
    });
    assert.equal(!saved.ok && saved.error.code, 'invalid_key');
    assert.equal(!saved.ok && saved.error.reason, undefined);
  });

  test('no extra request when Palenca could not answer (only a refusal asks the other)', async () => {
    const { backend } = await app();
    sandbox.failNext({ kind: 'unavailable' });
    const before = production.requests.length;
    const saved = await backend.dispatch('saveKey', { environment: 'sandbox', key: SANDBOX_KEY });
    assert.equal(!saved.ok && saved.error.code, 'unavailable');
    assert.equal(production.requests.length, before);
  });

  test('a key saved unchecked is marked until a call with it works', async () => {
    const { backend, dataDir } = await app();
    const saved = await backend.dispatch('saveKey', {
      environment: 'sandbox',
      key: SANDBOX_KEY,
      skipCheck: true,
    });
    assert.equal(saved.ok && saved.value.verified, false);
    const statuses = await backend.dispatch('getKeyStatuses', undefined);
    assert.deepEqual(statuses.ok && statuses.value.sandbox, {
      hasKey: true,
      last4: '1111',
      unverified: true,
    });
    const file = await readFile(join(dataDir, SETTINGS_FILE), 'utf8');
    assert.deepEqual(JSON.parse(file).uncheckedKeys, ['sandbox']);
    assert.ok(!file.includes(SANDBOX_KEY.slice(0, -4)), 'never the key');

    // A failed call proves nothing; a successful one checks the key.
    sandbox.failNext({ kind: 'unavailable' });
    const failed = await backend.dispatch('searchUsers', {
      environment: 'sandbox',
      from: '2020-01-01',
      to: '2100-01-01',
      page: 1,
      perPage: 25,
    });
    assert.equal(failed.ok, false);
    const still = await backend.dispatch('getKeyStatuses', undefined);
    assert.equal(still.ok && still.value.sandbox.unverified, true);

    const search = await backend.dispatch('searchUsers', {
      environment: 'sandbox',
      from: '2020-01-01',
      to: '2100-01-01',
      page: 1,
      perPage: 25,
    });
    assert.equal(search.ok, true);
    // Said at once, and written to the settings file in the background.
    const checked = await backend.dispatch('getKeyStatuses', undefined);
    assert.deepEqual(checked.ok && checked.value.sandbox, { hasKey: true, last4: '1111' });
    const noted = async () => {
      const settings = await backend.dispatch('getSettings', undefined);
      return settings.ok && settings.value.uncheckedKeys.length === 0;
    };
    for (let i = 0; i < 200 && !(await noted()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await noted(), true, 'the file no longer marks the key');
  });

  test('a checked save or a removal clears the mark', async () => {
    const { backend } = await app();
    const unverified = async () => {
      const statuses = await backend.dispatch('getKeyStatuses', undefined);
      return statuses.ok && statuses.value.production.unverified === true;
    };
    const save = (skipCheck: boolean) =>
      backend.dispatch('saveKey', { environment: 'production', key: PRODUCTION_KEY, skipCheck });
    await save(true);
    assert.equal(await unverified(), true);
    await save(false);
    assert.equal(await unverified(), false);
    await save(true);
    const removed = await backend.dispatch('removeKey', { environment: 'production' });
    assert.deepEqual(removed.ok && removed.value.production, { hasKey: false, last4: null });
    await save(false);
    assert.equal(await unverified(), false, 'a new key starts without the old mark');
  });

  test('restartApp relaunches, but never while an export runs', async () => {
    let relaunches = 0;
    let answerDialog: (path: string | null) => void = () => {};
    let dialogOpen = false;
    const { backend, keyStore } = await app({
      relaunch: () => {
        relaunches++;
      },
      chooseSavePath: () =>
        new Promise((resolve) => {
          dialogOpen = true;
          answerDialog = resolve;
        }),
    });
    keyStore.items.set('sandbox', SANDBOX_KEY);
    let ended = false;
    const exporting = backend
      .dispatch('exportUsers', {
        environment: 'sandbox',
        filter: { from: '2026-01-01', to: '2026-01-31' },
      })
      .finally(() => {
        ended = true;
      });
    while (!dialogOpen && !ended) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(dialogOpen, JSON.stringify(await Promise.race([exporting, 'still running'])));
    const refused = await backend.dispatch('restartApp', undefined);
    assert.equal(!refused.ok && refused.error.code, 'restart_export_running');
    assert.equal(relaunches, 0);

    answerDialog(null);
    await exporting;
    assert.deepEqual(await backend.dispatch('restartApp', undefined), { ok: true, value: null });
    assert.equal(relaunches, 1);
  });

  test('restartApp without a shell that can restart: said, not thrown', async () => {
    const { backend } = await app();
    const result = await backend.dispatch('restartApp', undefined);
    assert.equal(!result.ok && result.error.code, 'internal');
  });
});
