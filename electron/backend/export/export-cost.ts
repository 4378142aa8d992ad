// What an export costs in requests, said before it starts ("up to N requests"), and how many
// users the accounts columns allow. Upper bounds for a list that holds still while it is read:
// a change starts a pass over, and its requests come on top (the progress says so as it goes).
import { ACCOUNTS_CONCURRENCY } from './accounts-summary.ts';
import { daysNewestFirst } from './connected-on.ts';
import { EXPORT_PAGE_SIZE } from './export-engine.ts';
import type { ExportAllowance } from './pass-progress.ts';

/** Requests a plain export of `users` makes: its pages, and the final check when there are several. */
export function exportRequests(users: number, perPage = EXPORT_PAGE_SIZE): number {
  const pages = pagesOf(users, perPage);
  return pages + (pages > 1 ? 1 : 0);
}

const pagesOf = (users: number, perPage: number): number =>
  Math.max(1, Math.ceil(Math.max(0, users) / perPage));

export interface RequestBoundInput {
  /** Users in the window (the count already made). */
  users: number;
  /** Days in the window, both ends included (`windowDays`). */
  days: number;
  withDay: boolean;
  withAccounts: boolean;
  perPage?: number;
  /**
   * With `withDay`: the most days the walk reads, when the oldest day with users is known
   * (`walkedDays`); default every day of the window.
   */
  walkedDays?: number;
}

/** Days from `from` to `to`, both included; 0 for a reversed window. */
export const windowDays = (from: string, to: string): number => daysNewestFirst(from, to).length;

/**
 * The days a `withDay` walk reads at most when `oldest` is the oldest day with users: from it
 * to `to`, and the days past it whose page 1 was asked ahead before the count was complete
 * (segments-ahead.ts asks at most the window's size, `concurrency`, beyond the day being read).
 */
export const walkedDays = (oldest: string, to: string, concurrency: number): number =>
  windowDays(oldest, to) + Math.max(1, concurrency);

/** Windows up to this many days are never searched for their oldest day (`worthSearching`). */
export const SEARCH_AFTER_DAYS = 92;

/**
 * Whether finding the oldest day with users (oldest-day.ts, about log2(days) counts) is worth
 * it for a `withDay` bound. Not for a quarter or less: every day of it adds at most 92
 * requests, under two minutes at half the allowance, and the search itself costs about 7;
 * and not when the window has fewer days than pages, as the pages are most of the bound then.
 * Beyond, a long window ("all time", a year) of recent users would be said as thousands of
 * requests and hours, when the walk stops at the oldest user after a few dozen.
 */
export const worthSearching = (days: number, users: number, perPage = EXPORT_PAGE_SIZE): boolean =>
  users > 0 && days > SEARCH_AFTER_DAYS && days > pagesOf(users, perPage);

/**
 * The most requests an export makes when the list holds still (export-engine.ts says why each
 * is made). The count the estimate already made is not included.
 * - An empty window: its page 1 only.
 * - One-day window, or no `withDay`: the pages, and page 1 again when there are several; a
 *   window of several days adds one request for its newest day (whose user IDs "since the last
 *   export" keeps).
 * - `withDay`: the window's page 1 and its final check, then each day's page 1, its other
 *   pages, and page 1 again for a day of several pages. The walk stops at the day that
 *   completes the count, so days older than the oldest user cost nothing; the bound assumes
 *   every day is walked unless `walkedDays` says fewer. Days of more than one page are at most users / (perPage + 1), and
 *   each costs at most ceil(its users / perPage) + 1 ≤ its users / perPage + 2 requests.
 * - `withAccounts`: one request per user.
 */
export function exportRequestBound(input: RequestBoundInput): number {
  const perPage = input.perPage ?? EXPORT_PAGE_SIZE;
  const users = Math.max(0, input.users);
  const days = Math.max(1, input.days);
  const accounts = input.withAccounts ? users : 0;
  if (days === 1) return exportRequests(users, perPage) + accounts;
  if (users === 0) return 1;
  if (!input.withDay) {
    const pages = pagesOf(users, perPage);
    return pages + 1 + (pages > 1 ? 1 : 0) + accounts;
  }
  const walked = Math.min(days, Math.max(1, input.walkedDays ?? days));
  const fullDays = Math.min(walked, Math.floor(users / (perPage + 1)));
  // Every day's page 1, plus for each day of several pages its other pages and page 1 again.
  const walk = walked + Math.ceil(users / perPage) + fullDays;
  return 2 + walk + accounts;
}

/** The longest the accounts requests of an export may take before the option is disabled. */
export const ACCOUNTS_HOUR_MS = 3_600_000;

/**
 * The most users whose accounts requests (one each) fit in an hour at the current share, by
 * the governor's own estimate (its pace, others' recent use, any wait it is in).
 */
export function accountsLimit(
  allowance: Pick<ExportAllowance, 'estimateMs'>,
  inFlight = ACCOUNTS_CONCURRENCY,
  withinMs = ACCOUNTS_HOUR_MS,
): number {
  if (allowance.estimateMs(1, inFlight) > withinMs) return 0;
  // The estimate grows with the requests: the largest count within the hour, by halving.
  let low = 1;
  let high = 2;
  while (allowance.estimateMs(high, inFlight) <= withinMs && high < 1e9) high *= 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (allowance.estimateMs(mid, inFlight) <= withinMs) low = mid;
    else high = mid;
  }
  return low;
}
