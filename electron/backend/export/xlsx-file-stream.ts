// Where a workbook's zip bytes go: the temporary file's handle, written at explicit positions
// and hashed as written (the SHA-256 of the file costs no second read). A Writable, so the zip
// writer piping into it waits while the disk is slower than it (backpressure).
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

export class HashedFileStream extends Writable {
  readonly #handle: FileHandle;
  readonly #hash = createHash('sha256');
  #position = 0;
  #stopped = false;
  /** The write in progress, so stopping can wait for it before the handle is closed. */
  #busy: Promise<void> = Promise.resolve();

  constructor(handle: FileHandle) {
    super({ highWaterMark: 256 * 1024 });
    this.#handle = handle;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.#stopped) {
      callback();
      return;
    }
    this.#busy = this.#writeAll(chunk);
    this.#busy.then(() => callback(), callback);
  }

  async #writeAll(data: Buffer): Promise<void> {
    this.#hash.update(data);
    for (let done = 0; done < data.length; ) {
      const { bytesWritten } = await this.#handle.write(
        data,
        done,
        data.length - done,
        this.#position,
      );
      done += bytesWritten;
      this.#position += bytesWritten;
    }
  }

  /** Bytes written to the file so far. */
  get position(): number {
    return this.#position;
  }

  /** The hex SHA-256 of every byte written; call once, after 'finish'. */
  digest(): string {
    return this.#hash.digest('hex');
  }

  /** Writes nothing more and waits for the write in progress: the handle may then close. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#busy.catch(() => {});
  }
}
