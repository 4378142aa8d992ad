// Puts the recording stand-in (electron-stand-in.ts) in place of the `electron` module, with
// module loader hooks (electron-hooks.mjs), so the real package never loads; then loads the
// BUILT main bundle under it. Each test file runs in a process of its own, so each loads the
// bundle once, packaged or not as it chooses.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { type CALL_NAMES, callChannel } from '#common/contract.ts';
import type { Result } from '#common/result.ts';
import { DEV_SERVER_URL_VAR } from '../../electron/main/security/dev-server.ts';
import type { BrowserWindow as StandInWindow } from './electron-stand-in.ts';

export const projectDir = resolve(import.meta.dirname, '..', '..');
export const mainBundle = join(projectDir, 'out', 'main', 'index.js');
export const preloadBundle = join(projectDir, 'out', 'preload', 'index.cjs');
export const APP_PAGE = 'app://palenca/index.html';

/** Every attempt to load a file of the real electron package, as the hooks report it. */
export const realElectronLoads: string[] = [];
const hookReports = new MessageChannel();
hookReports.port1.on('message', (url: string) => realElectronLoads.push(url));
hookReports.port1.unref();
register('./electron-hooks.mjs', import.meta.url, {
  data: {
    standInUrl: pathToFileURL(join(import.meta.dirname, 'electron-stand-in.ts')).href,
    port: hookReports.port2,
  },
  transferList: [hookReports.port2],
});
// Imported after the hooks are in place, so the bundle and the tests share one instance.
export const { standIn, app } = await import('./electron-stand-in.ts');

/** Waits for `check` to hold, polling; fails naming `what` if it never does. */
export async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Gives the stand-in app its folders (userData, logs…) inside `root`. */
export async function standInPaths(root: string): Promise<void> {
  for (const name of ['userData', 'logs', 'downloads', 'documents', 'temp']) {
    standIn.paths[name] = join(root, name);
    await mkdir(standIn.paths[name], { recursive: true });
  }
}

/** Imports the built main bundle (top-level code only: the app is not ready yet). */
export async function importMainBundle(): Promise<void> {
  assert.ok(existsSync(mainBundle), 'out/ is missing: run `npm run build` first (npm test does)');
  await import(pathToFileURL(mainBundle).href);
}

/** Makes the app ready and waits for its window to load a page; returns that window. */
export async function readyWindow(): Promise<StandInWindow> {
  standIn.emitReady();
  await until('the main window is created and loads the app', () =>
    Boolean(standIn.windows[0]?.webContents.loadedUrl),
  );
  return standIn.windows[0] as StandInWindow;
}

/**
 * For a test file that needs only the started app: hooks that, before its tests, run `prepare`
 * (the environment, `app.isPackaged`), load the bundle in folders of a temporary root and make
 * the app ready; the root is removed after. The window is in `started.window` once ready.
 */
export function startMainBundle(prepare: () => void): { window: StandInWindow } {
  const started = {} as { window: StandInWindow };
  let root: string | undefined;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'palenca-stand-in-'));
    await standInPaths(root);
    prepare();
    await importMainBundle();
    started.window = await readyWindow();
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return started;
}

/** The origin `npm run dev` would name in PALENCA_DEV_SERVER_URL. */
export const DEV_ORIGIN = 'http://127.0.0.1:5173';

/** startMainBundle with PALENCA_DEV_SERVER_URL set to DEV_ORIGIN, packaged or not. */
export const startWithDevServer = (isPackaged: boolean) =>
  startMainBundle(() => {
    (app as unknown as { isPackaged: boolean }).isPackaged = isPackaged;
    process.env[DEV_SERVER_URL_VAR] = DEV_ORIGIN;
  });

/** Calls a contract call the way the preload does, from a top frame showing `from`. */
export function invoke<T = unknown>(
  window: StandInWindow,
  name: (typeof CALL_NAMES)[number],
  args: unknown,
  from: string,
): Promise<Result<T>> {
  const handler = standIn.ipcHandlers.get(callChannel(name));
  assert.ok(handler, `a handler for ${name}`);
  const event = { sender: window.webContents, senderFrame: { parent: null, url: from } };
  return Promise.resolve(handler(event, args)) as Promise<Result<T>>;
}

/** Whether the window's guards let it navigate to `url` (every guard, each time). */
export function navigationAllowed(window: StandInWindow, url: string): boolean {
  let prevented = false;
  const event = { url, preventDefault: () => (prevented = true) };
  window.webContents.emit('will-navigate', event, url);
  window.webContents.emit('will-frame-navigate', event);
  window.webContents.emit('will-redirect', event, url);
  return !prevented;
}
