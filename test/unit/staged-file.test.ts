// Issue 15, items 1 and 3: the temporary file an export writes, and the rename that ends it.
import assert from 'node:assert/strict';
import {
  chmod,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { StagedFile } from '../../electron/backend/export/staged-file.ts';
import { TEMP_NAME } from '../../electron/backend/files/temp-files.ts';
import { writeFailed } from '../../electron/backend/files/write-failed.ts';
import { tempFolderUnderUsualUmask } from '../support/temp-folder.ts';

const POSIX = process.platform !== 'win32';
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('staged file', () => {
  const folder = tempFolderUnderUsualUmask('palenca-staged-');

  it('its temporary name is short, fixed and carries this process id, whatever the target', () => {
    const file = new StagedFile(join(folder.path, `${'x'.repeat(251)}.csv`));
    const name = basename(file.tempPath);
    assert.match(name, TEMP_NAME);
    assert.ok(name.startsWith(`.palenca-${process.pid}-`), name);
    assert.ok(name.length <= 40, name);
  });

  it('a new file and its temporary file are the owner’s only (600)', {
    skip: !POSIX && 'POSIX modes',
  }, async () => {
    const target = join(folder.path, 'new.csv');
    const file = new StagedFile(target);
    await file.begin();
    assert.equal(await mode(file.tempPath), 0o600);
    await file.write('a,b\r\n');
    await file.commit();
    assert.equal(await mode(target), 0o600);
    assert.equal(await readFile(target, 'utf8'), 'a,b\r\n');
  });

  it('a replaced file keeps its mode: 640 stays 640, 600 stays 600, 644 stays 644', {
    skip: !POSIX && 'POSIX modes',
  }, async () => {
    for (const before of [0o640, 0o600, 0o644]) {
      const target = join(folder.path, `old-${before.toString(8)}.csv`);
      await writeFile(target, 'previous\r\n');
      await chmod(target, before);
      const file = new StagedFile(target);
      await file.begin();
      await file.write('fresh\r\n');
      await file.commit();
      assert.equal(await readFile(target, 'utf8'), 'fresh\r\n');
      assert.equal(await mode(target), before, before.toString(8));
    }
  });

  it('starting over empties the file, so only the last pass is saved', async () => {
    const target = join(folder.path, 'restart.csv');
    const file = new StagedFile(target);
    await file.begin();
    await file.write('x'.repeat(200_000));
    await file.begin();
    await file.write('short\r\n');
    await file.commit();
    assert.equal(await readFile(target, 'utf8'), 'short\r\n');
  });

  it('a link put at the target while it was written is refused at the end, not followed', async () => {
    const target = join(folder.path, 'swapped.csv');
    const theirs = join(folder.path, 'theirs.csv');
    await writeFile(theirs, 'not yours\n');
    const file = new StagedFile(target);
    await file.begin();
    await file.write('data\r\n');
    await symlink(theirs, target);
    const error = await file.commit().then(
      () => null,
      (e: unknown) => e,
    );
    const told = writeFailed(target, error);
    assert.equal(told.error.code, 'bad_target');
    assert.match(told.error.message, /is a symbolic link/);
    await file.discard();
    assert.equal(await readlink(target), theirs);
    assert.equal(await readFile(theirs, 'utf8'), 'not yours\n');
    assert.deepEqual(
      (await readdir(folder.path)).filter((n) => TEMP_NAME.test(n)),
      [],
    );
    await unlink(target);
  });

  it('discard removes only its own temporary file', async () => {
    const target = join(folder.path, 'kept.csv');
    await writeFile(target, 'previous\r\n');
    const file = new StagedFile(target);
    await file.begin();
    await file.write('half');
    await file.discard();
    assert.equal(await readFile(target, 'utf8'), 'previous\r\n');
    assert.deepEqual(
      (await readdir(folder.path)).filter((n) => TEMP_NAME.test(n)),
      [],
    );
  });
});
