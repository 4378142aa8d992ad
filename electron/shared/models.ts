// Plain data types shared by main, preload and renderer. No behaviour here.

export const ENVIRONMENTS = ['sandbox', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const PAGE_SIZES = [25, 50, 100, 150] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export const LOCALES = ['en', 'es', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];

export interface PalencaUser {
  user_id: string;
  external_id: string | null;
  widget_id: string;
}

export interface Pagination {
  page: number;
  items_per_page: number;
  total_items: number;
  total_pages: number;
}

export interface UsersPage {
  users: PalencaUser[];
  pagination: Pagination;
}

export interface PalencaAccount {
  account_id: string;
  platform: string | null;
  country: string | null;
  identifier: string | null;
  worker_id: string | null;
  status: string | null;
  status_details: string | null;
  last_successful_connection: string | null;
  created_at: string | null;
}

export interface UserAccounts {
  user_id: string;
  accounts: PalencaAccount[];
}

/** The window the person picked. From is the earliest day, To the latest (both inclusive). */
export interface UserFilter {
  from: string;
  to: string;
  externalId?: string;
}

export interface KeyStatus {
  hasKey: boolean;
  /** Last four characters of the stored key, only when one is stored. Never more. */
  last4: string | null;
}

export type KeyStatuses = Record<Environment, KeyStatus>;

export interface SaveKeyOutcome {
  status: KeyStatus;
  /** False when the person chose to save without a check (no connection). */
  verified: boolean;
}

export type CsvDelimiter = ',' | ';';

export interface CsvOptions {
  delimiter: CsvDelimiter;
  bom: boolean;
}

export interface ExportHistoryEntry {
  id: string;
  finishedAt: string;
  environment: Environment;
  filter: UserFilter;
  rows: number;
  path: string;
}

export interface ExportHistoryItem extends ExportHistoryEntry {
  /** Whether the file is still where it was written. Checked each time the history is read. */
  exists: boolean;
}

export interface Settings {
  environment: Environment;
  filter: UserFilter & { preset: DatePreset };
  pageSize: PageSize;
  exportFolder: string | null;
  /** null until the person picks one: the app then follows the OS locale. */
  locale: Locale | null;
  csv: CsvOptions;
  exportHistory: ExportHistoryEntry[];
}

export const DATE_PRESETS = [
  'today',
  'last7',
  'last30',
  'thisMonth',
  'lastMonth',
  'thisYear',
  'custom',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export interface ExportProgress {
  rowsDone: number;
  rowsTotal: number;
  pagesDone: number;
  pagesTotal: number;
  elapsedMs: number;
  /** null until there is enough progress to estimate. */
  remainingMs: number | null;
}

export type ExportOutcome =
  | { status: 'done'; path: string; rows: number; entry: ExportHistoryEntry }
  | { status: 'dialog_cancelled' };

export type TrendGranularity = 'day' | 'week' | 'month';

export interface TrendBucket {
  /** First and last day of the bucket, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  count: number;
}

export interface Trend {
  granularity: TrendGranularity;
  buckets: TrendBucket[];
}

export interface AppInfo {
  version: string;
  /** The OS locale as reported by the platform, e.g. `es-MX`. */
  systemLocale: string;
  platform: string;
}
