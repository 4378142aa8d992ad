// A reconcile's rows as CSV, the app's and the CLI's alike: formula-safe fields, the chosen
// separator and byte-order mark, written beside the target and renamed into place only when
// complete (a file it replaces keeps its mode; nothing half-written is ever left).
import type { AccountStatusGroup } from '#common/account-status.ts';
import type { CsvOptions, ReconcileAccount, ReconcileRow } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import { encodeRow, UTF8_BOM } from '../export/csv-format.ts';
import { StagedFile } from '../export/staged-file.ts';
import { writeFailed } from '../files/write-failed.ts';

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

export function reconcileCsv(
  rows: Iterable<ReconcileRow>,
  withStatus: boolean,
  options: CsvOptions,
): string {
  const { delimiter } = options;
  const header = withStatus ? [...RECONCILE_COLUMNS, ACCOUNTS_COLUMN] : [...RECONCILE_COLUMNS];
  let out = (options.bom ? UTF8_BOM : '') + encodeRow(header, delimiter);
  for (const row of rows) {
    const fields = [row.externalId, foundText(row), row.userIds.join(' '), row.widgetId];
    if (withStatus) fields.push(row.accounts ? accountsText(row.accounts) : '');
    out += encodeRow(fields, delimiter);
  }
  return out;
}

/** Writes the CSV to `target` (already checked with prepareExportTarget); the rows written. */
export async function writeReconcileCsv(
  target: string,
  rows: readonly ReconcileRow[],
  withStatus: boolean,
  options: CsvOptions,
): Promise<Result<number>> {
  const file = new StagedFile(target);
  try {
    await file.begin();
    await file.write(reconcileCsv(rows, withStatus, options));
    await file.commit();
    return ok(rows.length);
  } catch (error) {
    await file.discard();
    return writeFailed(target, error);
  }
}
