// A file written beside its target under a hidden temporary name and renamed into place
// only when complete, so the target is either the whole new file or left exactly as it was.
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type AppError, fail } from '../../shared/result.ts';
import { tempPathFor } from '../files/atomic-write.ts';

// Writes are gathered into chunks of about this size: fewer system calls, bounded memory.
const CHUNK_CHARS = 64 * 1024;

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

/** A plain-language `write_failed` naming the folder; the system's code goes in `detail`. */
export function writeFailed(target: string, error: unknown): { ok: false; error: AppError } {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const reason = REASONS[code] ?? 'the system refused to write the file';
  return fail(
    'write_failed',
    `Could not save "${basename(target)}" in the folder "${dirname(target)}": ${reason}.`,
    { detail: code || (error instanceof Error ? error.message : String(error)) },
  );
}

export class StagedFile {
  readonly tempPath: string;
  private handle: FileHandle | null = null;
  // One growing string rather than an array of parts: V8 concatenates without copying and
  // flattens once, when the chunk is written.
  private pending = '';

  constructor(readonly target: string) {
    this.tempPath = tempPathFor(target);
  }

  /** Opens (or truncates, when starting over) the temporary file. */
  async begin(): Promise<void> {
    await this.closeHandle();
    this.pending = '';
    this.handle = await open(this.tempPath, 'w', 0o644);
  }

  /** Appends text; resolves once the data is handed to the OS when a chunk fills (backpressure). */
  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.handle || this.pending === '') return;
    const data = this.pending;
    this.pending = '';
    await this.handle.write(data, null, 'utf8');
  }

  /** Flushes, syncs and renames the temporary file over the target. */
  async commit(): Promise<void> {
    await this.flush();
    if (this.handle) await this.handle.sync();
    await this.closeHandle();
    await rename(this.tempPath, this.target);
  }

  /** Removes the temporary file; never throws, never touches the target. */
  async discard(): Promise<void> {
    this.pending = '';
    await this.closeHandle().catch(() => {});
    await rm(this.tempPath, { force: true }).catch(() => {});
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.close();
  }
}
