// The Electron entry: app lifecycle only. Everything the app does lives in the plain-Node
// backend; this file connects it to a window.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, session } from 'electron';
import { createBackend } from '../backend/backend.ts';
import { createKeytarStore, keychainCallsPending } from '../backend/keychain/keytar-store.ts';
import { createLogger } from '../backend/log.ts';
import { installAppMenu } from './app-menu.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { handleMainProcessCrashes, reloadOnRendererCrash } from './crash-handling.ts';
import { createElectronPlatform } from './electron-platform.ts';
import { emitToWindow, wireIpc } from './ipc-wiring.ts';
import { createMainWindow, guardWebContents, lockDownSession } from './main-window.ts';

// Built layout: out/main/index.js beside out/preload/ and out/renderer/.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;
  const getWindow = () => mainWindow;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every webContents, not only the main window's, gets the same guards (checklist 13, 14).
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  void app.whenReady().then(() => {
    const log = createLogger(app.getPath('logs'));
    handleMainProcessCrashes(log, getWindow);

    const backend = createBackend({
      dataDir: app.getPath('userData'),
      // The Electron test suite runs the unpackaged app with its own keychain service, so it
      // never touches the person's real entry; a packaged app ignores the variable.
      keyStore: createKeytarStore(
        app.isPackaged ? {} : { service: process.env.PALENCA_KEYCHAIN_SERVICE },
      ),
      platform: createElectronPlatform(getWindow),
      log,
      appInfo: {
        version: app.getVersion(),
        systemLocale: app.getLocale(),
        platform: process.platform,
      },
      emit: emitToWindow(getWindow),
      env: process.env,
    });
    lockDownSession(session.defaultSession);
    serveRenderer(rendererDir);
    wireIpc(backend.dispatch, getWindow, log);
    installAppMenu();
    mainWindow = createMainWindow(preloadPath);
    reloadOnRendererCrash(mainWindow, log);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
  // A keychain call that timed out is still stuck in a native worker thread, and a normal
  // exit would wait for it: leave at once instead of hanging after the window is gone.
  app.on('will-quit', () => {
    if (keychainCallsPending() > 0) app.exit(0);
  });
}
