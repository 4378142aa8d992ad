// Chromium formats some controls itself, in its own locale rather than the page's: the
// `<input type="date">` fields show dd/mm/yyyy or mm/dd/yyyy by it. That locale is fixed when
// the app starts (the `lang` switch), so main sets it from the saved language before ready.
// Pure: no electron import, so it is unit-tested under Node.
import type { Locale } from '#common/models.ts';

/** Chromium's locale for each app language (Chromium ships en-US, es-419 and pt-BR). */
export const CHROMIUM_LANG: Readonly<Record<Locale, string>> = {
  en: 'en-US',
  // Latin American Spanish: the app's users are in LatAm (day/month/year, like Mexico).
  es: 'es-419',
  'pt-BR': 'pt-BR',
};

/**
 * The `lang` switch for the saved language, or null for "System default" (no saved choice):
 * Chromium then follows the OS locale by itself, as the app's words do.
 */
export const chromiumLangFor = (saved: Locale | null): string | null =>
  saved === null ? null : CHROMIUM_LANG[saved];
