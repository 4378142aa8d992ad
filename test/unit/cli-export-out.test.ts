// A folder --out cannot be written in is refused before any request: the commands that save a
// file (export, reconcile) try a temporary file there first, named as the export's own, and
// say why with the words of write-failed.ts, right for the system's reason.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { probeFolder } from '../../electron/cli/command-start.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { createReconcileCommand } from '../../electron/cli/commands/reconcile.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const TODAY = '2025-06-30';
const WINDOW = ['--from', '2025-06-01', '--to', TODAY];
const linux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;

/**
 * A folder no file can be created in: read-only by its mode, or (root ignores modes) made
 * immutable with chattr; null when neither can be done here.
 */
async function lockedFolder(
  parent: string,
): Promise<{ path: string; unlock: () => Promise<void> } | null> {
  const path = join(parent, 'locked');
  await mkdir(path);
  await writeFile(join(path, 'kept.csv'), 'kept\r\n');
  if (!isRoot) {
    await chmod(path, 0o555);
    return { path, unlock: () => chmod(path, 0o755) };
  }
  try {
    await promisify(execFile)('chattr', ['+i', path]);
  } catch {
    return null;
  }
  return {
    path,
    unlock: async () => {
      await promisify(execFile)('chattr', ['-i', path]);
    },
  };
}

describe('--out in a folder that takes no file', () => {
  let fake: FakePalenca;
  let dir: string;
  before(async () => {
    fake = await startFakePalenca({ users: 300, today: TODAY, days: 60 });
    dir = await mkdtemp(join(tmpdir(), 'palenca-cli-out-'));
  });
  after(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => fake.resetBetweenTests());

  const exportTo = async (out: string) => {
    const c = capturedIO(fake);
    const code = await createExportCommand({ stderrIsTTY: () => false }).run(
      [...WINDOW, '--out', out],
      c,
    );
    return { code, err: c.err, out: c.out };
  };

  it('a folder of the system where the app may not write (/sys): exit 2, no request', {
    skip: !linux,
  }, async () => {
    const r = await exportTo('/sys/users.csv');
    assert.equal(r.code, 2, r.err);
    assert.equal(
      r.err,
      'palenca-users-cli: Could not save "users.csv" in the folder "/sys": the app is not allowed to write there. (--out)\n',
    );
    assert.equal(fake.requests.length, 0, 'refused before the count');
  });

  it('/proc (no file can be created): says so, not that the folder does not exist', {
    skip: !linux,
  }, async () => {
    const r = await exportTo('/proc/users.csv');
    assert.equal(r.code, 2, r.err);
    assert.match(
      r.err,
      /^palenca-users-cli: Could not save "users\.csv" in the folder "\/proc": it is a special folder where no file can be created\. \(--out\)\n$/,
    );
    assert.doesNotMatch(r.err, /does not exist/);
    assert.equal(fake.requests.length, 0);
  });

  it('a read-only or immutable folder: exit 2 before any request, the folder as it was', async (t) => {
    const locked = await lockedFolder(dir);
    if (!locked) {
      t.skip('no way to make a folder unwritable here');
      return;
    }
    try {
      for (const name of ['new.csv', 'kept.csv', 'book.xlsx']) {
        const r = await exportTo(join(locked.path, name));
        assert.equal(r.code, 2, r.err);
        assert.match(
          r.err,
          new RegExp(
            `^palenca-users-cli: Could not save "${name.replace('.', '\\.')}" in the folder ".*locked": the app is not allowed to write there\\. \\(--out\\)\\n$`,
          ),
        );
      }
      const c = capturedIO(fake);
      const list = join(dir, 'ids.txt');
      await writeFile(list, 'cus_1\ncus_2\n');
      const code = await createReconcileCommand({ stderrIsTTY: () => false }).run(
        ['--in', list, '--out', join(locked.path, 'found.csv')],
        c,
      );
      assert.equal(code, 2, c.err);
      assert.match(
        c.err,
        /in the folder ".*locked": the app is not allowed to write there\. \(--out\)\n$/,
      );
      assert.equal(fake.requests.length, 0, 'nothing was asked of Palenca');
      assert.deepEqual(await readdir(locked.path), ['kept.csv']);
    } finally {
      await locked.unlock();
    }
  });

  it('a folder that takes files: the probe leaves nothing behind, and the export saves', async () => {
    const folder = join(dir, 'open');
    await mkdir(folder);
    const probed = await probeFolder(join(folder, 'users.csv'));
    assert.ok(probed.ok);
    assert.deepEqual(await readdir(folder), []);
    const out = join(folder, 'users.csv');
    const r = await exportTo(out);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(await readdir(folder), ['users.csv']);
  });
});
