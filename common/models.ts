// Plain data types shared by main, preload and renderer. No behaviour here.
import type { ErrorCode } from './error-codes.ts';

export const ENVIRONMENTS = ['sandbox', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const PAGE_SIZES = [25, 50, 100, 150] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export const LOCALES = ['en', 'es', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * How much of the organisation's Palenca request allowance this app may use, in percent.
 * Palenca's allowance is shared with the organisation's own integration.
 */
export const ALLOWANCE_SHARES = [25, 50, 75, 100] as const;
export type AllowanceShare = (typeof ALLOWANCE_SHARES)[number];
export const DEFAULT_ALLOWANCE_SHARE: AllowanceShare = 50;

/**
 * What the pacing governor is doing, for the person:
 * - `paced`: requests go out spread across Palenca's window, within the app's share;
 * - `held_back`: the organisation's other requests use the window, so the app takes less;
 * - `waiting`: Palenca refused a request (429); nothing is sent until `until`.
 */
export interface AllowanceStatus {
  state: 'paced' | 'held_back' | 'waiting';
  /** When the wait ends (epoch ms, this computer's clock); null unless `waiting`. */
  until: number | null;
}

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

/**
 * One account as `GET /accounts/{id}` gives it: the list's fields plus Palenca's own English
 * words about it, shown labelled as Palenca's, never mixed into the app's translated text.
 */
export interface AccountDetails extends PalencaAccount {
  message: string | null;
  recommendation: string | null;
  /** E.g. `banned`, `not_registered`, `fleet_account`. */
  warning: string | null;
  next_step: string | null;
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
  /**
   * Present (true) when the key was saved without asking Palenca and no call with it has
   * succeeded since: the app shows it as "not yet checked". The CLI does not track this.
   */
  unverified?: true;
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
  /** The date window for next time; an external ID is a one-off lookup, never remembered. */
  filter: { from: string; to: string; preset: DatePreset };
  pageSize: PageSize;
  exportFolder: string | null;
  /** null until the person picks one: the app then follows the OS locale. */
  locale: Locale | null;
  /** The separator follows the computer's region until the person picks one. */
  csv: CsvOptions;
  /** Whether the person picked the separator in Settings (then it no longer follows the region). */
  csvDelimiterChosen: boolean;
  /** Environments whose key was saved without a check and has not worked since (never the key). */
  uncheckedKeys: Environment[];
  /** Percent of the organisation's Palenca allowance this app may use. */
  allowanceShare: AllowanceShare;
  exportHistory: ExportHistoryEntry[];
}

export const DATE_PRESETS = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'last90',
  'thisMonth',
  'lastMonth',
  'thisYear',
  'allTime',
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
  /** Whether the export is paced, held back by other traffic, or waiting out a refusal. */
  allowance: AllowanceStatus;
  /**
   * The app's panel only (the engine never sets it): true from the moment the file is chosen
   * until Palenca's first answer, while nothing but the start is known (the totals are 0).
   */
  connecting?: boolean;
  /** A failed request waiting to be tried again, so the panel can say so; absent otherwise. */
  retry?: ExportRetry | null;
}

/** Why a request of an export is being tried again, and when (epoch ms; null: at once). */
export interface ExportRetry {
  code: ErrorCode;
  until: number | null;
}

/** The one step before every export: what it will cost, said before the save dialog. */
export interface ExportEstimate {
  /** Users in the window (Palenca's `total_items`). */
  users: number;
  /** Requests the export will make (pages and the final check; the count already made). */
  requests: number;
  /** Expected duration under the allowance at the current share. */
  estimatedMs: number;
  share: AllowanceShare;
}

/** A chart load's progress, pushed while its buckets are counted. */
export interface TrendProgress {
  requestId: string;
  /** Buckets counted so far, out of `total` (reused counts included). */
  done: number;
  total: number;
  /** Expected time left under the allowance; null when nothing is left to ask. */
  remainingMs: number | null;
  allowance: AllowanceStatus;
}

/** The allowance state of an environment, pushed when it changes (interactive calls show it). */
export interface AllowanceEvent {
  environment: Environment;
  status: AllowanceStatus;
}

export type ExportOutcome =
  | { status: 'done'; path: string; rows: number; entry: ExportHistoryEntry }
  | { status: 'dialog_cancelled' };

export type TrendGranularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

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
  /**
   * The computer's regional format (Electron's `app.getSystemLocale()`), which may differ
   * from its language: English menus with Brazilian numbers is `pt-BR` here. It decides the
   * CSV separator Excel expects. Absent (tests, the CLI): `systemLocale` stands in.
   */
  systemRegion?: string;
  platform: string;
}
