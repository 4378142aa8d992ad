// Retries with exponential backoff and jitter, honouring Retry-After, within a bounded number
// of attempts; an AbortSignal ends a wait at once. Clock and randomness are injectable.
import { type AppError, fail, type Result } from '../../shared/result.ts';

export interface RetryTuning {
  /** Total attempts per call, the first included. */
  attempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited out: the call ends with that error. */
  maxRetryAfterMs: number;
}

export interface Timing {
  /** Waits `ms`, or less when `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A float in [0, 1). */
  random(): number;
  now(): number;
}

export const realTiming: Timing = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
  random: Math.random,
  now: Date.now,
};

/** One try's outcome: whether it is worth trying again, and how long the server asked to wait. */
export interface AttemptOutcome<T> {
  result: Result<T>;
  retry: boolean;
  /** From Retry-After, in ms; null when the server did not say. */
  retryAfterMs: number | null;
}

export const cancelledError = (): { ok: false; error: AppError } =>
  fail('cancelled', 'The request was cancelled.');

/**
 * "Equal jitter": half the exponential step is fixed, half random, so waits spread out yet
 * never collapse to zero. `failures` counts the failed attempts so far (1 after the first).
 */
export function backoffDelayMs(
  failures: number,
  tuning: Pick<RetryTuning, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number,
): number {
  const step = Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

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

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  tuning: RetryTuning,
  timing: Timing,
  signal?: AbortSignal,
  onRetry?: (error: AppError) => void,
): Promise<Result<T>> {
  const attempts = Math.min(10, Math.max(1, Math.floor(tuning.attempts)));
  let last: Result<T> = cancelledError();
  for (let n = 1; n <= attempts; n++) {
    if (signal?.aborted) return cancelledError();
    const outcome = await attempt(n);
    last = outcome.result;
    if (outcome.result.ok || !outcome.retry || n === attempts) return outcome.result;
    let waitMs: number;
    if (!outcome.result.ok) onRetry?.(outcome.result.error);
    if (outcome.retryAfterMs !== null) {
      // Asked to wait longer than we are willing to: report it instead of hanging.
      if (outcome.retryAfterMs > tuning.maxRetryAfterMs) return outcome.result;
      waitMs = outcome.retryAfterMs;
    } else {
      waitMs = backoffDelayMs(n, tuning, timing.random);
    }
    await timing.sleep(waitMs, signal);
    if (signal?.aborted) return cancelledError();
  }
  return last;
}
