// The follow-up list as a CSV file, with the users export's guarantees (csv-file-writer.ts).
import type { CsvOptions, FollowUp } from '#common/models.ts';
import type { Result } from '#common/result.ts';
import { type CsvFields, writeCsvFile } from '../export/csv-file-writer.ts';

/** English and stable: scripts read these names. */
export const FOLLOW_UP_COLUMNS = [
  'login_id',
  'account_id',
  'platform',
  'status',
  'status_details',
  'group',
  'source',
  'created_at',
] as const;

/** One attempt's fields, in FOLLOW_UP_COLUMNS' order. */
export const followUpFields = (item: FollowUp): CsvFields => [
  item.loginId,
  item.accountId,
  item.platform,
  item.status,
  item.statusDetails,
  item.group,
  item.source,
  item.createdAt,
];

function* fieldsOf(items: Iterable<FollowUp>): Iterable<CsvFields> {
  for (const item of items) yield followUpFields(item);
}

/**
 * Writes `items` to `target` (already checked with prepareExportTarget). Either the whole
 * file is there, or the target is as it was and no temporary file is left.
 */
export const writeFollowUpsCsv = (
  target: string,
  items: Iterable<FollowUp>,
  csv: CsvOptions,
  signal?: AbortSignal,
): Promise<Result<{ rows: number }>> =>
  writeCsvFile(target, FOLLOW_UP_COLUMNS, fieldsOf(items), csv, signal);
