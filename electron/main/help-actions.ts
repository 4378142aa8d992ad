// What the Help menu's support items do: open Palenca's documentation (through the same
// allow-list as every external link), open the log folder, and copy the diagnostics text to
// the clipboard, then say in a dialog what was copied.
import { release } from 'node:os';
import { app, type BrowserWindow, clipboard, dialog, shell } from 'electron';
import type { Backend } from '../backend/backend.ts';
import type { Logger } from '../backend/log.ts';
import type { PlatformBridge } from '../backend/platform.ts';
import { diagnosticsText } from './diagnostics-text.ts';
import type { SupportMenuActions } from './menu/menu-template.ts';
import { PALENCA_DOCS_URL } from './security/external-links.ts';
import type { ShellStrings } from './shell-strings.ts';

export interface SupportActionsOptions {
  log: Logger;
  getWindow: () => BrowserWindow | null;
  getStrings: () => ShellStrings;
  getBackend: () => Backend | null;
  /** Its openExternal refuses any address off the allow-list. */
  platform: PlatformBridge;
}

export function createSupportActions(options: SupportActionsOptions): SupportMenuActions {
  const { log, getWindow, getStrings } = options;
  const quietly = (what: string, work: () => Promise<void>) => {
    work().catch((error: unknown) => log.warn(`help menu: ${what} failed`, error));
  };

  return {
    openDocs: () =>
      quietly('opening the docs', () => options.platform.openExternal(PALENCA_DOCS_URL)),
    openLogFolder: () =>
      quietly('opening the log folder', async () => {
        const problem = await shell.openPath(app.getPath('logs'));
        if (problem) throw new Error(problem);
      }),
    copyDiagnostics: () =>
      quietly('copying diagnostics', async () => {
        const backend = await options.getBackend()?.diagnostics();
        const text = diagnosticsText({
          appVersion: app.getVersion(),
          packaged: app.isPackaged,
          platform: process.platform,
          osRelease: release(),
          arch: process.arch,
          electronVersion: process.versions.electron ?? 'unknown',
          systemLocale: app.getSystemLocale(),
          environment: backend?.environment ?? null,
          lastErrorCode: backend?.lastErrorCode ?? null,
          at: new Date().toISOString(),
        });
        clipboard.writeText(text);
        // Said, with the text itself, so the person sees that nothing private went with it.
        const strings = getStrings();
        const box = {
          type: 'info' as const,
          title: strings.appName,
          message: strings.diagnosticsCopiedMessage,
          detail: `${strings.diagnosticsCopiedDetail}\n\n${text}`,
          buttons: [strings.ok],
        };
        const window = getWindow();
        if (window && !window.isDestroyed()) await dialog.showMessageBox(window, box);
        else await dialog.showMessageBox(box);
      }),
  };
}
