// Exports every user of a filter to a CSV file: pages fetched a few at a time, rows written
// strictly in Palenca's order (newest first) as they arrive, into a temporary file that is
// renamed over the target only when it holds exactly the users of the window.
import type {
  AllowanceStatus,
  CsvOptions,
  ExportProgress,
  ExportRetry,
  UserFilter,
  UsersPage,
} from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import { linkedAbort } from '../linked-abort.ts';
import { AnswerDeadline } from '../palenca/answer-deadline.ts';
import { DEFAULT_TUNING, type PalencaClient } from '../palenca/client.ts';
import { inconsistentAnswer } from '../palenca/http-errors.ts';
import { AdaptiveWindow } from './adaptive-window.ts';
import { csvPreamble, encodeUserRow } from './csv-format.ts';
import { SeenIds } from './seen-ids.ts';
import { StagedFile, writeFailed } from './staged-file.ts';

/** Palenca's largest page. */
export const EXPORT_PAGE_SIZE = 150;
export const DEFAULT_EXPORT_CONCURRENCY = 4;

/**
 * Retries of a page the client already gave up on (after its own retries). A 429 never gets
 * here: the client waits it out with the governor, for as long as Palenca asks. Time, not
 * attempts, is what bounds a page: the client's background budget (`deadlines.background`,
 * three minutes by default) runs across the client's attempts and these retries together,
 * waits for the allowance not counted; the attempts only stop a page that fails fast and
 * often sooner.
 */
export interface PageRetry {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_PAGE_RETRY: PageRetry = {
  attempts: 3,
  baseMs: 1000,
  maxMs: 10_000,
};

/** What the export reads of the environment's pacing governor, for its progress. */
export interface ExportAllowance {
  status(): AllowanceStatus;
  onStatus(listener: (status: AllowanceStatus) => void): () => void;
  /** Expected time for this many more requests at the current share, `inFlight` at a time. */
  estimateMs(requests: number, inFlight?: number): number;
}

export interface ExportEngineOptions {
  /** `deadlines`, when the client has them, sets how long a page may go without arriving. */
  client: Pick<PalencaClient, 'searchUsers'> & Partial<Pick<PalencaClient, 'deadlines'>>;
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

/** How far a pass got: said with its failure. */
interface PassProgress {
  rowsDone: number;
  rowsTotal: number;
  pagesDone: number;
  pagesTotal: number;
}

type PassOutcome =
  | { kind: 'done'; rows: number }
  /** `start`: the total and page 1 the pass began from (what a change would move). */
  | { kind: 'changed'; reason: string; start: string }
  | { kind: 'failed'; error: AppError; progress?: PassProgress | null };

// Palenca struggling: fewer requests in flight before trying again.
const PUSHBACK = new Set(['unavailable', 'timeout']);
// Worth another try of the same page after the client's own retries ran out.
const RETRYABLE = new Set(['unavailable', 'timeout', 'offline', 'bad_response']);

const PACED: AllowanceStatus = { state: 'paced', until: null };

const CANCELLED: AppError = { code: 'cancelled', message: 'The export was cancelled.' };

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export async function exportUsers(options: ExportEngineOptions): Promise<Result<{ rows: number }>> {
  const now = options.now ?? (() => performance.now());
  const maxRestarts = options.maxRestarts ?? 3;
  const file = new StagedFile(options.targetPath);
  const window = new AdaptiveWindow(options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  const retry = { ...DEFAULT_PAGE_RETRY, ...options.pageRetry };
  const startedAt = now();
  let lastReason = '';
  // What each pass that saw a change began from, and how the last one ended (see below).
  const starts = new Set<string>();
  let lastEnd: string | null = null;
  try {
    for (let pass = 0; pass <= maxRestarts; pass++) {
      if (pass > 0) options.onRestart?.(lastReason);
      const outcome = await runPass({ ...options, file, window, retry, now, startedAt });
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
 * Which disagreements are a change and which are Palenca's answer being inconsistent.
 *
 * - Within one answer (more users than asked for, than its own page size or its own total; a
 *   page size above what was asked): no change between requests explains it. The client
 *   refuses the page (`answer_inconsistent`, users-answer.ts) and the export stops at once.
 * - Within one page, the same user twice: one answer again, so the same (`accept` below).
 * - Across answers (the total differs between pages, a page holds more or fewer users than
 *   the total implies, a user shows up on two pages, page 1 differs at the final check): a
 *   change explains it (between Palenca's count and its page, or between two pages), so the
 *   pass starts over, as it always has.
 * - Across passes: a pass that ends exactly as the one before it did (the same total and
 *   page 1 to begin with, the same disagreement at the same place) saw Palenca answer the same
 *   way twice with nothing changed in between: inconsistent, and no more passes are spent.
 *   When the passes run out and every one began from the same total and page 1, nothing was
 *   seen to move either: inconsistent. Only when the list was seen to move between passes
 *   (a new total, a new page 1) is it `export_changed`, "users were being added or removed".
 */
const sameAgain = (reason: string): AppError =>
  inconsistentAnswer(
    `Palenca's pages disagreed while the list did not change (the same total and page 1 on every pass): ${reason}`,
  );

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A failure after Palenca's first answer says how far the export got: in the message (the
 * CLI prints it), in `detail` (the log) and as `rowsDone` (the app's panel words it).
 */
function withProgress(error: AppError, progress: PassProgress | null): AppError {
  if (error.code === 'cancelled' || !progress) return error;
  const { rowsDone, rowsTotal, pagesDone, pagesTotal } = progress;
  const pages = `${count(pagesDone)} of ${count(pagesTotal)} ${pagesTotal === 1 ? 'page' : 'pages'}`;
  return {
    ...error,
    message: `${error.message} The export had fetched ${count(rowsDone)} of ${count(rowsTotal)} users (${pages}).`,
    rowsDone,
    detail: `${error.detail ? `${error.detail}; ` : ''}stopped after ${rowsDone} of ${rowsTotal} users (${pagesDone} of ${pagesTotal} pages)`,
  };
}

interface PassContext extends ExportEngineOptions {
  file: StagedFile;
  window: AdaptiveWindow;
  retry: PageRetry;
  now: () => number;
  startedAt: number;
}

/** One attempt at a consistent snapshot, start to end. */
async function runPass(ctx: PassContext): Promise<PassOutcome> {
  const { signal, window, file } = ctx;
  const requested = ctx.perPage ?? EXPORT_PAGE_SIZE;
  // A pass-local controller stops this pass's requests when it ends early.
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const inFlight = new Set<Promise<void>>();
  let unwatch: (() => void) | null = null;
  const cancelled = (): PassOutcome => ({ kind: 'failed', error: CANCELLED });
  // How far the pass got, once Palenca's first answer said how far it goes.
  let progress: () => PassProgress | null = () => null;
  const failed = (error: AppError): PassOutcome =>
    signal?.aborted ? cancelled() : { kind: 'failed', error, progress: progress() };

  try {
    if (signal?.aborted) return cancelled();
    const passStart = ctx.now();
    const first = await fetchPage(ctx, 1, requested, controller.signal);
    if (!first.ok) return failed(first.error);

    const total = first.value.pagination.total_items;
    // Palenca may use a smaller page than asked; number the pages its way.
    const perPage = first.value.pagination.items_per_page || requested;
    // Page 1 is always read, so even an empty window counts one page (never "1 of 0").
    const pagesTotal = Math.max(1, Math.ceil(total / perPage));
    const seen = new SeenIds(total);
    let rowsDone = 0;
    let pagesDone = 0;
    progress = () => ({ rowsDone, rowsTotal: total, pagesDone, pagesTotal });
    // What a change would move: a pass that ends as the one before, from here, saw none.
    const start = `${total}:${first.value.users.map((user) => user.user_id).join(',')}`;
    const changed = (reason: string): PassOutcome => ({ kind: 'changed', reason, start });

    try {
      await file.begin();
      await file.write(csvPreamble(ctx.csv));
    } catch (error) {
      return { kind: 'failed', error: writeFailed(file.target, error).error };
    }

    const expectedRows = (page: number) =>
      Math.max(0, Math.min(perPage, total - perPage * (page - 1)));

    const report = () => {
      const elapsedMs = ctx.now() - ctx.startedAt;
      const passMs = ctx.now() - passStart;
      const byRate =
        rowsDone > 0 && passMs > 0 ? Math.round((passMs / rowsDone) * (total - rowsDone)) : null;
      // The pages left and the final check, at the allowance's pace: latency alone would
      // promise too little while the allowance sets the pace.
      const left = pagesTotal - pagesDone + (pagesTotal > 1 ? 1 : 0);
      const byAllowance =
        ctx.allowance && left > 0 ? ctx.allowance.estimateMs(left, window.current) : null;
      ctx.onProgress?.({
        rowsDone,
        rowsTotal: total,
        pagesDone,
        pagesTotal,
        elapsedMs: Math.round(elapsedMs),
        remainingMs:
          byRate === null || byAllowance === null ? byRate : Math.max(byRate, byAllowance),
        allowance: ctx.allowance?.status() ?? PACED,
      });
    };
    // A wait for the allowance is shown as it starts and ends, between pages too.
    unwatch = ctx.allowance?.onStatus(() => report()) ?? null;

    // Checks a page against the snapshot and appends its rows; an outcome means stop.
    const accept = async (page: number, data: UsersPage): Promise<PassOutcome | null> => {
      if (data.pagination.total_items !== total) {
        return changed(
          `total_items went from ${total} to ${data.pagination.total_items} (page ${page})`,
        );
      }
      if (data.users.length !== expectedRows(page)) {
        return changed(
          `page ${page} had ${data.users.length} users, expected ${expectedRows(page)}`,
        );
      }
      let rows = '';
      const onPage = new Set<string>();
      for (const user of data.users) {
        // Twice in one answer is no change: Palenca's page contradicts itself.
        if (onPage.has(user.user_id)) {
          return failed(inconsistentAnswer(`user ${user.user_id} twice on page ${page}`));
        }
        onPage.add(user.user_id);
        if (!seen.add(user.user_id)) {
          return changed(`user ${user.user_id} appeared twice (page ${page})`);
        }
        rows += encodeUserRow(user, ctx.csv.delimiter);
      }
      try {
        await file.write(rows);
      } catch (error) {
        return { kind: 'failed', error: writeFailed(file.target, error).error };
      }
      rowsDone += data.users.length;
      pagesDone++;
      report();
      return null;
    };

    const firstOutcome = await accept(1, first.value);
    if (firstOutcome) return firstOutcome;
    const firstIds = first.value.users.map((user) => user.user_id);

    // Pages arrive in any order; they are buffered until their turn, and requests may run
    // at most `maxAhead` pages beyond the next page to write, so memory stays bounded. One
    // page of slack beyond the window keeps every slot busy; more only holds pages longer.
    const results = new Map<number, Result<UsersPage>>();
    const maxAhead = window.max + 1;
    let nextRequest = 2;
    let nextWrite = 2;
    const launch = (page: number) => {
      const task: Promise<void> = fetchPage(ctx, page, perPage, controller.signal).then((r) => {
        results.set(page, r);
        inFlight.delete(task);
      });
      inFlight.add(task);
    };

    while (nextWrite <= pagesTotal) {
      if (signal?.aborted) return cancelled();
      while (
        inFlight.size < window.current &&
        nextRequest <= pagesTotal &&
        nextRequest < nextWrite + maxAhead
      ) {
        launch(nextRequest++);
      }
      // A failed or changed page ends the pass at once, even when it is not the next to write.
      for (const [page, r] of results) {
        if (!r.ok) return failed(r.error);
        if (r.value.pagination.total_items !== total) {
          return changed(
            `total_items went from ${total} to ${r.value.pagination.total_items} (page ${page})`,
          );
        }
      }
      const next = results.get(nextWrite);
      if (!next) {
        if (inFlight.size === 0) {
          return failed({ code: 'internal', message: 'The export lost track of a page.' });
        }
        await Promise.race(inFlight);
        continue;
      }
      results.delete(nextWrite);
      if (!next.ok) return failed(next.error);
      const outcome = await accept(nextWrite, next.value);
      if (outcome) return outcome;
      nextWrite++;
    }
    if (signal?.aborted) return cancelled();
    // One page is one answer, a snapshot by itself; more pages need the check below.
    if (pagesTotal > 1) {
      const check = await fetchPage(ctx, 1, requested, controller.signal);
      if (!check.ok) return failed(check.error);
      const moved = changedSince(total, firstIds, check.value);
      if (moved) return changed(moved);
    }
    if (signal?.aborted) return cancelled();
    return { kind: 'done', rows: rowsDone };
  } finally {
    unwatch?.();
    controller.abort();
    await Promise.allSettled(inFlight);
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * The final check of a pass, one request: the total again, and page 1 again. The checks
 * while paging see a change only when it moves the total, a page's row count or a page
 * boundary. A deletion paired with a new user leaves all three alone, but new users connect
 * now, so they land on page 1: a page 1 that no longer matches the file's first rows means
 * the list moved during the pass, and the pass starts over. What stays unseen: a user that
 * appears in the middle of the window (not at the newest end) while another is deleted,
 * between two page reads. The rows between the two move by one across a page boundary while
 * the total, the page sizes and page 1 stay as they were, so one user can be missed. Palenca
 * orders by creation time, so a newly connected user does not appear there.
 */
export function changedSince(total: number, firstIds: string[], again: UsersPage): string | null {
  if (again.pagination.total_items !== total) {
    return `total_items went from ${total} to ${again.pagination.total_items} (final check)`;
  }
  const ids = again.users.map((user) => user.user_id);
  if (ids.length !== firstIds.length || ids.some((id, i) => id !== firstIds[i])) {
    return 'the newest users changed during the export (page 1 no longer matches)';
  }
  return null;
}

/**
 * A page that went without arriving for the whole budget: Palenca stopped answering. The
 * caller adds how far the export got.
 */
export const stalledError = (limitMs: number): AppError => ({
  code: 'timeout',
  message: `Palenca stopped answering: no page arrived in ${waitWords(limitMs)} of waiting (time waiting for the allowance not counted).`,
  detail: `No page within ${limitMs} ms of waiting for Palenca, tries and retries together`,
});

const waitWords = (ms: number): string => {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  return `${Math.round(seconds / 60)} minutes`;
};

/**
 * One page, retried when Palenca is busy or flaky, within one time budget: the client's
 * background budget, across its attempts and these retries (their backoff counts, waits for
 * the allowance do not). When it runs out, the page fails at once as a stall.
 */
async function fetchPage(
  ctx: PassContext,
  page: number,
  perPage: number,
  signal: AbortSignal,
): Promise<Result<UsersPage>> {
  const { filter, retry, window } = ctx;
  const budget = new AnswerDeadline(
    ctx.client.deadlines?.background ?? DEFAULT_TUNING.backgroundDeadlineMs,
  );
  // The budget running out stops the request (or the backoff) in progress.
  const pageAbort = linkedAbort(signal);
  const stopListening = budget.onExpire(() => pageAbort.abort());
  // Slow down as soon as Palenca pushes back, even while the client is still retrying.
  let pushedBack = false;
  let retried = false;
  const onRetry = (error: AppError) => {
    // The client's own retries wait a short backoff it does not tell: "trying again" is enough.
    retried = true;
    ctx.onRetryWait?.({ code: error.code, until: null });
    if (!PUSHBACK.has(error.code)) return;
    pushedBack = true;
    window.pushback();
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const result = await ctx.client.searchUsers(
        { from: filter.from, to: filter.to, externalId: filter.externalId, page, perPage },
        { signal: pageAbort.signal, onRetry, priority: 'background', deadline: budget },
      );
      if (signal.aborted) return { ok: false, error: CANCELLED };
      if (budget.expired) return { ok: false, error: stalledError(budget.limitMs) };
      if (result.ok) {
        if (attempt === 1 && !pushedBack) window.clean();
        if (retried) ctx.onRetryWait?.(null);
        return result;
      }
      const { code } = result.error;
      if (PUSHBACK.has(code)) window.pushback();
      if (!RETRYABLE.has(code) || attempt > retry.attempts) return result;
      const waitMs = Math.min(retry.maxMs, retry.baseMs * 2 ** (attempt - 1));
      retried = true;
      // Wall-clock time: the renderer counts down to it with its own clock.
      ctx.onRetryWait?.({ code, until: Date.now() + waitMs });
      // Waiting to try again is time without progress: the budget runs.
      budget.run();
      await sleep(waitMs, pageAbort.signal);
      if (signal.aborted) return { ok: false, error: CANCELLED };
      if (budget.expired) return { ok: false, error: stalledError(budget.limitMs) };
      ctx.onRetryWait?.({ code, until: null });
    }
  } finally {
    stopListening();
    budget.dispose();
    pageAbort.dispose();
  }
}
