// A packaged app never takes the dev server's page (`npm run dev`), even with the variable
// that names it set: the window loads app://palenca, navigation to the dev origin is refused,
// a call from it is not answered, and the page's session reaches nothing past its proxy. The
// built main bundle under the stand-in Electron, with `app.isPackaged` true.
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

const started = startWithDevServer(true);

test('packaged, the window loads app://palenca, not the dev server', () => {
  assert.equal(started.window.webContents.loadedUrl, APP_PAGE);
});

test('packaged, navigation to the dev server is refused; the app page is allowed', () => {
  assert.equal(navigationAllowed(started.window, `${DEV_ORIGIN}/`), false);
  assert.equal(navigationAllowed(started.window, `${DEV_ORIGIN}/index.html`), false);
  assert.equal(navigationAllowed(started.window, APP_PAGE), true);
});

test('packaged, a call from the dev server page is refused; one from the app page is answered', async () => {
  const fromDev = await invoke(started.window, 'getAppInfo', undefined, `${DEV_ORIGIN}/`);
  assert.equal(!fromDev.ok && fromDev.error.code, 'bad_input');
  const fromApp = await invoke(started.window, 'getAppInfo', undefined, APP_PAGE);
  assert.ok(fromApp.ok, JSON.stringify(fromApp));
});

test("packaged, the page's session proxy lets nothing through, the dev server included", () => {
  assert.deepEqual(standIn.sessions.get(PAGE_PARTITION)?.proxy, { ...PAGE_PROXY });
});
