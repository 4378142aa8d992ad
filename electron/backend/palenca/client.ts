// The Palenca API client: ky for the requests, explicit retries, validated answers, and errors
// as values with stable codes. The key travels only in the `x-api-key` header.
import ky from 'ky';
import type { UserAccounts, UsersPage } from '../../shared/models.ts';
import { type AppError, fail, ok, type Result } from '../../shared/result.ts';
import { linkedAbort } from '../linked-abort.ts';
import { checkBaseUrl } from './base-url.ts';
import {
  type Endpoint,
  errorFromAnswer,
  errorFromThrown,
  type MappedError,
  timeoutError,
  unreadableAnswer,
} from './http-errors.ts';
import { accountsAnswer, toUserAccounts } from './response-schemas.ts';
import {
  type AttemptOutcome,
  cancelledError,
  parseRetryAfter,
  realTiming,
  type Timing,
  withRetry,
} from './retry.ts';
import { checkSearchInput, checkUserId } from './search-input.ts';
import { readUsersAnswer } from './users-answer.ts';

export interface SearchQuery {
  /** Earliest day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Latest day, YYYY-MM-DD, inclusive. */
  to: string;
  externalId?: string | undefined;
  page: number;
  perPage: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Told of each failed attempt that is about to be retried (the exporter slows down on it). */
  onRetry?: (error: AppError) => void;
}

export interface PalencaClient {
  searchUsers(query: SearchQuery, options?: CallOptions): Promise<Result<UsersPage>>;
  getUserAccounts(userId: string, options?: CallOptions): Promise<Result<UserAccounts>>;
}

/** Timing knobs; production uses the defaults, tests shrink them so they stay fast. */
export interface ClientTuning {
  timeoutMs: number;
  /** Total attempts per call, the first included. */
  attempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited out: the call ends in `rate_limited`. */
  maxRetryAfterMs: number;
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  tuning?: Partial<ClientTuning>;
  /** Clock, sleep and randomness; tests observe the waits through it. Defaults to the real ones. */
  timing?: Partial<Timing>;
}

export const DEFAULT_TUNING: ClientTuning = {
  timeoutMs: 20_000,
  attempts: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Printable ASCII without spaces: anything else cannot be a key and cannot go in a header. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/**
 * ky clones each request with a body (for its retries) and, once done, waits for the clone's
 * body to be cancelled. A tee'd body only finishes cancelling once the other branch is read or
 * cancelled too, so when fetch fails before reading the body (a port fetch refuses outright)
 * ky waited forever. Reading the body here first closes the source, so that wait ends at once.
 * Bodies are small JSON searches.
 */
const fetchWithBufferedBody: typeof fetch = async (input, init) => {
  if (input instanceof Request && input.body) {
    const body = await input.arrayBuffer();
    return fetch(new Request(input, { body }), init);
  }
  return fetch(input, init);
};

/** A promise that rejects when `signal` aborts; `release` drops the listener afterwards. */
function stopWhenAborted(signal: AbortSignal): { promise: Promise<never>; release(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Whoever loses the race, no unhandled rejection.
  promise.catch(() => {});
  return { promise, release: () => signal.removeEventListener('abort', onAbort) };
}

interface ApiRequest<T> {
  method: 'get' | 'post';
  path: string;
  json?: unknown;
  endpoint: Endpoint;
  read(json: unknown): Result<T> | { issues: string };
}

export function createPalencaClient(options: ClientOptions): Result<PalencaClient> {
  const base = checkBaseUrl(options.baseUrl);
  if (!base.ok) return base;
  const baseUrl = base.value;
  const apiKey = options.apiKey;
  if (!apiKey) return fail('missing_key', 'No API key was given.', { field: 'key' });
  if (!KEY_PATTERN.test(apiKey)) {
    return fail(
      'invalid_key',
      'This API key contains spaces or characters that a Palenca key cannot have. Paste the key again.',
      { field: 'key' },
    );
  }
  const tuning: ClientTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const timing: Timing = { ...realTiming, ...options.timing };
  const http = ky.create({
    retry: 0,
    throwHttpErrors: false,
    timeout: tuning.timeoutMs,
    headers: { 'x-api-key': apiKey, accept: 'application/json' },
    fetch: fetchWithBufferedBody,
  });

  const toOutcome = <T>(mapped: MappedError, retryAfterMs: number | null): AttemptOutcome<T> => ({
    result: { ok: false, error: mapped.error },
    retry: mapped.retry,
    retryAfterMs,
  });

  async function attempt<T>(
    request: ApiRequest<T>,
    signal?: AbortSignal,
  ): Promise<AttemptOutcome<T>> {
    // ky's timeout covers only the wait for headers; this one also covers reading the body.
    const attemptAbort = linkedAbort(signal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptAbort.abort();
    }, tuning.timeoutMs);
    const combined = attemptAbort.signal;
    const stop = stopWhenAborted(combined);
    let duringBody = false;
    try {
      // Raced against the abort: if ky or fetch ever fails to settle, the call still ends.
      const response = await Promise.race([
        http(`${baseUrl}${request.path}`, {
          method: request.method,
          ...(request.json === undefined ? {} : { json: request.json }),
          signal: combined,
        }),
        stop.promise,
      ]);
      duringBody = true;
      const text = await Promise.race([response.text(), stop.promise]);
      const status = response.status;
      if (status < 200 || status >= 300) {
        const mapped = errorFromAnswer(
          status,
          text,
          request.endpoint,
          apiKey,
          response.headers.get('content-type'),
        );
        const retryAfterMs =
          status === 429 || status === 503
            ? parseRetryAfter(response.headers.get('retry-after'), timing.now())
            : null;
        if (mapped.error.code === 'rate_limited' && retryAfterMs !== null) {
          mapped.error.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
        }
        return toOutcome(mapped, retryAfterMs);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return toOutcome(unreadableAnswer(status, text, apiKey, 'not_json'), null);
      }
      if (
        typeof json === 'object' &&
        json !== null &&
        (json as { success?: unknown }).success === false
      ) {
        return toOutcome(
          errorFromAnswer(status, text, request.endpoint, apiKey, 'application/json'),
          null,
        );
      }
      const read = request.read(json);
      if ('issues' in read) {
        return toOutcome(unreadableAnswer(status, text, apiKey, 'wrong_shape', read.issues), null);
      }
      return { result: read, retry: false, retryAfterMs: null };
    } catch (error) {
      if (signal?.aborted) return { result: cancelledError(), retry: false, retryAfterMs: null };
      if (timedOut || (error as { name?: unknown })?.name === 'TimeoutError') {
        return toOutcome(timeoutError(tuning.timeoutMs), null);
      }
      return toOutcome(errorFromThrown(error, apiKey, duringBody), null);
    } finally {
      clearTimeout(timer);
      attemptAbort.dispose();
      stop.release();
    }
  }

  const call = <T>(request: ApiRequest<T>, callOptions?: CallOptions) =>
    withRetry(
      (_n) => attempt(request, callOptions?.signal),
      tuning,
      timing,
      callOptions?.signal,
      callOptions?.onRetry,
    );

  const issuesOf = (error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) =>
    error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');

  return ok({
    searchUsers(query, callOptions) {
      const body = checkSearchInput(query);
      if (!body.ok) return Promise.resolve(body);
      return call<UsersPage>(
        {
          method: 'post',
          path: '/users/search',
          json: body.value,
          endpoint: 'search',
          read: readUsersAnswer,
        },
        callOptions,
      );
    },
    getUserAccounts(userId, callOptions) {
      const segment = checkUserId(userId);
      if (!segment.ok) return Promise.resolve(segment);
      return call<UserAccounts>(
        {
          method: 'get',
          path: `/users/${segment.value}/accounts`,
          endpoint: 'accounts',
          read(json) {
            const parsed = accountsAnswer.safeParse(json);
            return parsed.success
              ? ok(toUserAccounts(parsed.data))
              : { issues: issuesOf(parsed.error) };
          },
        },
        callOptions,
      );
    },
  });
}
