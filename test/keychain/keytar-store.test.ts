// The keytar store against a real Secret Service (run under scripts/with-keyring.sh), under a
// service name of its own. The documented "Palenca Users" items are tested in
// default-service.test.ts, with everything else that touches them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import { insideKeyring, uniqueService } from './support/keyring.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';

describe('keytar store', { skip }, () => {
  test('set, get, has and delete round trip under a test service', async () => {
    const service = uniqueService();
    const store = createKeytarStore({ service });
    assert.deepEqual(await store.get('sandbox'), { ok: true, value: null });
    assert.deepEqual(await store.has('sandbox'), { ok: true, value: false });

    assert.deepEqual(await store.set('sandbox', 'sandbox-key-0001'), { ok: true, value: null });
    assert.deepEqual(await store.set('production', 'production-key-0002'), {
      ok: true,
      value: null,
    });
    assert.deepEqual(await store.get('sandbox'), { ok: true, value: 'sandbox-key-0001' });
    assert.deepEqual(await store.get('production'), { ok: true, value: 'production-key-0002' });
    assert.deepEqual(await store.has('production'), { ok: true, value: true });

    // Replacing a key keeps one item per environment.
    assert.deepEqual(await store.set('sandbox', 'sandbox-key-0003'), { ok: true, value: null });
    assert.deepEqual(await store.get('sandbox'), { ok: true, value: 'sandbox-key-0003' });

    assert.deepEqual(await store.delete('sandbox'), { ok: true, value: true });
    assert.deepEqual(await store.delete('sandbox'), { ok: true, value: false });
    assert.deepEqual(await store.has('sandbox'), { ok: true, value: false });
    assert.deepEqual(await store.get('production'), { ok: true, value: 'production-key-0002' });
    assert.deepEqual(await store.delete('production'), { ok: true, value: true });
  });
});
