// The Electron entry: app lifecycle only. Everything the app does lives in the plain-Node
// backend; this file connects it to a window.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, net, session } from 'electron';
import type { Locale } from '#common/models.ts';
import { type Backend, createBackend } from '../backend/backend.ts';
import { keytarCallsInFlight } from '../backend/keychain/keytar-gate.ts';
import { createKeytarStore } from '../backend/keychain/keytar-store.ts';
import { createLogger } from '../backend/log.ts';
import { readSavedLocaleSync } from '../backend/settings/settings-store.ts';
import { sleep } from '../backend/timing/sleep.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { chromiumLangFor } from './chromium-lang.ts';
import { handleMainProcessCrashes, reloadOnRendererCrash } from './crash/crash-handling.ts';
import { createElectronPlatform } from './electron-platform.ts';
import { createSupportActions } from './help-actions.ts';
import { emitToWindow, wireIpc } from './ipc-wiring.ts';
import {
  createMainWindow,
  createPageSession,
  guardWebContents,
  lockDownSession,
} from './main-window.ts';
import { installAppMenu } from './menu/app-menu.ts';
import { backendEnv, netFetch, networkNotes } from './net-fetch.ts';
import { refusedDebugSwitches } from './security/debug-switches.ts';
import { devServerOrigin } from './security/dev-server.ts';
import { type ShellStrings, shellStrings } from './shell-strings.ts';
import { createAppUpdates } from './updates/auto-updater.ts';

// Built layout: out/main/index.js beside out/preload/ and out/renderer/.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
// Copied there by scripts/build.js; the window and taskbar icon on Linux (see main-window.ts).
const iconPath = process.platform === 'linux' ? join(here, '../icon.png') : undefined;
// `npm run dev`: the page comes from Vite's dev server, for hot reload (scripts/dev.js). Null
// when packaged, whatever the environment says (security/dev-server.ts).
const devOrigin = devServerOrigin(process.env, app.isPackaged);

const refusedSwitches = refusedDebugSwitches(app.isPackaged, (name) =>
  app.commandLine.hasSwitch(name),
);
if (refusedSwitches.length > 0) {
  console.error(
    `Palenca Users does not start with ${refusedSwitches.map((s) => `--${s}`).join(', ')}.`,
  );
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Date fields follow the app's language, not only the OS's: Chromium reads this switch once,
  // before ready, so a new choice in Settings reaches them at the next start.
  const lang = chromiumLangFor(readSavedLocaleSync(app.getPath('userData')));
  if (lang) app.commandLine.appendSwitch('lang', lang);
  // app.getLocale() then answers with that switch, not the OS: for "System default" chosen
  // later in this session, the OS's language is the first of its preferred languages.
  const osLocale = () =>
    lang ? app.getPreferredSystemLanguages()[0] || app.getSystemLocale() : app.getLocale();
  registerAppScheme();
  let mainWindow: BrowserWindow | null = null;
  let backend: Backend | null = null;
  const getWindow = () => mainWindow;
  // Menus and native dialogs speak the person's language: the OS locale until the settings
  // are read, then the choice in settings; changed live when the person switches language.
  let strings: ShellStrings | null = null;
  const getStrings = () => (strings ??= shellStrings(null, osLocale()));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every webContents, not only the main window's, gets the same guards (checklist 13, 14).
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, devOrigin));

  void app.whenReady().then(async () => {
    const log = createLogger(app.getPath('logs'));
    handleMainProcessCrashes(log, getWindow, getStrings);
    // Off for builds that cannot update themselves (see updates/update-policy.ts).
    const updates = createAppUpdates({ log, getWindow, getStrings, getBackend: () => backend });
    const platform = createElectronPlatform(getWindow, getStrings);
    // Help → documentation, log folder, Copy diagnostics (from the backend: never the key).
    const support = createSupportActions({
      log,
      getWindow,
      getStrings,
      getBackend: () => backend,
      platform,
    });
    const useLocale = (locale: Locale | null) => {
      strings = shellStrings(locale, osLocale());
      installAppMenu(strings, updates, support);
    };

    const started = createBackend({
      dataDir: app.getPath('userData'),
      // The Electron test suite runs the unpackaged app with its own keychain service, so it
      // never touches the person's real entry; a packaged app ignores the variable.
      keyStore: createKeytarStore(
        app.isPackaged ? {} : { service: process.env.PALENCA_KEYCHAIN_SERVICE },
      ),
      platform,
      log,
      appInfo: {
        version: app.getVersion(),
        systemLocale: osLocale(),
        // The regional format (numbers, and so the CSV separator Excel expects), which may
        // differ from the language: English menus with Brazilian number formats is pt-BR.
        systemRegion: app.getSystemLocale(),
        platform: process.platform,
      },
      emit: emitToWindow(getWindow),
      updates: updates.port,
      // Packaged: no PALENCA_API_URL, and requests through Chromium (system proxy and certificates).
      env: backendEnv(process.env, app.isPackaged),
      fetch: netFetch(net),
      // Every settings change the renderer makes: a new language re-labels the menu.
      onSettingsChanged: (settings) => useLocale(settings.locale),
    });
    for (const note of networkNotes(process.env, app.isPackaged)) log.info(note);
    backend = started;
    lockDownSession(session.defaultSession);
    // The page lives in a session of its own, with no network (security/page-network.ts).
    const pageSession = await createPageSession(devOrigin);
    serveRenderer(pageSession, rendererDir);
    wireIpc(started.dispatch, getWindow, log, devOrigin);
    const saved = await started.dispatch('getSettings', undefined);
    useLocale(saved.ok ? saved.value.locale : null);
    mainWindow = createMainWindow({ preloadPath, pageSession, iconPath, devOrigin });
    reloadOnRendererCrash(mainWindow, log, getStrings);
    updates.start();
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
  // Quitting mid-export: cancel it and let it remove its temporary file before leaving.
  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown || !backend) return;
    event.preventDefault();
    shutDown = true;
    void Promise.race([backend.shutdown(), sleep(5000)]).finally(() => app.quit());
  });
  // A keychain call that timed out is still stuck in a native worker thread, and a normal
  // exit would wait for it: leave at once instead of hanging after the window is gone.
  app.on('will-quit', () => {
    if (keytarCallsInFlight() > 0) app.exit(0);
  });
}
