// Every text the Electron main process shows to people (menu labels, crash dialogs, the save
// dialog), taken from the renderer's message catalogs (`shell_*` keys), so one set of JSON
// files holds all the app's words. Pure: no electron import, so it is unit-tested under Node.
// The Edit items use Electron roles, whose labels the operating system already translates.
import en from '#common/i18n/en.json' with { type: 'json' };
import es from '#common/i18n/es.json' with { type: 'json' };
import { formatMessage, type MessageValues } from '#common/i18n/format-message.ts';
import ptBR from '#common/i18n/pt-BR.json' with { type: 'json' };
import { activeLocale } from '#common/match-locale.ts';
import type { Locale } from '#common/models.ts';

type CatalogKey = keyof typeof en;
const CATALOGS: Record<Locale, Partial<Record<CatalogKey, string>>> = {
  en,
  es,
  'pt-BR': ptBR,
};

/** Which catalog key each shell string comes from. */
const SHELL_KEYS = {
  appName: 'app_name',
  menuFile: 'shell_menu_file',
  menuEdit: 'shell_menu_edit',
  menuView: 'shell_menu_view',
  menuWindow: 'shell_menu_window',
  menuReload: 'shell_menu_reload',
  crashTitle: 'shell_crash_title',
  crashMessage: 'shell_crash_message',
  crashDetail: 'shell_crash_detail',
  crashDetailNoLog: 'shell_crash_detail_no_log',
  rendererGoneTitle: 'shell_renderer_gone_title',
  rendererGoneMessage: 'shell_renderer_gone_message',
  rendererGoneDetail: 'shell_renderer_gone_detail',
  rendererStoppedTitle: 'shell_renderer_stopped_title',
  rendererStoppedMessage: 'shell_renderer_stopped_message',
  rendererStoppedDetail: 'shell_renderer_stopped_detail',
  openLogFolder: 'shell_open_log_folder',
  quit: 'shell_quit',
  saveDialogTitle: 'shell_save_dialog_title',
  // When the dialog offers more than CSV (the users export: CSV or an Excel workbook).
  saveDialogTitleFile: 'shell_save_dialog_title_file',
  saveDialogFilterCsv: 'shell_save_filter_csv',
  saveDialogFilterXlsx: 'shell_save_filter_xlsx',
  ok: 'shell_ok',
  cancel: 'shell_cancel',
  // The question before a stored key is replaced or removed (key-change-dialog.ts).
  keyRemoveDetail: 'shell_key_remove_detail',
  keyRemoveButton: 'shell_key_remove_button',
  keyReplaceDetail: 'shell_key_replace_detail',
  keyReplaceButton: 'shell_key_replace_button',
  // The Help menu and what "Check for Updates…" says (electron/main/updates/update-dialogs.ts).
  menuHelp: 'shell_menu_help',
  menuAbout: 'shell_menu_about',
  menuCheckUpdates: 'shell_menu_check_updates',
  // The View menu's zoom, and the Help menu's support items (electron/main/help-actions.ts).
  menuZoomIn: 'shell_menu_zoom_in',
  menuZoomOut: 'shell_menu_zoom_out',
  menuActualSize: 'shell_menu_actual_size',
  menuDocs: 'shell_menu_docs',
  menuCopyDiagnostics: 'shell_menu_copy_diagnostics',
  diagnosticsCopiedMessage: 'shell_diagnostics_copied_message',
  diagnosticsCopiedDetail: 'shell_diagnostics_copied_detail',
  updatesTitle: 'shell_updates_title',
  updatesOffMessage: 'shell_updates_off_message',
  updatesOffDevelopment: 'shell_updates_off_development',
  updatesOffBuild: 'shell_updates_off_build',
  updatesOffSystemPackage: 'shell_updates_off_system_package',
  updatesOffNotAppImage: 'shell_updates_off_not_appimage',
  updatesOffNoFeed: 'shell_updates_off_no_feed',
  updatesOffDownload: 'shell_updates_off_download',
  updatesOffAskIt: 'shell_updates_off_ask_it',
  updatesOpenPage: 'shell_updates_open_page',
  updatesNoneMessage: 'shell_updates_none_message',
  updatesDownloadingMessage: 'shell_updates_downloading_message',
  updatesDownloadingDetail: 'shell_updates_downloading_detail',
  updatesReadyMessage: 'shell_updates_ready_message',
  updatesReadyDetail: 'shell_updates_ready_detail',
  updatesRestart: 'shell_updates_restart',
  updatesLater: 'shell_updates_later',
  updatesFailedMessage: 'shell_updates_failed_message',
  updatesFailedDetail: 'shell_updates_failed_detail',
  updatesExportRunningMessage: 'shell_updates_export_running_message',
  updatesExportRunningDetail: 'shell_updates_export_running_detail',
} as const satisfies Record<string, CatalogKey>;

/** The strings, and their language (for the texts formatted when said, see shellMessage). */
export type ShellStrings = { readonly [K in keyof typeof SHELL_KEYS]: string } & {
  readonly locale: Locale;
};

/** Texts with counts or names in them (the export notification), formatted when said. */
const SHELL_MESSAGE_KEYS = [
  'shell_export_done_title',
  'shell_export_done_body',
  'shell_export_failed_title',
  'shell_export_failed_body',
  'shell_key_remove_message',
  'shell_key_replace_message',
] as const satisfies readonly CatalogKey[];
export type ShellMessageKey = (typeof SHELL_MESSAGE_KEYS)[number];

/** One of those texts in `locale` with its values; a key a catalog lacks falls back to English. */
export const shellMessage = (locale: Locale, key: ShellMessageKey, values: MessageValues): string =>
  formatMessage(CATALOGS[locale][key] ?? en[key], values, locale);

/** The shell's strings in a catalog locale; a key a catalog lacks falls back to English. */
export function shellStringsFor(locale: Locale): ShellStrings {
  const catalog = CATALOGS[locale];
  const entries = Object.entries(SHELL_KEYS).map(([name, key]) => [
    name,
    formatMessage(catalog[key] ?? en[key], {}, locale),
  ]);
  return { ...Object.fromEntries(entries), locale } as ShellStrings;
}

/**
 * The shell's strings for the person's choice in settings, or (null) the OS locale, e.g.
 * `app.getLocale()`'s `es-MX`, matched the same way the renderer matches it.
 */
export const shellStrings = (choice: Locale | null, systemLocale: string): ShellStrings =>
  shellStringsFor(activeLocale(choice, systemLocale));
