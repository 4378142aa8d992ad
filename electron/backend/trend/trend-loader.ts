// Counts users per bucket from `total_items` of one-item searches. Every request is background
// work: the environment's governor paces it within the app's share of Palenca's allowance and
// lets interactive calls (the table, accounts) go first. Counts of buckets that are over for
// good come from the session's cache when it has them, and go into it otherwise. A count that
// gets no answer within the client's background budget (three minutes, waits for the
// allowance not counted) fails the chart: time, not a number of attempts.
import type { Trend, TrendBucket, UserFilter } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import { cancelledError, type PalencaClient } from '../palenca/client.ts';
import { workThrough } from '../work-pool.ts';
import { bucketsFor, granularityFor } from './trend-buckets.ts';
import { type BucketCounts, isSettled, todayUtc } from './trend-count-cache.ts';

/**
 * At most this many requests in flight. The governor decides when each goes; a few in flight
 * only hide the round trip between its turns.
 */
export const TREND_CONCURRENCY = 3;

export interface TrendLoadProgress {
  /** Buckets counted so far, reused counts included. */
  done: number;
  total: number;
  /** Requests still to send or answer, the whole-window count included until it is answered. */
  requestsLeft: number;
}

export interface LoadTrendOptions {
  signal: AbortSignal;
  /** The session's counts for this environment and external ID; none: nothing is reused. */
  counts?: BucketCounts;
  /** Today (UTC, YYYY-MM-DD), which says which buckets are over for good; default the clock's. */
  today?: string;
  /** Told at the start and after every answer. */
  onProgress?: (progress: TrendLoadProgress) => void;
  concurrency?: number;
}

export async function loadTrend(
  client: PalencaClient,
  filter: UserFilter,
  options: LoadTrendOptions,
): Promise<Result<Trend>> {
  const { counts, onProgress } = options;
  const today = options.today ?? todayUtc();
  const granularity = granularityFor(filter.from, filter.to);
  const ranges = bucketsFor(filter.from, filter.to);
  const buckets: TrendBucket[] = ranges.map((range) => ({ ...range, count: 0 }));
  const settled = ranges.map((range) => counts !== undefined && isSettled(range, today));
  const search = (range: { from: string; to: string }, signal: AbortSignal) =>
    client.searchUsers(
      { from: range.from, to: range.to, externalId: filter.externalId, page: 1, perPage: 1 },
      { signal, priority: 'background' },
    );

  const todo: number[] = [];
  for (const [index, bucket] of buckets.entries()) {
    const known = settled[index] ? counts?.get(bucket) : undefined;
    if (known === undefined) todo.push(index);
    else bucket.count = known;
  }
  // Every bucket known: the chart needs no request at all (they were all asked, so the
  // window is a valid one).
  if (buckets.length > 0 && todo.length === 0) {
    onProgress?.({ done: buckets.length, total: buckets.length, requestsLeft: 0 });
    return ok({ granularity, buckets });
  }

  let done = buckets.length - todo.length;
  let requestsLeft = todo.length + 1;
  const report = () => onProgress?.({ done, total: buckets.length, requestsLeft });
  report();

  // One request for the whole window first: the client checks the dates (a bad window is a
  // clear error, never an empty chart), and an empty window needs no per-bucket requests.
  const whole = await search(filter, options.signal);
  if (!whole.ok) return whole;
  requestsLeft--;
  if (whole.value.pagination.total_items === 0) {
    for (const [index, bucket] of buckets.entries()) {
      bucket.count = 0;
      if (settled[index]) counts?.set(bucket, 0);
    }
    done = buckets.length;
    requestsLeft = 0;
    report();
    return ok({ granularity, buckets });
  }
  report();

  const countBucket = async (index: number, signal: AbortSignal) => {
    const bucket = buckets[index] as TrendBucket;
    const page = await search(bucket, signal);
    if (!page.ok) return page;
    bucket.count = page.value.pagination.total_items;
    if (settled[index]) counts?.set(bucket, bucket.count);
    done++;
    requestsLeft--;
    report();
    return page;
  };
  // A failing bucket fails the chart: the requests still waiting for their turn are dropped.
  const concurrency = options.concurrency ?? TREND_CONCURRENCY;
  const end = await workThrough(todo, { concurrency, signal: options.signal }, countBucket);
  if (!end.ok) return end;
  if (end.value === 'stopped') return cancelledError();
  return ok({ granularity, buckets });
}
