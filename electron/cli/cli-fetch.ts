// The CLI's fetch. Node's own fetch ignores HTTPS_PROXY, HTTP_PROXY and NO_PROXY, so when one
// of the proxy variables is set the CLI sends through undici's own `fetch` with its
// `EnvHttpProxyAgent` (never an npm undici dispatcher handed to Node's built-in fetch: the two
// undici copies do not mix). Without them it keeps Node's global fetch.
//
// As undici reads them: lowercase before uppercase; an https address uses HTTPS_PROXY, else
// HTTP_PROXY; an http address uses HTTP_PROXY; NO_PROXY lists hosts (and `host:port`,
// `.domain`, `*`) sent directly, loopback included only when listed. Every request through the
// proxy, http or https, goes through a CONNECT tunnel, so the proxy never sees the key.
import { PROXY_CONNECTION_FAILED } from '../backend/palenca/network-errors.ts';

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/** The proxy variables of `env`, or null when neither HTTPS_PROXY nor HTTP_PROXY is set. */
export function proxySettings(env: Record<string, string | undefined>): ProxySettings | null {
  const pick = (lower: string, upper: string) => env[lower]?.trim() || env[upper]?.trim() || '';
  const httpProxy = pick('http_proxy', 'HTTP_PROXY');
  const httpsProxy = pick('https_proxy', 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return null;
  return { httpProxy, httpsProxy, noProxy: pick('no_proxy', 'NO_PROXY') };
}

/** Codes of a connection that could not be made at all (to the proxy, when one is used). */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ProxyAddress {
  href: string;
  hostname: string;
  port: number;
}

function proxyAddress(value: string): ProxyAddress | null {
  try {
    const url = new URL(value);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    // Printed in messages: never the proxy's password.
    url.username = '';
    url.password = '';
    return { href: url.origin, hostname: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return null;
  }
}

const proxyFailure = (message: string, cause?: unknown): TypeError =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error(message, cause ? { cause } : {}), {
      code: PROXY_CONNECTION_FAILED,
    }),
  });

/**
 * The proxy a connection error was about, if any. With a proxy agent undici connects only to
 * the proxy (Palenca is reached through its tunnel, whose failures come back as the proxy's
 * answer), so a connection error naming the proxy's port and host is the proxy's. A proxy
 * given by name is matched by port alone when Node reports only its address.
 */
function unreachableProxy(error: unknown, proxies: ProxyAddress[]): ProxyAddress | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const e = current as {
      code?: unknown;
      address?: unknown;
      hostname?: unknown;
      port?: unknown;
      cause?: unknown;
    };
    if (typeof e.code === 'string' && CONNECT_CODES.has(e.code)) {
      const found = proxies.find((proxy) => {
        if (e.hostname === proxy.hostname) return true;
        if (e.port !== undefined && Number(e.port) !== proxy.port) return false;
        return e.address === proxy.hostname || !/^[\d.:]+$/.test(proxy.hostname);
      });
      if (found) return found;
    }
    current = e.cause;
  }
  return null;
}

type Undici = typeof import('undici');

/**
 * The fetch the CLI's Palenca clients use: Node's global fetch, or, when `env` names a proxy,
 * undici's fetch through `EnvHttpProxyAgent` (undici is loaded only then).
 */
export function cliFetch(env: Record<string, string | undefined>): typeof fetch {
  const settings = proxySettings(env);
  if (!settings) return (input, init) => fetch(input, init);
  const proxies = [settings.httpsProxy, settings.httpProxy]
    .filter(Boolean)
    .map(proxyAddress)
    .filter((p): p is ProxyAddress => p !== null);

  type Loaded = { send: Undici['fetch']; agent: InstanceType<Undici['EnvHttpProxyAgent']> };
  let loaded: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> =>
    (loaded ??= import('undici').then(({ fetch: send, EnvHttpProxyAgent }) => ({
      send,
      agent: new EnvHttpProxyAgent(settings),
    })));

  return async (input, init) => {
    let undici: Loaded;
    try {
      undici = await load();
    } catch (error) {
      throw proxyFailure(
        'The proxy in HTTPS_PROXY or HTTP_PROXY is not a valid address (http://host:port).',
        error,
      );
    }
    // ky hands Node's own Request over; undici's fetch takes only its own, so it gets the parts.
    const request = new Request(input, init);
    const body = request.body ? await request.arrayBuffer() : undefined;
    try {
      const response = await undici.send(request.url, {
        method: request.method,
        headers: [...request.headers],
        ...(body ? { body } : {}),
        redirect: request.redirect,
        signal: request.signal,
        dispatcher: undici.agent,
      });
      return response as unknown as Response;
    } catch (error) {
      const proxy = unreachableProxy(error, proxies);
      if (proxy) throw proxyFailure(`Could not connect to the proxy ${proxy.href}`, error);
      throw error;
    }
  };
}
