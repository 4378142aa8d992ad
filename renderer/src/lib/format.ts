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

/** A duration such as "1 min 5 s", from milliseconds. */
export const formatDuration = (ms: number): string => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const unit = (value: number, u: 'minute' | 'second') =>
    new Intl.NumberFormat(i18n.formatLocale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'narrow',
    }).format(value);
  return minutes > 0
    ? `${unit(minutes, 'minute')} ${unit(seconds % 60, 'second')}`
    : unit(seconds, 'second');
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
