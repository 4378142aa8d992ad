// The app's translator. Catalogs are flat JSON files in common/i18n/ (main's menus and dialogs
// use them too) named after the locale (`en.json`, `es.json`, `pt-BR.json`); keys are alphabetised snake_case, grouped by a prefix naming the
// screen or component (`filters_`, `table_`, `accounts_`…), with `error_<code>` for every
// error code and `common_` for words used everywhere. English is bundled; the others are
// loaded on demand, and any key a catalog lacks falls back to English.

import { BAD_INPUT_CODES } from '#common/error-codes.ts';
import en from '#common/i18n/en.json';
import { formatMessage, type MessageValues } from '#common/i18n/format-message.ts';
import { activeLocale, matchLocale } from '#common/match-locale.ts';
import type { Locale } from '#common/models.ts';
import type { AppError } from '#common/result.ts';

export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

// One loader per language, written out: a new Locale without a catalog fails the typecheck,
// and Vite splits each catalog into its own file, loaded only when chosen.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalog }>> = {
  es: () => import('#common/i18n/es.json'),
  'pt-BR': () => import('#common/i18n/pt-BR.json'),
};

// When the OS speaks another language, numbers and dates follow the region the catalog is
// written for: Latin American Spanish writes 1,234 and "1 mar 2026", not Spain's 1234.
const FORMAT_DEFAULTS: Partial<Record<Locale, string>> = { es: 'es-419' };

class I18n {
  #locale = $state<Locale>('en');
  #formatLocale = $state('en');
  #catalog = $state.raw<Catalog>({});

  /** The catalog in use. */
  get locale(): Locale {
    return this.#locale;
  }

  /** The BCP 47 tag for Intl formatting: the OS's own variant when it matches (es-MX). */
  get formatLocale(): string {
    return this.#formatLocale;
  }

  /** `choice` is the person's setting; null follows the OS locale. */
  async use(choice: Locale | null, systemLocale: string): Promise<void> {
    const locale = activeLocale(choice, systemLocale);
    const loader = locale === 'en' ? undefined : loaders[locale];
    let catalog: Catalog = {};
    if (loader) {
      try {
        catalog = (await loader()).default;
      } catch {
        catalog = {};
      }
    }
    this.#catalog = catalog;
    this.#locale = locale;
    this.#formatLocale =
      matchLocale(systemLocale) === locale ? systemLocale : (FORMAT_DEFAULTS[locale] ?? locale);
    document.documentElement.lang = locale;
  }

  t = (key: MessageKey, values?: MessageValues): string =>
    formatMessage(this.#catalog[key] ?? en[key], values, this.#formatLocale);

  /** Plain words for an error from the backend: never its code or HTTP status. */
  error = (error: AppError): string => {
    if (BAD_INPUT_CODES.includes(error.code) && error.field) {
      return this.t('error_bad_request_field', { field: error.field });
    }
    if (error.code === 'rate_limited' && error.retryAfterSeconds) {
      return this.t('error_rate_limited_wait', { seconds: error.retryAfterSeconds });
    }
    return this.t(`error_${error.code}`);
  };
}

export const i18n = new I18n();
export const t = i18n.t;
