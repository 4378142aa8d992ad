// Every call across the IPC boundary resolves to one of these: errors are values, never thrown.
import type { ErrorCode, ErrorReason } from './error-codes.ts';

export interface AppError {
  /** Stable machine code; the renderer turns it into plain words from its catalog. */
  code: ErrorCode;
  /** A plain-language English sentence for logs and the CLI. Never contains the API key. */
  message: string;
  /** For `bad_request` / `bad_input`: the field at fault (`from`, `to`, `perPage`, `key` …). */
  field?: string;
  /** A finer reason than the code, when there is one (see ERROR_REASONS). */
  reason?: ErrorReason;
  /** Technical detail for a "details" disclosure and the log (HTTP status, server text). */
  detail?: string;
  /** For `rate_limited`: how long Palenca asked us to wait, when it said so. */
  retryAfterSeconds?: number;
  /** For a failed export: the users fetched before it stopped (none of them were saved). */
  rowsDone?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {},
): { ok: false; error: AppError } => ({ ok: false, error: { code, message, ...extra } });
