// Keeps the pending file up to date while a reconcile runs, without rewriting it for every ID:
// a 5,000-ID list with results is most of a megabyte, and at Palenca's pace a result comes
// about every second. It saves after SAVE_EVERY_RESULTS new results, or SAVE_AFTER_MS after
// the first unsaved one, never more often than MIN_GAP_MS; a crash loses at most those few
// lookups (they are asked again on resume). Every write and the removal go through one queue,
// so a late save can never bring back a file that was removed.
import type { Logger } from '../log.ts';
import { type PendingReconcile, removePending, savePending } from './pending-file.ts';

export interface SaverTiming {
  everyResults: number;
  afterMs: number;
  minGapMs: number;
}

export const DEFAULT_SAVER_TIMING: SaverTiming = {
  everyResults: 50,
  afterMs: 5_000,
  minGapMs: 1_000,
};

export class PendingSaver {
  readonly #dataDir: string;
  readonly #log: Logger;
  readonly #snapshot: () => PendingReconcile;
  readonly #timing: SaverTiming;
  #queue: Promise<unknown> = Promise.resolve();
  #unsaved = 0;
  #lastSave = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    dataDir: string,
    log: Logger,
    snapshot: () => PendingReconcile,
    timing: Partial<SaverTiming> = {},
  ) {
    this.#dataDir = dataDir;
    this.#log = log;
    this.#snapshot = snapshot;
    this.#timing = { ...DEFAULT_SAVER_TIMING, ...timing };
  }

  /** A new result: saved soon, with the others that come meanwhile. */
  noteResult(): void {
    this.#unsaved++;
    const gap = performance.now() - this.#lastSave;
    if (this.#unsaved >= this.#timing.everyResults && gap >= this.#timing.minGapMs) {
      void this.#saveQuietly();
      return;
    }
    if (this.#timer) return;
    const wait = Math.max(this.#timing.afterMs, this.#timing.minGapMs - gap);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#saveQuietly();
    }, wait);
    this.#timer.unref?.();
  }

  /** Saves now (after what is queued); throws when the file cannot be written. */
  save(): Promise<void> {
    this.#clearTimer();
    this.#unsaved = 0;
    this.#lastSave = performance.now();
    // The snapshot is taken when its turn comes, so it holds every result recorded until then.
    const write = this.#queue.then(() => savePending(this.#dataDir, this.#snapshot()));
    this.#queue = write.catch(() => {});
    return write;
  }

  /** Removes the file (after what is queued); nothing is saved after it unless asked. */
  remove(): Promise<void> {
    this.#clearTimer();
    this.#unsaved = 0;
    const removal = this.#queue.then(() => removePending(this.#dataDir));
    this.#queue = removal.catch(() => {});
    return removal;
  }

  /** Stops the timer: nothing more is saved unless asked. */
  stop(): void {
    this.#clearTimer();
  }

  #saveQuietly(): Promise<void> {
    return this.save().catch((error) => {
      // The results are in memory: the next save tries again.
      this.#log.warn('saving the pending reconcile failed', error);
    });
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
