// Stand-in Electron smoke test: the BUILT main bundle (out/main/index.js) and preload
// (out/preload/index.cjs), loaded under Node with a recording stand-in for the `electron`
// module (electron-stand-in.ts), put in place by a module loader hook so the real package
// never loads. It checks the wiring that only exists in the Electron layer: what is set up
// before and after `ready`, the IPC handlers, the window's security options, the guards, the
// quit path and the crash path. It is NOT the real-Electron suite (test/electron/), which runs
// the real binary where one is installed; this one runs everywhere, in `npm test`.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import vm from 'node:vm';
import { CALL_NAMES, callChannel } from '#common/contract.ts';
import type { Result } from '#common/result.ts';
import { DEV_SERVER_URL_VAR } from '../../electron/main/security/dev-server.ts';
import { PAGE_PARTITION, PAGE_PROXY } from '../../electron/main/security/page-network.ts';
import { DEFAULT_FAKE_KEY, type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import type { BrowserWindow as StandInWindow } from './electron-stand-in.ts';
import {
  APP_PAGE,
  app,
  importMainBundle,
  invoke as invokeFrom,
  preloadBundle,
  projectDir,
  readyWindow,
  realElectronLoads,
  standIn,
  standInPaths,
  until,
} from './stand-in-loader.ts';

let fake: FakePalenca;
let root: string;
let window: StandInWindow;
let stateBeforeReady: {
  schemes: string[];
  handlers: number;
  windows: number;
  listened: string[];
};

/** Calls a contract call the way the preload does, from the app's own page. */
const invoke = <T = unknown>(name: string, args?: unknown, from = APP_PAGE): Promise<Result<T>> =>
  invokeFrom<T>(window, name as (typeof CALL_NAMES)[number], args, from);

before(async () => {
  fake = await startFakePalenca({ users: 3000, seed: 5 });
  root = await mkdtemp(join(tmpdir(), 'palenca-stand-in-'));
  await standInPaths(root);
  process.env.PALENCA_API_URL = fake.baseUrl;
  process.env.PALENCA_KEYCHAIN_SERVICE = `palenca-users-stand-in-${process.pid}`;
  // The app page itself here; dev-server-*.test.ts load the dev server's.
  delete process.env[DEV_SERVER_URL_VAR];
  await importMainBundle();
  stateBeforeReady = {
    schemes: standIn.privilegedSchemes.map((s) => s.scheme),
    handlers: standIn.ipcHandlers.size,
    windows: standIn.windows.length,
    listened: [...(app as unknown as { listened: string[] }).listened],
  };
  window = await readyWindow();
});

after(async () => {
  await invoke('removeKey', { environment: 'sandbox' }).catch(() => {});
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the built main bundle under a stand-in Electron', () => {
  test('nothing loaded the real electron package', () => {
    assert.deepEqual(realElectronLoads, []);
  });

  test('before ready: the app:// scheme is privileged, and nothing else is set up yet', () => {
    assert.deepEqual(stateBeforeReady.schemes, ['app']);
    const app = standIn.privilegedSchemes[0]?.privileges as Record<string, boolean>;
    assert.equal(app.standard, true);
    assert.equal(app.secure, true);
    assert.equal(stateBeforeReady.handlers, 0, 'no IPC handler before ready');
    assert.equal(stateBeforeReady.windows, 0, 'no window before ready');
    for (const event of ['web-contents-created', 'before-quit', 'second-instance']) {
      assert.ok(stateBeforeReady.listened.includes(event), `listens to ${event} from the start`);
    }
  });

  test('every contract call has exactly one handler, and nothing else is handled', () => {
    // A second handler for a channel would have thrown, with Electron's words.
    assert.deepEqual(
      [...standIn.ipcHandlers.keys()].sort(),
      CALL_NAMES.map((name) => callChannel(name)).sort(),
    );
  });

  test('the window is isolated, sandboxed, without Node, and uses the built preload', () => {
    assert.equal(standIn.windows.length, 1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, preloadBundle);
    assert.equal(
      prefs.session,
      standIn.sessions.get(PAGE_PARTITION)?.session,
      "the page's own session",
    );
    assert.ok(existsSync(preloadBundle), 'the preload it names is built');
    assert.equal(window.options.show, false, 'shown only once painted');
    assert.equal(window.webContents.loadedUrl, APP_PAGE);
  });

  test('on Linux the window has the packed icon, and the background is opaque', () => {
    if (process.platform === 'linux') {
      assert.equal(window.options.icon, join(projectDir, 'out', 'icon.png'));
      assert.ok(existsSync(window.options.icon as string), 'the icon is built');
    }
    assert.match(String(window.options.backgroundColor), /^#[0-9a-f]{6}$/i);
  });

  test('navigation, new windows, webviews and permissions are refused', async () => {
    const contents = window.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      assert.ok(contents.listenerCount(event) > 0, `${event} is guarded`);
    }
    let prevented = 0;
    contents.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://evil.example/');
    contents.emit('will-redirect', { preventDefault: () => prevented++ }, 'https://evil.example/');
    contents.emit('will-attach-webview', { preventDefault: () => prevented++ });
    assert.ok(prevented >= 3, `prevented ${prevented} of 3 (each guard may be installed twice)`);
    let allowed = 0;
    contents.emit('will-navigate', { preventDefault: () => allowed++ }, APP_PAGE);
    assert.equal(allowed, 0, 'the app page itself may load');
    assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), {
      action: 'deny',
    });
    // The page's session and the default one alike: media included, nothing is granted.
    for (const name of [PAGE_PARTITION, 'default']) {
      const target = standIn.sessions.get(name);
      assert.ok(target?.permissionRequestHandler && target.permissionCheckHandler, name);
      const granted: boolean[] = [];
      target.permissionRequestHandler(contents, 'media', (ok: boolean) => granted.push(ok));
      target.permissionRequestHandler(contents, 'geolocation', (ok: boolean) => granted.push(ok));
      assert.deepEqual(granted, [false, false], name);
      assert.equal(target.permissionCheckHandler(contents, 'media'), false, name);
      assert.equal(target.permissionCheckHandler(contents, 'notifications'), false, name);
    }
  });

  test('the page has no network: WebRTC without UDP, and a session whose proxy accepts nothing', () => {
    assert.equal(window.webContents.webRTCIPHandlingPolicy, 'disable_non_proxied_udp');
    const page = standIn.sessions.get(PAGE_PARTITION);
    assert.deepEqual(page?.proxy, {
      mode: 'fixed_servers',
      proxyRules: 'http://127.0.0.1:0',
      proxyBypassRules: '<-loopback>',
    });
    assert.deepEqual(page?.proxy, { ...PAGE_PROXY });
    // Main's requests to Palenca keep the system's proxy: the default session is not touched.
    assert.equal(standIn.sessions.get('default')?.proxy, null);
  });

  test('app:// serves the renderer with its CSP and nothing outside it', async () => {
    const handler = standIn.sessions.get(PAGE_PARTITION)?.protocolHandlers.get('app');
    assert.ok(handler, "app:// is handled in the page's session");
    const page = await handler(new Request(APP_PAGE));
    assert.equal(page.status, 200);
    assert.match(
      page.headers.get('content-security-policy') ?? '',
      /default-src 'none'|script-src/,
    );
    assert.match(await page.text(), /<div id="app"|<html/);
    const outside = await handler(new Request('app://palenca/../../package.json'));
    assert.equal(outside.status, 404);
    assert.equal(
      outside.headers.get('content-security-policy'),
      page.headers.get('content-security-policy'),
      'a 404 carries the CSP too',
    );
  });

  test('a call from the app page is answered; one from anywhere else is refused', async () => {
    const info = await invoke<{ version: string }>('getAppInfo');
    assert.ok(info.ok, JSON.stringify(info));
    assert.equal(info.value.version, '0.0.0-stand-in');
    const foreign = await invoke('getAppInfo', undefined, 'https://evil.example/');
    assert.equal(!foreign.ok && foreign.error.code, 'bad_input');
  });

  test('the menu is installed, without developer tools only when packaged', () => {
    assert.ok(standIn.menus.length >= 1, 'an application menu is set');
    const last = JSON.stringify(standIn.menus.at(-1));
    assert.match(last, /"role":"quit"/);
  });

  test('Help: the docs through the allow-list, and diagnostics on the clipboard without the key', async () => {
    type Item = { label?: string; role?: string; submenu?: Item[]; click?: () => void };
    const menu = standIn.menus.at(-1) as Item[];
    const all = menu.flatMap((m) => [m, ...(m.submenu ?? [])]);
    assert.ok(
      all.some((i) => i.role === 'zoomIn'),
      'zoom in the View menu',
    );
    const help = menu.find((m) => m.role === 'help')?.submenu ?? [];
    const item = (label: string) => {
      const found = help.find((i) => i.label === label);
      assert.ok(found?.click, `Help has ${label}`);
      return found.click;
    };
    // A call that fails (no key stored yet) is the last error the diagnostics name.
    const failed = await invoke('getUserAccounts', { environment: 'sandbox', userId: 'u1' });
    assert.equal(!failed.ok && failed.error.code, 'missing_key');
    item('Palenca Documentation')();
    await until('the docs are opened', () => standIn.opened.includes('https://docs.palenca.com/'));
    const boxes = standIn.messageBoxes.length;
    item('Copy Diagnostics')();
    await until('the diagnostics are copied and shown', () => standIn.messageBoxes.length > boxes);
    const text = standIn.clipboard.at(-1) ?? '';
    assert.match(text, /^Palenca Users 0\.0\.0-stand-in/);
    assert.match(text, /Environment: sandbox/);
    assert.match(text, /Last error code: missing_key/);
    assert.ok(!text.includes(DEFAULT_FAKE_KEY));
    assert.ok(standIn.messageBoxes.at(-1)?.message.includes('copied'));
  });

  test('the built preload, in a context whose require allows only electron, exposes exactly the contract', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: Array<[string, unknown]> = [];
    const listened: string[] = [];
    const rendererElectron = {
      contextBridge: {
        exposeInMainWorld(name: string, api: Record<string, unknown>) {
          assert.equal(name in exposed, false, `${name} exposed once`);
          exposed[name] = api;
        },
      },
      ipcRenderer: {
        invoke: async (channel: string, args: unknown) => {
          invoked.push([channel, args]);
          return { ok: true, value: null };
        },
        on: (channel: string) => listened.push(channel),
        removeListener: () => {},
      },
    };
    const required: string[] = [];
    const module = { exports: {} };
    const context = vm.createContext({
      module,
      exports: module.exports,
      require(id: string) {
        required.push(id);
        if (id === 'electron') return rendererElectron;
        throw new Error(`a sandboxed preload cannot require ${id}`);
      },
    });
    vm.runInContext(await readFile(preloadBundle, 'utf8'), context, { filename: preloadBundle });
    assert.deepEqual(required, ['electron']);
    assert.deepEqual(Object.keys(exposed), ['palenca']);
    const api = exposed.palenca as Record<string, (args?: unknown) => unknown>;
    assert.deepEqual(Object.keys(api).sort(), [...CALL_NAMES, 'on'].sort());
    await api.getSettings?.();
    await api.searchUsers?.({ environment: 'sandbox' });
    assert.deepEqual(invoked, [
      [callChannel('getSettings'), undefined],
      [callChannel('searchUsers'), { environment: 'sandbox' }],
    ]);
    const on = api.on as unknown as (event: string, listener: () => void) => unknown;
    assert.throws(() => on('no-such-event', () => {}), /Unknown event/);
  });

  test("the backend's requests go through Electron's net.fetch", async () => {
    const before = standIn.netFetches.length;
    const saved = await invoke('saveKey', { environment: 'sandbox', key: DEFAULT_FAKE_KEY });
    assert.ok(saved.ok, JSON.stringify(saved));
    const found = await invoke<{ users: unknown[] }>('searchUsers', {
      environment: 'sandbox',
      from: '2020-01-01',
      to: '2030-12-31',
      externalId: '',
      page: 1,
      perPage: 10,
    });
    assert.ok(found.ok, JSON.stringify(found));
    assert.equal(found.value.users.length, 10);
    const fetched = standIn.netFetches.slice(before);
    assert.ok(fetched.length >= 2, `net.fetch carried ${fetched.length} requests`);
    assert.ok(fetched.every((f) => f.url.startsWith(fake.baseUrl)));
    assert.ok(fetched.every((f) => f.bypassCustomProtocolHandlers === true));
  });

  test('replacing or removing the stored key asks once, in a native dialog; Cancel keeps it', async () => {
    const boxes = standIn.messageBoxes.length;
    standIn.messageBoxResponse = 1;
    try {
      const removed = await invoke('removeKey', { environment: 'sandbox' });
      assert.equal(!removed.ok && removed.error.code, 'cancelled');
      const replaced = await invoke('saveKey', {
        environment: 'sandbox',
        key: 'sk_test_someone_elses_key_5521',
        skipCheck: true,
      });
      assert.equal(!replaced.ok && replaced.error.code, 'cancelled');
    } finally {
      standIn.messageBoxResponse = 0;
    }
    const asked = standIn.messageBoxes.slice(boxes) as Array<
      { message: string; buttons: string[] } & Record<string, unknown>
    >;
    assert.equal(asked.length, 2, 'one question per change');
    assert.equal(asked[0]?.message, 'Remove the Sandbox key from this computer?');
    assert.deepEqual(asked[0]?.buttons, ['Remove key', 'Cancel']);
    assert.equal(asked[1]?.message, 'Replace the Sandbox key saved on this computer?');
    assert.deepEqual(asked[1]?.buttons, ['Replace key', 'Cancel']);
    for (const box of asked) {
      assert.equal(box.cancelId, 1, 'Escape is Cancel');
      assert.equal(box.defaultId, 1, 'Enter is Cancel');
    }
    const statuses = await invoke<Record<string, { last4: string | null }>>('getKeyStatuses');
    assert.ok(statuses.ok);
    assert.equal(statuses.value.sandbox?.last4, DEFAULT_FAKE_KEY.slice(-4), 'the key is kept');
  });

  test("Chromium's failures, as net.fetch reports them, reach the page as the app's codes", async () => {
    const search = {
      environment: 'sandbox',
      from: '2020-01-01',
      to: '2030-12-31',
      externalId: '',
      page: 1,
      perPage: 10,
    };
    // The shapes Electron's net.fetch rejects with (lib/common/api/net-client-request.ts).
    const shapes: Array<[string, string]> = [
      ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate_untrusted'],
      ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy_failed'],
      ["Attempted to redirect, but redirect policy was 'error'", 'redirected'],
    ];
    try {
      for (const [message, code] of shapes) {
        standIn.netFetchImpl = async () => {
          throw new Error(message);
        };
        const answer = await invoke('searchUsers', search);
        assert.equal(!answer.ok && answer.error.code, code, `${message} → ${code}`);
      }
    } finally {
      standIn.netFetchImpl = (input, init) => fetch(input, init);
    }
  });

  test('a window that keeps dying is reloaded a few times, then the app stops and offers the log', async () => {
    const reloadsBefore = window.webContents.reloads;
    const boxesBefore = standIn.messageBoxes.length;
    const gone = () =>
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    gone();
    gone();
    gone();
    assert.equal(window.webContents.reloads - reloadsBefore, 3, 'reloaded each of three times');
    standIn.messageBoxResponse = 0;
    const quitsBefore = standIn.quits;
    gone();
    assert.equal(window.webContents.reloads - reloadsBefore, 3, 'not reloaded a fourth time');
    await until('the person is told the window keeps failing', () =>
      standIn.messageBoxes
        .slice(boxesBefore)
        .some((box) => /several times in a row/.test(box.message)),
    );
    const box = standIn.messageBoxes
      .slice(boxesBefore)
      .find((b) => /several times/.test(b.message));
    assert.deepEqual(box?.buttons, ['Open log folder', 'Quit']);
    await until('the log folder is opened, then the app quits', () => standIn.quits > quitsBefore);
    assert.ok(standIn.opened.includes(standIn.paths.logs as string), standIn.opened.join(', '));
  });

  test('quitting mid-export waits until the export has removed its temporary file', async () => {
    const folder = join(root, 'exports');
    await mkdir(folder);
    standIn.savePath = join(folder, 'users.csv');
    fake.setLatency(40);
    try {
      const running = invoke<{ status: string }>('exportUsers', {
        environment: 'sandbox',
        filter: { from: '2020-01-01', to: '2030-12-31' },
      });
      await until('the export is writing its temporary file', async () => {
        return (await readdir(folder)).length > 0;
      });
      const quitsBefore = standIn.quits;
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      assert.equal(prevented, true, 'the first quit is held back');
      assert.equal(standIn.quits, quitsBefore, 'not quit yet');
      await until(
        'the app quits once the export has cleaned up',
        () => standIn.quits > quitsBefore,
      );
      assert.deepEqual(await readdir(folder), [], 'nothing half-written is left');
      const result = await running;
      assert.equal(!result.ok && result.error.code, 'cancelled');
    } finally {
      fake.setLatency(0);
    }
  });

  test('nothing went wrong along the way: no crash dialog, no exit', () => {
    const crashes = standIn.messageBoxes.filter((box) => /went wrong/i.test(box.message));
    assert.deepEqual(crashes, []);
    assert.deepEqual(standIn.exits, []);
  });
});
