// `npm run dev` in an unpackaged app: with the variable naming the dev server's origin, the
// window loads the dev server's page, and that one origin, and nothing else (not another port,
// host, scheme, nor with credentials), counts as the app's page for navigation and for calls;
// the page's session reaches exactly that host and port past its proxy. The built main bundle
// under the stand-in Electron, with `app.isPackaged` false; dev-server-packaged.test.ts is
// the packaged side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_PARTITION, PAGE_PROXY } from '../../electron/main/security/page-network.ts';
import {
  APP_PAGE,
  DEV_ORIGIN,
  invoke,
  navigationAllowed,
  standIn,
  startWithDevServer,
} from './stand-in-loader.ts';

/** Near misses of the dev origin: each must be refused like any other page. */
const NOT_THE_DEV_SERVER = [
  'http://127.0.0.1:5174/',
  'http://127.0.0.1/',
  'http://localhost:5173/',
  'https://127.0.0.1:5173/',
  'ws://127.0.0.1:5173/',
  'http://user:pass@127.0.0.1:5173/',
  'http://127.0.0.1.evil.example:5173/',
  'https://evil.example/',
];
const started = startWithDevServer(false);

test('unpackaged with the variable, the window loads the dev server page', () => {
  assert.equal(started.window.webContents.loadedUrl, `${DEV_ORIGIN}/`);
});

test('navigation stays within the dev origin or the app; near misses are refused', () => {
  assert.equal(navigationAllowed(started.window, `${DEV_ORIGIN}/`), true);
  assert.equal(navigationAllowed(started.window, `${DEV_ORIGIN}/index.html?t=1#top`), true);
  assert.equal(navigationAllowed(started.window, APP_PAGE), true);
  for (const url of NOT_THE_DEV_SERVER)
    assert.equal(navigationAllowed(started.window, url), false, url);
});

test('a call from the dev origin is answered; one from a near miss is refused', async () => {
  const fromDev = await invoke(started.window, 'getAppInfo', undefined, `${DEV_ORIGIN}/`);
  assert.ok(fromDev.ok, JSON.stringify(fromDev));
  for (const url of NOT_THE_DEV_SERVER) {
    const answer = await invoke(started.window, 'getAppInfo', undefined, url);
    assert.equal(!answer.ok && answer.error.code, 'bad_input', url);
  }
});

test("the page's session reaches the dev server's host and port directly, and nothing else", () => {
  assert.deepEqual(standIn.sessions.get(PAGE_PARTITION)?.proxy, {
    ...PAGE_PROXY,
    proxyBypassRules: '<-loopback>,127.0.0.1:5173',
  });
});
