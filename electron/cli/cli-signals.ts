// Ctrl+C, SIGTERM and SIGHUP as a cancel: a command that can undo its work hears them through
// `io.signal`, and the process ends with the code a shell expects of a signal.
import { EXIT } from './cli-io.ts';

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

/** What can deliver the signals: the process, or in tests any emitter. */
export interface SignalSource {
  once(event: CancelSignal, listener: () => void): unknown;
}

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a cancel. Each is caught once: a second one of the
 * same kind ends the process the default way, for when a person does not want to wait.
 */
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
