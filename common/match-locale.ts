// Which of the app's catalogs fits a locale tag. Shared by the renderer (the page's language)
// and main (menus and native dialogs), so both always pick the same language.
import { LOCALES, type Locale } from './models.ts';

/** The catalog locale for an OS locale such as `es-MX` or `pt-PT`; English when none fits. */
export function matchLocale(tag: string): Locale {
  const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const language = tag.split(/[-_]/)[0]?.toLowerCase();
  return LOCALES.find((l) => l.split('-')[0]?.toLowerCase() === language) ?? 'en';
}

/** The person's choice when there is one, else the OS locale's best match. */
export const activeLocale = (choice: Locale | null, systemLocale: string): Locale =>
  choice ?? matchLocale(systemLocale);
