// Locale-aware formatting through Intl, for the active catalog locale. Never hand-built.
import { i18n } from '../i18n/i18n.svelte.ts';
import { dayAsDate } from './dates.ts';

export const formatNumber = (n: number): string =>
  new Intl.NumberFormat(i18n.formatLocale).format(n);

/** A `YYYY-MM-DD` day in words, e.g. "March 1, 2026". */
export const formatDay = (day: string, style: 'long' | 'medium' = 'long'): string =>
  new Intl.DateTimeFormat(i18n.formatLocale, { dateStyle: style, timeZone: 'UTC' }).format(
    dayAsDate(day),
  );

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
