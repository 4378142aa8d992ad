// Issue 18, item 1: the Excel workbook an export writes, read back with the same library
// (ExcelJS) that wrote it: exact rows, text-typed IDs, the split at the sheet limit, the about
// sheet, the header, and the staged file's guarantees (0600, atomic rename, SHA-256, discard).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import type { ExportOptions, PalencaUser } from '#common/models.ts';
import { filingDayStart } from '../../electron/backend/export/connected-on.ts';
import type {
  ExportAbout,
  ExportColumns,
  ExportRow,
} from '../../electron/backend/export/row-sink.ts';
import {
  createXlsxSink,
  DATE_FORMAT,
  EXCEL_MAX_ROWS,
} from '../../electron/backend/export/xlsx-sink.ts';
import { TEMP_NAME } from '../../electron/backend/files/temp-files.ts';
import { writeFailed } from '../../electron/backend/files/write-failed.ts';
import { tempFolderUnderUsualUmask } from '../support/temp-folder.ts';

const POSIX = process.platform !== 'win32';
const mode = async (path: string) => (await stat(path)).mode & 0o777;
const PLAIN: ExportColumns = { withDay: false, withAccounts: false };
const ALL: ExportColumns = { withDay: true, withAccounts: true };

/** A UUID-like ID, distinct per `n`. */
const uuid = (n: number) =>
  `${n.toString(16).padStart(8, '0')}-4a6b-4c8d-9e0f-${n.toString(16).padStart(12, '0')}`;

const user = (n: number, externalId: string | null = `ext-${n}`): PalencaUser => ({
  user_id: uuid(n),
  external_id: externalId,
  widget_id: uuid(1_000_000 + n),
});

const plainRows = (count: number, from = 0): ExportRow[] =>
  Array.from({ length: count }, (_, i) => ({ user: user(from + i) }));

/** Values Excel, or a careless writer, would turn into something else. */
const TRICKY = [
  '123456789012345', // 15 digits: Excel shows 1.23457E+14 when it is a number
  '9912345678901234567', // beyond a double's precision
  '000123', // leading zeros
  '=1+1', // a formula, if it were one
  '+52 55 1234 5678', // a phone number Excel would take for a formula
  '-2+3',
  '@SUM(A1)',
  '1e5',
  '2025-06-30', // a date, if it were parsed
  'TRUE',
  '#N/A',
  ' padded ',
  'Año—ção ✓',
];

function about(rows: number, options: Partial<ExportOptions> = {}, externalId?: string) {
  return {
    environment: 'production',
    filter: { from: '2025-06-01', to: '2025-06-30', ...(externalId ? { externalId } : {}) },
    options: { withDay: false, withAccounts: false, sinceLast: false, ...options },
    format: 'xlsx',
    rows,
    startedAt: '2025-06-30T10:00:00.000Z',
    finishedAt: '2025-06-30T10:05:00.000Z',
    appVersion: '9.8.7',
  } satisfies ExportAbout;
}

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

/** Every row of a sheet as its cells' values, from row 1. */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from((row.values as unknown[]).slice(1)));
  });
  return rows;
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('xlsx sink', () => {
  const folder = tempFolderUnderUsualUmask('palenca-xlsx-');
  const temps = async () => (await readdir(folder.path)).filter((n) => TEMP_NAME.test(n));

  it('writes the users as text cells, exactly, under a bold frozen header', async () => {
    const target = join(folder.path, 'plain.xlsx');
    const rows: ExportRow[] = [
      ...TRICKY.map((value, i) => ({ user: user(i, value) })),
      { user: user(99, null) },
    ];
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    await sink.write(rows.slice(0, 5));
    await sink.write(rows.slice(5));
    await sink.commit(about(rows.length));

    const book = await readBook(target);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Users', 'About this export'],
    );
    const sheet = book.getWorksheet('Users') as ExcelJS.Worksheet;
    assert.deepEqual(rowsOf(sheet), [
      ['user_id', 'external_id', 'widget_id'],
      ...rows.map((r) =>
        r.user.external_id === null
          ? [r.user.user_id, undefined, r.user.widget_id]
          : [r.user.user_id, r.user.external_id, r.user.widget_id],
      ),
    ]);
    for (let n = 2; n <= rows.length + 1; n++) {
      const row = sheet.getRow(n);
      for (const col of [1, 3]) {
        assert.equal(row.getCell(col).type, ExcelJS.ValueType.String, `row ${n} col ${col}`);
      }
      const ext = row.getCell(2);
      if (n - 2 < TRICKY.length) {
        // Typed text: never a number, never a formula, and no apostrophe guard in it.
        assert.equal(ext.type, ExcelJS.ValueType.String, `row ${n}: ${ext.value}`);
        assert.equal(ext.formula, undefined);
        assert.equal(ext.value, TRICKY[n - 2]);
      } else {
        assert.equal(ext.type, ExcelJS.ValueType.Null, 'no external ID: an empty cell');
      }
    }
    assert.equal(sheet.getRow(1).getCell(1).font?.bold, true, 'the header is bold');
    assert.equal(sheet.getRow(2).getCell(1).font?.bold, undefined, 'the rows are not');
    const view = sheet.views[0] as { state?: string; ySplit?: number };
    assert.equal(view.state, 'frozen');
    assert.equal(view.ySplit, 1, 'the header row stays on screen');
    for (const key of [1, 3]) {
      assert.ok((sheet.getColumn(key).width ?? 0) >= 36, 'a UUID fits its column');
    }
  });

  it('types connected_on as a date (yyyy-mm-dd) and accounts as a number', async () => {
    const target = join(folder.path, 'all.xlsx');
    const rows: ExportRow[] = [
      {
        user: user(1, '000777'),
        day: '2025-06-30',
        accounts: {
          accounts: 3,
          platforms: 'imss, uber',
          status: 'connected, failed',
          lastSuccessfulConnection: '2025-06-29T08:15:00.000Z',
        },
      },
      {
        user: user(2),
        day: '2025-01-01',
        accounts: { accounts: 0, platforms: '', status: '', lastSuccessfulConnection: null },
      },
    ];
    const sink = createXlsxSink(target, ALL);
    await sink.begin();
    await sink.write(rows);
    await sink.commit(about(2, { withDay: true, withAccounts: true }));

    const sheet = (await readBook(target)).getWorksheet('Users') as ExcelJS.Worksheet;
    assert.deepEqual(rowsOf(sheet), [
      [
        'user_id',
        'external_id',
        'widget_id',
        'connected_on',
        'accounts',
        'platforms',
        'account_status',
        'last_successful_connection',
      ],
      [
        uuid(1),
        '000777',
        uuid(1_000_001),
        filingDayStart('2025-06-30'),
        3,
        'imss, uber',
        'connected, failed',
        '2025-06-29T08:15:00.000Z',
      ],
      [uuid(2), 'ext-2', uuid(1_000_002), filingDayStart('2025-01-01'), 0],
    ]);
    const day = sheet.getRow(2).getCell(4);
    assert.equal(day.type, ExcelJS.ValueType.Date);
    assert.equal(day.numFmt, DATE_FORMAT);
    assert.deepEqual(day.value, new Date('2025-06-30T00:00:00Z'));
    assert.equal(sheet.getRow(2).getCell(5).type, ExcelJS.ValueType.Number);
    for (const col of [1, 2, 3, 6, 7, 8]) {
      assert.equal(sheet.getRow(2).getCell(col).type, ExcelJS.ValueType.String, `col ${col}`);
    }
    assert.equal(sheet.getRow(1).getCell(8).font?.bold, true);
  });

  it('continues on "Users (2)", "Users (3)"… when a sheet is full, each with its header', async () => {
    const target = join(folder.path, 'split.xlsx');
    const rows = plainRows(9);
    const sink = createXlsxSink(target, PLAIN, { maxRowsPerSheet: 5 });
    await sink.begin();
    for (const page of [rows.slice(0, 3), rows.slice(3, 7), rows.slice(7)]) await sink.write(page);
    await sink.commit(about(9));

    const book = await readBook(target);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Users', 'Users (2)', 'Users (3)', 'About this export'],
    );
    const header = ['user_id', 'external_id', 'widget_id'];
    const cells = (r: ExportRow) => [r.user.user_id, r.user.external_id, r.user.widget_id];
    const sheets = book.worksheets.slice(0, 3);
    assert.deepEqual(
      sheets.map((s) => rowsOf(s)),
      [
        [header, ...rows.slice(0, 4).map(cells)],
        [header, ...rows.slice(4, 8).map(cells)],
        [header, ...rows.slice(8).map(cells)],
      ],
    );
    for (const sheet of sheets) {
      assert.equal(sheet.getRow(1).getCell(1).font?.bold, true, `${sheet.name}: bold header`);
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1, `${sheet.name}: frozen`);
    }
  });

  it('a sheet filled exactly adds no empty sheet; no rows is a header alone', async () => {
    const exact = join(folder.path, 'exact.xlsx');
    let sink = createXlsxSink(exact, PLAIN, { maxRowsPerSheet: 5 });
    await sink.begin();
    await sink.write(plainRows(8));
    await sink.commit(about(8));
    let book = await readBook(exact);
    assert.deepEqual(
      book.worksheets.map((s) => [s.name, s.actualRowCount]),
      [
        ['Users', 5],
        ['Users (2)', 5],
        ['About this export', 10],
      ],
    );

    const empty = join(folder.path, 'empty.xlsx');
    sink = createXlsxSink(empty, PLAIN);
    await sink.begin();
    await sink.commit(about(0));
    book = await readBook(empty);
    assert.deepEqual(rowsOf(book.getWorksheet('Users') as ExcelJS.Worksheet), [
      ['user_id', 'external_id', 'widget_id'],
    ]);
  });

  it("the limit is Excel's 1,048,576 rows, header included; a bad limit is refused", () => {
    assert.equal(EXCEL_MAX_ROWS, 1_048_576);
    for (const bad of [0, 1, 2.5, EXCEL_MAX_ROWS + 1]) {
      assert.throws(() =>
        createXlsxSink(join(folder.path, 'x.xlsx'), PLAIN, { maxRowsPerSheet: bad }),
      );
    }
  });

  it('"About this export" is the last sheet and holds the record, in English by default', async () => {
    const target = join(folder.path, 'about.xlsx');
    const sink = createXlsxSink(target, PLAIN, { maxRowsPerSheet: 3 });
    await sink.begin();
    await sink.write(plainRows(5));
    await sink.commit(about(5, {}, '123456789012345'));
    const book = await readBook(target);
    const last = book.worksheets.at(-1) as ExcelJS.Worksheet;
    assert.equal(last.name, 'About this export');
    assert.deepEqual(rowsOf(last), [
      ['Environment', en.environment_production],
      ['Window from', '2025-06-01'],
      ['Window to', '2025-06-30'],
      ['External ID filter', '123456789012345'],
      ['Format', 'Excel workbook (.xlsx)'],
      ['Options', 'None'],
      ['Rows', 5],
      ['Started', '2025-06-30 10:00:00 UTC'],
      ['Finished', '2025-06-30 10:05:00 UTC'],
      ['App version', '9.8.7'],
    ]);
    assert.equal(last.getRow(4).getCell(2).type, ExcelJS.ValueType.String);
    assert.equal(last.getRow(1).getCell(1).font?.bold, true);
  });

  it("the record's labels are in the person's language, with connected_on's time zone note", async () => {
    const target = join(folder.path, 'about-es.xlsx');
    const sink = createXlsxSink(target, { withDay: true, withAccounts: false }, { locale: 'es' });
    await sink.begin();
    await sink.write([{ user: user(1), day: '2025-06-30' }]);
    await sink.commit(about(1, { withDay: true, sinceLast: true }));
    const rows = rowsOf((await readBook(target)).getWorksheet('About this export') as never);
    assert.deepEqual(rows, [
      [es.xlsx_about_environment, es.environment_production],
      [es.xlsx_about_from, '2025-06-01'],
      [es.xlsx_about_to, '2025-06-30'],
      [es.xlsx_about_external_id, es.xlsx_about_no_filter],
      [es.xlsx_about_format, es.xlsx_format_xlsx],
      [es.xlsx_about_options, `${es.xlsx_option_with_day}; ${es.xlsx_option_since_last}`],
      [es.xlsx_about_rows, 1],
      [es.xlsx_about_started, '2025-06-30 10:00:00 UTC'],
      [es.xlsx_about_finished, '2025-06-30 10:05:00 UTC'],
      [es.xlsx_about_app_version, '9.8.7'],
      [es.xlsx_about_note, es.xlsx_about_connected_on_note],
    ]);
    assert.match(en.xlsx_about_connected_on_note, /^connected_on .*Palenca.*date filter.*UTC/);
    assert.match(en.xlsx_about_connected_on_note, /not confirmed/);
  });

  it('the SHA-256 is of the bytes on disk; a new file and its temporary file are 0600', {
    skip: !POSIX && 'POSIX modes',
  }, async () => {
    const target = join(folder.path, 'hashed.xlsx');
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    const [temp] = await temps();
    assert.ok(temp, 'the temporary file is beside the target');
    assert.equal(await mode(join(folder.path, temp)), 0o600);
    await sink.write(plainRows(500));
    const { sha256: told } = await sink.commit(about(500));
    assert.match(told, /^[0-9a-f]{64}$/);
    assert.equal(told, await sha256(target));
    assert.equal(await mode(target), 0o600);
    assert.deepEqual(await temps(), []);
  });

  it('a replaced file keeps its mode', { skip: !POSIX && 'POSIX modes' }, async () => {
    const target = join(folder.path, 'replaced.xlsx');
    await writeFile(target, 'previous');
    await chmod(target, 0o640);
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    await sink.write(plainRows(2));
    await sink.commit(about(2));
    assert.equal(await mode(target), 0o640);
    assert.equal(rowsOf((await readBook(target)).getWorksheet('Users') as never).length, 3);
  });

  it('starting over gives a new workbook: only the last pass is saved', async () => {
    const target = join(folder.path, 'restart.xlsx');
    const sink = createXlsxSink(target, PLAIN, { maxRowsPerSheet: 4 });
    await sink.begin();
    await sink.write(plainRows(10, 500));
    await sink.begin();
    assert.equal((await temps()).length, 1, "the first pass's temporary file is gone");
    await sink.write(plainRows(2));
    await sink.commit(about(2));
    const book = await readBook(target);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ['Users', 'About this export'],
    );
    assert.deepEqual(rowsOf(book.getWorksheet('Users') as ExcelJS.Worksheet).slice(1), [
      [uuid(0), 'ext-0', uuid(1_000_000)],
      [uuid(1), 'ext-1', uuid(1_000_001)],
    ]);
    assert.deepEqual(await temps(), []);
  });

  it('an ID a workbook cannot keep exactly (a control character) stops it, target untouched', async () => {
    const target = join(folder.path, 'control.xlsx');
    await writeFile(target, 'before');
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    await sink.write(plainRows(3));
    // XML 1.0 cannot hold most C0 controls, and ExcelJS drops them: saved, the ID would differ.
    const tooLong = 'x'.repeat(32_768);
    for (const bad of [
      'x\u0001y',
      'form\u000cfeed',
      'del\u007f',
      'no\uFFFE',
      'lone\uD800x',
      tooLong,
    ]) {
      await assert.rejects(sink.write([{ user: user(7, bad) }]), (error: unknown) => {
        const told = writeFailed(target, error).error;
        assert.equal(told.code, 'not_in_workbook');
        assert.match(told.message, /\.csv/);
        return true;
      });
    }
    await sink.discard();
    assert.equal(await readFile(target, 'utf8'), 'before');
    assert.deepEqual(await temps(), []);
    // Tab, line feed and carriage return (written as a character reference) are kept exactly.
    const kept = join(folder.path, 'kept.xlsx');
    const keptSink = createXlsxSink(kept, PLAIN);
    await keptSink.begin();
    await keptSink.write([{ user: user(1, 'tab\there\nline') }, { user: user(2, 'a\r\nb\rc') }]);
    await keptSink.commit(about(2));
    const sheet = (await readBook(kept)).getWorksheet('Users') as ExcelJS.Worksheet;
    assert.equal(sheet.getRow(2).getCell(2).value, 'tab\there\nline');
    assert.equal(sheet.getRow(3).getCell(2).value, 'a\r\nb\rc');
  });

  it('discard (a cancelled export) leaves the target exactly as it was', async () => {
    const target = join(folder.path, 'kept.xlsx');
    await writeFile(target, 'previous');
    const sink = createXlsxSink(target, PLAIN);
    await sink.discard(); // before begin: nothing to do, no throw
    await sink.begin();
    await sink.write(plainRows(300));
    await sink.discard();
    await sink.discard(); // twice: no throw
    assert.equal(await readFile(target, 'utf8'), 'previous');
    assert.deepEqual(await temps(), []);
    await assert.rejects(sink.write(plainRows(1)), /begin/);
  });

  it('discard releases a write still waiting for the zip to catch up', async () => {
    const target = join(folder.path, 'cancelled.xlsx');
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    // One large write: it waits for the zip once its rows are handed over.
    const writing = assert.rejects(sink.write(plainRows(20_000)), /discarded/);
    await sink.discard();
    await writing;
    assert.deepEqual(await temps(), []);
    await assert.rejects(readFile(target), { code: 'ENOENT' });
  });

  it('a link or folder put at the target meanwhile is refused; discard then cleans up', async () => {
    const theirs = join(folder.path, 'theirs.txt');
    await writeFile(theirs, 'not yours');
    for (const swap of ['link', 'folder'] as const) {
      const target = join(folder.path, `swapped-${swap}.xlsx`);
      const sink = createXlsxSink(target, PLAIN);
      await sink.begin();
      await sink.write(plainRows(3));
      if (swap === 'link') await symlink(theirs, target);
      else await mkdir(target);
      const error = await sink.commit(about(3)).then(
        () => null,
        (e: unknown) => e,
      );
      const told = writeFailed(target, error);
      assert.equal(told.error.code, 'bad_target', swap);
      await sink.discard();
      assert.deepEqual(await temps(), [], swap);
      if (swap === 'link') {
        assert.equal(await readlink(target), theirs);
        await unlink(target);
      } else {
        assert.deepEqual(await readdir(target), []);
        await rm(target, { recursive: true });
      }
    }
    assert.equal(await readFile(theirs, 'utf8'), 'not yours');
  });

  it('streams: the file grows while rows are written, not all at the end', async () => {
    const target = join(folder.path, 'streamed.xlsx');
    const sink = createXlsxSink(target, PLAIN);
    await sink.begin();
    const [temp] = await temps();
    const total = 30_000;
    for (let from = 0; from < total; from += 150) await sink.write(plainRows(150, from));
    const before = (await stat(join(folder.path, temp as string))).size;
    await sink.commit(about(total));
    const after = (await stat(target)).size;
    // What is left for the commit is the open sheet's last buffer and the small parts.
    assert.ok(before > after / 2, `${before} of ${after} bytes on disk before the commit`);
    const sheet = (await readBook(target)).getWorksheet('Users') as ExcelJS.Worksheet;
    assert.equal(sheet.actualRowCount, total + 1);
  });
});
