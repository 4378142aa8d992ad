// Splits a window into the chart's buckets, so that one chart costs at most about
// MAX_TREND_BUCKETS requests whatever the range (Palenca allows 120 requests a minute, shared
// with the organisation's own integration):
// - days up to 62 days, weeks (Monday to Sunday) up to 400 days (a year is 53 weeks);
// - beyond, calendar months while there are at most MAX_TREND_BUCKETS of them, then calendar
//   quarters, then years; past MAX_TREND_BUCKETS years the first bucket spans all the older
//   years.
// Buckets are clipped to the window, so the first and last may be partial; together they
// cover the window exactly, with no gap or overlap. Pure calendar arithmetic in UTC: a day is
// a YYYY-MM-DD label, not an instant.
import type { TrendBucket, TrendGranularity } from '#common/models.ts';

export const DAY_LIMIT = 62;
export const WEEK_LIMIT = 400;
/** The most buckets (so requests, besides the whole-window count) one chart may take. */
export const MAX_TREND_BUCKETS = 60;

export type BucketRange = Omit<TrendBucket, 'count'>;

const DAY_MS = 86_400_000;
const parse = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const format = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The first day of a month as ms; months past 11 roll into the next years. */
function monthStart(year: number, month: number): number {
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}

const yearOf = (ms: number) => new Date(ms).getUTCFullYear();
const monthOf = (ms: number) => new Date(ms).getUTCMonth();

export const daysInWindow = (from: string, to: string): number =>
  Math.round((parse(to) - parse(from)) / DAY_MS) + 1;

/** Calendar months, quarters and years the window touches, partial ones included. */
function spans(from: string, to: string) {
  const start = parse(from);
  const end = parse(to);
  const years = yearOf(end) - yearOf(start) + 1;
  const months = (yearOf(end) - yearOf(start)) * 12 + monthOf(end) - monthOf(start) + 1;
  const quarters =
    (yearOf(end) - yearOf(start)) * 4 +
    Math.floor(monthOf(end) / 3) -
    Math.floor(monthOf(start) / 3) +
    1;
  return { years, months, quarters };
}

export function granularityFor(from: string, to: string): TrendGranularity {
  const days = daysInWindow(from, to);
  if (days <= DAY_LIMIT) return 'day';
  if (days <= WEEK_LIMIT) return 'week';
  const { months, quarters } = spans(from, to);
  if (months <= MAX_TREND_BUCKETS) return 'month';
  if (quarters <= MAX_TREND_BUCKETS) return 'quarter';
  return 'year';
}

/** The day after the bucket that starts at `start` ends, before clipping to the window. */
function nextBucketStart(start: number, granularity: TrendGranularity): number {
  if (granularity === 'day') return start + DAY_MS;
  if (granularity === 'week') {
    const weekday = (new Date(start).getUTCDay() + 6) % 7; // Monday = 0
    return start + (7 - weekday) * DAY_MS;
  }
  const year = yearOf(start);
  const month = monthOf(start);
  if (granularity === 'month') return monthStart(year, month + 1);
  if (granularity === 'quarter') return monthStart(year, month - (month % 3) + 3);
  return monthStart(year + 1, 0);
}

export function bucketsFor(from: string, to: string): BucketRange[] {
  const granularity = granularityFor(from, to);
  let start = parse(from);
  const end = parse(to);
  const buckets: BucketRange[] = [];
  if (granularity === 'year' && spans(from, to).years > MAX_TREND_BUCKETS) {
    // More years than the cap: the last MAX_TREND_BUCKETS - 1 years each get a bucket and the
    // first bucket takes all the older ones.
    const next = monthStart(yearOf(end) - (MAX_TREND_BUCKETS - 2), 0);
    buckets.push({ from: format(start), to: format(next - DAY_MS) });
    start = next;
  }
  while (start <= end) {
    const next = nextBucketStart(start, granularity);
    buckets.push({ from: format(start), to: format(Math.min(next - DAY_MS, end)) });
    start = next;
  }
  return buckets;
}
