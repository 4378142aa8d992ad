// The Palenca API client: ky for the requests and their retries, the allowance governor for
// when each may go, validated answers, and errors as values with stable codes. The key
// travels only in the `x-api-key` header.
//
// What ky does: retries (which errors, how often, backoff with jitter and its cap, a 503's
// Retry-After), the per-attempt timeout, and the hooks where pacing plugs in. What stays ours:
// a fetch that reads the whole body inside ky's timeout (ky times only the headers), never
// more than `maxAnswerBytes` of it, and never follows a redirect (the key would travel with
// it); a short-lived signal per call, so ky's `AbortSignal.any` never hangs on a long-lived
// one; and every call's time budget (answer-deadline.ts): attempts are only a second cap.
//
// Which fetch sends is the caller's: Node's by default, Electron's `net.fetch` in the app
// (the system's proxy and certificates), undici's with a proxy agent in the CLI.
import ky, { HTTPError, type Options } from 'ky';
import type {
  AccountDetails,
  LoginsPage,
  PalencaUser,
  UserAccounts,
  UsersPage,
} from '#common/models.ts';
import { type AppError, fail, ok, type Result } from '#common/result.ts';
import {
  AllowanceGovernor,
  type AllowanceTicket,
  type Priority,
} from '../allowance/allowance-governor.ts';
import { readRateLimit } from '../allowance/rate-limit-headers.ts';
import { linkedAbort } from '../linked-abort.ts';
import { backoffMs } from '../timing/backoff.ts';
import { AnswerTooLargeError, readBoundedText } from './answer-body.ts';
import { AnswerDeadline } from './answer-deadline.ts';
import { checkBaseUrl } from './base-url.ts';
import {
  type Endpoint,
  errorFromAnswer,
  inconsistentAnswer,
  type MappedError,
  timeoutError,
  unreadableAnswer,
} from './http-errors.ts';
import {
  errorFromThrown,
  REDIRECT_STATUSES,
  RedirectedError,
  redirectTarget,
} from './network-errors.ts';
import {
  accountAnswer,
  accountsAnswer,
  accountUserAnswer,
  loginsAnswer,
  toAccountDetails,
  toLoginsPage,
  toPalencaUser,
  toUserAccounts,
} from './response-schemas.ts';
import { checkAccountId, checkLoginsInput, checkSearchInput, checkUserId } from './search-input.ts';
import { inconsistencyOf, readUsersAnswer } from './users-answer.ts';

export interface SearchQuery {
  /** Earliest day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Latest day, YYYY-MM-DD, inclusive. */
  to: string;
  externalId?: string | undefined;
  page: number;
  perPage: number;
}

/** A page of the connection attempts created in a window (`POST /logins/search`). */
export interface LoginsQuery {
  /** Earliest day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Latest day, YYYY-MM-DD, inclusive. */
  to: string;
  page: number;
  /** Asked for; Palenca may answer with fewer per page (its largest is not published). */
  perPage: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Interactive calls (the default) go ahead of background work (exports, charts). */
  priority?: Priority;
  /** Told of each failed attempt that is about to be retried (the exporter slows down on it). */
  onRetry?: (error: AppError) => void;
  /**
   * The call's time budget: how long it may wait for Palenca, all attempts and their backoff
   * together, before it gives up; waiting for the allowance does not count. By default every
   * call has one: `answerDeadlineMs` for an interactive call (someone is looking at the
   * screen), `backgroundDeadlineMs` for background work (time without progress). A clock of
   * the caller's (its limit from `deadlines`) is shared across calls: an export page and its own
   * retries. `false`: no budget, only the attempts and their timeouts.
   */
  deadline?: boolean | AnswerDeadline;
}

export interface PalencaClient {
  searchUsers(query: SearchQuery, options?: CallOptions): Promise<Result<UsersPage>>;
  getUserAccounts(userId: string, options?: CallOptions): Promise<Result<UserAccounts>>;
  /** One account with Palenca's own words about it (`GET /accounts/{id}`): one request. */
  getAccount(accountId: string, options?: CallOptions): Promise<Result<AccountDetails>>;
  /** The user who owns an account (`GET /accounts/{id}/user`): one request. */
  getAccountUser(accountId: string, options?: CallOptions): Promise<Result<PalencaUser>>;
  /** A page of connection attempts; `items_per_page` in the answer says what Palenca used. */
  searchLogins(query: LoginsQuery, options?: CallOptions): Promise<Result<LoginsPage>>;
  /**
   * This client's time budget for each priority, in ms, for a caller that makes its own clock
   * (`new AnswerDeadline(ms)`) to share across calls as `deadline`: an export page and the
   * exporter's own retries of it. A value, not a method: wrappers of the client's calls
   * (unchecked-keys.ts) pass values through untouched.
   */
  readonly deadlines: Readonly<Record<Priority, number>>;
}

/** Timing knobs; production uses the defaults, tests shrink them so they stay fast. */
export interface ClientTuning {
  /** Per attempt, headers and body; time waiting for the allowance does not count. */
  timeoutMs: number;
  /** Attempts per call for failures other than 429 (those are waited out, never counted). */
  attempts: number;
  /** First retry's backoff; it doubles each retry, with equal jitter. */
  backoffBaseMs: number;
  /** Cap on one backoff, and on a 503's Retry-After. */
  backoffMaxMs: number;
  /**
   * Whether a 429 is waited out (until Palenca's window ends) and tried again. Off only for
   * the key check, where "save without checking" serves the person better than a wait.
   */
  waitOutRefusals: boolean;
  /**
   * Interactive calls: the most time spent waiting for Palenca's answers, attempts and
   * backoff together, before giving up. Time waiting for the allowance does not count.
   */
  answerDeadlineMs: number;
  /**
   * Background calls (an export's page, a chart's count): the most time without progress,
   * that is without the answer arriving, attempts and backoff together. Time waiting for the
   * allowance does not count.
   */
  backgroundDeadlineMs: number;
  /**
   * The largest answer read, in bytes. A page of 150 users is a few KB; anything near this
   * is broken, and is abandoned while it arrives (`answer_too_large`).
   */
  maxAnswerBytes: number;
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  tuning?: Partial<ClientTuning>;
  /** The environment's pacing governor; shared by every client of the environment. */
  governor?: AllowanceGovernor;
  /** Randomness for jitter; tests pin it. */
  random?: () => number;
  /**
   * What sends each request; default Node's global `fetch`. It is always asked not to follow
   * redirects (`redirect: 'manual'`); a 3xx, or a refusal to redirect, ends the call.
   */
  fetch?: typeof fetch;
}

export const DEFAULT_TUNING: ClientTuning = {
  timeoutMs: 20_000,
  attempts: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  waitOutRefusals: true,
  answerDeadlineMs: 20_000,
  backgroundDeadlineMs: 180_000,
  maxAnswerBytes: 20 * 1024 * 1024,
};

/** Printable ASCII without spaces: anything else cannot be a key and cannot go in a header. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The body failed to arrive whole after the headers did (a dropped connection). */
class BodyReadError extends Error {
  override name = 'BodyReadError';
}

/**
 * An answer whose body was read whole, as text, while ky's timeout ran (ky times only the
 * headers). It carries the text beside an empty body: ky clones each response for its
 * hooks, and cloning a body would copy every page once more for nothing.
 */
class WholeAnswer extends Response {
  constructor(
    readonly bodyText: string,
    from: Response,
  ) {
    super(null, { status: from.status, statusText: from.statusText, headers: from.headers });
  }
}

/** The text of an answer that came through `wholeAnswerFetch`. */
const textOf = (response: Response): Promise<string> =>
  response instanceof WholeAnswer ? Promise.resolve(response.bodyText) : response.text();

const urlOf = (input: Request | string | URL): string =>
  input instanceof Request ? input.url : input instanceof URL ? input.href : input;

/**
 * Sends with `send`, a buffered request body, and returns a `WholeAnswer`. (A tee'd request
 * body, which ky makes for its retries, only finishes cancelling once both branches are read:
 * buffering it first keeps a refused port from hanging ky.) Bodies are small JSON: one past
 * `maxBytes` is abandoned as it arrives (`AnswerTooLargeError`). A redirect is never
 * followed: it throws `RedirectedError` naming where it pointed, and nothing is sent there.
 */
const wholeAnswerFetch =
  (send: typeof fetch, maxBytes: number): typeof fetch =>
  async (input, init) => {
    const request =
      input instanceof Request && input.body
        ? new Request(input, { body: await input.arrayBuffer() })
        : input;
    const response = await send(request, init);
    // Node's fetch hands a manual redirect back as it came; a fetch that follows the standard
    // to the letter gives an opaque one (status 0, no headers).
    if (REDIRECT_STATUSES.has(response.status) || response.type === 'opaqueredirect') {
      await response.body?.cancel().catch(() => {});
      throw new RedirectedError(
        response.status,
        redirectTarget(response.headers.get('location'), urlOf(input)),
      );
    }
    let text: string;
    try {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
      text = await readBoundedText(response, maxBytes, signal);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) throw error;
      throw new BodyReadError('The answer was cut off', { cause: error });
    }
    return new WholeAnswer(text, response);
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
  /** The value, or what was wrong with its shape, or how it contradicts itself or the request. */
  read(json: unknown): Result<T> | { issues: string } | { inconsistent: string };
}

/** One call's state, handed to the shared hooks through ky's `context`. */
interface CallState {
  priority: Priority;
  signal: AbortSignal;
  ticket: AllowanceTicket | null;
  deadline: AnswerDeadline | null;
}

const callStateOf = (options: { context: Record<string, unknown> }): CallState =>
  options.context.call as CallState;

/** Statuses ky may retry; which of them it does is decided per error below. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

export const cancelledError = (): { ok: false; error: AppError } =>
  fail('cancelled', 'The request was cancelled.');

/** A call gave up waiting: a timeout, saying how long it waited. */
const gaveUpError = (deadline: AnswerDeadline): AppError => ({
  ...timeoutError(deadline.limitMs).error,
  detail: `No answer within ${deadline.limitMs} ms of waiting for Palenca (waits for the allowance not counted)`,
});

/** An answer past the size limit, abandoned while it arrived. Not retried: it would be again. */
const tooLargeError = (error: AnswerTooLargeError): MappedError => ({
  error: {
    code: 'answer_too_large',
    message:
      "Palenca's answer was far larger than expected, so the app stopped reading it. Try again later; if it keeps happening, contact Palenca support.",
    detail: error.message,
  },
  retry: false,
});

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
  // A client of its own (a script, a test) paces itself; the app hands each one its environment's.
  const governor = options.governor ?? new AllowanceGovernor();
  const random = options.random ?? Math.random;
  const host = new URL(baseUrl).host;
  const http = ky.create({
    throwHttpErrors: true,
    timeout: tuning.timeoutMs,
    headers: { 'x-api-key': apiKey, accept: 'application/json' },
    // Never follow a redirect: with the key attached, it could take the key anywhere.
    redirect: 'manual',
    fetch: wholeAnswerFetch(
      options.fetch ?? ((input, init) => fetch(input, init)),
      tuning.maxAnswerBytes,
    ),
    retry: {
      // Searching is a read: a POST only because the filter is a body.
      methods: ['get', 'post'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [503],
      maxRetryAfter: tuning.backoffMaxMs,
      backoffLimit: tuning.backoffMaxMs,
      retryOnTimeout: true,
      // Equal jitter: half the step fixed, half random, so waits spread yet never collapse.
      jitter: (delay) => delay / 2 + random() * (delay / 2),
    },
    hooks: {
      // Pacing: every attempt, the first and each retry, waits here for the allowance. This
      // runs before ky starts its timeout, so waiting for the allowance never times out.
      beforeRequest: [
        async (_request, requestOptions) => {
          const call = callStateOf(requestOptions);
          call.ticket?.abandoned();
          call.ticket = null;
          // The wait for the allowance is not Palenca being slow: the deadline's clock stops.
          call.deadline?.hold();
          try {
            call.ticket = await governor.acquire(call.priority, call.signal);
          } finally {
            call.deadline?.run();
          }
        },
      ],
      afterResponse: [
        (_request, requestOptions, response) => {
          const call = callStateOf(requestOptions);
          call.ticket?.answered(readRateLimit(response.status, response.headers, Date.now()));
          call.ticket = null;
        },
      ],
    },
  });

  /** The error an attempt ended in, as the app says it. */
  async function mapFailure(error: unknown, endpoint: Endpoint): Promise<MappedError> {
    if (error instanceof HTTPError) {
      const text = await textOf(error.response).catch(() => '');
      return errorFromAnswer(
        error.response.status,
        text,
        endpoint,
        apiKey,
        error.response.headers.get('content-type'),
      );
    }
    if ((error as { name?: unknown })?.name === 'TimeoutError') {
      return timeoutError(tuning.timeoutMs);
    }
    if (error instanceof AnswerTooLargeError) return tooLargeError(error);
    const duringBody = error instanceof BodyReadError;
    return errorFromThrown(duringBody ? error.cause : error, apiKey, duringBody, host);
  }

  async function call<T>(
    request: ApiRequest<T>,
    callOptions: CallOptions = {},
  ): Promise<Result<T>> {
    const outer = callOptions.signal;
    if (outer?.aborted) return cancelledError();
    const priority = callOptions.priority ?? 'interactive';
    const given = callOptions.deadline ?? true;
    // The caller's own clock (shared with its other calls) is only held at the end, not ended.
    const shared = given instanceof AnswerDeadline;
    const deadline = shared ? given : given ? timeBudget(priority) : null;
    if (deadline?.expired) return { ok: false, error: gaveUpError(deadline) };
    const abort = linkedAbort(outer);
    const stopListening = deadline?.onExpire(() => abort.abort());
    const state: CallState = {
      priority,
      signal: abort.signal,
      ticket: null,
      deadline,
    };
    // Counts failures other than 429 (a 429 is waited out by the governor, not counted).
    let failures = 0;
    let refused = false;
    /** The last failed attempt, said instead of "too long" when the deadline ends a retry. */
    let lastError: AppError | null = null;
    const retry: Options['retry'] = {
      limit: Number.POSITIVE_INFINITY,
      // Uncapped here: ky caps the wait (`backoffLimit`) after adding the jitter.
      delay: () => (refused ? 0 : backoffMs(failures, tuning.backoffBaseMs)),
      shouldRetry: async ({ error }) => {
        if (abort.signal.aborted) return false;
        if (error instanceof HTTPError && error.response.status === 429) {
          refused = true;
          return tuning.waitOutRefusals;
        }
        refused = false;
        const mapped = await mapFailure(error, request.endpoint);
        lastError = mapped.error;
        if (!mapped.retry) return false;
        failures++;
        if (failures >= tuning.attempts) return false;
        callOptions.onRetry?.(mapped.error);
        // A 503 that says how long to wait: ky honours its Retry-After (capped).
        if (error instanceof HTTPError && error.response.headers.has('retry-after'))
          return undefined;
        return true;
      },
    };
    const stop = stopWhenAborted(abort.signal);
    deadline?.run();
    try {
      // Raced against the abort: if ky or fetch ever fails to settle, the call still ends.
      const response = await Promise.race([
        http(`${baseUrl}${request.path}`, {
          method: request.method,
          ...(request.json === undefined ? {} : { json: request.json }),
          signal: abort.signal,
          context: { call: state },
          retry,
        }),
        stop.promise,
      ]);
      return readAnswer(request, response.status, await textOf(response));
    } catch (error) {
      if (deadline?.expired) return { ok: false, error: lastError ?? gaveUpError(deadline) };
      if (abort.signal.aborted) return cancelledError();
      return { ok: false, error: (await mapFailure(error, request.endpoint)).error };
    } finally {
      stopListening?.();
      if (shared) deadline?.hold();
      else deadline?.dispose();
      state.ticket?.abandoned();
      abort.dispose();
      stop.release();
    }
  }

  function readAnswer<T>(request: ApiRequest<T>, status: number, text: string): Result<T> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: unreadableAnswer(status, text, apiKey, 'not_json').error };
    }
    if (
      typeof json === 'object' &&
      json !== null &&
      (json as { success?: unknown }).success === false
    ) {
      return {
        ok: false,
        error: errorFromAnswer(status, text, request.endpoint, apiKey, 'application/json').error,
      };
    }
    const read = request.read(json);
    if ('issues' in read) {
      return {
        ok: false,
        error: unreadableAnswer(status, text, apiKey, 'wrong_shape', read.issues).error,
      };
    }
    if ('inconsistent' in read) return { ok: false, error: inconsistentAnswer(read.inconsistent) };
    return read;
  }

  const issuesOf = (error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) =>
    error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');

  const deadlines: Record<Priority, number> = {
    interactive: tuning.answerDeadlineMs,
    background: tuning.backgroundDeadlineMs,
  };
  const timeBudget = (priority: Priority) => new AnswerDeadline(deadlines[priority]);

  return ok({
    deadlines,
    searchUsers(query, callOptions) {
      const body = checkSearchInput(query);
      if (!body.ok) return Promise.resolve(body);
      return call<UsersPage>(
        {
          method: 'post',
          path: '/users/search',
          json: body.value,
          endpoint: 'search',
          read(json) {
            const read = readUsersAnswer(json);
            if ('issues' in read || !read.ok) return read;
            // A page at odds with itself or with what was asked: Palenca's fault, said so.
            const odd = inconsistencyOf(read.value, query.perPage);
            return odd ? { inconsistent: odd } : read;
          },
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
    getAccount(accountId, callOptions) {
      const segment = checkAccountId(accountId);
      if (!segment.ok) return Promise.resolve(segment);
      return call<AccountDetails>(
        {
          method: 'get',
          path: `/accounts/${segment.value}`,
          endpoint: 'account',
          read(json) {
            const parsed = accountAnswer.safeParse(json);
            return parsed.success
              ? ok(toAccountDetails(parsed.data))
              : { issues: issuesOf(parsed.error) };
          },
        },
        callOptions,
      );
    },
    getAccountUser(accountId, callOptions) {
      const segment = checkAccountId(accountId);
      if (!segment.ok) return Promise.resolve(segment);
      return call<PalencaUser>(
        {
          method: 'get',
          path: `/accounts/${segment.value}/user`,
          endpoint: 'account_user',
          read(json) {
            const parsed = accountUserAnswer.safeParse(json);
            return parsed.success
              ? ok(toPalencaUser(parsed.data))
              : { issues: issuesOf(parsed.error) };
          },
        },
        callOptions,
      );
    },
    searchLogins(query, callOptions) {
      const body = checkLoginsInput(query);
      if (!body.ok) return Promise.resolve(body);
      return call<LoginsPage>(
        {
          method: 'post',
          path: '/logins/search',
          json: body.value,
          endpoint: 'logins',
          read(json) {
            const parsed = loginsAnswer.safeParse(json);
            if (!parsed.success) return { issues: issuesOf(parsed.error) };
            const page = toLoginsPage(parsed.data);
            // Fewer per page than asked is Palenca's choice; more than it says is not.
            const { logins, pagination } = page;
            if (logins.length > pagination.items_per_page) {
              return {
                inconsistent: `${logins.length} attempts on a page whose items_per_page says ${pagination.items_per_page}`,
              };
            }
            if (logins.length > pagination.total_items) {
              return {
                inconsistent: `${logins.length} attempts on a page whose total_items says ${pagination.total_items}`,
              };
            }
            return ok(page);
          },
        },
        callOptions,
      );
    },
  });
}
