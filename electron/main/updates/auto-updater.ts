// The Electron side of updates: decides once at start whether this copy can update itself
// (update-policy.ts), and if so runs electron-updater through the UpdateController, whose
// news the backend passes to the window. Help → Check for Updates… answers in a native
// dialog. electron-updater is imported lazily, at the first check, and only when updates are
// on: a development run and the stand-in smoke test never load it.
//
// The feed is what electron-builder wrote from `publish` into resources/app-update.yml; no
// token or address lives in this code. The Electron test suite, unpackaged only, points
// PALENCA_UPDATE_CONFIG at a development update config for a feed on loopback.
import { app, type BrowserWindow, dialog, shell } from 'electron';
import type { Backend } from '../../backend/backend.ts';
import type { Logger } from '../../backend/log.ts';
import type { UpdatesPort } from '../../backend/updates-port.ts';
import type { HelpMenuActions } from '../menu/menu-template.ts';
import type { ShellStrings } from '../shell-strings.ts';
import { UpdateController, type UpdaterLike } from './update-controller.ts';
import {
  exportRunningDialog,
  type UpdateDialog,
  updateCheckDialog,
  updatesOffDialog,
} from './update-dialogs.ts';
import { readDownloadPage, updateConfigPathOf, updatePolicyFor } from './update-policy.ts';

export interface AppUpdates extends HelpMenuActions {
  /** For the backend; absent when this copy cannot update itself. */
  port: UpdatesPort | undefined;
  /** The first check, then one a day; nothing when updates are off. */
  start(): void;
}

export interface AppUpdatesOptions {
  log: Logger;
  getWindow: () => BrowserWindow | null;
  getStrings: () => ShellStrings;
  /** Its `restartToUpdate` is the one place that refuses a restart during an export. */
  getBackend: () => Backend | null;
}

export function createAppUpdates(options: AppUpdatesOptions): AppUpdates {
  const { log, getWindow, getStrings } = options;
  const policy = updatePolicyFor({
    platform: process.platform,
    isPackaged: app.isPackaged,
    appPath: () => app.getAppPath(),
    resourcesPath: process.resourcesPath,
    env: process.env,
  });
  log.info(
    policy.on
      ? `updates: on${policy.devConfigPath ? ` (development config ${policy.devConfigPath})` : ''}`
      : `updates: off (${policy.reason})`,
  );
  const controller = policy.on
    ? new UpdateController({ load: () => loadUpdater(policy.devConfigPath, log), log })
    : null;

  const show = async (box: UpdateDialog): Promise<number> => {
    const window = getWindow();
    const shown =
      window && !window.isDestroyed()
        ? await dialog.showMessageBox(window, box)
        : await dialog.showMessageBox(box);
    return shown.response;
  };

  async function checkFromMenu(): Promise<void> {
    if (!policy.on || !controller) {
      const reason = policy.on ? 'no_feed' : policy.reason;
      const page = app.isPackaged
        ? readDownloadPage(updateConfigPathOf(null, process.resourcesPath))
        : null;
      const box = updatesOffDialog(getStrings(), reason, page);
      const response = await show(box);
      if (page && response === box.openPageButton) await shell.openExternal(page);
      return;
    }
    const state = await controller.check();
    const box = updateCheckDialog(getStrings(), state, app.getVersion());
    if ((await show(box)) !== box.restartButton) return;
    const restarted = await options.getBackend()?.dispatch('restartToUpdate', undefined);
    if (restarted && !restarted.ok) {
      if (restarted.error.code === 'restart_export_running') {
        await show(exportRunningDialog(getStrings()));
      } else {
        log.warn(`updates: restart refused: ${restarted.error.code}`);
      }
    }
  }

  return {
    port: controller ?? undefined,
    start: () => controller?.start(),
    checkForUpdates() {
      checkFromMenu().catch((error: unknown) => log.warn('updates: the menu check failed', error));
    },
  };
}

/** Imports electron-updater (CommonJS: its `autoUpdater` is on the default export) and sets it up. */
async function loadUpdater(devConfigPath: string | null, log: Logger): Promise<UpdaterLike> {
  const loaded = await import('electron-updater');
  const { autoUpdater } = loaded.default ?? loaded;
  const text = (message: unknown) =>
    `updates: ${message instanceof Error ? message.message : String(message)}`;
  // Its failures (offline, the feed unreachable) go to the log, quietly: never a dialog.
  autoUpdater.logger = {
    info: (message?: unknown) => log.info(text(message)),
    warn: (message?: unknown) => log.warn(text(message)),
    error: (message?: unknown) => log.warn(text(message)),
  };
  autoUpdater.autoDownload = true;
  // Installed only when the person chooses "Restart to update", never behind their back on
  // quit; a downloaded update is found again in the cache at the next start.
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.disableWebInstaller = true;
  if (devConfigPath) {
    // The Electron test suite's local feed (unpackaged runs only; see update-policy.ts).
    autoUpdater.forceDevUpdateConfig = true;
    autoUpdater.updateConfigPath = devConfigPath;
  }
  return autoUpdater;
}
