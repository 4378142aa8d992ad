// Pure date helpers for the filters: the presets, the range check, and days as words.
// Days are `YYYY-MM-DD` strings of the person's local calendar.
import type { DatePreset } from '../../../electron/shared/models.ts';

export interface DayRange {
  from: string;
  to: string;
}

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
    case 'last7':
      return { from: isoDay(shifted(today, -6)), to: isoDay(today) };
    case 'last30':
      return { from: isoDay(shifted(today, -29)), to: isoDay(today) };
    case 'thisMonth':
      return { from: isoDay(new Date(y, m, 1)), to: isoDay(today) };
    case 'lastMonth':
      return { from: isoDay(new Date(y, m - 1, 1)), to: isoDay(new Date(y, m, 0)) };
    case 'thisYear':
      return { from: isoDay(new Date(y, 0, 1)), to: isoDay(today) };
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

/** True only for a real calendar day written `YYYY-MM-DD` (2023-02-30 is false). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export type RangeProblem = 'empty' | 'invalid' | 'after_to';

/** What is wrong with each field, if anything. A range with no problems may be sent. */
export function checkRange(range: DayRange): { from?: RangeProblem; to?: RangeProblem } {
  const problems: { from?: RangeProblem; to?: RangeProblem } = {};
  if (!range.from.trim()) problems.from = 'empty';
  else if (!isCalendarDay(range.from)) problems.from = 'invalid';
  if (!range.to.trim()) problems.to = 'empty';
  else if (!isCalendarDay(range.to)) problems.to = 'invalid';
  if (!problems.from && !problems.to && range.from > range.to) problems.from = 'after_to';
  return problems;
}

/** A day as a UTC date, so formatting it never shifts it across midnight. */
export const dayAsDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
