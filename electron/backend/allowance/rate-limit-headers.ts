// What one answer says about Palenca's request allowance. Only plausible values are kept:
// a proxy's answer, a misconfigured gateway or a bad clock must not stall or unleash the app,
// so anything odd reads as "not said" and the governor falls back on what it already knows.

export interface RateLimitReading {
  status: number;
  /** `X-RateLimit-Limit`: requests per window; null when absent or not a positive count. */
  limit: number | null;
  /** `X-RateLimit-Remaining`: requests left in the window; null when absent or unreadable. */
  remaining: number | null;
  /** `X-RateLimit-Reset`: when the window ends, ms on the server's clock; null when absent. */
  resetAt: number | null;
  /** `Date`: the server's clock when it answered, ms (whole seconds); null when absent. */
  serverDate: number | null;
  /** `Retry-After`, in ms from the answer; null when absent or unreadable. */
  retryAfterMs: number | null;
}

/** More requests per window than any real allowance: a larger `Limit` is not believed. */
const MAX_LIMIT = 1_000_000;

const count = (value: string | null): number | null => {
  const text = value?.trim();
  if (!text || !/^\d+$/.test(text)) return null;
  return Number(text);
};

/** Retry-After as delay-seconds or an HTTP date, in ms from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names its month; this keeps `-5` from parsing as a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

export function readRateLimit(
  status: number,
  headers: Pick<Headers, 'get'>,
  receivedAt: number,
): RateLimitReading {
  const limit = count(headers.get('x-ratelimit-limit'));
  const reset = count(headers.get('x-ratelimit-reset'));
  const date = Date.parse(headers.get('date') ?? '');
  const serverDate = Number.isNaN(date) ? null : date;
  return {
    status,
    limit: limit !== null && limit > 0 && limit <= MAX_LIMIT ? limit : null,
    remaining: count(headers.get('x-ratelimit-remaining')),
    // Unix seconds; a value before 2001 or with more digits than seconds is not a reset time.
    resetAt: reset !== null && reset > 1e9 && reset < 1e11 ? reset * 1000 : null,
    serverDate,
    // Relative to the server's own Date when it sent one: a Retry-After date is on its clock.
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), serverDate ?? receivedAt),
  };
}
