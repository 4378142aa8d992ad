// Decides which URLs a window may show. Only the app's own pages: any other navigation,
// redirect or new window is refused (Electron security checklist items 13 and 14). Under
// `npm run dev` the dev server's one origin counts as the app's too (dev-server.ts).
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { isDevServerUrl } from './dev-server.ts';
import { plainHostOf } from './plain-url.ts';

/** True only for a well-formed app://palenca/… URL, never a look-alike host or scheme. */
export const isAppUrl = (url: string): boolean => plainHostOf(url, `${APP_SCHEME}:`) === APP_HOST;

/**
 * The app's own page: app://palenca/…, or a URL on `devOrigin`, which devServerOrigin gives
 * only to an unpackaged app (null otherwise).
 */
export const isPageUrl = (url: string, devOrigin: string | null = null): boolean =>
  isAppUrl(url) || isDevServerUrl(url, devOrigin);

/** A page may only move within the app itself. */
export const isNavigationAllowed = (url: string, devOrigin: string | null = null): boolean =>
  isPageUrl(url, devOrigin);

/** The app never opens a second window: every window.open and target=_blank is denied. */
export const windowOpenDecision = (): { action: 'deny' } => ({ action: 'deny' });
