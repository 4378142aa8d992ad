// A crash in main or an unhandled rejection is logged (redacted) and told to the person in
// a plain message box; the app keeps running. A renderer that dies is reloaded, then the
// person is told; one that keeps dying is not reloaded forever: after a few reloads in a
// minute the app stops and says so, with the log folder a click away. Nothing dies silently.
import { dirname } from 'node:path';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import type { Logger } from '../../backend/log.ts';
import type { ShellStrings } from '../shell-strings.ts';
import {
  createDialogThrottle,
  isRendererCrash,
  mainCrashDialog,
  OPEN_LOG_FOLDER_BUTTON,
  rendererGoneDialog,
  rendererStoppedDialog,
} from './crash-dialogs.ts';

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
  const mayReload = createDialogThrottle(3, 60_000);
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
    if (!isRendererCrash(details.reason) || window.isDestroyed()) return;
    if (!mayReload()) {
      log.error('the window keeps failing: stopped reloading it');
      void dialog
        .showMessageBox(window, rendererStoppedDialog(getStrings()))
        .then(({ response }) => {
          if (response === OPEN_LOG_FOLDER_BUTTON && log.file) {
            return shell.openPath(dirname(log.file)).then(() => app.quit());
          }
          app.quit();
        })
        .catch((error: unknown) => log.error('could not show the stopped dialog', error));
      return;
    }
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
