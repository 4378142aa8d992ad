// Decides which URLs a window may show. Only the app's own pages: any other navigation,
// redirect or new window is refused (Electron security checklist items 13 and 14).
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

/** True only for a well-formed app://palenca/… URL, never a look-alike host or scheme. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/** A page may only move within the app itself. */
export const isNavigationAllowed = (url: string): boolean => isAppUrl(url);

/** The app never opens a second window: every window.open and target=_blank is denied. */
export const windowOpenDecision = (): { action: 'deny' } => ({ action: 'deny' });
