// The one IPC contract. Every call the renderer may make and every event main may push is
// declared here: main registers handlers from `calls`, the preload exposes exactly these
// names, and the renderer's `window.palenca` type is derived from this file.
import { z } from 'zod';
import type { CallName, EventName } from './channels.ts';
import {
  type AccountDetails,
  ALLOWANCE_SHARES,
  type AllowanceEvent,
  type AppInfo,
  type ConnectionsEstimate,
  type ConnectionsProgress,
  type ConnectionsSummary,
  DATE_PRESETS,
  ENVIRONMENTS,
  EXPORT_FORMATS,
  type ExportEstimate,
  type ExportHistoryItem,
  type ExportOutcome,
  type ExportProgress,
  type FileExportOutcome,
  FOLLOW_UP_GROUPS,
  type FollowUpPage,
  type KeyStatuses,
  LOCALES,
  PAGE_SIZES,
  type PalencaUser,
  type ReconcileEstimate,
  type ReconcileJob,
  type ReconcilePage,
  type ReconcileProgress,
  type SaveKeyOutcome,
  type Settings,
  type Trend,
  type TrendProgress,
  type UserAccounts,
  type UsersPage,
} from './models.ts';
import type { Result } from './result.ts';
import type { UpdateState } from './update-state.ts';

export {
  CALL_NAMES,
  type CallName,
  callChannel,
  EVENT_NAMES,
  type EventName,
  eventChannel,
} from './channels.ts';

const environment = z.enum(ENVIRONMENTS);
// Shape only; calendar validity and From <= To are checked by the client with specific messages.
const day = z.string().max(10);
const externalId = z.string().max(1000).optional();
const filter = z.strictObject({ from: day, to: day, externalId });
/** Absent: none of them (the plain export of the window). */
const exportOptions = z
  .strictObject({ withDay: z.boolean(), withAccounts: z.boolean(), sinceLast: z.boolean() })
  .optional();
/** A pasted or opened list of external IDs, as text (a file is read by the page). */
const idListText = z.string().max(10_000_000);
/** Which column of a table holds the IDs, by its header; absent: the first, or a plain list. */
const idColumn = z.string().max(1000).optional();
const followUpFilter = {
  platform: z.string().max(200).optional(),
  group: z.enum(FOLLOW_UP_GROUPS).optional(),
};
const listPage = {
  page: z.number().int().min(1).max(100_000),
  perPage: z.number().int().min(1).max(500),
};
/** Names an interactive call so `cancelRequest` can stop it while it waits (Palenca, allowance). */
const requestId = z.string().max(100);

/** Argument schemas, one per call. `z.undefined()` means the call takes no argument. */
export const callArgs = {
  getAppInfo: z.undefined(),
  getSettings: z.undefined(),
  updateSettings: z.strictObject({
    environment: environment.optional(),
    filter: z
      .strictObject({ from: day, to: day, externalId, preset: z.enum(DATE_PRESETS) })
      .optional(),
    pageSize: z.union(PAGE_SIZES.map((n) => z.literal(n))).optional(),
    locale: z.enum(LOCALES).nullable().optional(),
    csv: z.strictObject({ delimiter: z.enum([',', ';']), bom: z.boolean() }).optional(),
    allowanceShare: z.union(ALLOWANCE_SHARES.map((n) => z.literal(n))).optional(),
    exportRecordFile: z.boolean().optional(),
  }),
  getKeyStatuses: z.undefined(),
  saveKey: z.strictObject({
    environment,
    key: z.string().max(4096),
    /** Save without asking Palenca first: only offered when Palenca could not be reached. */
    skipCheck: z.boolean().optional(),
  }),
  removeKey: z.strictObject({ environment }),
  searchUsers: z.strictObject({
    environment,
    from: day,
    to: day,
    externalId,
    // The client's own bounds (MAX_PAGE, MAX_PER_PAGE in palenca/search-input.ts), here too so
    // a number past 2^53 never gets as far as being rounded.
    page: z.number().int().min(1).max(100_000),
    perPage: z.number().int().min(1).max(150),
    requestId: requestId.optional(),
  }),
  getUserAccounts: z.strictObject({
    environment,
    userId: z.string().max(200),
    requestId: requestId.optional(),
  }),
  /**
   * One account with Palenca's own words about it (one request, paced as interactive):
   * asked only when the person opens that account's details.
   */
  getAccountDetails: z.strictObject({
    environment,
    accountId: z.string().max(200),
    requestId: requestId.optional(),
  }),
  /** Loads the per-day/week/month counts; `requestId` lets `cancelTrend` stop it. */
  loadTrend: z.strictObject({ environment, filter, requestId: z.string().max(100) }),
  cancelTrend: z.strictObject({ requestId: z.string().max(100) }),
  /**
   * Counts the window (one request; the count is reused for a minute while options change)
   * and says what its export with `options` will cost in requests and time.
   */
  estimateExport: z.strictObject({ environment, filter, options: exportOptions }),
  /**
   * Opens the save dialog, then exports every matching user. Progress comes as events. The
   * saved name's extension decides the format; `format` is only the one suggested (absent:
   * the last one used).
   */
  exportUsers: z.strictObject({
    environment,
    filter,
    options: exportOptions,
    format: z.enum(EXPORT_FORMATS).optional(),
  }),
  cancelExport: z.undefined(),
  getExportHistory: z.undefined(),
  /** Empties the export history; the exported files themselves stay where they are. */
  clearExportHistory: z.undefined(),
  /** Both take a history entry id, never a path: the renderer cannot open arbitrary files. */
  showExportInFolder: z.strictObject({ id: z.string().max(100) }),
  openExport: z.strictObject({ id: z.string().max(100) }),
  openPalencaConsole: z.undefined(),
  /** Stops a running `searchUsers`, `getUserAccounts` or `getAccountDetails` (ends `cancelled`). */
  cancelRequest: z.strictObject({ requestId }),
  /** What the updater is doing now (`off` when this copy cannot update itself). */
  getUpdateState: z.undefined(),
  /**
   * Quits and installs the downloaded update: only when one is ready, and never while an
   * export runs (`restart_export_running`; the update waits).
   */
  restartToUpdate: z.undefined(),
  /**
   * Restarts the app (a new language reaches Chromium's date fields only at start); refused
   * while an export runs (`restart_export_running`).
   */
  restartApp: z.undefined(),
  /**
   * Counts the window's connection attempts (one request, page one of the logins, kept for
   * the load) and says what reading them all will cost.
   */
  estimateConnections: z.strictObject({ environment, from: day, to: day }),
  /**
   * Reads every attempt of the window (background, paced) into the summary, keeping the
   * attempts that need follow-up for `getFollowUps`. `requestId` lets `cancelConnections` stop it.
   */
  loadConnections: z.strictObject({ environment, from: day, to: day, requestId }),
  cancelConnections: z.strictObject({ requestId }),
  /** A page of the follow-up list of a load, filtered: no request to Palenca. */
  getFollowUps: z.strictObject({ loadId: z.string().max(100), ...listPage, ...followUpFilter }),
  /** Opens the save dialog, then writes the (filtered) follow-up list as CSV. */
  exportFollowUps: z.strictObject({ loadId: z.string().max(100), ...followUpFilter }),
  /** The user who owns an account (`GET /accounts/{id}/user`): one interactive request. */
  getAccountUser: z.strictObject({
    environment,
    accountId: z.string().max(200),
    requestId: requestId.optional(),
  }),
  /** Reads the list (no request) and says what looking it up will cost. */
  estimateReconcile: z.strictObject({
    environment,
    text: idListText,
    column: idColumn,
    withStatus: z.boolean(),
  }),
  /**
   * Looks every ID of the list up (background, paced), keeping what is pending in the data
   * folder so it resumes after a restart. Resolves when it ends, done or paused.
   */
  startReconcile: z.strictObject({
    environment,
    text: idListText,
    column: idColumn,
    withStatus: z.boolean(),
  }),
  /** Goes on with the paused reconcile (after a cancel or a restart). */
  resumeReconcile: z.undefined(),
  /** Stops the running reconcile; what is pending stays, to resume later. */
  cancelReconcile: z.undefined(),
  /** Forgets the reconcile, pending or done, and removes its file. */
  discardReconcile: z.undefined(),
  /** The reconcile there is (running, paused or done this session), or null. */
  getReconcile: z.undefined(),
  getReconcileRows: z.strictObject({ ...listPage, show: z.enum(['all', 'found', 'not_found']) }),
  /** Opens the save dialog, then writes the reconcile's rows so far as CSV. */
  exportReconcile: z.undefined(),
} as const satisfies Record<CallName, z.ZodType>;

/** What each call resolves to when it succeeds. */
export interface CallResults {
  getAppInfo: AppInfo;
  getSettings: Settings;
  updateSettings: Settings;
  getKeyStatuses: KeyStatuses;
  saveKey: SaveKeyOutcome;
  removeKey: KeyStatuses;
  searchUsers: UsersPage;
  getUserAccounts: UserAccounts;
  getAccountDetails: AccountDetails;
  loadTrend: Trend;
  cancelTrend: null;
  estimateExport: ExportEstimate;
  exportUsers: ExportOutcome;
  cancelExport: null;
  getExportHistory: ExportHistoryItem[];
  clearExportHistory: ExportHistoryItem[];
  showExportInFolder: null;
  openExport: null;
  openPalencaConsole: null;
  cancelRequest: null;
  getUpdateState: UpdateState;
  restartToUpdate: null;
  restartApp: null;
  estimateConnections: ConnectionsEstimate;
  loadConnections: ConnectionsSummary;
  cancelConnections: null;
  getFollowUps: FollowUpPage;
  exportFollowUps: FileExportOutcome;
  getAccountUser: PalencaUser;
  estimateReconcile: ReconcileEstimate;
  startReconcile: ReconcileJob;
  resumeReconcile: ReconcileJob;
  cancelReconcile: null;
  discardReconcile: null;
  getReconcile: ReconcileJob | null;
  getReconcileRows: ReconcilePage;
  exportReconcile: FileExportOutcome;
}

export type CallArgs<K extends CallName> = z.infer<(typeof callArgs)[K]>;
export type CallResult<K extends CallName> = Result<CallResults[K]>;

/** What each event main pushes to the renderer carries. */
export interface EventPayloads {
  exportProgress: ExportProgress;
  trendProgress: TrendProgress;
  allowance: AllowanceEvent;
  /** The updater's news: a new version is downloading, ready, or there is none. */
  update: UpdateState;
  connectionsProgress: ConnectionsProgress;
  reconcileProgress: ReconcileProgress;
}

// Compile-time guards: results and payloads cover exactly the names in channels.ts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContractIsComplete = Assert<
  Same<keyof CallResults, CallName> & Same<keyof EventPayloads, EventName>
>;

/** The shape of `window.palenca` as the preload exposes it. */
export type PalencaApi = {
  [K in CallName]: CallArgs<K> extends undefined
    ? () => Promise<CallResult<K>>
    : (args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Backend implementation of every call: args already validated. */
export type CallHandlers = {
  [K in CallName]: CallArgs<K> extends undefined
    ? (args?: undefined) => Promise<CallResult<K>>
    : (args: CallArgs<K>) => Promise<CallResult<K>>;
};
