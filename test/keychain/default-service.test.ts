// Everything that touches the real "Palenca Users" keychain items, in one file so it runs
// one test after another (test files run in parallel; every other keychain test uses a
// service name of its own). Then `palenca-users-cli key …` as a person runs it: real processes,
// the real keychain and the fake Palenca server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KEYCHAIN_SERVICE } from '../../electron/backend/keychain/key-store.ts';
import { createKeytarStore } from '../../electron/backend/keychain/keytar-store.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { closedPortUrl } from './support/backend.ts';
import { insideKeyring, secretToolLabel, secretToolLookup } from './support/keyring.ts';
import { type ChildRun, runTsChild } from './support/run-child.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';
const ENTRY = fileURLToPath(new URL('../../electron/cli/palenca-users.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'sk_live_cli_check_Wq93Bn55Tz';

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (!options.env?.PALENCA_API_KEY) delete env.PALENCA_API_KEY;
  return runTsChild(ENTRY, args, {
    env,
    cwd: ROOT,
    ...(options.stdin ? { stdin: options.stdin } : {}),
  });
}

describe('keytar store under the documented service name', { skip }, () => {
  describe('the "Palenca Users" items', () => {
    const store = createKeytarStore();
    // The real service name is shared with the CLI test; start and end clean.
    before(async () => {
      await store.delete('sandbox');
      await store.delete('production');
    });
    after(async () => {
      await store.delete('sandbox');
      await store.delete('production');
    });

    test('the item is "Palenca Users" / <environment>, and is gone after removal', async () => {
      assert.equal(KEYCHAIN_SERVICE, 'Palenca Users');
      assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), null);

      assert.equal((await store.set('sandbox', 'documented-sandbox-key-77')).ok, true);
      assert.equal((await store.set('production', 'documented-production-key-88')).ok, true);
      assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), 'documented-sandbox-key-77');
      // The name Seahorse (GNOME "Passwords and Keys") lists it under, as the README says.
      assert.equal(await secretToolLabel('Palenca Users', 'sandbox'), 'Palenca Users/sandbox');
      assert.equal(
        await secretToolLookup('Palenca Users', 'production'),
        'documented-production-key-88',
      );

      assert.deepEqual(await store.delete('sandbox'), { ok: true, value: true });
      assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), null);
      assert.equal(await secretToolLabel('Palenca Users', 'sandbox'), null);
      // Removing one environment leaves the other alone.
      assert.equal(
        await secretToolLookup('Palenca Users', 'production'),
        'documented-production-key-88',
      );
      assert.deepEqual(await store.delete('production'), { ok: true, value: true });
      assert.equal(await secretToolLookup('Palenca Users', 'production'), null);
    });
  });
});

describe('palenca-users-cli key', { skip, concurrency: 1 }, () => {
  let fake: FakePalenca;
  const store = createKeytarStore();
  const outputs: ChildRun[] = [];
  const run = async (...params: Parameters<typeof cli>) => {
    const result = await cli(...params);
    outputs.push(result);
    return result;
  };
  const api = () => ({ PALENCA_API_URL: fake.baseUrl });

  before(async () => {
    fake = await startFakePalenca({ apiKey: KEY, users: 30 });
    await store.delete('sandbox');
    await store.delete('production');
  });
  after(async () => {
    await store.delete('sandbox');
    await store.delete('production');
    await fake.close();
    // The key never appears in anything the CLI printed.
    for (const out of outputs) {
      assert.ok(!`${out.stdout}${out.stderr}`.includes(KEY), 'the CLI printed the key');
    }
  });

  test('key set refuses the key as an argument, without repeating it', async () => {
    const out = await run(['key', 'set', '--env', 'sandbox', KEY], { env: api() });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /never taken as an argument/);
    assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), null);
    // A key pasted where the command goes is not repeated either.
    const misplaced = await run(['key', KEY], { env: api() });
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /Unknown key command/);
  });

  test('a rejected key is not saved', async () => {
    const out = await run(['key', 'set', '--env', 'sandbox'], {
      stdin: 'sk_live_cli_wrong_Aa11Bb22\n',
      env: api(),
    });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /Palenca did not accept this key/);
    assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), null);
  });

  test('offline: not saved, told about --no-check, which then saves it', async () => {
    const closed = await closedPortUrl(() => startFakePalenca({ users: 1 }));
    const offline = await run(['key', 'set', '--env', 'production'], {
      stdin: KEY,
      env: { PALENCA_API_URL: closed },
    });
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /--no-check/);
    assert.equal(await secretToolLookup('Palenca Users', 'production'), null);

    const unchecked = await run(['key', 'set', '--env', 'production', '--no-check'], {
      stdin: KEY,
      env: { PALENCA_API_URL: closed },
    });
    assert.equal(unchecked.code, 0, unchecked.stderr);
    assert.match(unchecked.stdout, /without checking/);
    assert.equal(await secretToolLookup('Palenca Users', 'production'), KEY);
  });

  test('set from stdin, status, list from the keychain, clear', async () => {
    const set = await run(['key', 'set', '--env', 'sandbox'], { stdin: `${KEY}\n`, env: api() });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Palenca accepted the key/);
    assert.match(set.stdout, /ends in 55Tz/);
    assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), KEY);

    const status = await run(['key', 'status', '--env', 'sandbox'], { env: api() });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /sandbox: a key is saved \(ends in 55Tz\)/);

    // No PALENCA_API_KEY: `list` finds the key in the keychain.
    const list = await run(
      ['list', '--env', 'sandbox', '--from', '2000-01-01', '--to', '2100-12-31'],
      {
        env: api(),
      },
    );
    assert.equal(list.code, 0, list.stderr);
    const firstUser = fake.usersInWindow('2000-01-01', '2100-12-31')[0];
    assert.ok(firstUser && list.stdout.includes(firstUser.user_id), list.stdout);

    const clear = await run(['key', 'clear', '--env', 'sandbox'], { env: api() });
    assert.equal(clear.code, 0, clear.stderr);
    assert.match(clear.stdout, /Removed the saved key for sandbox/);
    assert.equal(await secretToolLookup('Palenca Users', 'sandbox'), null);

    const after = await run(['key', 'status', '--env', 'sandbox'], { env: api() });
    assert.match(after.stdout, /sandbox: no key is saved/);

    // And without a key anywhere, `list` says so instead of failing obscurely.
    const noKey = await run(
      ['list', '--env', 'sandbox', '--from', '2000-01-01', '--to', '2100-12-31'],
      {
        env: api(),
      },
    );
    assert.notEqual(noKey.code, 0);
  });
});
