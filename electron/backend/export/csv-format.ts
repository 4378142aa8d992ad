// RFC 4180 encoding of exported users, with OWASP's CSV-injection guard so a spreadsheet
// never runs a value as a formula.
import type { CsvDelimiter, CsvOptions, PalencaUser } from '#common/models.ts';

export const CSV_COLUMNS = ['user_id', 'external_id', 'widget_id'] as const;
export const CRLF = '\r\n';
export const UTF8_BOM = '\uFEFF';

/**
 * Values a spreadsheet may run as a formula (OWASP CSV injection): a first visible character
 * of `= + - @`, or their full-width forms `＝ ＋ － ＠` (which input methods and some spreadsheets turn
 * into the plain signs), even behind leading white space, which "trim spaces" on import
 * removes; and a TAB or CR at the very start. `\s` covers Unicode spaces (no-break, ideographic, …);
 * invisible format characters (zero-width space, bidi marks, …) are skipped too, since an
 * application may drop them just as well, and an extra apostrophe costs nothing.
 */
const FORMULA_START = /^[\t\r]|^[\s\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** Whether a spreadsheet may run `value` as a formula: what `guardFormula` guards. */
export const isFormulaLike = (value: string): boolean => FORMULA_START.test(value);

/** Prefixes an apostrophe to a value a spreadsheet would run as a formula. */
export const guardFormula = (value: string): string => (isFormulaLike(value) ? `'${value}` : value);

/** One field: guarded, then quoted when it holds the delimiter, a quote, CR or LF. */
export function encodeField(value: string | null | undefined, delimiter: CsvDelimiter): string {
  if (value === null || value === undefined || value === '') return '';
  const guarded = guardFormula(value);
  const needsQuotes =
    guarded.includes(delimiter) ||
    guarded.includes('"') ||
    guarded.includes('\r') ||
    guarded.includes('\n');
  return needsQuotes ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export const encodeRow = (
  fields: readonly (string | null | undefined)[],
  delimiter: CsvDelimiter,
): string => fields.map((field) => encodeField(field, delimiter)).join(delimiter) + CRLF;

/** What the file starts with: the optional byte-order mark (for Excel) and the header row. */
export const csvPreamble = (options: CsvOptions): string =>
  (options.bom ? UTF8_BOM : '') + encodeRow(CSV_COLUMNS, options.delimiter);

// Plain concatenation, no per-row arrays: an export of a million users encodes every row,
// and what it allocates per row is what the garbage collector has to keep up with.
export const encodeUserRow = (user: PalencaUser, delimiter: CsvDelimiter): string =>
  encodeField(user.user_id, delimiter) +
  delimiter +
  encodeField(user.external_id, delimiter) +
  delimiter +
  encodeField(user.widget_id, delimiter) +
  CRLF;

/** The rows of many users as one chunk, ready to append to the file. */
export const encodeUsers = (users: readonly PalencaUser[], delimiter: CsvDelimiter): string => {
  let out = '';
  for (const user of users) out += encodeUserRow(user, delimiter);
  return out;
};
