// The last step of every staged write (StagedFile, the workbook sink): the target is looked at
// again just before the rename. It was checked before the export started, but there may be
// minutes between, and in a shared folder someone may have put a link, a folder or a device at
// that name meanwhile: that is refused, never written through. A regular file it replaces keeps
// its mode (the new file would otherwise be 0600, the temporary file's).
import type { FileHandle } from 'node:fs/promises';
import { lstat } from 'node:fs/promises';
import { entryProblem, refusalFor } from './export-target.ts';
import { TargetRefused } from './write-failed.ts';

/**
 * Checks the target again, gives the temporary file an existing target's mode and syncs it.
 * Throws TargetRefused when the target is no longer a regular file or nothing.
 */
export async function readyToReplace(handle: FileHandle, target: string): Promise<void> {
  const existing = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing) {
    const problem = entryProblem(existing);
    if (problem) throw new TargetRefused((await refusalFor(target, problem)).error);
    if (process.platform !== 'win32') await handle.chmod(existing.mode & 0o777);
  }
  await handle.sync();
}
