// Plain data types shared by main, preload and renderer. No behaviour here.
import type { AccountStatusGroup, AccountStatusReason } from './account-status.ts';
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

/** The two file formats of an export, chosen by the saved file's extension. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export holds beyond the users' three IDs, and which users (issue 18). */
export interface ExportOptions {
  /**
   * Adds the column `connected_on`: the day Palenca's date filter files each user under.
   * The window is walked one day at a time (newest first); the rows are the same.
   */
  withDay: boolean;
  /**
   * Adds a summary of each user's accounts (how many, platforms, grouped status, last
   * successful connection): one request per user, paced at the background share.
   */
  withAccounts: boolean;
  /**
   * Only the users new since the last successful export of the same environment and
   * external-ID filter: the window runs from that export's newest day to today, and the
   * users of that day it already held are left out.
   */
  sinceLast: boolean;
}

export const NO_EXPORT_OPTIONS: ExportOptions = {
  withDay: false,
  withAccounts: false,
  sinceLast: false,
};

/**
 * One export in the history: what was exported, when, by which version, and the file's
 * SHA-256. Every field added after the first version is optional, so a history written
 * by an older version still reads.
 */
export interface ExportHistoryEntry {
  id: string;
  finishedAt: string;
  environment: Environment;
  /** The window exported (for "since the last export", the one computed). */
  filter: UserFilter;
  rows: number;
  path: string;
  /** Absent in entries of older versions: those were all CSV. */
  format?: ExportFormat;
  options?: ExportOptions;
  startedAt?: string;
  appVersion?: string;
  /** Hex SHA-256 of the file as it was renamed into place. */
  sha256?: string;
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
  /** Off by default: also write `<file>.record.json` next to each export, the history entry. */
  exportRecordFile: boolean;
  /** The format of the last export, suggested next time (the saved name's extension decides). */
  exportFormat: ExportFormat;
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
  /** Users in the window counted (Palenca's `total_items`). */
  users: number;
  /**
   * Requests the export with the options asked will make, at most (pages, checks, one per
   * day with `withDay`, one per user with `withAccounts`; the count already made).
   */
  requests: number;
  /** Expected duration under the allowance at the current share. */
  estimatedMs: number;
  share: AllowanceShare;
  /** The window counted and exported: the one asked, or with `sinceLast` the one computed. */
  filter: UserFilter;
  /**
   * The last successful export of this environment and external-ID filter, which "since the
   * last export" continues from; null when there is none (the option is then unavailable).
   */
  lastExport: LastExportMark | null;
  /**
   * The most users `withAccounts` allows: more would take over an hour at the current share
   * (the option is then disabled, saying so).
   */
  accountsLimit: number;
}

/** What "since the last export" continues from (its users of that day are kept aside). */
export interface LastExportMark {
  /** The newest day of that export's window, YYYY-MM-DD: the next window starts here. */
  day: string;
  finishedAt: string;
  /** How many users of that day it held (left out when they come again). */
  usersOfDay: number;
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
  | { status: 'dialog_cancelled' }
  /**
   * "Since the last export" found nobody new: no file is saved (the one chosen is left as it
   * was) and nothing is added to the history. `since` is the last export's newest day.
   */
  | { status: 'nothing_new'; since: string };

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

// ---- Connections (issue 17): every connection attempt of a window, and who needs follow-up ----

/** One connection attempt as `POST /logins/search` gives it; fields Palenca left out are null. */
export interface PalencaLogin {
  id: string;
  account_id: string;
  platform: string | null;
  status: string | null;
  status_details: string | null;
  /** `widget`, `api`, `refresh`, `console`, `bulk_upload`, … */
  source: string | null;
  /** Palenca's own English words, shown labelled as Palenca's. */
  message: string | null;
  recommendation: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface LoginsPage {
  logins: PalencaLogin[];
  /** As Palenca sent it: `items_per_page` may be smaller than asked (its largest is not published). */
  pagination: Pagination;
}

/** What reading a window's attempts will cost, said before it starts. */
export interface ConnectionsEstimate {
  /** Attempts in the window (Palenca's `total_items`). */
  attempts: number;
  /** Requests the summary makes, the one already made included. */
  requests: number;
  /** Expected duration under the allowance at the current share (background). */
  estimatedMs: number;
  share: AllowanceShare;
}

/** Counts of attempts per group; the groups are account-status.ts's, the one definition. */
export type GroupCounts = Record<AccountStatusGroup, number>;

export interface PlatformSummary {
  /** Palenca's platform code (`uber`, …); `''` for attempts with none. */
  platform: string;
  total: number;
  groups: GroupCounts;
}

/** One reason among the attempts that did not connect. */
export interface ReasonSummary {
  /** Palenca's `status_details` (lower case, trimmed), or its `status` when it sent no details. */
  code: string;
  /** Our catalogue's entry for it; `unknown` when we have none (the raw code is shown). */
  reason: AccountStatusReason;
  group: AccountStatusGroup;
  count: number;
  /** Palenca's own words from one attempt with this reason, shown under Details. */
  message: string | null;
  recommendation: string | null;
}

/** The attempts that need follow-up: every group but `connected`. */
export const FOLLOW_UP_GROUPS = ['action', 'waiting', 'failed', 'unknown'] as const;
export type FollowUpGroup = (typeof FOLLOW_UP_GROUPS)[number];

/** The most follow-up attempts kept for paging; past it the person is asked for a shorter window. */
export const MAX_FOLLOW_UPS = 200_000;

export interface ConnectionsSummary {
  /** Names the kept follow-up list for `getFollowUps` and `exportFollowUps`. */
  loadId: string;
  from: string;
  to: string;
  /** Every attempt read; the groups' counts add up to it. */
  attempts: number;
  groups: GroupCounts;
  /** Busiest first. */
  platforms: PlatformSummary[];
  /** Commonest first; at most 10. */
  reasons: ReasonSummary[];
  /** Attempts that need follow-up (all of them, kept or not). */
  followUps: number;
  /** More than MAX_FOLLOW_UPS: the list was not kept (the counts are complete). */
  followUpsTooMany: boolean;
  /** When the last page was read (ISO). */
  readAt: string;
}

/** A connections load's progress, pushed while the window's pages are read. */
export interface ConnectionsProgress {
  requestId: string;
  pagesDone: number;
  pagesTotal: number;
  remainingMs: number | null;
  allowance: AllowanceStatus;
}

/** One attempt in the follow-up list: only what the list shows, and the ids to open it. */
export interface FollowUp {
  loginId: string;
  accountId: string;
  platform: string | null;
  status: string | null;
  statusDetails: string | null;
  source: string | null;
  createdAt: string | null;
  group: FollowUpGroup;
  reason: AccountStatusReason;
}

export interface FollowUpFilter {
  /** `''` selects the attempts without a platform; absent: every platform. */
  platform?: string;
  group?: FollowUpGroup;
}

export interface FollowUpPage {
  items: FollowUp[];
  /** Of the filtered list. */
  pagination: Pagination;
}

export type FileExportOutcome =
  | { status: 'done'; path: string; rows: number }
  | { status: 'dialog_cancelled' };

// ---- Reconcile a list (issue 17): which of our customers' external IDs Palenca knows ----

/** The most IDs one reconcile takes. */
export const MAX_RECONCILE_IDS = 5_000;
/** The longest external ID sent; longer ones are reported, never sent. */
export const MAX_EXTERNAL_ID_LENGTH = 200;

/** How a pasted or opened list reads: said before anything is sent. */
export interface IdListReading {
  /** The header row's names when the text is a table with one; null for a plain list. */
  columns: string[] | null;
  /** The column the IDs are taken from; null for a plain list. */
  column: string | null;
  /** Distinct IDs that will be looked up, in the list's order. */
  ids: number;
  duplicates: number;
  blanks: number;
  /** IDs longer than MAX_EXTERNAL_ID_LENGTH: reported, not sent. First few, by line. */
  tooLong: { line: number; length: number }[];
  tooLongCount: number;
  /** IDs whose surrounding spaces were removed (kept as IDs, said so the person knows). */
  trimmed: number;
  /** Distinct IDs past MAX_RECONCILE_IDS (the list is refused when > 0). */
  overLimit: number;
  /** The first few IDs, for the person to see the right column was picked. */
  sample: string[];
}

/** What a reconcile will cost, said before it starts. */
export interface ReconcileEstimate {
  reading: IdListReading;
  /** One search per ID. */
  requests: number;
  /** With statuses: plus one per user found, at most one per ID. */
  maxRequests: number;
  estimatedMs: number;
  maxEstimatedMs: number;
  share: AllowanceShare;
}

export interface ReconcileAccount {
  platform: string | null;
  group: AccountStatusGroup;
}

export interface ReconcileRow {
  externalId: string;
  found: boolean;
  /** The users with this external ID (newest first); several when it was used more than once. */
  userIds: string[];
  widgetId: string | null;
  /** With statuses only: the accounts of the first user, grouped; null when not asked. */
  accounts: ReconcileAccount[] | null;
  /** Longer than MAX_EXTERNAL_ID_LENGTH: kept in the results, never looked up. */
  tooLong?: true;
}

export interface ReconcileJob {
  environment: Environment;
  withStatus: boolean;
  total: number;
  done: number;
  found: number;
  notFound: number;
  /** `paused`: stopped (cancelled, or the app closed) with the rest pending; resumable. */
  state: 'running' | 'paused' | 'done';
  startedAt: string;
  /** Expected time left under the allowance; null when done. */
  remainingMs: number | null;
}

export interface ReconcileProgress {
  job: ReconcileJob;
  allowance: AllowanceStatus;
}

export type ReconcileShow = 'all' | 'found' | 'not_found';

export interface ReconcilePage {
  rows: ReconcileRow[];
  pagination: Pagination;
}

/** The widget link's language for the worker who opens it: Palenca takes these three. */
export const LINK_LANGUAGES = ['es', 'en', 'pt'] as const;
export type LinkLanguage = (typeof LINK_LANGUAGES)[number];
