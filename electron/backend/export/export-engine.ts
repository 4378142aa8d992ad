// Exports every user of a filter to a CSV file: pages fetched a few at a time, rows written
// strictly in Palenca's order (newest first) as they arrive, into a temporary file that is
// renamed over the target only when it holds exactly the users of the window. A pass reads the
// window once, start to end; when the list changes under it, the export starts a new pass.
// `runPass` lists a pass's steps; beside this file: one page, retried within its time budget
// (page-fetch.ts); pages a few at a time, handed back in order (page-scheduler.ts); every answer
// held against page 1 (pass-check.ts); progress (pass-progress.ts); how a pass ends
// (pass-outcome.ts).
import type {
  CsvOptions,
  ExportProgress,
  ExportRetry,
  UserFilter,
  UsersPage,
} from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import { writeFailed } from '../files/write-failed.ts';
import { linkedAbort } from '../linked-abort.ts';
import { inconsistentAnswer } from '../palenca/http-errors.ts';
import { AdaptiveWindow } from './adaptive-window.ts';
import { csvPreamble, encodeUsers } from './csv-format.ts';
import { DEFAULT_PAGE_RETRY, fetchPage, type PageRetry, type PageSource } from './page-fetch.ts';
import { PageScheduler } from './page-scheduler.ts';
import { type Disagreement, PassCheck } from './pass-check.ts';
import {
  CANCELLED,
  cancelledPass,
  failedPass,
  type PassOutcome,
  withProgress,
} from './pass-outcome.ts';
import { type ExportAllowance, PassProgressReporter } from './pass-progress.ts';
import { StagedFile } from './staged-file.ts';

export type { PageRetry };

/** Palenca's largest page. */
export const EXPORT_PAGE_SIZE = 150;
export const DEFAULT_EXPORT_CONCURRENCY = 4;

export interface ExportEngineOptions {
  /** `deadlines`, when the client has them, sets how long a page may go without arriving. */
  client: PageSource['client'];
  filter: UserFilter;
  /** The file the person chose; only ever replaced by a complete file. */
  targetPath: string;
  csv: CsvOptions;
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

export async function exportUsers(options: ExportEngineOptions): Promise<Result<{ rows: number }>> {
  const now = options.now ?? (() => performance.now());
  const maxRestarts = options.maxRestarts ?? 3;
  const file = new StagedFile(options.targetPath);
  const window = new AdaptiveWindow(options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  const retry = { ...DEFAULT_PAGE_RETRY, ...options.pageRetry };
  const requested = options.perPage ?? EXPORT_PAGE_SIZE;
  const startedAt = now();
  let lastReason = '';
  // What each pass that saw a change began from, and how the last one ended (see below).
  const starts = new Set<string>();
  let lastEnd: string | null = null;
  try {
    for (let pass = 0; pass <= maxRestarts; pass++) {
      if (pass > 0) options.onRestart?.(lastReason);
      const outcome = await runPass({ ...options, file, window, retry, requested, now, startedAt });
      if (outcome.kind === 'failed') {
        await file.discard();
        return { ok: false, error: withProgress(outcome.error, outcome.progress ?? null) };
      }
      if (outcome.kind === 'done') {
        if (options.signal?.aborted) {
          await file.discard();
          return { ok: false, error: CANCELLED };
        }
        try {
          await file.commit();
        } catch (error) {
          await file.discard();
          return writeFailed(options.targetPath, error);
        }
        return ok({ rows: outcome.rows });
      }
      // A change, or Palenca's answers disagreeing among themselves? See `sameAgain`.
      const end = `${outcome.start}\n${outcome.reason}`;
      if (end === lastEnd) {
        await file.discard();
        return { ok: false, error: sameAgain(outcome.reason) };
      }
      lastEnd = end;
      starts.add(outcome.start);
      lastReason = outcome.reason;
    }
    await file.discard();
    if (maxRestarts > 0 && starts.size === 1) return { ok: false, error: sameAgain(lastReason) };
    return fail(
      'export_changed',
      'Users were being added or removed on Palenca while exporting, so the export stopped rather than save an incomplete list. Try again in a moment.',
      { detail: lastReason },
    );
  } catch (error) {
    // Nothing above should throw; if something does, still never leave a partial file.
    await file.discard();
    return fail('internal', 'The export stopped because of a problem inside the app.', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Passes that end alike with nothing seen to move: Palenca answering inconsistently, not users
 * being added or removed (pass-check.ts says which disagreement is which, and why).
 */
const sameAgain = (reason: string): AppError =>
  inconsistentAnswer(
    `Palenca's pages disagreed while the list did not change (the same total and page 1 on every pass): ${reason}`,
  );

/** What every pass of one export shares. */
interface PassContext extends ExportEngineOptions, PageSource {
  file: StagedFile;
  /** The page size asked for; Palenca may answer with a smaller one (pass-check.ts). */
  requested: number;
  now: () => number;
  startedAt: number;
}

/**
 * One attempt at a consistent snapshot, start to end. Each step returns how the pass ends when
 * it ends it (a change starts the export over, a failure stops it), or null to go on.
 */
async function runPass(ctx: PassContext): Promise<PassOutcome> {
  // A pass-local controller stops this pass's requests when it ends early.
  const requests = linkedAbort(ctx.signal);
  let pass: Pass | null = null;
  try {
    if (ctx.signal?.aborted) return cancelledPass();
    const passStart = ctx.now();
    // Page 1 says what this pass exports: how many users, in pages of what size, newest first.
    const first = await fetchPage(ctx, 1, ctx.requested, requests.signal);
    if (!first.ok) return failedPass(ctx.signal, first.error, null);
    const check = new PassCheck(first.value, ctx.requested);
    const header = await startFile(ctx);
    if (header) return header;
    pass = new Pass(ctx, requests.signal, check, passStart);
    const pageOne = await acceptPage(pass, 1, first.value);
    if (pageOne) return pageOne;
    const otherPages = await acceptOtherPages(pass);
    if (otherPages) return otherPages;
    return await checkPageOneAgain(pass);
  } finally {
    // Progress stops before the requests do, so nothing is reported once the pass is over.
    pass?.progress.stop();
    requests.abort();
    await pass?.pages.settled();
    requests.dispose();
  }
}

/** A pass once page 1 has answered: what its later steps share, and how they end it. */
class Pass {
  readonly progress: PassProgressReporter;
  readonly pages: PageScheduler;

  constructor(
    readonly ctx: PassContext,
    /** Aborted when the pass ends, early or not. */
    readonly signal: AbortSignal,
    readonly check: PassCheck,
    passStart: number,
  ) {
    this.progress = new PassProgressReporter(ctx, passStart, check);
    this.pages = new PageScheduler(
      (page) => fetchPage(ctx, page, check.perPage, signal),
      ctx.window,
      check.pagesTotal,
    );
  }

  /** A failure says how far the pass got. */
  failed(error: AppError): PassOutcome {
    return failedPass(this.ctx.signal, error, this.progress.counts());
  }

  /** A change says what the pass began from, so the next pass can tell whether anything moved. */
  changed(reason: string): PassOutcome {
    return { kind: 'changed', reason, start: this.check.start };
  }

  disagreed(disagreement: Disagreement): PassOutcome {
    return disagreement.kind === 'change'
      ? this.changed(disagreement.reason)
      : this.failed(disagreement.error);
  }
}

/** The temporary file starts over (a new pass rewrites it) with the optional BOM and header. */
async function startFile({ file, csv }: PassContext): Promise<PassOutcome | null> {
  try {
    await file.begin();
    await file.write(csvPreamble(csv));
    return null;
  } catch (error) {
    return fileFailed(file, error);
  }
}

/** The disk refused: the pass ends with the file's own error (files/write-failed.ts words it). */
const fileFailed = (file: StagedFile, error: unknown): PassOutcome => ({
  kind: 'failed',
  error: writeFailed(file.target, error).error,
});

/** A page in its turn: held against page 1 (pass-check.ts), then its rows appended. */
async function acceptPage(pass: Pass, page: number, data: UsersPage): Promise<PassOutcome | null> {
  const disagreement = pass.check.page(page, data);
  if (disagreement) return pass.disagreed(disagreement);
  const { file, csv } = pass.ctx;
  try {
    await file.write(encodeUsers(data.users, csv.delimiter));
  } catch (error) {
    return fileFailed(file, error);
  }
  pass.progress.pageWritten(data.users.length);
  return null;
}

/**
 * Pages 2 onward, a few at a time (page-scheduler.ts), each accepted in its turn. A failed page
 * or a moved total ends the pass as soon as it arrives, even before its turn: the pass cannot
 * end well any more, so no time goes to the pages before it.
 */
async function acceptOtherPages(pass: Pass): Promise<PassOutcome | null> {
  const { pages, check } = pass;
  while (!pages.done) {
    if (pass.ctx.signal?.aborted) return cancelledPass();
    pages.fill();
    for (const [page, result] of pages.arrived()) {
      if (!result.ok) return pass.failed(result.error);
      const moved = check.totalMoved(page, result.value);
      if (moved) return pass.changed(moved);
    }
    const next = pages.takeNext();
    if (!next) {
      if (!(await pages.nextArrival())) {
        return pass.failed({ code: 'internal', message: 'The export lost track of a page.' });
      }
      continue;
    }
    if (!next.result.ok) return pass.failed(next.result.error);
    const outcome = await acceptPage(pass, next.page, next.result.value);
    if (outcome) return outcome;
  }
  return null;
}

/**
 * The end of a pass: page 1 once more (pass-check.ts says what that catches) and a cancel
 * that came meanwhile still wins over a complete file. One page is one answer, a snapshot by
 * itself: it needs no second look.
 */
async function checkPageOneAgain(pass: Pass): Promise<PassOutcome> {
  const { ctx, check } = pass;
  if (ctx.signal?.aborted) return cancelledPass();
  if (check.pagesTotal > 1) {
    const again = await fetchPage(ctx, 1, ctx.requested, pass.signal);
    if (!again.ok) return pass.failed(again.error);
    const moved = check.changedSince(again.value);
    if (moved) return pass.changed(moved);
  }
  if (ctx.signal?.aborted) return cancelledPass();
  return { kind: 'done', rows: pass.progress.rowsDone };
}
