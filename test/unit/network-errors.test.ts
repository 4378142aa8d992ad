// The mapping of failures without an answer, from the error shapes the two network stacks
// really produce. Node's and undici's were recorded on Node 20.20 with undici 7.30 against
// loopback servers (self-signed, unknown CA, expired and wrong-name certificates, refused
// ports, tinyproxy with BasicAuth); Electron's are built the way Electron builds them:
// `new Error(netErrorString)` in lib/common/api/net-client-request.ts, with the strings of
// Chromium's net/base/net_error_list.h.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errors as undiciErrors } from 'undici';
import { ERROR_CODES } from '#common/error-codes.ts';
import {
  errorFromThrown,
  PROXY_CONNECTION_FAILED,
  RedirectedError,
  redirectTarget,
} from '../../electron/backend/palenca/network-errors.ts';

const SECRET = 'sk_test_secret_0123456789';

/** Node's and undici's fetch: `TypeError('fetch failed')` with the reason as its cause. */
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const coded = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });
/** Electron's net.fetch: a plain Error whose message is Chromium's name for the failure. */
const chromium = (name: string) => new Error(`net::${name}`);
/** undici 7's ProxyAgent when the proxy answers its CONNECT with `status`. */
const tunnelRefused = (status: number) =>
  fetchFailed(
    Object.assign(new DOMException('Request was cancelled.'), {
      cause: new undiciErrors.RequestAbortedError(
        `Proxy response (${status}) !== 200 when HTTP Tunneling`,
      ),
    }),
  );

type Case = [label: string, error: unknown, code: string, retry: boolean, words?: RegExp];

const NODE_CASES: Case[] = [
  [
    'self-signed certificate',
    fetchFailed(coded('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT')),
    'certificate_untrusted',
    false,
    /could not be verified.*security software.*ask IT to allow Palenca \(api\.palenca\.com\)/,
  ],
  [
    'leaf signed by an unknown authority (TLS inspection without its CA)',
    fetchFailed(coded('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')),
    'certificate_untrusted',
    false,
  ],
  [
    'chain ending in an untrusted root',
    fetchFailed(coded('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')),
    'certificate_untrusted',
    false,
  ],
  [
    'expired certificate',
    fetchFailed(coded('certificate has expired', 'CERT_HAS_EXPIRED')),
    'certificate_untrusted',
    false,
  ],
  [
    'certificate for another name',
    fetchFailed(
      coded(
        "Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1",
        'ERR_TLS_CERT_ALTNAME_INVALID',
        { reason: 'IP: 127.0.0.2 is not in the cert list', host: '127.0.0.2' },
      ),
    ),
    'certificate_untrusted',
    false,
  ],
  [
    'name not found',
    fetchFailed(
      coded('getaddrinfo ENOTFOUND no-such-host.invalid', 'ENOTFOUND', {
        errno: -3008,
        syscall: 'getaddrinfo',
        hostname: 'no-such-host.invalid',
      }),
    ),
    'offline',
    true,
    /address \(api\.palenca\.com\) could not be found/,
  ],
  [
    'connection refused',
    fetchFailed(
      coded('connect ECONNREFUSED 127.0.0.1:36921', 'ECONNREFUSED', {
        errno: -111,
        syscall: 'connect',
        address: '127.0.0.1',
        port: 36921,
      }),
    ),
    'offline',
    true,
    /Could not reach Palenca/,
  ],
  [
    'connection reset',
    fetchFailed(coded('read ECONNRESET', 'ECONNRESET')),
    'offline',
    true,
    /interrupted/,
  ],
  ['connect timeout', fetchFailed(new undiciErrors.ConnectTimeoutError()), 'timeout', true],
  [
    "undici's proxy: 407 to the tunnel",
    tunnelRefused(407),
    'proxy_failed',
    false,
    /proxy asks for a login/,
  ],
  [
    "undici's proxy: 500 to the tunnel (tinyproxy could not reach the address)",
    tunnelRefused(500),
    'proxy_failed',
    false,
    /proxy refused the connection/,
  ],
  [
    "undici's proxy: its TLS failed",
    fetchFailed(
      new undiciErrors.SecureProxyConnectionError(
        coded('certificate has expired', 'CERT_HAS_EXPIRED'),
      ),
    ),
    'proxy_failed',
    false,
  ],
  [
    "the CLI's fetch: the proxy itself could not be reached",
    fetchFailed(
      coded('Could not connect to the proxy http://127.0.0.1:3128', PROXY_CONNECTION_FAILED, {
        cause: coded('connect ECONNREFUSED 127.0.0.1:3128', 'ECONNREFUSED'),
      }),
    ),
    'proxy_failed',
    false,
  ],
  ["Node 20's bare network error for a 407", fetchFailed(new Error('')), 'proxy_failed', false],
  [
    'redirect: error',
    fetchFailed(new Error('unexpected redirect')),
    'redirected',
    false,
    /redirect to another address; nothing was sent there/,
  ],
  ['a blocked port', fetchFailed(new Error('bad port')), 'insecure_url', false],
];

const ELECTRON_CASES: Case[] = [
  ...[
    'ERR_CERT_AUTHORITY_INVALID',
    'ERR_CERT_COMMON_NAME_INVALID',
    'ERR_CERT_DATE_INVALID',
    'ERR_CERT_INVALID',
    'ERR_CERT_REVOKED',
    'ERR_CERT_WEAK_SIGNATURE_ALGORITHM',
    'ERR_CERT_KNOWN_INTERCEPTION_BLOCKED',
    'ERR_CERTIFICATE_TRANSPARENCY_REQUIRED',
    'ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN',
    'ERR_TLS13_DOWNGRADE_DETECTED',
  ].map(
    (name): Case => [name, chromium(name), 'certificate_untrusted', false, /security software/],
  ),
  ...[
    'ERR_PROXY_AUTH_REQUESTED',
    'ERR_PROXY_AUTH_UNSUPPORTED',
    'ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION',
    'ERR_UNEXPECTED_PROXY_AUTH',
    'ERR_INVALID_AUTH_CREDENTIALS',
    'ERR_MISSING_AUTH_CREDENTIALS',
  ].map((name): Case => [name, chromium(name), 'proxy_failed', false, /asks for a login/]),
  ...[
    'ERR_PROXY_CONNECTION_FAILED',
    'ERR_TUNNEL_CONNECTION_FAILED',
    'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED',
    'ERR_PROXY_CERTIFICATE_INVALID',
    'ERR_PAC_SCRIPT_FAILED',
    'ERR_PAC_STATUS_NOT_OK',
    'ERR_PAC_NOT_IN_DHCP',
    'ERR_NO_SUPPORTED_PROXIES',
    'ERR_SOCKS_CONNECTION_FAILED',
  ].map((name): Case => [name, chromium(name), 'proxy_failed', false, /proxy refused/]),
  ...['ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED'].map(
    (name): Case => [name, chromium(name), 'offline', true, /could not be found/],
  ),
  ...[
    'ERR_INTERNET_DISCONNECTED',
    'ERR_NETWORK_CHANGED',
    'ERR_CONNECTION_REFUSED',
    'ERR_ADDRESS_UNREACHABLE',
  ].map((name): Case => [name, chromium(name), 'offline', true, /Could not reach Palenca/]),
  ...['ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_EMPTY_RESPONSE'].map(
    (name): Case => [name, chromium(name), 'offline', true, /interrupted/],
  ),
  ...['ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT'].map(
    (name): Case => [name, chromium(name), 'timeout', true],
  ),
  ...['ERR_UNSAFE_REDIRECT', 'ERR_TOO_MANY_REDIRECTS', 'ERR_INVALID_REDIRECT'].map(
    (name): Case => [name, chromium(name), 'redirected', false],
  ),
  [
    "net.fetch, redirect: 'manual'",
    new Error('Redirect was cancelled'),
    'redirected',
    false,
    /nothing was sent there/,
  ],
  [
    "net.fetch, redirect: 'error'",
    new Error("Attempted to redirect, but redirect policy was 'error'"),
    'redirected',
    false,
    /nothing was sent there/,
  ],
  ['ERR_UNSAFE_PORT', chromium('ERR_UNSAFE_PORT'), 'insecure_url', false],
  ['an unknown net error', chromium('ERR_FAILED'), 'offline', true],
];

function check([label, error, code, retry, words]: Case) {
  test(`${label} → ${code}${retry ? ', retried' : ', not retried'}`, () => {
    const mapped = errorFromThrown(error, SECRET, false);
    assert.equal(mapped.error.code, code, JSON.stringify(mapped));
    assert.equal(mapped.retry, retry);
    assert.ok((ERROR_CODES as readonly string[]).includes(mapped.error.code));
    if (words) assert.match(mapped.error.message, words);
    assert.ok(mapped.error.detail && mapped.error.detail.length > 0, 'a detail for the log');
  });
}

describe("Node's and undici's fetch", () => {
  for (const c of NODE_CASES) check(c);

  test('the detail names the code, for the log and IT', () => {
    const mapped = errorFromThrown(
      fetchFailed(
        coded('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      ),
      SECRET,
      false,
    );
    assert.match(mapped.error.detail ?? '', /fetch failed <- .*UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });
});

describe("Electron's net.fetch", () => {
  for (const c of ELECTRON_CASES) check(c);

  test('a failure while the body arrives is a dropped connection', () => {
    const mapped = errorFromThrown(chromium('ERR_CONNECTION_RESET'), SECRET, true);
    assert.equal(mapped.error.code, 'offline');
    assert.match(mapped.error.message, /interrupted/);
  });

  test("the host in the words is the client's", () => {
    const mapped = errorFromThrown(
      chromium('ERR_CERT_AUTHORITY_INVALID'),
      SECRET,
      false,
      'sandbox.palenca.com',
    );
    assert.match(mapped.error.message, /\(sandbox\.palenca\.com\)/);
  });
});

describe('redirects', () => {
  test('a refused redirect names where it pointed, without the key', () => {
    const mapped = errorFromThrown(
      new RedirectedError(302, `http://127.0.0.1:9/steal?k=${SECRET}`),
      SECRET,
      false,
    );
    assert.equal(mapped.error.code, 'redirected');
    assert.equal(mapped.retry, false);
    assert.match(mapped.error.message, /redirect to another address \(http:\/\/127\.0\.0\.1:9\//);
    assert.ok(!JSON.stringify(mapped).includes(SECRET));
    assert.match(mapped.error.detail ?? '', /HTTP 302; pointed to http:\/\/127\.0\.0\.1:9\//);
  });

  test('a Location is resolved against the request', () => {
    assert.equal(
      redirectTarget('/v2/users', 'https://api.palenca.com/v1/users/search'),
      'https://api.palenca.com/v2/users',
    );
    assert.equal(
      redirectTarget('http://evil.test/', 'https://api.palenca.com/v1'),
      'http://evil.test/',
    );
    assert.equal(redirectTarget(null, 'https://api.palenca.com/v1'), null);
  });
});
