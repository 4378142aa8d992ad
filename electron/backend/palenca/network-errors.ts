// A request that got no answer, in the app's words. Two network stacks end here, and they
// report the same trouble differently:
//
// - Node's fetch (and undici's own fetch, which the CLI uses behind a proxy) rejects with
//   `TypeError('fetch failed')` whose `cause` holds the reason: an Error with a code such as
//   `DEPTH_ZERO_SELF_SIGNED_CERT`, `ENOTFOUND` or `ECONNREFUSED`; undici's proxy agent says
//   "Proxy response (407) !== 200 when HTTP Tunneling" two causes down.
// - Electron's `net.fetch` (Chromium's network stack, in the app) rejects with a plain Error
//   whose message is Chromium's name for the failure, `net::ERR_CERT_AUTHORITY_INVALID`, with
//   no code and no cause (Electron's lib/common/api/net-client-request.ts turns the URL
//   loader's error string into `new Error(netErrorString)`). A redirect, which it never follows
//   for us, rejects with "Redirect was cancelled" (redirect: 'manual') or "Attempted to
//   redirect, but redirect policy was 'error'" (redirect: 'error'); neither names the address.
//
// Pure: no I/O, so each recorded shape is unit-tested (test/unit/network-errors.test.ts).
import type { AppError } from '#common/result.ts';
import { excerpt, type MappedError, MESSAGES } from './http-errors.ts';

/** The statuses fetch would follow. The client never follows them: the key would go along. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * A redirect the client refused to follow (thrown by its fetch wrapper in place of the
 * answer). `location` is where it pointed, resolved against the request's address, when known.
 */
export class RedirectedError extends Error {
  override name = 'RedirectedError';
  constructor(
    readonly status: number,
    readonly location: string | null,
  ) {
    super(`HTTP ${status} redirect${location ? ` to ${location}` : ' (no Location)'}`);
  }
}

/** The absolute address a `Location` header points to, or null when there is none. */
export function redirectTarget(location: string | null, requestUrl: string): string | null {
  if (!location) return null;
  try {
    return new URL(location, requestUrl).href;
  } catch {
    return location;
  }
}

export interface ThrownParts {
  /** `TypeError fetch failed <- Error DEPTH_ZERO_SELF_SIGNED_CERT self-signed certificate` */
  text: string;
  codes: string[];
  messages: string[];
  names: string[];
}

/** The names, codes and messages of an error and its causes (four deep at most). */
export function describeThrown(error: unknown): ThrownParts {
  const parts: string[] = [];
  const codes: string[] = [];
  const messages: string[] = [];
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current !== 'object') {
      parts.push(String(current));
      messages.push(String(current));
      break;
    }
    const e = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    if (code) codes.push(code);
    if (typeof e.name === 'string') names.push(e.name);
    if (typeof e.message === 'string') messages.push(e.message);
    parts.push([e.name, code, e.message].filter((p) => typeof p === 'string' && p).join(' '));
    current = e.cause;
  }
  return { text: parts.join(' <- '), codes, messages, names };
}

/**
 * The code the CLI's fetch gives a failure to reach the proxy itself (Node says only
 * ECONNREFUSED, with the proxy's address), so it is not read as Palenca being offline.
 */
export const PROXY_CONNECTION_FAILED = 'PROXY_CONNECTION_FAILED';

/** Chromium's error names found in the messages (`net::ERR_X` → `ERR_X`). */
const chromiumErrors = (messages: readonly string[]): string[] =>
  messages.flatMap((message) =>
    [...message.matchAll(/\bnet::(ERR_[A-Z0-9_]+)/g)].map((m) => m[1] as string),
  );

// OpenSSL's verification results as Node reports them (tls's `err.code`), and Node's own
// name mismatch; every one means "this certificate is not one this computer trusts for it".
const NODE_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_CHAIN_TOO_LONG',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// Chromium: every ERR_CERT_* (the -200 range: authority, name, date, revoked, weak…), and
// the handshake failures that TLS-inspecting middleboxes cause.
const CHROMIUM_CERTIFICATE =
  /^ERR_(CERT_|CERTIFICATE_TRANSPARENCY_REQUIRED$|SSL_PINNED_KEY_NOT_IN_CERT_CHAIN$|TLS13_DOWNGRADE_DETECTED$|SSL_VERSION_INTERFERENCE$|SSL_SERVER_CERT_BAD_FORMAT$)/;

// Chromium: the proxy could not be reached, refused the tunnel, wants a login it cannot get,
// or the proxy configuration (PAC, WPAD) failed. Palenca uses no HTTP authentication, so an
// authentication failure is the proxy's.
const CHROMIUM_PROXY =
  /^ERR_(PROXY_|TUNNEL_CONNECTION_FAILED$|MANDATORY_PROXY_CONFIGURATION_FAILED$|PAC_|NO_SUPPORTED_PROXIES$|HTTPS_PROXY_|SOCKS_|UNEXPECTED_PROXY_AUTH$|INVALID_AUTH_CREDENTIALS$|MISSING_AUTH_CREDENTIALS$|UNSUPPORTED_AUTH_SCHEME$|MISCONFIGURED_AUTH_ENVIRONMENT$)/;
const CHROMIUM_PROXY_LOGIN =
  /^ERR_(PROXY_AUTH_|UNEXPECTED_PROXY_AUTH$|INVALID_AUTH_CREDENTIALS$|MISSING_AUTH_CREDENTIALS$|UNSUPPORTED_AUTH_SCHEME$|MISCONFIGURED_AUTH_ENVIRONMENT$)/;

const CHROMIUM_NAME = new Set(['ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED']);
const NODE_NAME = new Set(['ENOTFOUND', 'EAI_AGAIN']);

const CHROMIUM_TIMEOUT = new Set(['ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT']);
const NODE_TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

const CHROMIUM_REDIRECT = new Set([
  'ERR_UNSAFE_REDIRECT',
  'ERR_TOO_MANY_REDIRECTS',
  'ERR_INVALID_REDIRECT',
]);

/** A connection that broke after it was made: the answer may have been on its way. */
const CHROMIUM_DROPPED = new Set([
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_CLOSED',
  'ERR_CONNECTION_ABORTED',
  'ERR_EMPTY_RESPONSE',
  'ERR_CONTENT_LENGTH_MISMATCH',
  'ERR_INCOMPLETE_CHUNKED_ENCODING',
]);
const NODE_DROPPED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Messages of net.fetch's own redirect refusals (Electron's net-client-request.ts). */
const NET_FETCH_REDIRECT =
  /^(Redirect was cancelled|Attempted to redirect, but redirect policy was 'error')$/;

/**
 * Node's fetch does not hand a 407 (a proxy asking for a login) back as an answer: it throws.
 * Newer versions say "proxy authentication required", undici's proxy agent names the 407, and
 * Node 20 throws the standard's bare "network error": a cause with no message and no code,
 * which, for the requests this client makes, nothing else produces.
 */
function isProxyLogin(messages: string[], codes: string[]): boolean {
  if (
    messages.some((message) =>
      /proxy authentication required|proxy response \(407\)/i.test(message),
    )
  ) {
    return true;
  }
  const [top, ...causes] = messages;
  return (
    top === 'fetch failed' &&
    codes.length === 0 &&
    causes.length > 0 &&
    causes.every((m) => m === '')
  );
}

/** undici's proxy agent: the proxy answered the tunnel request with something other than 200. */
const isProxyRefusal = (messages: string[], codes: string[]): boolean =>
  codes.includes('UND_ERR_PRX_TLS') ||
  codes.includes(PROXY_CONNECTION_FAILED) ||
  messages.some((message) => /^Proxy response \(\d+\) !== 200 when HTTP Tunneling$/.test(message));

export const NETWORK_MESSAGES = {
  certificate: (host: string) =>
    `Palenca's connection could not be verified. Your network's security software may be intercepting the connection; ask IT to allow Palenca (${host}).`,
  proxyLogin: (host: string) =>
    `Your network's proxy asks for a login this app cannot give, so the request did not reach Palenca. Ask IT to allow Palenca (${host}).`,
  proxyRefused: (host: string) =>
    `Your network's proxy refused the connection to Palenca, or could not be reached. Ask IT to allow Palenca (${host}).`,
  nameNotFound: (host: string) =>
    `Palenca's address (${host}) could not be found on this network. Check your internet connection; if other sites work, ask IT whether Palenca is blocked.`,
  redirected: (location: string | null) =>
    location
      ? `Palenca's address answered with a redirect to another address (${location}); nothing was sent there. Check the Palenca address setting.`
      : "Palenca's address answered with a redirect to another address; nothing was sent there. Check the Palenca address setting.",
} as const;

/** The error for a refused redirect: `location` is named in the message and the detail. */
export function redirectedError(
  location: string | null,
  secret: string,
  detail: string,
): MappedError {
  // Our words around an address Palenca's answer named: the key taken out, the address kept.
  const named = location ? excerpt(location, secret, 200, false) : null;
  return {
    error: {
      code: 'redirected',
      message: NETWORK_MESSAGES.redirected(named),
      detail: named ? `${detail}; pointed to ${named}` : `${detail}; the address was not reported`,
    },
    retry: false,
  };
}

const mapped = (error: AppError, retry: boolean): MappedError => ({ error, retry });

/**
 * A thrown error from the request or while reading the body (not ky's timeouts or aborts).
 * `host` names Palenca's address in the words ("ask IT to allow Palenca (api.palenca.com)").
 */
export function errorFromThrown(
  error: unknown,
  secret: string,
  duringBody: boolean,
  host = 'api.palenca.com',
): MappedError {
  if (error instanceof RedirectedError) {
    return redirectedError(error.location, secret, `HTTP ${error.status}`);
  }
  const { text, codes, messages } = describeThrown(error);
  // Our own network stack's words (codes such as UNABLE_TO_VERIFY_LEAF_SIGNATURE stay whole).
  const detail = excerpt(text, secret, 300, false);
  const chromium = chromiumErrors(messages);
  const hasChromium = (test: (name: string) => boolean) => chromium.some(test);
  const hasCode = (set: ReadonlySet<string>) => codes.some((code) => set.has(code));

  // fetch refuses some ports outright (the Fetch standard's "bad port" list, against
  // cross-protocol attacks): a setting to fix, not a network outage, so no retry.
  if (
    messages.some((message) => /^bad port$/i.test(message.trim())) ||
    chromium.includes('ERR_UNSAFE_PORT')
  ) {
    return mapped({ code: 'insecure_url', message: MESSAGES.blocked_port, detail }, false);
  }
  // Refused redirects, from net.fetch or Chromium; Node's fetch says "unexpected redirect"
  // with redirect: 'error'. Where Electron reports no address, the detail says so.
  if (
    messages.some(
      (message) => NET_FETCH_REDIRECT.test(message) || message === 'unexpected redirect',
    ) ||
    hasChromium((name) => CHROMIUM_REDIRECT.has(name))
  ) {
    return redirectedError(null, secret, detail);
  }
  // The proxy: its own login first (a retry asks again), then any other refusal. Checked
  // before certificates: ERR_PROXY_CERTIFICATE_INVALID is the proxy's, not Palenca's.
  if (isProxyLogin(messages, codes) || hasChromium((name) => CHROMIUM_PROXY_LOGIN.test(name))) {
    return mapped(
      { code: 'proxy_failed', message: NETWORK_MESSAGES.proxyLogin(host), detail },
      false,
    );
  }
  if (isProxyRefusal(messages, codes) || hasChromium((name) => CHROMIUM_PROXY.test(name))) {
    return mapped(
      { code: 'proxy_failed', message: NETWORK_MESSAGES.proxyRefused(host), detail },
      false,
    );
  }
  // A certificate this computer does not trust for Palenca: most often a company's TLS
  // inspection. Trying again gets the same certificate.
  if (hasCode(NODE_CERTIFICATE_CODES) || hasChromium((name) => CHROMIUM_CERTIFICATE.test(name))) {
    return mapped(
      { code: 'certificate_untrusted', message: NETWORK_MESSAGES.certificate(host), detail },
      false,
    );
  }
  if (hasCode(NODE_NAME) || hasChromium((name) => CHROMIUM_NAME.has(name))) {
    return mapped({ code: 'offline', message: NETWORK_MESSAGES.nameNotFound(host), detail }, true);
  }
  if (hasCode(NODE_TIMEOUT) || hasChromium((name) => CHROMIUM_TIMEOUT.has(name))) {
    return mapped({ code: 'timeout', message: MESSAGES.timeout, detail }, true);
  }
  const dropped =
    duringBody || hasCode(NODE_DROPPED) || hasChromium((name) => CHROMIUM_DROPPED.has(name));
  // Everything else (refused, disconnected, network changed, unknown): offline, tried again.
  return mapped(
    { code: 'offline', message: dropped ? MESSAGES.dropped : MESSAGES.offline, detail },
    true,
  );
}
