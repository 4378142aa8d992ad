// Exports every user of a filter to a file: pages fetched a few at a time, rows written
// strictly in Palenca's order (newest first) as they arrive, into a sink (a CSV or a workbook,
// row-sink.ts) that is renamed over the target only when it holds exactly the users of the
// window. A pass reads the window once, start to end; when the list changes under it, the
// export starts a new pass.
// `runPass` lists a pass's steps; beside this file: how the window is read, in segments
// (segments.ts), the next days' first pages asked ahead (segments-ahead.ts); one segment's
// pages (segment-walk.ts); one page, retried within its time budget (page-fetch.ts); pages a
// few at a time, handed back in order (page-scheduler.ts); every answer held against page 1
// (pass-check.ts); what a pass does with the rows it reads (pass-state.ts); progress
// (pass-progress.ts); how a pass ends (pass-outcome.ts); the accounts columns
// (accounts-summary.ts).
import type { CsvOptions, ExportProgress, ExportRetry, UserFilter } from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import { writeFailed } from '../files/write-failed.ts';
import { linkedAbort } from '../linked-abort.ts';
import type { PalencaClient } from '../palenca/client.ts';
import { inconsistentAnswer } from '../palenca/http-errors.ts';
import { AccountsFetcher } from './accounts-summary.ts';
import { AdaptiveWindow } from './adaptive-window.ts';
import { createCsvSink } from './csv-sink.ts';
import { DEFAULT_PAGE_RETRY, fetchPage, type PageRetry, type PageSource } from './page-fetch.ts';
import {
  CANCELLED,
  cancelledPass,
  failedPass,
  type PassOutcome,
  withProgress,
} from './pass-outcome.ts';
import type { ExportAllowance } from './pass-progress.ts';
import { Pass } from './pass-state.ts';
import type { ExportAbout, ExportColumns, RowSink } from './row-sink.ts';
import { walkSegment } from './segment-walk.ts';
import { segmentsOf } from './segments.ts';
import { DayPagesAhead } from './segments-ahead.ts';

export type { PageRetry };

/** Palenca's largest page. */
export const EXPORT_PAGE_SIZE = 150;
export const DEFAULT_EXPORT_CONCURRENCY = 4;

export interface ExportEngineOptions {
  /**
   * `deadlines`, when the client has them, sets how long a page may go without arriving;
   * `getUserAccounts` is needed for `columns.withAccounts`.
   */
  client: PageSource['client'] & Partial<Pick<PalencaClient, 'getUserAccounts'>>;
  filter: UserFilter;
  /** The file the person chose; only ever replaced by a complete file. */
  targetPath: string;
  csv: CsvOptions;
  /** Where rows go; default a CSV of `targetPath` with `columns` (csv-sink.ts). */
  sink?: RowSink;
  /**
   * The optional columns. `withDay`: the window is read one day at a time, newest first, so
   * each row carries its day. `withAccounts`: each user's accounts summary, one request per
   * user (background priority, asked once per export), before its row is written.
   */
  columns?: ExportColumns;
  /** Users read but not written ("since the last export": those the last one had). */
  skipUserIds?: ReadonlySet<string>;
  /** With no row to write, the sink is discarded and the target left as it is (`saved: false`). */
  discardIfEmpty?: boolean;
  /** The record handed to the sink when it commits (the workbook's about sheet). */
  about?: Omit<ExportAbout, 'rows' | 'finishedAt'>;
  /** Most page requests in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Called when the list changed on Palenca and the export starts over. */
  onRestart?: (reason: string) => void;
  /** How many times to start over when the list changes under the export. */
  maxRestarts?: number;
  pageRetry?: Partial<PageRetry>;
  perPage?: number;
  now?: () => number;
  /** The governor the client paces with: progress says when it waits and what is left. */
  allowance?: ExportAllowance;
  /**
   * Told when a failed request is about to be tried again (why, and when), and with null
   * when a page arrives again, so the person hears "Palenca is busy — trying again in 4 s"
   * instead of nothing.
   */
  onRetryWait?: (retry: ExportRetry | null) => void;
}

export interface ExportResult {
  /** Rows written (users left out by `skipUserIds` not counted). */
  rows: number;
  /** Whether the target was replaced (false only with `discardIfEmpty` and no row). */
  saved: boolean;
  /** Hex SHA-256 of the file saved; null when none was. */
  sha256: string | null;
  /** Every user filed under the window's newest day (`filter.to`), written or left out. */
  newestDayIds: string[];
}

const NO_COLUMNS: ExportColumns = { withDay: false, withAccounts: false };

export async function exportUsers(options: ExportEngineOptions): Promise<Result<ExportResult>> {
  const now = options.now ?? (() => performance.now());
  const maxRestarts = options.maxRestarts ?? 3;
  const columns = options.columns ?? NO_COLUMNS;
  const sink = options.sink ?? createCsvSink(options.targetPath, columns, options.csv);
  const window = new AdaptiveWindow(options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  const retry = { ...DEFAULT_PAGE_RETRY, ...options.pageRetry };
  const requested = options.perPage ?? EXPORT_PAGE_SIZE;
  const startedAt = now();
  const startedAtIso = new Date().toISOString();
  if (columns.withAccounts && !options.client.getUserAccounts) {
    return fail('internal', 'The export cannot ask for accounts with this connection.');
  }
  const accounts =
    columns.withAccounts && options.client.getUserAccounts
      ? new AccountsFetcher({ getUserAccounts: options.client.getUserAccounts })
      : null;
  const ctx: PassContext = {
    ...options,
    columns,
    sink,
    window,
    retry,
    requested,
    now,
    startedAt,
    accounts,
  };
  let lastReason = '';
  // What each pass that saw a change began from, and how the last one ended (see below).
  const starts = new Set<string>();
  let lastEnd: string | null = null;
  try {
    for (let pass = 0; pass <= maxRestarts; pass++) {
      if (pass > 0) options.onRestart?.(lastReason);
      const outcome = await runPass(ctx);
      if (outcome.kind === 'failed') {
        await sink.discard();
        return { ok: false, error: withProgress(outcome.error, outcome.progress ?? null) };
      }
      if (outcome.kind === 'done') {
        if (options.signal?.aborted) {
          await sink.discard();
          return { ok: false, error: CANCELLED };
        }
        const newestDayIds = outcome.newestDayIds;
        if (outcome.rows === 0 && options.discardIfEmpty) {
          await sink.discard();
          return ok({ rows: 0, saved: false, sha256: null, newestDayIds });
        }
        try {
          const about: ExportAbout = {
            ...(options.about ?? standInAbout(options, columns, startedAtIso)),
            rows: outcome.rows,
            finishedAt: new Date().toISOString(),
          };
          const { sha256 } = await sink.commit(about);
          return ok({ rows: outcome.rows, saved: true, sha256, newestDayIds });
        } catch (error) {
          await sink.discard();
          return writeFailed(sink.target, error);
        }
      }
      // A change, or Palenca's answers disagreeing among themselves? See `sameAgain`.
      const end = `${outcome.start}\n${outcome.reason}`;
      if (end === lastEnd) {
        await sink.discard();
        return { ok: false, error: sameAgain(outcome.reason) };
      }
      lastEnd = end;
      starts.add(outcome.start);
      lastReason = outcome.reason;
    }
    await sink.discard();
    if (maxRestarts > 0 && starts.size === 1) return { ok: false, error: sameAgain(lastReason) };
    return fail(
      'export_changed',
      'Users were being added or removed on Palenca while exporting, so the export stopped rather than save an incomplete list. Try again in a moment.',
      { detail: lastReason },
    );
  } catch (error) {
    // Nothing above should throw; if something does, still never leave a partial file.
    await sink.discard();
    return fail('internal', 'The export stopped because of a problem inside the app.', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * The record a caller that passes no `about` gets: only a sink that writes the record (a
 * workbook) reads it, and its callers pass their own; the CSV sink ignores it.
 */
const standInAbout = (
  options: ExportEngineOptions,
  columns: ExportColumns,
  startedAt: string,
): Omit<ExportAbout, 'rows' | 'finishedAt'> => ({
  environment: 'sandbox',
  filter: options.filter,
  options: {
    withDay: columns.withDay,
    withAccounts: columns.withAccounts,
    sinceLast: options.skipUserIds !== undefined,
  },
  format: 'csv',
  startedAt,
  appVersion: 'unknown',
});

/** One day of the window, for its segment. */
const dayFilter = (filter: UserFilter, day: string): UserFilter => ({
  ...filter,
  from: day,
  to: day,
});

/**
 * Passes that end alike with nothing seen to move: Palenca answering inconsistently, not users
 * being added or removed (pass-check.ts says which disagreement is which, and why).
 */
const sameAgain = (reason: string): AppError =>
  inconsistentAnswer(
    `Palenca's pages disagreed while the list did not change (the same total and page 1 on every pass): ${reason}`,
  );

/** What every pass of one export shares. */
export interface PassContext extends Omit<ExportEngineOptions, 'client'>, PageSource {
  client: ExportEngineOptions['client'];
  columns: ExportColumns;
  sink: RowSink;
  /** The page size asked for; Palenca may answer with a smaller one (pass-check.ts). */
  requested: number;
  now: () => number;
  startedAt: number;
  /** Each user's accounts, asked once per export (`withAccounts`); null without. */
  accounts: AccountsFetcher | null;
}

/**
 * One attempt at a consistent snapshot, start to end. Each step returns how the pass ends when
 * it ends it (a change starts the export over, a failure stops it), or null to go on.
 */
async function runPass(ctx: PassContext): Promise<PassOutcome> {
  // A pass-local controller stops this pass's requests when it ends early.
  const requests = linkedAbort(ctx.signal);
  let pass: Pass | null = null;
  let ahead: DayPagesAhead | null = null;
  try {
    if (ctx.signal?.aborted) return cancelledPass();
    const passStart = ctx.now();
    // The window's page 1 says what this pass exports: how many users, newest first.
    const first = await fetchPage(ctx, 1, ctx.requested, requests.signal);
    if (!first.ok) return failedPass(ctx.signal, first.error, null);
    const plan = segmentsOf(ctx.filter, ctx.columns.withDay, first.value.pagination.total_items);
    pass = new Pass(ctx, requests.signal, first.value, passStart, plan);
    const header = await pass.startFile();
    if (header) return header;
    if (plan.kind === 'window') {
      // The window in one walk; its newest day counted first (segments.ts says why).
      if (plan.newestDay) {
        const counted = await pass.countNewestDay(plan.newestDay);
        if (counted) return counted;
      }
      const day = ctx.columns.withDay ? ctx.filter.to : undefined;
      const walked = await walkSegment(
        pass,
        { filter: ctx.filter, ...(day ? { day } : {}) },
        first.value,
        pass.windowCheck,
      );
      if (walked) return walked;
    } else {
      const days = plan.days;
      const total = first.value.pagination.total_items;
      ahead = new DayPagesAhead(
        (day) =>
          fetchPage(
            { ...ctx, filter: dayFilter(ctx.filter, day) },
            1,
            ctx.requested,
            requests.signal,
          ),
        days,
        ctx.window,
        pass.inFlight,
        total,
      );
      for (const [index, day] of days.entries()) {
        if (pass.allSegmentsRead) break;
        const dayOne = await ahead.take(index);
        if (!dayOne.ok) return pass.failed(dayOne.error);
        const segment = { filter: dayFilter(ctx.filter, day), day };
        const walked = await walkSegment(pass, segment, dayOne.value, null);
        if (walked) return walked;
      }
      const added = pass.segmentsAddUp();
      if (added) return added;
      const checked = await pass.checkWindowAgain();
      if (checked) return checked;
    }
    if (ctx.signal?.aborted) return cancelledPass();
    return pass.done();
  } finally {
    // Progress stops before the requests do, so nothing is reported once the pass is over.
    pass?.progress.stop();
    ahead?.stop();
    requests.abort();
    await ahead?.settled();
    requests.dispose();
  }
}
