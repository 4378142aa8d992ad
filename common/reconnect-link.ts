// The public widget link that sends a person back to connect (Palenca sends no invitations:
// the company shares this link), and the language it opens in. The language is for the
// *worker* who opens it, not for the person using this app: it follows the country of their
// accounts, and the app's own language only when no country says otherwise.
import type { Environment, LinkLanguage, Locale } from './models.ts';

export const WIDGET_LINK_BASE = 'https://connect.palenca.com/';

/** Countries where Palenca's platforms work in Spanish. Brazil is Portuguese; the rest fall back. */
const SPANISH_COUNTRIES = new Set([
  'mx',
  'co',
  'ar',
  'cl',
  'pe',
  'ec',
  'uy',
  'py',
  'bo',
  've',
  'gt',
  'cr',
  'pa',
  'do',
  'sv',
  'hn',
  'ni',
  'es',
]);

/** Palenca's widget takes `es`, `en` and `pt`: the app's `pt-BR` is its `pt`. */
export const linkLanguageOfLocale = (locale: Locale): LinkLanguage =>
  locale === 'pt-BR' ? 'pt' : locale;

/**
 * The worker's language from their accounts' countries: the commonest country that names a
 * language decides (`br` → `pt`, a Spanish-speaking country → `es`); none: the app's language.
 */
export function linkLanguageFor(
  countries: ReadonlyArray<string | null | undefined>,
  appLocale: Locale,
): LinkLanguage {
  const votes = new Map<LinkLanguage, number>();
  for (const raw of countries) {
    const country = (raw ?? '').trim().toLowerCase();
    const language = country === 'br' ? 'pt' : SPANISH_COUNTRIES.has(country) ? 'es' : null;
    if (language) votes.set(language, (votes.get(language) ?? 0) + 1);
  }
  let best: LinkLanguage | null = null;
  for (const [language, count] of votes) {
    if (best === null || count > (votes.get(best) ?? 0)) best = language;
  }
  return best ?? linkLanguageOfLocale(appLocale);
}

export interface ReconnectLinkInput {
  widgetId: string;
  externalId: string;
  language: LinkLanguage;
  environment: Environment;
}

/** The link, its values encoded exactly (an external ID may hold `&`, `#`, spaces, accents). */
export function reconnectLink({
  widgetId,
  externalId,
  language,
  environment,
}: ReconnectLinkInput): string {
  const params = new URLSearchParams({
    widget_id: widgetId,
    external_id: externalId,
    lang: language,
  });
  if (environment === 'sandbox') params.set('is_sandbox', 'true');
  return `${WIDGET_LINK_BASE}?${params.toString()}`;
}
