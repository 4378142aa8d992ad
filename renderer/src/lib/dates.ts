// Pure date helpers for the filters: the presets, the range check, and days as words.
// Days are `YYYY-MM-DD` strings of the person's local calendar.
import { type DayRange, isCalendarDay, presetRange } from '#common/days.ts';
import type { DatePreset } from '#common/models.ts';

// The day helpers every process shares, re-exported for the screens.
export {
  ALL_TIME_FROM,
  type DayRange,
  isCalendarDay,
  localDay,
  presetRange,
} from '#common/days.ts';

/**
 * The days the date fields accept: a plausibility bound of the page, not the contract's
 * format check (which takes any real day). Palenca has no user before it existed, and a
 * five-digit year is a slip of the keyboard; the fields carry these as `min` and `max`.
 */
export const DAY_MIN = '2015-01-01';
export const DAY_MAX = '2100-12-31';

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
