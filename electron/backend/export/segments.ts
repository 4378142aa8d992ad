// How a pass reads the window: in one walk, or one day at a time (`withDay`), newest first as
// Palenca orders users, so the rows come out exactly as one walk gives them.
// - One walk: the window's pages. A window of several days that has users also asks its newest
//   day's page 1 once (right after the window's page 1): its total says how many of the first
//   rows are that day's users, whose IDs "since the last export" keeps. One request, where
//   walking that day as a segment of its own would cost its pages again.
// - Day by day: the window's page 1 first (the total, for progress and for when to stop; and
//   what a change would move), then each day as a segment of its own, until the days' totals
//   add up to the window's: days older than the oldest user cost nothing. The next days' first
//   pages are asked ahead while a day is read (segments-ahead.ts). Then the window's page 1
//   again, the final check of the whole pass.
import type { UserFilter } from '#common/models.ts';
import { daysNewestFirst } from './connected-on.ts';

export type SegmentPlan =
  /** `newestDay`: the day counted apart; null for a one-day or empty window. */
  | { kind: 'window'; newestDay: string | null }
  /** Every day of the window, newest first. */
  | { kind: 'days'; days: string[] };

export function segmentsOf(filter: UserFilter, withDay: boolean, total: number): SegmentPlan {
  const severalDays = filter.from < filter.to;
  if (withDay && severalDays)
    return { kind: 'days', days: daysNewestFirst(filter.from, filter.to) };
  return { kind: 'window', newestDay: severalDays && total > 0 ? filter.to : null };
}

/** One segment of a pass: its filter, and with `withDay` the day its rows carry. */
export interface Segment {
  filter: UserFilter;
  day?: string;
}
