// Pure date helpers for the filters: the presets, the range check, and days as words.
// Days are `YYYY-MM-DD` strings of the person's local calendar.
import { isCalendarDay } from '../../../electron/shared/calendar-day.ts';
import type { DatePreset } from '../../../electron/shared/models.ts';

/** True only for a real day from 0001 to 9999: the same check as the backend's and the CLI's. */
export { isCalendarDay };

export interface DayRange {
  from: string;
  to: string;
}

/**
 * The days the date fields accept: a plausibility bound of the page, not the contract's
 * format check (which takes any real day). Palenca has no user before it existed, and a
 * five-digit year is a slip of the keyboard; the fields carry these as `min` and `max`.
 */
export const DAY_MIN = '2015-01-01';
export const DAY_MAX = '2100-12-31';

/**
 * Where "All time" starts. Palenca launched in 2020; a year earlier leaves a margin for test
 * data and time zones while keeping the window (and so the chart's buckets) no longer than
 * the data can be.
 */
export const ALL_TIME_FROM = '2019-01-01';

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `date` as `YYYY-MM-DD`. */
export const isoDay = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const shifted = (today: Date, days: number) =>
  new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);

/** The days a preset stands for, counted from `today`; null for `custom`. */
export function presetRange(preset: DatePreset, today = new Date()): DayRange | null {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (preset) {
    case 'today':
      return { from: isoDay(today), to: isoDay(today) };
    case 'yesterday': {
      const yesterday = isoDay(shifted(today, -1));
      return { from: yesterday, to: yesterday };
    }
    case 'last7':
      return { from: isoDay(shifted(today, -6)), to: isoDay(today) };
    case 'last30':
      return { from: isoDay(shifted(today, -29)), to: isoDay(today) };
    case 'last90':
      return { from: isoDay(shifted(today, -89)), to: isoDay(today) };
    case 'thisMonth':
      return { from: isoDay(new Date(y, m, 1)), to: isoDay(today) };
    case 'lastMonth':
      return { from: isoDay(new Date(y, m - 1, 1)), to: isoDay(new Date(y, m, 0)) };
    case 'thisYear':
      return { from: isoDay(new Date(y, 0, 1)), to: isoDay(today) };
    case 'allTime':
      return { from: ALL_TIME_FROM, to: isoDay(today) };
    case 'custom':
      return null;
  }
}

/**
 * The days a search sends: a preset is counted again from `today` (a window left open past
 * midnight must not send yesterday's "Today"); custom days are sent as typed.
 */
export function searchRange(
  form: { preset: DatePreset; from: string; to: string },
  today = new Date(),
): DayRange {
  return presetRange(form.preset, today) ?? { from: form.from, to: form.to };
}

export type RangeProblem = 'empty' | 'invalid' | 'too_early' | 'too_late' | 'after_to';
export type RangeProblems = { from?: RangeProblem; to?: RangeProblem };

/** A real day outside DAY_MIN..DAY_MAX: said at the field as soon as it is typed. */
export function outOfBounds(day: string): 'too_early' | 'too_late' | undefined {
  // A date field takes years of five digits and more (12026): a slip past the bound too.
  if (/^\d{5,}-\d{2}-\d{2}$/.test(day)) return 'too_late';
  if (!isCalendarDay(day)) return undefined;
  if (day < DAY_MIN) return 'too_early';
  if (day > DAY_MAX) return 'too_late';
  return undefined;
}

/** The problems worth saying while the person types: only days outside the bound. */
export function checkBounds(range: DayRange): RangeProblems {
  const from = outOfBounds(range.from);
  const to = outOfBounds(range.to);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/**
 * What is wrong with each field, if anything. A range with no problems may be sent. An
 * inverted range is one problem, said once, at From.
 */
export function checkRange(range: DayRange): RangeProblems {
  const fieldProblem = (day: string): RangeProblem | undefined => {
    if (!day.trim()) return 'empty';
    return outOfBounds(day) ?? (isCalendarDay(day) ? undefined : 'invalid');
  };
  const to = fieldProblem(range.to);
  let from = fieldProblem(range.from);
  if (!from && !to && range.from > range.to) from = 'after_to';
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** A day as a UTC date, so formatting it never shifts it across midnight. */
export const dayAsDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
