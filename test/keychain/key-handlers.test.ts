// The key calls through the real dispatch, the real keychain and the fake Palenca server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { closedPortUrl, startTestBackend, type TestBackend } from './support/backend.ts';
import { insideKeyring } from './support/keyring.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';
const GOOD_KEY = 'sk_live_handlers_good_4A7Z';

describe('key calls', { skip }, () => {
  let fake: FakePalenca;
  const results: unknown[] = [];
  const backends: TestBackend[] = [];
  const keysUsed = [GOOD_KEY, 'sk_live_wrong_key_9Q2W', 'sk_live_offline_key_3E4R'];

  before(async () => {
    fake = await startFakePalenca({ apiKey: GOOD_KEY, users: 20 });
  });
  after(async () => {
    await fake.close();
    for (const t of backends) {
      await t.keyStore.delete('sandbox');
      await t.keyStore.delete('production');
    }
    // No call ever returned a key, whole or in part longer than the last four.
    const text = JSON.stringify(results);
    for (const key of keysUsed) assert.ok(!text.includes(key), 'a result contained a key');
    for (const key of keysUsed)
      assert.ok(!text.includes(key.slice(0, -4)), 'a result leaked key text');
  });

  /** Dispatches and keeps every result for the no-key check at the end. */
  const call = async (t: TestBackend, name: string, args?: unknown) => {
    const result = await t.dispatch(name, args);
    results.push(result);
    return result;
  };
  const backend = async (
    apiBaseUrl = fake.baseUrl,
    platform?: Parameters<typeof startTestBackend>[0]['platform'],
  ) => {
    const t = await startTestBackend({ apiBaseUrl, ...(platform ? { platform } : {}) });
    backends.push(t);
    return t;
  };

  test('no keys at first', async () => {
    const t = await backend();
    assert.deepEqual(await call(t, 'getKeyStatuses'), {
      ok: true,
      value: {
        sandbox: { hasKey: false, last4: null },
        production: { hasKey: false, last4: null },
      },
    });
  });

  test('an accepted key is checked with one small request, saved, and shown by its last 4', async () => {
    const t = await backend();
    const before = fake.requests.length;
    const saved = await call(t, 'saveKey', { environment: 'sandbox', key: `  ${GOOD_KEY}\n` });
    assert.deepEqual(saved, {
      ok: true,
      value: { status: { hasKey: true, last4: '4A7Z' }, verified: true },
    });
    const checks = fake.requests.slice(before);
    assert.equal(checks.length, 1);
    assert.match(checks[0]?.path ?? '', /\/users\/search$/);
    const body = checks[0]?.body as { start_date: string; end_date: string; options: unknown };
    assert.deepEqual(body.options, { items_per_page: 1, page: 1 });
    assert.equal(body.start_date, body.end_date);

    // Stored trimmed, under the environment, nowhere else.
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: GOOD_KEY });
    assert.deepEqual(await call(t, 'getKeyStatuses'), {
      ok: true,
      value: {
        sandbox: { hasKey: true, last4: '4A7Z' },
        production: { hasKey: false, last4: null },
      },
    });
    // The stored key is the one searches use.
    const search = await call(t, 'searchUsers', {
      environment: 'sandbox',
      from: '2000-01-01',
      to: '2100-01-01',
      page: 1,
      perPage: 25,
    });
    assert.equal(search.ok, true, JSON.stringify(search));
  });

  test('a key Palenca rejects is not saved', async () => {
    const t = await backend();
    const saved = await call(t, 'saveKey', {
      environment: 'sandbox',
      key: 'sk_live_wrong_key_9Q2W',
    });
    assert.equal(saved.ok, false);
    assert.equal(!saved.ok && saved.error.code, 'invalid_key');
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: null });
  });

  test('a rejected replacement leaves the saved key in place', async () => {
    const t = await backend();
    assert.equal((await call(t, 'saveKey', { environment: 'production', key: GOOD_KEY })).ok, true);
    const saved = await call(t, 'saveKey', {
      environment: 'production',
      key: 'sk_live_wrong_key_9Q2W',
    });
    assert.equal(!saved.ok && saved.error.code, 'invalid_key');
    assert.deepEqual(await t.keyStore.get('production'), { ok: true, value: GOOD_KEY });
  });

  test('Palenca unreachable: offline and not saved; then saved unchecked on request', async () => {
    const t = await backend(await closedPortUrl(() => startFakePalenca({ users: 1 })));
    const key = 'sk_live_offline_key_3E4R';
    const saved = await call(t, 'saveKey', { environment: 'sandbox', key });
    assert.equal(!saved.ok && saved.error.code, 'offline', JSON.stringify(saved));
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: null });

    const unchecked = await call(t, 'saveKey', { environment: 'sandbox', key, skipCheck: true });
    assert.deepEqual(unchecked, {
      ok: true,
      value: { status: { hasKey: true, last4: '3E4R' }, verified: false },
    });
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: key });
  });

  test('Palenca busy: unavailable and not saved', async () => {
    const t = await backend();
    fake.failNext({ kind: 'unavailable' }, 2);
    const saved = await call(t, 'saveKey', { environment: 'sandbox', key: GOOD_KEY });
    assert.equal(!saved.ok && saved.error.code, 'unavailable', JSON.stringify(saved));
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: null });
  });

  test('what cannot be a key is refused as bad_input on the key field, before any request', async () => {
    const t = await backend();
    const before = fake.requests.length;
    const bad = [
      '',
      '    ',
      'sk_live with_space_1234',
      'sk_live_tab\tinside_1234',
      'short7!',
      'x'.repeat(513),
      'sk_live_“curly”_quotes_1234',
    ];
    for (const key of bad) {
      for (const skipCheck of [false, true]) {
        const saved = await call(t, 'saveKey', { environment: 'sandbox', key, skipCheck });
        assert.equal(
          !saved.ok && saved.error.code,
          'bad_input',
          `${JSON.stringify(key)}: ${JSON.stringify(saved)}`,
        );
        assert.equal(!saved.ok && saved.error.field, 'key');
        if (key.trim().length >= 4) {
          assert.ok(!saved.ok && !saved.error.message.includes(key.trim()));
        }
      }
    }
    // 8 and 512 characters are the limits, both allowed.
    for (const key of ['abcd1234', 'y'.repeat(512)]) {
      const saved = await call(t, 'saveKey', { environment: 'production', key, skipCheck: true });
      assert.equal(saved.ok, true, JSON.stringify(saved));
    }
    assert.equal(fake.requests.length, before);
    // The contract refuses a key sent with the wrong type or absurd size outright.
    const wrongType = await call(t, 'saveKey', { environment: 'sandbox', key: 42 });
    assert.equal(!wrongType.ok && wrongType.error.code, 'bad_input');
  });

  test('removeKey deletes the item and returns the statuses', async () => {
    const t = await backend();
    await call(t, 'saveKey', { environment: 'sandbox', key: GOOD_KEY });
    await call(t, 'saveKey', { environment: 'production', key: GOOD_KEY });
    const removed = await call(t, 'removeKey', { environment: 'sandbox' });
    assert.deepEqual(removed, {
      ok: true,
      value: {
        sandbox: { hasKey: false, last4: null },
        production: { hasKey: true, last4: '4A7Z' },
      },
    });
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: null });
    // Removing what is not there is not an error.
    const again = await call(t, 'removeKey', { environment: 'sandbox' });
    assert.equal(again.ok, true);
    // A search without a key says so.
    const search = await call(t, 'searchUsers', {
      environment: 'sandbox',
      from: '2000-01-01',
      to: '2100-01-01',
      page: 1,
      perPage: 25,
    });
    assert.equal(!search.ok && search.error.code, 'missing_key');
  });

  test("replacing or removing a stored key needs the person's yes, asked once; no keeps it", async () => {
    let yes = false;
    const t = await backend(fake.baseUrl, { confirmKeyChange: async () => yes });
    const other = 'sk_live_someone_elses_key_8K1P';
    // The first key replaces nothing, and removing nothing removes nothing: no question.
    assert.equal((await call(t, 'saveKey', { environment: 'sandbox', key: GOOD_KEY })).ok, true);
    assert.equal((await call(t, 'removeKey', { environment: 'production' })).ok, true);
    assert.deepEqual(t.keyChangeQuestions, []);

    // "No": a checked replacement, an unchecked one, and a removal all leave the key.
    const before = fake.requests.length;
    const checked = await call(t, 'saveKey', { environment: 'sandbox', key: GOOD_KEY });
    assert.equal(!checked.ok && checked.error.code, 'cancelled');
    assert.equal(fake.requests.length, before + 1, 'checked once with Palenca, then asked');
    const unchecked = await call(t, 'saveKey', {
      environment: 'sandbox',
      key: other,
      skipCheck: true,
    });
    assert.equal(!unchecked.ok && unchecked.error.code, 'cancelled');
    const removed = await call(t, 'removeKey', { environment: 'sandbox' });
    assert.equal(!removed.ok && removed.error.code, 'cancelled');
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: GOOD_KEY });
    assert.deepEqual(
      t.keyChangeQuestions,
      [
        { kind: 'replace', environment: 'sandbox' },
        { kind: 'replace', environment: 'sandbox' },
        { kind: 'remove', environment: 'sandbox' },
      ],
      'one question per call',
    );
    // A key Palenca refuses is not worth a question.
    const refused = await call(t, 'saveKey', {
      environment: 'sandbox',
      key: 'sk_live_wrong_key_9Q2W',
    });
    assert.equal(!refused.ok && refused.error.code, 'invalid_key');
    assert.equal(t.keyChangeQuestions.length, 3);

    // "Yes": the change happens.
    yes = true;
    const replaced = await call(t, 'saveKey', {
      environment: 'sandbox',
      key: other,
      skipCheck: true,
    });
    assert.equal(replaced.ok, true, JSON.stringify(replaced));
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: other });
    assert.equal((await call(t, 'removeKey', { environment: 'sandbox' })).ok, true);
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: null });
    assert.equal(t.keyChangeQuestions.length, 5);
  });
});
