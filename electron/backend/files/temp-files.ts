// Temporary files written beside their target and renamed over it when complete. Their name
// is short and fixed, whatever the target is called (so any name the file system accepts for
// the target works), and carries the writer's process id: a leftover of a run that was killed
// (SIGKILL, a power cut) is recognised as such and removed by the next export into the folder,
// while the temporary file of a run still writing there (the app and the CLI at once) is kept.
import { randomBytes } from 'node:crypto';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** `.palenca-<pid>-<8 hex>.partial`; nothing else is ever taken for one of ours. */
export const TEMP_NAME = /^\.palenca-([1-9][0-9]{0,9})-[0-9a-f]{8}\.partial$/;

/** A new temporary path beside `target` (same folder, so the final rename is atomic). */
export const tempPathFor = (target: string, pid: number = process.pid): string =>
  join(dirname(target), `.palenca-${pid}-${randomBytes(4).toString('hex')}.partial`);

/**
 * A path beside `target` for checking that the folder takes a new file before any request:
 * named like a temporary file, so a leftover is swept the same way, but never taken for one
 * (nothing else, a test included, mistakes the check for an export's data).
 */
export const probePathFor = (target: string, pid: number = process.pid): string =>
  join(dirname(target), `.palenca-${pid}-${randomBytes(4).toString('hex')}.probe`);

/** What `removeLeftovers` sweeps: temporary files and folder checks of ended runs. */
const LEFTOVER_NAME = /^\.palenca-([1-9][0-9]{0,9})-[0-9a-f]{8}\.(?:partial|probe)$/;

/** Whether a process with this id exists (EPERM: it does, it just is not ours to signal). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files in `folder` left by processes that are gone, and returns their
 * names. Only regular files whose whole name matches LEFTOVER_NAME are touched; a folder that
 * cannot be read is left alone (the export itself will say what is wrong with it).
 */
export async function removeLeftovers(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = LEFTOVER_NAME.exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    const path = join(folder, name);
    try {
      if (!(await lstat(path)).isFile()) continue;
      await unlink(path);
      removed.push(name);
    } catch {
      // Gone already (another export swept it), or not ours to remove: leave it.
    }
  }
  return removed;
}
