// Counts of past buckets, kept for the session so a chart over an overlapping range does not
// ask Palenca again for what it already counted. Only buckets that are over for good belong
// here (see `isSettled`); the loader decides that, this store only remembers.
import type { Environment } from '#common/models.ts';
import type { BucketRange } from './trend-buckets.ts';

/** Entries kept at most; the oldest go first. */
export const TREND_CACHE_ENTRIES = 5_000;

/**
 * A bucket's count is reused only when it ended at least this many days before today (UTC):
 * people connect all the time, and the time zone of Palenca's date filter is unconfirmed, so
 * yesterday's count may still change.
 */
export const SETTLED_DAYS = 2;

/** What the loader sees: the counts of one environment and external ID. */
export interface BucketCounts {
  get(range: BucketRange): number | undefined;
  set(range: BucketRange, count: number): void;
}

const DAY_MS = 86_400_000;

/** The current UTC day, YYYY-MM-DD. */
export const todayUtc = (now = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/** Whether a bucket is over for good, as of `today` (YYYY-MM-DD, UTC). */
export function isSettled(range: BucketRange, today: string): boolean {
  const last = Date.parse(`${today}T00:00:00Z`) - SETTLED_DAYS * DAY_MS;
  return Date.parse(`${range.to}T00:00:00Z`) <= last;
}

export class TrendCountCache {
  readonly #max: number;
  /** Insertion order is age: a count read or written again moves to the back. */
  readonly #entries = new Map<string, { environment: Environment; count: number }>();

  constructor(maxEntries = TREND_CACHE_ENTRIES) {
    this.#max = Math.max(1, maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The counts of one environment and external ID (empty and absent are the same search; one
   * of spaces is not: external IDs are sent exactly as given).
   */
  for(environment: Environment, externalId: string | undefined): BucketCounts {
    const keyOf = (range: BucketRange) =>
      JSON.stringify([environment, externalId ?? '', range.from, range.to]);
    return {
      get: (range) => {
        const key = keyOf(range);
        const entry = this.#entries.get(key);
        if (!entry) return undefined;
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        return entry.count;
      },
      set: (range, count) => {
        const key = keyOf(range);
        this.#entries.delete(key);
        this.#entries.set(key, { environment, count });
        for (const oldest of this.#entries.keys()) {
          if (this.#entries.size <= this.#max) break;
          this.#entries.delete(oldest);
        }
      },
    };
  }

  /** Forgets the counts of one environment (its key changed), or of all. */
  clear(environment?: Environment): void {
    if (environment === undefined) {
      this.#entries.clear();
      return;
    }
    for (const [key, entry] of this.#entries) {
      if (entry.environment === environment) this.#entries.delete(key);
    }
  }
}
