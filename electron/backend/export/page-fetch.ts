// One page of an export, retried when Palenca is busy or flaky, within one time budget; and the
// adaptive window (adaptive-window.ts) told how Palenca copes, so fewer pages are asked for at
// once while it struggles.
import { PUSHBACK_CODES, RETRYABLE_CODES } from '#common/error-codes.ts';
import type { ExportRetry, UserFilter, UsersPage } from '#common/models.ts';
import type { AppError, Result } from '#common/result.ts';
import { linkedAbort } from '../linked-abort.ts';
import { AnswerDeadline } from '../palenca/answer-deadline.ts';
import { DEFAULT_TUNING, type PalencaClient } from '../palenca/client.ts';
import { backoffMs } from '../timing/backoff.ts';
import { sleep } from '../timing/sleep.ts';
import type { AdaptiveWindow } from './adaptive-window.ts';
import { CANCELLED } from './pass-outcome.ts';

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

/** What fetching a page reads of the export's options. */
export interface PageSource {
  /** `deadlines`, when the client has them, sets how long a page may go without arriving. */
  client: Pick<PalencaClient, 'searchUsers'> & Partial<Pick<PalencaClient, 'deadlines'>>;
  filter: UserFilter;
  retry: PageRetry;
  window: AdaptiveWindow;
  onRetryWait?: (retry: ExportRetry | null) => void;
}

/**
 * A page that went without arriving for the whole budget: Palenca stopped answering. The
 * caller adds how far the export got.
 */
const stalledError = (limitMs: number): AppError => ({
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
export async function fetchPage(
  source: PageSource,
  page: number,
  perPage: number,
  signal: AbortSignal,
): Promise<Result<UsersPage>> {
  const { filter, retry, window } = source;
  const budget = new AnswerDeadline(
    source.client.deadlines?.background ?? DEFAULT_TUNING.backgroundDeadlineMs,
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
    source.onRetryWait?.({ code: error.code, until: null });
    if (!PUSHBACK_CODES.includes(error.code)) return;
    pushedBack = true;
    window.pushback();
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const result = await source.client.searchUsers(
        { from: filter.from, to: filter.to, externalId: filter.externalId, page, perPage },
        { signal: pageAbort.signal, onRetry, priority: 'background', deadline: budget },
      );
      if (signal.aborted) return { ok: false, error: CANCELLED };
      if (budget.expired) return { ok: false, error: stalledError(budget.limitMs) };
      if (result.ok) {
        if (attempt === 1 && !pushedBack) window.clean();
        if (retried) source.onRetryWait?.(null);
        return result;
      }
      const { code } = result.error;
      if (PUSHBACK_CODES.includes(code)) window.pushback();
      if (!RETRYABLE_CODES.includes(code) || attempt > retry.attempts) return result;
      const waitMs = backoffMs(attempt, retry.baseMs, retry.maxMs);
      retried = true;
      // Wall-clock time: the renderer counts down to it with its own clock.
      source.onRetryWait?.({ code, until: Date.now() + waitMs });
      // Waiting to try again is time without progress: the budget runs.
      budget.run();
      await sleep(waitMs, pageAbort.signal);
      if (signal.aborted) return { ok: false, error: CANCELLED };
      if (budget.expired) return { ok: false, error: stalledError(budget.limitMs) };
      source.onRetryWait?.({ code, until: null });
    }
  } finally {
    stopListening();
    budget.dispose();
    pageAbort.dispose();
  }
}
