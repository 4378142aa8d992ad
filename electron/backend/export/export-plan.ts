// What an export will read, decided before anything is asked of Palenca: the window (the one
// asked, or for "since the last export" the one that continues the last export), the users
// it leaves out by ID, and what it costs. The app's export step, its export and the CLI all
// plan here, so they never disagree about the window or the price.
import type { Environment, ExportOptions, UserFilter } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { filingDaysNow } from './connected-on.ts';
import { exportRequestBound, walkedDays, windowDays, worthSearching } from './export-cost.ts';
import { DEFAULT_EXPORT_CONCURRENCY } from './export-engine.ts';
import type { LastExportRecord, LastExportStore } from './last-export-store.ts';
import { type CountUsers, oldestDayWithUsers } from './oldest-day.ts';
import type { ExportAllowance } from './pass-progress.ts';

export interface ExportPlan {
  /** The window exported: the one asked, or with `sinceLast` the one computed. */
  filter: UserFilter;
  /** The last export of this environment and external-ID filter; null when there is none. */
  last: LastExportRecord | null;
  /** With `sinceLast`: the users of the last export's newest day, left out by ID. */
  skipUserIds: ReadonlySet<string> | null;
}

export const NO_LAST_EXPORT_MESSAGE =
  'There is no earlier export of these users to continue from. Export a date window first; the next export can then bring only the users who are new since.';

/**
 * The window that continues `last`: from its newest day (the API filters by whole days, so
 * that day comes again and its users already exported are left out by ID) to the earliest
 * day Palenca may still be filing users under (connected-on.ts), never before that day.
 * Users filed after it come with the next export, which starts there.
 */
export function sinceLastWindow(last: LastExportRecord, now: Date): UserFilter {
  const { earliest } = filingDaysNow(now);
  // Days as YYYY-MM-DD compare as text.
  const to = [earliest, last.day].sort()[1] ?? earliest;
  return {
    from: last.day,
    to,
    ...(last.externalId === undefined ? {} : { externalId: last.externalId }),
  };
}

/**
 * The window asked, ending no later than the last day any user can be filed under yet: the
 * same users, and an export whose newest day is a real one can be continued from. A window
 * entirely after that day is left as asked (it has nobody).
 */
export function windowUpToNow(filter: UserFilter, now: Date): UserFilter {
  const { latest } = filingDaysNow(now);
  return filter.to > latest && filter.from <= latest ? { ...filter, to: latest } : filter;
}

/**
 * The plan of an export of `filter` with `options`. `no_last_export` when "since the last
 * export" is asked and there is nothing to continue from.
 */
export async function planExport(
  marks: Pick<LastExportStore, 'read'>,
  environment: Environment,
  filter: UserFilter,
  options: Pick<ExportOptions, 'sinceLast'>,
  now: Date,
): Promise<Result<ExportPlan>> {
  const externalId = filter.externalId || undefined;
  const last = await marks.read(environment, externalId);
  if (!options.sinceLast)
    return ok({ filter: windowUpToNow(filter, now), last, skipUserIds: null });
  if (!last) return fail('no_last_export', NO_LAST_EXPORT_MESSAGE, { field: 'sinceLast' });
  return ok({
    filter: sinceLastWindow(last, now),
    last,
    skipUserIds: new Set(last.userIds),
  });
}

/**
 * Whether a successful export of a window ending on `day` becomes the new mark: not when it
 * ends before the current mark (an older window says nothing about what is new), and not when
 * it ends after the earliest day Palenca may still be filing users under (connected-on.ts):
 * users still to come on a day before it would fall behind the mark and never be exported.
 * Such an export leaves the mark as it was; the next "since the last export" then brings some
 * users again rather than miss any.
 */
export function markMoves(current: LastExportRecord | null, day: string, now: Date): boolean {
  if (current && day < current.day) return false;
  return day <= filingDaysNow(now).earliest;
}

export interface ExportCost {
  /**
   * Requests the export makes at most, and those the search for the window's oldest day with
   * users made (`searchRequests`); the count already made is not included.
   */
  requests: number;
  /** About how long the export's requests take under the allowance at the current share. */
  estimatedMs: number;
  /** Counts asked to find the oldest day with users (included in `requests`); 0 when none. */
  searchRequests: number;
  /** The oldest day with users when it was searched for; null when it was not. */
  oldestDay: string | null;
}

export interface CostQuestion {
  /** The window's users (the count already made). */
  users: number;
  filter: UserFilter;
  options: Pick<ExportOptions, 'withDay' | 'withAccounts'>;
  allowance: Pick<ExportAllowance, 'estimateMs'>;
  /** One count of a window (a page of one user), through the caller's cache and governor. */
  count: CountUsers;
  concurrency?: number;
  perPage?: number;
}

/**
 * What exporting `users` of `filter` with `options` costs, said before it starts: the app's
 * export step and the CLI both ask here. With `withDay` over a long window (`worthSearching`)
 * the oldest day with users is found first (oldest-day.ts), so the days before it, which the
 * walk never reads, are not counted; its counts are. A failed search counts every day.
 */
export async function estimateExportCost(question: CostQuestion): Promise<ExportCost> {
  const { users, filter, options, allowance } = question;
  const concurrency = question.concurrency ?? DEFAULT_EXPORT_CONCURRENCY;
  const days = windowDays(filter.from, filter.to);
  let searchRequests = 0;
  let oldestDay: string | null = null;
  if (options.withDay && worthSearching(days, users, question.perPage)) {
    const found = await oldestDayWithUsers(question.count, filter, users);
    if (found.ok) {
      searchRequests = found.value.counts;
      oldestDay = found.value.day;
    } else {
      // Every step may have been asked before the one that failed.
      searchRequests = Math.ceil(Math.log2(days));
    }
  }
  const exportRequests = exportRequestBound({
    users,
    days,
    withDay: options.withDay,
    withAccounts: options.withAccounts,
    ...(question.perPage ? { perPage: question.perPage } : {}),
    ...(oldestDay ? { walkedDays: walkedDays(oldestDay, filter.to, concurrency) } : {}),
  });
  return {
    requests: exportRequests + searchRequests,
    estimatedMs: allowance.estimateMs(exportRequests, concurrency),
    searchRequests,
    oldestDay,
  };
}
