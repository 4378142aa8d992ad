// The one app window, locked down: context isolation, sandbox, no Node in the page, no
// navigation away, no new windows, no webviews, no permissions, no devtools when packaged,
// and no network: a session of its own whose proxy accepts nothing, and WebRTC without UDP
// (security/page-network.ts).
import { app, BrowserWindow, nativeTheme, type Session, session, type WebContents } from 'electron';
import { pageIndexUrl, pageProxyFor } from './security/dev-server.ts';
import { isNavigationAllowed, windowOpenDecision } from './security/navigation-policy.ts';
import { PAGE_PARTITION, WEBRTC_IP_HANDLING_POLICY } from './security/page-network.ts';
import { isPermissionGranted } from './security/permissions.ts';

export function lockDownSession(target: Session): void {
  // Checklist item 5: the app needs no camera, notifications, geolocation… deny them all.
  target.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  target.setPermissionCheckHandler((_wc, permission) => isPermissionGranted(permission));
}

/**
 * The page's own session (after ready): in memory, every permission refused (media included),
 * and a proxy that accepts nothing, so WebRTC's TCP cannot leave (see page-network.ts). The
 * default session, which main's requests to Palenca use, keeps the system's proxy.
 * `devOrigin` (`npm run dev`, unpackaged only): the dev server, reached past that proxy.
 */
export async function createPageSession(devOrigin: string | null = null): Promise<Session> {
  const pageSession = session.fromPartition(PAGE_PARTITION);
  lockDownSession(pageSession);
  await pageSession.setProxy(pageProxyFor(devOrigin));
  return pageSession;
}

/**
 * Guards any webContents, the main window's and any other that might ever be created
 * (applied from app 'web-contents-created'): no navigation or redirect off the app, no new
 * windows, no <webview>, and no devtools in a packaged build.
 */
export function guardWebContents(contents: WebContents, devOrigin: string | null = null): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, devOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, devOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenDecision);
  // No UDP from WebRTC (TCP is stopped by the page session's proxy): page-network.ts.
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
  if (app.isPackaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

/** The page's own background (app.css --bg), so no other colour shows before it paints. */
const PAGE_BACKGROUND = { light: '#f4f6f9', dark: '#12151b' };

export interface MainWindowFiles {
  preloadPath: string;
  /** The page's session, from createPageSession. */
  pageSession: Session;
  /** Linux only: macOS and Windows take the icon from the app bundle / executable. */
  iconPath?: string;
  /** `npm run dev` only: the dev server's origin (security/dev-server.ts), loaded instead of app://. */
  devOrigin?: string | null;
}

export function createMainWindow({
  preloadPath,
  pageSession,
  iconPath,
  devOrigin = null,
}: MainWindowFiles): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Palenca Users',
    ...(iconPath ? { icon: iconPath } : {}),
    backgroundColor: nativeTheme.shouldUseDarkColors ? PAGE_BACKGROUND.dark : PAGE_BACKGROUND.light,
    webPreferences: {
      preload: preloadPath,
      session: pageSession,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  guardWebContents(window.webContents, devOrigin);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageIndexUrl(devOrigin));
  return window;
}
