// The CLI's keychain child, for real (the CLI's own entry, the real keychain under a service of
// its own): with PALENCA_API_KEY in the CLI's environment, the child still stores, reads and
// removes a key, and its environment holds only the keychain's variables (a module loaded
// into the child with --import reports the names it sees).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createChildKeyStore } from '../../electron/cli/keychain-child.ts';
import { KEYCHAIN_CHILD_ENV } from '../../electron/cli/keychain-child-env.ts';
import { insideKeyring, secretToolLookup, uniqueService } from './support/keyring.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';
const ENTRY = fileURLToPath(new URL('../../electron/cli/palenca-users.ts', import.meta.url));
const KEY_IN_ENV = 'sk_live_from_the_environment_Ur27';
const KEY_STORED = 'sk_live_stored_by_the_child_Tb64';

describe("the CLI's keychain child", { skip }, () => {
  const service = uniqueService();
  let dir = '';
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('reaches the keychain and never sees PALENCA_API_KEY', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-child-env-'));
    // Not ending in .json: tsx would take the module for a JSON one from the query's end.
    const report = join(dir, 'env-names.txt');
    const reporter = pathToFileURL(join(import.meta.dirname, 'support', 'env-report.mjs'));
    reporter.searchParams.set('out', report);
    // As the CLI is started by someone who keeps the key in the environment.
    process.env.PALENCA_API_KEY = KEY_IN_ENV;
    process.env.PALENCA_API_URL = 'http://127.0.0.1:9/v1';
    try {
      const store = createChildKeyStore({
        entry: ENTRY,
        execArgv: ['--import', 'tsx', '--import', reporter.href],
        service,
      });
      assert.deepEqual(await store.set('sandbox', KEY_STORED), { ok: true, value: null });
      assert.deepEqual(await store.get('sandbox'), { ok: true, value: KEY_STORED });
      if (process.platform === 'linux') {
        assert.equal(await secretToolLookup(service, 'sandbox'), KEY_STORED);
      }
      const names = JSON.parse(await readFile(report, 'utf8')) as string[];
      assert.deepEqual(
        names.filter((name) => /^PALENCA_/i.test(name)),
        [],
        'no PALENCA_* variable',
      );
      const allowed = new Set(
        (process.platform === 'win32' || process.platform === 'darwin'
          ? KEYCHAIN_CHILD_ENV[process.platform]
          : KEYCHAIN_CHILD_ENV.linux
        ).map((name) => name.toUpperCase()),
      );
      assert.deepEqual(
        names.filter((name) => !allowed.has(name.toUpperCase())),
        [],
        `only the keychain's variables: ${names.join(', ')}`,
      );
      assert.deepEqual(await store.delete('sandbox'), { ok: true, value: true });
      assert.deepEqual(await store.get('sandbox'), { ok: true, value: null });
    } finally {
      delete process.env.PALENCA_API_KEY;
      delete process.env.PALENCA_API_URL;
      await createChildKeyStore({ entry: ENTRY, execArgv: ['--import', 'tsx'], service })
        .delete('sandbox')
        .catch(() => {});
    }
  });
});
