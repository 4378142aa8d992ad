// `npm run dev` (scripts/dev.js) shows the page from Vite's dev server, for hot reload, instead
// of app://palenca. That one origin is then also the app's page: the window loads it, may
// navigate within it, its calls are answered, and the page's session reaches it past the proxy
// that accepts nothing (page-network.ts). Only an unpackaged app takes it, and only an http
// origin on loopback: an installed app ignores the variable, as it ignores PALENCA_API_URL.
import { APP_INDEX_URL } from './app-origin.ts';
import { PAGE_PROXY } from './page-network.ts';

/** Set by scripts/dev.js to the dev server's origin, e.g. http://127.0.0.1:5173. */
export const DEV_SERVER_URL_VAR = 'PALENCA_DEV_SERVER_URL';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The dev server's origin (`http://host:port`), or null: packaged, unset, or anything but a
 * bare http origin on loopback with a port (no credentials, path, query or fragment).
 */
export function devServerOrigin(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): string | null {
  const value = env[DEV_SERVER_URL_VAR];
  if (isPackaged || !value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare =
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '';
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.port === '' || !bare) {
    return null;
  }
  return url.origin;
}

/** True for a URL on exactly `devOrigin` (scheme, host and port), without credentials. */
export function isDevServerUrl(url: string, devOrigin: string | null): boolean {
  if (!devOrigin) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.origin === devOrigin && parsed.username === '' && parsed.password === '';
}

/** Where the window opens: the dev server's index when there is one, else app://palenca. */
export const pageIndexUrl = (devOrigin: string | null): string =>
  devOrigin ? `${devOrigin}/` : APP_INDEX_URL;

export interface PageProxy {
  readonly mode: typeof PAGE_PROXY.mode;
  readonly proxyRules: string;
  readonly proxyBypassRules: string;
}

/** The page session's proxy: PAGE_PROXY, with the dev server's host:port let through directly. */
export function pageProxyFor(devOrigin: string | null): PageProxy {
  if (!devOrigin) return PAGE_PROXY;
  const bypass = `${PAGE_PROXY.proxyBypassRules},${new URL(devOrigin).host}`;
  return { ...PAGE_PROXY, proxyBypassRules: bypass };
}
