// A whole session in a temporary data folder, then a search of every file it left behind
// (settings, log, exported CSV) for the key's text. The key must live only in the keychain.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { startTestBackend, type TestBackend } from './support/backend.ts';
import { insideKeyring } from './support/keyring.ts';

const skip = insideKeyring() ? false : 'needs scripts/with-keyring.sh';
const KEY = 'sk_live_disk_check_Zx81Pq77Lm';
const WRONG_KEY = 'sk_live_disk_wrong_Hy62Rt05Kd';

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The files whose bytes contain `needle` as UTF-8 or UTF-16 text. */
async function filesContaining(files: string[], needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    if (
      bytes.includes(Buffer.from(needle, 'utf8')) ||
      bytes.includes(Buffer.from(needle, 'utf16le'))
    ) {
      found.push(file);
    }
  }
  return found;
}

describe('nothing secret on disk', { skip }, () => {
  let fake: FakePalenca;
  let root: string;
  let t: TestBackend;

  before(async () => {
    fake = await startFakePalenca({ apiKey: KEY, users: 120 });
    root = await mkdtemp(join(tmpdir(), 'palenca-no-secret-'));
    await mkdir(join(root, 'exports'));
    t = await startTestBackend({
      apiBaseUrl: fake.baseUrl,
      platform: { chooseSavePath: async (name) => join(root, 'exports', name) },
    });
  });
  after(async () => {
    await t.keyStore.delete('sandbox');
    await t.keyStore.delete('production');
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  test('the search finds a planted key, so it can fail', async () => {
    const planted = join(root, 'planted.txt');
    await writeFile(planted, `settings {"x":"${KEY}"}`);
    assert.deepEqual(await filesContaining([planted], KEY), [planted]);
    await rm(planted);
  });

  test('save a key, search, change settings, export: the key is in no file', async () => {
    const ok = async (name: string, args?: unknown) => {
      const result = await t.dispatch(name, args);
      assert.equal(result.ok, true, `${name}: ${JSON.stringify(result)}`);
      assert.ok(!JSON.stringify(result).includes(KEY), `${name} returned the key`);
      return result.ok ? result.value : undefined;
    };

    // A wrong key first: its failure is logged, and neither key may show in the log.
    const wrong = await t.dispatch('saveKey', { environment: 'sandbox', key: WRONG_KEY });
    assert.equal(!wrong.ok && wrong.error.code, 'invalid_key');
    await ok('saveKey', { environment: 'sandbox', key: KEY });
    await ok('getKeyStatuses');
    const filter = { from: '2000-01-01', to: '2100-12-31' };
    await ok('updateSettings', {
      environment: 'sandbox',
      filter: { ...filter, preset: 'custom' },
      pageSize: 50,
      locale: 'es',
      csv: { delimiter: ';', bom: true },
    });
    const page = (await ok('searchUsers', {
      environment: 'sandbox',
      ...filter,
      page: 1,
      perPage: 50,
    })) as { users: { user_id: string }[] };
    assert.equal(page.users.length, 50);
    const first = page.users[0];
    assert.ok(first);
    await ok('getUserAccounts', { environment: 'sandbox', userId: first.user_id });
    // A failing call, so an error passes through the log too.
    const noKey = await t.dispatch('searchUsers', {
      environment: 'production',
      ...filter,
      page: 1,
      perPage: 25,
    });
    assert.equal(!noKey.ok && noKey.error.code, 'missing_key');

    const exported = (await ok('exportUsers', { environment: 'sandbox', filter })) as {
      status: string;
      path: string;
      rows: number;
    };
    assert.equal(exported.status, 'done');
    assert.equal(exported.rows, 120);
    await ok('getExportHistory');

    // The key is in the keychain, and was used: the session did real work with it.
    assert.deepEqual(await t.keyStore.get('sandbox'), { ok: true, value: KEY });
    assert.ok(fake.requests.every((r) => r.apiKeyPresent));

    const dataFiles = await filesUnder(t.dataDir);
    const logFile = t.log.file;
    assert.ok(logFile && dataFiles.includes(logFile), 'the log is in the data folder');
    assert.ok(
      dataFiles.some((f) => f.endsWith('settings.json')),
      'settings were written',
    );
    const csv = await readFile(exported.path, 'utf8');
    assert.ok(csv.includes(first.user_id), 'the CSV holds the users');
    const log = await readFile(logFile, 'utf8');
    assert.ok(log.length > 0, 'the log has lines');

    const everyFile = [...new Set([...dataFiles, ...(await filesUnder(root)), exported.path])];
    for (const secret of [KEY, WRONG_KEY]) {
      assert.deepEqual(await filesContaining(everyFile, secret), [], `key text found on disk`);
    }
  });
});
