// The "About this export" sheet of a workbook: the record of the export (the same facts as the
// history entry) as label/value rows, the labels in the person's language (English in the CLI).
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import { formatMessage } from '#common/i18n/format-message.ts';
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import type { Locale } from '#common/models.ts';
import type { ExportAbout } from './row-sink.ts';

type CatalogKey = keyof typeof en;
const CATALOGS: Record<Locale, Partial<Record<CatalogKey, string>>> = {
  en,
  es,
  'pt-BR': ptBR,
};

/** The about sheet's name: fixed, like the users sheets' and the column names, for tools. */
export const ABOUT_SHEET = 'About this export';

export type AboutRow = readonly [label: string, value: string | number];

/** An ISO instant as people read it, its zone said: `2026-11-30 06:45:12 UTC`. */
const utcText = (iso: string): string => {
  const at = new Date(iso);
  return Number.isNaN(at.getTime())
    ? iso
    : `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};

/** The record's rows, in the order shown; a note on connected_on's time zone when it is there. */
export function aboutRows(about: ExportAbout, locale: Locale = 'en'): AboutRow[] {
  const catalog = CATALOGS[locale];
  // A key a catalog lacks falls back to English, as everywhere else.
  const t = (key: CatalogKey) => formatMessage(catalog[key] ?? en[key], {}, locale);
  const options = [
    about.options.withDay ? t('xlsx_option_with_day') : null,
    about.options.withAccounts ? t('xlsx_option_with_accounts') : null,
    about.options.sinceLast ? t('xlsx_option_since_last') : null,
  ].filter((o): o is string => o !== null);
  const rows: AboutRow[] = [
    [
      t('xlsx_about_environment'),
      t(about.environment === 'production' ? 'environment_production' : 'environment_sandbox'),
    ],
    [t('xlsx_about_from'), about.filter.from],
    [t('xlsx_about_to'), about.filter.to],
    [t('xlsx_about_external_id'), about.filter.externalId ?? t('xlsx_about_no_filter')],
    [t('xlsx_about_format'), t(about.format === 'xlsx' ? 'xlsx_format_xlsx' : 'xlsx_format_csv')],
    [t('xlsx_about_options'), options.length > 0 ? options.join('; ') : t('xlsx_about_no_options')],
    [t('xlsx_about_rows'), about.rows],
    [t('xlsx_about_started'), utcText(about.startedAt)],
    [t('xlsx_about_finished'), utcText(about.finishedAt)],
    [t('xlsx_about_app_version'), about.appVersion],
  ];
  if (about.options.withDay) rows.push([t('xlsx_about_note'), t('xlsx_about_connected_on_note')]);
  return rows;
}
