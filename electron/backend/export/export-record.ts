// The optional record next to an export (setting `exportRecordFile`, off by default):
// `<file>.record.json`, the history entry as JSON, so what was exported, when, by which
// version and with which SHA-256 travels with the file. Written atomically (0600, temp file
// and rename) once the export itself is in place.
import type { ExportHistoryEntry } from '#common/models.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

export const RECORD_SUFFIX = '.record.json';

export const recordPathFor = (exportPath: string): string => `${exportPath}${RECORD_SUFFIX}`;

/** The record's text: the entry, with the fields in the order of the history. */
export const recordText = (entry: ExportHistoryEntry): string =>
  `${JSON.stringify(entry, null, 2)}\n`;

/** Writes the record beside `entry.path`; throws what the disk says (the caller words it). */
export async function writeExportRecord(entry: ExportHistoryEntry): Promise<string> {
  const path = recordPathFor(entry.path);
  await writeFileAtomic(path, recordText(entry));
  return path;
}
