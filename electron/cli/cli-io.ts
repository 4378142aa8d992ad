// What a CLI command may touch: its output streams, the environment and a cancel signal.
// Commands get this instead of `process`, so they stay testable and never exit by themselves.
import type { AppError } from '#common/result.ts';

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
  /**
   * Whether the command stops and undoes its work when `io.signal` aborts: then SIGINT,
   * SIGTERM and SIGHUP cancel it (see cancelOnSignals); otherwise they end it at once.
   */
  cancellable?: boolean;
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

/**
 * The signals that cancel a command cleanly (its work is undone, as on any failure), and the
 * exit code each gives: 128 + the signal's number, as a shell reports a process it ended.
 */
export const CANCEL_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type CancelSignal = keyof typeof CANCEL_SIGNALS;

export interface SignalCancel {
  /** Aborted, with the signal's name as its reason, at the first of the signals. */
  signal: AbortSignal;
  /** The exit code: the command's own when it succeeded, else the signal's when one came. */
  exitCode(commandCode: number): number;
}

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a cancel. Each is caught once: a second one of the
 * same kind ends the process the default way, for when a person does not want to wait.
 */
/** What can deliver the signals: the process, or in tests any emitter. */
export interface SignalSource {
  once(event: CancelSignal, listener: () => void): unknown;
}

export function cancelOnSignals(target: SignalSource = process): SignalCancel {
  const controller = new AbortController();
  let received: CancelSignal | null = null;
  for (const name of Object.keys(CANCEL_SIGNALS) as CancelSignal[]) {
    target.once(name, () => {
      received ??= name;
      controller.abort(name);
    });
  }
  return {
    signal: controller.signal,
    // A command that finished before it heard the signal did its whole work: saying it was
    // cancelled would be untrue.
    exitCode: (code) => (code === EXIT.ok || received === null ? code : CANCEL_SIGNALS[received]),
  };
}

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
  const isInput =
    error.code === 'bad_request' || error.code === 'bad_input' || error.code === 'bad_target';
  const flag = error.field ? FLAG_OF_FIELD[error.field] : undefined;
  const message = flag && isInput ? `${error.message} (${flag})` : error.message;
  return reportError(io, message, isInput ? EXIT.usage : EXIT.failure);
}
