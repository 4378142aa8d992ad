import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  fileKindOf,
  hasCsvExtension,
  mayOpenExport,
  withCsvExtension,
} from '../../electron/main/security/export-file-policy.ts';

describe('export file policy: the saved file', () => {
  test('a name that already ends in .csv, in any letter case, is kept as typed', () => {
    for (const path of ['/home/ana/users.csv', '/home/ana/Users.CSV', 'C:\\Exports\\mar.Csv']) {
      assert.equal(withCsvExtension(path), path);
    }
  });

  test('any other name gets .csv added, so it can never be a program', () => {
    assert.equal(withCsvExtension('/home/ana/users'), '/home/ana/users.csv');
    assert.equal(withCsvExtension('/home/ana/users.cmd'), '/home/ana/users.cmd.csv');
    assert.equal(withCsvExtension('/home/ana/users.csv.exe'), '/home/ana/users.csv.exe.csv');
    assert.equal(withCsvExtension('/home/ana/users.csvx'), '/home/ana/users.csvx.csv');
    assert.equal(withCsvExtension('/home/ana/users.'), '/home/ana/users..csv');
    assert.equal(withCsvExtension('/home/ana/.csv'), '/home/ana/.csv.csv');
    for (const path of ['/a/users.cmd', '/a/x', '/a/x.csv ']) {
      assert.equal(hasCsvExtension(withCsvExtension(path)), true, path);
    }
  });
});

describe('export file policy: "Open"', () => {
  test('opens a plain .csv file, in any letter case', () => {
    assert.equal(mayOpenExport('/home/ana/users.csv', 'file'), true);
    assert.equal(mayOpenExport('/home/ana/USERS.CSV', 'file'), true);
  });

  test('refuses every other extension, even when it is a plain file', () => {
    for (const path of [
      '/home/ana/users.cmd',
      '/home/ana/users.exe',
      '/home/ana/users.csv.exe',
      '/home/ana/users.csv.lnk',
      '/home/ana/users',
      '/home/ana/.csv',
      '/home/ana/users.csv ',
    ]) {
      assert.equal(mayOpenExport(path, 'file'), false, path);
    }
  });

  test('refuses a .csv name that is not a plain file: a folder, a link, nothing', () => {
    for (const kind of ['link', 'other', 'missing'] as const) {
      assert.equal(mayOpenExport('/home/ana/users.csv', kind), false, kind);
    }
  });

  test('real entries: only the plain .csv file opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palenca-open-policy-'));
    await writeFile(join(dir, 'users.csv'), 'id\n');
    await mkdir(join(dir, 'folder.csv'));
    await symlink(join(dir, 'users.csv'), join(dir, 'link.csv'));
    const opens = async (name: string) =>
      mayOpenExport(join(dir, name), await fileKindOf(join(dir, name)));
    assert.equal(await opens('users.csv'), true);
    assert.equal(await opens('folder.csv'), false);
    assert.equal(await opens('link.csv'), false);
    assert.equal(await opens('gone.csv'), false);
  });
});
