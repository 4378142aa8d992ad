// Which files the export's save dialog and "Open" may produce and open. "Open" hands the file
// to the OS, which runs it by its extension: a name typed as `users.cmd` must never become a
// program the app starts. So the saved file always ends in the extension of one of the export
// formats (.csv or .xlsx), and only files with those extensions open: those two are the only
// types the app ever produces or opens. No electron import, so it is unit-tested under Node.
import { lstat } from 'node:fs/promises';
import { extname } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '#common/models.ts';

/** Each format's extension; the saved name's extension decides the format. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: '.csv',
  xlsx: '.xlsx',
};

/** The format the path's extension names, in any letter case (`Users.XLSX` is one); else null. */
export function exportFormatOf(path: string): ExportFormat | null {
  const extension = extname(path).toLowerCase();
  return EXPORT_FORMATS.find((format) => EXPORT_EXTENSIONS[format] === extension) ?? null;
}

/**
 * The path the export is saved to: the chosen one when its extension is one of `formats`
 * (kept as typed), else with the first format's extension added. So `users.cmd` becomes
 * `users.cmd.csv`, and `users.xlsx` in a dialog that offers CSV only becomes `users.xlsx.csv`.
 */
export function withExportExtension(path: string, formats: readonly ExportFormat[]): string {
  const format = exportFormatOf(path);
  if (format && formats.includes(format)) return path;
  return `${path}${EXPORT_EXTENSIONS[formats[0] ?? 'csv']}`;
}

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

/** Whether "Open" may hand this path to the OS: a plain .csv or .xlsx file and nothing else. */
export const mayOpenExport = (path: string, kind: FileKind): boolean =>
  kind === 'file' && exportFormatOf(path) !== null;
