// The Electron entry: app lifecycle only. Everything the app does lives in the plain-Node
// backend; this file connects it to a window.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, Menu, session } from 'electron';
import { createBackend } from '../backend/backend.ts';
import { createKeytarStore } from '../backend/keychain/keytar-store.ts';
import { createLogger } from '../backend/log.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { createElectronPlatform } from './electron-platform.ts';
import { emitToWindow, wireIpc } from './ipc-wiring.ts';
import { createMainWindow, lockDownSession } from './main-window.ts';

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

  void app.whenReady().then(() => {
    const log = createLogger(app.getPath('logs'));
    process.on('uncaughtException', (error) => log.error('uncaught exception in main', error));
    process.on('unhandledRejection', (reason) => log.error('unhandled rejection in main', reason));

    const backend = createBackend({
      dataDir: app.getPath('userData'),
      keyStore: createKeytarStore(),
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
    Menu.setApplicationMenu(null);
    mainWindow = createMainWindow(preloadPath);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
}
