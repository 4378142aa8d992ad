// Counts users per bucket from `total_items` of one-item searches, a few at a time.
import type { Trend, TrendBucket, UserFilter } from '../../shared/models.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { bucketsFor, granularityFor } from './trend-buckets.ts';

/** At most this many requests in flight, so a long window does not trip Palenca's rate limit. */
export const TREND_CONCURRENCY = 4;

export async function loadTrend(
  client: PalencaClient,
  filter: UserFilter,
  signal: AbortSignal,
  concurrency = TREND_CONCURRENCY,
): Promise<Result<Trend>> {
  // One request for the whole window first: the client checks the dates (a bad window is a
  // clear error, never an empty chart), and an empty window needs no per-bucket requests.
  const whole = await client.searchUsers(
    { from: filter.from, to: filter.to, externalId: filter.externalId, page: 1, perPage: 1 },
    { signal },
  );
  if (!whole.ok) return whole;
  const ranges = bucketsFor(filter.from, filter.to);
  const buckets: TrendBucket[] = ranges.map((range) => ({ ...range, count: 0 }));
  if (whole.value.pagination.total_items === 0) {
    return ok({ granularity: granularityFor(filter.from, filter.to), buckets });
  }
  let next = 0;
  let failure: Result<never> | null = null;

  const worker = async () => {
    while (!failure && next < ranges.length) {
      const index = next++;
      const range = ranges[index] as (typeof ranges)[number];
      const page = await client.searchUsers(
        { from: range.from, to: range.to, externalId: filter.externalId, page: 1, perPage: 1 },
        { signal },
      );
      if (!page.ok) {
        failure ??= page;
        return;
      }
      (buckets[index] as TrendBucket).count = page.value.pagination.total_items;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
  if (failure) return failure;
  return ok({ granularity: granularityFor(filter.from, filter.to), buckets });
}
