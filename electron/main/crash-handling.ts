// A crash in main or an unhandled rejection is logged (redacted) and told to the person in
// a plain message box; the app keeps running. A renderer that dies is reloaded, then the
// person is told. Nothing dies silently.
import { type BrowserWindow, dialog } from 'electron';
import type { Logger } from '../backend/log.ts';
import {
  createDialogThrottle,
  isRendererCrash,
  mainCrashDialog,
  rendererGoneDialog,
} from './security/crash-report.ts';
import type { ShellStrings } from './shell-strings.ts';

export function handleMainProcessCrashes(
  log: Logger,
  getWindow: () => BrowserWindow | null,
  getStrings: () => ShellStrings,
) {
  const mayShow = createDialogThrottle();
  const report = (what: string, error: unknown) => {
    log.error(what, error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error);
    if (!mayShow()) return;
    const window = getWindow();
    const options = mainCrashDialog(getStrings(), log.file);
    const shown =
      window && !window.isDestroyed()
        ? dialog.showMessageBox(window, options)
        : dialog.showMessageBox(options);
    shown.catch((dialogError: unknown) =>
      log.error('could not show the crash dialog', dialogError),
    );
  };
  process.on('uncaughtException', (error) => report('uncaught exception in main', error));
  process.on('unhandledRejection', (reason) => report('unhandled rejection in main', reason));
}

export function reloadOnRendererCrash(
  window: BrowserWindow,
  log: Logger,
  getStrings: () => ShellStrings,
): void {
  const mayShow = createDialogThrottle();
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
    if (!isRendererCrash(details.reason) || window.isDestroyed()) return;
    window.webContents.reload();
    if (!mayShow()) return;
    window.webContents.once('did-finish-load', () => {
      if (window.isDestroyed()) return;
      dialog
        .showMessageBox(window, rendererGoneDialog(getStrings()))
        .catch((error: unknown) => log.error('could not show the reload dialog', error));
    });
  });
  window.webContents.on('unresponsive', () => log.warn('the window stopped responding'));
}
