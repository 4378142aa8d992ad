// Turns what came back (a status and body, or a thrown network error) into one of our error
// codes with a plain message for staff. Technical detail goes to `detail`, never the key.
import { BUSY_CODES } from '#common/error-codes.ts';
import type { AppError } from '#common/result.ts';
import { APP_FIELD_OF_API_DATE } from './date-window.ts';
import { safeExcerpt } from './error-excerpt.ts';
import {
  type ErrorEnvelope,
  errorEnvelope,
  type ValidationDetail,
  validationDetail,
} from './response-schemas.ts';

/** `accounts`: a user's accounts; `account`: one account by its id. */
/** Which call answered: a 404 means a different thing for each. */
export type Endpoint = 'search' | 'logins' | 'accounts' | 'account' | 'account_user';

export interface MappedError {
  error: AppError;
  /** Worth another attempt (429, 502, 503, 504, network trouble, timeouts). */
  retry: boolean;
}

export const MESSAGES = {
  missing_key: "Palenca did not receive an API key. Add your organisation's API key and try again.",
  invalid_key:
    'Palenca did not accept this API key. Check that the key is correct and belongs to this environment.',
  forbidden: 'Palenca refused this request for this API key. Check that the key has access.',
  bad_request: 'Palenca did not accept the search. Check the dates and filters and try again.',
  rate_limited: 'Palenca is receiving too many requests right now. Wait a moment and try again.',
  unavailable: 'Palenca is not available right now. Try again in a few minutes.',
  proxy_page:
    "An error page came back instead of Palenca's answer; a network proxy may be in the way. Try again in a few minutes.",
  server_error: 'Palenca ran into a problem on its side. Try again in a few minutes.',
  timeout: 'Palenca took too long to answer. Try again in a few minutes.',
  offline: 'Could not reach Palenca. Check your internet connection and try again.',
  dropped:
    'The connection to Palenca was interrupted before the answer arrived. Check your internet connection and try again.',
  not_json: 'Palenca sent an answer this app cannot read. Try again later.',
  wrong_shape: 'Palenca sent an answer in a shape this app does not expect. Try again later.',
  inconsistent:
    "Palenca's answer was inconsistent, so the app did not use it. Nothing is wrong with your search. Try again later; if it keeps happening, contact Palenca support.",
  not_found: 'This user was not found in Palenca. They may have been removed.',
  account_not_found: 'This account was not found in Palenca. It may have been removed.',
  no_service: 'The Palenca address in use does not offer this service. Check the address setting.',
  proxy_login:
    "Your network's proxy asks for a login this app cannot give, so the request did not reach Palenca. Ask IT to allow Palenca.",
  refused:
    'Palenca refused the request from this app. Try again later; if it keeps happening, contact Palenca support.',
  blocked_port:
    'The Palenca address uses a port that is blocked for safety, so nothing was sent. Check the address setting.',
} as const;

/** Our name for each API field, so a rejected field can be named to the person. */
const APP_FIELD: Record<string, string> = {
  ...APP_FIELD_OF_API_DATE,
  items_per_page: 'perPage',
  page: 'page',
  external_id: 'externalId',
};

const FIELD_LABEL: Record<string, string> = {
  from: 'From date',
  to: 'To date',
  perPage: 'number of users per page',
  page: 'page number',
  externalId: 'external ID',
};

/**
 * A short, single-line excerpt of a body for `detail` (the renderer's "details" and the log):
 * never the body itself. The key in any form, and anything token-like, is removed
 * (error-excerpt.ts). `tokens: false` keeps token-like words, for our own network stack's text.
 */
export function excerpt(text: string, secret: string, max = 200, tokens = true): string {
  return safeExcerpt(text, secret, { max, tokens });
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const badRequest = (field: string | undefined, detail: string): AppError => {
  const label = field ? FIELD_LABEL[field] : undefined;
  return {
    code: 'bad_request',
    message: label ? `Palenca did not accept the ${label}.` : MESSAGES.bad_request,
    ...(field ? { field } : {}),
    detail,
  };
};

const fieldFromLoc = (loc: ReadonlyArray<string | number>): string | undefined => {
  for (let i = loc.length - 1; i >= 0; i--) {
    const part = loc[i];
    if (typeof part === 'string' && APP_FIELD[part]) return APP_FIELD[part];
  }
  return undefined;
};

function fromValidationDetail(body: ValidationDetail, detail: string): AppError {
  const first = body.detail[0];
  return badRequest(first ? fieldFromLoc(first.loc) : undefined, detail);
}

/** A 404: the user or account is gone; for a search, the address offers no such service. */
function notFound(endpoint: Endpoint, detail: string): AppError {
  if (endpoint === 'accounts') return { code: 'not_found', message: MESSAGES.not_found, detail };
  if (endpoint === 'account' || endpoint === 'account_user') {
    return { code: 'not_found', message: MESSAGES.account_not_found, detail };
  }
  return { code: 'bad_response', message: MESSAGES.no_service, detail };
}

/** Palenca's own error codes (in the envelope), whatever the HTTP status. */
function fromEnvelope(
  body: ErrorEnvelope,
  status: number,
  endpoint: Endpoint,
  detail: string,
): AppError {
  const code = body.error.code;
  switch (code) {
    case 'missing_api_key':
      return { code: 'missing_key', message: MESSAGES.missing_key, detail };
    case 'invalid_api_key':
      return { code: 'invalid_key', message: MESSAGES.invalid_key, detail };
    case 'too_many_requests':
      return { code: 'rate_limited', message: MESSAGES.rate_limited, detail };
    case 'service_unavailable':
    case 'platform_unavailable':
      return { code: 'unavailable', message: MESSAGES.unavailable, detail };
    case 'request_timeout':
      return { code: 'timeout', message: MESSAGES.timeout, detail };
    case 'not_found':
      return notFound(endpoint, detail);
    case 'bad_request': {
      const location = body.error.errors?.find((e) => e.location)?.location ?? '';
      return badRequest(fieldFromLoc(location.split('.')), detail);
    }
    default:
      return fromStatusAlone(status, endpoint, detail);
  }
}

function fromStatusAlone(status: number, endpoint: Endpoint, detail: string): AppError {
  if (status === 401) return { code: 'invalid_key', message: MESSAGES.invalid_key, detail };
  if (status === 403) return { code: 'invalid_key', message: MESSAGES.forbidden, detail };
  if (status === 404) return notFound(endpoint, detail);
  if (status === 429) return { code: 'rate_limited', message: MESSAGES.rate_limited, detail };
  if (status === 504 || status === 408) {
    return { code: 'timeout', message: MESSAGES.timeout, detail };
  }
  if (status === 500) return { code: 'unavailable', message: MESSAGES.server_error, detail };
  if (status >= 500) return { code: 'unavailable', message: MESSAGES.unavailable, detail };
  // Only these say "your search was wrong"; the CLI treats that as bad usage (exit 2).
  if (status === 400 || status === 422) return badRequest(undefined, detail);
  // A proxy on the way wants credentials: Palenca was never reached, and a retry will not help.
  if (status === 407) return { code: 'proxy_failed', message: MESSAGES.proxy_login, detail };
  if (status >= 400) return { code: 'bad_response', message: MESSAGES.refused, detail };
  return { code: 'bad_response', message: MESSAGES.wrong_shape, detail };
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** An answer that is not a success: a non-2xx status, or a 2xx carrying `success: false`. */
export function errorFromAnswer(
  status: number,
  text: string,
  endpoint: Endpoint,
  secret: string,
  contentType: string | null,
): MappedError {
  const detail = `HTTP ${status}; ${excerpt(text, secret) || '(empty body)'}`;
  const json = tryJson(text);
  const envelope = errorEnvelope.safeParse(json);
  const validation = validationDetail.safeParse(json);
  let error: AppError;
  if (envelope.success) error = fromEnvelope(envelope.data, status, endpoint, detail);
  else if (validation.success && (status === 422 || status === 400)) {
    error = fromValidationDetail(validation.data, detail);
  } else if (status === 401 || status === 403) error = fromStatusAlone(status, endpoint, detail);
  else if (status >= 500 && json === undefined && /html/i.test(contentType ?? '')) {
    error = { code: 'unavailable', message: MESSAGES.proxy_page, detail };
  } else error = fromStatusAlone(status, endpoint, detail);
  const retry = RETRY_STATUSES.has(status) || (status < 300 && BUSY_CODES.includes(error.code));
  return { error, retry };
}

/** A 2xx whose body is not JSON, or JSON of the wrong shape. */
export function unreadableAnswer(
  status: number,
  text: string,
  secret: string,
  problem: 'not_json' | 'wrong_shape',
  issues?: string,
): MappedError {
  const body = excerpt(text, secret) || '(empty body)';
  const detail = `HTTP ${status}; ${issues ? `${excerpt(issues, secret, 300, false)}; ` : ''}${body}`;
  return { error: { code: 'bad_response', message: MESSAGES[problem], detail }, retry: false };
}

/**
 * An answer at odds with itself or with the request (more users than asked for, say): named
 * as Palenca's, never as the person's input nor as the list changing. `why` is our own words
 * (counts, page numbers), not the body. Not retried by the client.
 */
export const inconsistentAnswer = (why: string): AppError => ({
  code: 'answer_inconsistent',
  message: MESSAGES.inconsistent,
  detail: why,
});

// Thrown errors (no answer at all: certificates, proxies, names, refused connections) are
// mapped in network-errors.ts.

export const timeoutError = (timeoutMs: number): MappedError => ({
  error: {
    code: 'timeout',
    message: MESSAGES.timeout,
    detail: `No complete answer within ${timeoutMs} ms`,
  },
  retry: true,
});
