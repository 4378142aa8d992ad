// How a command says what went wrong: one plain line on stderr, never a stack trace, and the
// exit code that tells a script whether its own command line was at fault.
import { USAGE_ERROR_CODES } from '#common/error-codes.ts';
import type { AppError } from '#common/result.ts';
import { type CliIO, EXIT, PROGRAM } from './cli-io.ts';

/** Prints one plain line on stderr (never a stack trace) and returns the exit code. */
export function reportError(io: CliIO, message: string, code: number = EXIT.failure): number {
  io.stderr(`${PROGRAM}: ${message.replace(/\s+/g, ' ').trim()}\n`);
  return code;
}

const FLAG_OF_FIELD: Record<string, string> = {
  from: '--from',
  to: '--to',
  perPage: '--per-page',
  page: '--page',
  externalId: '--external-id',
  out: '--out',
};

/** An AppError on stderr: input problems name their flag and exit 2, the rest exit 1. */
export function reportAppError(io: CliIO, error: AppError): number {
  const isInput = USAGE_ERROR_CODES.includes(error.code);
  const flag = error.field ? FLAG_OF_FIELD[error.field] : undefined;
  const message = flag && isInput ? `${error.message} (${flag})` : error.message;
  return reportError(io, message, isInput ? EXIT.usage : EXIT.failure);
}
