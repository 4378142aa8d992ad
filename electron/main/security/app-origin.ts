// The app's own origin. The renderer is served only from here (see app-protocol.ts), and
// every navigation and IPC check compares against it.
export const APP_SCHEME = 'app';
export const APP_HOST = 'palenca';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
