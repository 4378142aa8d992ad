// Reads a pasted or opened list of external IDs, the same way for the app and the CLI: a plain
// list (one ID a line) or a table (its first line holds a comma, semicolon or TAB outside
// quotes) whose IDs come from a column chosen by its header. Nothing is sent from here: the
// reading is what the person is told before anything is.
//
// Each ID is trimmed of the white space around it: lists come from spreadsheets, where a
// trailing space is an accident far more often than part of an ID. Characters inside an ID
// are kept exactly. (A single search of the users table sends an ID as typed; a list is not
// typed.) How many were trimmed is said, so it is never a surprise.
//
// A cell our own exports guarded against formulas (a `'` before what a spreadsheet would run,
// see export/csv-format.ts) loses that apostrophe: an exported file reconciles back.
import { type IdListReading, MAX_EXTERNAL_ID_LENGTH, MAX_RECONCILE_IDS } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { isFormulaLike } from '../export/csv-format.ts';
import { detectDelimiter, splitRecords, type TextRecord } from './table-text.ts';

/** Lines of too-long IDs named in the reading; the rest are only counted. */
export const TOO_LONG_SHOWN = 20;
/** IDs shown so the person sees the right column was picked. */
export const SAMPLE_SIZE = 5;

export interface IdList {
  reading: IdListReading;
  /** Distinct IDs to look up, in the list's order (past the limit too: the list is refused then). */
  ids: string[];
  /**
   * Distinct IDs longer than MAX_EXTERNAL_ID_LENGTH, in the list's order: never looked up,
   * kept for the results. At most MAX_RECONCILE_IDS (any further ones are only counted).
   */
  tooLongIds: string[];
}

/** A cell as its ID: without the apostrophe our export's formula guard put before it. */
export const unguardFormula = (cell: string): string =>
  cell.startsWith("'") && isFormulaLike(cell.slice(1)) ? cell.slice(1) : cell;

/** Header names taken for the ID column when none is chosen, written as `normalise` makes them. */
const ID_HEADERS = new Set([
  'external id',
  'externalid',
  'id externo',
  'customer id',
  'customerid',
  'external user id',
]);

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ');
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Reads `text` (a byte-order mark at its start is dropped). `column` picks a table's column by
 * its header (trimmed, any case); without it, a header named like `external_id` is taken, else
 * the first column. Fails only with `list_no_column`; an empty list or one over the limit is
 * a reading that says so (see `refusal`).
 */
export function readIdList(text: string, column?: string): Result<IdList> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const records = splitRecords(body, delimiter);
  const wanted = column?.trim() ? column : undefined;

  let columns: string[] | null = null;
  let index = 0;
  let rows: TextRecord[] = records;
  const header = records[0]?.fields.map((name) => name.trim());
  if (delimiter !== null && header) {
    columns = header;
    rows = records.slice(1);
    if (wanted !== undefined) {
      index = header.findIndex((name) => sameName(name, wanted));
      if (index < 0) {
        return fail('list_no_column', `The list has no column named "${wanted.trim()}".`, {
          field: 'column',
          detail: header.join(', '),
        });
      }
    } else {
      index = Math.max(
        0,
        header.findIndex((name) => ID_HEADERS.has(normalise(name))),
      );
    }
  } else if (header && header.length === 1) {
    // A one-column list may still start with its header (a spreadsheet column saved as text).
    const first = header[0] as string;
    const isHeader =
      wanted !== undefined ? sameName(first, wanted) : ID_HEADERS.has(normalise(first));
    if (isHeader) {
      columns = [first];
      rows = records.slice(1);
    } else if (wanted !== undefined) {
      return fail(
        'list_no_column',
        `The list has no header row, so no column named "${wanted.trim()}": it is read as one ID a line when no column is given.`,
        { field: 'column' },
      );
    }
  } else if (wanted !== undefined) {
    return fail(
      'list_no_column',
      `The list is empty, so it has no column named "${wanted.trim()}".`,
      {
        field: 'column',
      },
    );
  }

  const seen = new Set<string>();
  const ids: string[] = [];
  const tooLong: IdListReading['tooLong'] = [];
  const tooLongSeen = new Set<string>();
  const tooLongIds: string[] = [];
  let tooLongCount = 0;
  let duplicates = 0;
  let blanks = 0;
  let trimmed = 0;
  for (const record of rows) {
    const cell = unguardFormula(record.fields[index] ?? '');
    const id = cell.trim();
    if (id === '') {
      blanks++;
      continue;
    }
    if (id !== cell) trimmed++;
    if (id.length > MAX_EXTERNAL_ID_LENGTH) {
      tooLongCount++;
      if (tooLong.length < TOO_LONG_SHOWN) tooLong.push({ line: record.line, length: id.length });
      if (!tooLongSeen.has(id) && tooLongIds.length < MAX_RECONCILE_IDS) {
        tooLongSeen.add(id);
        tooLongIds.push(id);
      }
      continue;
    }
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    ids.push(id);
  }
  return ok({
    ids,
    tooLongIds,
    reading: {
      columns,
      column: columns === null ? null : (columns[index] ?? null),
      ids: ids.length,
      duplicates,
      blanks,
      tooLong,
      tooLongCount,
      trimmed,
      overLimit: Math.max(0, ids.length - MAX_RECONCILE_IDS),
      sample: ids.slice(0, SAMPLE_SIZE),
    },
  });
}

/** Why a list cannot be looked up (`list_empty`, `list_too_long`), or null when it can. */
export function refusal(reading: IdListReading): ReturnType<typeof fail> | null {
  if (reading.ids === 0) {
    return fail(
      'list_empty',
      reading.tooLongCount > 0
        ? `The list has no ID that can be looked up: every one is longer than ${MAX_EXTERNAL_ID_LENGTH} characters.`
        : 'The list has no IDs.',
    );
  }
  if (reading.overLimit > 0) {
    return fail(
      'list_too_long',
      `The list has ${reading.ids.toLocaleString('en-US')} different IDs; at most ${MAX_RECONCILE_IDS.toLocaleString('en-US')} are looked up at a time. Split it into shorter lists.`,
      { detail: `${reading.overLimit} over the limit` },
    );
  }
  return null;
}

/** Reads a list and refuses it when it cannot be looked up: what starting needs. */
export function readIdListToLookUp(text: string, column?: string): Result<IdList> {
  const list = readIdList(text, column);
  if (!list.ok) return list;
  return refusal(list.value.reading) ?? list;
}
