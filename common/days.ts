// Days, written `YYYY-MM-DD`, as every process uses them: the one check that a text is a real
// calendar day (the backend, the CLI and the page must never disagree), the local calendar day
// of a moment, and the days a date preset stands for (the page's filter and the settings of a
// first start count them the same way). A day is always the person's LOCAL calendar day; the
// one place that needs a UTC day (the allowance's server clock) says so in its own name.
// The check is plain arithmetic, no Date: `Date.UTC` reads years 0–99 as 1900–1999, which once
// refused every day of the years 0001–0099.
import type { DatePreset } from './models.ts';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Gregorian leap years: every fourth year, but not centuries unless divisible by 400. */
const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** How many days `month` (1–12) of `year` has. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

/** True only for a real day from 0001-01-01 to 9999-12-31 written `YYYY-MM-DD`. */
export function isCalendarDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export interface DayRange {
  from: string;
  to: string;
}

/**
 * Where "All time" starts. Palenca launched in 2020; a year earlier leaves a margin for test
 * data and time zones while keeping the window (and so the chart's buckets) no longer than
 * the data can be.
 */
export const ALL_TIME_FROM = '2019-01-01';

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `date` as `YYYY-MM-DD`. */
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const shifted = (today: Date, days: number) =>
  new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);

/** The days a preset stands for, counted from `today`; null for `custom` (typed days). */
export function presetRange(preset: DatePreset, today = new Date()): DayRange | null {
  return preset === 'custom' ? null : presetDays(preset, today);
}

/** The days of a named preset (every preset but `custom`), counted from `today`. */
export function presetDays(preset: Exclude<DatePreset, 'custom'>, today = new Date()): DayRange {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (preset) {
    case 'today':
      return { from: localDay(today), to: localDay(today) };
    case 'yesterday': {
      const yesterday = localDay(shifted(today, -1));
      return { from: yesterday, to: yesterday };
    }
    case 'last7':
      return { from: localDay(shifted(today, -6)), to: localDay(today) };
    case 'last30':
      return { from: localDay(shifted(today, -29)), to: localDay(today) };
    case 'last90':
      return { from: localDay(shifted(today, -89)), to: localDay(today) };
    case 'thisMonth':
      return { from: localDay(new Date(y, m, 1)), to: localDay(today) };
    case 'lastMonth':
      return { from: localDay(new Date(y, m - 1, 1)), to: localDay(new Date(y, m, 0)) };
    case 'thisYear':
      return { from: localDay(new Date(y, 0, 1)), to: localDay(today) };
    case 'allTime':
      return { from: ALL_TIME_FROM, to: localDay(today) };
  }
}
