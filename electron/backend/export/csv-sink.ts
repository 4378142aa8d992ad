// The CSV sink: RFC 4180 rows with the formula guard (csv-format.ts) into a staged file.
import type { CsvOptions } from '#common/models.ts';
import { encodeRow, encodeUsers, UTF8_BOM } from './csv-format.ts';
import { columnsFor, type ExportColumns, type RowSink, rowValues } from './row-sink.ts';
import { StagedFile } from './staged-file.ts';

export function createCsvSink(target: string, columns: ExportColumns, csv: CsvOptions): RowSink {
  const file = new StagedFile(target);
  const plain = !columns.withDay && !columns.withAccounts;
  return {
    target,
    async begin() {
      await file.begin();
      await file.write((csv.bom ? UTF8_BOM : '') + encodeRow(columnsFor(columns), csv.delimiter));
    },
    async write(rows) {
      if (plain) {
        // The common case keeps its allocation-light encoder (export-bench.ts measures it).
        await file.write(
          encodeUsers(
            rows.map((r) => r.user),
            csv.delimiter,
          ),
        );
        return;
      }
      let out = '';
      for (const row of rows) out += encodeRow(rowValues(row, columns), csv.delimiter);
      await file.write(out);
    },
    async commit() {
      return { sha256: await file.commit() };
    },
    discard: () => file.discard(),
  };
}
