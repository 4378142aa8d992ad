// A reconcile's rows as CSV, the app's and the CLI's alike, with the users export's
// guarantees (csv-file-writer.ts): formula-safe fields, the chosen separator and byte-order
// mark, renamed into place only when complete.
import type { AccountStatusGroup } from '#common/account-status.ts';
import type { CsvOptions, ReconcileAccount, ReconcileRow } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import { type CsvFields, csvText, writeCsvFile } from '../export/csv-file-writer.ts';

export const RECONCILE_COLUMNS = ['external_id', 'found', 'user_ids', 'widget_id'] as const;
/** Only when statuses were asked for. */
export const ACCOUNTS_COLUMN = 'accounts';

/** A group as words in the file (its codes are ours; a spreadsheet reader needs words). */
export const GROUP_WORDS: Record<AccountStatusGroup, string> = {
  connected: 'connected',
  action: 'needs action',
  waiting: 'waiting',
  failed: 'failed',
  unknown: 'unknown',
};

/** What `found` says of an ID too long to look up. */
export const TOO_LONG_FOUND = 'too long (not looked up)';

/** `uber: connected; didi: needs action`: the first user's accounts, grouped. */
export const accountsText = (accounts: readonly ReconcileAccount[]): string =>
  accounts.map((a) => `${a.platform ?? 'unknown platform'}: ${GROUP_WORDS[a.group]}`).join('; ');

const foundText = (row: ReconcileRow): string =>
  row.tooLong ? TOO_LONG_FOUND : row.found ? 'yes' : 'no';

const headerFor = (withStatus: boolean): readonly string[] =>
  withStatus ? [...RECONCILE_COLUMNS, ACCOUNTS_COLUMN] : RECONCILE_COLUMNS;

function* fieldsOf(rows: Iterable<ReconcileRow>, withStatus: boolean): Iterable<CsvFields> {
  for (const row of rows) {
    const fields = [row.externalId, foundText(row), row.userIds.join(' '), row.widgetId];
    if (withStatus) fields.push(row.accounts ? accountsText(row.accounts) : '');
    yield fields;
  }
}

/** The whole file as text: what `writeReconcileCsv` writes. */
export const reconcileCsv = (
  rows: Iterable<ReconcileRow>,
  withStatus: boolean,
  options: CsvOptions,
): string => csvText(headerFor(withStatus), fieldsOf(rows, withStatus), options);

/** Writes the CSV to `target` (already checked with prepareExportTarget); the rows written. */
export async function writeReconcileCsv(
  target: string,
  rows: readonly ReconcileRow[],
  withStatus: boolean,
  options: CsvOptions,
): Promise<Result<number>> {
  const written = await writeCsvFile(
    target,
    headerFor(withStatus),
    fieldsOf(rows, withStatus),
    options,
  );
  return written.ok ? ok(written.value.rows) : written;
}
