// The day Palenca's date filter files a user under. Palenca does not publish which time zone
// its `start_date`/`end_date` use; this app assumes UTC, like the API's own timestamps, and
// this file is the one place that assumption lives (README says it is not confirmed).
import { localDay } from '#common/days.ts';

/** The time zone Palenca's date filter is assumed to use. */
export const FILING_TIME_ZONE = 'UTC';

/** The first instant of `day` (YYYY-MM-DD) in the filing time zone: a workbook's date cell. */
export function filingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

const DAY_MS = 86_400_000;

/** Every day from `to` back to `from` (both included, YYYY-MM-DD), newest first. */
export function daysNewestFirst(from: string, to: string): string[] {
  const days: string[] = [];
  const first = filingDayStart(from).getTime();
  for (let at = filingDayStart(to).getTime(); at >= first; at -= DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** The day before `day` (YYYY-MM-DD). */
export const dayBefore = (day: string): string =>
  new Date(filingDayStart(day).getTime() - DAY_MS).toISOString().slice(0, 10);

/**
 * The days Palenca may be filing new users under right now: between this computer's day and
 * the UTC day (the assumed filing zone), whichever comes first and last. Hedged on both, so a
 * wrong assumption costs a later export, never a missed user:
 * - `latest`: no user can be filed after it yet, so a window ending later ends here;
 * - `earliest`: users may still be filed under it, and under no day before it, so "since the
 *   last export" ends here and its mark (the IDs of its newest day) never lies before a day
 *   still being filled.
 */
export function filingDaysNow(now: Date): { earliest: string; latest: string } {
  const local = localDay(now);
  const utc = now.toISOString().slice(0, 10);
  return local < utc ? { earliest: local, latest: utc } : { earliest: utc, latest: local };
}
