// Splits a window into the chart's buckets: days up to 62 days, weeks (Monday to Sunday) up
// to 400 days, months beyond. Buckets are clipped to the window, so the first and last may
// be partial. Pure calendar arithmetic in UTC: a day is a YYYY-MM-DD label, not an instant.
import type { TrendBucket, TrendGranularity } from '../../shared/models.ts';

export const DAY_LIMIT = 62;
export const WEEK_LIMIT = 400;

const DAY_MS = 86_400_000;
const parse = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const format = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const daysInWindow = (from: string, to: string): number =>
  Math.round((parse(to) - parse(from)) / DAY_MS) + 1;

export function granularityFor(from: string, to: string): TrendGranularity {
  const days = daysInWindow(from, to);
  if (days <= DAY_LIMIT) return 'day';
  if (days <= WEEK_LIMIT) return 'week';
  return 'month';
}

/** The day after the bucket that starts at `start` ends, before clipping to the window. */
function nextBucketStart(start: number, granularity: TrendGranularity): number {
  if (granularity === 'day') return start + DAY_MS;
  if (granularity === 'week') {
    const weekday = (new Date(start).getUTCDay() + 6) % 7; // Monday = 0
    return start + (7 - weekday) * DAY_MS;
  }
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export function bucketsFor(from: string, to: string): Omit<TrendBucket, 'count'>[] {
  const granularity = granularityFor(from, to);
  const end = parse(to);
  const buckets: Omit<TrendBucket, 'count'>[] = [];
  for (let start = parse(from); start <= end; ) {
    const next = nextBucketStart(start, granularity);
    buckets.push({ from: format(start), to: format(Math.min(next - DAY_MS, end)) });
    start = next;
  }
  return buckets;
}
