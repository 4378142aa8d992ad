// What a CLI command may touch: its output streams, the environment and a cancel signal.
// Commands get this instead of `process`, so they stay testable and never exit by themselves.

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
   * SIGTERM and SIGHUP cancel it (see cli-signals.ts); otherwise they end it at once.
   */
  cancellable?: boolean;
}

/** Whether stderr is a terminal, where progress is drawn; commands' tests say it for themselves. */
export const stderrIsTerminal = (): boolean => process.stderr.isTTY === true;

// Not `palenca-users`: that is the installed app's own launcher (the .deb's /usr/bin/palenca-users).
export const PROGRAM = 'palenca-users-cli';

export const EXIT = {
  ok: 0,
  /** Anything that went wrong that is not the caller's usage. */
  failure: 1,
  /** Bad usage or bad input: fix the command line and run it again. */
  usage: 2,
} as const;
