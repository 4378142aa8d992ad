// A file written beside its target under a hidden temporary name and renamed into place
// only when complete, so the target is either the whole new file or left exactly as it was.
// The temporary file is the owner's alone (0600 on POSIX); a file it replaces keeps its mode.
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { readyToReplace } from '../files/replace-target.ts';
import { tempPathFor } from '../files/temp-files.ts';

// Writes are gathered into chunks of about this size: fewer system calls, bounded memory.
const CHUNK_CHARS = 64 * 1024;

export class StagedFile {
  readonly tempPath: string;
  private handle: FileHandle | null = null;
  /** Whether the temporary file is ours (created by begin), so discard may remove it. */
  private created = false;
  private position = 0;
  // One growing string rather than an array of parts: V8 concatenates without copying and
  // flattens once, when the chunk is written.
  private pending = '';
  // Every byte is hashed as it is written, so the SHA-256 of the file costs no second read.
  private hash: Hash = createHash('sha256');

  constructor(readonly target: string) {
    this.tempPath = tempPathFor(target);
  }

  /** Creates the temporary file, or empties it when starting over. */
  async begin(): Promise<void> {
    this.pending = '';
    this.position = 0;
    this.hash = createHash('sha256');
    if (this.handle) {
      await this.handle.truncate(0);
      return;
    }
    // `wx`: a new file of our own, never an entry someone put at that name. 0600: the umask
    // can only narrow it, so personal data is never readable by other users meanwhile.
    this.handle = await open(this.tempPath, 'wx', 0o600);
    this.created = true;
  }

  /** Appends text; resolves once the data is handed to the OS when a chunk fills (backpressure). */
  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.handle || this.pending === '') return;
    const data = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(data);
    // At an explicit position, so emptying the file to start over needs no reopening.
    for (let done = 0; done < data.length; ) {
      const { bytesWritten } = await this.handle.write(
        data,
        done,
        data.length - done,
        this.position,
      );
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /**
   * Flushes, syncs and renames the temporary file over the target. The target is looked at
   * again first: it must still be a regular file or nothing (it was checked before the export
   * started, but there may be minutes between), and a file it replaces keeps its mode.
   * Resolves to the hex SHA-256 of the file renamed into place.
   */
  async commit(): Promise<string> {
    await this.flush();
    if (this.handle) await readyToReplace(this.handle, this.target);
    await this.closeHandle();
    await rename(this.tempPath, this.target);
    return this.hash.digest('hex');
  }

  /** Removes the temporary file; never throws, never touches the target. */
  async discard(): Promise<void> {
    this.pending = '';
    await this.closeHandle().catch(() => {});
    if (this.created) await rm(this.tempPath, { force: true }).catch(() => {});
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.close();
  }
}
