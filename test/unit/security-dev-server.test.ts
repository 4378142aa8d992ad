// The development-only exception for `npm run dev`'s page (security/dev-server.ts): which
// values of PALENCA_DEV_SERVER_URL give an origin, and that the navigation rules, the IPC
// sender check and the page's proxy then accept exactly that origin. The built bundle under the
// stand-in Electron is tested in test/stand-in-electron/dev-server-*.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  devServerContentSecurityPolicy,
} from '../../electron/main/security/content-security-policy.ts';
import {
  DEV_SERVER_URL_VAR,
  devServerOrigin,
  isDevServerUrl,
  pageIndexUrl,
  pageProxyFor,
} from '../../electron/main/security/dev-server.ts';
import { isNavigationAllowed } from '../../electron/main/security/navigation-policy.ts';
import { PAGE_PROXY } from '../../electron/main/security/page-network.ts';
import { isTrustedSenderFacts } from '../../electron/main/security/trusted-sender.ts';

const DEV = 'http://127.0.0.1:5173';
const env = (value: string) => ({ [DEV_SERVER_URL_VAR]: value });

describe('the dev server origin', () => {
  test('an unpackaged app takes an http origin on loopback with a port', () => {
    assert.equal(devServerOrigin(env('http://127.0.0.1:5173'), false), DEV);
    assert.equal(devServerOrigin(env('http://127.0.0.1:5173/'), false), DEV);
    assert.equal(devServerOrigin(env('http://localhost:5199'), false), 'http://localhost:5199');
    assert.equal(devServerOrigin(env('http://[::1]:5173'), false), 'http://[::1]:5173');
  });

  test('a packaged app takes none, whatever the variable says', () => {
    assert.equal(devServerOrigin(env(DEV), true), null);
    assert.equal(devServerOrigin({}, true), null);
  });

  test('unset, or anything but a bare loopback http origin, is none', () => {
    assert.equal(devServerOrigin({}, false), null);
    for (const value of [
      '',
      'not a url',
      'https://127.0.0.1:5173',
      'http://127.0.0.1',
      'http://192.168.1.10:5173',
      'http://example.com:5173',
      'http://127.0.0.1.evil.example:5173',
      'http://user:pass@127.0.0.1:5173',
      'http://127.0.0.1:5173/renderer/',
      'http://127.0.0.1:5173/?x=1',
      'http://127.0.0.1:5173/#x',
      'app://palenca',
      'file:///tmp/index.html',
    ]) {
      assert.equal(devServerOrigin(env(value), false), null, value);
    }
  });

  test('a URL is on the dev server only with its exact scheme, host and port', () => {
    assert.equal(isDevServerUrl(`${DEV}/index.html?x=1#y`, DEV), true);
    for (const url of [
      'http://127.0.0.1:5174/',
      'http://localhost:5173/',
      'https://127.0.0.1:5173/',
      'http://user@127.0.0.1:5173/',
      'not a url',
    ]) {
      assert.equal(isDevServerUrl(url, DEV), false, url);
    }
    assert.equal(isDevServerUrl(`${DEV}/`, null), false, 'no dev server, no exception');
  });
});

describe('the exception where the rules use it', () => {
  const facts = { isOurWebContents: true, isTopFrame: true, frameUrl: `${DEV}/` };

  test('navigation and calls: the dev origin only when given, app:// always', () => {
    assert.equal(isNavigationAllowed(`${DEV}/`, DEV), true);
    assert.equal(isNavigationAllowed(`${DEV}/`), false);
    assert.equal(isNavigationAllowed('http://127.0.0.1:5174/', DEV), false);
    assert.equal(isNavigationAllowed('app://palenca/index.html', DEV), true);
    assert.equal(isTrustedSenderFacts(facts, DEV), true);
    assert.equal(isTrustedSenderFacts(facts), false);
    assert.equal(isTrustedSenderFacts({ ...facts, isTopFrame: false }, DEV), false);
    assert.equal(isTrustedSenderFacts({ ...facts, isOurWebContents: false }, DEV), false);
  });

  test('the window opens the dev page, and its session reaches that host and port only', () => {
    assert.equal(pageIndexUrl(DEV), `${DEV}/`);
    assert.equal(pageIndexUrl(null), 'app://palenca/index.html');
    assert.deepEqual(pageProxyFor(null), PAGE_PROXY);
    assert.deepEqual(pageProxyFor(DEV), {
      ...PAGE_PROXY,
      proxyBypassRules: '<-loopback>,127.0.0.1:5173',
    });
  });

  test("the dev page's CSP adds only hot reload's websocket and nonced styles", () => {
    const directives = (policy: string) =>
      new Map(policy.split('; ').map((d) => [d.split(' ')[0], d] as const));
    const build = directives(CONTENT_SECURITY_POLICY);
    const dev = directives(devServerContentSecurityPolicy(DEV, 'abc123'));
    assert.deepEqual([...dev.keys()], [...build.keys()]);
    for (const [name, directive] of dev) {
      if (name === 'connect-src') assert.equal(directive, 'connect-src ws://127.0.0.1:5173');
      else if (name === 'style-src') assert.equal(directive, "style-src 'self' 'nonce-abc123'");
      else assert.equal(directive, build.get(name), name);
    }
  });
});
