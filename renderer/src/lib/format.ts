// Locale-aware formatting through Intl, for the active catalog locale. Never hand-built.
import { i18n } from '../i18n/i18n.svelte.ts';
import { dayAsDate } from './dates.ts';
import { visibleText } from './visible-text.ts';

// Every ID on screen goes through it (kept apart so Node tests can import it without i18n).
export { visibleText };

export const formatNumber = (n: number): string =>
  new Intl.NumberFormat(i18n.formatLocale).format(n);

/** A `YYYY-MM-DD` day in words, e.g. "March 1, 2026". */
export const formatDay = (day: string, style: 'long' | 'medium' = 'long'): string =>
  new Intl.DateTimeFormat(i18n.formatLocale, { dateStyle: style, timeZone: 'UTC' }).format(
    dayAsDate(day),
  );

/**
 * The parameters every "users who connected from … to …" message takes (`export_period`,
 * `trend_period`, `history_filter`, `table_empty_text`): the days in words and the external ID.
 */
export const filterWords = (
  filter: { from: string; to: string; externalId?: string | null },
  style: 'long' | 'medium' = 'long',
) => ({
  from: formatDay(filter.from, style),
  to: formatDay(filter.to, style),
  externalId: visibleText(filter.externalId ?? ''),
  hasExternalId: filter.externalId ? 'yes' : 'no',
});

/** A moment (ISO date-time) in the person's date and time format and time zone. */
export const formatMoment = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.formatLocale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
};

// Intl.DurationFormat is in Chromium (and so Electron) but not yet in TypeScript's ES2023 lib.
interface DurationFormatter {
  format(duration: { minutes?: number; seconds?: number }): string;
}
type DurationFormatConstructor = new (
  locale: string,
  options: { style: 'narrow' | 'short' | 'long' },
) => DurationFormatter;

/** A duration such as "1 min 5 s" (as the locale writes it), from milliseconds. */
export const formatDuration = (ms: number): string => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const duration = minutes > 0 ? { minutes, seconds: seconds % 60 } : { seconds };
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor })
    .DurationFormat;
  if (DurationFormat)
    return new DurationFormat(i18n.formatLocale, { style: 'short' }).format(duration);
  // Older engines: each unit through Intl, joined as a list the locale's way.
  const unit = (value: number, u: 'minute' | 'second') =>
    new Intl.NumberFormat(i18n.formatLocale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
    }).format(value);
  const parts =
    minutes > 0
      ? [unit(minutes, 'minute'), unit(seconds % 60, 'second')]
      : [unit(seconds, 'second')];
  return new Intl.ListFormat(i18n.formatLocale, { type: 'unit', style: 'narrow' }).format(parts);
};

/** A country code (`mx`) as its name in the active language ("Mexico"). */
export const formatCountry = (code: string): string => {
  try {
    return (
      new Intl.DisplayNames(i18n.formatLocale, { type: 'region' }).of(code.toUpperCase()) ?? code
    );
  } catch {
    return code;
  }
};

// Platform names are brand names: the same in every language.
const PLATFORM_NAMES: Record<string, string> = {
  beat: 'Beat',
  cabify: 'Cabify',
  didi: 'DiDi',
  ifood: 'iFood',
  imss: 'IMSS',
  indriver: 'inDrive',
  rappi: 'Rappi',
  uber: 'Uber',
};

export const formatPlatform = (code: string): string =>
  PLATFORM_NAMES[code.toLowerCase()] ?? code.charAt(0).toUpperCase() + code.slice(1);

/** A moment (epoch ms) as a time of day in the person's format, e.g. "14:03" or "2:03 PM". */
export const formatTime = (ms: number): string =>
  new Intl.DateTimeFormat(i18n.formatLocale, { timeStyle: 'short' }).format(new Date(ms));

/**
 * A duration rounded for words, for messages that select on `unit` and pluralise `count`:
 * under a minute; whole minutes below an hour and a half; then hours (halves below ten).
 */
export function roughDuration(ms: number): {
  unit: 'under_minute' | 'minutes' | 'hours';
  count: number;
} {
  if (ms < 60_000) return { unit: 'under_minute', count: 0 };
  const minutes = Math.round(ms / 60_000);
  if (minutes < 90) return { unit: 'minutes', count: minutes };
  const hours = ms / 3_600_000;
  return { unit: 'hours', count: hours < 10 ? Math.round(hours * 2) / 2 : Math.round(hours) };
}

/** The year of a `YYYY-MM-DD` day, as the locale writes years ("2024"). */
export const formatYear = (day: string): string =>
  new Intl.DateTimeFormat(i18n.formatLocale, { year: 'numeric', timeZone: 'UTC' }).format(
    dayAsDate(day),
  );
