import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ExportFormat } from '#common/models.ts';
import {
  exportFormatOf,
  fileKindOf,
  mayOpenExport,
  withExportExtension,
} from '../../electron/main/security/export-file-policy.ts';

describe('export file policy: the saved file', () => {
  test('the extension names the format, in any letter case; anything else names none', () => {
    assert.equal(exportFormatOf('/home/ana/users.csv'), 'csv');
    assert.equal(exportFormatOf('C:\\Exports\\mar.Csv'), 'csv');
    assert.equal(exportFormatOf('/home/ana/users.xlsx'), 'xlsx');
    assert.equal(exportFormatOf('/home/ana/Users.XLSX'), 'xlsx');
    for (const path of [
      '/home/ana/users',
      '/home/ana/users.xls',
      '/home/ana/users.xlsm',
      '/home/ana/users.xlsx.exe',
      '/home/ana/users.csv ',
      '/home/ana/.xlsx',
      '/home/ana/users.',
    ]) {
      assert.equal(exportFormatOf(path), null, path);
    }
  });

  test('a name that already ends in an offered extension, in any letter case, is kept as typed', () => {
    for (const path of ['/home/ana/users.csv', '/home/ana/Users.CSV', 'C:\\Exports\\mar.Csv']) {
      assert.equal(withExportExtension(path, ['csv']), path);
      assert.equal(withExportExtension(path, ['xlsx', 'csv']), path);
    }
    for (const path of ['/home/ana/users.xlsx', '/home/ana/Users.XLSX']) {
      assert.equal(withExportExtension(path, ['csv', 'xlsx']), path);
      assert.equal(withExportExtension(path, ['xlsx']), path);
    }
  });

  test("any other name gets the first offered format's extension, so it can never be a program", () => {
    assert.equal(withExportExtension('/home/ana/users', ['csv']), '/home/ana/users.csv');
    assert.equal(withExportExtension('/home/ana/users', ['xlsx', 'csv']), '/home/ana/users.xlsx');
    assert.equal(withExportExtension('/home/ana/users.cmd', ['csv']), '/home/ana/users.cmd.csv');
    assert.equal(
      withExportExtension('/home/ana/users.cmd', ['xlsx', 'csv']),
      '/home/ana/users.cmd.xlsx',
    );
    assert.equal(
      withExportExtension('/home/ana/users.csv.exe', ['csv']),
      '/home/ana/users.csv.exe.csv',
    );
    assert.equal(withExportExtension('/home/ana/users.csvx', ['csv']), '/home/ana/users.csvx.csv');
    assert.equal(withExportExtension('/home/ana/users.xls', ['xlsx']), '/home/ana/users.xls.xlsx');
    assert.equal(withExportExtension('/home/ana/users.', ['csv']), '/home/ana/users..csv');
    assert.equal(withExportExtension('/home/ana/.csv', ['csv']), '/home/ana/.csv.csv');
    // A format the dialog did not offer is not kept: the follow-up lists are CSV only.
    assert.equal(withExportExtension('/home/ana/users.xlsx', ['csv']), '/home/ana/users.xlsx.csv');
    const offers: ExportFormat[][] = [['csv'], ['xlsx'], ['csv', 'xlsx'], ['xlsx', 'csv']];
    for (const formats of offers) {
      for (const path of ['/a/users.cmd', '/a/x', '/a/x.csv ', '/a/x.xlsx.lnk', '/a/x.xlsx']) {
        const saved = withExportExtension(path, formats);
        const format = exportFormatOf(saved);
        assert.ok(format !== null && formats.includes(format), `${path} → ${saved}`);
      }
    }
  });
});

describe('export file policy: "Open"', () => {
  test('opens a plain .csv or .xlsx file, in any letter case', () => {
    assert.equal(mayOpenExport('/home/ana/users.csv', 'file'), true);
    assert.equal(mayOpenExport('/home/ana/USERS.CSV', 'file'), true);
    assert.equal(mayOpenExport('/home/ana/users.xlsx', 'file'), true);
    assert.equal(mayOpenExport('/home/ana/Users.XLSX', 'file'), true);
  });

  test('refuses every other extension, even when it is a plain file', () => {
    for (const path of [
      '/home/ana/users.cmd',
      '/home/ana/users.exe',
      '/home/ana/users.csv.exe',
      '/home/ana/users.csv.lnk',
      '/home/ana/users.xlsx.exe',
      '/home/ana/users.xlsm',
      '/home/ana/users.xls',
      '/home/ana/users',
      '/home/ana/.csv',
      '/home/ana/users.csv ',
    ]) {
      assert.equal(mayOpenExport(path, 'file'), false, path);
    }
  });

  test('refuses a .csv or .xlsx name that is not a plain file: a folder, a link, nothing', () => {
    for (const kind of ['link', 'other', 'missing'] as const) {
      assert.equal(mayOpenExport('/home/ana/users.csv', kind), false, kind);
      assert.equal(mayOpenExport('/home/ana/users.xlsx', kind), false, kind);
    }
  });

  test('real entries: only the plain .csv and .xlsx files open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palenca-open-policy-'));
    await writeFile(join(dir, 'users.csv'), 'id\n');
    await writeFile(join(dir, 'users.xlsx'), 'PK');
    await writeFile(join(dir, 'users.xlsx.cmd'), 'echo');
    await symlink(join(dir, 'users.xlsx'), join(dir, 'link.xlsx'));
    await mkdir(join(dir, 'folder.csv'));
    await symlink(join(dir, 'users.csv'), join(dir, 'link.csv'));
    const opens = async (name: string) =>
      mayOpenExport(join(dir, name), await fileKindOf(join(dir, name)));
    assert.equal(await opens('users.csv'), true);
    assert.equal(await opens('users.xlsx'), true);
    assert.equal(await opens('users.xlsx.cmd'), false);
    assert.equal(await opens('link.xlsx'), false);
    assert.equal(await opens('folder.csv'), false);
    assert.equal(await opens('link.csv'), false);
    assert.equal(await opens('gone.csv'), false);
  });
});
