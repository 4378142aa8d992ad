// The oldest day of a window that has users, found by halving the window with counts (a page
// of one user each, read for its total): about log2(days) requests. A `withDay` export walks
// the days newest first and stops at that day, so the cost said before it (export-cost.ts)
// need not count the days before it: for "all time" with recent users, thousands fewer.
import type { UserFilter } from '#common/models.ts';
import { ok, type Result } from '#common/result.ts';
import { daysNewestFirst } from './connected-on.ts';

/** The users of a window: one count request (the caller's cache and governor apply). */
export type CountUsers = (filter: UserFilter) => Promise<Result<number>>;

export interface OldestDay {
  /** The oldest day with users; null when the window has none. */
  day: string | null;
  /** Counts asked (a cached count included: what the search costs at most). */
  counts: number;
}

/**
 * The oldest day of `filter` that has users, `total` being the window's count (already made).
 * Each step asks whether `from`…`mid` has users: yes, the day is at or before `mid`; no, after.
 * Upper-bound safe: a list that changes meanwhile can only move the day, and the export's own
 * checks catch the change (the cost said is for a list that holds still).
 */
export async function oldestDayWithUsers(
  count: CountUsers,
  filter: UserFilter,
  total: number,
): Promise<Result<OldestDay>> {
  if (total <= 0) return ok({ day: null, counts: 0 });
  const days = daysNewestFirst(filter.from, filter.to).reverse();
  if (days.length === 0) return ok({ day: null, counts: 0 });
  // The oldest day with users is within days[low..high]; the whole window has some.
  let low = 0;
  let high = days.length - 1;
  let counts = 0;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    counts++;
    const users = await count({ ...filter, to: days[mid] as string });
    if (!users.ok) return users;
    if (users.value > 0) high = mid;
    else low = mid + 1;
  }
  return ok({ day: days[low] as string, counts });
}
