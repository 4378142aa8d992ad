// Issue 15, items 1 to 3, for the app's export: the file chosen in the save dialog gets the
// same check as the CLI's --out, before any request; leftovers of ended runs in its folder
// are removed, a running one's kept; new files are the owner's only, replaced ones keep
// their mode.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createContext } from '../../electron/backend/context.ts';
import { createExportHandlers } from '../../electron/backend/handlers/export-handlers.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { memoryKeyStore, testBackendOptions } from '../support/backend-options.ts';
import { tempFolderUnderUsualUmask } from '../support/temp-folder.ts';
import { pidOfEndedProcess } from './cli-child.ts';

const TODAY = '2025-06-30';
const FILTER = { from: '2024-01-01', to: TODAY };
const POSIX = process.platform !== 'win32';

describe('the app’s export target', () => {
  let fake: FakePalenca;
  const folder = tempFolderUnderUsualUmask('palenca-app-target-');

  before(async () => {
    fake = await startFakePalenca({ users: 500, today: TODAY, days: 400, seed: 12 });
  });
  after(() => fake.close());

  let n = 0;
  /** The export handlers, with a save dialog that answers `answer`. */
  const exportTo = async (answer: string) => {
    const ctx = createContext(
      testBackendOptions({
        dataDir: join(folder.path, `data-${++n}`),
        keyStore: memoryKeyStore({ sandbox: fake.apiKey, production: fake.apiKey }),
        platform: { chooseSavePath: async () => answer },
        palencaUrl: fake.baseUrl,
        clientTuning: { attempts: 2, backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5000 },
      }),
    );
    return createExportHandlers(ctx).exportUsers({ environment: 'sandbox', filter: FILTER });
  };

  it('a link, a folder and a FIFO are refused before any request, and left as they were', async () => {
    const dir = await mkdtemp(join(folder.path, 'refused-'));
    await writeFile(join(dir, 'theirs.csv'), 'not yours\n');
    await symlink(join(dir, 'theirs.csv'), join(dir, 'link.csv'));
    await mkdir(join(dir, 'folder.csv'));
    const targets: [string, string][] = [
      ['link.csv', 'symbolic link'],
      ['folder.csv', 'folder'],
    ];
    if (POSIX) {
      assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.csv')]).status, 0);
      targets.push(['pipe.csv', 'named pipe']);
    }
    const before = fake.requests.length;
    for (const [name, detail] of targets) {
      const result = await exportTo(join(dir, name));
      assert.equal(!result.ok && result.error.code, 'bad_target', name);
      assert.equal(!result.ok && result.error.detail, detail);
    }
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    assert.equal(await readlink(join(dir, 'link.csv')), join(dir, 'theirs.csv'));
    assert.equal(await readFile(join(dir, 'theirs.csv'), 'utf8'), 'not yours\n');
    if (POSIX) assert.equal(lstatSync(join(dir, 'pipe.csv')).isFIFO(), true);
  });

  it('removes leftovers of ended runs from the folder, keeps a running one’s', async () => {
    const dir = await mkdtemp(join(folder.path, 'leftovers-'));
    const ended = `.palenca-${await pidOfEndedProcess()}-89abcdef.partial`;
    const live = `.palenca-${process.pid}-89abcdef.partial`;
    await writeFile(join(dir, ended), 'user data\r\n');
    await writeFile(join(dir, live), 'user data\r\n');
    const result = await exportTo(join(dir, 'users.csv'));
    assert.ok(result.ok && result.value.status === 'done', JSON.stringify(result));
    assert.deepEqual((await readdir(dir)).sort(), [live, 'users.csv'].sort());
  });

  it('a new export is the owner’s only; a replaced one keeps its mode', {
    skip: !POSIX && 'POSIX modes',
  }, async () => {
    const dir = await mkdtemp(join(folder.path, 'modes-'));
    const fresh = await exportTo(join(dir, 'new.csv'));
    assert.ok(fresh.ok, JSON.stringify(fresh));
    assert.equal((await stat(join(dir, 'new.csv'))).mode & 0o777, 0o600);

    await writeFile(join(dir, 'shared.csv'), 'previous\r\n');
    await chmod(join(dir, 'shared.csv'), 0o640);
    const replaced = await exportTo(join(dir, 'shared.csv'));
    assert.ok(replaced.ok, JSON.stringify(replaced));
    assert.notEqual(await readFile(join(dir, 'shared.csv'), 'utf8'), 'previous\r\n');
    assert.equal((await stat(join(dir, 'shared.csv'))).mode & 0o777, 0o640);
  });
});
