// The one way a file the app could not write is told: a plain-language `write_failed` naming
// the folder, with the system's code in `detail`; a target refused for what it is keeps its
// own `bad_target` error.
import { basename, dirname } from 'node:path';
import { type AppError, fail } from '#common/result.ts';

const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'the folder does not exist',
  EACCES: 'the app is not allowed to write there',
  EPERM: 'the app is not allowed to write there',
  EROFS: 'the folder is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'a folder already has that name',
  EBUSY: 'the file is in use by another program',
};

/**
 * Thrown when the target turns out to be something an export must not replace, or the data
 * something its format cannot hold exactly: the error it carries is told as it is.
 */
export class TargetRefused extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export function writeFailed(target: string, error: unknown): { ok: false; error: AppError } {
  if (error instanceof TargetRefused) return { ok: false, error: error.error };
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const reason = REASONS[code] ?? 'the system refused to write the file';
  return fail(
    'write_failed',
    `Could not save "${basename(target)}" in the folder "${dirname(target)}": ${reason}.`,
    { detail: code || (error instanceof Error ? error.message : String(error)) },
  );
}
