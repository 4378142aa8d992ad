// The workbook sink: an Excel workbook (.xlsx) streamed by ExcelJS's WorkbookWriter into a
// temporary file beside the target and renamed over it only when complete, like the CSV's
// StagedFile. Minded of the writer's known memory issues: no shared strings (they would keep
// every distinct text in memory), one worksheet streamed at a time (each committed before the
// next is added, so rows never pile up in a sheet waiting its turn in the zip), the about sheet
// last, and every write waits while the zip is behind (ExcelJS itself does not).
//
// Every ID and text is a text cell: never a number (a 15-digit external ID stays exact, "000123"
// keeps its zeros) and never a formula ("=1+1" is the text "=1+1"). Typed cells need no
// apostrophe guard: that is the CSV's defence (csv-format.ts), for a format without types.
import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { Locale } from '#common/models.ts';
import { fail } from '#common/result.ts';
import { readyToReplace } from '../files/replace-target.ts';
import { tempPathFor } from '../files/temp-files.ts';
import { TargetRefused } from '../files/write-failed.ts';
import { filingDayStart } from './connected-on.ts';
import {
  columnsFor,
  DAY_COLUMN,
  type ExportAbout,
  type ExportColumns,
  type ExportRow,
  type RowSink,
} from './row-sink.ts';
import { ABOUT_SHEET, aboutRows } from './xlsx-about.ts';
import { HashedFileStream } from './xlsx-file-stream.ts';

/**
 * ExcelJS, loaded with the first workbook: it and its dependencies take about 27 MB, which the
 * app's start and every CSV export need not carry.
 */
let excel: Promise<typeof ExcelJS> | null = null;
const loadExcel = (): Promise<typeof ExcelJS> => {
  excel ??= import('exceljs').then((m) => {
    keepCarriageReturns();
    return m.default;
  });
  return excel;
};

/** ExcelJS's XML text encoder (lib/utils/utils.js): every cell's text goes through it. */
interface ExcelUtils {
  xmlEncode(text: string): string;
}

/**
 * An XML reader turns a carriage return written as it is into a line feed, so ExcelJS's
 * writer would save "a\r\nb" as "a\nb". Written as the character reference `&#13;`, it reads
 * back as itself, in Excel as in ExcelJS. ExcelJS looks its encoder up at each call, so
 * wrapping it once is enough.
 */
function keepCarriageReturns(): void {
  const utils = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as ExcelUtils;
  const encode = utils.xmlEncode;
  if ((encode as { keepsCR?: true }).keepsCR) return;
  const keeping = (text: string): string => {
    const encoded = encode(text);
    return encoded.includes('\r') ? encoded.replaceAll('\r', '&#13;') : encoded;
  };
  utils.xmlEncode = Object.assign(keeping, { keepsCR: true as const });
}

/** Excel's most rows in one sheet, the header included. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const USERS_SHEET = 'Users';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** "Users", "Users (2)", "Users (3)"… */
export const usersSheetName = (n: number): string =>
  n === 1 ? USERS_SHEET : `${USERS_SHEET} (${n})`;

// Wide enough for what each column holds: a 36-character UUID, an ISO timestamp, a date.
const WIDTHS: Record<string, number> = {
  user_id: 38,
  external_id: 24,
  widget_id: 38,
  [DAY_COLUMN]: 14,
  accounts: 10,
  platforms: 24,
  account_status: 24,
  last_successful_connection: 28,
};

export interface XlsxSinkOptions {
  /** The about sheet's labels; English (the CLI's) when absent. */
  locale?: Locale;
  /** Rows a sheet holds, its header included: EXCEL_MAX_ROWS unless a test sets fewer. */
  maxRowsPerSheet?: number;
}

type Sheet = ExcelJS.Worksheet;
// Characters a workbook cannot hold as they are: XML 1.0 forbids most C0 controls (even
// written as references) and U+FFFE/U+FFFF, ExcelJS drops controls and DEL, and a lone
// surrogate becomes U+FFFD. Tab, line feed and (see keepCarriageReturns) carriage return are kept.
const NOT_KEPT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Excel's most characters in one cell: a longer value would be cut when the file opens. */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/**
 * The value itself, or the export stops: a workbook never holds a value altered. `what` names
 * it for the person ("the external ID of user …").
 */
function keepable(value: string | null, what: () => string): string | null {
  if (value === null) return value;
  const bad = NOT_KEPT.exec(value)?.[0];
  if (bad === undefined && value.length <= EXCEL_MAX_CELL_CHARS) return value;
  const why =
    bad === undefined
      ? `is ${value.length.toLocaleString('en-US')} characters long, more than the ${EXCEL_MAX_CELL_CHARS.toLocaleString('en-US')} an Excel cell holds`
      : `holds a character (U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) that an Excel workbook cannot keep exactly`;
  throw new TargetRefused(
    fail(
      'not_in_workbook',
      `${what()} ${why}, so the workbook was not saved. Export to a .csv file instead: it keeps every value exactly.`,
      { detail: why },
    ).error,
  );
}

const ofUser = (field: string, row: ExportRow) => () =>
  `The ${field} of user ${JSON.stringify(row.user.user_id)}`;

/** ExcelJS's streaming writer, with the zip it pipes into the stream (not in its types). */
type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter & { zip: Archiver };
interface Archiver extends NodeJS.EventEmitter {
  unpipe(destination: NodeJS.WritableStream): void;
  abort(): void;
}

/** What a pass writes to: its own temporary file, workbook and open sheet. */
interface Pass {
  tempPath: string;
  handle: FileHandle;
  out: HashedFileStream;
  book: WorkbookWriter;
  sheet: Sheet;
  sheets: number;
  rowsInSheet: number;
  /** The first error of the zip writer or the file, once there is one. */
  error: Error | null;
  /** Rejects with that error: raced against every wait, so a failure never hangs one. */
  failed: Promise<never>;
  /** Records the pass's first error and rejects `failed` with it. */
  fail: (error: Error) => void;
}

/**
 * The stream the zip reads the open sheet's XML from, when it has more than it wants. ExcelJS
 * writes a sheet's XML into it without heeding its answer (lib/utils/stream-buf.js `_pipe`),
 * so this sink waits for it to drain instead. Found through ExcelJS's internals, hence the
 * care: not found, nothing waits.
 */
function backloggedEntry(sheet: Sheet): NodeJS.EventEmitter | null {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entry = pipes?.[0] as
    | (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } })
    | undefined;
  return entry?._writableState?.needDrain === true ? entry : null;
}

export function createXlsxSink(
  target: string,
  columns: ExportColumns,
  options: XlsxSinkOptions = {},
): RowSink {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 2 || maxRows > EXCEL_MAX_ROWS) {
    throw new RangeError(`maxRowsPerSheet must be 2 to ${EXCEL_MAX_ROWS}`);
  }
  const names = columnsFor(columns);
  const dayAt = names.indexOf(DAY_COLUMN);
  let pass: Pass | null = null;

  /** Sheet `n` of the users, its bold header row written and frozen. */
  const addSheet = (book: WorkbookWriter, n: number): Sheet => {
    const sheet = book.addWorksheet(usersSheetName(n), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = names.map((name) => ({
      key: name,
      width: WIDTHS[name] ?? 20,
      ...(name === DAY_COLUMN ? { style: { numFmt: DATE_FORMAT } } : {}),
    }));
    const header = sheet.addRow(names);
    header.font = { bold: true };
    header.commit();
    return sheet;
  };

  /** Waits until the zip has caught up with the open sheet, or fails with the pass. */
  const drained = async (p: Pass): Promise<void> => {
    for (;;) {
      if (p.error) throw p.error;
      const entry = backloggedEntry(p.sheet);
      if (!entry) return;
      await Promise.race([once(entry, 'drain'), p.failed]);
    }
  };

  const cells = (row: ExportRow): (string | number | Date | null)[] => {
    const values: (string | number | Date | null)[] = [
      keepable(row.user.user_id, () => 'A user ID'),
      keepable(row.user.external_id, ofUser('external ID', row)),
      keepable(row.user.widget_id, ofUser('widget ID', row)),
    ];
    if (dayAt >= 0) values.push(row.day ? filingDayStart(row.day) : null);
    if (columns.withAccounts) {
      const a = row.accounts;
      values.push(
        a ? a.accounts : null,
        keepable(a?.platforms || null, ofUser('platforms', row)),
        a?.status || null,
        keepable(a?.lastSuccessfulConnection ?? null, ofUser('last successful connection', row)),
      );
    }
    return values;
  };

  /** Stops a pass's writing and removes its temporary file; never throws. */
  const abandon = async (p: Pass): Promise<void> => {
    // A write still waiting for the zip is released: this pass takes no more rows.
    p.fail(new Error('The workbook was discarded.'));
    try {
      p.book.zip.unpipe(p.out);
      p.book.zip.abort();
    } catch {
      // Already finished or failed: nothing left to stop.
    }
    await p.out.stop();
    p.out.destroy();
    await p.handle.close().catch(() => {});
    await rm(p.tempPath, { force: true }).catch(() => {});
  };

  const current = (): Pass => {
    if (!pass) throw new Error('The workbook was not begun (begin() first).');
    if (pass.error) throw pass.error;
    return pass;
  };

  return {
    target,

    async begin() {
      // A pass that starts over gets a new workbook in a new temporary file.
      if (pass) {
        const old = pass;
        pass = null;
        await abandon(old);
      }
      const { stream } = await loadExcel();
      const tempPath = tempPathFor(target);
      // `wx`: a new file of our own, never an entry someone put at that name. 0600: personal
      // data is never readable by other users meanwhile (the umask can only narrow it).
      const handle = await open(tempPath, 'wx', 0o600);
      const out = new HashedFileStream(handle);
      const book = new stream.xlsx.WorkbookWriter({
        stream: out,
        useSharedStrings: false,
        useStyles: true,
      }) as WorkbookWriter;
      book.creator = 'Palenca Users';
      let reject: (error: Error) => void = () => {};
      const failed = new Promise<never>((_, no) => {
        reject = no;
      });
      failed.catch(() => {}); // Read where it is raced; never an unhandled rejection.
      const p: Pass = {
        tempPath,
        handle,
        out,
        book,
        sheet: addSheet(book, 1),
        sheets: 1,
        rowsInSheet: 1,
        error: null,
        failed,
        fail: (error) => {
          if (p.error) return;
          p.error = error;
          reject(error);
        },
      };
      book.zip.on('error', p.fail);
      out.on('error', p.fail);
      pass = p;
    },

    async write(rows) {
      const p = current();
      for (const row of rows) {
        if (p.rowsInSheet >= maxRows) {
          // A full sheet is finished before the next is added: one sheet streams at a time.
          p.sheet.commit();
          p.sheets += 1;
          p.sheet = addSheet(p.book, p.sheets);
          p.rowsInSheet = 1;
        }
        p.sheet.addRow(cells(row)).commit();
        p.rowsInSheet += 1;
      }
      await drained(p);
    },

    async commit(about: ExportAbout) {
      const p = current();
      p.sheet.commit();
      // Last, after every users sheet is committed: the record of the export.
      const sheet = p.book.addWorksheet(ABOUT_SHEET);
      sheet.columns = [
        { key: 'label', width: 28 },
        { key: 'value', width: 60 },
      ];
      for (const [label, value] of aboutRows(about, options.locale)) {
        const kept =
          typeof value === 'string' ? keepable(value, () => `The export's ${label}`) : value;
        const row = sheet.addRow([label, kept]);
        row.getCell(1).font = { bold: true };
        row.commit();
      }
      sheet.commit();
      // Resolves once the zip is finished and every byte is in the file ('finish').
      await Promise.race([p.book.commit(), p.failed]);
      if (p.error) throw p.error;
      await readyToReplace(p.handle, target);
      await p.handle.close();
      await rename(p.tempPath, target);
      pass = null;
      return { sha256: p.out.digest() };
    },

    async discard() {
      const p = pass;
      pass = null;
      if (p) await abandon(p);
    },
  };
}
