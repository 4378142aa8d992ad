// What a CLI command may touch: its output streams, the environment and a cancel signal.
// Commands get this instead of `process`, so they stay testable and never exit by themselves.
import type { AppError } from '../shared/result.ts';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for the overview printed by `palenca-users --help`. */
  summary: string;
  /** The command's full help text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

// Not `palenca-users`: that is the installed app's own launcher (the .deb's /usr/bin/palenca-users).
export const PROGRAM = 'palenca-users-cli';

export const EXIT = {
  ok: 0,
  /** Anything that went wrong that is not the caller's usage. */
  failure: 1,
  /** Bad usage or bad input: fix the command line and run it again. */
  usage: 2,
} as const;

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
};

/** An AppError on stderr: input problems name their flag and exit 2, the rest exit 1. */
export function reportAppError(io: CliIO, error: AppError): number {
  const isInput = error.code === 'bad_request' || error.code === 'bad_input';
  const flag = error.field ? FLAG_OF_FIELD[error.field] : undefined;
  const message = flag && isInput ? `${error.message} (${flag})` : error.message;
  return reportError(io, message, isInput ? EXIT.usage : EXIT.failure);
}
