// What an export writes, whatever the format: rows of users, in Palenca's order, with the
// optional day and accounts columns. A sink owns the temporary file and its rename, so the
// engine writes CSV and workbooks alike (csv-sink.ts, xlsx-sink.ts).
import type {
  Environment,
  ExportFormat,
  ExportOptions,
  PalencaUser,
  UserFilter,
} from '#common/models.ts';

/** A user's accounts in one line each (`withAccounts`): one request per user to build. */
export interface AccountsSummary {
  accounts: number;
  /** The distinct platforms, sorted, joined by ", ". */
  platforms: string;
  /** The distinct groups of common/account-status.ts, in its order, joined by ", ". */
  status: string;
  /** The newest `last_successful_connection` of its accounts (ISO text as Palenca sent it). */
  lastSuccessfulConnection: string | null;
}

export interface ExportRow {
  user: PalencaUser;
  /** `withDay`: the day the window walk found the user under, YYYY-MM-DD (connected-on.ts). */
  day?: string;
  /** `withAccounts`. */
  accounts?: AccountsSummary;
}

/** Which optional columns an export has. */
export type ExportColumns = Pick<ExportOptions, 'withDay' | 'withAccounts'>;

export const BASE_COLUMNS = ['user_id', 'external_id', 'widget_id'] as const;
export const DAY_COLUMN = 'connected_on';
export const ACCOUNT_COLUMNS = [
  'accounts',
  'platforms',
  'account_status',
  'last_successful_connection',
] as const;

export function columnsFor(columns: ExportColumns): string[] {
  return [
    ...BASE_COLUMNS,
    ...(columns.withDay ? [DAY_COLUMN] : []),
    ...(columns.withAccounts ? ACCOUNT_COLUMNS : []),
  ];
}

/**
 * A row's values as text, in `columnsFor` order; null for an empty cell. A workbook may type
 * some of them (the day as a date, the count as a number): see xlsx-sink.ts.
 */
export function rowValues(row: ExportRow, columns: ExportColumns): (string | null)[] {
  const values: (string | null)[] = [row.user.user_id, row.user.external_id, row.user.widget_id];
  if (columns.withDay) values.push(row.day ?? null);
  if (columns.withAccounts) {
    const a = row.accounts;
    values.push(
      a ? String(a.accounts) : null,
      a?.platforms || null,
      a?.status || null,
      a?.lastSuccessfulConnection ?? null,
    );
  }
  return values;
}

/** The record of an export that is known when its file is finished (the about sheet). */
export interface ExportAbout {
  environment: Environment;
  filter: UserFilter;
  options: ExportOptions;
  format: ExportFormat;
  rows: number;
  startedAt: string;
  finishedAt: string;
  appVersion: string;
}

export interface RowSink {
  /** The file the person chose; only ever replaced by a complete file. */
  readonly target: string;
  /** Creates the temporary file, or empties it when a pass starts over. */
  begin(): Promise<void>;
  /** Appends rows in order; resolves once they are handed on (backpressure). */
  write(rows: readonly ExportRow[]): Promise<void>;
  /**
   * Finishes the file (a workbook's "About this export" sheet is written here, last), syncs
   * it and renames it over the target. Resolves to the hex SHA-256 of the bytes renamed.
   */
  commit(about: ExportAbout): Promise<{ sha256: string }>;
  /** Removes the temporary file; never throws, never touches the target. */
  discard(): Promise<void>;
}

/** Makes the sink of an export: the target, and the columns its rows will have. */
export type SinkFactory = (target: string, columns: ExportColumns) => RowSink;
