// After keytar fails to load (a missing libsecret, a broken native module), "try again" loads it
// again without restarting the app. The loader here is Node's real `require` on a module that
// throws while a marker file is missing, the way a native module throws when a library is
// absent; `import()` would keep the first failure until the process ends.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';

let dir: string;
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

const FLAKY_KEYTAR = `
const { existsSync } = require('node:fs');
const { join } = require('node:path');
if (!existsSync(join(__dirname, 'libsecret-installed'))) {
  throw new Error('libsecret-1.so.0: cannot open shared object file');
}
const items = new Map();
module.exports = {
  getPassword: async (service, account) => items.get(service + '/' + account) ?? null,
  setPassword: async (service, account, password) => { items.set(service + '/' + account, password); },
  deletePassword: async (service, account) => items.delete(service + '/' + account),
};
`;

test('a keytar that failed to load is loaded again on the next call', async () => {
  dir = await mkdtemp(join(tmpdir(), 'palenca-keytar-reload-'));
  await writeFile(join(dir, 'flaky-keytar.cjs'), FLAKY_KEYTAR);
  const requireHere = createRequire(join(dir, 'index.cjs'));
  let loads = 0;
  const store = createKeytarStore({
    service: 'palenca-users-reload-test',
    loadKeytar: () => {
      loads++;
      return requireHere('./flaky-keytar.cjs');
    },
  });

  const first = await store.get('sandbox');
  assert.equal(first.ok, false);
  if (!first.ok) {
    assert.equal(first.error.code, 'keychain_unavailable');
    assert.match(first.error.message, /could not load its keychain component/);
  }

  await writeFile(join(dir, 'libsecret-installed'), '');
  const saved = await store.set('sandbox', 'sk_test_reloaded_0000');
  assert.deepEqual(saved, { ok: true, value: null });
  const read = await store.get('sandbox');
  assert.deepEqual(read, { ok: true, value: 'sk_test_reloaded_0000' });
  assert.equal(loads, 2, 'loaded once more after the failure, then kept');
});
