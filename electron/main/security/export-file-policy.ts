// Which files the export's save dialog and "Open" may produce and open. "Open" hands the file
// to the OS, which runs it by its extension: a name typed as `users.cmd` must never become a
// program the app starts. So the saved file always ends in .csv, and only .csv files open.
// No electron import, so it is unit-tested under Node.
import { lstat } from 'node:fs/promises';
import { extname } from 'node:path';

const CSV = '.csv';

/** Whether the path's extension is .csv, in any letter case (`Users.CSV` is one). */
export const hasCsvExtension = (path: string): boolean => extname(path).toLowerCase() === CSV;

/** The path the export is saved to: the chosen one, with `.csv` added when it lacks it. */
export const withCsvExtension = (path: string): string =>
  hasCsvExtension(path) ? path : `${path}${CSV}`;

/** What the file on disk is, as `lstat` sees it (a link is not followed). */
export type FileKind = 'file' | 'link' | 'other' | 'missing';

export async function fileKindOf(path: string): Promise<FileKind> {
  try {
    const entry = await lstat(path);
    return entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'link' : 'other';
  } catch {
    return 'missing';
  }
}

/** Whether "Open" may hand this path to the OS: a plain .csv file and nothing else. */
export const mayOpenExport = (path: string, kind: FileKind): boolean =>
  kind === 'file' && hasCsvExtension(path);
