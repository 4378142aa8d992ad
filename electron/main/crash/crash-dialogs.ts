// What the person is told of a crash, as plain data for dialog.showMessageBox (crash-handling.ts
// shows it). Never the raw error (it could hold technical detail, or worse): that goes only to
// the log, through the logger that redacts registered secrets such as the API key.
import type { ShellStrings } from '../shell-strings.ts';

export interface CrashDialog {
  type: 'error' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

/** The dialogs' texts, named in ShellStrings after the dialog: `crashTitle`, `crashMessage`… */
type Texts = 'crash' | 'rendererGone' | 'rendererStopped';

const textsOf = (strings: ShellStrings, name: Texts) => ({
  title: strings[`${name}Title`],
  message: strings[`${name}Message`],
  detail: strings[`${name}Detail`],
});

export const mainCrashDialog = (strings: ShellStrings, logFile: string | null): CrashDialog => ({
  type: 'error',
  ...textsOf(strings, 'crash'),
  detail: logFile ? `${strings.crashDetail}\n${logFile}` : strings.crashDetailNoLog,
  buttons: [strings.ok],
});

export const rendererGoneDialog = (strings: ShellStrings): CrashDialog => ({
  type: 'warning',
  ...textsOf(strings, 'rendererGone'),
  buttons: [strings.ok],
});

/** The window's renderer died too often to keep reloading: say so, offer the log folder. */
export const rendererStoppedDialog = (strings: ShellStrings): CrashDialog => ({
  type: 'error',
  ...textsOf(strings, 'rendererStopped'),
  buttons: [strings.openLogFolder, strings.quit],
});

/** Which button of `rendererStoppedDialog` opens the log folder. */
export const OPEN_LOG_FOLDER_BUTTON = 0;

/** A renderer that exited cleanly (the window closed) is not a crash. */
export const isRendererCrash = (reason: string): boolean => reason !== 'clean-exit';

/**
 * Crash handlers must not loop: after `limit` dialogs (or reloads) in `windowMs`, the next
 * ones are refused.
 */
export function createDialogThrottle(limit = 3, windowMs = 60_000, now = () => Date.now()) {
  const shown: number[] = [];
  return (): boolean => {
    const t = now();
    while (shown.length > 0 && t - (shown[0] ?? t) > windowMs) shown.shift();
    if (shown.length >= limit) return false;
    shown.push(t);
    return true;
  };
}
