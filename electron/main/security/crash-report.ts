// Turns a crash in the main process into what is logged and what the person is told. The
// person never sees the raw error (it could hold technical detail, or worse); the log gets
// it, through the logger that redacts registered secrets such as the API key.
import type { ShellStrings } from '../shell-strings.ts';

export interface CrashDialog {
  type: 'error' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

export function mainCrashDialog(strings: ShellStrings, logFile: string | null): CrashDialog {
  return {
    type: 'error',
    title: strings.crashTitle,
    message: strings.crashMessage,
    detail: logFile ? `${strings.crashDetail}\n${logFile}` : strings.crashDetailNoLog,
    buttons: [strings.ok],
  };
}

export function rendererGoneDialog(strings: ShellStrings): CrashDialog {
  return {
    type: 'warning',
    title: strings.rendererGoneTitle,
    message: strings.rendererGoneMessage,
    detail: strings.rendererGoneDetail,
    buttons: [strings.ok],
  };
}

/** The window's renderer died too often to keep reloading: say so, offer the log folder. */
export function rendererStoppedDialog(strings: ShellStrings): CrashDialog {
  return {
    type: 'error',
    title: strings.rendererStoppedTitle,
    message: strings.rendererStoppedMessage,
    detail: strings.rendererStoppedDetail,
    buttons: [strings.openLogFolder, strings.quit],
  };
}

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
