// What an export may be saved to, checked before anything is asked of Palenca: a regular file
// (replaced when the export is complete) or a new name in an existing folder. Anything else is
// refused with words naming what it is. A symbolic link is refused too, not followed: writing
// through a link is an old trick in shared folders (a link planted at the name points at a
// file of the victim's), so the person is asked to choose the file itself.
import type { Stats } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import { removeLeftovers } from './temp-files.ts';
import { writeFailed } from './write-failed.ts';

/** The longest file name the usual file systems take: bytes of UTF-8, or UTF-16 units on Windows. */
export const MAX_NAME_LENGTH = 255;

export const nameLength = (name: string, platform: NodeJS.Platform = process.platform): number =>
  platform === 'win32' ? name.length : Buffer.byteLength(name, 'utf8');

/** What is wrong with an existing entry as an export target; null for a regular file. */
export function entryProblem(
  entry: Stats,
): 'link' | 'folder' | 'fifo' | 'socket' | 'device' | null {
  if (entry.isFile()) return null;
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isDirectory()) return 'folder';
  if (entry.isFIFO()) return 'fifo';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

// `detail` holds the short technical name (the app shows it under "Details").
const refuse = (message: string, detail: string): { ok: false; error: AppError } =>
  fail('bad_target', message, { detail });

const ONLY_FILES = 'A file is only saved over a regular file: choose another name.';

/** The error for an existing entry that is not a regular file. */
export async function refusalFor(
  path: string,
  problem: NonNullable<ReturnType<typeof entryProblem>>,
): Promise<{ ok: false; error: AppError }> {
  switch (problem) {
    case 'link': {
      const to = await readlink(path).catch(() => null);
      return refuse(
        `"${path}" is a symbolic link${to === null ? '' : ` to "${to}"`}. A file is never saved through a link: choose the file itself.`,
        'symbolic link',
      );
    }
    case 'folder':
      return refuse(
        `"${path}" is a folder, not a file. Give a file name inside it, such as "${join(path, 'users.csv')}".`,
        'folder',
      );
    case 'fifo':
      return refuse(`"${path}" is a named pipe (FIFO), not a file. ${ONLY_FILES}`, 'named pipe');
    case 'socket':
      return refuse(`"${path}" is a socket, not a file. ${ONLY_FILES}`, 'socket');
    case 'device':
      return refuse(`"${path}" is a device, not a file. ${ONLY_FILES}`, 'device');
  }
}

// `newdir/`, `newdir\` on Windows, `.` and `..` name a folder however they resolve.
const namesAFolder = (raw: string, platform: NodeJS.Platform): boolean =>
  (platform === 'win32' ? /(^|[\\/])\.{1,2}$|[\\/]$/ : /(^|\/)\.{1,2}$|\/$/).test(raw);

const errno = (error: unknown): string => (error as NodeJS.ErrnoException | null)?.code ?? '';

/**
 * Checks `raw` (as the person gave it) as an export target; resolves to its absolute path.
 * The file's folder may itself be reached through a link (macOS's /tmp is one): only the
 * file's own entry must not be.
 */
export async function checkExportTarget(
  raw: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Result<string>> {
  const target = resolve(raw);
  if (namesAFolder(raw, platform)) {
    return refuse(
      `"${raw}" names a folder, not a file name. Give a file name, such as "${join(target, 'users.csv')}".`,
      'folder name',
    );
  }
  const name = basename(target);
  const length = nameLength(name, platform);
  if (length > MAX_NAME_LENGTH) {
    const unit = platform === 'win32' ? 'characters' : 'bytes';
    return refuse(
      `The file name is too long: ${length} ${unit}, and a file name can have at most ${MAX_NAME_LENGTH}. Choose a shorter name.`,
      `file name of ${length} ${unit}`,
    );
  }
  let entry: Stats;
  try {
    entry = await lstat(target);
  } catch (error) {
    const code = errno(error);
    if (code === 'ENAMETOOLONG') {
      return refuse(
        `The path "${target}" is too long for the system. Choose a shorter folder or name.`,
        'path too long',
      );
    }
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return writeFailed(target, error);
    return folderCheck(target);
  }
  const problem = entryProblem(entry);
  return problem ? refusalFor(target, problem) : ok(target);
}

/** A new name is fine when its folder exists and is a folder. */
async function folderCheck(target: string): Promise<Result<string>> {
  const folder = dirname(target);
  try {
    if ((await stat(folder)).isDirectory()) return ok(target);
    return refuse(
      `"${folder}" is not a folder, so "${basename(target)}" cannot be saved in it.`,
      'not a folder',
    );
  } catch (error) {
    const code = errno(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return writeFailed(target, error);
    return refuse(`The folder "${folder}" does not exist.`, 'no such folder');
  }
}

/**
 * What each export does first, the app's and the CLI's alike: check the target, then remove
 * the temporary files that killed runs left in its folder.
 */
export async function prepareExportTarget(
  raw: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Result<string>> {
  const checked = await checkExportTarget(raw, platform);
  if (checked.ok) await removeLeftovers(dirname(checked.value));
  return checked;
}
