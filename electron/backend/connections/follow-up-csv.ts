// The follow-up list as a CSV file, with the users export's guarantees: written under a
// temporary name and renamed into place only when complete, formula-safe, the person's
// separator and byte-order mark.
import type { CsvOptions, FollowUp } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import { CRLF, encodeField, encodeRow, UTF8_BOM } from '../export/csv-format.ts';
import { StagedFile } from '../export/staged-file.ts';
import { writeFailed } from '../files/write-failed.ts';

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

export const encodeFollowUp = (item: FollowUp, delimiter: CsvOptions['delimiter']): string =>
  [
    item.loginId,
    item.accountId,
    item.platform,
    item.status,
    item.statusDetails,
    item.group,
    item.source,
    item.createdAt,
  ]
    .map((field) => encodeField(field, delimiter))
    .join(delimiter) + CRLF;

/**
 * Writes `items` to `target` (already checked with prepareExportTarget). Either the whole
 * file is there, or the target is as it was and no temporary file is left.
 */
export async function writeFollowUpsCsv(
  target: string,
  items: Iterable<FollowUp>,
  csv: CsvOptions,
  signal?: AbortSignal,
): Promise<Result<{ rows: number }>> {
  const file = new StagedFile(target);
  let rows = 0;
  try {
    await file.begin();
    await file.write((csv.bom ? UTF8_BOM : '') + encodeRow(FOLLOW_UP_COLUMNS, csv.delimiter));
    for (const item of items) {
      if (signal?.aborted) throw new Error('cancelled');
      await file.write(encodeFollowUp(item, csv.delimiter));
      rows++;
    }
    await file.commit();
    return ok({ rows });
  } catch (error) {
    await file.discard();
    if (signal?.aborted)
      return { ok: false, error: { code: 'cancelled', message: 'The export was cancelled.' } };
    return writeFailed(target, error);
  }
}
