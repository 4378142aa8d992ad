// Rows of fields as a CSV file, with the users export's guarantees: formula-safe fields
// (csv-format.ts), the person's separator and byte-order mark, written beside the target and
// renamed into place only when complete (staged-file.ts). Either the whole file is there, or
// the target is as it was and no temporary file is left.
import type { CsvOptions } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { writeFailed } from '../files/write-failed.ts';
import { encodeRow, UTF8_BOM } from './csv-format.ts';
import { StagedFile } from './staged-file.ts';

/** One row's values, in the header's order; null and undefined are empty fields. */
export type CsvFields = readonly (string | null | undefined)[];

/** What the file starts with: the optional byte-order mark (for Excel) and the header row. */
const preamble = (header: readonly string[], csv: CsvOptions): string =>
  (csv.bom ? UTF8_BOM : '') + encodeRow(header, csv.delimiter);

/** The whole file as text, byte for byte what `writeCsvFile` writes (small lists, tests). */
export function csvText(
  header: readonly string[],
  rows: Iterable<CsvFields>,
  csv: CsvOptions,
): string {
  let out = preamble(header, csv);
  for (const fields of rows) out += encodeRow(fields, csv.delimiter);
  return out;
}

/**
 * Writes `header` and `rows` to `target` (already checked with prepareExportTarget). Rows are
 * encoded one at a time (the staged file gathers them into chunks), so a long list is never
 * one string in memory. `signal` stops it between rows: `cancelled`, nothing replaced.
 */
export async function writeCsvFile(
  target: string,
  header: readonly string[],
  rows: Iterable<CsvFields>,
  csv: CsvOptions,
  signal?: AbortSignal,
): Promise<Result<{ rows: number }>> {
  const file = new StagedFile(target);
  let written = 0;
  try {
    await file.begin();
    await file.write(preamble(header, csv));
    for (const fields of rows) {
      if (signal?.aborted) throw new Error('cancelled');
      await file.write(encodeRow(fields, csv.delimiter));
      written++;
    }
    await file.commit();
    return ok({ rows: written });
  } catch (error) {
    await file.discard();
    if (signal?.aborted) return fail('cancelled', 'The export was cancelled.');
    return writeFailed(target, error);
  }
}
