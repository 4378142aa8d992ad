// Whether two paths name one file: the same path spelt differently, through a link, or a hard
// link (same device and inode). A reconcile saving its results over its own list would lose
// the list, so this is asked before any request.
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/** True when `a` and `b` are the same existing file; false when either does not exist. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [realA, realB] = await Promise.all([realpath(a), realpath(b)]);
    if (realA === realB) return true;
    const [statA, statB] = await Promise.all([stat(realA), stat(realB)]);
    // Inode 0 means the system gave none (some Windows file systems): not evidence of sameness.
    return statA.ino !== 0 && statA.dev === statB.dev && statA.ino === statB.ino;
  } catch {
    return false;
  }
}
