// The desktop shell's part of the backend's PlatformBridge: native dialogs (saving an export,
// confirming a key change), the shell, and OS notifications.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import type { ExportFormat } from '#common/models.ts';
import type { PlatformBridge } from '../backend/platform.ts';
import { showExportNotification, windowFocused } from './export-notification.ts';
import { agreedToKeyChange, keyChangeDialog } from './key-change-dialog.ts';
import {
  EXPORT_EXTENSIONS,
  fileKindOf,
  mayOpenExport,
  withExportExtension,
} from './security/export-file-policy.ts';
import { isAllowedExternalUrl } from './security/external-links.ts';
import type { ShellStrings } from './shell-strings.ts';

export function createElectronPlatform(
  getWindow: () => BrowserWindow | null,
  getStrings: () => ShellStrings,
): PlatformBridge {
  return {
    async chooseSavePath(suggestedName, defaultFolder, formats = ['csv']) {
      const window = getWindow();
      const strings = getStrings();
      const offered: readonly ExportFormat[] = formats.length > 0 ? formats : ['csv'];
      let defaultPath = defaultFolder
        ? join(defaultFolder, basename(suggestedName))
        : suggestedName;
      for (;;) {
        const options = {
          title:
            offered.length === 1 && offered[0] === 'csv'
              ? strings.saveDialogTitle
              : strings.saveDialogTitleFile,
          defaultPath,
          // One filter per format, the first preselected. The dialog does not say which one
          // was chosen: the extension of the name it returns decides the format.
          filters: offered.map((format) => ({
            name: format === 'xlsx' ? strings.saveDialogFilterXlsx : strings.saveDialogFilterCsv,
            extensions: [EXPORT_EXTENSIONS[format].slice(1)],
          })),
          properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
        };
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        if (result.canceled || !result.filePath) return null;
        // Always a .csv or .xlsx file, whatever name was typed (B7): "Open" must never run it.
        const target = withExportExtension(result.filePath, offered);
        // The dialog asked about overwriting the name as typed, not this one: if adding the
        // extension lands on a file that is already there, ask again with that name so it asks now.
        if (target === result.filePath || !existsSync(target)) return target;
        defaultPath = target;
      }
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
    async openPath(path) {
      // Only a plain .csv or .xlsx file reaches the OS, which would run anything else by its type.
      if (!mayOpenExport(path, await fileKindOf(path))) {
        throw new Error('Only CSV and Excel (.xlsx) files can be opened from here.');
      }
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
    },
    async openExternal(url) {
      // Checklist item 15: only Palenca's own https pages ever reach the browser.
      if (!isAllowedExternalUrl(url)) throw new Error('This link is not allowed.');
      await shell.openExternal(url);
    },
    notify(notice) {
      showExportNotification(notice, getWindow(), getStrings());
    },
    async confirmKeyChange(kind, environment) {
      // Main's own dialog, modal to the window: the page can neither draw nor answer it.
      const window = getWindow();
      const options = keyChangeDialog(getStrings(), kind, environment);
      const { response } = window
        ? await dialog.showMessageBox(window, options)
        : await dialog.showMessageBox(options);
      return agreedToKeyChange(response);
    },
    isWindowFocused: () => windowFocused(getWindow()),
    relaunch() {
      // Quitting runs the usual shutdown (before-quit); the new instance starts after it.
      app.relaunch();
      app.quit();
    },
  };
}
