// What an export will read, decided before anything is asked of Palenca: the window (the one
// asked, or for "since the last export" the one that continues the last export), the users
// it leaves out by ID, and what it costs. The app's export step, its export and the CLI all
// plan here, so they never disagree about the window or the price.
import { localDay } from '#common/days.ts';
import type { Environment, ExportOptions, UserFilter } from '#common/models.ts';
import { fail, ok, type Result } from '#common/result.ts';
import { exportRequestBound, windowDays } from './export-cost.ts';
import { DEFAULT_EXPORT_CONCURRENCY } from './export-engine.ts';
import type { LastExportRecord, LastExportStore } from './last-export-store.ts';
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
 * that day comes again and its users already exported are left out by ID) to today in this
 * computer's calendar, never before that day.
 */
export function sinceLastWindow(last: LastExportRecord, today: string): UserFilter {
  const to = today > last.day ? today : last.day;
  return {
    from: last.day,
    to,
    ...(last.externalId === undefined ? {} : { externalId: last.externalId }),
  };
}

/** The day of `now` in this computer's calendar: where "since the last export" ends. */
export const todayOf = (now: Date): string => localDay(now);

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
  if (!options.sinceLast) return ok({ filter, last, skipUserIds: null });
  if (!last) return fail('no_last_export', NO_LAST_EXPORT_MESSAGE, { field: 'sinceLast' });
  return ok({
    filter: sinceLastWindow(last, todayOf(now)),
    last,
    skipUserIds: new Set(last.userIds),
  });
}

/**
 * Whether a successful export of a window ending on `day` becomes the new mark: not when it
 * ends before the current mark (an older window says nothing about what is new), and not when
 * it ends after today (in this computer's calendar and in UTC, whichever is later): users
 * still to come before that day would fall behind the mark and never be exported. Such an
 * export leaves the mark as it was; the next "since the last export" then brings some users
 * again rather than miss any.
 */
export function markMoves(current: LastExportRecord | null, day: string, now: Date): boolean {
  if (current && day < current.day) return false;
  const local = todayOf(now);
  const utc = now.toISOString().slice(0, 10);
  return day <= local || day <= utc;
}

export interface ExportCost {
  /** Requests the export makes at most (the count already made is not included). */
  requests: number;
  /** About how long they take under the allowance at the current share. */
  estimatedMs: number;
}

/** What exporting `users` of `plan`'s window with `options` costs, said before it starts. */
export function exportCost(
  users: number,
  filter: Pick<UserFilter, 'from' | 'to'>,
  options: Pick<ExportOptions, 'withDay' | 'withAccounts'>,
  allowance: Pick<ExportAllowance, 'estimateMs'>,
  concurrency = DEFAULT_EXPORT_CONCURRENCY,
): ExportCost {
  const requests = exportRequestBound({
    users,
    days: windowDays(filter.from, filter.to),
    withDay: options.withDay,
    withAccounts: options.withAccounts,
  });
  return { requests, estimatedMs: allowance.estimateMs(requests, concurrency) };
}
