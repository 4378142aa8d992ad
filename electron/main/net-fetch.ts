// Palenca's requests from the app go through Electron's `net.fetch`: Chromium's network stack,
// so the system's proxy settings (manual, PAC, WPAD, with the OS's login for the proxy) and
// the system's certificate store apply, as they do in the person's browser. Node's fetch
// knows neither, and the nodeOptions fuse removes NODE_EXTRA_CA_CERTS.
//
// What net.fetch does differently, read in Electron's source (lib/browser/api/net-fetch.ts,
// lib/common/api/net-client-request.ts, shell/common/api/electron_api_url_loader.cc):
// - A failure rejects with `new Error('net::ERR_…')`, Chromium's name for it (no code, no
//   cause); the backend maps those names (backend/palenca/network-errors.ts).
// - `redirect: 'manual'` does not hand the 3xx back: the loader emits 'redirect', net.fetch
//   does not listen, so the request is cancelled with Error('Redirect was cancelled');
//   `redirect: 'error'` rejects with "Attempted to redirect, but redirect policy was 'error'".
//   Both stop before anything is sent to the new address, and neither names it. This adapter
//   always asks for 'error', whatever the caller said, so no request made through it can
//   ever follow a redirect.
// - NODE_TLS_REJECT_UNAUTHORIZED does not apply: certificates are checked by Chromium's
//   verifier against the OS's store, never by Node's tls module. Setting it to 0 (some company
//   machines do, globally) neither weakens nor breaks these requests.
//
// No `import` of electron here (only its types): index.ts hands `net` in, and tests hand in a
// stand-in with recorded failures.
import type { Net } from 'electron';

/** Only the part of Electron's `net` module this needs. */
export type NetModule = Pick<Net, 'fetch'>;

/**
 * Electron's `net.fetch` as a `typeof fetch` for the backend's Palenca client. `net.fetch` is
 * looked up per request: it may only be called after the app is ready.
 */
export function netFetch(net: NetModule): typeof fetch {
  return (input, init) =>
    net.fetch(input instanceof URL ? input.href : (input as string | Request), {
      ...(init as RequestInit | undefined),
      // Never follow a redirect (the API key would travel with it); see above.
      redirect: 'error',
      // Never reach the app's own protocol handlers (app://): only the network.
      bypassCustomProtocolHandlers: true,
    }) as Promise<Response>;
}

/**
 * The environment the backend reads. A packaged app ignores PALENCA_API_URL: anyone who can
 * set an environment variable could otherwise send the stored key to a server of their own.
 * Development builds and the CLI keep it (tests and proxies).
 */
export function backendEnv(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): Record<string, string | undefined> {
  if (!isPackaged) return env;
  const { PALENCA_API_URL: _ignored, ...rest } = env;
  return rest;
}

/** What the log should say about the environment at start, for a packaged app. */
export function networkNotes(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): string[] {
  if (!isPackaged) return [];
  const notes: string[] = [];
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    notes.push(
      "NODE_TLS_REJECT_UNAUTHORIZED=0 is set; it has no effect on the app's requests to Palenca, whose certificates are always checked (by the system, through Chromium).",
    );
  }
  if (env.PALENCA_API_URL?.trim()) {
    notes.push('PALENCA_API_URL is set; the installed app ignores it and uses Palenca’s address.');
  }
  return notes;
}
