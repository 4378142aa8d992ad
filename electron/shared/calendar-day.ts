// The one check that a text is a real calendar day, shared by the backend, the CLI and the
// page so they never disagree. Plain arithmetic, no Date: `Date.UTC` reads years 0–99 as
// 1900–1999, which once refused every day of the years 0001–0099.

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Gregorian leap years: every fourth year, but not centuries unless divisible by 400. */
const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** How many days `month` (1–12) of `year` has. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

/** True only for a real day from 0001-01-01 to 9999-12-31 written `YYYY-MM-DD`. */
export function isCalendarDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
