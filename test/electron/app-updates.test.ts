// The real Electron app checks for a new version and downloads it, with electron-updater,
// against a feed on loopback: a generic provider served by a tiny HTTP server here
// (`latest.yml` on Windows, `latest-linux.yml` on Linux, and the "installer" they name, with
// its sha512 and size), reached through a development update config written to a temporary
// folder. The unpackaged app reads that config only because PALENCA_UPDATE_CONFIG names it
// (electron/main/updates/update-policy.ts; a packaged app ignores the variable), and then
// sets electron-updater's forceDevUpdateConfig and updateConfigPath.
//
// It asserts that the feed served the channel file and the whole file, that the file landed
// in electron-updater's cache with the right checksum, that the window got the `ready` event
// and shows "Restart to update", and that Help → Check for Updates… says a version is ready.
// INSTALLING IS NOT TESTED HERE: quitAndInstall replaces the running app (the NSIS installer
// on Windows, the AppImage file on Linux, Squirrel on macOS) and is left to manual release
// testing of real installers. Nothing is installed: the test never chooses Restart to
// update, and the app never installs on quit (autoInstallOnAppQuit is off).
//
// Linux and Windows only. On Linux electron-updater picks its AppImage updater (no
// resources/package-type in an unpackaged Electron), which needs the APPIMAGE variable (the
// file an update would replace): the test points it at a stand-in file and checks it is left
// untouched. Its differential download needs a blockmap embedded in that file and, failing
// that, falls back to a full download, as NSIS's does when the feed has no .blockmap; so the
// feed serves only the full file. macOS updates need a signed app (Squirrel.Mac) and are left
// to release testing; there, only the development run's "cannot update itself" is checked.
//
// Skipped, with its reason, where no Electron binary is installed; the Electron workflow makes
// a missing binary a failure.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import en from '#common/i18n/en.json' with { type: 'json' };
import type { UpdateState } from '#common/update-state.ts';
import { shellStringsFor } from '../../electron/main/shell-strings.ts';
import { findElectronBinary } from './electron-binary.ts';

const electron = findElectronBinary();
const binarySkip = 'skip' in electron ? electron.skip : false;
const platformSkip =
  process.platform === 'linux' || process.platform === 'win32'
    ? false
    : 'updates are tested against a local feed on Linux and Windows; macOS updates need a signed app and are left to release testing';
const skip = binarySkip || platformSkip;

const NEW_VERSION = '99.0.0';
const PAYLOAD_NAME =
  process.platform === 'win32'
    ? `palenca-users-${NEW_VERSION}-win-x64.exe`
    : `palenca-users-${NEW_VERSION}-linux-x86_64.AppImage`;
const strings = shellStringsFor('en');

interface FeedRequest {
  path: string;
  range: string | undefined;
  status: number;
  bytes: number;
}

/**
 * The generic feed: any `latest*.yml` (latest.yml, latest-linux.yml, latest-linux-arm64.yml)
 * and the payload, which is held back until `release()` so the test can listen first.
 */
async function startFeed(payload: Buffer) {
  const sha512 = createHash('sha512').update(payload).digest('base64');
  const channelFile = [
    `version: ${NEW_VERSION}`,
    'files:',
    `  - url: ${PAYLOAD_NAME}`,
    `    sha512: ${sha512}`,
    `    size: ${payload.length}`,
    `path: ${PAYLOAD_NAME}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-01-01T00:00:00.000Z'`,
    '',
  ].join('\n');
  const requests: FeedRequest[] = [];
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://feed').pathname;
    const record = (status: number, bytes: number) =>
      requests.push({ path, range: req.headers.range, status, bytes });
    if (/^\/latest(-[a-z0-9-]+)?\.yml$/.test(path)) {
      record(200, channelFile.length);
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(channelFile);
    } else if (path === `/${PAYLOAD_NAME}` && req.headers.range) {
      // No ranges: a differential download falls back to the whole file.
      record(416, 0);
      res.writeHead(416).end();
    } else if (path === `/${PAYLOAD_NAME}`) {
      void released.then(() => {
        record(200, payload.length);
        res
          .writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-length': String(payload.length),
          })
          .end(payload);
      });
    } else {
      record(404, 0);
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sha512,
    requests,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Where electron-updater keeps downloads (its getAppCacheDir), for the app's environment. */
function updaterCacheRoot(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local');
  return env.XDG_CACHE_HOME || join(homedir(), '.cache');
}

/** Polls (every 100 ms, at most `ms`) until `read` gives something truthy. */
async function waitFor<T>(
  what: string,
  read: () => Promise<T | null | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Answers every native message box with `response`, recording its options. */
async function recordMessageBoxes(app: ElectronApplication, response: number): Promise<void> {
  await app.evaluate(({ dialog }, answer) => {
    const shown: Array<{ message: string; detail?: string; buttons?: string[] }> = [];
    (globalThis as { shownBoxes?: typeof shown }).shownBoxes = shown;
    dialog.showMessageBox = (async (...args: unknown[]) => {
      shown.push(args.at(-1) as (typeof shown)[number]);
      return { response: answer, checkboxChecked: false };
    }) as unknown as typeof dialog.showMessageBox;
  }, response);
}

const shownBoxes = (app: ElectronApplication) =>
  app.evaluate(
    () =>
      (globalThis as { shownBoxes?: Array<{ message: string; detail?: string }> }).shownBoxes ?? [],
  );

/** Clicks Help → Check for Updates… as the person would. */
async function clickCheckForUpdates(app: ElectronApplication, label: string): Promise<void> {
  const clicked = await app.evaluate(({ Menu }, itemLabel) => {
    const help = Menu.getApplicationMenu()?.items.find((item) => item.role === 'help');
    const item = help?.submenu?.items.find((i) => i.label === itemLabel);
    if (!item) return false;
    item.click();
    return true;
  }, label);
  assert.ok(clicked, `Help → ${label} is in the menu`);
}

describe('updates from a local feed, in the real Electron app', () => {
  let feed: Awaited<ReturnType<typeof startFeed>>;
  let app: ElectronApplication;
  let page: Page;
  let root: string;
  let appImage: string;
  let cacheDir: string;
  const payload = randomBytes(256 * 1024);

  before(async () => {
    if (skip) return;
    root = await mkdtemp(join(tmpdir(), 'palenca-users-updates-'));
    feed = await startFeed(payload);
    const cacheDirName = `palenca-users-updater-test-${randomUUID()}`;
    const config = join(root, 'dev-app-update.yml');
    await writeFile(
      config,
      `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: ${cacheDirName}\n`,
    );
    // The AppImage an update would replace: a stand-in that must stay as it is.
    appImage = join(root, 'Palenca Users-0.1.0.AppImage');
    await writeFile(appImage, 'the running AppImage');
    const env = {
      ...process.env,
      PALENCA_UPDATE_CONFIG: config,
      PALENCA_KEYCHAIN_SERVICE: `palenca-users-electron-test-${process.pid}-updates`,
      ...(process.platform === 'linux' ? { APPIMAGE: appImage } : {}),
    };
    cacheDir = join(updaterCacheRoot(env), cacheDirName);
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: ['.', `--user-data-dir=${join(root, 'user-data')}`],
      env,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    await feed?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('checks the feed, downloads the new version and tells the window it is ready', {
    skip,
  }, async () => {
    // Listen before the file is served, so the `ready` event itself is seen.
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { updateEvents: unknown[] }).updateEvents = seen;
      window.palenca.on('update', (state) => seen.push(state));
    });
    await waitFor('the channel file was asked for', async () =>
      feed.requests.some((r) => r.path.endsWith('.yml')),
    );
    feed.release();

    const events = await waitFor('the window got the ready event', async () => {
      const seen = await page.evaluate(
        () => (window as unknown as { updateEvents: UpdateState[] }).updateEvents,
      );
      return seen.some((s) => s.state === 'ready') ? seen : null;
    });
    assert.deepEqual(events.at(-1), { state: 'ready', version: NEW_VERSION });
    assert.deepEqual(await page.evaluate(() => window.palenca.getUpdateState()), {
      ok: true,
      value: { state: 'ready', version: NEW_VERSION },
    });

    // The feed served the channel file for this platform and the whole file.
    const channel = process.platform === 'win32' ? /^\/latest\.yml$/ : /^\/latest-linux.*\.yml$/;
    assert.ok(
      feed.requests.some((r) => channel.test(r.path) && r.status === 200),
      JSON.stringify(feed.requests),
    );
    assert.ok(
      feed.requests.some(
        (r) => r.path === `/${PAYLOAD_NAME}` && r.status === 200 && r.bytes === payload.length,
      ),
      JSON.stringify(feed.requests),
    );
    // …and it is in electron-updater's cache, whole.
    const downloaded = join(cacheDir, 'pending', PAYLOAD_NAME);
    assert.ok(existsSync(downloaded), `${downloaded} exists`);
    const digest = createHash('sha512')
      .update(await readFile(downloaded))
      .digest('base64');
    assert.equal(digest, feed.sha512);

    // The window offers the restart, without anyone clicking it here.
    await page
      .getByRole('button', { name: en.update_restart })
      .waitFor({ state: 'visible', timeout: 10_000 });
    await page.getByText(en.update_ready).waitFor({ timeout: 10_000 });
  });

  test('Help → Check for Updates… says the new version is ready and offers the restart', {
    skip,
  }, async () => {
    await recordMessageBoxes(app, 1); // "Later"
    await clickCheckForUpdates(app, strings.menuCheckUpdates);
    const boxes = await waitFor('the updates dialog', async () => {
      const shown = await shownBoxes(app);
      return shown.length > 0 ? shown : null;
    });
    assert.equal(boxes[0]?.message, strings.updatesReadyMessage);
    assert.ok(boxes[0]?.detail?.includes(`${strings.appName} ${NEW_VERSION}`), boxes[0]?.detail);
  });

  test('nothing was installed: on Linux the AppImage is as it was', { skip }, async () => {
    const log = await readFile(
      join(await app.evaluate(({ app: a }) => a.getPath('logs')), 'palenca-users.log'),
      'utf8',
    );
    assert.match(log, /updates: on \(development config /);
    assert.doesNotMatch(log, /installing .* and restarting/);
    if (process.platform === 'linux') {
      assert.equal(await readFile(appImage, 'utf8'), 'the running AppImage');
    }
  });
});

describe('a development run without a feed', () => {
  let app: ElectronApplication;
  let root: string;

  before(async () => {
    if (binarySkip) return;
    root = await mkdtemp(join(tmpdir(), 'palenca-users-no-updates-'));
    const env = { ...process.env };
    delete env.PALENCA_UPDATE_CONFIG;
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: ['.', `--user-data-dir=${join(root, 'user-data')}`],
      env: {
        ...env,
        PALENCA_KEYCHAIN_SERVICE: `palenca-users-electron-test-${process.pid}-no-updates`,
      },
    });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('Help → Check for Updates… says in plain words that this copy cannot update itself', {
    skip: binarySkip,
  }, async () => {
    await recordMessageBoxes(app, 0);
    await clickCheckForUpdates(app, strings.menuCheckUpdates);
    const boxes = await waitFor('the updates dialog', async () => {
      const shown = await shownBoxes(app);
      return shown.length > 0 ? shown : null;
    });
    assert.equal(boxes[0]?.message, strings.updatesOffMessage);
    const detail = boxes[0]?.detail ?? '';
    assert.ok(detail.includes(strings.updatesOffDevelopment), detail);
    assert.ok(detail.includes(strings.updatesOffAskIt), detail);
  });
});
