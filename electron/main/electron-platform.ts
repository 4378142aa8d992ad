// The desktop shell's part of the backend's PlatformBridge: native dialogs and the shell.
import { basename, join } from 'node:path';
import { type BrowserWindow, dialog, shell } from 'electron';
import type { PlatformBridge } from '../backend/platform.ts';
import { isAllowedExternalUrl } from './security/external-links.ts';
import type { ShellStrings } from './shell-strings.ts';

export { isAllowedExternalUrl } from './security/external-links.ts';

export function createElectronPlatform(
  getWindow: () => BrowserWindow | null,
  getStrings: () => ShellStrings,
): PlatformBridge {
  return {
    async chooseSavePath(suggestedName, defaultFolder) {
      const window = getWindow();
      const strings = getStrings();
      const options = {
        title: strings.saveDialogTitle,
        defaultPath: defaultFolder ? join(defaultFolder, basename(suggestedName)) : suggestedName,
        filters: [{ name: strings.saveDialogFilterCsv, extensions: ['csv'] }],
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
    async openPath(path) {
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
    },
    async openExternal(url) {
      // Checklist item 15: only Palenca's own https pages ever reach the browser.
      if (!isAllowedExternalUrl(url)) throw new Error('This link is not allowed.');
      await shell.openExternal(url);
    },
  };
}
