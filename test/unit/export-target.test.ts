// Issue 15, items 1 and 4: what an export may be saved to, checked before any request. Real
// entries in a temporary folder: a FIFO from mkfifo, a device node from mknod (never the
// machine's own /dev/null: tests run as root, and the old code replaced what it was given).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import {
  checkExportTarget,
  MAX_NAME_LENGTH,
  nameLength,
} from '../../electron/backend/files/export-target.ts';
import { createExportCommand } from '../../electron/cli/commands/export.ts';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { capturedIO } from '../support/captured-io.ts';

const TODAY = '2025-06-30';
const FROM = '2024-01-01';
const POSIX = process.platform !== 'win32';
const IS_ROOT = process.getuid?.() === 0;

const mkfifo = (path: string) => {
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
};
// /dev/null's numbers (1, 3), as a new node in the test's own folder.
const mknod = (path: string) => {
  const made = spawnSync('mknod', [path, 'c', '1', '3']);
  assert.equal(made.status, 0, `mknod: ${made.stderr}`);
};
const listening = async (path: string): Promise<Server> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
};

describe('export target: the check', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-target-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a regular file and a new name in an existing folder are fine, as absolute paths', async () => {
    await writeFile(join(dir, 'old.csv'), 'x');
    assert.deepEqual(await checkExportTarget(join(dir, 'old.csv')), {
      ok: true,
      value: join(dir, 'old.csv'),
    });
    assert.deepEqual(await checkExportTarget(join(dir, 'new.csv')), {
      ok: true,
      value: join(dir, 'new.csv'),
    });
  });

  it('a symbolic link is refused, not followed, even to a regular file', async () => {
    await writeFile(join(dir, 'real.csv'), 'mine');
    await symlink(join(dir, 'real.csv'), join(dir, 'link.csv'));
    await symlink(join(dir, 'nowhere.csv'), join(dir, 'dangling.csv'));
    for (const name of ['link.csv', 'dangling.csv']) {
      const result = await checkExportTarget(join(dir, name));
      assert.equal(!result.ok && result.error.code, 'bad_target', name);
      assert.match(
        !result.ok ? result.error.message : '',
        /is a symbolic link to ".*"\. A file is never saved through a link: choose the file itself\./,
      );
      assert.equal(!result.ok && result.error.detail, 'symbolic link');
    }
  });

  it('a folder, a FIFO and a socket are refused, each by name', {
    skip: !POSIX && 'POSIX entries',
  }, async () => {
    await mkdir(join(dir, 'folder.csv'));
    mkfifo(join(dir, 'pipe.csv'));
    const server = await listening(join(dir, 'socket.csv'));
    try {
      const cases: [string, RegExp, string][] = [
        [
          'folder.csv',
          /is a folder, not a file\. Give a file name inside it, such as ".*folder\.csv\/users\.csv"/,
          'folder',
        ],
        [
          'pipe.csv',
          /is a named pipe \(FIFO\), not a file\. A file is only saved over a regular file/,
          'named pipe',
        ],
        ['socket.csv', /is a socket, not a file\./, 'socket'],
      ];
      for (const [name, message, detail] of cases) {
        const result = await checkExportTarget(join(dir, name));
        assert.equal(!result.ok && result.error.code, 'bad_target', name);
        assert.match(!result.ok ? result.error.message : '', message);
        assert.equal(!result.ok && result.error.detail, detail);
      }
    } finally {
      server.close();
    }
  });

  it('a device node is refused', { skip: !(POSIX && IS_ROOT) && 'mknod needs root' }, async () => {
    mknod(join(dir, 'device.csv'));
    const result = await checkExportTarget(join(dir, 'device.csv'));
    assert.equal(!result.ok && result.error.code, 'bad_target');
    assert.match(!result.ok ? result.error.message : '', /is a device, not a file\./);
  });

  it('a name ending in a separator, or . or .., names a folder, even when nothing is there', async () => {
    for (const raw of [join(dir, 'newdir/'), `${dir}/newdir/.`, `${dir}/..`, '.']) {
      const result = await checkExportTarget(raw);
      assert.equal(!result.ok && result.error.code, 'bad_target', raw);
      assert.match(!result.ok ? result.error.message : '', /names a folder, not a file name/);
    }
    assert.equal((await readdir(dir)).includes('newdir'), false);
  });

  it('a missing folder, or a file where the folder should be, is refused', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    const missing = await checkExportTarget(join(dir, 'no-such', 'users.csv'));
    assert.match(
      !missing.ok ? missing.error.message : '',
      /The folder ".*no-such" does not exist\./,
    );
    const notFolder = await checkExportTarget(join(dir, 'plain', 'users.csv'));
    assert.equal(!notFolder.ok && notFolder.error.code, 'bad_target');
  });

  it('file names up to 255 bytes pass; 256 are refused, counted in UTF-8 bytes', async () => {
    const ascii = (n: number) => `${'a'.repeat(n - 4)}.csv`;
    assert.equal((await checkExportTarget(join(dir, ascii(255)))).ok, true);
    const long = await checkExportTarget(join(dir, ascii(256)));
    assert.equal(!long.ok && long.error.code, 'bad_target');
    assert.match(
      !long.ok ? long.error.message : '',
      /The file name is too long: 256 bytes, and a file name can have at most 255/,
    );
    // 'é' is two bytes: 125 of them and '.csv' are 254 bytes, one more is 256.
    assert.equal((await checkExportTarget(join(dir, `${'é'.repeat(125)}.csv`))).ok, true);
    assert.equal((await checkExportTarget(join(dir, `${'é'.repeat(126)}.csv`))).ok, false);
  });

  it('Windows counts UTF-16 units, and takes a backslash as a separator', async () => {
    assert.equal(MAX_NAME_LENGTH, 255);
    assert.equal(nameLength('é'.repeat(200), 'win32'), 200);
    assert.equal(nameLength('é'.repeat(200), 'linux'), 400);
    const result = await checkExportTarget('newdir\\', 'win32');
    assert.match(!result.ok ? result.error.message : '', /names a folder/);
  });
});

describe('export target: the CLI refuses before any request', () => {
  let fake: FakePalenca;
  let dir: string;
  before(async () => {
    fake = await startFakePalenca({ users: 400, today: TODAY, days: 400, seed: 5 });
  });
  after(() => fake.close());
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = async (out: string) => {
    const io = capturedIO(fake);
    const code = await createExportCommand().run(['--from', FROM, '--to', TODAY, '--out', out], io);
    return { code, ...io };
  };

  it('a FIFO, a device, a link, a folder and a trailing slash: exit 2, each named, untouched', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-target-cli-'));
    await writeFile(join(dir, 'theirs.csv'), 'not yours\n');
    await symlink(join(dir, 'theirs.csv'), join(dir, 'link.csv'));
    await mkdir(join(dir, 'folder.csv'));
    const cases: [string, RegExp][] = [
      [join(dir, 'link.csv'), /is a symbolic link to .*choose the file itself\. \(--out\)\n$/],
      [join(dir, 'folder.csv'), /is a folder, not a file\./],
      [`${join(dir, 'newdir')}/`, /names a folder, not a file name\./],
    ];
    if (POSIX) {
      mkfifo(join(dir, 'pipe.csv'));
      cases.push([join(dir, 'pipe.csv'), /is a named pipe \(FIFO\), not a file\./]);
    }
    // Skipped as not root: mknod needs it (CI runs as root, so it is covered there).
    if (POSIX && IS_ROOT) {
      mknod(join(dir, 'device.csv'));
      cases.push([join(dir, 'device.csv'), /is a device, not a file\./]);
    }
    const before = fake.requests.length;
    for (const [out, message] of cases) {
      const c = await run(out);
      assert.equal(c.code, 2, `${out}: ${c.err}`);
      assert.match(c.err, message);
      assert.equal(c.err.split('\n').length, 2, 'one plain line');
    }
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    // Everything is as it was: the link still a link to the same file, the FIFO a FIFO.
    assert.equal(await readlink(join(dir, 'link.csv')), join(dir, 'theirs.csv'));
    assert.equal(await readFile(join(dir, 'theirs.csv'), 'utf8'), 'not yours\n');
    assert.equal(lstatSync(join(dir, 'folder.csv')).isDirectory(), true);
    if (POSIX) assert.equal(lstatSync(join(dir, 'pipe.csv')).isFIFO(), true);
    if (POSIX && IS_ROOT)
      assert.equal(lstatSync(join(dir, 'device.csv')).isCharacterDevice(), true);
    const left = (await readdir(dir)).sort();
    assert.deepEqual(
      left,
      [
        'folder.csv',
        'link.csv',
        'theirs.csv',
        ...(POSIX ? ['pipe.csv'] : []),
        ...(POSIX && IS_ROOT ? ['device.csv'] : []),
      ].sort(),
    );
  });

  it('a 255-byte name exports every user; a 256-byte one exits 2 before any request', async () => {
    dir = await mkdtemp(join(tmpdir(), 'palenca-target-cli-'));
    const name255 = `${'n'.repeat(251)}.csv`;
    const ok = await run(join(dir, name255));
    assert.equal(ok.code, 0, ok.err);
    const rows = parse(await readFile(join(dir, name255)), {
      record_delimiter: '\r\n',
    }) as string[][];
    assert.equal(rows.length - 1, fake.usersInWindow(FROM, TODAY).length);
    assert.deepEqual(await readdir(dir), [name255]);

    const before = fake.requests.length;
    const refused = await run(join(dir, `${'n'.repeat(252)}.csv`));
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      /The file name is too long: 256 bytes, and a file name can have at most 255\. Choose a shorter name\. \(--out\)/,
    );
    assert.equal(fake.requests.length, before, 'nothing was asked of Palenca');
    assert.deepEqual(await readdir(dir), [name255]);
  });
});
