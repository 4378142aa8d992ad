// How the Connections view names what Palenca sends: a platform (brand names, or "Unknown
// platform" when an attempt has none) and an attempt's source.
import { t } from '../../../i18n/i18n.svelte.ts';
import { formatPlatform } from '../../../lib/format.ts';

export const platformName = (code: string | null): string =>
  code ? formatPlatform(code) : t('accounts_unknown_platform');

/** Palenca's known sources in words; one it adds later is shown as sent. */
export const sourceName = (source: string | null): string =>
  source ? t('connections_source', { source }) : t('common_unknown');
