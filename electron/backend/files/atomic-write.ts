// Write-then-rename, so a reader (or a crash) never sees half a file.
import { open, rename, rm } from 'node:fs/promises';
import { tempPathFor } from './temp-files.ts';

export async function writeFileAtomic(target: string, data: string): Promise<void> {
  const temp = tempPathFor(target);
  // `wx`: a new file of our own, never an entry someone put at that name beforehand (and
  // then, when it fails, nothing of ours to remove).
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
